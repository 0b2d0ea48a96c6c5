"""Which ledger systems exist: one entry per system, the only place that names them.

An entry holds the system's id (what ``Company.system`` and the keyring store), its display name, the line the
wizard shows about it, the steps a user follows to make a client key (bokmål and English), the look of a
valid key, its environments, the integration's own keys it needs from the build configuration
(``connectors.integration``), its capabilities, and where its connector (and, for development, its emulator)
lives. ``LedgerSystem.open`` builds the connector for a settings ``Company`` with its key from the keyring.

Adding a system is one entry here, a connector module and an emulator in ``ledgerwizard_sandbox``. Nothing
else names the systems (the CLI's choices, the wizard's pages, the settings' check all read ``SYSTEMS``).

Plain Python, cheap to import (the tray and the wizard read it at start-up): connectors, httpx, the keyring and
the emulators are imported only when a connector or a sandbox is opened.
"""

from __future__ import annotations

import importlib
import re
from typing import TYPE_CHECKING, Any

from ..core.errors import LedgerWizardError, SettingsError
from ..core.i18n import Text

if TYPE_CHECKING:
    from ..adapters.secrets import Secret, SecretStore
    from ..adapters.settings import Company
    from .base import Connector

SANDBOX_PACKAGE = "ledgerwizard_sandbox"  # the emulators: in a source checkout, never in the customer's build


class Capabilities:
    """What a system can do (plain classes here, not dataclasses: this module is on the tray's start-up path)."""

    __slots__ = ("departments", "attachments", "unique_reference", "sales_orders", "store_key_slots")

    def __init__(self, *, departments: bool, attachments: bool, unique_reference: bool, sales_orders: bool = False,
                 store_key_slots: int = 0):
        self.departments = departments  # a store's lines can carry a department (PowerOffice/Tripletex departments,
        # Xledger GL object, Duett carrier)
        self.attachments = attachments  # the day's PDF report can be attached to the posted voucher
        self.unique_reference = unique_reference  # the ledger itself refuses a second voucher with the same
        # reference (else: looked up before every POST, see docs/architecture.md)
        self.sales_orders = sales_orders  # credit sales as open sales orders for invoicing (connectors/orders.py); a
        # system without an endpoint this project can stand behind (Xledger, Duett) says so in the setup
        self.store_key_slots = store_key_slots  # a store can have a client key of its own, made with one of this
        # many application keys of the integration (PowerOffice: the main key and add-ons 1–9, seed 004); 0: none

    def __repr__(self) -> str:
        return "Capabilities(" + ", ".join(f"{k}={getattr(self, k)}" for k in self.__slots__) + ")"


_TOO_SHORT = Text("Nøkkelen er for kort. Kopier hele nøkkelen.", "The key is too short. Copy the whole key.")


