"""Issue 13's going live in the wizard's last step, through its widgets: after a successful test transfer automatic
sending is offered from the day after, with the first send time; days already due are listed and the user must say
whether they are sent too or the start moves past them; the status window opens from there."""

import datetime as dt

from PySide6.QtCore import QDate
from saft_helpers import demo_locations, write

from ledgerwizard.adapters.settings import Profile
from ledgerwizard.core.saft.reader import ReadOptions
from ledgerwizard.core.saft.source import ExportSource
from ledgerwizard.services.workspace import Workspace
from ledgerwizard.setup.model import SetupModel
from ledgerwizard.ui.steps.done import DoneStep

START = dt.date(2026, 11, 20)


class Host:
    language = "en"

    def __init__(self, ws):
        self.workspace = ws
        self.opened = 0

    def open_status(self):
        self.opened += 1


def test_going_live_is_offered_after_the_test_and_days_already_due_need_an_answer(qtbot, tmp_path):
    from ledgerwizard.ui import i18n

    i18n.install("en")
    export = tmp_path / "export"
    export.mkdir()
    write(export / "days.xml", demo_locations(START, 8))
    m = SetupModel(language="en")
    m.set_scan(str(export), ExportSource([str(export)], ReadOptions(), settle_seconds=0).scan())
    host = Host(Workspace(Profile.resolve(tmp_path / "p")))
    step = DoneStep(host, m)
    qtbot.addWidget(step)
    step.retranslate()
    step.show()
    g = step.golive
    assert not g.auto.isChecked() and "off" in g.next_send.text()  # no test transfer: not offered on
    m.test_sent_for(START + dt.timedelta(days=7))  # what the test step does when the test day went through
    step.load()
    assert g.first_day.date().toPython() == START + dt.timedelta(days=8)
    assert g.auto.isChecked() and "first automatic send" in g.next_send.text()
    assert "never sent" in g.first_help.text() and not g.due_box.isVisible() and step.is_complete()
    g.first_day.setDate(QDate(2026, 11, 24))  # the user goes live earlier: four closed days are due
    assert g.due_box.isVisible() and "24.11.2026" in g.due_list.text() and not step.is_complete()
    g.skip_due.setChecked(True)  # start after them
    assert step.is_complete()
    assert m.build_settings().schedule["first_day"] == "2026-11-28"  # moved past the days due, never sent
    g.send_due.setChecked(True)
    assert m.build_settings().schedule["first_day"] == "2026-11-24"
    step.status_button.click()
    assert host.opened == 1
