"""The scheduler with an injected clock: a month with the PC off for 3 days, sleep across the send time, both
daylight-saving switch days, a Z report that arrives late, a 6-hour network outage, a locked period, and Send now
during a scheduled run — asserting exactly which days were sent, once each."""

import collections
import datetime as dt
import threading

import pytest
from ledger_helpers import Waits
from saft_helpers import demo_locations, write

from ledgerwizard.adapters.settings import Profile
from ledgerwizard.connectors import open_connector
from ledgerwizard.core.schedule import OSLO, Plan, agenda
from ledgerwizard_sandbox import start_sandbox
from ledgerwizard.services.sending import Sending
from ledgerwizard.services.setup import init_profile
from ledgerwizard.services.workspace import Workspace

T = lambda y, mo, d, h=0, mi=0: dt.datetime(y, mo, d, h, mi, tzinfo=OSLO)  # noqa: E731


def test_daylight_saving_switch_days():
    plan = Plan({d: "02:30" for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}, cutoff=dt.time(1, 0))
    spring = plan.slot(dt.date(2026, 3, 29))  # 02:30 does not exist that night
    assert spring == T(2026, 3, 29, 3, 0) and spring.utcoffset() == dt.timedelta(hours=2)
    autumn = plan.slot(dt.date(2026, 10, 25))  # 02:30 happens twice: the first one
    assert autumn.astimezone(dt.timezone.utc) == dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.timezone.utc)
    # the day before each switch is due exactly once, whichever instant we look from
    for day in (dt.date(2026, 3, 28), dt.date(2026, 10, 24)):
        due = plan.due_at(day)
        ag = agenda(plan.__class__(plan.times, plan.cutoff, auto_send=True), due + dt.timedelta(hours=3), ["s1"],
                    {"s1": {day: True}}, {})
        assert [d for s, d in ag.send if d == day] == [day]


def test_a_clock_set_back_or_forward_does_not_double_or_skip():
    plan = Plan({d: "06:00" for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}, auto_send=True)
    closed = {"s1": {dt.date(2026, 5, d): True for d in range(1, 10)}}
    sent = {("s1", dt.date(2026, 5, d)): type("R", (), {"state": "sent"})() for d in range(1, 6)}
    later = agenda(plan, T(2026, 5, 8, 7), ["s1"], closed, sent)  # the clock jumped ahead two days
    assert [d.day for _, d in later.send] == [6, 7]
    earlier = agenda(plan, T(2026, 5, 3, 7), ["s1"], closed, sent)  # and back again: nothing sent twice
    assert earlier.send == []
    # a failed day whose last attempt is "in the future" after the clock was set back a day: retried in minutes
    failed = {("s1", dt.date(2026, 5, 6)): type("R", (), {"state": "failed", "retryable": True, "attempts": 1,
                                                           "updated_at": T(2026, 5, 9, 7).isoformat()})()}
    back = agenda(plan, T(2026, 5, 8, 7), ["s1"], {"s1": {dt.date(2026, 5, 6): True}}, failed)
    (retry,) = back.by_action("retry_later")
    assert retry.at == T(2026, 5, 8, 7, 5)


def test_a_journal_time_without_a_zone_is_utc_and_never_stops_the_timer():
    """Found in review: the agenda read a stamp without a zone as a naive time, and comparing it with now raised
    TypeError: the whole timer run stopped for every store. The journal's stamps are UTC; one without a zone
    (an older journal, or one edited by hand) is read as UTC, as the status window reads it."""
    plan = Plan({d: "06:00" for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}, auto_send=True)
    now = T(2026, 5, 8, 7)
    naive = (now - dt.timedelta(minutes=1)).astimezone(dt.timezone.utc).replace(tzinfo=None).isoformat()
    failed = {("s1", dt.date(2026, 5, 6)): type("R", (), {"state": "failed", "retryable": True, "attempts": 1,
                                                           "updated_at": naive})()}
    (retry,) = agenda(plan, now, ["s1"], {"s1": {dt.date(2026, 5, 6): True}}, failed).by_action("retry_later")
    assert retry.at == now + dt.timedelta(minutes=4)  # five minutes after the attempt, read as UTC
    uncertain = {("s1", dt.date(2026, 5, 6)): type("R", (), {"state": "uncertain", "retryable": True, "attempts": 1,
                                                              "updated_at": naive, "check_after": naive})()}
    ag = agenda(plan, now, ["s1"], {"s1": {dt.date(2026, 5, 6): True}}, uncertain)
    assert ("s1", dt.date(2026, 5, 6)) in [(d.store, d.business_day) for d in ag.decisions]  # decided, no error


