"""What a Windows PC gives the program that a Linux developer's machine hides, reproduced on Linux through the
public command line (the full check in the installed Windows program is scripts/windows-check.sh):

- no IANA time zone database (Windows has none): Europe/Oslo must come from the ``tzdata`` package;
- output redirected to a file or a pipe is encoded in the ANSI code page (cp1252), and a frozen program ignores
  ``PYTHONIOENCODING``: ``doctor > report.txt`` (what support asks for) and ``--selftest`` must still work.
"""

import json
import os
import subprocess
import sys


def _env(tmp_path, **extra):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONIOENCODING", "PYTHONUTF8", "PYTHONTZPATH")}
    env.update(LEDGERWIZARD_PROFILE=str(tmp_path / "profile"), QT_QPA_PLATFORM="offscreen", **extra)
    return env


def test_the_clock_in_oslo_without_a_system_zone_database(tmp_path):
    """As on Windows: no zone database on the system (an empty search path), only what the program brings."""
    p = subprocess.run([sys.executable, "-m", "ledgerwizard", "--lang", "en", "doctor", "--offline", "--json"],
                       capture_output=True, text=True, timeout=120, env=_env(tmp_path, PYTHONTZPATH=""))
    assert p.returncode in (0, 3), p.stderr[-2000:]
    (clock,) = [c for c in json.loads(p.stdout)["checks"] if c["check"] == "clock"]
    assert clock["ok"], clock
    assert "Europe/Oslo offset 1:00:00" in clock["detail"] or "Europe/Oslo offset 2:00:00" in clock["detail"], clock


def test_doctor_redirected_to_a_file_in_a_legacy_code_page_writes_utf8(tmp_path):
    """``doctor > report.txt`` where the stream's encoding is cp1252 (Windows' default for a redirected stream)."""
    report = tmp_path / "report.txt"
    with open(report, "wb") as out:
        p = subprocess.run([sys.executable, "-m", "ledgerwizard", "doctor", "--offline"], stdout=out,
                           stderr=subprocess.PIPE, text=True, timeout=120, env=_env(tmp_path, PYTHONIOENCODING="cp1252"))
    assert p.returncode in (0, 3), p.stderr[-2000:]  # 3: a check needs attention (no keyring here); 70 was the crash
    text = report.read_bytes().decode("utf-8")  # strict: the whole report is UTF-8
    checks = [ln.split()[1] for ln in text.splitlines() if ln[:1] in ("✓", "✗")]  # (a detail may take more lines)
    assert checks[:3] == ["version", "keyring", "settings"] and checks[-1] == "clock", text
    assert "✓ version" in text and "✓ clock" in text, text


def test_selftest_through_a_pipe_in_a_legacy_code_page(tmp_path):
    p = subprocess.run([sys.executable, "-m", "ledgerwizard", "--selftest"], capture_output=True, timeout=120,
                       env=_env(tmp_path, PYTHONIOENCODING="cp1252"))
    out = p.stdout.decode("utf-8")
    assert "Traceback" not in p.stderr.decode("utf-8", "replace"), p.stderr[-2000:]
    names = [ln.split()[1] for ln in out.splitlines() if ln[:1] in ("✓", "✗")]
    assert names == ["keyring", "qt", "translations", "tls", "resources"], out
    assert "✓ translations" in out and "✓ resources" in out, out


def test_doctor_names_the_time_zone_in_force_now(tmp_path):
    """doctor named the zone's summer-time name all winter (``time.tzname[time.daylight]``: daylight only says the
    zone has summer time); seen under Wine as 'Central Europe Daylight Time' in December. Here a zone whose summer
    time is one day a year (1 January), so the name in force is, nearly always, the standard one."""
    tz = "STD-1DST,J1/0,J2/0"
    now = subprocess.run([sys.executable, "-c", "import datetime as dt; print(dt.datetime.now().astimezone().tzname())"],
                         capture_output=True, text=True, env=_env(tmp_path, TZ=tz), check=True).stdout.strip()
    p = subprocess.run([sys.executable, "-m", "ledgerwizard", "--lang", "en", "doctor", "--offline", "--json"],
                       capture_output=True, text=True, timeout=120, env=_env(tmp_path, TZ=tz))
    (clock,) = [c for c in json.loads(p.stdout)["checks"] if c["check"] == "clock"]
    assert f"(time zone {now}," in clock["detail"], (now, clock)
