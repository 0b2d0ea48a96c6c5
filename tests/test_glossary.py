"""One Norwegian word per thing (docs/glossary.md): the words the glossary says not to use appear in no text of the
program (its Python sources, whose Norwegian texts are the core's, and the GUI's Norwegian catalogue)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# (pattern, the word to use instead) — the "Not" column of docs/glossary.md
NOT = [
    (r"[Kk]assasystem", "kassesystem"),
    (r"[Kk]assaleverandør", "kasseleverandør"),
    (r"dagsoppgjer", "dagsoppgjør"),
    (r"[Rr]egnskapsprogram", "regnskapssystem"),
    (r"[Øø]konomisystem", "regnskapssystem"),
    (r"[Mm]omskode|[Aa]vgiftskode", "mva-kode"),
    (r"[a-zæøå,] MVA-kode", "mva-kode (lower case inside a sentence)"),
    (r"API-nøkkel", "nøkkel"),
    (r"\bz-rapport", "Z-rapport"),
    (r"[Bb]etalingstype", "betalingsmåte"),
    (r"[Vv]eiviser", "oppsett"),
    (r"[Ss]algsdag", "forretningsdag"),
    (r"[Kk]asseapparat", "kassesystem / kassen"),
    (r"[Mm]ellomkonto", "oppgjørskonto"),
]


def _texts():
    for p in sorted((ROOT / "ledgerwizard").rglob("*.py")):
        yield p, p.read_text(encoding="utf-8")
    ts = ROOT / "resources" / "i18n" / "ledgerwizard_nb.ts"
    yield ts, "\n".join(re.findall(r"<translation[^>]*>(.*?)</translation>", ts.read_text(encoding="utf-8"), re.S))


def test_the_glossarys_not_words_are_nowhere_in_the_programs_texts():
    found = []
    for path, text in _texts():
        for pattern, instead in NOT:
            for m in re.finditer(pattern, text):
                line = text.count("\n", 0, m.start()) + 1
                found.append(f"{path.relative_to(ROOT)}:{line}: «{m.group(0)}» (use {instead})")
    assert not found, "\n".join(found)


def test_the_glossary_lists_every_word_the_test_refuses():
    glossary = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    for _pattern, instead in NOT:
        assert instead.split(" ")[0] in glossary, instead
