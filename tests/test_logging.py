"""The log files: an untrusted value (a file or store name from an export) can never forge a log line."""

import logging

import pytest

from ledgerwizard.adapters import osintegration

FORGED = "x.xml\n2026-12-01 06:00:00,000 INFO ledgerwizard.run: s1 2026-11-30: sent, voucher 999"


@pytest.fixture
def log_file(tmp_path):
    """A logger writing through the project's handler, set up as setup_logging sets it up."""
    h = osintegration.SizeRotatingFileHandler(tmp_path / "t.log", max_bytes=1_000_000, backups=1)
    h.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    h.addFilter(osintegration.RedactingFilter())
    lg = logging.getLogger("ledgerwizard.test-escaping")
    lg.addHandler(h)
    lg.setLevel(logging.INFO)
    lg.propagate = False
    yield lg, tmp_path / "t.log"
    lg.removeHandler(h)
    h.close()


def test_a_name_with_a_line_break_stays_on_its_line(log_file):
    lg, path = log_file
    lg.info("file %s skipped", FORGED)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 and "\\x0a2026-12-01 06:00:00,000 INFO" in lines[0]
    assert not any(ln.startswith("2026-12-01 06:00:00,000") for ln in lines)


def test_escape_sequences_and_other_controls_are_escaped(log_file):
    lg, path = log_file
    lg.warning("store %s: %s", "Kafé\x1b[2J\r\u2028Frogner", "ok")
    text = path.read_text(encoding="utf-8")
    assert "\x1b" not in text and "\r" not in text and "\u2028" not in text
    assert "Kafé\\x1b[2J\\x0d\\u2028Frogner: ok" in text and text.count("\n") == 1


def test_a_message_without_arguments_is_escaped_too(log_file):
    lg, path = log_file
    lg.info(f"read {FORGED}")  # (an f-string: the value is in the message itself)
    assert len(path.read_text(encoding="utf-8").splitlines()) == 1


def test_a_traceback_keeps_its_line_breaks_but_not_its_escapes(log_file):
    lg, path = log_file
    try:
        raise ValueError("bad member \x1b]0;title\x07\u2028 in the zip")
    except ValueError:
        lg.exception("run failed for %s", FORGED)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert "run failed for x.xml\\x0a2026-12-01" in lines[0]
    assert lines[1] == "Traceback (most recent call last):" and len(lines) >= 4
    assert lines[-1] == "ValueError: bad member \\x1b]0;title\\x07\\u2028 in the zip"
    assert "\x1b" not in "".join(lines) and "\x07" not in "".join(lines)


def test_secrets_are_still_redacted(log_file):
    lg, path = log_file
    lg.info("key for %s: client_key=%s", "c1\nx", "11111111-2222-3333-4444-555555555555")
    text = path.read_text(encoding="utf-8")
    assert "1111" not in text and "client_key=***" in text and text.count("\n") == 1
