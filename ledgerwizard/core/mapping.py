"""How a store's POS codes map to the ledger: article groups (× VAT code) to revenue accounts, POS VAT codes to
ledger VAT codes, payment types to (clearing) accounts, and the accounts for rounding, tips, gift cards, cash
difference and credit sales.

A *template* (the "default ledger" of seed 000) is what new stores start from. A store keeps its own copy:
changing the template later never silently changes an existing store; ``apply_template`` does it on request.
"""

from __future__ import annotations

import copy
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Iterable, Sequence

if TYPE_CHECKING:  # annotations only: settings load mappings at start-up without the SAF-T model
    from .saft.model import MasterData, VatKey

CREDIT_EXCLUDE = "exclude"  # credit sales are invoiced in the ledger: leave them out (no double booking)
CREDIT_RECEIVABLES = "receivables"  # post them to customer receivables
CREDIT_POLICIES = (CREDIT_EXCLUDE, CREDIT_RECEIVABLES)


@dataclass
class GroupMapping:
    account: str = ""  # revenue account for the group's usual VAT code
    alternative: dict[str, str] = field(default_factory=dict)  # POS VAT code -> account (eat-in vs take-away)

    def account_for(self, vat_code: str) -> str:
        return self.alternative.get(vat_code) or self.account


@dataclass
class VatMapping:
    ledger_code: str = ""  # the ledger's VAT code (PowerOffice/Tripletex number theirs after SAF-T's codes)
    output_account: str = ""  # where the VAT goes when the voucher carries VAT as its own lines (2700/2701/2703)
    revenue_account: str = ""  # used when a day has no article-group detail (a Z-only export)


@dataclass
class Mapping:
    groups: dict[str, GroupMapping] = field(default_factory=dict)
    vat: dict[str, VatMapping] = field(default_factory=dict)
    payments: dict[str, str] = field(default_factory=dict)
    rounding_account: str = ""
    tips_account: str = ""
    gift_card_account: str = ""
    cash_difference_account: str = ""
    gift_cards: bool = True  # False: transactions with gift cards are left out and listed for manual posting
    gift_card_groups: list[str] = field(default_factory=list)
    credit_sales: str = CREDIT_EXCLUDE
    receivables_account: str = ""

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "Mapping":
        d = dict(d or {})
        m = cls()
        m.groups = {str(k): GroupMapping(str(v.get("account", "")), {str(a): str(b) for a, b in
                                                                   (v.get("alternative") or {}).items()})
                    for k, v in (d.get("groups") or {}).items()}
        m.vat = {str(k): VatMapping(str(v.get("ledger_code", "")), str(v.get("output_account", "")),
                                    str(v.get("revenue_account", ""))) for k, v in (d.get("vat") or {}).items()}
        m.payments = {str(k): str(v) for k, v in (d.get("payments") or {}).items()}
        for f in ("rounding_account", "tips_account", "gift_card_account", "cash_difference_account",
                  "receivables_account"):
            setattr(m, f, str(d.get(f, "") or ""))
        m.gift_cards = bool(d.get("gift_cards", True))
        m.gift_card_groups = [str(g) for g in d.get("gift_card_groups") or []]
        policy = d.get("credit_sales", CREDIT_EXCLUDE)
        if policy not in CREDIT_POLICIES:
            raise ValueError(f"credit_sales must be one of {CREDIT_POLICIES}, not {policy!r}")
        m.credit_sales = policy
        return m

    def copy(self) -> "Mapping":
        return copy.deepcopy(self)

    def fill_from(self, other: "Mapping") -> None:
        """Fill only what is blank here from ``other`` (suggestions never overwrite a user's choice)."""
        for g, gm in other.groups.items():
            mine = self.groups.setdefault(g, GroupMapping())
            mine.account = mine.account or gm.account
            for code, acc in gm.alternative.items():
                mine.alternative.setdefault(code, acc)
        for c, vm in other.vat.items():
            mine_v = self.vat.setdefault(c, VatMapping())
            mine_v.ledger_code = mine_v.ledger_code or vm.ledger_code
            mine_v.output_account = mine_v.output_account or vm.output_account
            mine_v.revenue_account = mine_v.revenue_account or vm.revenue_account
        for t, acc in other.payments.items():
            if not self.payments.get(t):
                self.payments[t] = acc
        for f in ("rounding_account", "tips_account", "gift_card_account", "cash_difference_account",
                  "receivables_account"):
            if not getattr(self, f):
                setattr(self, f, getattr(other, f))


# --- suggestions -----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Account:
    """One account of the ledger's chart (read live by a connector; NS 4102 numbers when offline)."""

    number: str
    name: str
    active: bool = True
    vat_code: str | None = None  # a VAT code the ledger locks this account to, if any
    department_required: bool = False
    id: str = ""  # the ledger's internal id, when it has one (PowerOffice, Tripletex)
    vat_locked: bool = False