MONTHS = {
    # spring: 29 March has no 02:00–03:00; the shop sends at 06:00
    "march": dict(start=dt.date(2026, 3, 1), time="06:00", cutoff="05:00", outage=(5, 11), sleep=((5, 30), (9, 0)),
                  dst_day=dt.date(2026, 3, 28), dst_sent=dt.datetime(2026, 3, 29, 4, 0, tzinfo=dt.timezone.utc)),
    # autumn: 25 October has 02:30 twice; the shop sends at 02:30 (business day ends 01:00): once, the first time
    "october": dict(start=dt.date(2026, 10, 1), time="02:30", cutoff="01:00", outage=(2, 8), sleep=((2, 0), (4, 0)),
                    dst_day=dt.date(2026, 10, 24), dst_sent=dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.timezone.utc)),
}


@pytest.fixture(params=sorted(MONTHS))
def month(request, tmp_path):
    m = MONTHS[request.param]
    export = tmp_path / "export"
    export.mkdir()
    locs = demo_locations(m["start"], 31)
    late_day = m["start"].replace(day=10)
    reg_ids = {r.register_id for r in locs[0].registers}  # the first store's registers export the 10th late
    write(export / "month.xml", locs,
          include_txn=lambda t: not (t.when.date() == late_day and t.register in reg_ids),
          include_z=lambda z: not (z.when.date() == late_day and z.register in reg_ids))
    return export, locs, late_day, reg_ids, m


@pytest.mark.slow
def test_a_month_of_scheduled_sending(month, tmp_path):
    export, locs, late_day, reg_ids, m = month
    start = m["start"]
    D = lambda d, h=0, mi=0: T(start.year, start.month, d, h, mi)  # noqa: E731
    waits = Waits()  # in process, its waits on a clock of their own: a month of runs in seconds
    emu, clients = start_sandbox("poweroffice", listen=False)
    (client,) = emu.clients.values()
    client.lock_date = start.replace(day=3)  # the accountant has closed the first days
    emu.rate_limit = 10 ** 6  # simulated runs follow each other within real milliseconds (429s: tested elsewhere)
    profile = Profile.resolve(tmp_path / "profile")
    try:
        s = init_profile(Workspace(profile), export, system="poweroffice", environment="sandbox")
        s.companies[0].options = {"base_url": emu.url}
        for st in s.stores:
            st.cutoff = m["cutoff"]
        s.schedule = {"auto_send": True, "time": m["time"], "weekdays": {d: m["time"] for d in
                      ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}, "first_day": start.isoformat(),
                      "confirm_above": 31}
        ws = Workspace(profile)
        ws.save(s)
        ws.secrets.set("poweroffice", "c1", clients[0][1])
        outage = (D(20, m["outage"][0]), D(20, m["outage"][1]))  # six hours without network over a send time
        (sh, sm), (eh, em) = m["sleep"]
        off = [(D(12, 18), D(15, 22)), (D(24, sh, sm), D(24, eh, em))]  # the PC off for 3 days; asleep at a slot

        def factory_at(now):
            def factory(company):
                if outage[0] <= now < outage[1]:  # a real refused connection
                    company = type(company)(**{**company.__dict__, "options": {"base_url": "http://127.0.0.1:9"}})
                    return open_connector(company, ws.secrets, retries=1, **waits.http_kw())
                return open_connector(company, ws.secrets, retries=1, transport=emu.transport(), **waits.http_kw())
            return factory

        now = D(1, 8)
        end = D(31, 12) + dt.timedelta(days=2)
        runs = 0
        sent_at: dict[tuple, dt.datetime] = {}
        run_times = []
        sources = {}  # the tray keeps its file cache across runs
        arrival = D(18, 9)
        events = sorted([outage[1], arrival] + [b for _a, b in off])
        while now < end:
            pc_off = next((b for a, b in off if a <= now < b), None)
            if pc_off is not None:
                now = pc_off  # the PC comes back: the tray starts and checks at once
                continue
            if now >= arrival and not (export / "late.xml").exists():
                write(export / "late.xml", locs,  # the missing day's export finally arrives
                      include_txn=lambda t: t.when.date() == late_day and t.register in reg_ids,
                      include_z=lambda z: z.when.date() == late_day and z.register in reg_ids)
            w = Workspace(profile, clock=lambda now=now: now, source_cache=sources)  # a fresh journal connection
            ag, outs = Sending(w, connector_factory=factory_at(now)).run_due(now)
            run_times.append(now)
            for o in outs:
                if o.status == "sent":
                    sent_at[(o.store, o.business_day)] = now
            w.journal.close()
            runs += 1
            assert ag.wake > now and ag.wake - now <= dt.timedelta(minutes=15)  # never sleeps past a re-check
            # the simulation skips the 15-minute re-checks that have nothing to do: the next slot, a retry, or the
            # next thing that happens to the PC (files, network, power) is where something can change
            retries = [d.at for d in ag.decisions if d.at is not None]
            nxt = min([Plan.from_settings(w.settings).next_slot(now)] + retries + [e for e in events if e > now])
            now = max(ag.wake, nxt) if not outs and not ag.send else ag.wake
        refs = collections.Counter(v["ExternalImportReference"] for v in client.vouchers.values())
        assert all(n == 1 for n in refs.values())
        final = Workspace(profile)
        rows = {(r.store, r.business_day): r for r in final.journal.rows()}
        expected = {(st, start.replace(day=d)) for st in ("s1", "s2") for d in range(4, 32)}
        sent = {k for k, r in rows.items() if r.state == "sent"}
        assert sent == expected and len(client.vouchers) == len(expected)
        locked = {k for k, r in rows.items() if r.state == "failed"}
        assert locked == {(st, start.replace(day=d)) for st in ("s1", "s2") for d in (1, 2, 3)}
        assert all(rows[k].last_error_code == "ledger_locked_period" and not rows[k].retryable for k in locked)
        # the days while the PC was off were caught up when it came back, in order, once
        assert sent_at[("s1", start.replace(day=13))] == D(15, 22)
        # the late Z: sent when its export arrived, not before
        assert sent_at[("s1", late_day)] >= arrival and sent_at[("s2", late_day)] < D(12)
        # the outage: the day due in it went out once the network was back
        assert outage[1] <= sent_at[("s1", start.replace(day=19))] <= outage[1] + dt.timedelta(hours=2)
        # asleep across the 24th's slot: the day went out when the PC woke
        assert sent_at[("s1", start.replace(day=23))] == off[1][1]
        # the daylight-saving night: that day sent once, at the (first) slot (compared in UTC: PEP 495 makes an
        # ambiguous local time unequal to every instant in another zone)
        assert sent_at[("s1", m["dst_day"])].astimezone(dt.timezone.utc) == m["dst_sent"]
        utc_runs = [t.astimezone(dt.timezone.utc) for t in run_times]
        assert len(utc_runs) == len(set(utc_runs))
        print(f"{start:%B}: {runs} scheduler runs, {len(sent)} store-days sent once each, {len(locked)} locked days "
              f"flagged")
    finally:
        emu.stop()


