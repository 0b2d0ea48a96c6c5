"""Fuzzing the reader (issue 12): seeded mutants of the example files and of a zip of them. For every mutant the
reader either reads it or names the file and the problem (a ``LedgerWizardError``); never an unexpected
exception (the CLI's exit 70), never more than 10 s, never more than 300 MB of memory.

The mutants are read in a child process, one after the other: the parent waits at most 10 s for each (a hang in C
code cannot be interrupted from inside), and the child reports its peak RSS after each one. The seed and the
number of mutants can be changed (``LW_FUZZ_SEED``, ``LW_FUZZ_MUTANTS``) to look further; the defaults are fixed
so the suite is repeatable, and take about a minute on the project's 2-core machine.
"""

from __future__ import annotations

import io
import json
import os
import queue
import random
import re
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pytest

from conftest import EXAMPLE_2016, EXAMPLE_2021

ROOT = Path(__file__).resolve().parent.parent
SEED = int(os.environ.get("LW_FUZZ_SEED", "20261202"))
MUTANTS = int(os.environ.get("LW_FUZZ_MUTANTS", "1500"))
HANG_SECONDS = 10.0
RSS_LIMIT_MB = 300.0

HOSTILE_VALUES = [
    "1e999999999", "1E999999999", "-1e999999999", "NaN", "-Infinity", "sNaN", "1_000", "\u0661\u0660\u0660",
    "\uff11\uff10\uff10.\uff10\uff10", "9" * 30, "0." + "9" * 30, "-0", "", " ", "\t\n", "99999999999999999999",
    "999999999999999999.99", "-999999999999999999.99", "1e-999999999", "+-1", "0x1F", "true", "C", "D", "X",
    "x" * 100_000, "\u202e\u0007\x1b[2J", "2026-13-45", "25:61:61", "0000-00-00", "9999-12-31", "24:00:00",
    "0.0000001", "12,50", "1 000", "100.00.00", "&amp;&lt;", "<![CDATA[1]]>", "&#x1D7D9;", "\U0001d7d9",
]
INSERTS = [
    '<!DOCTYPE a [<!ENTITY x "y">]>', "<!-- " + "c" * 70_000 + " -->", "<![CDATA[<cashtransaction/>]]>",
    "<a:b:x/>", "<x:cashregister xmlns:x=\"urn:other\"><registerID>F</registerID></x:cashregister>",
    '<cashtransaction xmlns=""><nr>1</nr></cashtransaction>', "<" * 3, "&undefined;", "&#0;", "&#x110000;",
    "<e>" * 300 + "</e>" * 300, "<event><eventReport><reportType>Z report</reportType></eventReport></event>",
    "<cashtransaction><nr>77</nr><transAmntIn>1e999999999</transAmntIn></cashtransaction>",
    "<location><cashregister><registerID>N</registerID></cashregister></location>", "\u0000", "\ufeff",
]
_TEXT = re.compile(r">([^<>]*)</")
_NUMBER = re.compile(r"<(?:\w+:)?(?:\w*(?:Num|Amnt|Perc)|qnt|ppu|nr|\w*Date|\w*Time)>([^<>]*)</")
_TAG = re.compile(r"<(/?)([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")


def _generated() -> bytes:
    import datetime as dt

    from ledgerwizard_sandbox.saftgen import demo_locations, write_saft

    buf = io.StringIO()
    write_saft(buf, demo_locations(dt.date(2026, 3, 1), 2, seed=3), style="absolute")
    return buf.getvalue().encode("utf-8")


