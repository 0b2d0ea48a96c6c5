"""The profile (settings, journal, logs, crash reports) is private to the user whatever the umask (issue 12): folders
0700, files 0600 on POSIX. On Windows the per-user AppData location is private already (docs/configuration.md)."""

import datetime as dt
import os
import stat
import subprocess
import sys

import pytest

from ledgerwizard.adapters.settings import Profile, SettingsStore
from ledgerwizard.cli import main

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes (Windows: per-user AppData)")


@pytest.fixture
def usual_umask():
    """The usual umask, under which new files are 0644 and new folders 0755 (world-readable)."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def _not_private(*roots):
    wrong = {}
    for root in roots:
        for p in [root, *root.rglob("*")]:
            mode = stat.S_IMODE(p.lstat().st_mode)
            if mode != (0o700 if p.is_dir() else 0o600):
                wrong[str(p)] = oct(mode)
    return wrong


def _send_against_the_sandbox(prof, export_dir, capsys):
    from ledgerwizard_sandbox import start_sandbox
    from ledgerwizard.services.workspace import Workspace

    assert main(["--profile", str(prof), "init", str(export_dir)]) == 0
    emu, clients = start_sandbox("poweroffice")
    try:
        store = SettingsStore(Profile.resolve(prof))
        s = store.load()
        s.companies[0].environment, s.companies[0].options = "sandbox", {"base_url": emu.url}
        store.save(s)  # (the first file becomes the backup)
        Workspace(Profile.resolve(prof)).secrets.set("poweroffice", "c1", clients[0][1])
        assert main(["--profile", str(prof), "send", "--day", "2020-01-01"]) == 0
        # the tray's run, in its own process as the tray starts it (its log is transfers.log)
        report = prof / "run-report.json"
        p = subprocess.run([sys.executable, "-m", "ledgerwizard", "--profile", str(prof), "run", "--report",
                            str(report), "--now", "2020-01-02T07:00:00+01:00"], capture_output=True, text=True,
                           timeout=120)
        assert p.returncode == 0, p.stderr
    finally:
        emu.stop()
    capsys.readouterr()


def test_everything_in_a_profile_is_private_to_the_user(export_dir, tmp_path, capsys, monkeypatch, usual_umask):
    from ledgerwizard.services.workspace import Workspace

    prof = tmp_path / "p"
    _send_against_the_sandbox(prof, export_dir, capsys)

    def crash(self, recent=False):
        raise RuntimeError("boom")

    monkeypatch.setattr(Workspace, "journal_notice", crash)  # a bug in the service status calls
    assert main(["--profile", str(prof), "status"]) == 70
    names = {p.name for p in prof.rglob("*")}
    assert {"settings.json", "settings.json.bak", "journal.sqlite3", "logs", "transfers.log",
            "run-report.json"} <= names, names
    assert any(n.startswith("crash-") for n in names)
    assert _not_private(prof) == {}


def test_the_default_profile_folders_are_private(export_dir, tmp_path, monkeypatch, capsys, usual_umask):
    for kind in ("CONFIG", "DATA", "STATE", "CACHE"):
        monkeypatch.setenv(f"XDG_{kind}_HOME", str(tmp_path / kind.lower()))
    assert main(["init", str(export_dir)]) == 0
    assert main(["status"]) == 0  # (the journal)
    monkeypatch.setattr("ledgerwizard.services.workspace.Workspace.journal_notice", lambda self, recent=False: 1 / 0)
    assert main(["status"]) == 70  # a crash report in the log folder
    prof = Profile.resolve()
    assert prof.journal_path.exists() and list(prof.log_dir.glob("crash-*.log"))
    assert len({prof.config_dir, prof.data_dir, prof.log_dir}) == 3  # three folders of the platform's
    assert _not_private(prof.config_dir, prof.data_dir, prof.log_dir) == {}


def test_a_profile_written_before_is_made_private(export_dir, tmp_path, capsys):
    prof = tmp_path / "p"
    assert main(["--profile", str(prof), "init", str(export_dir)]) == 0
    assert main(["--profile", str(prof), "status"]) == 0
    (prof / "logs").mkdir(exist_ok=True)
    (prof / "logs" / "ledgerwizard.log").write_text("x\n", encoding="utf-8")
    for p in [prof, *prof.rglob("*")]:
        os.chmod(p, 0o755 if p.is_dir() else 0o644)  # as an earlier version left it
    assert main(["--profile", str(prof), "status"]) == 0
    assert _not_private(prof) == {}


def test_a_window_process_gets_private_folders_before_anything_is_written(tmp_path, usual_umask):
    """The tray and the wizard start through launch.open_window: Workspace(Profile.resolve(...)), under the user's
    umask. The folder is private before the journal is created in it; the journal file itself is tightened at the
    next start (the journal is adapters/journal.py's: see the report)."""
    from ledgerwizard.services.workspace import Workspace

    ws = Workspace(Profile.resolve(tmp_path / "p"))
    ws.journal.rows()  # SQLite creates the journal under the process's umask, in a folder only the user can open
    assert stat.S_IMODE((tmp_path / "p").stat().st_mode) == 0o700
    assert _not_private(tmp_path / "p") != {}  # (the journal itself: 0644 under this umask, see the next start)
    Profile.resolve(tmp_path / "p")  # the next start of any of the program's processes
    assert _not_private(tmp_path / "p") == {}


def test_log_files_are_private(tmp_path, usual_umask):
    import logging

    from ledgerwizard.adapters import osintegration

    (tmp_path / "logs").mkdir(mode=0o700)  # (the folder is setup_logging's: tested above through the profile)
    h = osintegration.SizeRotatingFileHandler(tmp_path / "logs" / "t.log", max_bytes=200, backups=2)
    lg = logging.getLogger("ledgerwizard.test-private-log")
    lg.addHandler(h)
    try:
        for n in range(100):
            lg.warning("line %03d", n)  # rotates: every new file is created private as well
    finally:
        lg.removeHandler(h)
        h.close()
    assert sorted(p.name for p in (tmp_path / "logs").iterdir()) == ["t.log", "t.log.1", "t.log.2"]
    assert _not_private(tmp_path / "logs") == {}


def test_crash_reports_in_the_same_second_do_not_overwrite_each_other(tmp_path, capsys):
    from ledgerwizard.crash import report_crash

    prof = tmp_path / "p"
    for n in range(3):
        try:
            raise RuntimeError(f"crash number {n}")
        except RuntimeError as e:
            assert report_crash(e, str(prof), now=lambda: dt.datetime(2026, 12, 1, 12, 0, 0)) == 70
    reports = sorted((prof / "logs").glob("crash-*.log"))
    assert len(reports) == 3
    assert {f"crash number {n}" for n in range(3)} == {r.read_text().strip().splitlines()[-1].split(": ", 1)[1]
                                                       for r in reports}
    err = capsys.readouterr().err
    assert all(str(r) in err for r in reports)  # each run was told its own report
