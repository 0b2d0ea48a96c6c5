"""One connector interface for every ledger (no Qt), the user-facing error kinds, and the checks a voucher
must pass before it is sent.

Every failure a user can see is a ``LedgerError`` with a ``kind`` and an ``outcome`` (see core.transfer):
the kinds below each have a Norwegian and English message saying what happened and what to do next.
"""

from __future__ import annotations

import datetime as dt
import threading
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Callable, TypeVar

from ..core.i18n import Text
from ..core.mapping import Account
from ..core.transfer import DEFAULT_SETTLE_SECONDS, LedgerError, Posted
from ..core.voucher import Voucher
from . import registry

if TYPE_CHECKING:
    import httpx

    from ..core.orders import SalesOrder
    from ..core.saft.model import Customer

    from ..adapters.secrets import Secret
    from .integration import IntegrationKeys

T = TypeVar("T")

_MESSAGES: dict[str, tuple[Text, Text]] = {
    "auth": (Text("Nøkkelen ble ikke godtatt av regnskapssystemet (feil eller tilbakekalt nøkkel).",
                  "The accounting system did not accept the key (wrong or revoked key)."),
             Text("Lag en ny klientnøkkel i regnskapssystemet og lim den inn på nytt.",
                  "Create a new client key in the accounting system and paste it again.")),
    "environment": (Text("Nøkkelen hører til det andre miljøet (demo/test i stedet for produksjon, eller omvendt).",
                         "The key belongs to the other environment (demo/test instead of production, or the reverse)."),
                    Text("Velg riktig miljø i oppsettet, eller lag nøkkelen i det miljøet du vil sende til.",
                         "Choose the right environment in the setup, or create the key in the environment you send to.")),
    "privilege": (Text("Integrasjonen mangler en tilgang i regnskapssystemet.",
                       "The integration lacks a privilege in the accounting system."),
                  Text("Gi integrasjonen tilgangen som er nevnt (eller kontakt regnskapssystemets support).",
                       "Grant the integration the privilege named (or contact the accounting system's support).")),
    "network": (Text("Fikk ikke kontakt med regnskapssystemet (ingen nettverksforbindelse).",
                     "Could not reach the accounting system (no network connection)."),
                Text("Sjekk internettforbindelsen. Overføringen prøves igjen automatisk.",
                     "Check the internet connection. The transfer is retried automatically.")),
    "dns": (Text("Fant ikke regnskapssystemets adresse (DNS).", "Could not look up the accounting system's address (DNS)."),
            Text("Sjekk internettforbindelsen og eventuelle brannmurregler.", "Check the internet connection and firewall rules.")),
    "tls": (Text("Den sikre forbindelsen (TLS) til regnskapssystemet kunne ikke bekreftes.",
                 "The secure (TLS) connection to the accounting system could not be verified."),
            Text("Sjekk PC-ens klokke og at sertifikatene er oppdatert; en proxy eller antivirus kan bryte forbindelsen.",
                 "Check the PC's clock and that certificates are up to date; a proxy or antivirus may intercept it.")),
    "proxy": (Text("Proxyen stoppet forbindelsen til regnskapssystemet.", "The proxy blocked the connection to the accounting system."),
              Text("Kontroller proxyinnstillingene med IT-ansvarlig.", "Check the proxy settings with your IT contact.")),
    "timeout": (Text("Regnskapssystemet svarte ikke i tide.", "The accounting system did not answer in time."),
                Text("Overføringen kontrolleres og prøves igjen automatisk; ingenting sendes dobbelt.",
                     "The transfer is checked and retried automatically; nothing is sent twice.")),
    "down": (Text("Regnskapssystemet har driftsproblemer akkurat nå.", "The accounting system is having problems right now."),
             Text("Overføringen prøves igjen automatisk senere.", "The transfer is retried automatically later.")),
    "rate_limited": (Text("Regnskapssystemet ber oss vente (for mange forespørsler).",
                          "The accounting system asks us to wait (too many requests)."),
                     Text("Overføringen fortsetter av seg selv om litt.", "The transfer continues by itself shortly.")),
    "locked_period": (Text("Perioden er låst i regnskapet; bilaget kan ikke føres på denne datoen.",
                           "The period is locked in the ledger; the voucher cannot be posted on this date."),
                      Text("Be regnskapsføreren åpne perioden, eller før dagen manuelt.",
                           "Ask the accountant to open the period, or post the day by hand.")),
    "rejected": (Text("Regnskapssystemet avviste bilaget.", "The accounting system rejected the voucher."),
                 Text("Rett det som er nevnt under i oppsettet, og send på nytt.",
                      "Correct what is named below in the setup, and send again.")),
    "bad_answer": (Text("Regnskapssystemet ga et svar vi ikke forstår.",
                        "The accounting system gave an answer we do not understand."),
                   Text("Det går som regel over av seg selv: overføringen prøves igjen automatisk, og ingenting sendes "
                        "dobbelt. Varer det, kontakt support med detaljene under.",
                        "This usually passes by itself: the transfer is retried automatically and nothing is sent "
                        "twice. If it lasts, contact support with the details below.")),
    "duplicate": (Text("Regnskapssystemet sier at bilaget allerede finnes, men det kan ikke ses ennå.",
                       "The accounting system says the voucher already exists, but it cannot be seen yet."),
                  Text("Bilaget kontrolleres mot regnskapet igjen om litt; det sendes ikke på nytt.",
                       "The voucher is checked with the ledger again shortly; it is not sent again.")),
    "precheck_order": (Text("Ordren passer ikke med regnskapet (kunde, konto, mva-kode eller avdeling).",
                            "The order does not fit the ledger (customer, account, VAT code or department)."),
                       Text("Rett det som er nevnt under i oppsettet; ordren sendes igjen automatisk.",
                            "Correct what is named below in the setup; the order is sent again automatically.")),
    "no_orders": (Text("Dette regnskapssystemet tar ikke imot ordre fra ledgerwizard.",
                       "This accounting system does not take orders from ledgerwizard."),
                  Text("Kredittsalg føres i dagsoppgjøret (kundefordringer) i stedet.",
                       "Credit sales go on the daily voucher (receivables) instead.")),
    "precheck": (Text("Bilaget passer ikke med kontoplanen i regnskapet.", "The voucher does not fit the ledger's chart of accounts."),
                 Text("Rett kontoene som er nevnt under i oppsettet, og send på nytt.",
                      "Correct the accounts named below in the setup, and send again.")),
}

