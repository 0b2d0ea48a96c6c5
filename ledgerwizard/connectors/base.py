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

from ..core.display import org_number
from ..core.i18n import Text
from ..core.mapping import Account
from ..core.transfer import DEFAULT_SETTLE_SECONDS, LedgerError, Posted
from ..core.voucher import Voucher
from . import registry
from .errors import RETRYABLE, ledger_error  # noqa: F401 - (re-exported: what each kind of failure says lives there)

if TYPE_CHECKING:
    import httpx

    from .http import Http
    from ..core.orders import SalesOrder
    from ..core.saft.model import Customer

    from ..adapters.secrets import Secret
    from .integration import IntegrationKeys

T = TypeVar("T")

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

    def id_of(self, kind: str, code: str) -> str:
        """The ledger's id of an account, VAT code or department a voucher names. The precheck refuses a voucher
        naming one the chart lacks, so a missing one here is a program error, said as such."""
        found = {"account": self.account, "vat": self.vat, "department": self.department}[kind](code)
        if found is None:
            raise ValueError(f"{kind} {code!r} is not in the ledger's chart (the precheck lets no such voucher through)")
        return found.id

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
        return f"{self.number} {self.name}".strip() + (f" (org.nr. {org_number(self.org_nr)})" if self.org_nr else "")


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


def json_number(d: Decimal) -> float:
    """An amount, price or quantity for a JSON body whose schema says ``number`` (PowerOffice, Tripletex). JSON has
    no decimal type: Python writes a float by its shortest repr, which is exactly the decimal for every øre amount a
    shop can have (below 10^13 kr) and every price or quantity a receipt carries; checked here, so a number that
    would not arrive exact is refused, never rounded."""
    f = float(d)
    if Decimal(repr(f)) != d:
        raise ValueError(f"{d} cannot be sent exactly as a JSON number")
    return f


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
        dep = chart.department(ln.department) if ln.department and chart.departments else None
        if ln.department and chart.departments and dep is None:
            problems.append(f"Avdeling {ln.department} finnes ikke / department {ln.department} does not exist")
        elif dep is not None and not dep.active:
            problems.append(f"Avdeling {ln.department} er inaktiv / department {ln.department} is inactive")
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
    http: Http = None  # type: ignore[assignment]  # the system's connectors.http.Http, made by the constructor

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

    def _read_departments(self) -> list[Department]:
        """The ledger's departments alone (the setup's department list, read before the whole chart is needed);
        a system whose list is one request overrides this, the others read the chart."""
        return self.chart().departments

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
        """What must exist in the ledger before the order can leave: an order line takes no account, so each
        revenue account the order uses has a product of ours that posts to it, found by its code (each system's
        ``_products_found``) or else made (``_make_product``) once, when the first order needs it. A product with
        that code that posts elsewhere, or is archived, refuses the order: its sale would land on another
        account."""
        products: dict[str, int] = self.__dict__.setdefault("_products", {})
        wanted = sorted({ln.account for ln in order.lines} - set(products))
        if not wanted:
            return
        for acc, product_id, problem in self._products_found(wanted, chart):
            if problem:
                raise ledger_error("precheck_order", "rejected", [problem], system=self.display_name)
            products[acc] = product_id
        for acc in wanted:
            if acc in products:
                continue
            account = chart.account(acc)
            if account is None:  # (the pre-check refused it already)
                raise ledger_error("precheck_order", "rejected", [acc], system=self.display_name)
            products[acc] = self._make_product(acc, account)

    def _products_found(self, accounts: list[str], chart: Chart) -> list[tuple[str, int, str | None]]:
        """The ledger's products of ours for ``accounts``: (account, product id, what is wrong with it or None)."""
        return []

    def _make_product(self, account: str, ledger_account: Account) -> int:
        """A new product posting to ``account``; its id."""
        raise ledger_error("no_orders", "not_sent", system=self.display_name)

    def _precheck_order(self, order: SalesOrder, chart: Chart) -> list[str]:
        """A system's own rules on top of ``precheck_order`` (problems in both languages)."""
        return []

    def _submit_order(self, order: SalesOrder, chart: Chart, on_send: Callable[[], None]) -> Posted:
        """Send the order (calling ``on_send`` just before it leaves); a duplicate answer raises kind
        ``duplicate``. The ``Posted`` carries the ledger's order id and number."""
        raise ledger_error("no_orders", "not_sent", system=self.display_name)

    def _find_order(self, order: SalesOrder, ref: str) -> Posted | None:
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
        if other is not None and other in self.endpoints:
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

    def departments(self) -> list[Department]:
        """The ledger's departments, active and inactive (the chart's, when it has been read)."""
        if self._chart_cache is not None:
            return self._chart_cache.departments
        return self._guard(self._read_departments, "not_sent")

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
                 find: Callable[[], Posted | None], ref: str, on_send: Callable[[], None] | None,
                 duplicate: str = "duplicate") -> Posted:
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
            if e.kind not in ("duplicate", "duplicate_order"):
                raise
        found = find()
        if found is not None:
            return found  # the ledger has it: an earlier attempt got through
        raise ledger_error(duplicate, "unknown", [ref], system=self.display_name)

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
                             lambda: self.find_order(order), order.external_ref, on_send, "duplicate_order")

    def find_order(self, order: SalesOrder, ref: str | None = None) -> Posted | None:
        """The order in the ledger by its reference (an open order, or one the office has invoiced since): ``ref``,
        the reference an earlier attempt was made with (the journal's), or the order's own."""
        return self._guard(lambda: self._find_order(order, ref or order.external_ref), "not_sent")

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
