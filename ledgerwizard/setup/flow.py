"""The setup's steps as data: a navigation map (Electrum's wizard is the model), without Qt.

Each step names the next one (a step id, or a function of the draft), whether it can be finished from
(re-running the setup: every step), and what makes it complete (a rule of the draft). ``Flow`` walks the map
with a back stack, so "Back" returns to the step the user came from even when the way forward depended on their
choices. The wizard asks the flow for the next page; the settings dialog shows the steps marked as sections.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

from ..core.i18n import Text

if TYPE_CHECKING:
    from .model import SetupModel

Rule = Callable[["SetupModel"], bool]


def _always(_m: SetupModel) -> bool:
    return True


@dataclass(frozen=True)
class Step:
    id: str
    next: str | Callable[[SetupModel], str | None] | None = None  # None: the last step
    complete: Rule = _always  # may the user go on (or finish) from here?
    section: str = ""  # the settings dialog's section it belongs to ("" : wizard only)

    def next_id(self, m: SetupModel) -> str | None:
        return self.next(m) if callable(self.next) else self.next


HELP = {  # what each step needs and where to find it (the Help button: help_text below)
    "welcome": Text("ledgerwizard leser salget fra kassesystemets SAF-T-eksport og sender ett bilag per butikk og dag "
                    "til regnskapet. Du trenger mappen kassen eksporterer til, og tilgang til regnskapssystemet for å "
                    "lage en nøkkel.",
                    "ledgerwizard reads the sales from the cash register's SAF-T export and sends one voucher per "
                    "store and day to the accounts. You need the folder the register exports to, and access to the "
                    "accounting system to create a key."),
    "source": Text("Velg mappen kassesystemet skriver SAF-T-filene til (eller én fil). Spør kasseleverandøren hvis du "
                   "ikke vet hvor den er; mange legger den under Dokumenter eller på en delt disk.",
                   "Choose the folder the cash register writes its SAF-T files to (or one file). Ask the POS vendor "
                   "if you do not know where it is; many put it under Documents or on a shared drive."),
    "system": Text("Velg regnskapssystemet dagsoppgjøret skal til, og miljøet: produksjon er det ekte regnskapet; "
                   "demo/test er et prøveselskap hos leverandøren. Under hvert system står det om denne utgaven kan "
                   "koble til det; mangler det, må forhandleren legge integrasjonens nøkler i byggkonfigurasjonen.",
                   "Choose the accounting system the daily voucher goes to, and the environment: production is the "
                   "real accounts; demo/test is a trial company at the vendor. Under each system it says whether this "
                   "build can connect to it; if not, the reseller must put the integration's keys in the build "
                   "configuration."),
    "keys": Text("Nøkkelen lages i regnskapssystemet; stegene står på siden. Den lagres i operativsystemets "
                 "nøkkelring, aldri i en fil. «Test forbindelsen» sjekker nøkkelen og tilgangene. Velg så hver "
                 "butikks avdeling fra regnskapets liste (eller «Ingen avdeling»); en butikk med egen PowerOffice-"
                 "nøkkel får den her: velg tilleggsnøkkelen, kopier applikasjonsnøkkelen inn i PowerOffice, lim "
                 "klientnøkkelen tilbake og test den.",
                 "The key is created in the accounting system; the steps are on the page. It is kept in the operating "
                 "system's key store, never in a file. 'Test connection' checks the key and the privileges. Then "
                 "choose each store's department from the ledger's list (or 'No department'); a store that has a "
                 "PowerOffice key of its own gets it here: choose the add-on, copy its application key into "
                 "PowerOffice, paste the client key back and test it."),
    "accounts": Text("Hver linje kassen bruker trenger en konto i kontoplanen (lest fra regnskapet). Forslagene følger "
                     "NS 4102; endre det regnskapsføreren vil ha annerledes. Linjer eksporten bruker kan ikke stå tomme; "
                     "linjer den ikke har brukt ennå (gavekort, kassedifferanse …) kan fylles ut nå eller senere. "
                     "Kontoene finner du i regnskapssystemets kontoplan; en mal (Eksporter/Importer) tar dem med til "
                     "neste butikk.",
                     "Every line the register uses needs an account in the chart (read from the ledger). The "
                     "suggestions follow NS 4102; change what your accountant wants differently. Lines the export uses "
                     "may not be blank; lines it has not used yet (gift cards, cash difference …) can be filled in now "
                     "or later. The accounts are in the accounting system's chart of accounts; a template "
                     "(Export/Import) takes them to the next store."),
    "customers": Text("Slå på fakturering hvis kredittsalg skal til regnskapet som åpne ordre som kontoret fakturerer; "
                      "dagsoppgjøret tar dem da ut av seg selv. Koble hver kunde fra kassen til kunden i regnskapet "
                      "(forslag etter org.nr. og navn). Salg til en kunde som ikke er koblet, holdes til den er det.",
                      "Switch invoicing on if credit sales should go to the accounts as open orders the office "
                      "invoices; the daily voucher then leaves them out by itself. Link each customer from the "
                      "register to the customer in the accounts (suggested by organisation number and name). Sales "
                      "to a customer who is not linked are held until it is."),
    "schedule": Text("Velg et tidspunkt etter at butikken har stengt og tatt Z-rapport. Dagen sendes automatisk da, "
                     "når Z-rapporten finnes.",
                     "Choose a time after the shop has closed and taken its Z report. The day is sent automatically "
                     "then, once the Z report exists."),
    "test": Text("Se på bilaget slik det blir bokført, og send én dag for å prøve. Stemmer ikke dagen med "
                 "Z-rapporten, sendes den bare hvis du krysser av for at du har sett avvikene.",
                 "Look at the voucher as it will be posted, and send one day to try. A day that does not agree with "
                 "its Z report is sent only if you tick that you have seen the differences."),
    "done": Text("Oppsettet er ferdig. ledgerwizard kjører i systemstatusfeltet ved klokken.",
                 "The setup is done. ledgerwizard runs in the notification area next to the clock."),
}


def _after_accounts(m: SetupModel) -> str:
    """Invoicing and customers when the exports have credit sales (or invoicing is on already)."""
    return "customers" if m.invoicing.relevant(m) else "schedule"


def _steps() -> dict[str, Step]:
    return {s.id: s for s in (
        Step("welcome", "source"),
        Step("source", "system", lambda m: m.source_complete(), section="source"),
        Step("system", "keys", section="ledger"),
        Step("keys", "accounts", lambda m: m.keys_complete(), section="ledger"),
        Step("accounts", _after_accounts, lambda m: m.accounts_complete(), section="accounts"),
        Step("customers", "schedule", section="invoicing"),  # setup/customers.py
        Step("schedule", "test", lambda m: m.schedule_complete(), section="sending"),
        Step("test", "done"),
        Step("done", None, lambda m: m.done_complete()),
    )}


STEPS = _steps()
START = "welcome"


@dataclass
class Flow:
    """Where the user is in the setup, with the way back. ``rerun``: the shop is set up already, so every step
    can finish."""

    model: SetupModel
    steps: dict[str, Step] = field(default_factory=lambda: dict(STEPS))
    current: str = START
    history: list[str] = field(default_factory=list)
    rerun: bool = False

    def step(self, step_id: str | None = None) -> Step:
        return self.steps[step_id or self.current]

    def order(self) -> list[str]:
        """Every step, first to last, along the way the draft's choices lead (the wizard's page order)."""
        out: list[str] = []
        sid: str | None = START
        while sid is not None and sid not in out:
            out.append(sid)
            sid = self.steps[sid].next_id(self.model)
        return out

    def next_id(self) -> str | None:
        return self.step().next_id(self.model)

    def complete(self, step_id: str | None = None) -> bool:
        return self.step(step_id).complete(self.model)

    def can_go_on(self) -> bool:
        return self.next_id() is not None and self.complete()

    def can_finish(self) -> bool:
        """Finish from here: on the last step, or anywhere when re-running (what is unchanged stays as it is)."""
        return self.complete() and (self.next_id() is None or self.rerun)

    def go_next(self) -> str:
        nxt = self.next_id()
        if nxt is None or not self.complete():
            raise ValueError(f"cannot go on from {self.current}")
        self.history.append(self.current)
        self.current = nxt
        return nxt

    def go_back(self) -> str:
        if not self.history:
            raise ValueError("at the first step")
        self.current = self.history.pop()
        return self.current

    def go_to(self, step_id: str) -> None:
        """Jump (the wizard's own navigation, e.g. QWizard restarting): the history follows the flow's order."""
        order = self.order()
        self.history = order[:order.index(step_id)] if step_id in order else []
        self.current = step_id

    def sections(self) -> dict[str, list[str]]:
        """The settings dialog's sections, each with its steps in order."""
        out: dict[str, list[str]] = {}
        for sid in self.order():
            if self.steps[sid].section:
                out.setdefault(self.steps[sid].section, []).append(sid)
        return out


def help_text(step_ids, system: str, lang: str) -> str:
    """What the steps need and where to find them (the Help button of a wizard page or a settings section): their
    help, and for the system and key steps the chosen system's own key steps."""
    parts = [HELP[sid].get(lang) for sid in step_ids if sid in HELP]
    if system and any(sid in ("system", "keys") for sid in step_ids):
        from ..connectors import registry as systems

        info = systems.get(system)
        parts.append(f"{info.name}:\n{info.key_steps.get(lang)}")
    return "\n\n".join(parts)


__all__ = ["Step", "Flow", "STEPS", "START", "HELP", "help_text"]
