"""Issue 13: a month in the life of a shop, on an injected clock. Set up and go live on a date after a test
transfer; a mapping mistake makes a store's days fail until it is fixed in the settings (the accounts section, saved
on its own) and the days are sent from the status; the PC is off for nine days and the catch-up asks first. No day
before the go-live day is ever sent or alerted; every day from it is in the ledger exactly once."""

import collections
import datetime as dt

from ledger_helpers import Waits
from saft_helpers import demo_locations, write

from ledgerwizard.adapters.settings import Profile
from ledgerwizard.connectors import open_connector
from ledgerwizard.core.schedule import OSLO
from ledgerwizard.services import status as S
from ledgerwizard.services.sending import Sending
from ledgerwizard.services.setup import init_profile, save_section
from ledgerwizard.services.workspace import Workspace
from ledgerwizard.setup.model import SetupModel
from ledgerwizard_sandbox import start_sandbox

START = dt.date(2026, 9, 1)
TEST_DAY = dt.date(2026, 9, 9)
GO_LIVE = TEST_DAY + dt.timedelta(days=1)


def at(day: dt.date, hh: int, mm: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hh, mm, tzinfo=OSLO).astimezone(dt.timezone.utc)


def test_a_month_of_life(tmp_path):
    export = tmp_path / "export"
    export.mkdir()
    write(export / "month.xml", demo_locations(START, 32))
    now = [at(TEST_DAY + dt.timedelta(days=1), 10)]
    clock = lambda: now[0]  # noqa: E731
    waits = Waits()  # the clients' waits and the emulator's rate limit on one clock of their own
    emu, clients = start_sandbox("poweroffice", listen=False, clock=lambda: now[0].timestamp(),
                                 **waits.emulator_kw("poweroffice"))
    profile = Profile.resolve(tmp_path / "profile")
    init_profile(Workspace(profile), export, system="poweroffice", environment="sandbox")
    ws = Workspace(profile, clock=clock)
    settings = ws.settings
    for comp in settings.companies:
        comp.options = {"base_url": "http://sandbox"}
    s1 = settings.store("s1")
    card = next(t for t in s1.mapping.payments if t not in ("KONT", "CASH"))
    right_account = s1.mapping.payments[card]
    s1.mapping.payments[card] = "9999"  # a mistake: no such account in the chart, s1's days fail the pre-check
    ws.save(settings)
    ws.secrets.set("poweroffice", "c1", clients[0][1])
    keys = ws.secrets

    def sending(w):
        w.secrets = keys
        return Sending(w, connector_factory=lambda c: open_connector(c, keys, transport=emu.transport(),
                                                                     **waits.http_kw()))

    # the test transfer of 9 September for s2 (as the wizard sends it), then going live from the day after
    (o,) = sending(Workspace(profile, clock=clock)).send("s2", [TEST_DAY], source="wizard-test")
    assert o.status == "sent"
    model = SetupModel.from_settings(Workspace(profile).settings)
    model.test_sent_for(TEST_DAY)
    assert model.first_day == GO_LIVE and model.auto_send
    save_section(Workspace(profile), model, "sending")
    assert Workspace(profile).settings.schedule["first_day"] == GO_LIVE.isoformat()

    sent_days, decisions = collections.Counter(), []
    off = (at(dt.date(2026, 9, 23), 12), at(dt.date(2026, 10, 2), 9))  # the PC is off for nine days
    fixed = False
    end = at(dt.date(2026, 10, 3), 12)
    confirmations = 0
    while now[0] < end:
        if off[0] <= now[0] < off[1]:
            now[0] = off[1]
            continue
        w = Workspace(profile, clock=clock)
        ag, outs = sending(w).run_due(now[0], confirmed=False)
        decisions += ag.decisions
        if ag.confirm and not outs:  # many days missed: the user is asked, and says yes
            confirmations += 1
            ag, outs = sending(Workspace(profile, clock=clock)).run_due(now[0], source="catch-up", confirmed=True)
        for o in outs:
            if o.status in ("sent", "recovered"):
                sent_days[(o.store, o.business_day)] += 1
        if not fixed and now[0] >= at(dt.date(2026, 9, 20), 9):
            # the accountant notices s1 is red: fixed in the settings (the accounts section alone), then the failed
            # days are sent from the status window
            st = S.status(Workspace(profile, clock=clock), now[0], first=GO_LIVE, last=dt.date(2026, 9, 19))
            failing = [r for r in st.rows if r.state == S.FAILED]
            assert failing and {r.store for r in failing} == {"s1"} and all("9999" in r.details[0].en for r in failing)
            model = SetupModel.from_settings(Workspace(profile).settings)
            model.mappings["s1"].payments[card] = right_account
            save_section(Workspace(profile), model, "accounts")
            outs = sending(Workspace(profile, clock=clock)).send_now(
                ["s1"], min(r.business_day for r in failing), max(r.business_day for r in failing))
            assert {o.status for o in outs} == {"sent"}
            for o in outs:
                sent_days[(o.store, o.business_day)] += 1
            fixed = True
        # the next morning's send time (the 15-minute re-checks in between have nothing to do in this month)
        next_day = now[0].astimezone(OSLO).date() + dt.timedelta(days=1)
        now[0] = min(at(next_day, 6, 30), end)

    ledger = collections.Counter(v["ExternalImportReference"] for c in emu.clients.values()
                                 for v in c.vouchers.values())
    assert all(n == 1 for n in ledger.values())  # nothing twice
    assert all(n == 1 for n in sent_days.values())
    assert not [k for k in sent_days if k[1] < GO_LIVE]  # nothing before go-live was sent...
    assert not [d for d in decisions if d.business_day < GO_LIVE and d.action in ("late_z", "wait_z", "send")]
    expected = {(s, GO_LIVE + dt.timedelta(days=n)) for s in ("s1", "s2") for n in range((dt.date(2026, 10, 2) - GO_LIVE).days)}
    assert expected <= set(sent_days)  # ... and every day from it, once
    assert confirmations == 1  # the catch-up after the nine days off asked first
    assert len(ledger) == len(sent_days) + 1  # (+ the test transfer)
