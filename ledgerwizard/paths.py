"""Where bundled resources live: in a source checkout, an installed wheel, or a PyInstaller bundle."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path


@cache
def resources_dir() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    checkout = Path(__file__).resolve().parent.parent / "resources"
    if checkout.is_dir():
        return checkout
    from importlib.resources import files

    return Path(str(files("ledgerwizard.resources")))


def example_file() -> Path:
    """Skatteetaten's 2021 example export (one store, one day): the demo and the tests use it."""
    return resources_dir() / "examples" / "ExampleFile SAF-T Cash Register_999999999_20210330104000.xml"


def build_config() -> dict:
    """The release build's configuration (``resources/build_config.json``, written by the build, never committed):
    the integration's own keys and the reseller's support contact. ``{}`` when there is none or it is unreadable.
    Read once per version of the file (the keys step asks on every change of a store's row)."""
    p = resources_dir() / "build_config.json"
    try:
        st = p.stat()
    except OSError:
        return {}
    return dict(_read_build_config(str(p), st.st_mtime_ns, st.st_size))


@cache
def _read_build_config(path: str, _mtime_ns: int, _size: int) -> dict:
    import json

    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
