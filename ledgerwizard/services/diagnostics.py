"""Diagnostics: ``doctor`` (a support report of one profile: keyring, settings, export folder, connections,
invoicing of credit sales, journal, autostart, clock) and the frozen program's ``--selftest`` (what a build needs: keyring backend, Qt's
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


UNCLAIMED_DAYS = 60  # how far back doctor looks for sales no store takes


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

    read: list = []

    def store_days():  # one read of the export folder for both of its checks
        if not read:
            read.append(Days(ws).store_days())
        return read[0]

    def export_folder() -> str:
        days, results = store_days()
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

    def unclaimed() -> str:
        from ..core.schedule import OSLO
        from .status import unclaimed_sales

        _days, results = store_days()
        today = ws.now().astimezone(OSLO).date()
        found = unclaimed_sales(ws.settings.stores, results, today - dt.timedelta(days=UNCLAIMED_DAYS), today)
        if found:
            raise UsageError(Text(" ".join(t.nb for t in found), " ".join(t.en for t in found)))
        return f"every register with sales in the last {UNCLAIMED_DAYS} days belongs to a store"

    checks.append(run_check("registers in the setup", unclaimed))
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
    from .orders import invoicing_for

    ledger: Callable | None = None if offline else (connector_factory or (lambda c: open_connector_for(ws, c)))
    for comp in ws.settings.companies:
        if invoicing_for(comp).enabled:
            def invoicing(comp=comp) -> str:
                return invoicing_check(ws, comp, ledger)
            checks.append(run_check(f"invoicing {comp.id}", invoicing))
    checks.append(run_check("autostart", lambda: "on" if osintegration.autostart_enabled() else "off"))

    def clock():
        from zoneinfo import ZoneInfo

        return (f"{dt.datetime.now().astimezone().isoformat(timespec='seconds')} (time zone "
                f"{dt.datetime.now().astimezone().tzname()}, Europe/Oslo offset {dt.datetime.now(ZoneInfo('Europe/Oslo')).utcoffset()})")

    checks.append(run_check("clock", clock))
    return checks


def open_connector_for(ws, company):
    from ..connectors import open_connector

    return open_connector(company, ws.secrets)


def invoicing_check(ws, company, connector_factory: Callable | None = None) -> str:
    """A company that invoices its credit sales: every POS customer on a credit sale since invoicing began is
    linked, every such sale can be made into an order (accounts and VAT codes mapped), no order waits in the
    journal (held, or failed), and, with ``connector_factory``, the linked customers are active in the ledger and
    the orders' revenue accounts are in its chart. Raises ``UsageError`` naming each problem and what to do."""
    from ..connectors import registry
    from ..core.orders import CustomerLink, build_order, customer_label, invoiceable, order_hold
    from .days import Days
    from .orders import invoicing_for, order_rows

    inv = invoicing_for(company)
    system = registry.name(company.system)
    stores = {s.id: s for s in ws.settings.stores if s.company == company.id}
    problems: list[Text] = []
    unlinked: dict[str, str] = {}
    other_holds: list[Text] = []
    accounts: set[str] = set()
    unmapped: list[Text] = []
    sales = 0
    store_days, _ = Days(ws).store_days()
    for sd in store_days:
        st = stores.get(sd.store.id)
        if st is None or not inv.active(sd.summary.business_day):
            continue
        for sale in sd.summary.credit_sales:
            if not invoiceable(sale):
                continue
            sales += 1
            hold = order_hold(sale, sd.summary.master, inv, system)
            if hold is not None and sale.customer_id and inv.link(sale.customer_id) is None:
                unlinked[sale.customer_id] = customer_label(sale)
                continue
            if hold is not None:
                other_holds.append(hold.message)
                continue
            link = inv.link(sale.customer_id) or CustomerLink(sale.customer_id, "", "", "")
            try:
                order = build_order(sale, st.mapping, sd.summary.master, link=link, store=st.id, store_name=st.name,
                                    department=st.department, company=company.org_nr or company.id)
            except LedgerWizardError as e:  # its details name both languages; without them: its message, in each
                unmapped += [Text(printable(d), printable(d)) for d in e.details] or [e.message]
                continue
            accounts |= {ln.account for ln in order.lines}
    if unlinked:
        names = ", ".join(printable(n) for n in sorted(unlinked.values()))
        problems.append(Text(f"{len(unlinked)} kunde(r) med kredittsalg er ikke koblet til en kunde i {system}: {names}. "
                             f"Koble dem under Innstillinger → Fakturering; salgene deres holdes til da.",
                             f"{len(unlinked)} customer(s) with credit sales are not linked to a customer in {system}: "
                             f"{names}. Link them under Settings → Invoicing; their sales are held until then."))
    if unmapped:
        nb = "; ".join(sorted({t.nb for t in unmapped})[:5])
        en = "; ".join(sorted({t.en for t in unmapped})[:5])
        problems.append(Text(f"Kredittsalg som ikke kan bli ordre (mangler konto eller mva-kode): "
                             f"{nb}. Rett kontoene under Innstillinger → Kontoer.",
                             f"Credit sales that cannot become orders (no account or VAT code): "
                             f"{en}. Fix the accounts under Settings → Accounts."))
    problems += other_holds[:3]
    rows = [r for r in order_rows(ws.journal) if r.store in stores]
    waiting = [r for r in rows if r.state in ("held", "failed")]
    if waiting:
        problems.append(Text(f"{len(waiting)} ordre venter i overføringsloggen (holdt eller feilet): se "
                             f"«ledgerwizard status» eller statusvinduet for hva som må gjøres.",
                             f"{len(waiting)} order(s) wait in the transfer journal (held or failed): see "
                             f"'ledgerwizard status' or the status window for what to do."))
    checked = ""
    if connector_factory is not None:
        with connector_factory(company) as con:
            ledger = {c.id: c for c in con.customers()}
            for link in inv.links.values():
                cur = ledger.get(link.ledger_id)
                who = printable(f"{link.number} {link.name}".strip() or link.ledger_id)
                if cur is None or not cur.active:
                    state = Text("finnes ikke lenger", "is no longer there") if cur is None else \
                        Text("er inaktiv", "is inactive")
                    problems.append(Text(f"Kunden {who} (koblet til {link.pos_id}) {state.nb} i {system}: koble en "
                                         f"annen under Innstillinger → Fakturering.",
                                         f"Customer {who} (linked to {link.pos_id}) {state.en} in {system}: link "
                                         f"another under Settings → Invoicing."))
            chart = con.chart()
            missing = sorted(a for a in accounts if chart.account(a) is None)
            if missing:
                problems.append(Text(f"Inntektskontoene {', '.join(missing)} som ordrene bruker, finnes ikke i "
                                     f"kontoplanen i {system}: velg andre under Innstillinger → Kontoer.",
                                     f"The revenue accounts {', '.join(missing)} the orders use are not in the chart "
                                     f"of accounts in {system}: choose others under Settings → Accounts."))
        checked = f"; {len(inv.links)} linked customers active, {len(accounts)} revenue accounts in the chart"
    if problems:
        raise UsageError(Text(" ".join(p.nb for p in problems), " ".join(p.en for p in problems)))
    start = f" from {inv.start}" if inv.start else ""
    return (f"on{start}: {sales} credit sales in the exports, {len(inv.links)} customers linked, "
            f"{sum(r.state == 'sent' for r in rows)} orders sent" + checked)


__all__ = ["Check", "run_check", "selftest", "doctor", "invoicing_check"]