def test_send_now_during_a_scheduled_run_sends_once(tmp_path, export_dir):
    emu, clients = start_sandbox("poweroffice")
    profile = Profile.resolve(tmp_path / "p")
    try:
        s = init_profile(Workspace(profile), export_dir, system="poweroffice", environment="sandbox")
        s.companies[0].options = {"base_url": emu.url}
        s.schedule = {"auto_send": True, "time": "06:00", "weekdays": {}, "first_day": "2020-01-01"}
        Workspace(profile).save(s)
        Workspace(profile).secrets.set("poweroffice", "c1", clients[0][1])
        emu.faults.add("slow", path="/Vouchers/ManualJournals", seconds=0.5)  # the scheduled post takes a while
        results = []
        t = threading.Thread(target=lambda: results.append(Sending(Workspace(profile)).run_due(T(2020, 1, 2, 6, 1))[1]))
        t.start()
        import time

        deadline = time.monotonic() + 20
        while not any("ManualJournals" in r.path and r.method == "POST" for r in emu.requests):
            assert time.monotonic() < deadline, "the scheduled run never posted"
            time.sleep(0.01)
        # the scheduled POST is in flight: Send now is pressed now and waits for the journal's lock
        now_out = Sending(Workspace(profile)).send("s1", [dt.date(2020, 1, 1)], source="send-now")
        t.join()
        statuses = sorted([o.status for o in now_out] + [o.status for batch in results for o in batch])
        assert statuses == ["already_sent", "sent"]
        (client,) = emu.clients.values()
        assert len(client.vouchers) == 1
    finally:
        emu.stop()