class LedgerSystem:
    """One accounting system: what the program needs to know about it, and how to open its connector."""

    __slots__ = ("id", "name", "description", "key_steps", "environments", "integration_keys", "capabilities",
                 "connector", "emulator", "key_pattern", "key_pattern_problem", "key_min_length")

    def __init__(self, *, id: str, name: str, description: Text, key_steps: Text, environments: dict[str, Text],
                 integration_keys: tuple[str, ...], capabilities: Capabilities, connector: str,
                 emulator: str | None = None, key_pattern: str | None = None, key_pattern_problem: Text | None = None,
                 key_min_length: int = 0):
        self.id = id
        self.name = name  # display name
        self.description = description  # one line under the system's name in the wizard
        self.key_steps = key_steps  # where in the system the user makes the key the wizard asks for
        self.environments = environments  # the vendor's environments (production, demo) and what it calls them
        self.integration_keys = integration_keys  # IntegrationKeys fields it needs from the build configuration
        self.capabilities = capabilities
        self.connector = connector  # "module:Class" of its Connector
        self.emulator = emulator  # "module:Class" of its emulator in ledgerwizard_sandbox
        self.key_pattern = key_pattern  # what a client key looks like (a regular expression) …
        self.key_pattern_problem = key_pattern_problem  # … and what to tell a user whose key does not
        self.key_min_length = key_min_length

    def __repr__(self) -> str:
        return f"LedgerSystem({self.id!r}, {self.name!r})"

    def key_problem(self, key: str) -> Text | None:
        """None when a (trimmed, non-empty) key has this system's shape; else what is wrong with it."""
        if self.key_pattern and not re.fullmatch(self.key_pattern, key):
            return self.key_pattern_problem
        if len(key) < self.key_min_length:
            return _TOO_SHORT
        return None

    def connector_class(self) -> type[Connector]:
        return _load(self.connector)

    def emulator_class(self) -> type:
        if self.emulator is None:
            raise SandboxMissingError()
        sandbox()  # a build without the sandbox says so
        return _load(self.emulator)

    def open(self, company: Company, secrets: SecretStore | None = None, client_key: Secret | None = None,
             **http_kw: Any) -> Connector:
        """The connector for a settings ``Company`` (environment, options), with its key from the keyring (or
        ``client_key``: the wizard tests a key before it is saved). ``options["settle_seconds"]`` overrides the
        ledger's settling time after an uncertain attempt; ``http_kw`` go to ``connectors.http.Http``. A company
        as ``store_company`` made it for a store with a key of its own (``options["store_key"]``) reads that
        store's key."""
        from ..adapters.secrets import SecretStore, store_key_owner
        from .integration import integration_keys

        env = company.environment
        if client_key is None:
            secrets = secrets or SecretStore()
            store = company.options.get("store_key")
            client_key = secrets.get(self.id, store_key_owner(company.id, store) if store else company.id)
            if client_key is None and store:
                raise missing_store_key(self.id, company.id, store)
        keys = integration_keys(env, company.options, secrets)
        if client_key is None:
            raise missing_key(self.id, company.id)
        if any(not getattr(keys, name) for name in self.integration_keys):
            raise self.integration_missing()
        sandbox_env = env == "sandbox"
        con = self.connector_class().from_settings(
            client_key=client_key, keys=keys, options=company.options,
            environment=company.options.get("sandbox_environment", "production") if sandbox_env else env,
            base_url=company.options.get("base_url") if sandbox_env else None, **http_kw)
        settle = company.options.get("settle_seconds")
        if settle is not None:
            con.settle_seconds = float(settle)
        return con

    def integration_missing(self) -> SettingsError:
        return SettingsError(Text(f"{self.name}-integrasjonens egne nøkler mangler i denne utgaven.",
                                  f"The {self.name} integration's own keys are missing from this build."),
                             Text("Kontakt leverandøren av ledgerwizard.", "Contact your ledgerwizard supplier."))


_PRODUCTION = Text("produksjon", "production")

