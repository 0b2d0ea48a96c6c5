"""Exactly once: a store's business day is never posted twice and never lost, whatever dies when."""

import datetime as dt
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from fake_ledger import FakeLedger

from ledgerwizard.adapters.journal import SqliteJournal
from ledgerwizard.core.errors import UnmappedError
from ledgerwizard.core.transfer import FAILED, SENT, UNCERTAIN, Crash, Posted, TransferEngine
from ledgerwizard.core.voucher import Voucher, VoucherLine

DAY = dt.date(2026, 3, 2)
STEPS = ["before_sending", "after_sending", "after_post", "after_sent"]


def _voucher(store="s1", day=DAY):
    from decimal import Decimal as D

    return Voucher(store, "Butikk", "999999999", day, f"LW-999999999-{store}-{day:%Y%m%d}", "Dagsoppgjør", "gross",
                   [VoucherLine("1900", D("100.00"), "Kontant", "payment"),
                    VoucherLine("3000", D("-100.00"), "Salg", "revenue", "3")])


def _after_settling() -> dt.datetime:
    """The clock of a later run: past the ledger's settling time after an uncertain attempt."""
    return dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=FakeLedger().settle_seconds + 1)


def _crash_at(step):
    def hook(s):
        if s == step:
            raise Crash(step)
    return hook


@pytest.mark.parametrize("step", STEPS + ["inside_post"])
def test_a_crash_at_any_step_then_a_restart_posts_exactly_once(tmp_path, step):
    ledger = FakeLedger()
    db = tmp_path / "journal.sqlite3"
    j1 = SqliteJournal(db)
    if step == "inside_post":
        def die():
            raise Crash("killed after the ledger stored it, before the answer arrived")
        ledger.fault_post = die
        engine = TransferEngine(j1)
    else:
        engine = TransferEngine(j1, hook=_crash_at(step))
    with pytest.raises(Crash):
        engine.transfer("s1", DAY, _voucher, ledger)
    j1.close()
    j2 = SqliteJournal(db)  # the restarted process
    out = TransferEngine(j2).transfer("s1", DAY, _voucher, ledger)
    if step == "after_sending":  # killed after "sending" was written: never posted again before it settles
        assert out.status == "uncertain" and not ledger.vouchers
        out = TransferEngine(j2, clock=_after_settling).transfer("s1", DAY, _voucher, ledger)
    assert out.ok, out.message.en
    assert len(ledger.vouchers) == 1
    row = j2.get("s1", DAY)
    assert row.state == SENT and row.voucher_id == ledger.vouchers[_voucher().external_ref]["id"]
    again = TransferEngine(j2).transfer("s1", DAY, _voucher, ledger)
    assert again.status == "already_sent" and len(ledger.vouchers) == 1


def test_connection_dropped_after_the_ledger_stored_it_is_resolved_by_asking(tmp_path):
    ledger = FakeLedger()
    j = SqliteJournal(tmp_path / "j.sqlite3")
    ledger.fault_post = "drop_after_store"
    out = TransferEngine(j).transfer("s1", DAY, _voucher, ledger)
    assert out.status == "recovered" and ledger.posts == 1 and ledger.finds == 1
    assert j.get("s1", DAY).state == SENT and len(ledger.vouchers) == 1


def test_when_the_ledger_cannot_be_asked_the_day_stays_uncertain_and_is_never_resent_blindly(tmp_path):
    ledger = FakeLedger()
    j = SqliteJournal(tmp_path / "j.sqlite3")
    ledger.fault_post = "drop_after_store"
    ledger.fault_find = "down"
    out = TransferEngine(j).transfer("s1", DAY, _voucher, ledger)
    assert out.status == "uncertain" and j.get("s1", DAY).state == UNCERTAIN
    ledger.fault_find = "down"
    out = TransferEngine(j).transfer("s1", DAY, _voucher, ledger)
    assert out.status == "uncertain" and ledger.posts == 1  # still not re-sent
    out = TransferEngine(j).transfer("s1", DAY, _voucher, ledger)
    assert out.status == "recovered" and ledger.posts == 1 and len(ledger.vouchers) == 1


def test_not_sent_and_rejected_are_failures_with_the_reason(tmp_path):
    ledger = FakeLedger()
    j = SqliteJournal(tmp_path / "j.sqlite3")
    ledger.fault_post = "not_sent"
    out = TransferEngine(j).transfer("s1", DAY, _voucher, ledger)
    row = j.get("s1", DAY)
    assert out.status == "failed" and row.state == FAILED and row.retryable and row.last_error_code == "ledger_network"
    out = TransferEngine(j).transfer("s1", DAY, _voucher, ledger)  # the retry sends it
    assert out.status == "sent" and len(ledger.vouchers) == 1 and j.get("s1", DAY).attempts == 2
    ledger.fault_post = "rejected"
    out = TransferEngine(j).transfer("s2", DAY, lambda: _voucher("s2"), ledger)
    assert out.status == "failed" and not j.get("s2", DAY).retryable


