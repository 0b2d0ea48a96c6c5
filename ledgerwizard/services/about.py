"""What the About box says: the version, where to get support (the reseller's contact from the build
configuration, else the installer's), and what support will ask for (the log folder, ``doctor``'s report). No Qt:
the tray's and the wizard's About boxes and ``ledgerwizard --version`` show the same."""

from __future__ import annotations

import platform
import sys

from .. import __version__
from ..core.display import printable
from ..core.i18n import Text
from ..paths import build_config

_CONTACT_FIELDS = ("name", "phone", "email", "url")


def support_contact() -> dict[str, str]:
    """The reseller's support contact (``support`` in the build configuration): only the known fields, as text."""
    raw = build_config().get("support")
    if not isinstance(raw, dict):
        return {}
    return {k: printable(str(raw[k]), 200) for k in _CONTACT_FIELDS if isinstance(raw.get(k), (str, int)) and str(raw[k]).strip()}


def about(log_dir: str | None = None) -> Text:
    """The About box's text (plain text, both languages)."""
    contact = support_contact()
    if contact:
        who = "\n".join(f"  {contact[k]}" for k in _CONTACT_FIELDS if k in contact)
        support_nb, support_en = f"Støtte:\n{who}", f"Support:\n{who}"
    else:
        support_nb = "Støtte: kontakt forhandleren eller den som installerte ledgerwizard hos dere."
        support_en = "Support: contact the reseller or whoever installed ledgerwizard for you."
    where_nb = where_en = ""
    if log_dir:
        where_nb = f"\nLoggene ligger i {printable(log_dir, 300)}."
        where_en = f"\nThe logs are in {printable(log_dir, 300)}."
    runtime = f"Python {platform.python_version()}, {sys.platform}"
    return Text(
        f"ledgerwizard {__version__}\nDagsoppgjør fra kassesystemets SAF-T-eksport til regnskapet.\n\n{support_nb}\n"
        f"Legg ved rapporten fra «ledgerwizard doctor > rapport.txt» (den inneholder ingen nøkler).{where_nb}\n\n"
        f"{runtime}",
        f"ledgerwizard {__version__}\nThe daily voucher from the cash register's SAF-T export to the accounts.\n\n"
        f"{support_en}\nAttach the report from 'ledgerwizard doctor > report.txt' (it contains no keys).{where_en}\n\n"
        f"{runtime}")


__all__ = ["about", "support_contact"]
