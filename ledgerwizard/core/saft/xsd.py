"""Strict parsing of the schema's simple types (xsd:decimal, xsd:nonNegativeInteger, xsd:date, xsd:time).

Python's own constructors accept far more than XML Schema does: ``Decimal`` and ``int`` take ``1_000``,
Arabic-Indic and full-width digits and exponents, and ``int(Decimal("1e999999999"))`` builds a billion-digit
integer (minutes of CPU, hundreds of MB). Every number in a SAF-T file is therefore checked against the schema's
lexical form *and* its digit limits (``totalDigits``/``fractionDigits``, counted in the value space: leading
zeros of the integer part and trailing zeros of the fraction do not count) before it is converted, with a bounded
length so no check is ever slower than a few microseconds.

Valid texts repeat a lot in a journal (prices, dates): the conversions are memoised in small bounded tables,
which makes the checks cheaper than the bare constructors on a real file.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from ..i18n import Text

MAX_TEXT = 64  # longest number text looked at (with whitespace and leading zeros); a schema-valid one is shorter
_CACHE_MAX = 16384

# xsd:decimal lexical form: (\+|-)?([0-9]+(\.[0-9]*)?|\.[0-9]+), with XML whitespace around it (collapse).
# Groups: 1 sign, 2 significant integer digits (leading zeros dropped), 3 fraction digits without trailing zeros.
_DECIMAL = re.compile(r"[ \t\r\n]*([+-]?)(?=\.?[0-9])0*([0-9]*)(?:\.([0-9]*?)0*)?[ \t\r\n]*")
_INTEGER = re.compile(r"[ \t\r\n]*([+-]?)(?=[0-9])0*([0-9]*)[ \t\r\n]*")
# a date-time written where a date belongs (seen from sloppy producers) is read by its date part, as before
_DATE = re.compile(r"[ \t\r\n]*([0-9]{4})-([0-9]{2})-([0-9]{2})(?:Z|[+-][0-9]{2}:[0-9]{2}|T[0-9:.+Z-]{0,30})?"
                   r"[ \t\r\n]*")
_TIME = re.compile(r"[ \t\r\n]*([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.[0-9]{1,9})?)?(?:Z|[+-][0-9]{2}:[0-9]{2})?"
                   r"[ \t\r\n]*")


class XsdValueError(ValueError):
    """A text that is not a valid value of its schema type; ``text`` names the value and the problem (not the
    field: the caller knows where it was)."""

    def __init__(self, text: Text):
        self.text = text
        super().__init__(text.en)


# (totalDigits, fractionDigits, minimum 0?) of the schema's numeric types
AMOUNT2 = (20, 2, False)  # Amount2decimals: every money amount
AMOUNT6 = (20, 6, False)  # Amount6decimals: qnt, ppu, exchRt, artGroupNum
DECIMAL8 = (8, 3, True)  # Decimal8: vatPerc

_decimal_cache: dict[tuple, dict[str, Decimal]] = {AMOUNT2: {}, AMOUNT6: {}, DECIMAL8: {}}


def _usual(kind: tuple):
    """A match of the plain form of ``kind`` (ASCII digits, an optional '-' where negatives are allowed, a '.' with
    1 to ``fractionDigits`` digits), short enough that even its leading zeros stay within ``totalDigits``: a
    subset of the valid texts, so what it accepts needs no further check."""
    total, fraction, nonneg = kind
    sign = "" if nonneg else "-?"
    return re.compile(f"{sign}[0-9]{{1,{total - fraction}}}(?:\\.[0-9]{{1,{fraction}}})?").fullmatch


_USUAL = {k: _usual(k) for k in _decimal_cache}


def _shown(text: str) -> str:
    return repr(text.strip()[:40] + ("…" if len(text.strip()) > 40 else ""))


def decimal(text: str, kind: tuple = AMOUNT2) -> Decimal:
    """``text`` as a Decimal if it is a valid xsd:decimal within the type's digit limits, else XsdValueError."""
    cache = _decimal_cache[kind]
    got = cache.get(text)
    if got is not None:
        return got
    # the usual form ("-123.45", within the type's digits however its zeros count) in one compiled match;
    # anything else goes through the full grammar below
    if _USUAL[kind](text) is not None:
        value = Decimal(text)
        if len(cache) >= _CACHE_MAX:
            cache.clear()
        cache[text] = value
        return value
    total, fraction, nonneg = kind
    m = _DECIMAL.fullmatch(text) if len(text) <= MAX_TEXT else None
    if m is None:
        raise XsdValueError(Text(f"{_shown(text)} er ikke et tall (sifrene 0-9 og ett punktum, uten eksponent)",
                                 f"{_shown(text)} is not a number (digits 0-9 and one '.', no exponent)"))
    ints, frac = m.group(2), m.group(3) or ""
    if len(frac) > fraction or len(ints) + len(frac) > total:
        raise XsdValueError(Text(f"{_shown(text)} har flere sifre enn skjemaet tillater "
                                 f"({total} sifre, {fraction} etter punktum)",
                                 f"{_shown(text)} has more digits than the schema allows "
                                 f"({total} digits, {fraction} after the point)"))
    value = Decimal(text)
    if nonneg and value < 0:
        raise XsdValueError(Text(f"{_shown(text)} er negativt (skjemaet tillater bare 0 eller mer)",
                                 f"{_shown(text)} is negative (the schema allows only 0 or more)"))
    if len(cache) >= _CACHE_MAX:
        cache.clear()
    cache[text] = value
    return value