RETRYABLE = {"network", "dns", "tls", "proxy", "timeout", "down", "rate_limited", "bad_answer", "duplicate"}


def ledger_error(kind: str, outcome: str, details: list[str] | None = None, *, system: str = "") -> LedgerError:
    msg, hint = _MESSAGES[kind]
    if system:
        msg = Text(f"{system}: {msg.nb}", f"{system}: {msg.en}")
    return LedgerError(msg, hint, kind=kind, outcome=outcome, retryable=kind in RETRYABLE, details=details)


@dataclass(frozen=True)
class LedgerVatCode:
    id: str
    code: str  # the ledger's own code (SAF-T style: "3", "31" …)
    name: str
    rate: Decimal  # percent
    active: bool = True
    direction: str = "out"  # out, in, none


@dataclass(frozen=True)
class Department:
    id: str
    code: str
    name: str
    active: bool = True


@dataclass
class Chart:
    """What the ledger says about itself: accounts, VAT codes, departments, and locked dates."""

    accounts: list[Account] = field(default_factory=list)
    vat_codes: list[LedgerVatCode] = field(default_factory=list)
    departments: list[Department] = field(default_factory=list)
    lock_date: dt.date | None = None  # nothing on or before this date
    closed_periods: list[tuple[dt.date, dt.date]] = field(default_factory=list)

    def account(self, number: str) -> Account | None:
        return next((a for a in self.accounts if a.number == number), None)

    def vat(self, code: str) -> LedgerVatCode | None:
        return next((v for v in self.vat_codes if v.code == code and v.active), None)

    def department(self, code: str) -> Department | None:
        return next((d for d in self.departments if d.code == code), None)

    def is_locked(self, day: dt.date) -> bool:
        if self.lock_date is not None and day <= self.lock_date:
            return True
        return any(a <= day <= b for a, b in self.closed_periods)


