"""When a day is not sent without a person's decision (issue: "only when right").

A day is **held** when it has no Z report for every register that sold (a partial export, or a POS that has not
closed), or when its figures differ from its Z reports. VAT rounding per line is not a difference: the voucher
reports it as a note, and the reconciliation compares the POS's own VAT with the Z's. The hold carries a
fingerprint of exactly what differs, so a person's decision ("send anyway") covers those differences only: if a
later export changes the figures, the day is held again with the new ones, and if it makes the day reconcile,
it goes out by itself.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping

from .display import printable
from .i18n import Text
from .money import fmt
from .summary import DaySummary, z_key
from .transfer import Decision, Hold


def hold_for(summary: DaySummary, store_name: str | None = None,
             posted_z: Mapping[str, dt.date] | None = None) -> Hold | None:
    """The reason ``summary``'s day must wait for a person, or None when it reconciles with its Z reports.
    ``posted_z``: the Z reports (``z_key``) already on the store's vouchers, with their business days (the
    journal's ``z_reports_posted``): a Z report of this day already posted with another day (a cut-off changed
    since, an export that moved it) holds the day, so the same sales are never posted twice unasked."""
    name = store_name or summary.store
    moved = _moved(summary, posted_z or {})
    missing_z = sorted({w.register_id for w in summary.windows if w.zreport is None})
    pending = summary.open if summary.open is not None and summary.open.pending else None
    if pending is not None:  # receipts whose Z report may still close them into this day: as good as no Z yet
        missing_z = sorted(set(missing_z) | set(pending.registers))
    differences = list(summary.reconciliation.differences)
    if not missing_z and not differences and not moved:
        return None
    details: list[Text] = [Text(
        f"Z-rapport {printable(z.report_id, 40)} (kasse {printable(z.register_id, 40)}, {z.date:%d.%m.%Y}) er "
        f"allerede bokført med dagen {day:%d.%m.%Y}",
        f"Z report {printable(z.report_id, 40)} (register {printable(z.register_id, 40)}, {z.date:%d.%m.%Y}) is "
        f"already posted with the day {day:%d.%m.%Y}") for z, day in moved]
    if missing_z:
        details.append(Text(f"Ingen Z-rapport for kasse {', '.join(missing_z)}",
                            f"No Z report for register {', '.join(missing_z)}"))
    if pending is not None:
        details.append(pending.describe())
    details += [c.describe() for c in differences]
    canon = {"store": summary.store, "day": summary.business_day.isoformat(), "missing_z": missing_z,
             "total": fmt(summary.combined.total_in),
             "differences": sorted([c.check, c.key, c.register, c.z, fmt(c.expected), fmt(c.actual)] for c in differences)}
    if moved:
        canon["moved"] = sorted([z_key(z), day.isoformat()] for z, day in moved)
    fingerprint = hashlib.sha256(json.dumps(canon, sort_keys=True).encode()).hexdigest()[:24]
    n = len(differences) + (1 if missing_z else 0)
    if moved:
        message = Text(
            f"{name} {summary.business_day:%d.%m.%Y}: dagen har Z-rapporter som allerede er bokført med en annen "
            f"dag (endret dagsskift, eller en eksport som flytter dem). Den sendes ikke, så salget ikke bokføres to "
            f"ganger; kontroller i regnskapet, og send den likevel bare om salget mangler der.",
            f"{name} {summary.business_day:%d.%m.%Y}: the day has Z reports already posted with another day (a "
            f"changed cut-off, or an export that moves them). It is not sent, so the sales are not posted twice; "
            f"check the ledger, and send it anyway only if the sales are missing there.")
    elif missing_z and not differences:
        message = Text(f"{name} {summary.business_day:%d.%m.%Y}: dagen mangler Z-rapport og sendes ikke før "
                       f"kassen er avsluttet, eller du bestemmer at den skal sendes likevel.",
                       f"{name} {summary.business_day:%d.%m.%Y}: the day has no Z report and is not sent "
                       f"until the register is closed, or you decide to send it anyway.")
    else:
        message = Text(f"{name} {summary.business_day:%d.%m.%Y}: dagen stemmer ikke med Z-rapporten "
                       f"({n} avvik). Den sendes ikke før tallene stemmer, eller du har sett avvikene og bestemt at "
                       f"den skal sendes likevel.",
                       f"{name} {summary.business_day:%d.%m.%Y}: the day does not reconcile with its Z "
                       f"report ({n} difference{'s' if n != 1 else ''}). It is not sent until the figures agree, or "
                       f"you have seen the differences and decided to send it anyway.")
    return Hold(fingerprint, message, details)


def _moved(summary: DaySummary, posted_z: Mapping[str, dt.date]) -> list:
    """(Z report, the other business day it was posted with) for each of the day's Z reports posted already."""
    out = []
    for z in summary.zreports:
        day = posted_z.get(z_key(z))
        if day is not None and day != summary.business_day:
            out.append((z, day))
    return out


def apply_decision(voucher, decision: Decision | None):
    """The voucher of a day sent with accepted differences says so in its text and notes."""
    if decision is not None:
        note = decision_note(decision)
        voucher.description = f"{voucher.description} ({note.nb})"
        voucher.notes.append(Text(f"Sendt med {note.nb} ({decision.source}).", f"Sent with {note.en} ({decision.source})."))
    return voucher


def decision_note(decision: Decision) -> Text:
    """What the voucher's text and the day report say about a day sent with accepted differences."""
    at = decision.at[:10]
    d = f"{at[8:10]}.{at[5:7]}.{at[0:4]}"
    return Text(f"avvik mot Z godkjent {d}", f"differences from Z accepted {d}")


__all__ = ["hold_for", "decision_note", "apply_decision"]
