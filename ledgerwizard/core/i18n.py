"""Bilingual texts for the core (bokmål first, English second).

The core has no Qt; the GUI uses Qt's translation tools for its own strings. Messages produced by the core
(errors, reconciliation findings) carry both languages so every surface (CLI, GUI, log, notification) can show
the user's language without a second lookup table.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

LANGUAGES = ("nb", "en")


@dataclass(frozen=True)
class Text:
    nb: str
    en: str

    def get(self, lang: str | None = None) -> str:
        lang = lang or current_language()
        return self.en if lang == "en" else self.nb

    def format(self, **kw) -> "Text":
        return Text(self.nb.format(**kw), self.en.format(**kw))

    def __str__(self) -> str:  # the user's language
        return self.get()


_override: list[str] = []


def current_language() -> str:
    """The user's language: an explicit choice (``use_language``), else $LEDGERWIZARD_LANG, else bokmål."""
    if _override:
        return _override[-1]
    lang = os.environ.get("LEDGERWIZARD_LANG", "").strip().lower()
    return "en" if lang.startswith("en") else "nb"


@contextmanager
def use_language(lang: str | None) -> Iterator[None]:
    if lang is None:
        yield
        return
    _override.append("en" if lang.startswith("en") else "nb")
    try:
        yield
    finally:
        _override.pop()