def count(text: str, digits: int = 10) -> int:
    """A nonNegativeInteger with at most ``digits`` digits (the schema's Nonnegativeinteger10/3)."""
    m = _INTEGER.fullmatch(text) if len(text) <= MAX_TEXT else None
    if m is None:
        raise XsdValueError(Text(f"{_shown(text)} er ikke et helt tall (0 eller mer, sifrene 0-9)",
                                 f"{_shown(text)} is not a whole number (0 or more, digits 0-9)"))
    sign, ints = m.groups()
    if len(ints) > digits:
        raise XsdValueError(Text(f"{_shown(text)} har flere enn {digits} sifre",
                                 f"{_shown(text)} has more than {digits} digits"))
    if sign == "-" and ints:
        raise XsdValueError(Text(f"{_shown(text)} er negativt", f"{_shown(text)} is negative"))
    return int(ints or "0")


def _not_a_date(text: str) -> Text:
    return Text(f"{_shown(text)} er ikke en dato (ÅÅÅÅ-MM-DD)", f"{_shown(text)} is not a date (YYYY-MM-DD)")


def _not_a_time(text: str) -> Text:
    return Text(f"{_shown(text)} er ikke et klokkeslett (tt:mm:ss)", f"{_shown(text)} is not a time (hh:mm:ss)")


_date_cache: dict[str, dt.date] = {}
_time_cache: dict[str, dt.time] = {}


def date(text: str) -> dt.date:
    """An xsd:date (YYYY-MM-DD, optional time zone, which is ignored: the journal is in local time)."""
    got = _date_cache.get(text)
    if got is not None:
        return got
    m = _DATE.fullmatch(text) if len(text) <= MAX_TEXT else None
    if m is None:
        raise XsdValueError(_not_a_date(text))
    try:
        value = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise XsdValueError(_not_a_date(text)) from None
    if len(_date_cache) >= _CACHE_MAX:
        _date_cache.clear()
    _date_cache[text] = value
    return value


def time(text: str) -> dt.time:
    """An xsd:time (hh:mm:ss; also hh:mm; an optional fraction and time zone are ignored)."""
    got = _time_cache.get(text)
    if got is not None:
        return got
    m = _TIME.fullmatch(text) if len(text) <= MAX_TEXT else None
    if m is None:
        raise XsdValueError(_not_a_time(text))
    try:
        value = dt.time(int(m.group(1)), int(m.group(2)), int(m.group(3) or 0))
    except ValueError:
        raise XsdValueError(_not_a_time(text)) from None
    if len(_time_cache) >= _CACHE_MAX:
        _time_cache.clear()
    _time_cache[text] = value
    return value