def _mutate_text(rng: random.Random, data: bytes) -> bytes:
    text = data.decode("utf-8", errors="surrogatepass")
    how = rng.randrange(7)
    if how == 0:  # a hostile value where a value was (half the time where a number, date or time was)
        pattern = _NUMBER if rng.random() < 0.5 else _TEXT
        for _ in range(rng.choice((1, 1, 2, 5))):
            spots = list(pattern.finditer(text)) or list(_TEXT.finditer(text))
            m = rng.choice(spots)
            text = text[:m.start(1)] + rng.choice(HOSTILE_VALUES) + text[m.end(1):]
    elif how == 1:  # an element renamed (open or close tag), or moved to another namespace
        spots = list(_TAG.finditer(text))
        m = rng.choice(spots)
        name = rng.choice(("cashregister", "cashtransaction", "event", "location", "company", "ctLine", "vat",
                           "payment", "x:" + m.group(3), "a:b:" + m.group(3), m.group(3).upper(), "auditfile"))
        text = text[:m.start(2) if m.group(2) else m.start(3)] + name + text[m.end(3):]
    elif how == 2:  # something hostile inserted between elements
        cuts = [m.start() for m in re.finditer("<", text)]
        at = rng.choice(cuts)
        text = text[:at] + rng.choice(INSERTS) + text[at:]
    elif how == 3:  # a slice of elements duplicated (copies, re-ordered Z reports, duplicated receipts)
        cuts = [m.start() for m in re.finditer("<", text)]
        a, b = sorted(rng.sample(cuts, 2))
        text = text[:b] + text[a:b] + text[b:]
    elif how == 4:  # a slice deleted
        cuts = [m.start() for m in re.finditer("<", text)]
        a, b = sorted(rng.sample(cuts, 2))
        if b - a > len(text) // 3:
            b = a + len(text) // 10
        text = text[:a] + text[b:]
    elif how == 5:  # the namespace changed or dropped
        text = text.replace("urn:StandardAuditFile-Taxation-CashRegister:NO",
                            rng.choice(("urn:StandardAuditFile-Taxation-CashRegister:DK", "", "x", "urn:other")),
                            rng.choice((1, -1)))
    else:  # a sign or type flipped everywhere
        a, b = rng.choice((("<amntTp>C<", "<amntTp>D<"), ("true<", "false<"), ("Z report", "X report"),
                           ("-", ""), (".", ","), ("<amntTp>D<", "<amntTp>C<")))
        text = text.replace(a, b)
    return text.encode("utf-8", errors="surrogatepass")


def _mutate_bytes(rng: random.Random, data: bytes) -> bytes:
    b = bytearray(data)
    how = rng.randrange(3)
    if how == 0:
        for _ in range(rng.choice((1, 2, 8, 32))):
            i = rng.randrange(len(b))
            b[i] = rng.randrange(256)
    elif how == 1:
        del b[rng.randrange(len(b)):]
    else:
        i = rng.randrange(len(b))
        b[i:i] = bytes(rng.randrange(256) for _ in range(rng.choice((1, 4, 64))))
    return bytes(b)


