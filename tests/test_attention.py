"""Issue 10 §2 in the GUI: a day that does not reconcile is sent only after a person has seen its differences
and confirmed, in the tray's "Needs attention" dialog and on the wizard's test-transfer page (pytest-qt)."""

import datetime as dt
import os
import re
from decimal import Decimal as D

import pytest

from ledgerwizard.adapters.journal import SqliteJournal
from ledgerwizard.adapters.secrets import MemorySecretStore
from ledgerwizard.adapters.settings import Profile
from ledgerwizard.core.i18n import Text
from ledgerwizard.core.transfer import HELD, SENT, Hold
from ledgerwizard_sandbox import start_sandbox
from ledgerwizard.services.sending import Sending
from ledgerwizard.services.setup import init_profile
from ledgerwizard.services.workspace import Workspace
from ledgerwizard.ui.attention import AttentionDialog, HeldDay
from ledgerwizard.ui.tray import TrayApp

DAY = dt.date(2020, 1, 1)


def _hold(n=2):
    return Hold("fp-1", Text("Butikk 01.01.2020: dagen stemmer ikke med Z-rapporten.",
                             "Butikk 01.01.2020: the day does not reconcile."),
                [Text(f"Avvik {i}: 10,00", f"Difference {i}: 10.00") for i in range(n)])


def test_send_anyway_needs_the_tick_and_a_confirmation_and_carries_the_differences_seen(qtbot):
    asked = []
    dlg = AttentionDialog([HeldDay("s1", "Butikk", DAY, _hold())], "nb",
                          confirm=lambda d: asked.append(d) or len(asked) > 1)
    qtbot.addWidget(dlg)
    dlg.show()
    assert "Avvik 0: 10,00" in dlg.details.text() and "Avvik 1" in dlg.details.text()
    assert not dlg.send_button.isEnabled()  # not before the person says they have seen the differences
    dlg.seen.setChecked(True)
    assert dlg.send_button.isEnabled()
    with qtbot.assertNotEmitted(dlg.send_anyway):
        dlg.send_button.click()  # the last question answered "Do not send"
    assert len(asked) == 1
    with qtbot.waitSignal(dlg.send_anyway) as got:
        dlg.send_button.click()
    assert got.args == ["s1", DAY, "fp-1"]


def _off_by_ten(export_dir):
    """The example store's day with its Z report's total 10.00 higher than the receipts."""
    (f,) = list(export_dir.glob("*.xml"))
    text = f.read_text(encoding="utf-8")
    m = re.search(r"<totalCashSaleAmnt>([\d.]+)</totalCashSaleAmnt>", text)
    f.write_text(text[:m.start(1)] + str(D(m.group(1)) + 10) + text[m.end(1):], encoding="utf-8")
    os.utime(f, (1_600_000_000, 1_600_000_000))  # complete, not still being written


@pytest.fixture
def held_shop(tmp_path, export_dir):
    _off_by_ten(export_dir)
    emu, clients = start_sandbox("poweroffice")
    profile = Profile.resolve(tmp_path / "p")
    s = init_profile(Workspace(profile), export_dir, system="poweroffice", environment="sandbox")
    s.companies[0].options = {"base_url": emu.url}
    Workspace(profile).save(s)
    keys = MemorySecretStore()
    keys.set("poweroffice", "c1", clients[0][1])
    yield emu, profile, keys
    emu.stop()