def test_days_before_the_export_starts_are_never_late_and_never_sent():
    """Seen: switching automatic sending on flagged 54 days per store before the export even started as "Z
    report is late" (a notification per store and day)."""
    plan = Plan({d: "06:00" for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}, auto_send=True)
    now = dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.timezone.utc)
    closed = {"s1": {dt.date(2026, 11, 20): True, dt.date(2026, 11, 21): True}, "s2": {}}
    ag = agenda(plan, now, ["s1", "s2"], closed, {})
    waiting = ag.by_action("late_z") + ag.by_action("wait_z")
    assert all(d.business_day >= dt.date(2026, 11, 20) and d.store == "s1" for d in waiting)
    assert {d for _s, d in ag.send} == {dt.date(2026, 11, 20), dt.date(2026, 11, 21)}
    # the export stopped after the 21st: the 22nd is late, the 23rd still within its deadline
    assert [d.business_day for d in ag.by_action("late_z")] == [dt.date(2026, 11, 22)]
    assert [d.business_day for d in ag.by_action("wait_z")] == [dt.date(2026, 11, 23)]
    live = Plan(plan.times, auto_send=True, first_day=dt.date(2026, 11, 21))
    ag = agenda(live, now, ["s1", "s2"], closed, {})
    assert ag.send == [("s1", dt.date(2026, 11, 21))]  # nothing before the go-live day
    assert {(d.store, d.business_day) for d in ag.by_action("late_z")} == {
        ("s1", dt.date(2026, 11, 22)), ("s2", dt.date(2026, 11, 21)), ("s2", dt.date(2026, 11, 22))}


class _Shop:
    """A profile over ``export`` sent to an in-process PowerOffice emulator on an injected clock (``run``)."""

    def __init__(self, tmp_path, export, first_day):
        from ledgerwizard.adapters.secrets import MemorySecretStore

        self.now = T(2026, 1, 1)
        self.waits = Waits()
        self.emu, clients = start_sandbox("poweroffice", listen=False, clock=lambda: self.now.timestamp(),
                                          **self.waits.emulator_kw("poweroffice"))
        self.profile = Profile.resolve(tmp_path / "profile")
        self.keys = MemorySecretStore()
        ws = Workspace(self.profile)
        s = init_profile(ws, export, system="poweroffice", environment="sandbox")
        s.companies[0].options = {"base_url": "http://sandbox"}
        s.schedule = {"auto_send": True, "time": "06:00", "weekdays": {}, "first_day": first_day.isoformat()}
        ws.save(s)
        self.keys.set("poweroffice", s.companies[0].id, clients[0][1])

    def sending(self):
        ws = Workspace(self.profile, clock=lambda: self.now)
        ws.secrets = self.keys
        return Sending(ws, connector_factory=lambda c: open_connector(c, self.keys, transport=self.emu.transport(),
                                                                     **self.waits.http_kw()))

    def run(self, when):
        self.now = when
        return self.sending().run_due(when)

    def posted(self):
        """Each voucher's day (from its reference) → its total debit."""
        (client,) = self.emu.clients.values()
        out = collections.defaultdict(list)
        for v in client.vouchers.values():
            debit = sum(ln["CurrencyAmount"] for ln in v["VoucherLines"] if ln["CurrencyAmount"] > 0)
            out[v["ExternalImportReference"][-8:]].append(round(debit, 2))
        return dict(out)


