"""Issue 13: the settings dialog — the setup's steps in sections, each saved on its own; a saved key is not tested
again unless changed; closing with unsaved changes asks; what another section holds is never overwritten."""

import pytest

from ledgerwizard.adapters.settings import Profile, SettingsStore
from ledgerwizard.connectors import open_connector
from ledgerwizard.services.setup import init_profile
from ledgerwizard.services.workspace import Workspace
from ledgerwizard.ui.settings import SettingsDialog
from ledgerwizard_sandbox import start_sandbox


@pytest.fixture
def shop(tmp_path, export_dir):
    emu, clients = start_sandbox("poweroffice")
    profile = Profile.resolve(tmp_path / "p")
    s = init_profile(Workspace(profile), export_dir, system="poweroffice", environment="sandbox")
    s.companies[0].options = {"base_url": emu.url}
    Workspace(profile).save(s)
    Workspace(profile).secrets.set("poweroffice", "c1", clients[0][1])
    yield emu, profile, clients[0][1]
    emu.stop()


def _dialog(qtbot, profile, seen=None):
    def factory(company, key):  # ``seen``: the keys tested (a saved key still reads the stores' departments)
        con = open_connector(company, client_key=key, sleep=lambda s: None)
        if seen is not None:
            verify = con.verify
            con.verify = lambda: seen.append(key.reveal()) or verify()
        return con

    d = SettingsDialog(Workspace(profile), connector_factory=factory)
    qtbot.addWidget(d)
    d.show()
    return d


def test_each_section_is_saved_on_its_own_and_a_saved_key_is_not_tested_again(qtbot, shop):
    emu, profile, key = shop
    seen = []
    d = _dialog(qtbot, profile, seen)
    qtbot.waitUntil(lambda: d.model.companies[0].key == key, timeout=10000)
    d.list.setCurrentRow(1)  # the accounting system and its keys
    keys = d.steps["ledger"][1]
    box = next(iter(keys.boxes.values()))
    assert "Saved key" in box["result"].text() or "Lagret nøkkel" in box["result"].text()
    assert "Connected" not in box["result"].text() and "Tilkoblet" not in box["result"].text()
    assert seen == []  # nothing tested without a change
    assert not d.save_button.isEnabled()  # nothing changed

    d.list.setCurrentRow(3)  # sending
    schedule = d.steps["sending"][0]
    schedule.edits["fri"].setTime(schedule.edits["fri"].time().fromString("07:45", "HH:mm"))
    assert d.dirty("sending") and d.save_button.isEnabled()
    d.list.setCurrentRow(0)
    qtbot.waitUntil(lambda: d.steps["source"][0].task is None and d.model.scan is not None, timeout=20000)
    d.model.source_path = d.model.source_path + "-elsewhere"  # an unsaved edit in another section
    d.list.setCurrentRow(3)
    with qtbot.waitSignal(d.saved, timeout=10000):
        d.save_button.click()
    saved = SettingsStore(profile).load()
    assert saved.schedule["weekdays"]["fri"] == "07:45"
    assert saved.source_paths != [d.model.source_path]  # the other section's edit is not saved with it
    assert not d.dirty("sending") and d.dirty("source")

    d.list.setCurrentRow(1)
    box["edit"].setText(key[:-1] + ("0" if key[-1] != "0" else "1"))  # another key: it must be tested
    assert not d.save_button.isEnabled()
    box["edit"].setText(key)
    box["test"].click()
    qtbot.waitUntil(lambda: "Connected" in box["result"].text() or "Tilkoblet" in box["result"].text(), timeout=10000)
    assert seen == [key]


def test_closing_with_unsaved_changes_asks(qtbot, shop):
    emu, profile, key = shop
    d = _dialog(qtbot, profile)
    asked = []
    d.ask_close = lambda unsaved, then: asked.append(unsaved) or then(False)
    d.list.setCurrentRow(3)
    schedule = d.steps["sending"][0]
    schedule.edits["mon"].setTime(schedule.edits["mon"].time().fromString("05:30", "HH:mm"))
    d.close()
    assert asked == [["sending"]] and d.isVisible()
    d.ask_close = lambda unsaved, then: asked.append(unsaved) or then(True)
    d.reject()
    assert not d.isVisible()
    assert SettingsStore(profile).load().schedule.get("weekdays", {}).get("mon") != "05:30"
