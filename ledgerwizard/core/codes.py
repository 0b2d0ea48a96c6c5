"""Skatteetaten's predefined SAF-T Cash Register codes (basics types 04, 10, 11, 12, 13) and how we treat them.

The code lists are Skatteetaten's own CSV files, shipped in ``resources/saft`` (see PROVENANCE there).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from ..paths import resources_dir

# Transaction codes (11xxx) that are sales for the daily voucher. Same set as the Danish tax agency's
# validator counts into the Z total (saft-cash-register.md §3.4), 11004 "Payment" included because LS Central
# and Oracle OPERA use it for ordinary sales.
SALES_TRANS_TYPES = frozenset({
    "11001", "11002", "11004", "11005", "11006", "11009", "11012", "11013", "11015", "11016", "11017",
})
# Never sales: purchases, float, cash difference, pay-out, pay-in, inventory.
NON_SALES_TRANS_TYPES = frozenset({"11003", "11007", "11008", "11010", "11011", "11014"})
# Sales on account: credit sale, cash and credit sale (the rest on account), credit sale and return.
CREDIT_TRANS_TYPES = frozenset({"11002", "11015", "11017"})
RETURN_TRANS_TYPES = frozenset({"11006"})
CASH_DIFFERENCE_TRANS_TYPE = "11008"
# Receiving payment on an earlier credit sale: a settlement, not revenue.
SETTLEMENT_TRANS_TYPES = frozenset({"11005"})

Z_REPORT_EVENT = "13009"
TIP_RAISE = "10001"
GIFT_CARD_PAYMENTS = frozenset({"12005", "12010"})  # gift token, credit note (tilgodelapp)
CUSTOMER_ACCOUNT_PAYMENT = "12006"


@dataclass(frozen=True)
class Code:
    code: str
    en: str
    nb: str


_FILES = {
    "04": "Norwegian SAF-T Cash Register data - Code list - PredefinedBasicID-04.csv",
    "10": "Norwegian SAF-T Cash Register data - Code list - PredefinedBasicID-10.csv",
    "11": "Norwegian SAF-T Cash Register data - Code list - PredefinedBasicID-11.csv",
    "12": "Norwegian SAF-T Cash Register data - Code list - PredefinedBasicID-12.csv",
    "13": "Norwegian SAF-T Cash Register data - Code list - PredefinedBasicID-13.csv",
}


@cache
def predefined(basic_type: str) -> dict[str, Code]:
    """Predefined codes of one basics type, e.g. ``predefined("12")["12002"].nb == "Bankkort (debet kort)"``."""
    name = _FILES.get(basic_type)
    if name is None:
        return {}
    raw = (resources_dir() / "saft" / name).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:  # Skatteetaten's older lists are Latin-1
        text = raw.decode("latin-1")
    rows = list(csv.reader(text.splitlines(), delimiter=";"))
    out = {}
    for row in rows[1:]:
        if len(row) >= 3 and row[0].strip():
            out[row[0].strip()] = Code(row[0].strip(), row[1].strip(), row[2].strip())
    return out


def describe(basic_type: str, code: str | None, lang: str = "nb") -> str:
    c = predefined(basic_type).get(code or "")
    if c is None:
        return code or ""
    return c.en if lang == "en" else c.nb