SYSTEMS: tuple[LedgerSystem, ...] = (  # in the order the wizard offers them
    LedgerSystem(
        id="poweroffice", name="PowerOffice GO",
        description=Text("PowerOffice GO – bilaget bokføres direkte, med mva fordelt av PowerOffice.",
                         "PowerOffice GO – the voucher is posted directly, PowerOffice splits out the VAT."),
        key_steps=Text(
            "I PowerOffice GO: Meny → Innstillinger → Utvidelser → «Legg til utvidelse» → søk opp «ledgerwizard» → "
            "OK. Marker klientnøkkelen, kopier den (Ctrl+C) og lim den inn her. Skal en butikk ha sin egen nøkkel i "
            "samme selskap, kryss av for det under butikken når nøkkelen er testet: applikasjonsnøkkelen og klikkene "
            "vises der.",
            "In PowerOffice GO: Menu → Settings → Extensions → “Add extension” → search for “ledgerwizard” → OK. "
            "Select the client key, copy it (Ctrl+C) and paste it here. If a store is to have a key of its own in "
            "the same company, tick that under the store once the key is tested: the application key and the "
            "clicks are shown there."),
        environments={"production": _PRODUCTION, "demo": Text("demo", "demo")},
        integration_keys=("poweroffice_app_keys", "poweroffice_subscription_key"),
        # ExternalImportReference is unique per client [C]
        # sales orders: POST /SalesOrders/Complete, its ExternalImportReference unique per object type [C]
        capabilities=Capabilities(departments=True, attachments=True, unique_reference=True, sales_orders=True,
                                  store_key_slots=10),
        connector="ledgerwizard.connectors.poweroffice:PowerOfficeConnector",
        emulator="ledgerwizard_sandbox.poweroffice:PowerOfficeEmulator",
        key_pattern=r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
        key_pattern_problem=Text("En klientnøkkel fra PowerOffice ser slik ut: 8-4-4-4-12 tegn (0–9, a–f).",
                                 "A PowerOffice client key looks like 8-4-4-4-12 characters (0–9, a–f).")),
    LedgerSystem(
        id="tripletex", name="Tripletex",
        description=Text("Tripletex – bilaget føres i hovedboken med mva-posteringer laget av Tripletex.",
                         "Tripletex – the voucher goes to the ledger, Tripletex makes the VAT postings."),
        key_steps=Text(
            "I Tripletex: Innstillinger → Brukere → velg en bruker med regnskapstilgang → fanen «API-tilgang» → "
            "«Ny nøkkel» for ledgerwizard med tilgang til regnskap, avdelinger og bilag → kopier nøkkelen og lim den "
            "inn her.",
            "In Tripletex: Settings → Users → pick a user with accounting access → the “API access” tab → “New key” "
            "for ledgerwizard with access to ledger, departments and vouchers → copy the key and paste it here."),
        environments={"production": _PRODUCTION, "demo": Text("test", "test")},
        integration_keys=("tripletex_consumer_token",),
        # externalVoucherNumber is not enforced: asked before every POST
        # sales orders: POST /order (its reference not enforced unique: looked up before every POST)
        capabilities=Capabilities(departments=True, attachments=True, unique_reference=False, sales_orders=True),
        connector="ledgerwizard.connectors.tripletex:TripletexConnector",
        emulator="ledgerwizard_sandbox.tripletex:TripletexEmulator",
        key_min_length=16),
    LedgerSystem(
        id="xledger", name="Xledger",
        description=Text("Xledger – bilaget importeres som GL-import (krever API-token fra en domeneadministrator).",
                         "Xledger – the voucher is imported as a GL import (needs an API token from a domain "
                         "administrator)."),
        key_steps=Text(
            "I Xledger (som domeneadministrator): Administrasjon → Systemtilgang → GraphQL → API-tokens → Ny. Gi "
            "lesetilgang til kontoplan og objektverdier og skrivetilgang til GL-import. Kopier tokenet og lim det "
            "inn her.",
            "In Xledger (as domain administrator): Administration → System Access → GraphQL → API tokens → New. "
            "Grant read access to accounts and object values and write access to GL import. Copy the token and "
            "paste it here."),
        environments={"production": _PRODUCTION, "demo": Text("demo", "demo")},
        integration_keys=(),
        # extIdentifier is a look-up, not enforced [?]: asked before every POST
        capabilities=Capabilities(departments=True, attachments=False, unique_reference=False),
        connector="ledgerwizard.connectors.xledger:XledgerConnector",
        emulator="ledgerwizard_sandbox.xledger:XledgerEmulator",
        key_min_length=16),
    LedgerSystem(
        id="duett", name="Duett",
        description=Text("Duett Økonomi – krever en integrasjonsavtale med Duett (se støttetabellen).",
                         "Duett Økonomi – needs an integration agreement with Duett (see the support table)."),
        key_steps=Text(
            "Duett: be Duett aktivere ledgerwizard-integrasjonen for selskapet. Du får en klientnøkkel fra Duett; "
            "lim den inn her.",
            "Duett: ask Duett to activate the ledgerwizard integration for the company. Duett gives you a client "
            "key; paste it here."),
        environments={"production": _PRODUCTION, "demo": Text("dev", "dev")},
        integration_keys=("duett_integration_key",),
        # duplicate voucher numbers are rejected [C]; ours is derived from store and day
        capabilities=Capabilities(departments=True, attachments=False, unique_reference=True),
        connector="ledgerwizard.connectors.duett:DuettConnector",
        emulator="ledgerwizard_sandbox.duett:DuettEmulator",
        key_min_length=16),
)