@dataclass(frozen=True)
class LedgerCustomer:
    """A customer in the ledger (the live list the customer-linking step matches POS customers to)."""

    id: str
    number: str
    name: str
    org_nr: str = ""  # nine digits, when the ledger has one
    active: bool = True

    def label(self) -> str:
        return f"{self.number} {self.name}".strip() + (f" (org.nr. {self.org_nr})" if self.org_nr else "")


@dataclass
class Token:
    """An access token or session, and whether it is still good (``fresh``: until its expiry, for the day …)."""

    value: str
    fresh: Callable[[], bool] = lambda: True

    def __repr__(self) -> str:
        return "Token(***)"


@dataclass
class VerifyResult:
    company_name: str
    company_id: str = ""
    warnings: list[Text] = field(default_factory=list)


def precheck_order(order: SalesOrder, chart: Chart, customers: list[LedgerCustomer], system: str = "") -> None:
    """Refuse before sending what the ledger would refuse about an order: a customer that is not (or no longer)
    in the ledger or is inactive, a line's revenue account or VAT code unknown or inactive, a VAT code the account
    does not allow, a department that does not exist."""
    problems = []
    cust = next((c for c in customers if c.id == order.customer.ledger_id), None)
    who = f"{order.customer_name or order.customer_id} → {order.customer.number or order.customer.ledger_id}"
    if cust is None:
        problems.append(f"Kunden {who} finnes ikke i regnskapet (slettet?): koble kunden på nytt / the customer "
                        f"does not exist in the ledger (deleted?): link the customer again")
    elif not cust.active:
        problems.append(f"Kunden {who} er inaktiv i regnskapet: aktiver den eller koble en annen / the customer is "
                        f"inactive in the ledger: activate it or link another")
    for ln in order.lines:
        acc = chart.account(ln.account)
        if acc is None:
            problems.append(f"Konto {ln.account} finnes ikke i regnskapet / account {ln.account} does not exist")
            continue
        if not acc.active:
            problems.append(f"Konto {ln.account} er inaktiv / account {ln.account} is inactive")
        if chart.vat(ln.vat_code) is None:
            problems.append(f"MVA-kode {ln.vat_code} finnes ikke / VAT code {ln.vat_code} does not exist")
        if acc.vat_locked and (ln.vat_code or "0") != (acc.vat_code or "0"):
            problems.append(f"Konto {ln.account} er låst til mva-kode {acc.vat_code or '0'}, ikke {ln.vat_code} / "
                            f"account {ln.account} only allows VAT code {acc.vat_code or '0'}")
    if order.department and chart.departments:
        dep = chart.department(order.department)
        if dep is None or not dep.active:
            problems.append(f"Avdeling {order.department} finnes ikke eller er inaktiv / department "
                            f"{order.department} does not exist or is inactive")
    if problems:
        raise ledger_error("precheck_order", "rejected", sorted(set(problems)), system=system)


def precheck(voucher: Voucher, chart: Chart, system: str = "") -> None:
    """Refuse before sending what the ledger would refuse: locked period, unknown/inactive accounts, a VAT
    code the account does not allow, a missing department where the account requires one."""
    if chart.is_locked(voucher.business_day):
        raise ledger_error("locked_period", "rejected", [f"{voucher.business_day}"], system=system)
    problems = []
    for ln in voucher.lines:
        acc = chart.account(ln.account)
        if acc is None:
            problems.append(f"Konto {ln.account} finnes ikke i regnskapet / account {ln.account} does not exist")
            continue
        if not acc.active:
            problems.append(f"Konto {ln.account} er inaktiv / account {ln.account} is inactive")
        if ln.vat_code and chart.vat(ln.vat_code) is None:
            problems.append(f"MVA-kode {ln.vat_code} finnes ikke / VAT code {ln.vat_code} does not exist")
        if acc.vat_locked and (ln.vat_code or "0") != (acc.vat_code or "0"):
            problems.append(f"Konto {ln.account} er låst til mva-kode {acc.vat_code or '0'}, ikke {ln.vat_code or '0'} / "
                            f"account {ln.account} only allows VAT code {acc.vat_code or '0'}")
        if acc.department_required and not ln.department:
            problems.append(f"Konto {ln.account} krever avdeling / account {ln.account} requires a department")
        if ln.department and chart.departments and chart.department(ln.department) is None:
            problems.append(f"Avdeling {ln.department} finnes ikke / department {ln.department} does not exist")
    if problems:
        raise ledger_error("precheck", "rejected", sorted(set(problems)), system=system)


