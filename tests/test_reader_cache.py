"""The reader's cache on disk (issue 16): a later process gets exactly what reading the files gives, and never a
stale answer: a changed, truncated, replaced, renamed or deleted file is read again, a cache written by another
reader version or with other options is not used, and a damaged or foreign cache is rebuilt with a log line."""

import datetime as dt
import logging
import os
import shutil
import sqlite3
import stat
import sys
import zlib
from decimal import Decimal

import pytest
from saft_helpers import demo_locations, write

from ledgerwizard.adapters import readercache as cache_mod
from ledgerwizard.core.saft import reader as reader_mod
from ledgerwizard.adapters.readercache import ResultCache, decode, encode
from ledgerwizard.core.saft.reader import ReadOptions, read_archive, read_file
from ledgerwizard.core.saft.source import ExportSource

OLD = 1_600_000_000


def _folder(tmp_path, example_2021, example_2016):
    d = tmp_path / "exports"
    d.mkdir()
    write(d / "week-1.xml", demo_locations(dt.date(2026, 3, 1), 3), created=dt.datetime(2026, 3, 4, 2))
    write(d / "week-2.xml", demo_locations(dt.date(2026, 3, 4), 3, seed=9), created=dt.datetime(2026, 3, 7, 2))
    shutil.copy(example_2021, d / "ex2021.xml")
    shutil.copy(example_2016, d / "ex2016.xml")
    (d / "broken.xml").write_bytes(example_2021.read_bytes()[:3000])
    import zipfile

    with zipfile.ZipFile(d / "both.zip", "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a.xml", example_2021.read_bytes())
        zf.writestr("b.xml", b"<notes/>")
    for f in d.iterdir():
        os.utime(f, (OLD, OLD))
    return d


def _scan(d, cache, opts=None):
    src = ExportSource([d], opts, settle_seconds=0, disk_cache=ResultCache(cache) if cache is not None else None)
    return src, src.scan()


def _figures(res):
    return ([d.to_dict() for d in res.summaries()], sorted((p.path, p.render("en")) for p in res.problems),
            res.warnings, [o.to_dict() for o in res.open_days()])


@pytest.fixture
def folder(tmp_path, example_2021, example_2016):
    return _folder(tmp_path, example_2021, example_2016)


def test_a_later_process_gets_exactly_what_reading_gives(folder, tmp_path):
    cache = tmp_path / "profile" / "reader-cache.sqlite3"
    _, plain = _scan(folder, None)
    src1, first = _scan(folder, cache)
    assert src1.disk_cache.hits == 0 and src1.disk_cache.stored == 6
    src2, again = _scan(folder, cache)  # a new ExportSource: what a new `ledgerwizard run` process has
    assert src2.disk_cache.hits == 6 and src2.disk_cache.stored == 0
    assert _figures(plain) == _figures(first) == _figures(again)
    assert [f.path for f in again.files] == [f.path for f in plain.files]
    assert again.files == plain.files  # every window, aggregate, Z report and warning, not only the summaries
    if sys.platform != "win32":
        assert stat.S_IMODE(cache.stat().st_mode) == 0o600


def test_every_kind_of_result_survives_the_round_trip(folder):
    results = [read_file(folder / "week-1.xml"), read_file(folder / "ex2016.xml")] + read_archive(folder / "both.zip")
    back = decode(encode(results))
    files = [r for r in results if not isinstance(r, Exception)]
    errors = [r for r in results if isinstance(r, Exception)]
    assert [r for r in back if not isinstance(r, Exception)] == files
    (e,) = [r for r in back if isinstance(r, Exception)]
    assert type(e) is type(errors[0]) and e.to_dict() == errors[0].to_dict()
    assert [w.en for w in back[0].warnings] == [w.en for w in files[0].warnings]


def _rewrite_same_size_and_mtime(path, old, new):
    data = path.read_bytes()
    assert data.count(old) >= 1 and len(old) == len(new)
    path.write_bytes(data.replace(old, new, 1))
    os.utime(path, (OLD, OLD))


