"""Mapping templates: a store's or a company's accounts, VAT codes and payment types as a documented JSON file
(docs/templates.md), read back strictly, compared with another store's mapping (old → new per line) and checked
against that store's live chart before anything is applied. No Qt; reading and writing a file are plain functions
the UI runs on a worker.

What a template never holds: departments (they belong to the store and its ledger), keys or any other secret, ids
of a ledger's internal objects. A file is refused, with its name and the problem, when it is not JSON, has another
format or version, has a key this format does not know, or holds values no account number could be.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from ..core.errors import LedgerWizardError
from ..core.i18n import Text
from ..core.mapping import CREDIT_POLICIES, GroupMapping, Mapping, VatMapping, set_field

if TYPE_CHECKING:
    from ..connectors.base import Chart

FORMAT = "ledgerwizard-mapping"
VERSION = 1
MAX_BYTES = 1_000_000  # a template of a large store is a few kB; anything near this is not a template
MAX_ENTRIES = 2000  # per table (article groups, VAT codes, payment types)
_CODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z ._/-]{0,39}$")  # a POS code or a ledger account/VAT code
_SPECIALS = ("rounding_account", "tips_account", "gift_card_account", "cash_difference_account", "receivables_account")
_TOP = {"format", "version", "name", "exported", "source", "mapping"}
_SOURCE = {"system", "company", "store"}
_MAPPING = {"groups", "vat", "payments", "gift_cards", "gift_card_groups", "credit_sales", *_SPECIALS}
_GROUP = {"account", "alternative"}
_VAT = {"ledger_code", "output_account", "revenue_account"}


class TemplateError(LedgerWizardError):
    """A template file that cannot be used: the file and the problem are named; nothing was changed."""

    code = "bad_template"


@dataclass
class Template:
    mapping: Mapping
    name: str = ""
    exported: str = ""
    source: dict[str, str] | None = None


# --- writing ----------------------------------------------------------------------------------------------------------

def to_document(mapping: Mapping, *, name: str = "", source: dict[str, str] | None = None,
                now: dt.datetime | None = None) -> dict:
    """The JSON document of a mapping: accounts, VAT codes and payment types (never departments or keys)."""
    m = mapping
    doc: dict[str, Any] = {"format": FORMAT, "version": VERSION, "name": name,
                           "exported": (now or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0).isoformat()}
    if source:
        doc["source"] = {k: str(v) for k, v in source.items() if k in _SOURCE and v}
    doc["mapping"] = {
        "groups": {g: {"account": gm.account, "alternative": dict(sorted(gm.alternative.items()))}
                   for g, gm in sorted(m.groups.items())},
        "vat": {c: {"ledger_code": v.ledger_code, "output_account": v.output_account,
                    "revenue_account": v.revenue_account} for c, v in sorted(m.vat.items())},
        "payments": dict(sorted(m.payments.items())),
        **{f: getattr(m, f) for f in _SPECIALS},
        "gift_cards": m.gift_cards, "gift_card_groups": list(m.gift_card_groups), "credit_sales": m.credit_sales,
    }
    return doc


def dumps(mapping: Mapping, **kw: Any) -> str:
    return json.dumps(to_document(mapping, **kw), ensure_ascii=False, indent=2) + "\n"


def write(path: str | Path, mapping: Mapping, **kw: Any) -> None:
    """Write a template atomically (a temp file in the same folder, then replace)."""
    p = Path(path)
    text = dumps(mapping, **kw)
    try:
        fd, tmp = tempfile.mkstemp(prefix=".template-", suffix=".tmp", dir=str(p.parent))
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, p)
    except OSError as e:
        raise TemplateError(Text(f"Malen kunne ikke lagres: {e.strerror or e}.", f"The template could not be saved: "
                                 f"{e.strerror or e}."),
                            Text("Velg en annen mappe, eller sjekk at du har skrivetilgang.",
                                 "Choose another folder, or check that you may write there."), path=p) from e


# --- reading -------------------------------------------------------------------------------------------------------------

def _bad(path: str, nb: str, en: str) -> TemplateError:
    return TemplateError(Text(f"Ikke en gyldig kontomal: {nb}", f"Not a valid mapping template: {en}"),
                         Text("Ingenting er endret. Eksporter malen på nytt fra ledgerwizard, eller rett filen "
                              "(formatet står i docs/templates.md).",
                              "Nothing was changed. Export the template again from ledgerwizard, or correct the file "
                              "(the format is in docs/templates.md)."), path=path)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            raise ValueError(f"duplicate key {k!r}")
        out[k] = v
    return out


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number")


def read(path: str | Path) -> Template:
    """Read a template file (on a worker: the file may be on a slow share)."""
    p = Path(path)
    try:
        with open(p, "rb") as f:
            raw = f.read(MAX_BYTES + 1)
    except OSError as e:
        raise TemplateError(Text(f"Filen kunne ikke leses: {e.strerror or e}.", f"The file could not be read: "
                                 f"{e.strerror or e}."),
                            Text("Sjekk at filen finnes og at du har tilgang til den.",
                                 "Check that the file exists and that you may open it."), path=p) from e
    if len(raw) > MAX_BYTES:
        raise _bad(str(p), f"filen er større enn {MAX_BYTES // 1000} kB.", f"the file is larger than {MAX_BYTES // 1000} kB.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _bad(str(p), "filen er ikke tekst i UTF-8.", "the file is not UTF-8 text.") from None
    return loads(text, str(p))


def loads(text: str, path: str = "") -> Template:
    try:
        doc = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except RecursionError:
        raise _bad(path, "filen er nøstet for dypt.", "the file is nested too deeply.") from None
    except json.JSONDecodeError as e:
        raise _bad(path, f"ikke gyldig JSON (linje {e.lineno}, kolonne {e.colno}).",
                   f"not valid JSON (line {e.lineno}, column {e.colno}).") from None
    except ValueError as e:
        raise _bad(path, f"ikke gyldig JSON ({e}).", f"not valid JSON ({e}).") from None
    return from_document(doc, path)


def _keys(path: str, where: str, d: Any, allowed: set[str]) -> dict:
    if not isinstance(d, dict):
        raise _bad(path, f"«{where}» skal være et objekt.", f"'{where}' must be an object.")
    unknown = sorted(set(d) - allowed)
    if unknown:
        names = ", ".join(_show(k) for k in unknown[:5])
        raise _bad(path, f"ukjent nøkkel i «{where}»: {names}.", f"unknown key in '{where}': {names}.")
    return d


def _show(v: Any) -> str:
    s = str(v)
    s = "".join(c if c.isprintable() else "?" for c in s)
    return repr(s[:40] + ("…" if len(s) > 40 else ""))


def _code(path: str, where: str, v: Any, blank: bool = True) -> str:
    if not isinstance(v, str):
        raise _bad(path, f"«{where}» skal være tekst.", f"'{where}' must be text.")
    if v == "" and blank:
        return v
    if not _CODE.match(v):
        raise _bad(path, f"«{where}» er ikke et gyldig konto- eller kodenummer: {_show(v)}.",
                   f"'{where}' is not a valid account or code: {_show(v)}.")
    return v


def _table(path: str, where: str, d: Any) -> dict:
    if not isinstance(d, dict):
        raise _bad(path, f"«{where}» skal være et objekt.", f"'{where}' must be an object.")
    if len(d) > MAX_ENTRIES:
        raise _bad(path, f"«{where}» har flere enn {MAX_ENTRIES} linjer.", f"'{where}' has more than {MAX_ENTRIES} lines.")
    for k in d:
        _code(path, f"{where}", k, blank=False)
    return d


def from_document(doc: Any, path: str = "") -> Template:
    d = _keys(path, "/", doc, _TOP)
    if d.get("format") != FORMAT:
        raise _bad(path, f"«format» skal være «{FORMAT}», ikke {_show(d.get('format'))}.",
                   f"'format' must be '{FORMAT}', not {_show(d.get('format'))}.")
    version = d.get("version")
    if type(version) is not int:
        raise _bad(path, "«version» mangler eller er ikke et heltall.", "'version' is missing or not a whole number.")
    if version != VERSION:
        raise _bad(path, f"versjon {version} støttes ikke (denne utgaven leser versjon {VERSION}); oppdater "
                         f"ledgerwizard eller eksporter malen på nytt.",
                   f"version {version} is not supported (this release reads version {VERSION}); update "
                   f"ledgerwizard or export the template again.")
    name = d.get("name", "")
    exported = d.get("exported", "")
    for key, v in (("name", name), ("exported", exported)):
        if not isinstance(v, str) or len(v) > 200 or any(not c.isprintable() for c in v):
            raise _bad(path, f"«{key}» skal være en kort tekst.", f"'{key}' must be a short text.")
    source = None
    if "source" in d:
        src = _keys(path, "source", d["source"], _SOURCE)
        for k, v in src.items():
            if not isinstance(v, str) or len(v) > 200 or any(not c.isprintable() for c in v):
                raise _bad(path, f"«source.{k}» skal være en kort tekst.", f"'source.{k}' must be a short text.")
        source = dict(src)
    if "mapping" not in d:
        raise _bad(path, "«mapping» mangler.", "'mapping' is missing.")
    mp = _keys(path, "mapping", d["mapping"], _MAPPING)
    m = Mapping()
    for g, gv in _table(path, "mapping.groups", mp.get("groups", {})).items():
        gd = _keys(path, f"mapping.groups.{g}", gv, _GROUP)
        alt = _table(path, f"mapping.groups.{g}.alternative", gd.get("alternative", {}))
        m.groups[g] = GroupMapping(_code(path, f"mapping.groups.{g}.account", gd.get("account", "")),
                                   {c: _code(path, f"mapping.groups.{g}.alternative.{c}", a) for c, a in alt.items()})
    for c, vv in _table(path, "mapping.vat", mp.get("vat", {})).items():
        vd = _keys(path, f"mapping.vat.{c}", vv, _VAT)
        m.vat[c] = VatMapping(*(_code(path, f"mapping.vat.{c}.{f}", vd.get(f, ""))
                                for f in ("ledger_code", "output_account", "revenue_account")))
    m.payments = {t: _code(path, f"mapping.payments.{t}", a)
                  for t, a in _table(path, "mapping.payments", mp.get("payments", {})).items()}
    for f in _SPECIALS:
        setattr(m, f, _code(path, f"mapping.{f}", mp.get(f, "")))
    gift = mp.get("gift_cards", True)
    if not isinstance(gift, bool):
        raise _bad(path, "«mapping.gift_cards» skal være true eller false.", "'mapping.gift_cards' must be true or false.")
    m.gift_cards = gift
    groups = mp.get("gift_card_groups", [])
    if not isinstance(groups, list) or len(groups) > MAX_ENTRIES:
        raise _bad(path, "«mapping.gift_card_groups» skal være en liste.", "'mapping.gift_card_groups' must be a list.")
    m.gift_card_groups = [_code(path, "mapping.gift_card_groups", g, blank=False) for g in groups]
    credit = mp.get("credit_sales", "exclude")
    if credit not in CREDIT_POLICIES:
        raise _bad(path, f"«mapping.credit_sales» skal være «exclude» eller «receivables», ikke {_show(credit)}.",
                   f"'mapping.credit_sales' must be 'exclude' or 'receivables', not {_show(credit)}.")
    m.credit_sales = credit
    return Template(m, name, exported, source)


# --- comparing and checking -----------------------------------------------------------------------------------------------

@dataclass
class Change:
    """One line of a template's preview: what a store has now and what the template would make it."""

    section: str  # revenue, vat, payment, other
    field: str  # a path in the mapping: groups.100.account, groups.100.alternative.3, vat.3.ledger_code, ...
    label: Text
    old: str
    new: str
    problem: Text | None = None  # the new value is not usable in the target's live chart
    checked: bool = False  # checked against a live chart

    @property
    def changed(self) -> bool:
        return self.old != self.new


