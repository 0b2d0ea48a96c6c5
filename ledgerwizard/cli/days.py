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
    from ..core.parsing import parse_cutoff
    from ..core.saft.reader import ReadOptions
    from ..core.saft.source import ExportSource

    src = ExportSource([args.source], ReadOptions(cutoff=parse_cutoff(args.cutoff)), settle_seconds=0)
    res = src.scan()
    hard = [p for p in res.problems if not p.waiting]
    if not res.files and res.problems:
        raise res.problems[0].error
    days = res.summaries()
    lang = current_language()
    if args.json:
        print_json({"days": [d.to_dict() for d in days],
                    "open": [{"store": w.location or w.register_id, "register": w.register_id,
                              "business_day": w.business_day.isoformat(), "transactions": w.n_trans}
                             for w in res.open_windows],
                    "problems": [{"path": p.path, "waiting": p.waiting, **p.error.to_dict()} for p in res.problems],
                    "warnings": res.warnings})
    else:
        for d in days:
            print(summary_text(d, lang))
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


def summary_text(d, lang: str) -> str:
    """One store's business day: sales, payments, VAT, rounding, tips, returns and its reconciliation."""
    from ..core.money import fmt, fmt_nb

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
