"""Errors are data: each failure a user can see has a stable code, a message and a next step in both languages.

Nothing here ever contains a secret: messages are built from codes, file names and amounts only.
"""

from __future__ import annotations

from pathlib import Path

from .display import printable
from .i18n import Text


class LedgerWizardError(Exception):
    """Base for every error a user may see. ``code`` is stable (tests, logs, support)."""

    code = "error"
    technical = ""  # a library's own message, for the log only (never shown: it is not in the user's language)

    def __init__(self, message: Text, hint: Text | None = None, *, path: str | Path | None = None,
                 details: list[str] | None = None):
        self.message = message
        self.hint = hint
        self.path = str(path) if path is not None else None
        self.details = list(details or [])
        super().__init__(self.render("en"))

    def render(self, lang: str | None = None) -> str:
        parts = []
        if self.path:
            parts.append(f"{printable(self.path)}: ")
        parts.append(self.message.get(lang))
        text = "".join(parts)
        if self.details:
            text += "\n" + "\n".join(f"  - {d}" for d in self.details)
        if self.hint:
            text += "\n" + self.hint.get(lang)
        return text

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "path": self.path,
            "message": {"nb": self.message.nb, "en": self.message.en},
            "hint": {"nb": self.hint.nb, "en": self.hint.en} if self.hint else None,
            "details": self.details,
        }


class BadInputError(LedgerWizardError):
    """The export file is malformed, hostile or not SAF-T Cash Register. Nothing is sent."""

    code = "bad_input"


class HostileXmlError(BadInputError):
    code = "hostile_xml"


class IncompleteFileError(BadInputError):
    """The file is (still) not well-formed; a POS may still be writing it."""

    code = "incomplete_file"


class UnmappedError(LedgerWizardError):
    """The voucher would have blank accounts. ``missing`` lists exactly what to map."""

    code = "unmapped"

    def __init__(self, missing: list[str], store: str):
        self.missing = list(missing)
        super().__init__(
            Text(f"Bilaget for {store} kan ikke lages: {len(missing)} ting mangler konto.",
                 f"The voucher for {store} cannot be built: {len(missing)} items have no account."),
            Text("Åpne innstillingene og velg konto for hver linje over. Det kan ikke være blanke kontoer.",
                 "Open the settings and choose an account for each item above. There can be no blank accounts."),
            details=missing,
        )


class UnbalancedDataError(LedgerWizardError):
    """The POS data does not add up (payments ≠ sales): refuse rather than post a plug."""

    code = "unbalanced"


class SettingsError(LedgerWizardError):
    code = "settings"


class KeyringUnavailableError(LedgerWizardError):
    code = "no_keyring"


class JournalError(LedgerWizardError):
    code = "journal"


class UsageError(LedgerWizardError):
    code = "usage"