class Connector(ABC):
    """A ledger: ``verify`` the key, read the ``chart``, ``post`` a voucher, ``find`` one by its external
    reference (to resolve an uncertain attempt), ``attach`` the day's documentation.

    The public methods are written once here; a system implements the ``_`` methods. Here: the chart is read
    once per connector; ``post`` pre-checks the voucher against it and makes sure the key works *before* the
    voucher request leaves (so a failure there is "not sent", never "uncertain"); a ledger's duplicate answer
    becomes a look-up; an answer of the wrong shape (HTML, garbage, a token without its token) is a ledger
    error naming the status and the start of the answer, never a crash; every request goes through ``_call``,
    which applies the key (``_authorize``) and renews a token the ledger refuses mid-run once (``_new_token``).
    Which system a connector is, its name and capabilities come from ``registry`` (``system_id``).
    """

    system_id: str = ""  # the system's id in the registry (what a settings Company's ``system`` holds)
    line_style: str = "gross"
    settle_seconds: float = DEFAULT_SETTLE_SECONDS  # after an uncertain attempt, when "not found" is believed
    http = None  # the system's connectors.http.Http

    _chart_cache: Chart | None = None

    @property
    def display_name(self) -> str:
        """The system's name as users read it (from the registry)."""
        return registry.name(self.system_id)

    @property
    def unique_reference(self) -> bool:
        """The ledger itself refuses a second voucher with the same reference (the registry's capability)."""
        return registry.get(self.system_id).capabilities.unique_reference

    @classmethod
    @abstractmethod
    def from_settings(cls, *, client_key: Secret, keys: IntegrationKeys, environment: str, base_url: str | None,
                      options: dict, **http_kw) -> Connector:
        """The connector for a settings company (``registry.LedgerSystem.open`` calls it): its key, the
        integration's keys, the vendor environment, a sandbox's ``base_url`` (else the vendor's), the company's
        ``options``."""

    # -- for each system -----------------------------------------------------------------------------------------
    @abstractmethod
    def _verify(self) -> VerifyResult: ...

    @abstractmethod
    def _read_chart(self) -> Chart: ...

    def _authenticate(self) -> None:
        """Make sure a token is at hand before a voucher leaves (so a key problem is "not sent")."""
        self._token()

    def _new_token(self) -> Token | None:
        """A new access token or session (systems with OAuth or sessions), or the ``LedgerError`` saying why not
        (``_key_refused`` tells a wrong key from one made in the other environment). None: the system sends
        static keys, which ``_authorize`` adds to every request."""
        return None

    def _authorize(self, token: str | None, kw: dict) -> dict:
        """A request's keyword arguments (for ``Http.request``) with the token or the keys applied."""
        return kw

    @abstractmethod
    def _submit(self, voucher: Voucher, chart: Chart, on_send: Callable[[], None] | None) -> Posted:
        """Send the voucher (calling ``on_send`` just before it leaves). A duplicate answer raises kind
        ``duplicate``."""

    @abstractmethod
    def _find(self, external_ref: str, day: dt.date) -> Posted | None: ...

    def _attach(self, posted: Posted, pdf: bytes, filename: str) -> None:
        raise NotImplementedError

    # -- sales orders (registry capability ``sales_orders``; the systems' parts in ``*_orders.py`` mixins) ---------
    unique_order_reference: bool = False  # the ledger itself refuses a second order with the same reference

    def _customers(self) -> list[LedgerCustomer]:
        raise ledger_error("no_orders", "not_sent", system=self.display_name)

    def _create_customer(self, customer: Customer) -> LedgerCustomer:
        raise ledger_error("no_orders", "not_sent", system=self.display_name)

    def _prepare_order(self, order: SalesOrder, chart: Chart) -> None:
        """What must exist in the ledger before the order can leave (each system's own: products …)."""
        return None

    def _precheck_order(self, order: SalesOrder, chart: Chart) -> list[str]:
        """A system's own rules on top of ``precheck_order`` (problems in both languages)."""
        return []

    def _submit_order(self, order: SalesOrder, chart: Chart, on_send: Callable[[], None]) -> Posted:
        """Send the order (calling ``on_send`` just before it leaves); a duplicate answer raises kind
        ``duplicate``. The ``Posted`` carries the ledger's order id and number."""
        raise ledger_error("no_orders", "not_sent", system=self.display_name)

    def _find_order(self, order: SalesOrder) -> Posted | None:
        raise ledger_error("no_orders", "not_sent", system=self.display_name)

    # -- authentication and requests, written once ---------------------------------------------------------------
    endpoints: dict = {}  # environment -> where the system's API is (each system's own shape)
    environment: str = "production"

    @property
    def _token_lock(self) -> threading.Lock:
        return self.__dict__.setdefault("_token_lock_", threading.Lock())

    def _token(self, force: bool = False) -> str | None:
        """The current token (None for static keys): kept while it is fresh, made anew when it is not or when
        ``force``d, one at a time."""
        with self._token_lock:
            t: Token | None = self.__dict__.get("_token_")
            if force or t is None or not t.fresh():
                t = self.__dict__["_token_"] = self._new_token()
            return t.value if t is not None else None

    def _call(self, method: str, path: str, *, before_send: Callable[[], None] | None = None, **kw) -> httpx.Response:
        """One request to the ledger with the token or keys applied (``kw`` go to ``Http.request``). A 401 while
        using a token means it expired or was revoked mid-run: one new token, one more try (``before_send`` is
        called once: it is still the same attempt). Then a 401 is the key's fault and a 403 a missing privilege,
        each its own error; any other answer is the caller's to read."""
        from .http import problem_text

        for attempt in range(2):
            token = self._token(force=attempt > 0)
            r = self.http.request(method, path, before_send=before_send if attempt == 0 else None,
                                  **self._authorize(token, dict(kw)))
            if r.status_code == 401 and attempt == 0 and token is not None:
                continue
            if r.status_code == 401:
                words = problem_text(r)
                raise ledger_error("auth", "not_sent" if method == "GET" else "rejected", [words] if words else None,
                                   system=self.display_name)
            if r.status_code == 403:
                raise ledger_error("privilege", "rejected", [problem_text(r) or f"{method} {path}"],
                                   system=self.display_name)
            return r
        raise AssertionError("unreachable")  # pragma: no cover

    def _key_refused(self, works_in: Callable[[str], bool], details: list[str] | None = None) -> LedgerError:
        """The key was refused: a wrong key, or one made in the vendor's other environment (demo/test instead of
        production, or the reverse). ``works_in(environment)`` asks the other one, so the message can say which."""
        other = {"production": "demo", "demo": "production"}.get(self.environment)
        if other in self.endpoints:
            try:
                if works_in(other):
                    label = registry.get(self.system_id).environments[other]
                    return ledger_error("environment", "rejected",
                                        [f"nøkkelen virker i {label.nb} / the key works in {label.en}"],
                                        system=self.display_name)
            except LedgerError:
                pass
        return ledger_error("auth", "rejected", details, system=self.display_name)

    # -- the interface -------------------------------------------------------------------------------------------
    def verify(self) -> VerifyResult:
        return self._guard(self._verify, "not_sent")

    def chart(self, refresh: bool = False) -> Chart:
        if self._chart_cache is None or refresh:
            self._chart_cache = self._guard(self._read_chart, "not_sent")
        return self._chart_cache

    def post(self, voucher: Voucher, on_send: Callable[[], None] | None = None) -> Posted:
        def prepare() -> Chart:
            chart = self.chart()
            precheck(voucher, chart, self.display_name)
            self._guard(self._authenticate, "not_sent")
            return chart

        return self._deliver(prepare, lambda chart, leaving: self._submit(voucher, chart, leaving),
                             lambda: self.find(voucher.external_ref, voucher.business_day), voucher.external_ref,
                             on_send)

    def _deliver(self, prepare: Callable[[], Chart], submit: Callable[[Chart, Callable[[], None]], Posted],
                 find: Callable[[], Posted | None], ref: str, on_send: Callable[[], None] | None) -> Posted:
        """What every document's POST shares: ``prepare`` (chart, pre-check, token: a failure there is "not
        sent"), the request (``on_send`` just before it leaves), and a duplicate answer turned into a look-up."""
        try:
            chart = prepare()
        except LedgerError as e:  # nothing has left yet
            raise e if e.outcome != "unknown" else _as_not_sent(e) from None
        left: list[bool] = []

        def leaving() -> None:
            left.append(True)
            if on_send is not None:
                on_send()

        try:
            return self._guard(lambda: submit(chart, leaving), "unknown")
        except LedgerError as e:
            if not left and e.outcome == "unknown":
                raise _as_not_sent(e) from None
            if e.kind != "duplicate":
                raise
        found = find()
        if found is not None:
            return found  # the ledger has it: an earlier attempt got through
        raise ledger_error("duplicate", "unknown", [ref], system=self.display_name)

    def find(self, external_ref: str, day: dt.date) -> Posted | None:
        return self._guard(lambda: self._find(external_ref, day), "not_sent")

    # -- sales orders, written once -------------------------------------------------------------------------------
    def customers(self, refresh: bool = False) -> list[LedgerCustomer]:
        """The ledger's customers (read once per connector, like the chart)."""
        cached = self.__dict__.get("_customers_cache")
        if cached is None or refresh:
            cached = self.__dict__["_customers_cache"] = self._guard(self._customers, "not_sent")
        return cached

    def create_customer(self, customer: Customer) -> LedgerCustomer:
        """A new customer in the ledger from the POS's master data (only when a person asked for it)."""
        made = self._guard(lambda: self._create_customer(customer), "not_sent")
        self.__dict__.pop("_customers_cache", None)
        return made

    def post_order(self, order: SalesOrder, on_send: Callable[[], None] | None = None) -> Posted:
        """An open sales order (an invoice draft) for ``order``'s customer, exactly like ``post``: pre-checked
        against the chart and the customers, what it needs made first (``_prepare_order``), ``on_send`` just
        before the order request leaves, a duplicate answer turned into a look-up."""
        def prepare() -> Chart:
            chart = self.chart()
            precheck_order(order, chart, self.customers(), self.display_name)
            extra = self._precheck_order(order, chart)
            if extra:
                raise ledger_error("precheck_order", "rejected", sorted(set(extra)), system=self.display_name)
            self._guard(self._authenticate, "not_sent")
            self._guard(lambda: self._prepare_order(order, chart), "not_sent")
            return chart

        return self._deliver(prepare, lambda chart, leaving: self._submit_order(order, chart, leaving),
                             lambda: self.find_order(order), order.external_ref, on_send)

    def find_order(self, order: SalesOrder) -> Posted | None:
        """The order in the ledger by its reference (an open order, or one the office has invoiced since)."""
        return self._guard(lambda: self._find_order(order), "not_sent")

    def attach(self, posted: Posted, pdf: bytes, filename: str) -> None:
        return self._guard(lambda: self._attach(posted, pdf, filename), "not_sent")

    def close(self) -> None:
        if self.http is not None:
            self.http.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _guard(self, fn: Callable[[], T], outcome: str) -> T:
        """An answer of the wrong shape is a ledger error with the status and the start of the answer."""
        try:
            return fn()
        except (KeyError, IndexError, TypeError, ValueError, AttributeError) as e:
            if isinstance(e, LedgerError):  # pragma: no cover - LedgerError is none of these
                raise
            last = getattr(self.http, "last", None)
            detail = f"{type(e).__name__}"
            if last is not None:
                from .http import excerpt

                detail = f"HTTP {last.status_code}: «{excerpt(last)}»"
            raise ledger_error("bad_answer", outcome, [detail], system=self.display_name) from None


def _as_not_sent(e: LedgerError) -> LedgerError:
    e.outcome = "not_sent"
    return e
