"""Which store a register's sales belong to: one rule for the wizard, the headless set-up and every send.

A store is a SAF-T *location* (all its registers), or, for an export without locations, a chosen list of
registers. ``locations`` lists what an export holds; ``store_of`` places a window (one register's span up to a
Z report) in a store.
"""

from __future__ import annotations

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


def default_name(location: str, registers: list[str]) -> str:
    return location or f"Kasse {registers[0]}"


__all__ = ["locations", "matches", "store_of", "default_name"]
