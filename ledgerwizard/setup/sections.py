"""The settings dialog's sections, each saved on its own: what a section owns in the settings file, how its part of
the setup's draft is merged into the settings as they are on disk (the other sections' saved values untouched, even
if they were edited and not saved), and whether it has unsaved changes. No Qt.

* ``source``   – the export folder and the stores found in it (their accounts kept)
* ``ledger``   – the accounting system, its environment and options per company, and the keys (keyring)
* ``accounts`` – each store's accounts and VAT codes, and the template for new stores
* ``sending``  – send times, the business day's cut-off, automatic sending and its go-live day, notifications
* ``invoicing`` – per ledger company, whether credit sales go to the ledger as open orders (from which day), and
  which ledger customer each POS customer is invoiced to (``setup.customers``; the wizard's customers step)
"""

from __future__ import annotations

import copy
from dataclasses import replace
from typing import TYPE_CHECKING

from ..core.i18n import Text

if TYPE_CHECKING:
    from ..adapters.settings import Settings
    from .model import SetupModel

SECTIONS = ("source", "ledger", "accounts", "sending", "invoicing")
STEPS = {"source": ("source",), "ledger": ("system", "keys"), "accounts": ("accounts",), "sending": ("schedule", "golive"),
         "invoicing": ("customers",)}
TITLES = {"source": Text("Salgsdata", "Sales data"), "ledger": Text("Regnskapssystem og nøkler", "Accounting system and keys"),
          "accounts": Text("Kontoer", "Accounts"), "sending": Text("Sending", "Sending"),
          "invoicing": Text("Fakturering", "Invoicing")}


def view(model: SetupModel, section: str) -> dict:
    """What the section shows now, comparable (unsaved changes: the view differs from the one last saved)."""
    doc = model._normalized()
    if section == "source":
        return {"source_paths": doc["source_paths"],
                "stores": [{k: v for k, v in s.items() if k not in ("mapping", "cutoff")} for s in doc["stores"]]}
    if section == "ledger":  # (a company's invoicing is the invoicing section's; its stores' departments and
        # own keys are this section's)
        return {"companies": [{k: v for k, v in c.items() if k != "invoicing"} for c in doc["companies"]],
                "keys": [c.key for c in model.companies if c.key != c.stored_key],
                "stores": [(s["id"], s["department"], s.get("key_slot")) for s in doc["stores"]],
                "store_keys": model.store_keys.changed()}
    if section == "invoicing":
        return {"invoicing": [(c["id"], c["system"], c.get("invoicing") or {}) for c in doc["companies"]]}
    if section == "accounts":
        return {"mappings": [(s["id"], s["mapping"]) for s in doc["stores"]], "template": doc["template"]}
    return {"schedule": doc["schedule"], "cutoff": [s.get("cutoff") for s in doc["stores"]]}


def merge(section: str, current: Settings, built: Settings) -> Settings:
    """``current`` (the file as it is) with ``section``'s part taken from ``built`` (the draft's settings)."""
    out = copy.deepcopy(current)
    cur_stores = {s.id: s for s in current.stores}
    cur_companies = {c.id: c for c in current.companies}
    if section == "source":
        out.source_paths = list(built.source_paths)
        out.stores = [replace(s, mapping=cur_stores[s.id].mapping, cutoff=cur_stores[s.id].cutoff)
                      if s.id in cur_stores else s for s in built.stores]
        out.companies = [cur_companies.get(c.id, c) for c in built.companies]
    elif section == "ledger":  # another system: the links to the old one's customers mean nothing there
        out.companies = [replace(cur_companies[c.id], system=c.system, environment=c.environment, name=c.name,
                                 options=c.options, invoicing=cur_companies[c.id].invoicing
                                 if c.system == cur_companies[c.id].system else c.invoicing)
                         if c.id in cur_companies else c for c in built.companies]
        built_stores = {x.id: x for x in built.stores}
        out.stores = [replace(s, department=b.department, key_slot=b.key_slot)
                      if (b := built_stores.get(s.id)) is not None else s for s in out.stores]
    elif section == "invoicing":  # only the saved companies, in the system they are saved with
        built_companies = {c.id: c for c in built.companies}
        out.companies = [replace(c, invoicing=copy.deepcopy(built_companies[c.id].invoicing))
                         if c.id in built_companies and built_companies[c.id].system == c.system else c
                         for c in out.companies]
    elif section == "accounts":
        built_maps = {s.id: s.mapping for s in built.stores}
        out.stores = [replace(s, mapping=built_maps[s.id]) if s.id in built_maps else s for s in out.stores]
        out.template = built.template
    elif section == "sending":
        out.schedule = dict(built.schedule)
        cutoffs = {s.id: s.cutoff for s in built.stores}
        out.stores = [replace(s, cutoff=cutoffs.get(s.id, s.cutoff)) for s in out.stores]
    else:  # pragma: no cover - a programming error
        raise ValueError(section)
    return out


def complete(model: SetupModel, section: str) -> bool:
    """May the section be saved as it is?"""
    if section == "source":
        return model.source_complete()
    if section == "ledger":
        return model.keys_complete()
    if section == "accounts":
        return model.accounts_complete()
    if section == "invoicing":  # a company switched on has a first day (the step sets one)
        return all(ci.start is not None for ci in model.invoicing.companies.values() if ci.enabled)
    return model.schedule_complete() and model.done_complete()


__all__ = ["SECTIONS", "STEPS", "TITLES", "view", "merge", "complete"]
