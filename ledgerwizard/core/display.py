"""Untrusted text made safe to show: file names, zip members and values read from an export or a ledger.

A name may carry a newline, a terminal escape sequence or a right-to-left override; printed raw, it can forge a
line ("Sent: voucher 999"), clear a terminal or hide a file's real extension. ``printable`` escapes every control
and format character (Unicode categories Cc, Cf, Zl, Zp) as ``\\xNN`` / ``\\uNNNN`` and leaves everything else,
Norwegian letters included, as it is. Apply it where untrusted text enters a message, not to whole messages
(their own line breaks are wanted).
"""

from __future__ import annotations

import re
import unicodedata

_UNSAFE = frozenset(("Cc", "Cf", "Zl", "Zp", "Cs"))


def printable(text: object, limit: int | None = None) -> str:
    """``text`` with control and format characters escaped; cut to ``limit`` characters (with …) if given."""
    s = str(text)
    if s.isprintable() and s.isascii():
        out = s
    else:
        parts = []
        for ch in s:
            if unicodedata.category(ch) in _UNSAFE:
                n = ord(ch)
                parts.append(f"\\x{n:02x}" if n < 0x100 else f"\\u{n:04x}" if n < 0x10000 else f"\\U{n:08x}")
            else:
                parts.append(ch)
        out = "".join(parts)
    if limit is not None and len(out) > limit:
        out = out[: max(0, limit - 1)] + "…"
    return out


def org_number(value: object) -> str:
    """A Norwegian organisation number as people write it: nine digits grouped ``999 888 777`` (a ``NO`` prefix and
    ``MVA`` suffix kept); anything else shown as it is (escaped)."""
    s = str(value or "").strip()
    m = _ORG_NR.match(s)
    if not m:
        return printable(s, 40)
    grouped = " ".join(g for g in (m["no"] and "NO", f"{m['a']} {m['b']} {m['c']}", m["mva"] and "MVA") if g)
    return grouped


_ORG_NR = re.compile(r"^(?P<no>NO)?\s*(?P<a>\d{3})[\s.]*(?P<b>\d{3})[\s.]*(?P<c>\d{3})\s*(?P<mva>MVA)?$", re.IGNORECASE)


def moment(text: str | None) -> str:
    """A journal time stamp (ISO 8601; one without a zone is UTC) as ``dd.mm HH:MM`` in the store's time
    (Europe/Oslo), as the schedule, the business days and the status window count; "" for a missing or garbled one.
    The tray's menu and the status window show the same time for the same transfer, whatever zone the PC is in."""
    from .schedule import _oslo, parse_stamp

    t = parse_stamp(text)
    return f"{t.astimezone(_oslo()):%d.%m %H:%M}" if t is not None else ""


__all__ = ["moment", "org_number", "printable"]
