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
