"""Which store a register's sales belong to: one rule for the wizard, the headless set-up and every send.

A store is a SAF-T *location* (all its registers), or, for an export without locations, a chosen list of
registers. ``locations`` lists what an export holds; ``store_of`` places a window (one register's span up to a
Z report) in a store.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterable, Protocol


class StoreLike(Protocol):
    id: str
    location: str
    registers: list[str]


def locations(windows: Iterable) -> dict[tuple[str, str], list[str]]:
    """(company's org. number, location) → its register ids, in the order they appear; sorted by key."""
    found: dict[tuple[str, str], list[str]] = {}
    for w in windows:
        regs = found.setdefault((w.company_ident, w.location), [])
        if w.register_id not in regs:
            regs.append(w.register_id)
    return dict(sorted(found.items()))


def matches(store: StoreLike, location: str, register_id: str) -> bool:
    if store.registers:
        return register_id in store.registers
    return bool(store.location) and location == store.location


def store_of(stores: Iterable[StoreLike], window) -> str | None:
    """The id of the store a window's sales belong to (None: no store takes them)."""
    for s in stores:
        if matches(s, window.location, window.register_id):
            return s.id
    return None


@dataclass
class Unclaimed:
    """Sales in the export that no store of the setup takes (a register added, a location renamed in the POS)."""

    company_ident: str
    location: str
    register_id: str
    days: list[dt.date] = field(default_factory=list)
    total: Decimal = Decimal(0)


def unclaimed(stores: Iterable[StoreLike], windows: Iterable, first: dt.date | None = None,
              last: dt.date | None = None) -> list[Unclaimed]:
    """Every register with closed days (with sales) from ``first`` to ``last`` that no store takes, per company,
    location and register: these sales reach no voucher, so a person must be told (never silently left out)."""
    stores = list(stores)
    found: dict[tuple[str, str, str], Unclaimed] = {}
    for w in windows:
        if w.status == "open" or (first is not None and w.business_day < first) or (
                last is not None and w.business_day > last):
            continue
        total = w.combined.total_in if w.n_trans else (w.zreport.total if w.zreport is not None else Decimal(0))
        if not w.n_trans and not total:
            continue
        if any(matches(s, w.location, w.register_id) for s in stores):
            continue
        u = found.setdefault((w.company_ident, w.location, w.register_id),
                             Unclaimed(w.company_ident, w.location, w.register_id))
        if w.business_day not in u.days:
            u.days.append(w.business_day)
        u.total += total
    for u in found.values():
        u.days.sort()
    return [found[k] for k in sorted(found)]


def default_name(location: str, registers: list[str]) -> str:
    return location or f"Kasse {registers[0]}"


__all__ = ["locations", "matches", "store_of", "default_name", "Unclaimed", "unclaimed"]