def test_a_changed_file_is_read_again_even_with_its_size_and_mtime_restored(folder, tmp_path):
    cache = tmp_path / "c.sqlite3"
    _scan(folder, cache)
    # a transaction's amount changed in the middle of the file: same size, the old modification time put back
    _rewrite_same_size_and_mtime(folder / "ex2021.xml", b"<transAmntIn>86.40<", b"<transAmntIn>96.40<")
    src, res = _scan(folder, cache)
    (changed,) = [f for f in res.files if f.path == str(folder / "ex2021.xml")]
    assert changed.windows[0].combined.total_in == Decimal("524.20")  # not the cached 514.20
    assert src.disk_cache.hits == 5


def test_the_fingerprint_catches_what_the_file_system_times_cannot(folder, tmp_path):
    """Where the change time is not a change time (Windows), the head and tail of the file still are."""
    cache = ResultCache(tmp_path / "c.sqlite3")
    p = folder / "ex2021.xml"
    st = p.stat()
    key = cache_mod.options_key(ReadOptions())
    cache.put(p, st, key, [read_file(p)])
    assert cache.get(p, st, key) is not None
    _rewrite_same_size_and_mtime(p, b"Selskapet ASA", b"Selskapet ASX")  # in the first 32 kB
    assert cache.get(p, st, key) is None  # the same stat, as a file system with coarse times would show


def test_a_truncated_file_is_read_again(folder, tmp_path):
    cache = tmp_path / "c.sqlite3"
    _scan(folder, cache)
    data = (folder / "week-2.xml").read_bytes()
    (folder / "week-2.xml").write_bytes(data[: len(data) // 2])
    os.utime(folder / "week-2.xml", (OLD, OLD))
    _, res = _scan(folder, cache)
    assert any(p.path.endswith("week-2.xml") and p.error.code == "incomplete_file" for p in res.problems)


def test_a_replaced_file_is_read_again(folder, tmp_path, example_2021):
    cache = tmp_path / "c.sqlite3"
    _scan(folder, cache)
    # another export of exactly the same size moved over it, with the same modification time
    other = tmp_path / "other.xml"
    other.write_bytes(example_2021.read_bytes().replace(b"Shop Frogner", b"Shop Fragner"))
    os.utime(other, (OLD, OLD))
    os.replace(other, folder / "ex2021.xml")
    _, res = _scan(folder, cache)
    assert "Location A: Shop Fragner" in {d.store for d in res.summaries()}
    assert "Location A: Shop Frogner" in {d.store for d in res.summaries()}  # still in both.zip


def test_renamed_and_deleted_files_are_never_served_from_the_cache(folder, tmp_path):
    cache = tmp_path / "c.sqlite3"
    _scan(folder, cache)
    os.rename(folder / "week-1.xml", folder / "week-1-renamed.xml")
    (folder / "week-2.xml").unlink()
    src, res = _scan(folder, cache)
    paths = {f.path for f in res.files}
    assert str(folder / "week-1-renamed.xml") in paths
    assert not {str(folder / "week-1.xml"), str(folder / "week-2.xml")} & paths
    assert all(w.source == str(folder / "week-1-renamed.xml") for f in res.files
               if f.path.endswith("renamed.xml") for w in f.windows)
    with sqlite3.connect(cache) as db:  # the rows of files that left the folder are gone
        rows = {r[0] for r in db.execute("SELECT path FROM files")}
    assert str(folder / "week-1.xml") not in rows and str(folder / "week-2.xml") not in rows
    assert str(folder / "week-1-renamed.xml") in rows


def test_another_reader_version_or_other_options_are_not_used(folder, tmp_path, monkeypatch):
    cache = tmp_path / "c.sqlite3"
    _scan(folder, cache)
    src, _ = _scan(folder, cache, ReadOptions(cutoff=dt.time(0, 0)))
    assert src.disk_cache.hits == 0 and src.disk_cache.stored == 6
    src, _ = _scan(folder, cache)
    assert src.disk_cache.hits == 6  # both option sets are kept side by side
    monkeypatch.setattr(reader_mod, "READER_VERSION", reader_mod.READER_VERSION + "-next")
    src, res = _scan(folder, cache)
    assert src.disk_cache.hits == 0 and src.disk_cache.stored == 6
    _, plain = _scan(folder, None)
    assert _figures(res) == _figures(plain)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "foreign", "older_format", "bad_row"])
