import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["LEDGERWIZARD_LANG"] = "nb"
# the user's folders (the default profile, the login's autostart entry) in a throw-away home: no test may start
# ledgerwizard at the developer's next login or leave a journal in their profile
_HOME = Path(tempfile.mkdtemp(prefix="lw-tests-home-"))
for _kind in ("CONFIG", "DATA", "STATE", "CACHE"):
    os.environ[f"XDG_{_kind}_HOME"] = str(_HOME / _kind.lower())
os.environ.pop("LEDGERWIZARD_PROFILE", None)
atexit.register(shutil.rmtree, _HOME, ignore_errors=True)

import keyring  # noqa: E402
import pytest  # noqa: E402
from keyring.backend import KeyringBackend  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_2021 = ROOT / "resources" / "examples" / "ExampleFile SAF-T Cash Register_999999999_20210330104000.xml"
EXAMPLE_2016 = ROOT / "tests" / "data" / "ExampleFile SAF-T Cash Register_999999999_20161125210734.xml"


class MemoryKeyring(KeyringBackend):
    """A secure-looking in-memory backend for tests that do not exercise the OS keyring."""

    priority = 1

    def __init__(self):
        super().__init__()
        self.store = {}

    def set_password(self, service, username, password):
        self.store[(service, username)] = password

    def get_password(self, service, username):
        return self.store.get((service, username))

    def delete_password(self, service, username):
        self.store.pop((service, username), None)


@pytest.fixture(autouse=True)
def memory_keyring(request):
    if request.node.get_closest_marker("keyring_real"):
        yield None
        return
    previous = keyring.get_keyring()
    kr = MemoryKeyring()
    keyring.set_keyring(kr)
    yield kr
    keyring.set_keyring(previous)


@pytest.fixture
def example_2021():
    return EXAMPLE_2021


@pytest.fixture
def example_2016():
    return EXAMPLE_2016


@pytest.fixture
def export_dir(tmp_path):
    """An export folder holding Skatteetaten's 2021 example."""
    d = tmp_path / "export"
    d.mkdir()
    shutil.copy(EXAMPLE_2021, d / EXAMPLE_2021.name)
    old = 1_600_000_000
    os.utime(d / EXAMPLE_2021.name, (old, old))
    return d


def pytest_addoption(parser):
    parser.addoption("--all", action="store_true",
                     help="also run the tests marked slow (scripts/test.sh, the README's test command and CI, does)")


def pytest_collection_modifyitems(config, items):
    """A plain ``pytest`` is the fast local run: the tests marked slow (the bundle build, the fuzz run, a month of
    scheduling, the fault loops) are left out unless ``--all`` is given or ``-m`` chooses markers."""
    if config.getoption("--all") or config.getoption("markexpr"):
        return
    slow = [i for i in items if i.get_closest_marker("slow") is not None]
    if slow:
        config.hook.pytest_deselected(items=slow)
        items[:] = [i for i in items if i.get_closest_marker("slow") is None]
