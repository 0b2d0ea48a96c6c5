"""The text a window shows for a failure: ours (``LedgerWizardError``) as it renders itself, in the user's language;
anything else (a bug) never with Python's own message, but as ``crash.unexpected`` says it, with its report."""

from __future__ import annotations

from ..core.errors import LedgerWizardError


def error_text(error: BaseException, lang: str, profile=None) -> str:
    """``profile``: the window's ``adapters.settings.Profile`` (its log folder gets the report), or None."""
    if isinstance(error, LedgerWizardError):
        return error.render(lang)
    from ..crash import unexpected

    return unexpected(error, profile.config_dir if profile is not None and profile.custom else None).get(lang)


__all__ = ["error_text"]