def test_a_damaged_or_foreign_cache_is_rebuilt_with_a_log_line(folder, tmp_path, caplog, damage):
    cache = tmp_path / "c.sqlite3"
    _scan(folder, cache)
    _, plain = _scan(folder, None)
    if damage == "garbage":
        cache.write_bytes(b"this is not a database" * 100)
    elif damage == "truncated":
        cache.write_bytes(cache.read_bytes()[:1500])
    elif damage == "foreign":
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(f"{cache}{suffix}"):
                os.unlink(f"{cache}{suffix}")
        with sqlite3.connect(cache) as db:
            db.execute("CREATE TABLE files (path TEXT, secret TEXT)")
    elif damage == "older_format":
        with sqlite3.connect(cache) as db:
            db.execute("PRAGMA user_version = 0")
    else:
        with sqlite3.connect(cache) as db:
            db.execute("UPDATE files SET payload = ? WHERE path LIKE '%week-1.xml'",
                       (zlib.compress(b'[{"file": {"path": 1}}]'),))
    with caplog.at_level(logging.INFO, logger="ledgerwizard.reader"):
        src, res = _scan(folder, cache)
    assert _figures(res) == _figures(plain)
    assert any("reader cache" in r.getMessage() for r in caplog.records), caplog.records
    src, _ = _scan(folder, cache)  # rebuilt: the next process is served again
    assert src.disk_cache.hits == 6


def test_a_file_that_changes_while_it_is_read_or_just_did_is_not_kept(folder, tmp_path, monkeypatch):
    cache = tmp_path / "c.sqlite3"
    real = reader_mod.read_file

    def read_and_touch(path, opts=None):
        got = real(path, opts)
        with open(path, "ab") as fh:
            fh.write(b"\n")  # the POS appends while we read
        return got

    monkeypatch.setattr("ledgerwizard.core.saft.source.read_file", read_and_touch)
    _scan(folder, cache)
    with sqlite3.connect(cache) as db:  # the zip (read by read_archive) and the broken file (refused before the
        kept = {r[0] for r in db.execute("SELECT path FROM files")}  # POS touched it) were stable
    assert kept == {str(folder / "both.zip"), str(folder / "broken.xml")}
    monkeypatch.undo()
    fresh = folder / "fresh.xml"
    shutil.copy(folder / "ex2021.xml", fresh)  # modified just now: its time may not show the next change
    src, _ = _scan(folder, cache)
    with sqlite3.connect(cache) as db:
        assert db.execute("SELECT COUNT(*) FROM files WHERE path = ?", (str(fresh),)).fetchone()[0] == 0


def test_the_cache_is_bounded(folder, tmp_path, monkeypatch):
    cache = tmp_path / "c.sqlite3"
    monkeypatch.setattr(cache_mod, "MAX_BYTES", 3000)
    _scan(folder, cache)
    with sqlite3.connect(cache) as db:
        total, rows = db.execute("SELECT COALESCE(SUM(nbytes), 0), COUNT(*) FROM files").fetchone()
    assert total <= 3000 and rows < 6


def test_the_workspace_keeps_the_cache_in_the_profile(export_dir, tmp_path):
    from ledgerwizard.adapters.settings import Profile
    from ledgerwizard.services.days import Days
    from ledgerwizard.services.setup import init_profile
    from ledgerwizard.services.workspace import Workspace

    os.utime(next(export_dir.iterdir()), (OLD, OLD))
    profile = Profile.resolve(tmp_path / "profile")
    init_profile(Workspace(profile), export_dir)
    days, _ = Days(Workspace(profile)).store_days()
    assert profile.reader_cache_path.exists() and profile.reader_cache_path.parent == profile.data_dir
    ws = Workspace(profile)
    again, _ = Days(ws).store_days()
    assert [d.summary.to_dict() for d in again] == [d.summary.to_dict() for d in days]
    (src,) = ws.sources.values()
    assert src.disk_cache.hits == 1
