"""Issue 10 §1: an attempt whose outcome is unknown leaves the day *uncertain*; it is never posted again until
the ledger has been asked after a settling time long enough for a slow commit to land. Ledgers that keep
duplicates (Tripletex, Xledger) are asked before every POST; a ledger's duplicate answer becomes a look-up."""

import datetime as dt

from fake_ledger import FakeLedger
from test_transfer import DAY, _voucher

from ledgerwizard.adapters.journal import SqliteJournal
from ledgerwizard.core.transfer import FAILED, SENT, UNCERTAIN, TransferEngine


class Clock:
    def __init__(self):
        self.now = dt.datetime(2026, 3, 3, 6, 0, tzinfo=dt.timezone.utc)

    def __call__(self) -> dt.datetime:
        return self.now

    def seconds(self) -> float:
        return self.now.timestamp()

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


def _engine(tmp_path, clock):
    j = SqliteJournal(tmp_path / "j.sqlite3", clock=clock)
    return j, TransferEngine(j, clock=clock)


def test_a_voucher_committed_after_the_client_gave_up_is_never_posted_twice(tmp_path):
    """Seen on Tripletex: the answer came after 36 s (timeout 30 s), the look-up at once found nothing, the day
    was marked failed and the next run posted it again."""
    clock = Clock()
    ledger = FakeLedger(unique_reference=False, clock=clock.seconds, lag=45, settle_seconds=600)
    j, engine = _engine(tmp_path, clock)
    ledger.commit_delay = 36  # stored 36 s after the request; the client gave up at 30 s
    out = engine.transfer("s1", DAY, _voucher, ledger, source="timer")
    assert out.status == "uncertain" and j.get("s1", DAY).state == UNCERTAIN
    assert ledger.posts == 1

    for wait in (30, 60, 120):  # retries before the settling time: asked, never posted again
        clock.advance(wait)
        out = engine.transfer("s1", DAY, _voucher, ledger, source="timer")
        assert ledger.posts == 1, f"posted again after {wait} s"
        if out.status != "uncertain":
            break
    clock.advance(600)
    out = engine.transfer("s1", DAY, _voucher, ledger, source="timer")
    assert out.ok and ledger.posts == 1 and ledger.count(_voucher().external_ref) == 1
    row = j.get("s1", DAY)
    assert row.state == SENT and row.voucher_number == "1001"


def test_an_uncertain_day_not_in_the_ledger_after_settling_is_sent_again_after_a_look_up(tmp_path):
    clock = Clock()
    ledger = FakeLedger(unique_reference=False, clock=clock.seconds, settle_seconds=600)
    j, engine = _engine(tmp_path, clock)
    ledger.fault_post = "drop_before_store"  # the connection dropped before the ledger stored it
    assert engine.transfer("s1", DAY, _voucher, ledger).status == "uncertain"
    clock.advance(599)
    assert engine.transfer("s1", DAY, _voucher, ledger).status == "uncertain"
    assert ledger.count(_voucher().external_ref) == 0
    clock.advance(2)
    finds = ledger.finds
    out = engine.transfer("s1", DAY, _voucher, ledger)
    assert out.status == "sent" and ledger.finds > finds and ledger.count(_voucher().external_ref) == 1


def test_a_ledger_that_keeps_duplicates_is_asked_before_every_post(tmp_path):
    clock = Clock()
    ledger = FakeLedger(unique_reference=False, clock=clock.seconds)
    j, engine = _engine(tmp_path, clock)
    out = engine.transfer("s1", DAY, _voucher, ledger)
    assert out.status == "sent" and (ledger.finds, ledger.posts) == (1, 1)
    # the journal lost the day, but the ledger has it: found, not posted again
    j2 = SqliteJournal(tmp_path / "other.sqlite3", clock=clock)
    out = TransferEngine(j2, clock=clock).transfer("s1", DAY, _voucher, ledger)
    assert out.status == "recovered" and ledger.posts == 1 and j2.get("s1", DAY).voucher_number == "1001"


def test_the_ledgers_duplicate_answer_is_a_look_up_and_the_day_is_sent_not_a_setup_error(tmp_path):
    clock = Clock()
    ledger = FakeLedger(unique_reference=True, clock=clock.seconds)
    j, engine = _engine(tmp_path, clock)
    engine.transfer("s1", DAY, _voucher, ledger)
    j2 = SqliteJournal(tmp_path / "other.sqlite3", clock=clock)  # a journal that does not know the day
    out = TransferEngine(j2, clock=clock).transfer("s1", DAY, _voucher, ledger)
    row = j2.get("s1", DAY)
    assert out.ok and row.state == SENT and row.voucher_number == "1001", (out.status, row.last_error)
    assert ledger.count(_voucher().external_ref) == 1


def test_a_duplicate_answer_while_the_look_up_still_lags_leaves_the_day_uncertain(tmp_path):
    clock = Clock()
    ledger = FakeLedger(unique_reference=True, clock=clock.seconds, lag=120)
    j, engine = _engine(tmp_path, clock)
    engine.transfer("s1", DAY, _voucher, ledger)
    j2 = SqliteJournal(tmp_path / "other.sqlite3", clock=clock)
    out = TransferEngine(j2, clock=clock).transfer("s1", DAY, _voucher, ledger)
    assert out.status == "uncertain" and j2.get("s1", DAY).state == UNCERTAIN  # never "correct your setup"
    clock.advance(900)
    out = TransferEngine(j2, clock=clock).transfer("s1", DAY, _voucher, ledger)
    assert out.status == "recovered" and j2.get("s1", DAY).state == SENT and ledger.count(_voucher().external_ref) == 1


def test_a_rejection_is_checked_against_the_ledger_before_the_user_is_told(tmp_path):
    clock = Clock()
    ledger = FakeLedger(unique_reference=True, clock=clock.seconds)
    j, engine = _engine(tmp_path, clock)
    ledger.fault_post = "rejected"
    out = engine.transfer("s1", DAY, _voucher, ledger)
    assert out.status == "failed" and ledger.finds >= 1 and j.get("s1", DAY).state == FAILED


def test_nothing_sent_before_the_voucher_request_left_is_a_plain_failure_not_uncertain(tmp_path):
    """Seen: a stalled token endpoint left the store "sending / unknown whether posted" although no voucher
    request had been sent."""
    clock = Clock()
    ledger = FakeLedger(unique_reference=True, clock=clock.seconds)
    j, engine = _engine(tmp_path, clock)
    ledger.fault_post = "stall_before_send"
    out = engine.transfer("s1", DAY, _voucher, ledger)
    row = j.get("s1", DAY)
    assert out.status == "failed" and row.state == FAILED and row.retryable
    assert [s for _, s, _ in j.history("s1", DAY)] == ["failed"]  # never "sending"
    assert engine.transfer("s1", DAY, _voucher, ledger).status == "sent"
