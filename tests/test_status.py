"""Issue 13's status: a row per store and business day with what a person needs to know, computed without Qt."""

import datetime as dt

from test_ledger_truth import START, Shop, _off_by_ten

from ledgerwizard.services import status as S


def _by(st):
    return {(r.store, r.business_day): r for r in st.rows}


def test_every_kind_of_day_says_what_it_is_and_what_happens_next(tmp_path):
    shop = Shop(tmp_path, "poweroffice", export=_off_by_ten)  # START's first store does not reconcile
    try:
        shop.send(days=[START + dt.timedelta(days=1)])  # the second day sent for both stores
        ws = shop.ws()
        now = dt.datetime(2026, 9, 4, 12, 0, tzinfo=dt.timezone.utc)
        st = S.status(ws, now, first=START, last=dt.date(2026, 9, 3))
        rows = _by(st)
        assert not st.auto_send and st.first_day is None
        sent = [r for r in st.rows if r.state == S.SENT]
        assert len(sent) == 2 and all(r.voucher_number and r.business_day == START + dt.timedelta(days=1) for r in sent)
        held = [r for r in st.rows if r.state == S.NEEDS_ATTENTION]
        assert len(held) == 1 and held[0].hold is not None and any("10,00" in d.nb for d in held[0].details)
        assert held[0].sendable
        off = [r for r in st.rows if r.state == S.OFF]
        assert {r.business_day for r in off} == {START}  # the other store's first day: closed, automatic is off
        # 3 September: after the export's last day, Z missing; with a deadline passed it is late
        assert {r.state for (s, d), r in rows.items() if d == dt.date(2026, 9, 3)} <= {S.WAITING_Z, S.LATE_Z}
        assert all(not r.sendable for (s, d), r in rows.items() if d == dt.date(2026, 9, 3))

        settings = ws.settings
        settings.schedule = {"auto_send": True, "time": "06:00", "first_day": (START + dt.timedelta(days=1)).isoformat()}
        ws.save(settings)
        st = S.status(shop.ws(), now, first=START, last=dt.date(2026, 9, 3))
        rows = _by(st)
        before = [r for r in st.rows if r.state == S.BEFORE_GO_LIVE]
        assert {r.business_day for r in before} == {START} and "never sent" in before[0].text.en
        # the held day is before go-live too, but a day that does not reconcile is still shown as such
        assert [r.state for r in st.rows if r.hold is not None] == [S.NEEDS_ATTENTION]
        details = S.support_details(shop.ws(), st.rows[:2])
        assert "ledgerwizard" in details and shop._keys.get("poweroffice", "c1").reveal() not in details
    finally:
        shop.emu.stop()


def test_failed_and_uncertain_days_say_what_happens_next(tmp_path):
    shop = Shop(tmp_path, "tripletex", days=2)
    try:
        shop.emu.faults.add("answer", path="/ledger/voucher", method="POST", status=422,
                            body={"status": 422, "message": "Validering feilet.", "validationMessages": []})
        shop.send(store_id="s1", days=[START])  # the ledger says no: failed, to be fixed
        shop.emu.faults.add("500", path="/ledger/voucher", method="POST")
        shop.send(store_id="s2", days=[START])  # a 5xx after the voucher left: uncertain
        st = S.status(shop.ws(), shop.clock.now, first=START, last=START)
        rows = _by(st)
        failed, uncertain = rows[("s1", START)], rows[("s2", START)]
        assert failed.state == S.FAILED and failed.error_code and "needs fixing" in failed.text.en and failed.sendable
        # the ledger's refusal in the user's language, not the English the journal once kept alone
        assert "avviste bilaget" in failed.details[0].nb and "rejected the voucher" in failed.details[0].en
        assert "rejected" not in failed.details[0].nb
        row = shop.ws().journal.get("s1", START)
        assert row.to_dict()["last_error"] == failed.details[0].en and "\x1e" not in row.to_dict()["last_error"]
        assert uncertain.state == S.UNCERTAIN and uncertain.at is not None and uncertain.at > shop.clock.now
        assert "not sent again" in uncertain.text.en
    finally:
        shop.emu.stop()


def test_sales_no_store_takes_are_named_not_left_out_silently(tmp_path):
    """A location renamed in the POS (or a register added to an export without locations) has sales no store of
    the setup takes: they would reach no voucher. The status names the register, its location, the days and the
    amount, in both languages; a disabled store still takes its own."""
    shop = Shop(tmp_path, "poweroffice", days=2)
    try:
        ws = shop.ws()
        settings = ws.settings
        s2 = settings.store("s2")
        location = s2.location
        st = S.status(ws, shop.clock.now, first=START, last=START + dt.timedelta(days=1))
        assert not st.problems
        s2.enabled = False
        ws.save(settings)
        assert not S.status(shop.ws(), shop.clock.now, first=START, last=START + dt.timedelta(days=1)).problems
        s2.enabled, s2.location = True, location + " (gammelt navn)"  # the POS renamed the location
        ws.save(settings)
        st = S.status(shop.ws(), shop.clock.now, first=START, last=START + dt.timedelta(days=1))
        assert len(st.problems) >= 1
        text = st.problems[0]
        assert location in text.nb and "ingen butikk" in text.nb and "2 dager" in text.nb
        assert location in text.en and "no store" in text.en and "2 days" in text.en
        assert f"{START:%d.%m.%Y}" in text.nb
        # outside the period asked for: not named
        later = START + dt.timedelta(days=5)
        assert not S.status(shop.ws(), shop.clock.now, first=later, last=later).problems
        # doctor says so too (the last 60 days)
        from ledgerwizard.services.diagnostics import doctor

        checks = {c.name: c for c in doctor(shop.ws(), offline=True)}
        check = checks["registers in the setup"]
        assert not check.ok and location in check.detail and "ingen butikk" in check.detail
        # the scheduled run tells the tray (a notice, the same night after night, so told once)
        from ledgerwizard.core.notify import NOTICE, notifications
        from ledgerwizard.core.runreport import RunReport
        from ledgerwizard.services.sending import Sending

        run = Sending(shop.ws())
        run.run_due(shop.clock.now)
        assert run.notice is not None and location in run.notice.nb and location in run.notice.en
        again = Sending(shop.ws())
        again.run_due(shop.clock.now + dt.timedelta(days=1))
        assert again.notice == run.notice
        told = notifications(RunReport.from_run(None, [], notice=run.notice))
        assert [n.kind for n in told.notifications] == [NOTICE]
        assert not notifications(RunReport.from_run(None, [], notice=again.notice), told.notified).notifications
        now = Sending(shop.ws())  # Send now says so too (the same notice: told once, whichever run told it)
        now.send_now(["s1"])
        assert now.notice == run.notice
        s2.location = location
        ws.save(settings)
        checks = {c.name: c for c in doctor(shop.ws(), offline=True)}
        assert checks["registers in the setup"].ok
        run = Sending(shop.ws())
        run.run_due(shop.clock.now)
        assert run.notice is None
    finally:
        shop.emu.stop()
