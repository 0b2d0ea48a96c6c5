"""The setup's invoicing of credit sales, without Qt (issue 15): per ledger company, whether credit sales go to the
ledger as open orders (from which day), and which ledger customer each POS customer is invoiced to.

The POS customers are those the exports' credit sales name (with the customer's master data where the export has
it); the ledger's customers are its live list (read on a worker by the step). A POS customer is *linked* only by a
person: a link saved before, a customer picked in the list, suggestions confirmed (``accept_suggestions``), or a
customer the person asked to have made in the ledger (``created``). Suggestions come from the organisation number
first, then from the name (letters and digits compared, case and punctuation aside); a name suggestion is shown as
one to check. An unlinked customer's sales are held (``core.orders.order_hold``), never sent to another customer.

A system whose API this project has no order endpoint for that it can stand behind (Xledger, Duett: the registry's
``sales_orders``) says so plainly (``unavailable``); its credit sales stay on the daily voucher as the accounts step
chose (receivables, or left out).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, AbstractSet

from ..connectors import registry as systems
from ..core.display import org_number
from ..core.i18n import Text
from ..core.orders import CustomerLink, Invoicing, invoiceable

if TYPE_CHECKING:
    from ..adapters.settings import Settings
    from ..connectors.base import LedgerCustomer
    from ..core.saft.model import Customer


def _name_key(name: str) -> str:
    return re.sub(r"[\W_]+", "", name or "").casefold()


@dataclass
class PosCustomer:
    """A customer the exports' credit sales name."""

    id: str
    name: str
    org_nr: str = ""
    master: Customer | None = None  # the export's master data (for "create in the ledger")
    sales: int = 0
    total: Decimal = Decimal("0.00")
    stores: set[str] = field(default_factory=set)

    def label(self) -> str:
        return f"{self.name} ({self.id})" if self.name else self.id


@dataclass
class CustomerRow:
    """One line of the linking step: a POS customer, its link (if a person made one), the suggestion, the status."""

    pos: PosCustomer
    link: CustomerLink | None
    suggestion: LedgerCustomer | None
    suggested_by: str  # "org_nr", "name" or ""
    status: str  # linked, linked_unverified, inactive, missing, suggested, unlinked
    text: Text  # the status in words

    @property
    def ok(self) -> bool:
        return self.status in ("linked", "linked_unverified")


@dataclass
class CompanyInvoicing:
    company_id: str
    system: str  # the system the links were made in (ledger ids mean nothing in another)
    enabled: bool = False
    start: dt.date | None = None
    links: dict[str, CustomerLink] = field(default_factory=dict)
    ledger: list[LedgerCustomer] | None = None  # the live list, once read
    error: Text | None = None  # why it could not be read


