"""Untrusted names are shown with their control characters escaped (a forged line or a cleared terminal)."""

from ledgerwizard.core.display import printable
from ledgerwizard.core.errors import BadInputError
from ledgerwizard.core.i18n import Text


def test_control_and_format_characters_are_escaped_letters_kept():
    assert printable("kasse\nSent: voucher 999") == "kasse\\x0aSent: voucher 999"
    assert printable("\x1b[2Jx") == "\\x1b[2Jx"
    assert printable("rapport\u202efdp.xml") == "rapport\\u202efdp.xml"
    assert printable("Bjørkås Café 1") == "Bjørkås Café 1"
    assert printable("\u0085\u2028") == "\\x85\\u2028"


def test_limit_cuts_with_an_ellipsis():
    assert printable("abcdefgh", 5) == "abcd…"
    assert printable("abc", 5) == "abc"


def test_an_error_naming_a_hostile_path_prints_it_on_one_line():
    e = BadInputError(Text("Ødelagt fil.", "Broken file."), path="exp\n\x1b[2JSent: voucher 999.xml")
    assert "\n" not in e.render("en").split("Broken file.")[0]
    assert "\x1b" not in e.render("nb") and "\x1b" not in str(e)


def test_a_time_stamp_is_shown_in_the_stores_time_whatever_zone_the_pc_is_in(monkeypatch):
    """The tray's menu and the status window both show a transfer's time with ``moment``: the same text for the
    same transfer, in Oslo time (the zone of the schedule and the business days), also on a PC set to another
    zone; a stamp without a zone is UTC, and a garbled one shows nothing rather than failing."""
    import time

    from ledgerwizard.core.display import moment

    if not hasattr(time, "tzset"):
        import pytest

        pytest.skip("the process time zone can only be changed on POSIX")
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:  # (the process's zone is put back as it was below, also when TZ was set before)
        assert moment("2026-12-02T21:30:00+00:00") == "02.12 22:30"  # winter: UTC+1
        assert moment("2026-07-01T21:30:00") == "01.07 23:30"  # summer: UTC+2; no zone means UTC
        assert moment("2026-12-31T23:30:00+00:00") == "01.01 00:30"  # the store's date, not the PC's
        assert moment("not a time") == moment(None) == ""
    finally:
        monkeypatch.undo()
        time.tzset()