def _zip(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _mutants(corpus: dict[str, bytes], n: int, seed: int):
    rng = random.Random(seed)
    names = sorted(corpus)
    for i in range(n):
        kind = rng.random()
        if kind < 0.55:
            name = rng.choice(names)
            data = _mutate_text(rng, corpus[name])
            if rng.random() < 0.3:
                data = _mutate_text(rng, data)
            yield f"{i:05d}.xml", data
        elif kind < 0.75:
            yield f"{i:05d}.xml", _mutate_bytes(rng, corpus[rng.choice(names)])
        else:
            members = {n_: corpus[n_] for n_ in names}
            victim = rng.choice(names)
            members[victim] = _mutate_text(rng, members[victim])
            if rng.random() < 0.2:
                members["sub/dir/../" + victim] = corpus[victim]
            data = _zip(members, rng.choice((zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED, zipfile.ZIP_BZIP2)))
            if rng.random() < 0.5:
                data = _mutate_bytes(rng, data)
            yield f"{i:05d}.zip", data


_CHILD = r"""
import json, resource, sys, time, traceback
from pathlib import Path
resource.setrlimit(resource.RLIMIT_AS, (4 * 1024 ** 3, 4 * 1024 ** 3))  # a runaway mutant fails, not the machine
from ledgerwizard.core.errors import LedgerWizardError
from ledgerwizard.core.mapping import suggest
from ledgerwizard.core.saft.reader import read_archive, read_file
from ledgerwizard.core.saft.source import ExportSource, merge_windows
from ledgerwizard.core.voucher import build_voucher

def exercise(path):
    results = read_archive(path) if path.suffix == ".zip" else [read_file(path)]
    files = [r for r in results if not isinstance(r, LedgerWizardError)]
    res = ExportSource([path], settle_seconds=0).scan()  # the product's path, with its safety net
    if not files:
        return "refused"
    for d in res.summaries():
        json.dumps(d.to_dict())
        a = d.combined
        try:
            build_voucher(d, suggest(d.master, a.vat, a.groups, a.payments))
        except LedgerWizardError:
            pass
    return "read"

for line in sys.stdin:
    path = Path(line.strip())
    t0 = time.monotonic()
    try:
        outcome = exercise(path)
    except LedgerWizardError as e:
        outcome = "refused"
    except BaseException as e:
        outcome = "UNEXPECTED " + "".join(traceback.format_exception(e))[-3000:]
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"path": path.name, "outcome": outcome, "seconds": time.monotonic() - t0, "rss_mb": rss}),
          flush=True)
"""


class _Child:
    def __init__(self):
        env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
        self.p = subprocess.Popen([sys.executable, "-c", _CHILD], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL, text=True, env=env, cwd=ROOT)
        self.lines: queue.Queue = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self):
        for line in self.p.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def ask(self, path: Path, timeout: float) -> dict | None:
        self.p.stdin.write(f"{path}\n")
        self.p.stdin.flush()
        try:
            line = self.lines.get(timeout=timeout)
        except queue.Empty:
            return None
        return json.loads(line) if line else {"path": path.name, "outcome": "UNEXPECTED child died", "rss_mb": 0}

    def stop(self):
        self.p.kill()
        self.p.wait()


@pytest.mark.slow
def test_fuzzed_example_files_are_read_or_named_never_a_crash_a_hang_or_a_memory_blowup(tmp_path):
    corpus = {"2021.xml": EXAMPLE_2021.read_bytes(), "2016.xml": EXAMPLE_2016.read_bytes(),
              "generated.xml": _generated()}
    d = tmp_path / "mutants"
    d.mkdir()
    paths = []
    for name, data in _mutants(corpus, MUTANTS, SEED):
        p = d / name
        p.write_bytes(data)
        os.utime(p, (1_600_000_000, 1_600_000_000))
        paths.append(p)
    # the unmutated corpus must be read (else the fuzzing proves nothing), plain and zipped
    (d / "clean.zip").write_bytes(_zip(corpus))
    clean = [d / "clean.zip"]
    for name, data in corpus.items():
        (d / f"clean-{name}").write_bytes(data)
        clean.append(d / f"clean-{name}")

    failures, outcomes, peak = [], {}, 0.0
    child = _Child()
    try:
        for p in clean + paths:
            got = child.ask(p, HANG_SECONDS)
            if got is None:
                failures.append(f"{p.name}: no answer within {HANG_SECONDS:.0f} s (hang)")
                child.stop()
                child = _Child()
                continue
            outcomes[got["outcome"][:10]] = outcomes.get(got["outcome"][:10], 0) + 1
            if got["outcome"].startswith("UNEXPECTED"):
                failures.append(f"{p.name}: {got['outcome']}")
            if got["rss_mb"] > RSS_LIMIT_MB and peak <= RSS_LIMIT_MB:
                failures.append(f"{p.name}: peak RSS {got['rss_mb']:.0f} MB (limit {RSS_LIMIT_MB:.0f} MB)")
            peak = max(peak, got["rss_mb"])
            if p in clean:
                assert got["outcome"] == "read", (p.name, got)
    finally:
        child.stop()
    print(f"fuzz: seed {SEED}, {len(paths)} mutants, outcomes {outcomes}, peak RSS {peak:.0f} MB")
    assert not failures, "\n".join(failures[:20])
    # the mutants must reach both sides: some read, some refused
    assert outcomes.get("read", 0) > len(paths) // 10 and outcomes.get("refused", 0) > len(paths) // 10, outcomes
