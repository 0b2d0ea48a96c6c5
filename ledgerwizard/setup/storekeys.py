"""A store's own client key in its ledger company (seed 004, PowerOffice GO: "every POS department needs its own
API key", up to 10 per company: the main application key and add-ons 1–9). Plain Python, no Qt.

Per store that needs one: the slot (main or add-on 1–9), the exact application key to paste into PowerOffice for
that slot (from the build configuration, ``connectors.integration``), the clicks to make, the client key pasted
back and tested. The keys go to the keyring per store (``adapters.secrets.store_key_owner``), the slot to the
store's ``key_slot`` setting, and each store's vouchers and orders are then sent with its own key
(``Settings.store_company``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..adapters.secrets import Secret, store_key_owner
from ..connectors import registry as systems
from ..core.i18n import Text

if TYPE_CHECKING:
    from ..adapters.settings import Company
    from .model import SetupModel, StoreDraft


@dataclass
class StoreKey:
    slot: int  # 0: the main application key; 1–9: add-on n
    key: str = ""
    stored_key: str = ""  # what the keyring holds (a re-run loads it)
    verified_name: str | None = None
    error: Text | None = None
    tested: bool = False


def clean_key(raw: str) -> str:
    """Trim what a paste brings along: spaces, line breaks, quotes (seed 000 prints keys in quotes)."""
    return raw.strip().strip("\"'«»“”").strip()


def key_problem(system: str, key: str) -> Text | None:
    """None when the key looks right for the system; otherwise what is wrong with it, in plain words."""
    if not key:
        return Text("Lim inn nøkkelen.", "Paste the key.")
    if any(c.isspace() for c in key):
        return Text("Nøkkelen kan ikke inneholde mellomrom. Kopier den på nytt.", "The key cannot contain spaces. Copy it again.")
    return systems.get(system).key_problem(key)


def slot_name(slot: int) -> Text:
    return Text("Hovednøkkel", "Main key") if slot == 0 else Text(f"Tilleggsnøkkel {slot}", f"Add-on {slot}")


class StoreKeys:
    """The model's stores' own keys (a view: the state lives on each ``StoreDraft.key``)."""

    def __init__(self, model: SetupModel):
        self.m = model

    # -- what the system offers -------------------------------------------------------------------------------------
    def slots(self) -> int:
        """How many application keys a store's own key can be made with (0: the system has no such keys)."""
        return systems.get(self.m.system).capabilities.store_key_slots

    def applicable(self) -> bool:
        return self.slots() > 0

    def application_keys(self) -> list[str]:
        """The integration's application keys this build has (the build configuration; the sandbox its own)."""
        from ..connectors.integration import integration_keys

        options = {"base_url": self.m.sandbox_url} if self.m.environment == "sandbox" else {}
        old = next((c for c in self.m.settings.companies if c.system == self.m.system), None)
        if old is not None:
            options = {**old.options, **options}
        return list(integration_keys(self.m.environment, options).poweroffice_app_keys)

    def application_key(self, slot: int) -> str | None:
        keys = self.application_keys()
        return keys[slot] if 0 <= slot < len(keys) and keys[slot] else None

    # -- the user's choices -----------------------------------------------------------------------------------------
    def _store(self, store_id: str) -> StoreDraft:
        return next(s for s in self.m.stores if s.id == store_id)

    def company_slot(self, company_id: str) -> int:
        """The slot the company's own key was made with (normally the main one)."""
        return int(self.m.company_settings(self.m.company(company_id)).options.get("app_slot", 0))

    def free_slots(self, store_id: str) -> list[int]:
        """The slots a store may choose: not the company key's, not another store's in the same company."""
        s = self._store(store_id)
        taken = {self.company_slot(s.company_id)} | {x.key.slot for x in self.m.stores
                                                     if x.id != s.id and x.company_id == s.company_id and x.key}
        return [n for n in range(self.slots()) if n not in taken]

    def set_own(self, store_id: str, own: bool) -> None:
        """The store gets a key of its own (the first free slot), or uses the company's key again."""
        s = self._store(store_id)
        if not own:
            s.key = None
        elif s.key is None:
            free = self.free_slots(store_id)
            s.key = StoreKey(free[0] if free else 1)

    def set_slot(self, store_id: str, slot: int) -> None:
        """Another slot means another application key: a key made for the previous one does not work with it."""
        s = self._store(store_id)
        if s.key is None:
            s.key = StoreKey(slot)
        elif s.key.slot != slot:
            s.key = StoreKey(slot, stored_key=s.key.stored_key)

    def set_key(self, store_id: str, raw: str) -> Text | None:
        k = self._store(store_id).key
        if k is None:
            return None
        key = clean_key(raw)
        if key != k.key:
            k.key, k.verified_name, k.error, k.tested = key, None, None, False
        return key_problem(self.m.system, key)

    def verified(self, store_id: str, company_name: str) -> Text | None:
        """The store's key worked. It must open the store's own company: a key made in another PowerOffice client
        would send the store's vouchers to that client's ledger (None: fine; else what is wrong, also kept)."""
        s = self._store(store_id)
        k = s.key
        if k is None:
            return None
        company = self.m.company(s.company_id)
        if company_name and company.verified_name and company_name != company.verified_name:
            error = Text(f"Nøkkelen åpner «{company_name}», ikke «{company.verified_name}» som {s.name} hører til. "
                         f"Lag nøkkelen i riktig selskap i PowerOffice GO.",
                         f"The key opens “{company_name}”, not “{company.verified_name}” that {s.name} belongs to. "
                         f"Make the key in the right company in PowerOffice GO.")
            self.failed(store_id, error)
            return error
        k.verified_name, k.error, k.tested = company_name or s.name, None, True
        return None

    def failed(self, store_id: str, error: Text) -> None:
        k = self._store(store_id).key
        if k is not None:
            k.verified_name, k.error = None, error

    def loaded(self, store_id: str, key: str) -> None:
        """The key the keyring holds for the store (a re-run): shown as saved, tested again when changed."""
        k = self._store(store_id).key
        if k is not None and not k.key:
            k.key = k.stored_key = key
            k.verified_name = self._store(store_id).name

    # -- what the step shows ------------------------------------------------------------------------------------------
    def slot_problem(self, store_id: str) -> Text | None:
        s = self._store(store_id)
        if s.key is None:
            return None
        if s.key.slot not in self.free_slots(store_id):
            who = next((x.name for x in self.m.stores if x.id != s.id and x.company_id == s.company_id and x.key
                        and x.key.slot == s.key.slot), None)
            name = slot_name(s.key.slot)
            return Text(f"{name.nb} brukes allerede av {who or 'selskapets nøkkel'}. Velg en annen.",
                        f"{name.en} is already used by {who or 'the company key'}. Choose another.")
        if self.application_key(s.key.slot) is None:
            return Text(f"Denne utgaven har ingen applikasjonsnøkkel for {slot_name(s.key.slot).nb.lower()}. Velg en "
                        f"annen, eller be leverandøren legge den inn i byggkonfigurasjonen.",
                        f"This build has no application key for {slot_name(s.key.slot).en.lower()}. Choose another, "
                        f"or ask your supplier to add it to the build configuration.")
        return None

    def instructions(self, store_id: str) -> Text:
        """The clicks in PowerOffice GO that make the store's client key with the slot's application key."""
        s = self._store(store_id)
        slot = s.key.slot if s.key is not None else 0
        app = self.application_key(slot) or "?"
        if slot == 0:
            return Text(f"I PowerOffice GO for selskapet: Meny → Innstillinger → Utvidelser → «Legg til utvidelse» → "
                        f"søk opp «ledgerwizard» → OK. Marker klientnøkkelen, kopier den (Ctrl+C) og lim den inn "
                        f"her for {s.name}.",
                        f"In PowerOffice GO for the company: Menu → Settings → Extensions → “Add extension” → search "
                        f"for “ledgerwizard” → OK. Select the client key, copy it (Ctrl+C) and paste it here for "
                        f"{s.name}.")
        return Text(f"I PowerOffice GO for selskapet: Meny → Innstillinger → Utvidelser → «Legg til utvidelse» → "
                    f"velg «Egendefinert» → lim inn applikasjonsnøkkelen {app} (knappen «Kopier» over) → OK. "
                    f"Marker klientnøkkelen som vises, kopier den (Ctrl+C) og lim den inn her for {s.name}.",
                    f"In PowerOffice GO for the company: Menu → Settings → Extensions → “Add extension” → choose "
                    f"“Custom” → paste the application key {app} (the “Copy” button above) → OK. Select the client "
                    f"key shown, copy it (Ctrl+C) and paste it here for {s.name}.")

    def company_for(self, store_id: str) -> Company:
        """The settings company the store's key is tested against: its application key slot."""
        from dataclasses import replace

        s = self._store(store_id)
        company = self.m.company_settings(self.m.company(s.company_id))
        slot = s.key.slot if s.key is not None else 0
        return replace(company, options={**company.options, "app_slot": slot})

    def complete(self) -> bool:
        if not self.applicable():
            return True
        return all(s.key.verified_name is not None and self.slot_problem(s.id) is None
                   for s in self.m.stores if s.key is not None)

    def changed(self) -> bool:
        return any(s.key.key != s.key.stored_key for s in self.m.stores if s.key is not None)

    def secrets(self) -> list[tuple[str, str, Secret]]:
        if not self.applicable():
            return []
        return [(self.m.system, store_key_owner(s.company_id, s.id), Secret(s.key.key))
                for s in self.m.stores if s.key is not None and s.key.key]


__all__ = ["StoreKey", "StoreKeys", "slot_name", "clean_key", "key_problem"]