def _flat(m: Mapping) -> dict[str, tuple[str, Text, str]]:
    """path -> (section, label, value)"""
    out: dict[str, tuple[str, Text, str]] = {}
    for g, gm in m.groups.items():
        out[f"groups.{g}.account"] = ("revenue", Text(f"Varegruppe {g}", f"Article group {g}"), gm.account)
        for c, a in gm.alternative.items():
            out[f"groups.{g}.alternative.{c}"] = ("revenue", Text(f"Varegruppe {g}, mva-kode {c}",
                                                                  f"Article group {g}, VAT code {c}"), a)
    for c, v in m.vat.items():
        out[f"vat.{c}.ledger_code"] = ("vat", Text(f"Mva-kode {c}: regnskapets mva-kode", f"VAT code {c}: the "
                                                   f"ledger's VAT code"), v.ledger_code)
        out[f"vat.{c}.output_account"] = ("vat", Text(f"Mva-kode {c}: utgående mva", f"VAT code {c}: output VAT"),
                                          v.output_account)
        out[f"vat.{c}.revenue_account"] = ("revenue", Text(f"Mva-kode {c}: salg uten varegruppe",
                                                           f"VAT code {c}: sales without article group"),
                                           v.revenue_account)
    for t, a in m.payments.items():
        out[f"payments.{t}"] = ("payment", Text(f"Betalingsmåte {t}", f"Payment type {t}"), a)
    labels = {"rounding_account": Text("Øreavrunding", "Rounding"), "tips_account": Text("Tips", "Tips"),
              "gift_card_account": Text("Gavekort", "Gift cards"),
              "cash_difference_account": Text("Kassedifferanse", "Cash difference"),
              "receivables_account": Text("Kundefordringer (kredittsalg)", "Receivables (credit sales)")}
    for f in _SPECIALS:
        out[f] = ("other", labels[f], getattr(m, f))
    return out