# NS 4102 (Norsk Standard kontoplan) accounts a daily sales voucher uses; saft-cash-register.md §5.3.
NS4102 = {
    "1500": "Kundefordringer", "1579": "Andre kortsiktige fordringer", "1900": "Kontanter",
    "1909": "Kassedifferanse", "1920": "Bankinnskudd", "2700": "Utgående merverdiavgift, høy sats",
    "2701": "Utgående merverdiavgift, middels sats", "2702": "Utgående merverdiavgift, råfisk",
    "2703": "Utgående merverdiavgift, lav sats", "2900": "Forskudd fra kunder", "2901": "Gavekort",
    "2902": "Tilgodelapper", "2910": "Gjeld til ansatte", "3000": "Salgsinntekt handelsvarer, avgiftspliktig, høy sats",
    "3020": "Salgsinntekt tjenester, avgiftspliktig, høy sats",
    "3030": "Salgsinntekt handelsvarer, avgiftspliktig, middels sats",
    "3035": "Salgsinntekt råfisk, avgiftspliktig", "3050": "Salgsinntekt tjenester, avgiftspliktig, lav sats",
    "3100": "Salgsinntekt, avgiftsfri", "3105": "Salgsinntekt, utførsel, avgiftsfri",
    "3200": "Salgsinntekt, unntatt avgiftsplikt", "7740": "Øreavrunding",
}

# SAF-T standard VAT code -> (revenue account, output VAT account). Code 0 on a sale is a POS error (the
# purchase-side "no VAT treatment"): never suggested, the user must choose 5, 52 or 6 (reference §5.2).
_BY_STANDARD_VAT = {
    "3": ("3000", "2700"), "31": ("3030", "2701"), "32": ("3035", "2702"), "33": ("3050", "2703"),
    "5": ("3100", ""), "51": ("3100", ""), "52": ("3105", ""), "6": ("3200", ""),
}
_SERVICE_GROUPS = {"04001", "04004", "04005", "04015", "04016", "04017", "04018"}

# payment predefined code -> preferred account numbers (first that exists wins) and name keywords for a
# client's own sub-accounts. Card and app payments go to a clearing account, never the bank (seed 004).
_PAYMENTS = {
    "12001": (["1900"], ["kontant"], False),
    "12002": (["1579"], ["bankaxept", "bankkort", "kortoppgjør", "oppgjørskonto kort"], True),
    "12003": (["1579"], ["kredittkort", "visa", "mastercard", "kortoppgjør", "oppgjørskonto kort"], True),
    "12004": (["1920"], ["bankinnskudd"], False),
    "12005": (["2901", "2900"], ["gavekort"], False),
    "12006": (["1500"], ["kundefordring"], False),
    "12009": (["1900"], ["sjekk", "kontant"], False),
    "12010": (["2902", "2900"], ["tilgodelapp"], False),
    "12011": (["1579"], ["vipps", "mobil"], True),
}  # (preferred numbers, name keywords, keywords first: a client's own clearing account beats the generic 1579)


class _Chart:
    def __init__(self, chart: Iterable[Account] | None):
        self.accounts = {a.number: a for a in chart} if chart is not None else None

    def pick(self, numbers: list[str], keywords: Sequence[str] = (), lo: int = 1000, hi: int = 9999,
             keywords_first: bool = False) -> str:
        if self.accounts is None:
            return numbers[0] if numbers else ""
        by_number = next((n for n in numbers if (a := self.accounts.get(n)) is not None and a.active), "")
        by_name = next((a.number for kw in keywords for a in sorted(self.accounts.values(), key=lambda a: a.number)
                        if a.active and kw in a.name.lower() and a.number.isdigit() and lo <= int(a.number) <= hi), "")
        return (by_name or by_number) if keywords_first else (by_number or by_name)


def used_items(vat_keys: Iterable[VatKey], group_keys: Iterable[tuple[str, VatKey | None]],
               payment_types: Iterable[str]) -> tuple[set[str], set[tuple[str, str]], set[str]]:
    vats = {k.code for k in vat_keys}
    groups = {(g, k.code if k is not None else "") for g, k in group_keys}
    return vats, groups, {t for t in payment_types if t != "__credit__"}


