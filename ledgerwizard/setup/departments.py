"""Which ledger department each store posts to, chosen from the ledger's live list (PowerOffice and Tripletex
departments, Xledger's department object values, Duett's carriers), or explicitly none. Plain Python, no Qt: the
keys step shows one row per store and the tests drive these rules directly.

A store's department is never made up: it is empty until the user chooses one (or "no department") or a
department of the live list matches the store by name or number, which is then shown as a suggestion. A
department that is not in the ledger, or is inactive there, is a red row and the setup cannot finish, exactly like
an account.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

from ..core.i18n import Text

if TYPE_CHECKING:
    from ..connectors.base import Chart, Department
    from ..core.mapping import Mapping

# a store's department state
CHOSEN, SUGGESTED, NONE, UNSET = "chosen", "suggested", "none", "unset"

NO_DEPARTMENT = Text("Ingen avdeling", "No department")


def _fold(text: str) -> str:
    """Lower case without accents and punctuation ("Grünerløkka" ~ "grunerløkka", "Storgata 5" ~ "storgata 5")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.findall(r"\w+", plain))


def label(dep: Department) -> str:
    """How a department is listed: its number and name (an inactive one says so)."""
    text = f"{dep.code} {dep.name}".strip() if dep.name != dep.code else dep.code
    return text


def suggest(names: Iterable[str], departments: Iterable[Department]) -> Department | None:
    """The active department that matches a store's name or location (``names``), or None when none or more than
    one match equally well: the same name first ("Storgata" ↔ "Storgata"), then a department whose whole name is
    in the store's ("Location A: Shop Frogner" ↔ "Frogner"), then the store's one number as the department's
    ("Butikk 2" ↔ 2)."""
    active = [d for d in departments if d.active]
    folded = [f for f in (_fold(n) for n in names if n) if f]
    if not active or not folded:
        return None

    def unique(found: list[Department]) -> Department | None:
        ids = {d.id for d in found}
        return found[0] if len(ids) == 1 else None

    same = [d for d in active if _fold(d.name) and _fold(d.name) in folded]
    if same:
        return unique(same)
    contained = [d for d in active if _fold(d.name) and any(f" {_fold(d.name)} " in f" {n} " for n in folded)]
    if contained:
        longest = max(len(_fold(d.name)) for d in contained)
        return unique([d for d in contained if len(_fold(d.name)) == longest])
    for n in folded:
        numbers = re.findall(r"\d+", n)
        if len(numbers) == 1:
            match = [d for d in active if d.code.lstrip("0") == numbers[0].lstrip("0") and d.code]
            if match:
                return unique(match)
    return None


def requiring(mapping: Mapping | None, chart: Chart | None) -> list[str]:
    """The accounts of a store's mapping that the ledger accepts only with a department."""
    if mapping is None or chart is None:
        return []
    numbers = {g.account for g in mapping.groups.values()} | {a for g in mapping.groups.values()
                                                             for a in g.alternative.values()}
    numbers |= {v.output_account for v in mapping.vat.values()} | {v.revenue_account for v in mapping.vat.values()}
    numbers |= set(mapping.payments.values()) | {mapping.rounding_account, mapping.tips_account,
                                                mapping.gift_card_account, mapping.cash_difference_account,
                                                mapping.receivables_account}
    found = (chart.account(n) for n in numbers if n)
    return sorted(a.number for a in found if a is not None and a.department_required)


def find(code: str, departments: Iterable[Department]) -> Department | None:
    return next((d for d in departments if d.code == code), None)


def problem(code: str, departments: list[Department] | None, requires_department: Iterable[str] = ()) -> Text | None:
    """Why a store's department cannot be used (None: it can). ``departments``: the ledger's live list (None: not
    read yet); ``requires_department``: the store's accounts that the ledger only accepts with a department."""
    if not code:
        need = sorted(set(requires_department))
        if need:
            return Text(f"Konto {', '.join(need)} krever avdeling i regnskapet – velg en avdeling.",
                        f"Account {', '.join(need)} requires a department in the ledger – choose a department.")
        return None
    if departments is None:
        return None
    dep = find(code, departments)
    if dep is None:
        return Text(f"Avdeling {code} finnes ikke i regnskapet. Velg en fra listen, eller «Ingen avdeling».",
                    f"Department {code} does not exist in the ledger. Choose one from the list, or “No department”.")
    if not dep.active:
        return Text(f"Avdeling {label(dep)} er inaktiv i regnskapet. Velg en annen, eller aktiver den i "
                    f"regnskapssystemet.",
                    f"Department {label(dep)} is inactive in the ledger. Choose another, or activate it in the "
                    f"accounting system.")
    return None


@dataclass
class DepartmentRow:
    """One store's line on the keys step."""

    store_id: str
    store_name: str
    value: str  # the department's code; "" for none
    state: str  # CHOSEN, SUGGESTED, NONE (chosen: no department), UNSET (nothing chosen, nothing matched)
    problem: Text | None = None

    def state_text(self, departments: list[Department] | None) -> Text:
        if self.problem is not None:
            return self.problem
        if self.state == SUGGESTED:
            dep = find(self.value, departments or [])
            name = label(dep) if dep is not None else self.value
            return Text(f"Foreslått: {name} (samme navn eller nummer som butikken). Velg en annen om den ikke stemmer.",
                        f"Suggested: {name} (same name or number as the store). Choose another if it is wrong.")
        if self.state == CHOSEN:
            return Text("Valgt.", "Chosen.")
        if self.state == NONE:
            return Text("Bilagene føres uten avdeling.", "The vouchers are posted without a department.")
        return Text("Ingen avdeling passer butikkens navn: bilagene føres uten avdeling. Velg en om regnskapet "
                    "bruker avdelinger.",
                    "No department matches the store's name: the vouchers are posted without a department. Choose "
                    "one if the ledger uses departments.")


def options(departments: list[Department] | None) -> list[tuple[str, str, bool]]:
    """The choices for a store: (code, label, active); the live list's order, inactive ones last."""
    deps = sorted(departments or [], key=lambda d: not d.active)
    return [(d.code, label(d), d.active) for d in deps]


__all__ = ["CHOSEN", "SUGGESTED", "NONE", "UNSET", "NO_DEPARTMENT", "suggest", "problem", "DepartmentRow", "options",
           "label", "requiring", "find"]
