"""The text a window shows for a failure: ours (``LedgerWizardError``) as it renders itself, in the user's language;
anything else (a bug) never with Python's own message, but as ``crash.unexpected`` says it, with its report."""

from __future__ import annotations

from ..core.errors import LedgerWizardError
from ..core.i18n import Text


def error_message(error: BaseException, profile=None) -> Text:
    """Both languages (one crash report for a bug, however many languages are shown). ``profile``: the window's
    ``adapters.settings.Profile`` (its log folder gets the report), or None."""
    if isinstance(error, LedgerWizardError):
        return Text(error.render("nb"), error.render("en"))
    from ..crash import unexpected

    return unexpected(error, profile.config_dir if profile is not None and profile.custom else None)


def error_text(error: BaseException, lang: str, profile=None) -> str:
    return error_message(error, profile).get(lang)


__all__ = ["error_message", "error_text"]
