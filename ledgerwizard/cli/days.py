"""The business days in an export: ``summary`` (every store and day of a file or folder, reconciled with its Z) and
``preview`` (the voucher that would be sent for a day, with the saved settings)."""

from __future__ import annotations

import sys

from ..core.errors import LedgerWizardError
from ..core.i18n import Text, current_language
from .common import EXIT_ATTENTION, EXIT_OK, EXIT_USER, Command, workspace
from .output import print_json, voucher_text


def _summary_arguments(s) -> None:
    s.add_argument("source", help="SAF-T Cash Register file or export folder")
    s.add_argument("--json", action="store_true")
    s.add_argument("--cutoff", default="05:00", help="business-day cut-off HH:MM (default 05:00)")


def cmd_summary(args) -> int:
    from ..core.saft.reader import ReadOptions
    from ..core.saft.source import ExportSource
    from ..core.parsing import parse_cutoff

    from ..core.display import printable

    src = ExportSource([args.source], ReadOptions(cutoff=parse_cutoff(args.cutoff)), settle_seconds=0)
    res = src.scan()
    hard = [p for p in res.problems if not p.waiting]
    days = res.summaries()
    opens = res.open_days()
    lang = current_language()
    # nothing to show is never a silent success: no export read at all is a user error (wrong folder), exports
    # without a single sales day need attention
    found = _found_text(res, args.source) if not days and not opens else None
    if args.json:
        doc = {"days": [d.to_dict() for d in days],
               "open": [o.to_dict() for o in opens],
               "problems": [{"path": p.path, "waiting": p.waiting, **p.error.to_dict()} for p in res.problems],
               "skipped": [{"path": path, "reason": {"nb": why.nb, "en": why.en}} for path, why in res.skipped],
               "files_read": len(res.files), "files_skipped": res.skipped_count,
               "warnings": res.warnings}
        if found is not None:
            doc["nothing_found"] = {"nb": found.nb, "en": found.en}
        print_json(doc)
    else:
        for d in days:
            print(summary_text(d, lang))
        for o in opens:
            print(o.describe().get(lang))
        for wtxt in res.warnings:
            print(f"! {wtxt}")
        for p in res.problems:
            print(("… " if p.waiting else "✗ ") + p.render(lang), file=sys.stderr)
        if found is not None:
            for path, why in res.skipped:
                print(f"- {printable(path)}: {why.get(lang)}", file=sys.stderr)
            print(found.get(lang), file=sys.stderr)
    if found is not None:
        return EXIT_USER if not res.files else EXIT_ATTENTION
    if hard:
        return EXIT_USER
    return EXIT_OK if all(d.reconciliation.ok for d in days) else EXIT_ATTENTION


def _found_text(res, source: str) -> Text:
    """What a folder with nothing to summarise held: no export, or exports without a sales day."""
    from ..core.display import printable

    where = printable(source)
    if res.files:
        return Text(f"{where}: {len(res.files)} SAF-T-fil(er) er lest, men de har ingen forretningsdager (ingen Z-rapporter "
                    f"eller kvitteringer). Kontroller utvalget i eksporten fra kassesystemet.",
                    f"{where}: {len(res.files)} SAF-T file(s) read, but they hold no sales days (no Z reports or "
                    f"receipts). Check the selection of the POS's export.")
    unreadable = sum(1 for p in res.problems if not p.waiting)
    waiting = sum(1 for p in res.problems if p.waiting)
    return Text(f"{where}: fant ingen SAF-T-eksport som kunne leses ({unreadable} kunne ikke leses, {waiting} skrives "
                f"fortsatt, {res.skipped_count} andre filer er hoppet over). Velg mappen der kassesystemet legger "
                f"SAF-T-eksportene (.xml eller .zip).",
                f"{where}: no SAF-T export that could be read ({unreadable} could not be read, {waiting} still being "
                f"written, {res.skipped_count} other files skipped). Choose the folder where the POS writes its "
                f"SAF-T exports (.xml or .zip).")


def summary_text(d, lang: str) -> str:
    """One store's business day: sales, payments, VAT, rounding, tips, returns and its reconciliation."""
    from ..core.money import fmt, fmt_nb

    en = lang == "en"
    a = d.combined
    m = d.master
    from ..core.display import printable

    zs = ", ".join(f"Z{printable(z.report_id, 40)} ({printable(z.register_id, 40)})" for z in d.zreports) or (
        "no Z report" if en else "ingen Z-rapport")
    n = fmt if en else fmt_nb
    out = [f"{printable(d.store, 100)} — {d.business_day.isoformat()} — {zs}"]
    out.append(f"  {'Total sales' if en else 'Totalsalg':<28}{n(a.total_in):>14}")
    for t, v in sorted(a.payments.items()):
        label = printable(f"{t} {m.desc(t)}") if t != "__credit__" else (
            "Credit (receivable)" if en else "Kreditt (kundefordring)")
        out.append(f"    {label[:26]:<26}{n(v):>14}")
    for k, (b, v) in sorted(a.vat.items()):
        std = m.standard_vat(k.code) or "?"
        out.append(f"  {'VAT' if en else 'MVA'} {printable(k.label(), 40)} SAF-T {printable(std, 8):<4} {'base' if en else 'grunnlag'} {n(b):>12}  "
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
    for c in rec.rounding:
        out.append(f"  {'VAT rounding (not a difference)' if en else 'MVA-avrunding (ikke avvik)'}: "
                   f"{c.describe().get(lang)}")
    if d.open is not None:
        out.append(f"  {d.open.describe().get(lang)}")
    for wn in rec.warnings:
        out.append(f"  ! {wn.get(lang)}")
    return "\n".join(out)


# --- init / preview / status / settings --------------------------------------------------------------------------

def _preview_arguments(v) -> None:
    v.add_argument("--day", required=True, help="business day YYYY-MM-DD")
    v.add_argument("--store", help="store id (default: every store)")
    v.add_argument("--json", action="store_true")


def cmd_preview(args) -> int:
    from ..core.parsing import parse_day
    from ..services.sending import Sending

    ws = workspace(args)
    sending = Sending(ws)
    day = parse_day(args.day)
    settings = ws.require_configured()
    stores = [settings.store(args.store)] if args.store else [s for s in settings.stores if s.enabled]
    lang = current_language()
    docs, status = [], EXIT_OK
    for st in stores:
        try:
            sd = sending.days.day(st.id, day)
            v = sending.voucher(sd)
        except LedgerWizardError as e:
            if not args.json:
                print(e.render(lang), file=sys.stderr)
            docs.append({"store": st.id, "error": e.to_dict()})
            status = EXIT_ATTENTION
            continue
        docs.append({"store": st.id, "voucher": v.to_dict(),
                     "reconciliation": sd.summary.to_dict()["reconciliation"]})
        if not args.json:
            print(voucher_text(v, sd.summary, lang))
    if args.json:
        print_json({"business_day": day.isoformat(), "stores": docs})
    return status


SUMMARY = Command("summary", "every store and business day in a file or folder, reconciled with its Z",
                  _summary_arguments, cmd_summary)
PREVIEW = Command("preview", "the voucher that would be sent for a day, with the saved settings",
                  _preview_arguments, cmd_preview)