def test_the_tray_lists_the_held_day_and_sends_it_once_the_person_confirms(qtbot, held_shop):
    from ledgerwizard.ui import i18n

    emu, profile, keys = held_shop
    i18n.install("en")
    ws = Workspace(profile)
    ws.secrets = keys
    notes = []
    t = TrayApp(ws, clock=lambda: dt.datetime(2020, 1, 2, 7, 0, tzinfo=dt.timezone.utc))
    t.notify = lambda title, text, critical=False: notes.append((title, text))
    with qtbot.waitSignal(t.ran, timeout=20000):
        t.send_now()
    (client,) = emu.clients.values()
    assert not client.vouchers and t.state == "attention"
    assert len(notes) == 1 and "stemmer ikke med Z-rapporten" in notes[0][1]  # the settings' language (bokmål)
    assert t.menu.attention_action.isVisible() and "(1)" in t.menu.attention_action.text()
    w = t.open_attention(confirm=lambda d: True)  # the status window, the held day chosen
    qtbot.addWidget(w)
    qtbot.waitUntil(lambda: bool(w.selected_rows()), timeout=20000)
    (row,) = w.selected_rows()
    assert row.state == "needs_attention" and "10,00" in w.details.text() and "Location A" in w.details.text()
    assert not w.send_button.isEnabled() and w.anyway_button.isEnabled()  # never "send now" for a held day
    w.anyway_button.click()
    dlg = w.attention_dialog  # the differences, a tick, and the last question (answered "Send anyway")
    assert "10,00" in dlg.details.text()
    assert not dlg.send_button.isEnabled()
    dlg.seen.setChecked(True)
    with qtbot.waitSignal(t.ran, timeout=20000):
        dlg.send_button.click()
    assert len(client.vouchers) == 1
    (v,) = client.vouchers.values()
    assert "avvik mot Z godkjent" in v["Description"]
    row = Workspace(profile).journal.get("s1", DAY)
    assert row.state == SENT and not t.menu.attention_action.isVisible()
    with qtbot.waitSignal(t.ran, timeout=20000):
        t.send_now()  # again: already sent, nothing twice
    assert len(client.vouchers) == 1
    t.timer.stop()


def test_a_decision_for_differences_that_have_since_changed_accepts_nothing(held_shop):
    emu, profile, keys = held_shop
    ws = Workspace(profile)
    ws.secrets = keys
    (o,) = Sending(ws).send("s1", [DAY])
    assert o.status == "held"
    row = ws.journal.get("s1", DAY)
    assert row.state == HELD and SqliteJournal.held(row).details
    outcomes = Sending(ws).send_now(["s1"], DAY, DAY, accept={("s1", DAY): "not-what-is-there-now"})
    assert [x.status for x in outcomes] == ["held"] and not next(iter(emu.clients.values())).vouchers


def test_the_wizards_test_transfer_of_a_day_that_does_not_reconcile_needs_the_tick(qtbot, tmp_path, export_dir):
    from ledgerwizard.connectors import open_connector
    from ledgerwizard.ui.wizard import SetupWizard

    _off_by_ten(export_dir)
    emu, clients = start_sandbox("poweroffice")
    try:
        profile = Profile.resolve(tmp_path / "w")
        w = SetupWizard(Workspace(profile), connector_factory=lambda c, k: open_connector(c, client_key=k,
                                                                                           sleep=lambda s: None))
        w.sandbox, w.sandbox_key, w.keep_sandbox = emu, clients[0][1], True
        w.model.sandbox_url = emu.url
        w.model.environment = "sandbox"
        qtbot.addWidget(w)
        w.show()
        w.next()
        src = w.current_step()
        src.path.setText(str(export_dir))
        src.scan()
        qtbot.waitUntil(src.is_complete, timeout=20000)
        w.next()
        w.next()
        keys = w.current_step()
        box = next(iter(keys.boxes.values()))
        box["edit"].setText(clients[0][1])
        box["test"].click()
        qtbot.waitUntil(keys.is_complete, timeout=20000)
        w.next()
        qtbot.waitUntil(lambda: w.current_step().is_complete(), timeout=20000)
        w.next()
        w.next()
        test = w.current_step()
        assert type(test).__name__ == "TestStep"
        assert "10,00" in test.info.text() and test.accept_box.isVisible()
        assert not test.send_btn.isEnabled()  # not without the person's decision
        test.send()  # even called directly: nothing is sent
        (client,) = emu.clients.values()
        assert not client.vouchers
        test.accept_box.setChecked(True)
        assert test.send_btn.isEnabled()
        test.send_btn.click()
        qtbot.waitUntil(lambda: "10001" in test.result.text(), timeout=20000)
        (v,) = client.vouchers.values()
        assert "avvik mot Z godkjent" in v["Description"]
        assert [h for h in w.journal.history("s1", DAY) if h[1] == "decision"]
    finally:
        emu.stop()
