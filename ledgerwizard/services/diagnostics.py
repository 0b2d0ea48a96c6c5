"""Diagnostics: ``doctor`` (a support report of one profile: keyring, settings, export folder, connections,
journal, autostart, clock) and the frozen program's ``--selftest`` (what a build needs: keyring backend, Qt's
platform plugin, translations, TLS, resources). Each check is data: name, OK or not, and a detail that says
what to do. Never a secret in either.
"""

from __future__ import annotations

import datetime as dt
import platform
from dataclasses import dataclass
from typing import Callable, Sequence

from ..core.display import printable
from ..core.errors import LedgerWizardError, UsageError
from ..core.i18n import Text, current_language


@dataclass
class Check:
    name: str
    ok: bool
    detail: str

    def to_dict(self) -> dict:
        return {"check": self.name, "ok": self.ok, "detail": self.detail}


def run_check(name: str, fn: Callable[[], object], lang: str | None = None) -> Check:
    try:
        return Check(name, True, str(fn()))
    except LedgerWizardError as e:  # ours say what happened and what to do: whole, in the chosen language
        return Check(name, False, e.render(lang or current_language()))
    except Exception as e:  # noqa: BLE001 - a report, not a crash
        return Check(name, False, printable(f"{type(e).__name__}: {e}", limit=1000))


def selftest(gui_checks: Sequence[tuple[str, Callable[[], object]]] = ()) -> list[Check]:
    """For the frozen app: keyring backend, the GUI's own parts (``gui_checks``: Qt's platform plugin and the
    translations, from ``ui.selftest``), TLS certificates, resources."""

    def keyring_backend():
        from ..adapters.secrets import SecretStore

        return SecretStore().check()  # raises when only the fail/null/plaintext backends are there

    def tls():
        import ssl

        from ..connectors.http import ssl_context

        ctx = ssl_context()
        default = ssl.create_default_context()
        return f"{type(ctx).__name__}, {default.cert_store_stats().get('x509_ca', 0)} CA certificates in the default store"

    def resources():
        from ..adapters.settings import Settings, validate
        from ..core.codes import predefined
        from ..paths import example_file, resources_dir

        assert predefined("12") and example_file().is_file() and (resources_dir() / "settings.schema.json").is_file()
        validate(Settings().to_dict())  # the settings' schema is bundled and jsonschema works
        return str(resources_dir())

    return [run_check(name, fn) for name, fn in (("keyring", keyring_backend), *gui_checks, ("tls", tls),
                                                  ("resources", resources))]


def doctor(ws, offline: bool = False, connector_factory: Callable | None = None) -> list[Check]:
    """A support report of one profile: every check with OK/problem and what to do."""
    from .. import __version__
    from ..adapters import osintegration
    from .days import Days

    checks = [run_check("version", lambda: f"ledgerwizard {__version__}, Python {platform.python_version()}, "
                                           f"{platform.platform()}"),
              run_check("keyring", lambda: ws.secrets.check()),
              run_check("settings", lambda: f"{ws.profile.settings_path} ({len(ws.settings.stores)} stores, "
                                            f"{len(ws.settings.companies)} companies)")]

    def export_folder() -> str:
        days, results = Days(ws).store_days()
        problems = [p for r in results for p in r.problems if not p.waiting]
        if problems:
            names = "; ".join(printable(p.path) for p in problems[:3])
            raise UsageError(Text(f"{len(problems)} filer kan ikke leses: {names}",
                                  f"{len(problems)} files cannot be read: {names}"))
        latest: dict[str, dt.date] = {}
        for sd in days:
            latest[sd.store.id] = max(latest.get(sd.store.id, sd.summary.business_day), sd.summary.business_day)
        return ", ".join(f"{k}: {v}" for k, v in sorted(latest.items())) or "no closed days"

    checks.append(run_check("export folder", export_folder))
    if not offline:
        from ..connectors import open_connector

        factory = connector_factory or (lambda comp: open_connector(comp, ws.secrets))
        for comp in ws.settings.companies:
            def verify(comp=comp):
                with factory(comp) as con:
                    return f"{comp.system} {comp.environment}: {con.verify().company_name or 'OK'}"
            checks.append(run_check(f"connection {comp.id}", verify))
        for st in ws.settings.stores:  # a store with a key of its own: that key too
            if st.key_slot is not None:
                def verify_store(comp=ws.settings.store_company(st)):
                    with factory(comp) as con:
                        return f"{comp.system} {comp.environment}, slot {comp.options['app_slot']}: " \
                               f"{con.verify().company_name or 'OK'}"
                checks.append(run_check(f"connection {st.company} store {st.id}", verify_store))

    def journal():
        rows = ws.journal.rows()
        failed = [r for r in rows if r.state == "failed"]
        if failed:
            raise UsageError(Text(f"{len(failed)} overføringer har feilet, siste: {failed[-1].last_error_code}",
                                  f"{len(failed)} transfers failed, latest: {failed[-1].last_error_code}"))
        notice = ws.journal_notice()
        return f"{len(rows)} transfers, {sum(r.state == 'sent' for r in rows)} sent" + \
            (f"; {notice.get()}" if notice else "")

    checks.append(run_check("journal", journal))
    checks.append(run_check("autostart", lambda: "on" if osintegration.autostart_enabled() else "off"))

    def clock():
        from zoneinfo import ZoneInfo

        return (f"{dt.datetime.now().astimezone().isoformat(timespec='seconds')} (time zone "
                f"{dt.datetime.now().astimezone().tzname()}, Europe/Oslo offset {dt.datetime.now(ZoneInfo('Europe/Oslo')).utcoffset()})")

    checks.append(run_check("clock", clock))
    return checks


__all__ = ["Check", "run_check", "selftest", "doctor"]