_BY_ID = {s.id: s for s in SYSTEMS}


def ids() -> tuple[str, ...]:
    return tuple(_BY_ID)


def get(system_id: str) -> LedgerSystem:
    try:
        return _BY_ID[system_id]
    except KeyError:
        raise SettingsError(Text(f"Ukjent regnskapssystem «{system_id}».", f"Unknown accounting system '{system_id}'."),
                            Text(f"Velg et av {', '.join(ids())} i oppsettet.",
                                 f"Choose one of {', '.join(ids())} in the setup.")) from None


def name(system_id: str) -> str:
    """The display name (the id itself for a system this version does not know)."""
    s = _BY_ID.get(system_id)
    return s.name if s is not None else system_id


def missing_key(system_id: str, company_id: str) -> SettingsError:
    return SettingsError(
        Text(f"Ingen nøkkel for {name(system_id)} (selskap {company_id}) i nøkkelringen.",
             f"No key for {name(system_id)} (company {company_id}) in the keyring."),
        Text("Lim inn nøkkelen i oppsettet, eller kjør «ledgerwizard key --company " + company_id + "».",
             "Paste the client key in the setup, or run 'ledgerwizard key --company " + company_id + "'."))


def missing_store_key(system_id: str, company_id: str, store_id: str) -> SettingsError:
    return SettingsError(
        Text(f"Butikk {store_id} skal bruke sin egen nøkkel til {name(system_id)} (selskap {company_id}), men den "
             f"finnes ikke i nøkkelringen.",
             f"Store {store_id} is to use its own {name(system_id)} key (company {company_id}), but it is not in "
             f"the keyring."),
        Text("Lim inn butikkens klientnøkkel i oppsettet (steget Nøkkel) og test den.",
             "Paste the store's client key in the setup (the Key step) and test it."))


# --- the sandbox (ledgerwizard_sandbox): development, tests and the demo; not in the customer's build ------------

class SandboxMissingError(LedgerWizardError):
    code = "no_sandbox"

    def __init__(self) -> None:
        super().__init__(
            Text("Sandkassen (de lokale emulatorene av regnskapssystemene) er ikke med i denne utgaven av ledgerwizard.",
                 "The sandbox (the local emulators of the accounting systems) is not part of this build of "
                 "ledgerwizard."),
            Text("Prøv med et demo- eller testselskap i regnskapssystemet, eller kjør demoen fra kildekoden "
                 "(./scripts/demo.sh).",
                 "Try with a demo or test company in the accounting system, or run the demo from the source code "
                 "(./scripts/demo.sh)."))


def sandbox_available() -> bool:
    """Whether this installation has the emulators (a source checkout does; the customer's build does not)."""
    from importlib.util import find_spec

    try:
        return find_spec(SANDBOX_PACKAGE) is not None
    except (ImportError, ValueError):
        return False


def sandbox():
    """The ``ledgerwizard_sandbox`` package, or the error saying it is not part of this build."""
    try:
        return importlib.import_module(SANDBOX_PACKAGE)
    except ModuleNotFoundError as e:
        if e.name != SANDBOX_PACKAGE:
            raise  # the sandbox is there but broken: not the message below
        raise SandboxMissingError() from None


def _load(path: str) -> Any:
    module, _, attr = path.partition(":")
    return getattr(importlib.import_module(module), attr)


__all__ = ["LedgerSystem", "Capabilities", "SYSTEMS", "ids", "get", "name", "missing_key", "SandboxMissingError",
           "sandbox_available", "sandbox", "SANDBOX_PACKAGE"]
