"""The tray app (offscreen): a scheduled run sends, a failure shows the red state and a notification, Send now
sends, a second launch forwards to the first, autostart reflects the real state, logs are redacted.

Every run is a real ``ledgerwizard run`` child process (as in the product) against the loopback emulator."""

import datetime as dt
import time

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QSystemTrayIcon

from ledgerwizard.adapters import osintegration
from ledgerwizard.adapters.secrets import MemorySecretStore
from ledgerwizard.adapters.settings import Profile
from ledgerwizard_sandbox import start_sandbox
from ledgerwizard.services.setup import init_profile
from ledgerwizard.services.workspace import Workspace
from ledgerwizard.ui.tray import SingleInstance, TrayApp, state_icon

AFTER = dt.datetime(2020, 1, 2, 7, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def setup(tmp_path, export_dir):
    emu, clients = start_sandbox("poweroffice")
    profile = Profile.resolve(tmp_path / "p")
    s = init_profile(Workspace(profile), export_dir, system="poweroffice", environment="sandbox")
    s.companies[0].options = {"base_url": emu.url}
    s.schedule = {"auto_send": True, "time": "06:00", "weekdays": {}, "first_day": "2020-01-01"}
    Workspace(profile).save(s)
    keys = MemorySecretStore()  # handed to each run process over its stdin (the demo's way)
    keys.set("poweroffice", "c1", clients[0][1])
    yield emu, profile, keys
    emu.stop()


def _tray(profile, keys, notes, clock=lambda: AFTER, **kw):
    from ledgerwizard.ui import i18n

    i18n.install("en")  # other tests may have left the bokmål catalogue installed
    ws = Workspace(profile)
    ws.secrets = keys
    t = TrayApp(ws, clock=clock, **kw)
    t.notify = lambda title, text, critical=False: notes.append((title, text, critical))
    return t


def test_scheduled_run_at_start_up_sends_the_missed_day(qtbot, setup):
    emu, profile, keys = setup
    notes = []
    t = _tray(profile, keys, notes)
    with qtbot.waitSignal(t.ran, timeout=20000):
        t.start(0)
    (client,) = emu.clients.values()
    assert len(client.vouchers) == 1 and t.state == "ok"
    assert any("10001" in a.text() and "sent " in a.text() for a in t.menu.status_actions), [a.text() for a in t.menu.status_actions]
    assert t.timer.isActive() and t.timer.interval() <= 15 * 60 * 1000  # never idles longer than a re-check
    with qtbot.waitSignal(t.ran, timeout=20000):
        t.send_now()  # Send now after the timer sent it: nothing twice
    assert len(client.vouchers) == 1 and notes == []
    t.timer.stop()


def test_a_failure_shows_red_and_notifies(qtbot, setup):
    emu, profile, keys = setup
    (client,) = emu.clients.values()
    client.lock_date = dt.date(2020, 1, 31)
    notes = []
    t = _tray(profile, keys, notes)
    with qtbot.waitSignal(t.ran, timeout=20000):
        t.start(0)
    assert t.state == "attention" and "needs attention" in t.tray.toolTip()
    assert notes and notes[0][2] is True and "01.01.2020" in notes[0][1] and "låst" in notes[0][1]
    assert Workspace(profile).settings.stores[0].name + " 01.01.2020" in notes[0][1]  # the store's name, not its id
    assert notes[0][1].startswith("1 trenger oppmerksomhet.")  # one notification for the run, summarised
    assert any("failed" in a.text() for a in t.menu.status_actions)
    t.timer.stop()


def test_second_launch_forwards_to_the_first(qtbot, tmp_path):
    first = SingleInstance(tmp_path, name=f"lw-test-{id(tmp_path)}")
    assert first.acquire()
    second = SingleInstance(tmp_path, name=first.name)
    assert not second.acquire()
    with qtbot.waitSignal(first.message, timeout=5000) as got:
        assert second.forward("send-now")
    assert got.args == ["send-now"]
    first.release()
    third = SingleInstance(tmp_path, name=first.name)
    assert third.acquire()  # released (or a crashed instance's stale lock): the next start takes over
    third.release()


def test_autostart_reflects_the_real_state(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert not osintegration.autostart_enabled()
    osintegration.set_autostart(True)
    assert osintegration.autostart_enabled()
    entry = tmp_path / "autostart" / "ledgerwizard.desktop"
    text = entry.read_text()
    assert "Exec=" in text and " tray" in text
    entry.write_text(text.replace("X-GNOME-Autostart-enabled=true", "X-GNOME-Autostart-enabled=false"))
    assert not osintegration.autostart_enabled()  # turned off in the desktop's startup settings
    osintegration.set_autostart(True)
    assert osintegration.autostart_enabled()
    osintegration.set_autostart(False)
    assert not osintegration.autostart_enabled()


def test_logs_redact_secrets():
    line = ("Authorization: Bearer eyJabc.def client_key=11111111-2222-3333-4444-555555555555 "
            "employeeToken: 'tok-999' subscription-key=abc123")
    out = osintegration.redact(line)
    for secret in ("eyJabc.def", "11111111-2222-3333-4444-555555555555", "tok-999", "abc123"):
        assert secret not in out


def test_state_icons_differ():
    assert state_icon("ok").cacheKey() != state_icon("attention").cacheKey()
    assert not QSystemTrayIcon(state_icon("ok")).icon().isNull()


@pytest.mark.slow
def test_catching_up_many_days_asks_first(qtbot, tmp_path):
    from saft_helpers import demo_locations, write

    export = tmp_path / "export"
    export.mkdir()
    write(export / "month.xml", demo_locations(dt.date(2026, 2, 1), 12))
    emu, clients = start_sandbox("poweroffice")
    emu.rate_limit = 10 ** 6  # 24 vouchers back to back with a no-op sleep (429s are tested elsewhere)
    profile = Profile.resolve(tmp_path / "p")
    try:
        s = init_profile(Workspace(profile), export, system="poweroffice", environment="sandbox")
        s.companies[0].options = {"base_url": emu.url}
        s.schedule = {"auto_send": True, "time": "06:00", "weekdays": {}, "first_day": "2026-02-01", "confirm_above": 7}
        ws = Workspace(profile)
        ws.save(s)
        ws.secrets = MemorySecretStore()
        ws.secrets.set("poweroffice", "c1", clients[0][1])
        t = TrayApp(ws, clock=lambda: dt.datetime(2026, 2, 14, 8, tzinfo=dt.timezone.utc))
        asked = []
        t.ask_catch_up = asked.append
        with qtbot.waitSignal(t.ran, timeout=20000):
            t.start(0)
        (client,) = emu.clients.values()
        assert asked == [12] and not client.vouchers  # 12 missed days: nothing sent before the user agrees
        with qtbot.waitSignal(t.ran, timeout=60000):
            t.confirm_catch_up(True)
        assert len(client.vouchers) == 24  # 12 days × 2 stores, once each
        t.timer.stop()
    finally:
        emu.stop()


def test_log_files_rotate_by_size_and_keep_the_newest(tmp_path):
    import logging

    h = osintegration.SizeRotatingFileHandler(tmp_path / "t.log", max_bytes=1000, backups=2)
    h.addFilter(osintegration.RedactingFilter())
    lg = logging.getLogger("ledgerwizard.test-rotation")
    lg.addHandler(h)
    lg.setLevel(logging.INFO)
    try:
        for n in range(100):
            lg.info("line %03d client_key=11111111-2222-3333-4444-555555555555", n)
    finally:
        lg.removeHandler(h)
        h.close()
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["t.log", "t.log.1", "t.log.2"]  # never more than the backups asked for
    assert all(p.stat().st_size < 1100 for p in tmp_path.iterdir())
    assert "line 099" in (tmp_path / "t.log").read_text()
    assert "1111-2222" not in "".join(p.read_text() for p in tmp_path.iterdir())


# --- Send chosen days, resume, network, the run process's failures, notifications ----------------------------------

@pytest.fixture
def month_setup(tmp_path):
    from saft_helpers import demo_locations, write

    export = tmp_path / "export"
    export.mkdir()
    write(export / "month.xml", demo_locations(dt.date(2026, 2, 1), 10))
    emu, clients = start_sandbox("poweroffice")
    emu.rate_limit = 10 ** 6
    profile = Profile.resolve(tmp_path / "p")
    s = init_profile(Workspace(profile), export, system="poweroffice", environment="sandbox")
    s.companies[0].options = {"base_url": emu.url}
    s.schedule = {"auto_send": False, "time": "06:00", "weekdays": {}}
    Workspace(profile).save(s)
    keys = MemorySecretStore()
    keys.set("poweroffice", "c1", clients[0][1])
    yield emu, profile, keys
    emu.stop()


def test_the_status_window_sends_the_chosen_closed_days_once(qtbot, month_setup):
    """Issue 13: the status window replaces "Send chosen days": only closed days can be chosen, each is sent through
    the tray's one run at a time, and a day sent already is reported, never sent again."""
    from ledgerwizard.core.schedule import SendRequest

    emu, profile, keys = month_setup
    notes = []
    t = _tray(profile, keys, notes, clock=lambda: dt.datetime(2026, 2, 20, 9, tzinfo=dt.timezone.utc))
    w = t.open_status()
    qtbot.addWidget(w)
    qtbot.waitUntil(lambda: w.status is not None, timeout=30000)
    assert w.status.first == dt.date(2026, 2, 6) and w.status.last == dt.date(2026, 2, 19)  # the last 14 days
    w.first.setDate(w.first.date().fromString("2026-02-01", "yyyy-MM-dd"))  # a longer period
    qtbot.waitUntil(lambda: w.status.first == dt.date(2026, 2, 1), timeout=30000)
    rows = w.status.rows
    assert {r.state for r in rows if r.business_day <= dt.date(2026, 2, 10)} == {"off"}  # closed, not sent: off
    assert not [r for r in rows if r.business_day > dt.date(2026, 2, 10) and r.sendable]  # no export: not choosable
    w.table.clearSelection()
    for d in (3, 4, 5):
        w.select("s1", dt.date(2026, 2, d))
    assert [(r.store, r.business_day.day) for r in w.selected_rows()] == [("s1", 5), ("s1", 4), ("s1", 3)]
    assert w.send_button.isEnabled()
    outcomes = []
    t.ran.connect(lambda rep: outcomes.extend((o.store, o.business_day.day, o.status) for o in rep.outcomes))
    w.send_button.click()
    qtbot.waitUntil(lambda: len(outcomes) == 3, timeout=60000)
    (client,) = emu.clients.values()
    assert len(client.vouchers) == 3 and sorted(outcomes) == [("s1", 3, "sent"), ("s1", 4, "sent"), ("s1", 5, "sent")]
    qtbot.waitUntil(lambda: w.status is not None and
                    {r.state for r in w.status.rows if r.store == "s1" and r.business_day.day in (3, 4, 5)} == {"sent"},
                    timeout=30000)  # the window follows the journal by itself
    w.table.clearSelection()
    w.select("s2", dt.date(2026, 2, 20 - 11))  # a day not closed (no export for it): cannot be sent from here
    assert not w.send_button.isEnabled() or all(r.sendable for r in w.selected_rows())
    with qtbot.waitSignal(t.ran, timeout=30000) as again:  # the same days again: reported, not re-sent
        t.run("send-now", SendRequest(["s1"], dt.date(2026, 2, 4), dt.date(2026, 2, 6)))
    assert [(o.business_day.day, o.status) for o in again.args[0].outcomes] == \
        [(4, "already_sent"), (5, "already_sent"), (6, "sent")]
    assert len(client.vouchers) == 4
    t.timer.stop()


def test_send_request_rules():
    from ledgerwizard.core.schedule import SendRequest

    today = dt.date(2026, 3, 10)
    assert SendRequest(["s1"], dt.date(2026, 3, 1), dt.date(2026, 3, 9)).problems(today) == []
    assert [p.en for p in SendRequest([], dt.date(2026, 3, 1), dt.date(2026, 3, 1)).problems(today)] == \
        ["Choose at least one store."]
    assert "after the to date" in SendRequest(["s1"], dt.date(2026, 3, 5), dt.date(2026, 3, 1)).problems(today)[0].en
    assert "before today" in SendRequest(["s1"], dt.date(2026, 3, 9), dt.date(2026, 3, 10)).problems(today)[0].en
    assert "one year" in SendRequest(["s1"], dt.date(2024, 1, 1), dt.date(2025, 6, 1)).problems(today)[0].en


class FakeNetwork(QObject):
    changed = Signal()

    def __init__(self, state):
        super().__init__()
        self.state = state

    def online(self):
        return self.state


def test_after_a_resume_the_run_waits_for_the_network(qtbot, setup):
    emu, profile, keys = setup
    net = FakeNetwork(False)
    wall, mono = [1_700_000_000.0], [5000.0]
    t = _tray(profile, keys, [], network=net, wall_clock=lambda: wall[0], monotonic=lambda: mono[0])
    wall[0] += 3 * 3600  # the wall clock moved three hours while the monotonic clock did not: a resume
    started = []
    t.run = lambda source="timer", send=None: started.append(source)
    t.check_clock()
    assert started == [] and "network" in t.tray.toolTip()  # offline: nothing is tried yet
    net.state = True
    net.changed.emit()
    assert started == ["resume"]
    net.changed.emit()  # a later change does not start a second run
    assert started == ["resume"]
    wall[0] += 60
    mono[0] += 60
    t.check_clock()  # no jump: nothing happens
    assert started == ["resume"]


def test_a_run_that_dies_or_hangs_is_reported_and_the_day_still_goes_once(qtbot, setup):
    emu, profile, keys = setup
    notes = []
    t = _tray(profile, keys, notes)
    emu.faults.add("slow", path="/Vouchers/ManualJournals", seconds=8)  # the POST hangs past the run's limit
    t.runner.time_limit_ms = 1500
    with qtbot.waitSignal(t.ran, timeout=30000) as got:
        t.send_now()
    assert got.args[0].error_code == "run_timeout" and t.state == "attention"
    assert notes and notes[-1][2] is True
    emu.faults.clear()
    t.runner.time_limit_ms = 60000
    with qtbot.waitSignal(t.ran, timeout=30000) as got:
        t.send_now()  # the journal's 'sending' day is looked up in the ledger first: found, not sent again
    assert [o.status for o in got.args[0].outcomes] == ["recovered"] and t.state == "ok"
    (client,) = emu.clients.values()
    assert len(client.vouchers) == 1
    assert [r.state for r in Workspace(profile).journal.rows()] == ["sent"]
    assert not list(profile.data_dir.glob("run-*"))  # no report (or half-written report) is left behind
    t.timer.stop()


def _report(store="s1", status="failed", code="ledger_network", retryable=True, attempts=1):
    from ledgerwizard.core.i18n import Text
    from ledgerwizard.core.runreport import OutcomeReport, RunReport

    o = OutcomeReport(store, dt.date(2026, 3, 2), status, Text("feil", "failed"), error_code=code,
                      error_text=Text("Ingen nett.", "No network.") if status == "failed" else None,
                      retryable=retryable, attempts=attempts)
    return RunReport(outcomes=[o], wake=AFTER + dt.timedelta(minutes=5))


def test_no_nagging_on_transient_failures_but_told_after_the_retries(qtbot, setup):
    emu, profile, keys = setup
    notes = []
    t = _tray(profile, keys, notes)
    t.show_report(_report(attempts=1))
    t.show_report(_report(attempts=2))
    assert notes == [] and t.state == "attention"  # red, with the reason in the tooltip, but no pop-up yet
    t.show_report(_report(attempts=4))
    t.show_report(_report(attempts=5))
    assert len(notes) == 1 and "Ingen nett" in notes[0][1]  # once, after the automatic retries
    t.show_report(_report(store="s2", code="ledger_auth", retryable=False, attempts=1))
    assert len(notes) == 2  # a wrong key is told at once
    t.timer.stop()


def test_success_is_notified_only_when_asked(qtbot, setup):
    emu, profile, keys = setup
    notes = []
    t = _tray(profile, keys, notes)
    ok = _report(status="sent")
    ok.outcomes[0].voucher_number = "10007"
    t.show_report(ok)
    assert notes == []
    s = t.ws.settings
    s.schedule = {**s.schedule, "notify_success": True}
    t.ws.save(s)
    t.show_report(ok)
    assert len(notes) == 1 and "10007" in notes[0][1] and notes[0][2] is False
    t.timer.stop()


def test_the_clock_watch_wakes_once_a_minute_and_the_timer_at_most_every_15_minutes(qtbot, setup):
    emu, profile, keys = setup
    t = _tray(profile, keys, [])
    with qtbot.waitSignal(t.ran, timeout=20000):
        t.start(0)
    assert t.clock_watch.interval() == 60 * 1000
    assert 1000 <= t.timer.interval() <= 15 * 60 * 1000
    t.timer.stop()
    t.clock_watch.stop()


def test_unreadable_settings_at_start_up_are_told_with_the_backup_offered(tmp_path):
    from ledgerwizard.ui.dialogs import settings_problem

    profile = Profile.resolve(tmp_path / "p")
    ws = Workspace(profile)
    s = ws.settings
    s.language = "en"
    ws.save(s)
    ws.save(s)  # the second save keeps the first as the backup
    profile.settings_path.write_text("{broken", encoding="utf-8")
    fresh = Workspace(profile)
    with pytest.raises(Exception) as got:
        fresh.settings  # noqa: B018
    asked = []
    assert settings_problem(fresh, got.value, lambda text, can: asked.append((text, can)) or False) is False
    assert asked[0][1] is True and "settings.json" in asked[0][0] and "backup" in asked[0][0]
    assert profile.settings_path.read_text() == "{broken"  # declined: nothing replaced
    assert settings_problem(fresh, got.value, lambda text, can: True) is True
    assert fresh.settings.language == "en"  # restored from the backup
    (tmp_path / "q").mkdir()
    bare = Profile.resolve(tmp_path / "q")
    bare.settings_path.write_text("{broken", encoding="utf-8")
    asked.clear()
    assert settings_problem(Workspace(bare), got.value, lambda text, can: asked.append(can) or True) is False
    assert asked == [False]  # no backup: only Quit is offered


def _open_app(profile, display=True, args=(), env_extra=None):
    """The program with no arguments (the Start menu's shortcut) in its own process, on ``profile``."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["LEDGERWIZARD_PROFILE"] = str(profile)
    env.update(env_extra or {})
    if display:
        env["QT_QPA_PLATFORM"] = "offscreen"
        cmd = [sys.executable, str(Path(__file__).with_name("open_app_child.py")), *args]
    else:
        cmd = [sys.executable, "-m", "ledgerwizard"]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60, env=env)


def test_opened_from_the_start_menu_a_new_shop_gets_the_wizard(tmp_path):
    p = _open_app(tmp_path / "p")
    assert p.returncode == 0, p.stderr[-2000:]
    assert "SHOWN SetupWizard | TRAY False" in p.stdout, p.stdout + p.stderr[-2000:]


def test_opened_from_the_start_menu_a_set_up_shop_gets_the_tray_with_its_settings(setup):
    _emu, profile, _keys = setup
    p = _open_app(profile.config_dir)
    assert p.returncode == 0, p.stderr[-2000:]
    # the settings, not a new setup (offscreen has no notification area: the status window is up too)
    assert "SHOWN SettingsDialog" in p.stdout and "| TRAY True" in p.stdout, p.stdout + p.stderr[-2000:]


def test_without_a_notification_area_the_status_window_is_shown_not_a_black_screen(setup):
    """Seen: with no tray host the demo showed a black screen and seemed hung."""
    _emu, profile, _keys = setup
    p = _open_app(profile.config_dir, args=("tray",), env_extra={"LW_TEST_NO_TRAY": "1"})
    assert p.returncode == 0, p.stderr[-2000:]
    assert "SHOWN StatusWindow" in p.stdout and "BANNER" in p.stdout and "systemstatusfelt" in p.stdout, \
        p.stdout + p.stderr[-2000:]


def test_without_a_display_no_arguments_is_the_command_line_usage(tmp_path):
    p = _open_app(tmp_path / "p", display=False)
    assert p.returncode == 2 and "ledgerwizard --help" in p.stderr, p.stderr
    assert not (tmp_path / "p").exists()  # nothing created


def test_a_tray_with_nothing_set_up_says_so(qtbot, tmp_path):
    t = _tray(Profile.resolve(tmp_path / "p"), MemorySecretStore(), [])
    t.refresh_status()
    assert t.state == "idle" and "not set up" in t.tray.toolTip()


@pytest.mark.parametrize("args", [(), ("setup",)])
def test_opened_on_an_unreadable_settings_file_the_problem_is_shown_not_an_empty_setup(tmp_path, args):
    profile = Profile.resolve(tmp_path / "p")
    profile.settings_path.parent.mkdir(parents=True)
    profile.settings_path.write_text("{broken", encoding="utf-8")
    p = _open_app(tmp_path / "p", args=args)
    assert "SHOWN QMessageBox | TRAY False" in p.stdout, p.stdout + p.stderr[-2000:]
    assert p.returncode == 2 and profile.settings_path.read_text() == "{broken"  # not restored, not replaced


class _FakeWinreg:
    """The part of Windows' ``winreg`` the autostart uses, over an in-memory HKCU (no Windows here)."""

    HKEY_CURRENT_USER, KEY_SET_VALUE, REG_SZ = "HKCU", 2, 1

    def __init__(self):
        self.values: dict[tuple[str, str], str] = {}

    class _Key:
        def __init__(self, reg, path):
            self.reg, self.path = reg, path

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    def OpenKey(self, root, path, reserved=0, access=0):  # winreg's names
        assert root == "HKCU"
        return self._Key(self, path)

    def QueryValueEx(self, key, name):
        if (key.path, name) not in self.values:
            raise FileNotFoundError(name)
        return self.values[key.path, name], self.REG_SZ

    def SetValueEx(self, key, name, reserved, kind, value):
        assert kind == self.REG_SZ
        self.values[key.path, name] = value

    def DeleteValue(self, key, name):
        if self.values.pop((key.path, name), None) is None:
            raise FileNotFoundError(name)


def test_windows_autostart_is_a_quoted_hkcu_run_value_the_same_as_the_installers(monkeypatch):
    import re
    import sys
    from pathlib import Path

    reg = _FakeWinreg()
    app = r"C:\Users\Kari Nordmann\AppData\Local\Programs\ledgerwizard"
    monkeypatch.setitem(sys.modules, "winreg", reg)
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", app + r"\ledgerwizard.exe")
    assert not osintegration.autostart_enabled()
    osintegration.set_autostart(True)
    assert osintegration.autostart_enabled()
    value = reg.values[osintegration.RUN_KEY, "ledgerwizard"]
    assert value == f'"{app}\\ledgerwizard.exe" --tray'
    iss = (Path(__file__).resolve().parent.parent / "installer" / "ledgerwizard.iss").read_text(encoding="utf-8")
    installer_value = re.search(r'ValueName: "ledgerwizard"; \\\s*ValueData: "(.*)"; Flags', iss).group(1)
    assert installer_value.replace('""', '"').replace("{app}", app) == value  # Inno's "" is one quote
    approved = (osintegration.STARTUP_APPROVED_KEY, "ledgerwizard")
    reg.values[approved] = bytes.fromhex("030000004c2d9f3b8a5cd901")  # turned off in Task Manager's Startup tab
    assert not osintegration.autostart_enabled()  # the Run value is still there, but Windows will not start it
    reg.values[approved] = bytes.fromhex("020000000000000000000000")  # turned back on there
    assert osintegration.autostart_enabled()
    reg.values[approved] = bytes.fromhex("030000004c2d9f3b8a5cd901")
    osintegration.set_autostart(True)  # switched on in our settings: on, Windows' own switch cleared
    assert osintegration.autostart_enabled() and approved not in reg.values
    osintegration.set_autostart(False)
    assert not osintegration.autostart_enabled() and not reg.values
    osintegration.set_autostart(False)  # already off: no error


def test_settings_opens_the_window_it_is_given_and_a_closed_one_reloads_and_rechecks(qtbot, tmp_path):
    from PySide6.QtWidgets import QDialog

    profile = Profile.resolve(tmp_path / "p")
    keys = MemorySecretStore()
    opened = []

    def window(ws):
        opened.append(ws)
        return QDialog()

    t = _tray(profile, keys, [], settings_window=window)
    runs = []
    t.run = lambda source="timer", send=None: runs.append(source)
    dlg = t.open_settings()
    qtbot.addWidget(dlg)
    (ws,) = opened
    assert ws is not t.ws and ws.profile == t.ws.profile and ws.secrets is keys  # the same keys (the demo's too)
    dlg.show()
    assert t.open_settings() is dlg and len(opened) == 1  # Settings… again (or a second launch): the same window
    s = ws.settings
    s.language = "en"
    ws.save(s)  # saved in the window
    dlg.accept()
    assert t.ws.settings.language == "en" and runs == ["timer"]  # read again, and what is due now is checked


def test_the_arguments_of_each_kind_of_run():
    from ledgerwizard.core.schedule import SendRequest
    from ledgerwizard.ui.tray.runner import run_arguments

    now = dt.datetime(2026, 3, 2, 5, 30, tzinfo=dt.timezone.utc)
    base = ["run", "--report", "r.json", "--source"]
    assert run_arguments("timer", None, report="r.json", now=now) == base + ["timer", "--now", now.isoformat()]
    assert run_arguments("timer", None, report="r.json", now=now, paused=True, confirmed=True) == \
        base + ["timer", "--now", now.isoformat(), "--paused", "--confirmed"]
    assert run_arguments("catch-up", None, report="r.json", now=now)[-1] == "--confirmed"  # the user said yes
    assert run_arguments("send-now", "latest", report="r.json", now=now, paused=True, profile_dir="/p",
                         keys_stdin=True) == ["--profile", "/p"] + base + ["send-now", "--latest", "--keys-stdin"]
    chosen = SendRequest(["s1", "s2"], dt.date(2026, 3, 1), dt.date(2026, 3, 1),
                         accept=(("s1", dt.date(2026, 3, 1), "fp"),))
    assert run_arguments("send-now", chosen, report="r.json", now=now, paused=True) == base + [
        "send-now", "--from", "2026-03-01", "--to", "2026-03-01", "--stores", "s1,s2", "--accept", "s1:2026-03-01:fp"]


def test_tray_quit_stops_the_running_tray_and_starts_none(tmp_path):
    """``tray --quit``, what the installer runs before it replaces the program's files (a running tray holds them:
    an upgrade was refused) and the uninstaller before it removes them: a running tray quits and the command waits
    for it (exit 0); with none running it starts none (exit 1). No dialog either way (the installer runs it hidden)."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(LEDGERWIZARD_PROFILE=str(tmp_path / "p"), QT_QPA_PLATFORM="offscreen")
    quit_cmd = [sys.executable, "-m", "ledgerwizard", "tray", "--quit"]
    none = subprocess.run(quit_cmd, capture_output=True, text=True, timeout=60, env=env)
    assert none.returncode == 1, none.stderr[-2000:]
    assert not list((tmp_path / "p").rglob("tray.lock")), "a tray was started"
    tray = subprocess.Popen([sys.executable, "-m", "ledgerwizard", "tray"], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while not list((tmp_path / "p").rglob("tray.lock")):
            assert time.monotonic() < deadline and tray.poll() is None, tray.stderr.read()[-2000:] if tray.poll() else ""
            time.sleep(0.2)
        stopped = subprocess.run(quit_cmd, capture_output=True, text=True, timeout=120, env=env)
        assert stopped.returncode == 0, stopped.stderr[-2000:]
        assert tray.wait(timeout=10) == 0  # gone when the command returns (its lock freed means it has exited)
    finally:
        if tray.poll() is None:
            tray.kill()


def test_about_says_the_version_where_to_get_support_and_where_the_logs_are(qtbot, setup, monkeypatch):
    import json

    from ledgerwizard import __version__, paths

    emu, profile, keys = setup
    t = _tray(profile, keys, [])
    box = t.about()
    qtbot.addWidget(box)
    assert f"ledgerwizard {__version__}" in box.text() and "Støtte" in box.text()  # (the shop's language)
    assert str(profile.log_dir) in box.text() and "doctor" in box.text()
    # a reseller's build names its own support contact
    cfg = profile.config_dir / "build_config.json"
    cfg.write_text(json.dumps({"support": {"name": "Kasse & Regnskap AS", "phone": "+47 22 33 44 55",
                                           "email": "support@example.no", "token": "never shown"}}))
    monkeypatch.setattr(paths, "resources_dir", lambda: profile.config_dir)
    box2 = t.about()
    qtbot.addWidget(box2)
    assert "Kasse & Regnskap AS" in box2.text() and "+47 22 33 44 55" in box2.text() and "never shown" not in box2.text()
    t.timer.stop()


def test_the_menu_says_no_sales_for_a_day_done_without_a_voucher(qtbot):
    """A day with nothing to book is done without a voucher: the menu's store line says so, not "voucher "."""
    from ledgerwizard.core.transfer import SENT, JournalRow
    from ledgerwizard.ui import i18n
    from ledgerwizard.ui.tray.menu import StateIcons, TrayMenu

    i18n.install("en")
    menu = TrayMenu(StateIcons())
    qtbot.addWidget(menu)
    stamp = "2020-01-02T05:00:00+00:00"
    menu.show_status({"s1": JournalRow("s1", dt.date(2020, 1, 1), SENT, sent_at=stamp, updated_at=stamp),
                      "s2": JournalRow("s2", dt.date(2020, 1, 1), SENT, voucher_id="7", voucher_number="10007",
                                       sent_at=stamp, updated_at=stamp)}, 0, {"s1": "Grünerløkka", "s2": "Majorstuen"}.get)
    texts = [a.text() for a in menu.status_actions]
    assert any("Grünerløkka" in t and "no sales" in t and "voucher" not in t for t in texts), texts
    assert any("Majorstuen" in t and "voucher 10007" in t for t in texts), texts