def suggest(master: MasterData, vat_keys: Iterable[VatKey], group_keys: Iterable[tuple[str, VatKey | None]],
            payment_types: Iterable[str], chart: Iterable[Account] | None = None,
            ledger_vat_codes: Iterable[str] | None = None) -> Mapping:
    """A mapping proposal for what the data contains, from SAF-T's predefined codes and the NS 4102 chart.

    With a live ``chart`` only accounts that exist and are active are proposed; what cannot be matched stays
    blank for the user (never a guess that would post to a wrong account).
    """
    ch = _Chart(chart)
    vat_keys = list(vat_keys)
    known_ledger_codes = set(ledger_vat_codes) if ledger_vat_codes is not None else None
    m = Mapping()
    std_of = {k.code: master.standard_vat(k.code) for k in vat_keys}
    for code, std in std_of.items():
        rev, out = _BY_STANDARD_VAT.get(std or "", ("", ""))
        ledger_code = std if std in _BY_STANDARD_VAT else ""
        if known_ledger_codes is not None and ledger_code not in known_ledger_codes:
            ledger_code = ""
        m.vat[code] = VatMapping(ledger_code, ch.pick([out]) if out else "", ch.pick([rev]) if rev else "")
    # groups: main account for the group's most used VAT code, alternatives for the others
    by_group: dict[str, list[str]] = {}
    for g, k in group_keys:
        if k is not None:
            by_group.setdefault(g, []).append(k.code)
        else:
            by_group.setdefault(g, [])
    for g, vcodes in by_group.items():
        gm = GroupMapping()
        service = master.predefined(g) in _SERVICE_GROUPS
        for i, code in enumerate(sorted(set(vcodes), key=lambda c: (-vcodes.count(c), c))):
            std = std_of.get(code) or master.standard_vat(code)
            rev = _BY_STANDARD_VAT.get(std or "", ("", ""))[0]
            if service and rev == "3000":
                rev = "3020"
            acc = ch.pick([rev, "3000"] if rev == "3020" else [rev]) if rev else ""
            if i == 0:
                gm.account = acc
            elif acc and acc != gm.account:
                gm.alternative[code] = acc
        m.groups[g] = gm
    for t in payment_types:
        if t == "__credit__":
            continue
        numbers, kws, kw_first = _PAYMENTS.get(master.predefined(t) or "", ([], [], False))
        m.payments[t] = ch.pick(numbers, kws, 1000, 2999, kw_first) if numbers else ""
    m.rounding_account = ch.pick(["7740"], ["avrunding"], 7000, 8999)
    m.tips_account = ch.pick(["2910"], ["tips", "ansatte"], 2000, 2999)
    m.gift_card_account = ch.pick(["2901", "2900"], ["gavekort"], 2000, 2999)
    m.cash_difference_account = ch.pick(["1909"], ["kassedifferanse", "kassadifferanse"], 1000, 8999)
    m.receivables_account = ch.pick(["1500"], ["kundefordring"], 1000, 1999)
    return m


def apply_template(template: Mapping, stores: dict[str, Mapping], chosen: Iterable[str]) -> dict[str, Mapping]:
    """Copy the template onto the chosen stores only (seed 000: a template change is never silent)."""
    out = dict(stores)
    for s in chosen:
        out[s] = template.copy()
    return out


# --- one field of a mapping, by path (the accounts page's lines and the templates' preview use the same paths) -----
# groups.G.account | groups.G.alternative.C | vat.C.ledger_code | vat.C.output_account | vat.C.revenue_account |
# payments.T | rounding_account | tips_account | gift_card_account | cash_difference_account | receivables_account

SPECIAL_FIELDS = ("rounding_account", "tips_account", "gift_card_account", "cash_difference_account",
                  "receivables_account")


def _split(path: str) -> list[str]:
    head, _, rest = path.partition(".")
    if head == "groups":
        if ".alternative." in rest:
            g, _, code = rest.partition(".alternative.")
            return ["groups", g, "alternative", code]
        if rest.endswith(".account"):
            return ["groups", rest[:-len(".account")], "account"]
    if head == "vat":
        c, _, f = rest.rpartition(".")
        return ["vat", c, f]
    if head == "payments":
        return ["payments", rest]
    if path in SPECIAL_FIELDS:
        return [path]
    raise ValueError(f"not a mapping field: {path!r}")


def get_field(m: Mapping, path: str) -> str:
    """The value at ``path`` (an alternative account falls back to the group's account, as the voucher does)."""
    p = _split(path)
    if p[0] == "groups":
        gm = m.groups.get(p[1])
        if gm is None:
            return ""
        return gm.account if p[2] == "account" else gm.account_for(p[3])
    if p[0] == "vat":
        vm = m.vat.get(p[1])
        return getattr(vm, p[2]) if vm is not None else ""
    if p[0] == "payments":
        return m.payments.get(p[1], "")
    return str(getattr(m, p[0]))


def set_field(m: Mapping, path: str, value: str) -> None:
    p = _split(path)
    if p[0] == "groups":
        gm = m.groups.setdefault(p[1], GroupMapping())
        if p[2] == "account":
            gm.account = value
        else:
            gm.alternative[p[3]] = value
    elif p[0] == "vat":
        setattr(m.vat.setdefault(p[1], VatMapping()), p[2], value)
    elif p[0] == "payments":
        m.payments[p[1]] = value
    else:
        setattr(m, p[0], value)
