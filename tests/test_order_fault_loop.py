"""The fault loop, extended to sales orders (issue 15): three weeks of two stores selling on account to three
customers, with random faults on the order requests and the vouchers' (5xx, answers held past the timeout,
connections dropped after the order was stored, orders the ledger commits only after the client gave up, 429
bursts, expired tokens), searches that lag behind the ledger, and the sending process killed at every step of the
journal's state machine (the n-th step of a run, so the kills land on orders as well as vouchers), each followed
by a restart minutes later. At the end every credit sale is in the ledger as exactly one order, and the journal
agrees with the ledger."""

import collections
import datetime as dt
import random

import pytest
from ledger_helpers import Waits
from saft_helpers import write

from ledgerwizard.adapters.secrets import MemorySecretStore
from ledgerwizard.adapters.settings import Profile
from ledgerwizard.connectors import open_connector
from ledgerwizard.core.orders import invoiceable, order_reference
from ledgerwizard.core.transfer import SENT, Crash
from ledgerwizard.services.orders import order_rows
from ledgerwizard.services.sending import Sending
from ledgerwizard.services.setup import init_profile
from ledgerwizard.services.workspace import Workspace
from ledgerwizard_sandbox import start_sandbox
from ledgerwizard_sandbox.saftgen import DEMO_CUSTOMERS, demo_locations

START = dt.date(2026, 9, 1)
DAYS = 21
FAULTS = [None, None, "500", "slow", "drop_after", "drop_before", "429", "expire_tokens", "late_commit", "late_commit",
          "crash:before_sending", "crash:after_sending", "crash:after_post", "crash:after_sent"]
POST_PATH = {"poweroffice": ("/SalesOrders/Complete", "/Vouchers/ManualJournals"),
             "tripletex": ("/order", "/ledger/voucher")}


class Clock:
    def __init__(self):
        self.now = dt.datetime(2026, 10, 1, 6, 0, tzinfo=dt.timezone.utc)

    def __call__(self):
        return self.now

    def seconds(self):
        return self.now.timestamp()


@pytest.mark.slow
@pytest.mark.parametrize("system", ["poweroffice", "tripletex"])
def test_three_weeks_of_orders_with_random_faults_and_restarts_post_each_order_exactly_once(system, tmp_path):
    rng = random.Random(f"lw-orders-{system}")
    export = tmp_path / "export"
    export.mkdir()
    write(export / "weeks.xml", demo_locations(START, DAYS, credit_customers=DEMO_CUSTOMERS), customers=DEMO_CUSTOMERS)
    profile = Profile.resolve(tmp_path / "profile")
    clock = Clock()
    waits = Waits()
    emu, clients = start_sandbox(system, clock=clock.seconds, listen=False, **waits.emulator_kw(system))
    emu.lookup_lag = rng.uniform(30, 300)
    secrets = MemorySecretStore()
    try:
        ws = Workspace(profile)
        ws.secrets = secrets
        settings = init_profile(ws, export, system=system, environment="sandbox")
        for comp in settings.companies:
            comp.options = {"base_url": emu.url}
            secrets.set(system, comp.id, clients[0][1])
        ws.save(settings)

        def factory(company):
            return open_connector(company, secrets, read_timeout=0.4, retries=2, transport=emu.transport(),
                                  **waits.http_kw())

        with factory(settings.companies[0]) as con:  # link the three customers (the third made in the ledger)
            known = {c.name: c for c in con.customers()}
            from ledgerwizard.core.saft.model import Customer

            kari = con.create_customer(Customer("K1003", "Kari Nordmann"))
        links = {"K1001": known["Byggmester Hansen AS"], "K1002": known["Grünerløkka Frisør"], "K1003": kari}
        settings.companies[0].invoicing = {"enabled": True, "customers": [
            {"pos_id": p, "ledger_id": c.id, "number": c.number} for p, c in links.items()]}
        ws.save(settings)
        sources = {}
        applied = collections.Counter()
        statuses = collections.Counter()
        for i in range(DAYS):
            day = START + dt.timedelta(days=i)
            for attempt in range(25):
                fault = rng.choice(FAULTS) if attempt < 12 else None
                applied[fault or "none"] += 1
                hook = None
                if fault and fault.startswith("crash:"):
                    step, nth = fault.split(":")[1], rng.randint(1, 4)
                    seen = collections.Counter()

                    def hook(s, step=step, nth=nth, seen=seen):
                        seen[s] += 1
                        if s == step and seen[s] == nth:  # the n-th: a voucher's or an order's
                            raise Crash(step)
                elif fault:
                    path = rng.choice(POST_PATH[system] + POST_PATH[system][:1])  # mostly the orders'
                    kw = {"seconds": 0.6, "delay": rng.uniform(5, 600)} if fault == "late_commit" else {"seconds": 1.0}
                    emu.faults.add(fault, path=path, method="POST", times=rng.randint(1, 2), **kw)
                restarted = Workspace(profile, clock=clock, source_cache=sources)
                restarted.secrets = secrets
                sending = Sending(restarted, connector_factory=factory, hook=hook)
                try:
                    outcomes = sending.send(days=[day], source="timer")
                except Crash:
                    restarted.journal.close()
                    continue
                finally:
                    emu.faults.clear()
                    clock.now += dt.timedelta(seconds=rng.choice([60, 300, 900, 1800]))
                restarted.journal.close()
                statuses.update(f"order {o.status}" for o in sending.order_outcomes)
                if all(o.ok for o in outcomes) and all(o.ok for o in sending.order_outcomes):
                    break
        clock.now += dt.timedelta(hours=2)  # every late commit has landed and every search caught up
        final = Workspace(profile, clock=clock, source_cache=sources)
        final.secrets = secrets
        catch_up = Sending(final, connector_factory=factory)
        catch_up.send(first=START, last=START + dt.timedelta(days=DAYS - 1), source="catch-up")
        # the truth: the export's credit sales, the ledger's orders, the journal's rows
        sales = [(sd.store.id, s) for sd in catch_up.days.store_days()[0] for s in sd.summary.credit_sales
                 if invoiceable(s)]
        expected = {order_reference(s.register_id, s.nr, s.when.date(), store) for store, s in sales}
        key = next(iter(emu.clients if system == "poweroffice" else emu.companies))
        refs = collections.Counter(o["ExternalImportReference"] if system == "poweroffice" else o["reference"]
                                   for o in emu.orders_of(key))
        rows = order_rows(final.journal)
        assert len(sales) >= 40 and {s.customer_id for _, s in sales} == {"K1001", "K1002", "K1003"}
        assert all(n == 1 for n in refs.values()), [r for r, n in refs.items() if n > 1]
        assert set(refs) == expected
        assert len(rows) == len(expected) and all(r.state == SENT for r in rows)
        assert {r.external_ref for r in rows} == expected
        assert all(o.ok for o in catch_up.order_outcomes)
        assert not emu.schema_errors
        print(f"{system}: {len(expected)} orders, each once in the ledger; outcomes {dict(sorted(statuses.items()))}; "
              f"attempts by fault: {dict(sorted(applied.items()))}; lookup lag {emu.lookup_lag:.0f} s")
    finally:
        emu.stop()