def test_a_registers_z_after_midnight_is_waited_for_not_left_out_of_a_day_already_sent(tmp_path):
    """Found in review, reproduced here first: a bar's register is closed at 03:00, before the 05:00 cut-off, so
    its Z report belongs to the day before; the POS exports at 02:00. At the 06:00 send the other register had its
    Z and the bar's receipts were "open" (after its last Z): the day went out without them, and when the Z came
    in the next night's export the day was already sent: 700 kr a night never reached the ledger, and nothing
    said so. A day with open receipts that may still close into it waits until the export shows where they
    belong: their Z report, or an export made after the day ended (or a later receipt of that register)."""
    from decimal import Decimal as D

    from saft_helpers import write

    from ledgerwizard_sandbox.saftgen import Line, Location, Register, make_txn

    d0, d1 = dt.date(2026, 3, 1), dt.date(2026, 3, 2)
    nxt = lambda d: d + dt.timedelta(days=1)  # noqa: E731
    at = lambda d, h: dt.datetime.combine(d, dt.time(h))  # noqa: E731

    def bar():
        k1, k2 = Register("K1"), Register("K2")
        for i, d in enumerate((d0, d1, nxt(d1))):
            k1.transactions.append(make_txn(10 + i, at(d, 12), [Line("100", "3", D("100.00"))], "BAX"))
            k1.z_times.append(at(d, 22))
            k2.transactions.append(make_txn(20 + i, at(d, 23), [Line("100", "3", D("700.00"))], "BAX"))
            k2.z_times.append(at(nxt(d), 3))
        return [Location("Bar", [k1, k2])]

    def export(name, made):  # what the POS had at ``made``, written then
        write(folder / name, bar(), created=made, include_z=lambda z: z.when < made,
              include_txn=lambda t: t.when < made)

    folder = tmp_path / "export"
    folder.mkdir()
    export("1.xml", at(nxt(d1), 2))  # 02:00 on 3 March: K2's Z of 2 March (at 03:00) is not in it yet
    shop = _Shop(tmp_path, folder, d0)
    ag, out = shop.run(T(2026, 3, 3, 6, 30))
    assert [(o.business_day, o.status) for o in out] == [(d0, "sent")]  # 1 March: both Z reports are in
    waiting = {d.business_day: d for d in ag.decisions}[d1]
    assert waiting.action == "wait_z"
    from ledgerwizard.services.status import status

    st = next(r for r in status(shop.sending().ws, shop.now, first=d0, last=d1).rows if r.business_day == d1)
    assert st.state == "waiting_z" and any("K2" in t.en and "700.00" in t.en for t in st.details), st.details
    export("2.xml", at(nxt(nxt(d1)), 2))  # the next night's export holds K2's Z of 2 March
    ag, out = shop.run(T(2026, 3, 4, 6, 30))
    assert [(o.business_day, o.status) for o in out] == [(d1, "sent")]
    assert shop.posted() == {"20260301": [800.0], "20260302": [800.0]}  # every krone, each day once


def test_open_receipts_of_a_register_still_open_after_the_day_ended_go_to_a_later_day(tmp_path):
    """The other side of the same rule: receipts after a register's last Z that an export made after the day's
    end (the cut-off the morning after) still shows open cannot close into that day; the day is sent without
    them at once, and they reach the day their Z report closes."""
    from decimal import Decimal as D

    from saft_helpers import write

    from ledgerwizard_sandbox.saftgen import Line, Location, Register, make_txn

    d1 = dt.date(2026, 3, 2)
    k1 = Register("K1", [make_txn(1, dt.datetime(2026, 3, 2, 12), [Line("100", "3", D("100.00"))], "BAX"),
                         make_txn(2, dt.datetime(2026, 3, 2, 23), [Line("100", "3", D("50.00"))], "BAX")],
                  [dt.datetime(2026, 3, 2, 22), dt.datetime(2026, 3, 3, 22)])
    folder = tmp_path / "export"
    folder.mkdir()
    made = dt.datetime(2026, 3, 3, 5, 30)  # after the 05:00 cut-off: K1's 23:00 receipt is in 3 March's window
    write(folder / "1.xml", [Location("Kafe", [k1])], created=made, include_z=lambda z: z.when < made)
    shop = _Shop(tmp_path, folder, d1)
    _ag, out = shop.run(T(2026, 3, 3, 6, 30))
    assert [(o.business_day, o.status) for o in out] == [(d1, "sent")]
    assert shop.posted() == {"20260302": [100.0]}


def _bar_with_a_z_at_half_past_one(tmp_path):
    """A bar selling 500 kr on 2 March, its Z at 01:30 the morning after, exported at 05:30; set up from 2 March."""
    from decimal import Decimal as D

    from saft_helpers import write

    from ledgerwizard_sandbox.saftgen import Line, Location, Register, make_txn

    d1 = dt.date(2026, 3, 2)
    reg = Register("K1", [make_txn(1, dt.datetime(2026, 3, 2, 20), [Line("100", "3", D("500.00"))], "BAX")],
                   [dt.datetime(2026, 3, 3, 1, 30)])
    folder = tmp_path / "export"
    folder.mkdir()
    write(folder / "a.xml", [Location("Bar", [reg])], created=dt.datetime(2026, 3, 3, 5, 30))
    return _Shop(tmp_path, folder, d1), d1


