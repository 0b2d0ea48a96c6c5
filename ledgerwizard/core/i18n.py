"""Bilingual texts for the core (bokmål first, English second).

The core has no Qt; the GUI uses Qt's translation tools for its own strings. Messages produced by the core
(errors, reconciliation findings) carry both languages so every surface (CLI, GUI, log, notification) can show
the user's language without a second lookup table.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

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


def current_language() -> str:
    lang = os.environ.get("LEDGERWIZARD_LANG", "").strip().lower()
    return "en" if lang.startswith("en") else "nb"
