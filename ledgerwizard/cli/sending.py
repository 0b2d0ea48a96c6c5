"""Sending and its record: ``send`` (post vouchers with the saved settings), ``run`` (one run as the tray starts
it, with a JSON report), ``status`` (the transfer journal), ``journal`` (its health; rebuild a damaged one) and
``tray`` (the daily scheduler in the notification area)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from ..core.errors import LedgerWizardError, UsageError
from ..core.i18n import Text, current_language
from ..crash import EXIT_INTERNAL
from .common import EXIT_ATTENTION, EXIT_OK, EXIT_USER, Command, workspace
from .output import bilingual, journal_field, print_json


# --- send ------------------------------------------------------------------------------------------------------

def _send_arguments(sd) -> None:
    sd.add_argument("--day", help="one business day YYYY-MM-DD")
    sd.add_argument("--from", dest="first", help="first business day of a range")
    sd.add_argument("--to", dest="last", help="last business day of a range (default: the latest closed day)")
    sd.add_argument("--store")
    sd.add_argument("--dry-run", action="store_true", help="build and check against the ledger, post nothing")
    sd.add_argument("--accept-differences", action="store_true",
                    help="send days that do not reconcile with their Z report anyway (the differences are listed, "
                         "recorded in the journal and stated on the voucher)")
    sd.add_argument("--json", action="store_true")


def cmd_send(args) -> int:
    from ..core.parsing import parse_day

    ws = workspace(args)
    ws.require_configured()
    days = [parse_day(args.day)] if args.day else None
    if days is None and not args.first:
        raise UsageError(Text("Oppgi --day, eller --from (og eventuelt --to).", "Give --day, or --from (and optionally --to)."))
    first = parse_day(args.first) if args.first else None
    last = parse_day(args.last) if args.last else None
    from ..services.sending import Sending

    sending = Sending(ws)
    outcomes = sending.send(args.store, days, first, last, dry_run=args.dry_run, source="cli",
                            accept=args.accept_differences)
    orders = sending.order_outcomes
    lang = current_language()
    notice = ws.journal_notice()
    if args.json:
        print_json({"orders": [o.to_dict() for o in orders],
                    "outcomes": [{"store": o.store, "business_day": o.business_day.isoformat(), "status": o.status,
                                  "voucher_id": o.posted.voucher_id if o.posted else None,
                                  "voucher_number": o.posted.voucher_number if o.posted else None,
                                  "message": bilingual(o.message),
                                  "details": [bilingual(d) for d in o.details],
                                  "check_after": o.check_after.isoformat() if o.check_after else None,
                                  "error": o.error.to_dict() if o.error else None} for o in outcomes],
                    **journal_field(notice)})
    else:
        if notice is not None:
            print(notice.get(lang))
        if not outcomes:
            print(Text("Ingenting å sende.", "Nothing to send.").get(lang))
        for o in outcomes:
            mark = {"sent": "✓", "recovered": "✓", "already_sent": "=", "dry_run": "~", "skipped": "…",
                    "uncertain": "?", "held": "!"}.get(o.status, "✗")
            print(f"{mark} {o.business_day} {o.store}: {o.message.get(lang)}")
            for d in o.details:
                print(f"    - {d.get(lang)}")
            if o.status == "held":
                print("    " + Text("Send likevel (avvikene registreres og står på bilaget): legg til "
                                    "--accept-differences.",
                                    "Send anyway (the differences are recorded and stated on the voucher): add "
                                    "--accept-differences.").get(lang))
            if o.error is not None:
                for d in o.error.details:
                    print(f"    - {d}")
                if o.error.hint:
                    print(f"    {o.error.hint.get(lang)}")
        for o in orders:  # the credit sales sent as orders for invoicing
            mark = {"sent": "✓", "recovered": "✓", "dry_run": "~", "uncertain": "?", "held": "!"}.get(o.status, "✗")
            print(f"{mark} {o.business_day} {o.store} " + Text("ordre: ", "order: ").get(lang) + o.message.get(lang))
            if o.error is not None:
                for d in o.error.details:
                    print(f"    - {d}")
    ok = ("sent", "recovered", "already_sent", "dry_run", "skipped")
    return EXIT_OK if all(o.status in ok for o in outcomes) and all(o.status in ok for o in orders) \
        else EXIT_ATTENTION


# --- run (the tray's child process) ----------------------------------------------------------------------------

def _run_arguments(r) -> None:
    r.add_argument("--report", required=True, help="where to write the run's JSON report")
    what = r.add_mutually_exclusive_group()
    what.add_argument("--latest", action="store_true", help="Send now: each store's latest closed day")
    what.add_argument("--from", dest="first", help="Send now: first business day YYYY-MM-DD of a range")
    r.add_argument("--to", dest="last", help="Send now: last business day of the range (default: the first)")
    r.add_argument("--stores", help="Send now: comma-separated store ids (default: every enabled store)")
    r.add_argument("--accept", action="append", default=[], metavar="STORE:DAY:FINGERPRINT",
                   help="Send now: a held day whose differences (exactly these) a person accepted")
    r.add_argument("--now", help="the scheduler's 'now' (ISO 8601 with offset; default: the clock)")
    r.add_argument("--paused", action="store_true", help="automatic sending is paused (decisions only)")
    r.add_argument("--confirmed", action="store_true", help="the user agreed to catch up many missed days")
    r.add_argument("--source", default="timer", choices=("timer", "start-up", "resume", "catch-up", "send-now"))
    r.add_argument("--keys-stdin", action="store_true", help=argparse.SUPPRESS)  # the demo's in-memory keys


def cmd_run(args) -> int:
    """One run for the tray, in its own process: the due days (the scheduler's step) or Send now, through the
    one sending path. Every outcome, and any failure of the run itself, goes to the report file; decisions and
    outcomes are logged (``transfers.log``, redacted)."""
    import logging

    from ..adapters import osintegration
    from ..core.runreport import RunReport

    ws = workspace(args)
    osintegration.setup_logging(ws.profile.log_dir, name="transfers.log")
    log = logging.getLogger("ledgerwizard.run")
    code = EXIT_OK
    try:
        if args.keys_stdin:
            from ..adapters.secrets import MemorySecretStore

            # a windowed (frozen) program may have sys.stdin None even when its parent gave it a pipe
            stdin = sys.stdin if sys.stdin is not None else open(0, encoding="utf-8", closefd=False)
            ws.secrets = MemorySecretStore.taken_over(stdin.read())
        stores = [s.strip() for s in args.stores.split(",") if s.strip()] if args.stores else None
        from ..services.sending import Sending

        if args.latest or args.first or args.last:
            from ..core.parsing import parse_day

            first = parse_day(args.first) if args.first else None
            last = parse_day(args.last) if args.last else None
            log.info("send now (%s): stores %s, %s … %s", args.source, ",".join(stores or ["all"]), first, last)
            accept = {}
            for item in args.accept:
                store, day, fingerprint = item.rsplit(":", 2)
                accept[(store, parse_day(day))] = fingerprint
            sending = Sending(ws)
            outcomes = sending.send_now(stores, first, last, accept=accept or None, log=log)
            for o in outcomes:
                log.info("%s %s: %s", o.store, o.business_day, o.status)
            for order in sending.order_outcomes:
                log.info("%s %s order %s/%s: %s", order.store, order.business_day, order.register, order.receipt,
                         order.status)
            rep = RunReport.from_run(None, outcomes, ws.journal, _run_notice(ws, sending), orders=sending.order_outcomes)
        else:
            now = dt.datetime.fromisoformat(args.now) if args.now else dt.datetime.now(dt.timezone.utc)
            if now.tzinfo is None:
                raise UsageError(Text("--now må ha tidssone.", "--now needs a time zone offset."))
            sending = Sending(ws)
            ag, outcomes = sending.run_due(now, paused=args.paused, source=args.source, confirmed=args.confirmed,
                                           log=log)
            rep = RunReport.from_run(ag, outcomes, ws.journal, _run_notice(ws, sending), orders=sending.order_outcomes)
    except LedgerWizardError as e:
        log.warning("run failed: %s", e.code)
        rep, code = RunReport.failure(e), EXIT_USER
    except Exception as e:  # noqa: BLE001 - the tray gets a report either way; the traceback goes to the log
        log.exception("run failed unexpectedly")
        rep, code = RunReport.failure(e), EXIT_INTERNAL
    rep.write(args.report)
    return code


def _run_notice(ws, sending) -> Text | None:
    """What the tray is told beside the outcomes: a journal rebuilt lately, sales no store takes."""
    notices = [t for t in (ws.journal_notice(recent=True), sending.notice) if t is not None]
    return Text(" ".join(t.nb for t in notices), " ".join(t.en for t in notices)) if notices else None


# --- status, journal ------------------------------------------------------------------------------------------

_STATE_NAMES = {
    "pending": Text("venter", "pending"), "sending": Text("sendes", "sending"), "sent": Text("sendt", "sent"),
    "failed": Text("feilet", "failed"), "uncertain": Text("usikker", "uncertain"),
    "held": Text("holdt", "held"),
}


def _status_arguments(st) -> None:
    st.add_argument("--store", help="only this store (its id, as in the settings)")
    st.add_argument("--json", action="store_true", help="machine-readable: the journal's transfers and every order "
                                                         "for invoicing with its state, reason and order number")
    st.add_argument("--gui", action="store_true", help="the status window: days and orders for invoicing (send, send anyway, vouchers, day reports)")


def cmd_status(args) -> int:
    from ..core.display import printable
    from ..services.status import order_status

    ws = workspace(args)
    if args.gui:
        from ..adapters.osintegration import has_display

        if not has_display():
            raise UsageError(Text("Statusvinduet trenger en skjerm; bruk «ledgerwizard status».",
                                  "The status window needs a display; use 'ledgerwizard status'."))
        from ..ui.status import run_status_window

        return run_status_window(ws)
    rows = ws.journal.rows(args.store)
    orders = order_status(ws, args.store, journal_only=True)  # (status reads the journal only)
    notice = ws.journal_notice()
    if args.json:
        print_json({"transfers": [r.to_dict() for r in rows], "orders": [o.to_dict() for o in orders],
                    **journal_field(notice)})
        return EXIT_OK
    lang = current_language()
    if notice is not None:
        print(notice.get(lang))
    if not rows:
        print(Text("Ingen overføringer ennå.", "No transfers yet.").get(lang))
    for r in rows:
        number = r.voucher_number or r.voucher_id
        state = _STATE_NAMES.get(r.state, Text(r.state, r.state)).get(lang)
        if r.state == "sent" and not number:
            number = Text("ingen salg", "no sales").get(lang)
        else:
            number = ("#" + number) if number else ""
        print(f"{r.business_day}  {printable(r.store):<10} {state:<9} {number:<10} "
              f"{r.attempts}x  {r.last_error_code}")
        if r.state == "uncertain":
            when = r.check_after[:16].replace("T", " ")
            print("    " + Text(f"Kontrolleres mot regnskapet; sendes ikke på nytt før det har bekreftet at bilaget "
                                f"mangler (etter {when} UTC).",
                                f"Being checked with the ledger; not sent again before it confirms the voucher is "
                                f"missing (after {when} UTC).").get(lang))
        elif r.state == "held":
            print("    " + Text("Stemmer ikke med Z-rapporten: se avvikene med «ledgerwizard send --day "
                                f"{r.business_day} --store {r.store} --dry-run».",
                                "Does not reconcile with the Z report: see the differences with 'ledgerwizard send "
                                f"--day {r.business_day} --store {r.store} --dry-run'.").get(lang))
    if orders:
        _print_orders(orders, lang)
    return EXIT_OK


def _print_orders(orders, lang: str) -> None:
    """The sales orders (credit sales for invoicing): what reached the ledger, and what still needs attention
    (``services.status.order_status``: the same words as the status window)."""
    from ..core.display import printable
    from ..core.money import fmt, fmt_nb
    from ..services.status import orders_summary

    print()
    print(Text("Ordre til fakturering (kredittsalg):", "Orders for invoicing (credit sales):").get(lang))
    summary = orders_summary(orders)
    if summary is not None:
        print(summary.get(lang))
    n = fmt_nb if lang == "nb" else fmt
    for o in orders:
        what = Text(f"kvittering {o.receipt} kasse {o.register}", f"receipt {o.receipt} register {o.register}").get(lang)
        when = (o.when[:16].replace("T", " ") + " UTC") if o.when else ""
        number = f"#{o.order_number}" if o.order_number else ""
        amount = n(o.amount) if o.amount is not None else ""
        print(f"{o.business_day}  {printable(o.store):<10} {printable(what):<32} {printable(o.customer, 40):<28} "
              f"{amount:>10}  {o.state_name().get(lang):<9} {number:<8} {when}  "
              f"{o.error_code if o.state != 'sent' else ''}".rstrip())
        if o.state != "sent":
            print("    " + printable(o.text.get(lang), 600))


def _journal_arguments(jo) -> None:
    jo.add_argument("--rebuild", action="store_true",
                    help="set a damaged journal aside (kept) and start one that checks every earlier day against "
                         "the ledger before anything is posted")


def cmd_journal(args) -> int:
    ws = workspace(args)
    lang = current_language()
    if args.rebuild:
        _, aside = ws.rebuild_journal()
        if aside is not None:
            print(Text(f"Den gamle loggen er lagt til side: {aside}", f"The old journal was set aside: {aside}").get(lang))
    print(Text(f"Overføringsloggen er i orden: {ws.profile.journal_path}",
               f"The transfer journal is in order: {ws.profile.journal_path}").get(lang))
    notice = ws.journal_notice()
    if notice is not None:
        print(notice.get(lang))
    return EXIT_OK


# --- tray ------------------------------------------------------------------------------------------------------

def _tray_arguments(tr) -> None:
    tr.add_argument("--send-now", action="store_true", help="send now (in the running instance, if there is one)")
    tr.add_argument("--settings", action="store_true", help="open the settings (in the running instance, if there is one)")
    tr.add_argument("--quit", action="store_true", help="stop the running instance (the installer, before an upgrade)")


def cmd_tray(args) -> int:
    from ..ui.windows import open_window

    message = "quit" if args.quit else "send-now" if args.send_now else ("settings" if args.settings else "")
    return open_window("tray", args.profile, message)


SEND = Command("send", "post vouchers with the saved settings (the journal decides what is due)", _send_arguments,
               cmd_send)
RUN = Command("run", "one transfer run as the tray starts it (the schedule's due days, or Send now); "
                     "writes a JSON report", _run_arguments, cmd_run)
STATUS = Command("status", "the transfer journal: each day, and each order for invoicing (sent, held, failed)",
                 _status_arguments, cmd_status)
JOURNAL = Command("journal", "the transfer journal's health; rebuild a damaged one from the ledger",
                  _journal_arguments, cmd_journal)
TRAY = Command("tray", "run in the notification area: the daily scheduler and Send now", _tray_arguments, cmd_tray)