def test_a_z_report_already_posted_is_never_posted_again_with_another_day(tmp_path):
    """Found in review, reproduced here first: a bar's Z report is taken at 01:30. After a day was sent with the
    05:00 cut-off, the cut-off was set to 01:00: the same Z (the same sales) became the next business day, which
    had no journal row and another reference, and was posted a second time. The journal keeps each voucher's Z
    reports; a day holding one already posted with another day is held for a person, with the reason, and goes
    out only if a person decides so."""
    from ledgerwizard.services.status import status

    shop, d1 = _bar_with_a_z_at_half_past_one(tmp_path)
    _ag, out = shop.run(T(2026, 3, 3, 6, 30))
    assert [(o.business_day, o.status) for o in out] == [(d1, "sent")]
    ws = shop.sending().ws
    s = ws.settings
    for st in s.stores:
        st.cutoff = "01:00"
    ws.save(s)
    _ag, out = shop.run(T(2026, 3, 4, 6, 30))
    d2 = d1 + dt.timedelta(days=1)
    assert [(o.business_day, o.status) for o in out] == [(d2, "held")]
    assert "already posted with another day" in out[0].message.en
    assert any("02.03.2026" in t.en and "K1" in t.en for t in out[0].details)
    assert shop.posted() == {"20260302": [500.0]}  # once
    st = next(r for r in status(shop.sending().ws, shop.now, first=d1, last=d2).rows if r.business_day == d2)
    assert st.state == "needs_attention" and "already posted" in st.text.en
    _ag, out = shop.run(T(2026, 3, 5, 6, 30))  # every later run: still held, still once
    assert shop.posted() == {"20260302": [500.0]}


def test_days_before_the_look_back_are_still_sent_once_not_skipped_without_a_word():
    """Found in review: the scheduler looked back 62 days only. A PC that did not run for 71 days after go-live
    (a shop closed for the season, a PC replaced and the profile restored) sent the last 62 days and never the
    first ones, with no decision, notice or status line naming them; an uncertain or failed day older than that
    was never asked about again. Days the export or the journal has, from the go-live day on, are taken however
    old; a day the export lacks is not called late so far back."""
    plan = Plan({d: "06:00" for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}, auto_send=True,
                first_day=dt.date(2026, 1, 5))
    now = T(2026, 3, 17, 6, 30)  # 71 days after go-live
    closed = {"s1": {dt.date(2026, 1, 5) + dt.timedelta(days=n): True for n in range(71) if n != 3}}
    uncertain = type("R", (), {"state": "uncertain", "attempts": 1, "updated_at": T(2026, 1, 7, 6).isoformat(),
                               "check_after": T(2026, 1, 7, 7).isoformat()})()
    ag = agenda(plan, now, ["s1"], closed, {("s1", dt.date(2026, 1, 6)): uncertain})
    sent = {d for _, d in ag.send}
    assert sent == set(closed["s1"]) and dt.date(2026, 1, 5) in sent  # every closed day, the go-live day too
    assert ag.confirm  # so many at once: a person confirms first (as for any large catch-up)
    assert dt.date(2026, 1, 8) not in {d.business_day for d in ag.decisions}  # missing that long ago: not "late"
    # a held day that old whose export is gone: no "Z report late" for it (the status lists it as unresolved)
    held = type("R", (), {"state": "held"})()
    ag = agenda(plan, now, ["s1"], {}, {("s1", dt.date(2026, 1, 8)): held})
    assert not [d for d in ag.decisions if d.business_day == dt.date(2026, 1, 8)]


def test_days_sent_before_the_journal_kept_z_reports_take_them_before_a_cut_off_change(tmp_path):
    """From review of the guard against a Z posted twice: days sent before the journal kept their Z reports (an
    older version, a journal rebuilt from the ledger) had none to compare with, so a cut-off changed right after
    the upgrade still posted a night twice. Each scheduled run gives such days their Z reports from the export as
    it reads then (once), so the guard holds for them too."""
    import sqlite3

    shop, d1 = _bar_with_a_z_at_half_past_one(tmp_path)
    shop.run(T(2026, 3, 3, 6, 30))
    journal = shop.sending().ws.journal
    path = journal.path
    journal.close()
    with sqlite3.connect(path) as db:  # as an older version left it: no Z reports on the sent day
        db.execute("UPDATE transfers SET z_reports=''")
    shop.run(T(2026, 3, 3, 6, 45))  # the tray's next re-check, on the new version
    assert shop.sending().ws.journal.z_reports_posted("s1") == {"K1|K1-1|2026-03-03": d1}
    ws = shop.sending().ws
    s = ws.settings
    s.stores[0].cutoff = "01:00"
    ws.save(s)
    _ag, out = shop.run(T(2026, 3, 4, 6, 30))
    assert [(o.business_day, o.status) for o in out] == [(d1 + dt.timedelta(days=1), "held")]
    assert shop.posted() == {"20260302": [500.0]}
