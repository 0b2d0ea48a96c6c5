"""Dates and times typed by a person (the command line, settings), with a clear error naming what is wrong."""

from __future__ import annotations

import datetime as dt

from .errors import UsageError
from .i18n import Text


def parse_cutoff(text: str) -> dt.time:
    try:
        return dt.time.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(Text(f"Ugyldig klokkeslett for dagsskille: {text!r} (bruk TT:MM).",
                              f"Invalid business-day cut-off: {text!r} (use HH:MM).")) from None


def parse_day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(Text(f"Ugyldig dato: {text!r} (bruk ÅÅÅÅ-MM-DD).", f"Invalid date: {text!r} (use YYYY-MM-DD).")) \
            from None


__all__ = ["parse_cutoff", "parse_day"]
