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