@dataclass
class InvoicingDraft:
    companies: dict[str, CompanyInvoicing] = field(default_factory=dict)

    @classmethod
    def from_settings(cls, settings: Settings) -> InvoicingDraft:
        d = cls()
        for c in settings.companies:
            inv = Invoicing.from_dict(c.invoicing)
            d.companies[c.id] = CompanyInvoicing(c.id, c.system, inv.enabled, inv.start, dict(inv.links))
        return d

    def company(self, company_id: str, system: str) -> CompanyInvoicing:
        ci = self.companies.get(company_id)
        if ci is None or ci.system != system:  # a new company, or another system: nothing of the old one holds
            ci = self.companies[company_id] = CompanyInvoicing(company_id, system)
        return ci

    # -- can it be switched on at all ----------------------------------------------------------------------------
    @staticmethod
    def supported(system: str) -> bool:
        try:
            return systems.get(system).capabilities.sales_orders
        except Exception:  # noqa: BLE001 - an unknown system takes no orders
            return False

    @staticmethod
    def unavailable(system: str) -> Text:
        name = systems.name(system)
        return Text(f"Fakturering av kredittsalg er ikke tilgjengelig for {name} i denne versjonen: ledgerwizard "
                    f"kjenner ikke noe ordre-API hos {name} som er sikkert nok til å bygge på. Kredittsalg føres i "
                    f"dagsoppgjøret slik kontosiden er satt opp (på kundefordringer, eller utelatt og fakturert "
                    f"manuelt i {name}).",
                    f"Invoicing credit sales is not available for {name} in this version: ledgerwizard knows no "
                    f"order API at {name} certain enough to build on. Credit sales go on the daily voucher as the "
                    f"accounts page is set up (to receivables, or left out and invoiced by hand in {name}).")

    # -- the POS customers in the exports ------------------------------------------------------------------------------
    @staticmethod
    def pos_customers(model, company_id: str) -> list[PosCustomer]:
        stores = {s.id: s.name for s in model.stores if s.company_id == company_id}
        found: dict[str, PosCustomer] = {}
        for d in model.days():
            if d.store not in stores:
                continue
            for sale in d.credit_sales:
                if not invoiceable(sale) or not sale.customer_id:
                    continue
                master = sale.customer or d.master.customers.get(sale.customer_id)
                pc = found.get(sale.customer_id)
                if pc is None:
                    pc = found[sale.customer_id] = PosCustomer(sale.customer_id, master.name if master else "",
                                                               master.org_nr if master else "", master)
                pc.sales += 1
                pc.total += sale.amount_in
                pc.stores.add(stores[d.store])
        return sorted(found.values(), key=lambda p: (p.name.casefold() or "~", p.id))

    def relevant(self, model) -> bool:
        """Whether the setup shows the step: the exports have credit sales, or invoicing is on already."""
        if any(ci.enabled for ci in self.companies.values()):
            return True
        return any(invoiceable(s) for d in model.days() for s in d.credit_sales)

    # -- the company's choice --------------------------------------------------------------------------------------
    @staticmethod
    def default_start(today: dt.date, first_day: dt.date | None, sent_days: AbstractSet[dt.date] = frozenset()) -> dt.date:
        """From when credit sales go out as orders, when the user switches it on: today (or the go-live day if it is
        later), never a day whose voucher is already in the ledger (it may carry those sales)."""
        start = max(today, first_day) if first_day else today
        return max(start, max(sent_days) + dt.timedelta(days=1)) if sent_days else start

    def set_enabled(self, company_id: str, system: str, on: bool, start: dt.date) -> None:
        ci = self.company(company_id, system)
        ci.enabled = on and self.supported(system)
        if ci.enabled and ci.start is None:
            ci.start = start

    def set_start(self, company_id: str, system: str, start: dt.date) -> None:
        self.company(company_id, system).start = start

    def set_ledger(self, company_id: str, system: str, customers: list[LedgerCustomer] | None,
                   error: Text | None = None) -> None:
        ci = self.company(company_id, system)
        ci.ledger, ci.error = customers, error

    # -- suggestions, links, statuses ----------------------------------------------------------------------------------
    @staticmethod
    def suggest(pos: PosCustomer, ledger: list[LedgerCustomer]) -> tuple[LedgerCustomer | None, str]:
        """The ledger customer a POS customer most likely is: the same organisation number (one active match), else
        the same name (one active match). Never a guess between two."""
        active = [c for c in ledger if c.active]
        if pos.org_nr:
            same = [c for c in active if c.org_nr == pos.org_nr]
            if len(same) == 1:
                return same[0], "org_nr"
            if len(same) > 1:
                return None, ""
        key = _name_key(pos.name)
        if key:
            same = [c for c in active if _name_key(c.name) == key and (not c.org_nr or not pos.org_nr)]
            if len(same) == 1:
                return same[0], "name"
        return None, ""

    def rows(self, model, company_id: str) -> list[CustomerRow]:
        ci = self.company(company_id, model.system)
        ledger = ci.ledger
        by_id = {c.id: c for c in ledger or []}
        out = []
        for pos in self.pos_customers(model, company_id):
            link = ci.links.get(pos.id)
            sug, by = self.suggest(pos, ledger) if ledger is not None and link is None else (None, "")
            if link is not None:
                cur = by_id.get(link.ledger_id)
                who = (cur.label() if cur else f"{link.number} {link.name}".strip()) or link.ledger_id
                if ledger is None:
                    status, text = "linked_unverified", Text(f"Koblet til {who}", f"Linked to {who}")
                elif cur is None:
                    status, text = "missing", Text(f"Kunden {who} finnes ikke lenger i regnskapet: koble på nytt",
                                                   f"Customer {who} is no longer in the ledger: link again")
                elif not cur.active:
                    status, text = "inactive", Text(f"Kunden {who} er inaktiv i regnskapet: koble en annen",
                                                    f"Customer {who} is inactive in the ledger: link another")
                else:
                    status, text = "linked", Text(f"Koblet til {who}", f"Linked to {who}")
            elif sug is not None:
                status = "suggested"
                text = Text(f"Forslag (samme org.nr.): {sug.label()} – bekreft", f"Suggested (same org. no.): "
                            f"{sug.label()} – confirm") if by == "org_nr" else Text(
                    f"Forslag (samme navn): {sug.label()} – kontroller og bekreft",
                    f"Suggested (same name): {sug.label()} – check and confirm")
            else:
                status, text = "unlinked", Text("Ikke koblet: salget holdes til kunden er koblet",
                                                "Not linked: the sales are held until the customer is linked")
            out.append(CustomerRow(pos, link, sug, by, status, text))
        return out

    def link(self, company_id: str, system: str, pos_id: str, customer: LedgerCustomer) -> None:
        """A person linked the POS customer to this ledger customer."""
        self.company(company_id, system).links[pos_id] = CustomerLink(pos_id, customer.id, customer.number,
                                                                      customer.name)

    def unlink(self, company_id: str, system: str, pos_id: str) -> None:
        self.company(company_id, system).links.pop(pos_id, None)

    def accept_suggestions(self, model, company_id: str) -> int:
        """A person confirmed the suggestions shown: each becomes a link. Returns how many."""
        n = 0
        for row in self.rows(model, company_id):
            if row.status == "suggested" and row.suggestion is not None:
                self.link(company_id, model.system, row.pos.id, row.suggestion)
                n += 1
        return n

    def created(self, company_id: str, system: str, pos_id: str, customer: LedgerCustomer) -> None:
        """The ledger customer a person asked to have made for this POS customer: linked, and in the list."""
        ci = self.company(company_id, system)
        if ci.ledger is not None and all(c.id != customer.id for c in ci.ledger):
            ci.ledger = [*ci.ledger, customer]
        self.link(company_id, system, pos_id, customer)

    @staticmethod
    def create_question(pos: PosCustomer, system: str) -> Text:
        """What the person is asked before a customer is made in the ledger."""
        name = systems.name(system)
        m = pos.master
        addr = (m.postal_address or m.street_address) if m is not None else None
        where = ", ".join(x for x in ((addr.street, f"{addr.postal_code} {addr.city}".strip()) if addr else ()) if x)
        org = Text(f", org.nr. {org_number(pos.org_nr)}", f", org. no. {org_number(pos.org_nr)}") if pos.org_nr else Text("", "")
        at = f", {where}" if where else ""
        return Text(f"Opprette kunden «{pos.name or pos.id}»{org.nb}{at} i {name}? Kassens kredittsalg til kunden "
                    f"faktureres da til den nye kunden.",
                    f"Create the customer “{pos.name or pos.id}”{org.en}{at} in {name}? The register's credit sales to "
                    f"the customer are then invoiced to the new customer.")

    def summary(self, model, company_id: str) -> Text:
        rows = self.rows(model, company_id)
        linked = sum(r.ok for r in rows)
        suggested = sum(r.status == "suggested" for r in rows)
        rest = len(rows) - linked - suggested
        nb = f"{linked} av {len(rows)} kunder er koblet."
        en = f"{linked} of {len(rows)} customers are linked."
        if suggested:
            nb += f" {suggested} forslag venter på at du bekrefter dem."
            en += f" {suggested} suggestions wait for you to confirm them."
        if rest or suggested:
            nb += " Kredittsalg til kunder som ikke er koblet, holdes og vises i statusen til de er koblet; de " \
                  "sendes aldri til en annen kunde."
            en += " Credit sales to customers who are not linked are held and shown in the status until they are " \
                  "linked; they are never sent to another customer."
        return Text(nb, en)

    # -- what is saved ---------------------------------------------------------------------------------------------------
    def company_part(self, company_id: str, system: str, old: dict | None = None) -> dict:
        """The company's ``invoicing`` in the settings (what the setup does not show kept as it was)."""
        ci = self.companies.get(company_id)
        if ci is None or (not ci.enabled and not ci.links and ci.start is None and not (old or {}).get("enabled")):
            return dict(old or {})  # never switched on: the settings stay as they were
        links = ci.links if ci.system == system else {}
        doc = {**(old or {}), **Invoicing(ci.enabled and self.supported(system), ci.start, links).to_dict()}
        if ci.start is None:
            doc.pop("from", None)
        return doc


__all__ = ["InvoicingDraft", "CompanyInvoicing", "CustomerRow", "PosCustomer"]
