"""``ledgerwizard`` command line: scriptable, for support and installers.

Exit codes: 0 ok; 2 a user error (bad file, bad settings, bad arguments: one clear message, no traceback);
3 the data need attention (reconciliation differences, unmapped accounts); 70 an unexpected internal error
(details written to the log folder).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import traceback
from pathlib import Path

from . import __version__
from .adapters.osintegration import has_display
from .core.errors import LedgerWizardError, UsageError
from .core.i18n import Text, current_language, use_language

EXIT_OK, EXIT_USER, EXIT_ATTENTION, EXIT_INTERNAL = 0, 2, 3, 70


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's own errors: same exit code and style as ours
        raise UsageError(Text(f"Ugyldig kommando: {message}", f"Invalid command: {message}"),
                         Text("Se «ledgerwizard --help».", "See 'ledgerwizard --help'."))


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="ledgerwizard", description="POS sales (SAF-T Cash Register) to one daily voucher per store.")
    p.add_argument("--version", action="version", version=f"ledgerwizard {__version__}")
    p.add_argument("--profile", help="profile folder (settings, journal, logs); default: the user's config "
                                     "folder, or $LEDGERWIZARD_PROFILE")
    p.add_argument("--lang", choices=("nb", "en"), help="language of messages (default: nb, or $LEDGERWIZARD_LANG)")
    sub = p.add_subparsers(dest="cmd", required=True, parser_class=_Parser)

    s = sub.add_parser("summary", help="every store and business day in a file or folder, reconciled with its Z")
    s.add_argument("source", help="SAF-T Cash Register file or export folder")
    s.add_argument("--json", action="store_true")
    s.add_argument("--cutoff", default="05:00", help="business-day cut-off HH:MM (default 05:00)")

    i = sub.add_parser("init", help="set up a profile from an export folder with suggested mappings (headless)")
    i.add_argument("source")
    i.add_argument("--system", default="poweroffice", choices=("poweroffice", "tripletex", "xledger", "duett"))
    i.add_argument("--environment", default="demo", choices=("production", "demo"))
    i.add_argument("--force", action="store_true", help="replace an existing setup")

    v = sub.add_parser("preview", help="the voucher that would be sent for a day, with the saved settings")
    v.add_argument("--day", required=True, help="business day YYYY-MM-DD")
    v.add_argument("--store", help="store id (default: every store)")
    v.add_argument("--json", action="store_true")

    st = sub.add_parser("status", help="the transfer journal")
    st.add_argument("--store")
    st.add_argument("--json", action="store_true")

    sd = sub.add_parser("send", help="post vouchers with the saved settings (the journal decides what is due)")
    sd.add_argument("--day", help="one business day YYYY-MM-DD")
    sd.add_argument("--from", dest="first", help="first business day of a range")
    sd.add_argument("--to", dest="last", help="last business day of a range (default: the latest closed day)")
    sd.add_argument("--store")
    sd.add_argument("--dry-run", action="store_true", help="build and check against the ledger, post nothing")
    sd.add_argument("--json", action="store_true")

    k = sub.add_parser("key", help="store a ledger company's client key in the OS keyring (read from the terminal), "
                                   "or delete keys from it")
    kw = k.add_mutually_exclusive_group(required=True)
    kw.add_argument("--company", help="company id from the settings (e.g. c1)")
    kw.add_argument("--all", action="store_true", help="every key of this profile (with --forget)")
    k.add_argument("--forget", action="store_true", help="delete the key(s) from the OS keyring instead")

    sb = sub.add_parser("sandbox", help="run a local emulator of an accounting system")
    sb.add_argument("system", choices=("poweroffice", "tripletex", "xledger", "duett"))
    sb.add_argument("--port", type=int, default=0)
    sb.add_argument("--configure", action="store_true",
                    help="point this profile's companies of that system at the sandbox and store its keys")

    d = sub.add_parser("demo", help="the setup wizard on sample data against the sandbox ledger (no account needed)")
    d.add_argument("--days", type=int, default=7, help="days of sample sales (default 7)")
    d.add_argument("--text", action="store_true", help="a guided run in the terminal instead of the wizard")

    sub.add_parser("setup", help="open the setup wizard (with the current settings)")
    dc = sub.add_parser("doctor", help="check keyring, settings, export folder, connections and clock (no secrets)")
    dc.add_argument("--offline", action="store_true", help="do not contact the accounting systems")
    dc.add_argument("--json", action="store_true")
    tr = sub.add_parser("tray", help="run in the notification area: the daily scheduler and Send now")
    tr.add_argument("--send-now", action="store_true", help="send now (in the running instance, if there is one)")
    tr.add_argument("--settings", action="store_true", help="open the settings (in the running instance, if there is one)")
    tr.add_argument("--quit", action="store_true", help="stop the running instance (the installer, before an upgrade)")

    r = sub.add_parser("run", help="one transfer run as the tray starts it (the schedule's due days, or Send now); "
                                   "writes a JSON report")
    r.add_argument("--report", required=True, help="where to write the run's JSON report")
    what = r.add_mutually_exclusive_group()
    what.add_argument("--latest", action="store_true", help="Send now: each store's latest closed day")
    what.add_argument("--from", dest="first", help="Send now: first business day YYYY-MM-DD of a range")
    r.add_argument("--to", dest="last", help="Send now: last business day of the range (default: the first)")
    r.add_argument("--stores", help="Send now: comma-separated store ids (default: every enabled store)")
    r.add_argument("--now", help="the scheduler's 'now' (ISO 8601 with offset; default: the clock)")
    r.add_argument("--paused", action="store_true", help="automatic sending is paused (decisions only)")
    r.add_argument("--confirmed", action="store_true", help="the user agreed to catch up many missed days")
    r.add_argument("--source", default="timer", choices=("timer", "start-up", "resume", "catch-up", "send-now"))
    r.add_argument("--keys-stdin", action="store_true", help=argparse.SUPPRESS)  # the demo's in-memory keys

    se = sub.add_parser("settings", help="where the settings are; restore the backup")
    se.add_argument("--restore-backup", action="store_true")
    return p


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = None
    if "--lang" in argv and argv.index("--lang") + 1 < len(argv):
        lang = argv[argv.index("--lang") + 1]
    with use_language(lang if lang in ("nb", "en") else None):
        return _main(argv)


def _main(argv: list[str]) -> int:
    if "--tray" in argv:  # the autostart entry of the frozen app
        argv = [a for a in argv if a != "--tray"] + ["tray"]
    if "--selftest" in argv:
        return selftest()
    try:
        return _run(_parser().parse_args(argv))
    except LedgerWizardError as e:
        print(e.render(current_language()), file=sys.stderr)
        return EXIT_USER
    except KeyboardInterrupt:
        return 130
    except Exception as e:  # noqa: BLE001
        return report_crash(argv, e)


def report_crash(argv: list[str], e: BaseException) -> int:
    """An internal error (call it in the ``except``): one line for the user, the traceback to a file for support."""
    path = _crash_report(argv)
    print(Text(f"Uventet feil ({type(e).__name__}). Detaljer: {path}",
               f"Unexpected error ({type(e).__name__}). Details: {path}").get(), file=sys.stderr)
    return EXIT_INTERNAL


def _crash_report(argv: list[str]) -> Path:
    from .adapters.settings import Profile

    prof = None
    if "--profile" in argv:
        i = argv.index("--profile")
        prof = argv[i + 1] if i + 1 < len(argv) else None
    d = Profile.resolve(prof).log_dir
    d.mkdir(parents=True, exist_ok=True)
    path = d / f"crash-{dt.datetime.now():%Y%m%d-%H%M%S}.log"
    path.write_text(traceback.format_exc(), encoding="utf-8")
    return path


def _workspace(args):
    from .adapters.settings import Profile
    from .service import Workspace

    return Workspace(Profile.resolve(args.profile))


def _run(args) -> int:
    return {"summary": cmd_summary, "init": cmd_init, "preview": cmd_preview, "status": cmd_status,
            "settings": cmd_settings, "demo": cmd_demo, "send": cmd_send, "key": cmd_key, "setup": cmd_setup,
            "tray": cmd_tray, "doctor": cmd_doctor, "run": cmd_run,
            "sandbox": cmd_sandbox}[args.cmd](args)


# --- summary ---------------------------------------------------------------------------------------------------

def cmd_summary(args) -> int:
    from .core.saft.reader import ReadOptions
    from .core.saft.source import ExportSource
    from .service import parse_cutoff

    src = ExportSource([args.source], ReadOptions(cutoff=parse_cutoff(args.cutoff)), settle_seconds=0)
    res = src.scan()
    hard = [p for p in res.problems if not p.waiting]
    if not res.files and res.problems:
        raise res.problems[0].error
    days = res.summaries()
    lang = current_language()
    if args.json:
        doc = {"days": [d.to_dict() for d in days],
               "open": [{"store": w.location or w.register_id, "register": w.register_id,
                         "business_day": w.business_day.isoformat(), "transactions": w.n_trans}
                        for w in res.open_windows],
               "problems": [{"path": p.path, "waiting": p.waiting, **p.error.to_dict()} for p in res.problems],
               "warnings": res.warnings}
        print(json.dumps(doc, indent=2, ensure_ascii=False))
    else:
        for d in days:
            print(_summary_text(d, lang))
        for w in res.open_windows:
            print(Text(f"Åpen (ikke avsluttet med Z): {w.location} kasse {w.register_id} {w.business_day}, "
                       f"{w.n_trans} transaksjoner – sendes ikke før Z-rapporten finnes.",
                       f"Open (no Z yet): {w.location} register {w.register_id} {w.business_day}, {w.n_trans} "
                       f"transactions – not sent until the Z report exists.").get(lang))
        for wtxt in res.warnings:
            print(f"! {wtxt}")
        for p in res.problems:
            print(("… " if p.waiting else "✗ ") + p.render(lang), file=sys.stderr)
    if hard:
        return EXIT_USER
    return EXIT_OK if all(d.reconciliation.ok for d in days) else EXIT_ATTENTION


def _summary_text(d, lang: str) -> str:
    from .core.money import fmt, fmt_nb

    en = lang == "en"
    a = d.combined
    m = d.master
    zs = ", ".join(f"Z{z.report_id} ({z.register_id})" for z in d.zreports) or ("no Z report" if en else "ingen Z-rapport")
    n = fmt if en else fmt_nb
    out = [f"{d.store} — {d.business_day.isoformat()} — {zs}"]
    out.append(f"  {'Total sales' if en else 'Totalsalg':<28}{n(a.total_in):>14}")
    for t, v in sorted(a.payments.items()):
        label = f"{t} {m.desc(t)}" if t != "__credit__" else ("Credit (receivable)" if en else "Kreditt (kundefordring)")
        out.append(f"    {label[:26]:<26}{n(v):>14}")
    for k, (b, v) in sorted(a.vat.items()):
        std = m.standard_vat(k.code) or "?"
        out.append(f"  {'VAT' if en else 'MVA'} {k.label()} SAF-T {std:<4} {'base' if en else 'grunnlag'} {n(b):>12}  "
                   f"{'VAT' if en else 'mva'} {n(v):>10}")
    out.append(f"  {'Rounding' if en else 'Øreavrunding'} {n(a.rounding)}   Tips {n(a.tips)}   "
               f"{'Returns' if en else 'Returer'} {a.returns_num} / {n(a.returns_amt)}")
    rec = d.reconciliation
    if rec.ok:
        out.append(f"  {'Reconciliation: OK' if en else 'Avstemming: OK'} ({rec.n_checks} "
                   f"{'checks' if en else 'kontroller'})")
    else:
        out.append(f"  {'Reconciliation: DIFFERENCES' if en else 'Avstemming: AVVIK'}")
        for c in rec.differences:
            out.append(f"    - {c.describe().get(lang)}")
    for wn in rec.warnings:
        out.append(f"  ! {wn.get(lang)}")
    return "\n".join(out)


# --- init / preview / status / settings --------------------------------------------------------------------------

def cmd_init(args) -> int:
    from .service import init_profile

    ws = _workspace(args)
    s = init_profile(ws, args.source, system=args.system, environment=args.environment, force=args.force)
    lang = current_language()
    print(Text(f"Profil satt opp i {ws.profile.config_dir}", f"Profile set up in {ws.profile.config_dir}").get(lang))
    for st in s.stores:
        print(f"  {st.id}: {st.name} ({'avdeling' if lang == 'nb' else 'department'} {st.department})")
    print(Text("Kontoene er forslag fra NS 4102. Kontroller dem i veiviseren før første overføring.",
               "Accounts are NS 4102 suggestions. Check them in the wizard before the first transfer.").get(lang))
    return EXIT_OK


def cmd_preview(args) -> int:
    from .service import parse_day

    ws = _workspace(args)
    day = parse_day(args.day)
    settings = ws.require_configured()
    stores = [settings.store(args.store)] if args.store else [s for s in settings.stores if s.enabled]
    lang = current_language()
    docs, status = [], EXIT_OK
    for st in stores:
        try:
            sd = ws.day(st.id, day)
            v = ws.voucher(sd)
        except LedgerWizardError as e:
            if not args.json:
                print(e.render(lang), file=sys.stderr)
            docs.append({"store": st.id, "error": e.to_dict()})
            status = EXIT_ATTENTION
            continue
        docs.append({"store": st.id, "voucher": v.to_dict(),
                     "reconciliation": sd.summary.to_dict()["reconciliation"]})
        if not args.json:
            print(_voucher_text(v, sd.summary, lang))
    if args.json:
        print(json.dumps({"business_day": day.isoformat(), "stores": docs}, indent=2, ensure_ascii=False))
    return status


def _voucher_text(v, summary, lang: str) -> str:
    from .core.money import fmt, fmt_nb

    en = lang == "en"
    n = fmt if en else fmt_nb
    out = [v.description, f"  {'External reference' if en else 'Ekstern referanse'}: {v.external_ref}",
           f"  {'Account':<8}{'Text':<34}{'VAT':>5}{'Dept':>6}{'Debit':>13}{'Credit':>13}" if en else
           f"  {'Konto':<8}{'Tekst':<34}{'Mva':>5}{'Avd.':>6}{'Debet':>13}{'Kredit':>13}"]
    for ln in v.lines:
        out.append(f"  {ln.account:<8}{ln.text[:33]:<34}{ln.vat_code:>5}{ln.department:>6}"
                   f"{n(ln.debit) if ln.debit else '':>13}{n(ln.credit) if ln.credit else '':>13}")
    out.append(f"  {'Sum':<53}{n(v.total_debit):>13}{n(v.total_credit):>13}")
    rec = summary.reconciliation
    out.append("  " + (("Reconciled with Z: OK" if en else "Avstemt mot Z: OK") if rec.ok else
                       ("Reconciliation differences:" if en else "Avvik i avstemmingen:")))
    for c in rec.differences:
        out.append(f"    - {c.describe().get(lang)}")
    for note in v.notes:
        out.append(f"  ! {note.get(lang)}")
    return "\n".join(out)


def cmd_status(args) -> int:
    ws = _workspace(args)
    rows = ws.journal.rows(args.store)
    if args.json:
        print(json.dumps({"transfers": [r.to_dict() for r in rows]}, indent=2, ensure_ascii=False))
        return EXIT_OK
    lang = current_language()
    if not rows:
        print(Text("Ingen overføringer ennå.", "No transfers yet.").get(lang))
    for r in rows:
        number = r.voucher_number or r.voucher_id
        print(f"{r.business_day}  {r.store:<10} {r.state:<8} {('#' + number) if number else '':<10} "
              f"{r.attempts}x  {r.last_error_code}")
    return EXIT_OK


def cmd_settings(args) -> int:
    ws = _workspace(args)
    lang = current_language()
    if args.restore_backup:
        ws.settings_store.restore_backup()
        print(Text("Sikkerhetskopien er tatt i bruk.", "The backup has been restored.").get(lang))
        return EXIT_OK
    print(ws.profile.settings_path)
    ws.settings  # noqa: B018 (validates: a corrupt file raises with the backup offered)
    return EXIT_OK


def cmd_send(args) -> int:
    from .service import parse_day

    ws = _workspace(args)
    ws.require_configured()
    days = [parse_day(args.day)] if args.day else None
    if days is None and not args.first:
        raise UsageError(Text("Oppgi --day, eller --from (og eventuelt --to).", "Give --day, or --from (and optionally --to)."))
    first = parse_day(args.first) if args.first else None
    last = parse_day(args.last) if args.last else None
    outcomes = ws.send(args.store, days, first, last, dry_run=args.dry_run, source="cli")
    lang = current_language()
    if args.json:
        print(json.dumps({"outcomes": [{"store": o.store, "business_day": o.business_day.isoformat(), "status": o.status,
                                        "voucher_id": o.posted.voucher_id if o.posted else None,
                                        "voucher_number": o.posted.voucher_number if o.posted else None,
                                        "message": {"nb": o.message.nb, "en": o.message.en},
                                        "error": o.error.to_dict() if o.error else None} for o in outcomes]},
                         indent=2, ensure_ascii=False))
    else:
        if not outcomes:
            print(Text("Ingenting å sende.", "Nothing to send.").get(lang))
        for o in outcomes:
            mark = {"sent": "✓", "recovered": "✓", "already_sent": "=", "dry_run": "~", "skipped": "…"}.get(o.status, "✗")
            print(f"{mark} {o.business_day} {o.store}: {o.message.get(lang)}")
            if o.error is not None:
                for d in o.error.details:
                    print(f"    - {d}")
                if o.error.hint:
                    print(f"    {o.error.hint.get(lang)}")
    return EXIT_OK if all(o.status in ("sent", "recovered", "already_sent", "dry_run", "skipped") for o in outcomes) \
        else EXIT_ATTENTION


def cmd_key(args) -> int:
    import getpass

    ws = _workspace(args)
    lang = current_language()
    if args.forget:
        n = ws.forget_keys(None if args.all else args.company)
        print(Text(f"{n} nøkler er slettet fra nøkkelringen.", f"{n} keys deleted from the keyring.").get(lang))
        return EXIT_OK
    if args.all:
        raise UsageError(Text("--all gjelder bare sammen med --forget.", "--all only goes with --forget."))
    company = ws.settings.company(args.company)
    prompt = Text(f"Lim inn klientnøkkelen for {company.name or company.id} ({company.system}): ",
                  f"Paste the client key for {company.name or company.id} ({company.system}): ").get(lang)
    value = getpass.getpass(prompt) if sys.stdin.isatty() else sys.stdin.readline()
    value = value.strip()
    if not value:
        raise UsageError(Text("Ingen nøkkel ble limt inn.", "No key was pasted."))
    ws.secrets.set(company.system, company.id, value)
    print(Text("Nøkkelen er lagret i nøkkelringen.", "The key is stored in the keyring.").get(lang))
    return EXIT_OK


def cmd_sandbox(args) -> int:
    import time

    from .sandbox import start_sandbox

    lang = current_language()
    emu, clients = start_sandbox(args.system, port=args.port)
    print(Text(f"{args.system}-sandkasse kjører på {emu.url} (Ctrl+C stopper).",
               f"{args.system} sandbox running at {emu.url} (Ctrl+C stops).").get(lang))
    for name, key in clients:
        print(f"  {name}: {key}")
    if args.configure:
        ws = _workspace(args)
        s = ws.settings

        for comp in s.companies:
            if comp.system == args.system:
                comp.environment = "sandbox"
                comp.options = {**comp.options, "base_url": emu.url}
                ws.secrets.set(comp.system, comp.id, clients[0][1])
        ws.save(s)
        print(Text("Profilen peker nå på sandkassen.", "The profile now points at the sandbox.").get(lang))
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        emu.stop()
    return EXIT_OK


def cmd_setup(args) -> int:
    if not has_display():
        raise UsageError(Text("Veiviseren trenger en skjerm.", "The wizard needs a display."),
                         Text("Bruk «ledgerwizard init» på en maskin uten skjerm.", "Use 'ledgerwizard init' on a machine without a display."))
    from .launch import open_window

    return open_window("setup", args.profile)


def selftest() -> int:
    """For the frozen app: keyring backend, Qt platform plugin, translations, TLS certificates, resources."""
    import ssl

    results: list[tuple[str, bool, str]] = []

    def check(name, fn):
        try:
            results.append((name, True, str(fn())))
        except Exception as e:  # noqa: BLE001 - a report
            results.append((name, False, f"{type(e).__name__}: {e}"[:200]))

    def keyring_backend():
        from .adapters.secrets import SecretStore

        return SecretStore().check()  # raises when only the fail/null/plaintext backends are there

    def qt():
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen") if not has_display() else None
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance() or QApplication([])
        return f"{app.platformName()} platform plugin"

    def translations():
        from .ui import i18n

        if not i18n.install("nb"):
            raise RuntimeError(f"cannot load {i18n.qm_path('nb')}")
        return str(i18n.qm_path("nb").name)

    def tls():
        from .connectors.http import ssl_context

        ctx = ssl_context()
        default = ssl.create_default_context()
        return f"{type(ctx).__name__}, {default.cert_store_stats().get('x509_ca', 0)} CA certificates in the default store"

    def resources():
        from .core.codes import predefined
        from .paths import example_file, resources_dir

        assert predefined("12") and example_file().is_file() and (resources_dir() / "openapi" / "tripletex.json").is_file()
        return str(resources_dir())

    for name, fn in (("keyring", keyring_backend), ("qt", qt), ("translations", translations), ("tls", tls),
                     ("resources", resources)):
        check(name, fn)
    for name, ok, detail in results:
        print(f"{'✓' if ok else '✗'} {name:<13} {detail}")
    return EXIT_OK if all(ok for _, ok, _ in results) else 1


def cmd_doctor(args) -> int:
    """A support report: every check with OK/problem and what to do. Never prints a secret."""
    import platform

    from . import __version__
    from .adapters import osintegration

    checks: list[dict] = []

    def check(name: str, fn) -> None:
        try:
            detail = fn()
            checks.append({"check": name, "ok": True, "detail": detail})
        except LedgerWizardError as e:
            checks.append({"check": name, "ok": False, "detail": e.render(current_language())})
        except Exception as e:  # noqa: BLE001 - a report, not a crash
            checks.append({"check": name, "ok": False, "detail": f"{type(e).__name__}"})

    ws = _workspace(args)
    check("version", lambda: f"ledgerwizard {__version__}, Python {platform.python_version()}, {platform.platform()}")
    check("keyring", lambda: ws.secrets.check())
    check("settings", lambda: f"{ws.profile.settings_path} ({len(ws.settings.stores)} stores, "
                              f"{len(ws.settings.companies)} companies)")

    def export_folder():
        days, results = ws.store_days()
        problems = [p for r in results for p in r.problems if not p.waiting]
        if problems:
            raise UsageError(Text(f"{len(problems)} filer kan ikke leses: " + "; ".join(p.path for p in problems[:3]),
                                  f"{len(problems)} files cannot be read: " + "; ".join(p.path for p in problems[:3])))
        latest = {}
        for sd in days:
            latest[sd.store.id] = max(latest.get(sd.store.id, sd.summary.business_day), sd.summary.business_day)
        return ", ".join(f"{k}: {v}" for k, v in sorted(latest.items())) or "no closed days"

    check("export folder", export_folder)
    if not args.offline:
        from .connectors import open_connector

        for comp in ws.settings.companies:
            def verify(comp=comp):
                with open_connector(comp, ws.secrets) as con:
                    return f"{comp.system} {comp.environment}: {con.verify().company_name or 'OK'}"
            check(f"connection {comp.id}", verify)

    def journal():
        rows = ws.journal.rows()
        failed = [r for r in rows if r.state == "failed"]
        if failed:
            raise UsageError(Text(f"{len(failed)} overføringer har feilet, siste: {failed[-1].last_error_code}",
                                  f"{len(failed)} transfers failed, latest: {failed[-1].last_error_code}"))
        return f"{len(rows)} transfers, {sum(r.state == 'sent' for r in rows)} sent"

    check("journal", journal)
    check("autostart", lambda: "on" if osintegration.autostart_enabled() else "off")
    check("clock", lambda: f"{dt.datetime.now().astimezone().isoformat(timespec='seconds')} "
                           f"(time zone {dt.datetime.now().astimezone().tzname()}, Europe/Oslo offset "
                           f"{dt.datetime.now(__import__('zoneinfo').ZoneInfo('Europe/Oslo')).utcoffset()})")
    if args.json:
        print(json.dumps({"checks": checks}, indent=2, ensure_ascii=False))
    else:
        for c in checks:
            print(f"{'✓' if c['ok'] else '✗'} {c['check']:<16} {c['detail']}")
    return EXIT_OK if all(c["ok"] for c in checks) else EXIT_ATTENTION


def cmd_tray(args) -> int:
    from .launch import open_window

    message = "quit" if args.quit else "send-now" if args.send_now else ("settings" if args.settings else "")
    return open_window("tray", args.profile, message)


def cmd_run(args) -> int:
    """One run for the tray, in its own process: the due days (the scheduler's step) or Send now, through the
    one sending path. Every outcome, and any failure of the run itself, goes to the report file; decisions and
    outcomes are logged (``transfers.log``, redacted)."""
    import logging

    from .adapters import osintegration
    from .core.runreport import RunReport

    ws = _workspace(args)
    osintegration.setup_logging(ws.profile.log_dir, name="transfers.log")
    log = logging.getLogger("ledgerwizard.run")
    code = EXIT_OK
    try:
        if args.keys_stdin:
            from .adapters.secrets import MemorySecretStore

            # a windowed (frozen) program may have sys.stdin None even when its parent gave it a pipe
            stdin = sys.stdin if sys.stdin is not None else open(0, encoding="utf-8", closefd=False)
            ws.secrets = MemorySecretStore.taken_over(stdin.read())
        stores = [s.strip() for s in args.stores.split(",") if s.strip()] if args.stores else None
        if args.latest or args.first or args.last:
            from .service import parse_day

            first = parse_day(args.first) if args.first else None
            last = parse_day(args.last) if args.last else None
            log.info("send now (%s): stores %s, %s … %s", args.source, ",".join(stores or ["all"]), first, last)
            outcomes = ws.send_now(stores, first, last)
            for o in outcomes:
                log.info("%s %s: %s", o.store, o.business_day, o.status)
            rep = RunReport.from_run(None, outcomes, ws.journal)
        else:
            now = dt.datetime.fromisoformat(args.now) if args.now else dt.datetime.now(dt.timezone.utc)
            if now.tzinfo is None:
                raise UsageError(Text("--now må ha tidssone.", "--now needs a time zone offset."))
            ag, outcomes = ws.run_due(now, paused=args.paused, source=args.source, confirmed=args.confirmed, log=log)
            rep = RunReport.from_run(ag, outcomes, ws.journal)
    except LedgerWizardError as e:
        log.warning("run failed: %s", e.code)
        rep, code = RunReport.failure(e), EXIT_USER
    except Exception as e:  # noqa: BLE001 - the tray gets a report either way; the traceback goes to the log
        log.exception("run failed unexpectedly")
        rep, code = RunReport.failure(e), EXIT_INTERNAL
    rep.write(args.report)
    return code


def make_demo_export(base: Path, days: int) -> tuple[Path, dt.date, dt.date]:
    """Sample exports for two stores (three registers), as if the POS wrote them ten minutes ago."""
    from .sandbox.saftgen import demo_locations, write_saft

    export = base / "eksport"
    export.mkdir(parents=True, exist_ok=True)
    end = dt.date.today() - dt.timedelta(days=1)
    start = end - dt.timedelta(days=max(1, days) - 1)
    sample = export / f"SAF-T Cash Register_999888777_{end:%Y%m%d}230000_1_1.xml"
    with open(sample, "w", encoding="utf-8") as f:
        write_saft(f, demo_locations(start, max(1, days)), created=dt.datetime.combine(end, dt.time(23)),
                   start=start, end=end)
    finished = dt.datetime.now().timestamp() - 600
    os.utime(sample, (finished, finished))
    return export, start, end


def cmd_demo(args) -> int:
    """The wizard on sample data against the built-in PowerOffice GO sandbox, in a throw-away profile."""
    import tempfile

    from .adapters.settings import Profile

    base = Path(args.profile) if args.profile else Path(tempfile.mkdtemp(prefix="ledgerwizard-demo-"))
    if args.text or not has_display():
        if not args.text:
            print(Text("Ingen skjerm funnet: viser demoen i terminalen.", "No display found: showing the demo in the "
                       "terminal.").get(current_language()))
        return _text_demo(args, base)
    from .service import Workspace
    from .ui.wizard import run_wizard
    from .wizard.flow import WizardModel

    from .adapters.secrets import MemorySecretStore

    export, _start, _end = make_demo_export(base, args.days)
    model = WizardModel(language=current_language(), source_path=str(export), environment="sandbox")
    ws = Workspace(Profile.resolve(base / "profil"))
    ws.secrets = MemorySecretStore()  # the demo's sandbox key never reaches the OS keyring
    return run_wizard(ws, model)


def _text_demo(args, base: Path) -> int:
    """Sample exports for two stores, set up with suggested accounts, and each store's latest voucher."""
    import shutil

    from .adapters.settings import Profile
    from .paths import example_file
    from .service import Workspace, init_profile

    lang = current_language()
    export, start, end = make_demo_export(base, args.days)
    title = Text("ledgerwizard demo – eksempeldata, ingen konto trengs", "ledgerwizard demo – sample data, no account needed")
    print(title.get(lang) + "\n" + "=" * len(title.get(lang)))
    print(Text(f"1) Skatteetatens eksempelfil ({example_file().name}):",
               f"1) Skatteetaten's example file ({example_file().name}):").get(lang))
    ex = base / "skatteetaten"
    ex.mkdir(exist_ok=True)
    shutil.copy(example_file(), ex / example_file().name)
    cmd_summary(argparse.Namespace(source=str(ex), json=False, cutoff="05:00"))
    print()
    print(Text(f"2) Eksportmappe med {args.days} dager fra to butikker: {export}",
               f"2) Export folder with {args.days} days from two stores: {export}").get(lang))
    ws = Workspace(Profile.resolve(base / "profil"))
    settings = init_profile(ws, export, system="poweroffice", environment="demo", force=True)
    for st in settings.stores:
        print(f"   {st.id}: {st.name}")
    print()
    print(Text(f"3) Bilaget for siste avsluttede dag ({end:%d.%m.%Y}) per butikk, slik det blir sendt:",
               f"3) The voucher for the latest closed day ({end:%d.%m.%Y}) per store, as it will be sent:").get(lang))
    for st in settings.stores:
        sd = ws.day(st.id, end)
        print(_voucher_text(ws.voucher(sd), sd.summary, lang))
        print()
    print(Text("4) Sender dagen til sandkassen for PowerOffice GO (en lokal emulator), nøyaktig én gang:",
               "4) Sending the day to the PowerOffice GO sandbox (a local emulator), exactly once:").get(lang))
    from .adapters.secrets import MemorySecretStore
    from .sandbox import start_sandbox

    emu, clients = start_sandbox("poweroffice")
    try:
        for comp in settings.companies:
            comp.environment, comp.options = "sandbox", {"base_url": emu.url}
        ws.save(settings)
        ws.secrets = MemorySecretStore()  # the demo keeps the sandbox key in memory, not in the OS keyring
        for comp in settings.companies:
            ws.secrets.set(comp.system, comp.id, clients[0][1])
        for _ in range(2):  # the second run shows that nothing is sent twice
            for o in ws.send(days=[end], source="demo"):
                print(f"   {o.store} {o.business_day}: {o.message.get(lang)}")
        (client,) = emu.clients.values()
        print(Text(f"   Sandkassen har {len(client.vouchers)} bilag og {len(client.documents)} vedlagte dagsoppgjør (PDF).",
                   f"   The sandbox holds {len(client.vouchers)} vouchers and {len(client.documents)} attached day "
                   f"reports (PDF).").get(lang))
    finally:
        emu.stop()
    print()
    print(Text(f"Profilen (innstillinger og overføringslogg) ligger i {base / 'profil'}. Prøv: ledgerwizard --profile "
               f"{base / 'profil'} preview --day {start}",
               f"The profile (settings and transfer journal) is in {base / 'profil'}. Try: ledgerwizard --profile "
               f"{base / 'profil'} preview --day {start}").get(lang))
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