def test_a_voucher_that_cannot_be_built_is_a_failure_and_nothing_is_sent(tmp_path):
    ledger = FakeLedger()
    j = SqliteJournal(tmp_path / "j.sqlite3")

    def build():
        raise UnmappedError(["Betalingsmåte VIPPS (Vipps): mangler konto"], "Butikk")

    out = TransferEngine(j).transfer("s1", DAY, build, ledger)
    assert out.status == "failed" and ledger.posts == 0
    row = j.get("s1", DAY)
    assert row.state == FAILED and row.last_error_code == "unmapped" and "VIPPS" in row.last_error


def test_two_processes_sending_the_same_day_at_once_post_it_once(tmp_path):
    ledger = FakeLedger()
    db = tmp_path / "j.sqlite3"
    slow = lambda: time.sleep(0.3)  # noqa: E731
    results = []

    def run():
        j = SqliteJournal(db)  # each "process" its own connection and file lock handle
        ledger.fault_post = slow
        results.append(TransferEngine(j).transfer("s1", DAY, _voucher, ledger))

    threads = [threading.Thread(target=run) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(ledger.vouchers) == 1
    assert sorted(r.status for r in results) == ["already_sent"] * 4 + ["sent"]


_CHILD = textwrap.dedent("""
    import datetime as dt, os, signal, sys
    sys.path.insert(0, {tests!r})
    from fake_ledger import FakeLedger
    from test_transfer import _voucher, DAY
    from ledgerwizard.adapters.journal import SqliteJournal
    from ledgerwizard.core.transfer import TransferEngine
    step = sys.argv[1]
    def hook(s):
        if s == step:
            os.kill(os.getpid(), signal.SIGKILL)
    ledger = FakeLedger(__import__("pathlib").Path(sys.argv[3]))
    TransferEngine(SqliteJournal(sys.argv[2]), hook=hook).transfer("s1", DAY, _voucher, ledger)
""")


@pytest.mark.parametrize("step", STEPS)
def test_sigkill_at_every_step_then_restart(tmp_path, step):
    script = tmp_path / "child.py"
    script.write_text(_CHILD.format(tests=str(Path(__file__).parent)))
    db, store = tmp_path / "j.sqlite3", tmp_path / "ledger.json"
    p = subprocess.run([sys.executable, str(script), step, str(db), str(store)], capture_output=True, timeout=60)
    assert p.returncode == -signal.SIGKILL, p.stderr.decode()
    ledger = FakeLedger(store)
    out = TransferEngine(SqliteJournal(db)).transfer("s1", DAY, _voucher, ledger)
    if step == "after_sending":  # "sending" was committed: the request may have left; it waits to settle
        assert out.status == "uncertain" and not ledger.vouchers
        out = TransferEngine(SqliteJournal(db), clock=_after_settling).transfer("s1", DAY, _voucher, ledger)
    assert out.ok and len(ledger.vouchers) == 1
    assert SqliteJournal(db).get("s1", DAY).state == SENT


def test_history_records_every_state_change(tmp_path):
    ledger = FakeLedger()
    j = SqliteJournal(tmp_path / "j.sqlite3")
    ledger.fault_post = "not_sent"
    TransferEngine(j).transfer("s1", DAY, _voucher, ledger, source="timer")
    TransferEngine(j).transfer("s1", DAY, _voucher, ledger, source="send-now")
    states = [s for _, s, _ in j.history("s1", DAY)]
    assert states == ["sending", "failed", "sending", "sent"]
    assert j.get("s1", DAY).source == "send-now"


# --- a damaged journal is refused, never taken for a new one (issue 10 §1b, issue 12) ------------------------------

def _journal_with_a_sent_day(path):
    j = SqliteJournal(path)
    TransferEngine(j).transfer("s1", DAY, _voucher, FakeLedger())
    for _ in range(40):  # a few pages of history
        j.note("s1", DAY, "x" * 200)
    j.close()


@pytest.mark.parametrize("damage", ["empty", "zeroed_page", "garbage", "wrong_shape"])
def test_a_damaged_journal_is_refused_with_a_clear_message(tmp_path, damage, capsys):
    import sqlite3

    from ledgerwizard.cli import main
    from ledgerwizard.core.errors import JournalError

    prof = tmp_path / "profile"
    path = prof / "journal.sqlite3"
    prof.mkdir()
    _journal_with_a_sent_day(path)
    data = path.read_bytes()
    if damage == "empty":
        path.write_bytes(b"")
    elif damage == "zeroed_page":
        page = int.from_bytes(data[16:18], "big") or 65536
        path.write_bytes(data[:page * 2] + b"\0" * page + data[page * 3:])
    elif damage == "garbage":
        path.write_bytes(b"not a database" * 1000)
    else:  # the current version number, but a table of another shape
        path.unlink()
        db = sqlite3.connect(path)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE TABLE transfers (store TEXT, business_day TEXT, state TEXT)")
        db.execute("PRAGMA user_version=3")
        db.commit()
        db.close()
    with pytest.raises(JournalError) as e:
        SqliteJournal(path)
    text = e.value.render("en")
    assert "damaged" in text and "--rebuild" in text and "Traceback" not in text
    code = main(["--profile", str(prof), "status"])
    assert code == 2 and "ødelagt" in capsys.readouterr().err


def test_a_journal_of_the_previous_version_is_migrated_with_its_days(tmp_path):
    import sqlite3

    path = tmp_path / "journal.sqlite3"
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.executescript("""
        CREATE TABLE transfers (store TEXT NOT NULL, business_day TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'failed')),
            external_ref TEXT NOT NULL DEFAULT '', attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT NOT NULL DEFAULT '', last_error_code TEXT NOT NULL DEFAULT '',
            retryable INTEGER NOT NULL DEFAULT 1, voucher_id TEXT NOT NULL DEFAULT '',
            voucher_number TEXT NOT NULL DEFAULT '', amount TEXT NOT NULL DEFAULT '', source TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL, updated_at TEXT NOT NULL, sent_at TEXT NOT NULL DEFAULT '',
            attachment TEXT NOT NULL DEFAULT '', attachment_attempts INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (store, business_day));
        CREATE TABLE history (id INTEGER PRIMARY KEY AUTOINCREMENT, store TEXT NOT NULL, business_day TEXT NOT NULL,
            at TEXT NOT NULL, state TEXT NOT NULL, detail TEXT NOT NULL DEFAULT '');
        INSERT INTO transfers (store, business_day, state, external_ref, voucher_id, voucher_number, created_at,
            updated_at) VALUES ('s1', '2026-03-02', 'sent', 'LW-1', 'V9', '1009', 'x', 'x');
        PRAGMA user_version=2;
    """)
    db.close()
    j = SqliteJournal(path)
    row = j.get("s1", DAY)
    assert row.state == SENT and row.voucher_number == "1009" and j.journal_id
    out = TransferEngine(j).transfer("s1", DAY, _voucher, FakeLedger())
    assert out.status == "already_sent"


def test_a_journal_of_version_3_gains_the_z_reports_of_each_attempt(tmp_path):
    """Schema 4 keeps the Z reports each voucher attempt holds (a Z already posted with another day is never
    posted again unasked); a version-3 journal is migrated in place with its rows, and records them from then on."""
    import sqlite3

    path = tmp_path / "journal.sqlite3"
    j = SqliteJournal(path)
    j.mark_sent("s1", DAY, Posted("V9", "1009"))
    j.close()
    db = sqlite3.connect(path)
    db.execute("ALTER TABLE transfers DROP COLUMN z_reports")
    db.execute("PRAGMA user_version=3")
    db.commit()
    db.close()
    j = SqliteJournal(path)
    assert j.get("s1", DAY).voucher_number == "1009" and j.z_reports_posted("s1") == {}
    later = DAY + dt.timedelta(days=1)
    j.mark_sending("s1", later, "LW-2", "100.00", "timer", z_reports=["K1|7|2026-03-03"])
    assert j.z_reports_posted("s1") == {"K1|7|2026-03-03": later}
    # a day sent before whose Z reports cannot be told any more: marked looked at, never counted as a Z report
    assert j.remember_z_reports("s1", DAY, []) and j.get("s1", DAY).z_reports == "?"
    assert not j.remember_z_reports("s1", DAY, ["K1|6|2026-03-02"])  # (once)
    assert j.z_reports_posted("s1") == {"K1|7|2026-03-03": later}
    j.close()
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 4


@pytest.mark.parametrize("system", ["poweroffice", "tripletex"])
def test_a_closed_day_without_sales_is_done_without_a_voucher_not_failed_every_night(tmp_path, system, capsys):
    """Found this stop, reproduced here first: a register's Z report on a day with no sales (a shop closed on a
    Sunday whose POS still prints a Z) made a voucher with no lines; both ledgers refuse that ("A voucher must have
    lines", "Et bilag kan ikke registreres uten posteringer"), so the day failed, and failed again every night,
    with nothing wrong to fix. Such a day is done without a voucher: nothing goes to the ledger, the journal says
    so, every later run leaves it alone, and status, CLI and tray say "no sales"."""
    import json
    from decimal import Decimal as D

    from order_helpers import Shop, _at
    from saft_helpers import write

    from ledgerwizard.cli import main
    from ledgerwizard.core.transfer import nothing_posted
    from ledgerwizard.services.sending import Sending
    from ledgerwizard.services.status import status
    from ledgerwizard_sandbox import start_sandbox
    from ledgerwizard_sandbox.saftgen import Line, Location, Register, make_txn

    sunday = DAY - dt.timedelta(days=1)
    folder = tmp_path / "export"
    folder.mkdir()
    gl = Register("1", [make_txn(1, _at(10, day=sunday), [Line("400", "3", D("45.00"))], "BAX"),
                        make_txn(2, _at(10), [Line("400", "3", D("45.00"))], "BAX")],
                  [_at(22, 45, day=sunday), _at(22, 45)])
    mj = Register("2", [make_txn(1, _at(10, day=sunday), [Line("400", "3", D("98.00"))], "BAX")],
                  [_at(22, 45, day=sunday), _at(22, 45)])  # Majorstuen's register: a Z on Monday, no sales
    write(folder / "x.xml", [Location("Kaffebar Grünerløkka", [gl]), Location("Kaffebar Majorstuen", [mj])])
    emu, clients = start_sandbox(system, listen=False)
    shop = Shop(tmp_path, system, emu, clients, export=folder)
    out = Sending(shop.workspace(), connector_factory=shop.factory).send()
    assert [(o.store, o.business_day, o.status) for o in out] == [
        ("s1", sunday, "sent"), ("s2", sunday, "sent"), ("s1", DAY, "sent"), ("s2", DAY, "sent")]
    empty = out[-1]
    assert empty.posted is None and "no sales" in empty.message.en.lower() and "ingen salg" in empty.message.nb.lower()
    (ledger,) = (emu.clients if system == "poweroffice" else emu.companies).values()
    assert len(ledger.vouchers) == 3  # nothing went to the ledger for the empty day
    journal = shop.workspace().journal
    row = journal.get("s2", DAY)
    assert row.state == SENT and nothing_posted(row) and row.attempts == 0
    # every later run leaves it alone
    again = Sending(shop.workspace(), connector_factory=shop.factory)
    assert [o.status for o in again.send(days=[DAY])] == ["already_sent", "already_sent"]
    assert again.send() == [] and len(ledger.vouchers) == 3
    st = next(d for d in status(shop.workspace(), first=sunday, last=DAY).rows if (d.store, d.business_day) == ("s2", DAY))
    assert st.state == "sent" and st.voucher_number == "" and "no sales" in st.text.en.lower()
    capsys.readouterr()
    assert main(["--profile", str(shop.profile.config_dir), "--lang", "en", "status"]) == 0
    listed = [ln for ln in capsys.readouterr().out.splitlines() if ln.startswith(f"{DAY}  s2")]
    assert len(listed) == 1 and "no sales" in listed[0] and "#" not in listed[0]
    assert main(["--profile", str(shop.profile.config_dir), "status", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)["transfers"]
    assert next(r for r in rows if r["store"] == "s2" and r["business_day"] == DAY.isoformat())["voucher_id"] == ""


def test_a_voucher_found_in_the_ledger_is_recorded_with_its_z_reports(tmp_path):
    """From review: a voucher found in the ledger before sending (a journal rebuilt, a ledger that keeps no unique
    reference) or after an unclear answer was recorded as sent without the Z reports it holds, so the guard against
    posting a Z again with another day had nothing to go on for it."""
    import dataclasses

    ledger = FakeLedger(tmp_path / "ledger.json", unique_reference=False)
    voucher = dataclasses.replace(_voucher(), z_keys=["K1|7|2026-03-03"])
    ledger.post(voucher)  # already there
    j = SqliteJournal(tmp_path / "j.sqlite3")
    out = TransferEngine(j).transfer("s1", DAY, lambda: voucher, ledger)
    assert out.status == "recovered" and j.z_reports_posted("s1") == {"K1|7|2026-03-03": DAY}
    # and after an answer that never came, found by asking
    j2 = SqliteJournal(tmp_path / "j2.sqlite3")
    ledger2 = FakeLedger(tmp_path / "ledger2.json")
    ledger2.fault_post = "drop_after_store"
    out = TransferEngine(j2).transfer("s1", DAY, lambda: voucher, ledger2)
    assert out.status == "recovered" and j2.z_reports_posted("s1") == {"K1|7|2026-03-03": DAY}
