"""Output shared by the commands: JSON documents, texts in both languages, the voucher as text."""

from __future__ import annotations

import json

from ..core.i18n import Text


def print_json(doc) -> None:
    """A command's ``--json`` document: indented, non-ASCII letters as they are (ø, å)."""
    print(json.dumps(doc, indent=2, ensure_ascii=False))


def bilingual(text: Text) -> dict:
    """A text in both languages, as the JSON documents carry it."""
    return {"nb": text.nb, "en": text.en}


def journal_field(notice: Text | None) -> dict:
    """The journal's notice (it was rebuilt from the ledger …) as an optional ``journal`` member of a document."""
    return {"journal": bilingual(notice)} if notice else {}


def voucher_text(v, summary, lang: str) -> str:
    """The voucher as it will be sent, with the day's reconciliation (``preview`` and the demo)."""
    from ..core.money import fmt, fmt_nb

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