_ORDER = {"revenue": 0, "vat": 1, "payment": 2, "other": 3}


def preview(current: Mapping, template: Mapping, chart: Chart | None = None) -> list[Change]:
    """Every line the template sets (a blank in the template leaves the store's value), old → new, with the new
    value checked against ``chart`` when there is one. Unchanged lines are included (``changed`` is False)."""
    cur, new = _flat(current), _flat(template)
    out: list[Change] = []
    for path, (section, label, value) in new.items():
        if not value:
            continue
        old = cur.get(path, (section, label, ""))[2]
        out.append(Change(section, path, label, old, value, check(path, value, chart), chart is not None))
    out.sort(key=lambda c: (_ORDER[c.section], c.field))
    return out


def check(path: str, value: str, chart: Chart | None) -> Text | None:
    """Why ``value`` cannot be used at ``path`` in ``chart`` (None: it can, or there is no chart to ask)."""
    if chart is None or not value:
        return None
    if path.endswith(".ledger_code"):
        if chart.vat(value) is None:
            return Text(f"Mva-kode {value} finnes ikke i regnskapet.", f"VAT code {value} does not exist in the ledger.")
        return None
    acc = chart.account(value)
    if acc is None:
        return Text(f"Konto {value} finnes ikke i kontoplanen.", f"Account {value} is not in the chart.")
    if not acc.active:
        return Text(f"Konto {value} er inaktiv.", f"Account {value} is inactive.")
    return None


def apply(current: Mapping, template: Mapping, changes: Iterable[Change] | None = None) -> Mapping:
    """``current`` with the template's values (only the ``changes`` given, when given; blanks never overwrite).
    Options (gift cards on/off, credit sales) come from the template too when all of it is applied."""
    out = current.copy()
    wanted = None if changes is None else {c.field for c in changes}
    for path, (_s, _l, value) in _flat(template).items():
        if not value or (wanted is not None and path not in wanted):
            continue
        set_field(out, path, value)
    if changes is None:
        out.gift_cards, out.credit_sales = template.gift_cards, template.credit_sales
        out.gift_card_groups = list(template.gift_card_groups)
    return out


def merged(mappings: Iterable[Mapping]) -> Mapping:
    """A company's mapping: its stores' mappings, the first store's value winning where they differ."""
    out = Mapping()
    first = True
    for m in mappings:
        if first:
            out = m.copy()
            first = False
        else:
            out.fill_from(m)
    return out


__all__ = ["FORMAT", "VERSION", "Template", "TemplateError", "Change", "to_document", "dumps", "write", "read", "loads",
           "from_document", "preview", "check", "apply", "merged"]
