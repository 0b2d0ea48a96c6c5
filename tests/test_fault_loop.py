"""30 days of transfers per system with random faults (5xx, slow answers past the timeout, connections dropped
after the voucher was stored, vouchers the ledger commits only after the client gave up, 429 bursts, expired
tokens), searches that lag behind the ledger (eventual consistency), and crashes of the sending process at every
step of the journal state machine, each followed by a restart minutes later. At the end every store-day is in
the ledger exactly once and the journal agrees with the ledger.

The emulator runs in process (``emu.transport()``: the same handling and faults as over loopback, see
test_emulator_transport.py), so an answer held past the timeout costs no waiting; the sockets' own failures
(trickling, huge answers, the total deadline) are tested in test_ledger_truth.py."""

import collections
import datetime as dt
import random

import pytest
from ledger_helpers import Waits
from saft_helpers import demo_locations, write

from ledgerwizard.adapters.settings import Profile
from ledgerwizard.connectors import open_connector
from ledgerwizard.core.transfer import SENT, Crash
from ledgerwizard_sandbox import start_sandbox
from ledgerwizard.services.sending import Sending
from ledgerwizard.services.setup import init_profile
from ledgerwizard.services.workspace import Workspace

START = dt.date(2026, 9, 1)
DAYS = 30
FAULTS = [None, None, "500", "slow", "drop_after", "drop_before", "429", "expire_tokens", "late_commit", "late_commit",
          "crash:before_sending", "crash:after_sending", "crash:after_post", "crash:after_sent"]


class Clock:
    """The run's time: the journal, the transfer engine and the emulator share it; minutes pass between runs."""

    def __init__(self):
        self.now = dt.datetime(2026, 10, 1, 6, 0, tzinfo=dt.timezone.utc)

    def __call__(self):
        return self.now

    def seconds(self):
        return self.now.timestamp()


POST_PATH = {"poweroffice": "/Vouchers/ManualJournals", "tripletex": "/ledger/voucher", "xledger": "/graphql",
             "duett": "/Voucher/v2/Vouchers"}
MATCH = {"xledger": "addGLImportItems"}  # Xledger's queries are POSTs to /graphql too: fault the mutation


def _ledger_refs(emu, system):
    if system == "poweroffice":
        (c,) = emu.clients.values()
        return collections.Counter(v["ExternalImportReference"] for v in c.vouchers.values() if not v["IsReversed"])
    if system == "tripletex":
        (c,) = emu.companies.values()
        return collections.Counter(v["externalVoucherNumber"] for v in c.vouchers.values())
    if system == "xledger":
        (e,) = emu.entities.values()
        return collections.Counter(e.batches)
    (c,) = emu.clients.values()
    return collections.Counter(v["refNumber"] for v in c.vouchers)


@pytest.mark.slow
@pytest.mark.parametrize("system", ["poweroffice", "tripletex", "xledger", "duett"])
def test_thirty_days_with_random_faults_and_restarts_post_each_day_exactly_once(system, tmp_path, capsys):
    rng = random.Random(f"lw-{system}")
    export = tmp_path / "export"
    export.mkdir()
    write(export / "year.xml", demo_locations(START, DAYS))
    profile = Profile.resolve(tmp_path / "profile")
    clock = Clock()
    waits = Waits()
    emu, clients = start_sandbox(system, clock=clock.seconds, listen=False, **waits.emulator_kw(system))
    emu.lookup_lag = rng.uniform(30, 300)  # searches see a stored voucher only minutes later
    try:
        settings = init_profile(Workspace(profile), export, system=system, environment="sandbox")
        ws = Workspace(profile, clock=clock)
        for comp in settings.companies:
            comp.options = {"base_url": emu.url}
            ws.secrets.set(system, comp.id, clients[0][1])
        ws.save(settings)
        sources = {}
        applied = collections.Counter()
        statuses = collections.Counter()

        def factory(company):
            return open_connector(company, ws.secrets, read_timeout=0.4, retries=2, transport=emu.transport(),
                                  **waits.http_kw())

        for i in range(DAYS):
            day = START + dt.timedelta(days=i)
            for attempt in range(20):
                fault = rng.choice(FAULTS) if attempt < 10 else None
                applied[fault or "none"] += 1
                hook = None
                if fault and fault.startswith("crash:"):
                    step = fault.split(":")[1]

                    def hook(s, step=step):
                        if s == step:
                            raise Crash(step)
                elif fault == "late_commit":  # committed up to 10 minutes after the client gave up
                    emu.faults.add(fault, path=POST_PATH[system], method="POST", seconds=0.6, delay=rng.uniform(5, 600),
                                   match=MATCH.get(system))
                elif fault:
                    emu.faults.add(fault, path=POST_PATH[system], method="POST", seconds=1.0, match=MATCH.get(system))
                # a new process: new journal connection, new connectors (the parsed export shared, to save time)
                restarted = Workspace(profile, clock=clock, source_cache=sources)
                try:
                    outcomes = Sending(restarted, connector_factory=factory, hook=hook).send(days=[day], source="timer")
                except Crash:
                    restarted.journal.close()
                    continue
                finally:
                    emu.faults.clear()
                    clock.now += dt.timedelta(seconds=rng.choice([60, 300, 900, 1800]))  # the next run
                restarted.journal.close()
                statuses.update(o.status for o in outcomes)
                if all(o.ok for o in outcomes):
                    break
        clock.now += dt.timedelta(hours=2)  # every late commit has landed and every search caught up
        final = Workspace(profile, clock=clock, source_cache=sources)
        catch_up = Sending(final, connector_factory=factory).send(first=START, last=START + dt.timedelta(days=DAYS - 1),
                                                                  source="catch-up")
        refs = _ledger_refs(emu, system)
        rows = [r for r in final.journal.rows() if r.state == SENT]
        assert len(rows) == 2 * DAYS  # two stores
        assert all(n == 1 for n in refs.values()), [r for r, n in refs.items() if n > 1]
        assert {r.external_ref for r in rows} == set(refs)
        assert all(o.ok for o in catch_up)
        print(f"{system}: {2 * DAYS} store-days sent, {sum(refs.values())} vouchers in the ledger, "
              f"{len([o for o in catch_up if o.status != 'already_sent'])} left for catch-up; lookup lag "
              f"{emu.lookup_lag:.0f} s; outcomes {dict(sorted(statuses.items()))}; "
              f"attempts by fault: {dict(sorted(applied.items()))}")
    finally:
        emu.stop()
