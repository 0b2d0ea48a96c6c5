"""The issue-15 sample: credit sales for three customers across two stores (one customer the ledger does not know),
and a shop set up against an emulated ledger with invoicing on."""

import datetime as dt
from decimal import Decimal as D

from saft_helpers import write

from ledgerwizard.adapters.secrets import MemorySecretStore
from ledgerwizard.adapters.settings import Profile
from ledgerwizard.connectors import open_connector
from ledgerwizard.core.mapping import CREDIT_RECEIVABLES
from ledgerwizard.services.setup import init_profile
from ledgerwizard.services.workspace import Workspace
from ledgerwizard_sandbox.saftgen import DEMO_CUSTOMERS, Line, Location, Register, make_credit_txn, make_txn

DAY = dt.date(2026, 3, 2)
HANSEN, FRISOR, KARI = DEMO_CUSTOMERS  # K1001 (org.nr in the ledger), K1002 (name in the ledger), K1003 (not there)


def _at(h, m=0, day=DAY):
    return dt.datetime.combine(day, dt.time(h, m))


def credit_locations(day=DAY, with_return=False):
    """Two stores; Grünerløkka sells on account to Hansen (two lines, one of them two units) and to Kari Nordmann;
    Majorstuen sells on account to the hairdresser. Cash and card sales around them. ``with_return``: Hansen also
    returns a coffee on account at Grünerløkka."""
    gl = Register("GL-1", [
        make_txn(1, _at(9, day=day), [Line("400", "3", D("45.00")), Line("100", "2", D("89.00"))], "BAX"),
        make_credit_txn(2, _at(10, day=day), [Line("500", "2", D("239.80"), article="A-500", quantity=D(2)),
                                              Line("400", "3", D("45.00"), article="A-400", quantity=D(1))], HANSEN),
        make_credit_txn(3, _at(11, day=day), [Line("100", "2", D("89.00"), article="A-100", quantity=D(1),
                                                   text="Smørbrød med reker")], KARI),
        make_txn(4, _at(12, day=day), [Line("300", "3", D("98.00"))], "KONT"),
    ] + ([make_credit_txn(5, _at(15, day=day), [Line("400", "3", D("45.00"), article="A-400", quantity=D(1))],
                          HANSEN, is_return=True)] if with_return else []), [_at(22, 45, day=day)])
    mj = Register("MJ-1", [
        make_txn(1, _at(9, day=day), [Line("300", "3", D("98.00"))], "VISA"),
        make_credit_txn(2, _at(12, day=day), [Line("400", "3", D("135.00"), article="A-400", quantity=D(3))], FRISOR),
    ], [_at(22, 45, day=day)])
    return [Location("Kaffebar Grünerløkka", [gl]), Location("Kaffebar Majorstuen", [mj])]


def write_credit_export(folder, day=DAY, with_return=False):
    folder.mkdir(parents=True, exist_ok=True)
    return write(folder / "credit.xml", credit_locations(day, with_return), customers=DEMO_CUSTOMERS)


class Shop:
    """A profile set up with ``init_profile`` against ``emu`` (in process), credit sales to receivables in each
    store's own mapping (so leaving them out of the voucher is invoicing's doing), invoicing off until asked."""

    def __init__(self, tmp_path, system, emu, clients, export=None, clock=None, **http_kw):
        self.system, self.emu = system, emu
        self.export = export or write_credit_export(tmp_path / "export").parent
        self.profile = Profile.resolve(tmp_path / "profile")
        self.secrets = MemorySecretStore()
        ws = Workspace(self.profile)
        ws.secrets = self.secrets
        settings = init_profile(ws, self.export, system=system, environment="sandbox")
        for c in settings.companies:
            c.options = {"base_url": emu.url}
            self.secrets.set(system, c.id, clients[0][1])
        for st in settings.stores:
            st.mapping.credit_sales = CREDIT_RECEIVABLES
            st.mapping.receivables_account = "1500"
        ws.save(settings)
        self.clock = clock
        self.http_kw = http_kw
        self.sources = {}
        # each store's department chosen as the setup suggests it from the ledger's live list (init leaves none)
        from ledgerwizard.setup.departments import suggest

        with self.connector() as con:
            chart = con.chart()
        for st in settings.stores:
            st.department = suggest([st.name, st.location], chart.departments).code
        ws.save(settings)

    def workspace(self):
        ws = Workspace(self.profile, clock=self.clock, source_cache=self.sources)
        ws.secrets = self.secrets
        return ws

    def connector(self, company=None, **kw):
        ws = self.workspace()
        company = company or ws.settings.companies[0]
        kw = {**self.http_kw, **kw}
        if not self.emu.listening:
            kw.setdefault("transport", self.emu.transport())
        return open_connector(company, self.secrets, **kw)

    def factory(self, company):
        return self.connector(company)

    def invoicing(self, links, enabled=True, start=None):
        """Turn invoicing on with ``links`` {POS customer id: ledger customer}."""
        ws = self.workspace()
        s = ws.settings
        s.companies[0].invoicing = {"enabled": enabled, **({"from": start.isoformat()} if start else {}),
                                    "customers": [{"pos_id": pos, "ledger_id": c.id, "number": c.number,
                                                   "name": c.name} for pos, c in links.items()]}
        ws.save(s)

    def ledger_customers(self):
        with self.connector() as con:
            return {c.name: c for c in con.customers()}

    def orders(self):
        """Every order in the emulated ledger (open or invoiced)."""
        (key,) = (self.emu.clients if self.system == "poweroffice" else self.emu.companies).keys()
        return self.emu.orders_of(key)


def order_ref(order, system):
    return order["ExternalImportReference"] if system == "poweroffice" else order["reference"]
