"""Builds the PyInstaller one-folder bundle on Linux (build_installer.spec) once, and checks it: its self-test
(keyring backend, Qt platform plugin, translations, TLS certificates, resources), a transfer run from the bundle,
and that the emulators (ledgerwizard_sandbox) are not in it. Whether to skip is decided before anything is built."""

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PYINSTALLER = Path(sys.executable).parent / "pyinstaller"
ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    """The built one-folder bundle (dist/ledgerwizard), built once for this module's tests, the way a release is built
    (docs/windows.md): by a Python that has the dependencies but not ledgerwizard itself, which PyInstaller finds
    through the spec's path. Here: a throw-away venv that sees this venv's packages, but not the project's editable
    install (its import hook is not run). Built with the project installed, a spec that imports the package to list
    its modules looks right here and leaves them out on the release PC and under Wine."""
    if not PYINSTALLER.exists():
        pytest.skip("PyInstaller is not installed")
    tmp = tmp_path_factory.mktemp("bundle")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(tmp / "venv")], check=True, timeout=120)
    (site,) = (tmp / "venv").glob("lib/python*/site-packages")
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    python = tmp / "venv" / "bin" / "python"
    probe = subprocess.run([str(python), "-P", "-c", "import PyInstaller, PySide6; import ledgerwizard"],
                           capture_output=True, text=True, timeout=60, cwd=tmp)
    assert "No module named 'ledgerwizard'" in probe.stderr, probe.stderr  # the build's Python has no ledgerwizard
    build = subprocess.run([str(python), "-P", "-m", "PyInstaller", "--noconfirm", "--log-level", "ERROR",
                            "--distpath", str(tmp / "dist"), "--workpath", str(tmp / "build"),
                            str(ROOT / "build_installer.spec")],
                           capture_output=True, text=True, timeout=900, cwd=ROOT)
    assert build.returncode == 0, build.stderr[-3000:]
    return tmp / "dist" / "ledgerwizard"


def _bundled_modules(bundle) -> list[str]:
    """The Python modules in the bundle's archive (what the frozen program can import)."""
    listing = subprocess.run([str(PYINSTALLER.parent / "pyi-archive_viewer"), "--recursive", "--brief",
                              str(bundle / "ledgerwizard-console")], capture_output=True, text=True, timeout=300)
    assert listing.returncode == 0, listing.stderr[-2000:]
    return listing.stdout.split()


@pytest.mark.slow
def test_the_customers_bundle_has_no_emulators_and_says_so(bundle):
    """The sandbox (emulators, fault injection, sample-data generator) is not in the build: not a module, not a
    file; its commands say plainly that it is not part of this build."""
    names = _bundled_modules(bundle)
    assert "ledgerwizard.connectors.registry" in names and "ledgerwizard.connectors.tripletex" in names
    assert not [n for n in names if "sandbox" in n], [n for n in names if "sandbox" in n]
    files = [str(f.relative_to(bundle)) for f in bundle.rglob("*")]
    assert not [f for f in files if "sandbox" in f or "openapi" in f]
    for argv in (["sandbox", "poweroffice"], ["demo", "--text"]):
        run = subprocess.run([str(bundle / "ledgerwizard-console"), "--lang", "en", *argv], capture_output=True,
                             text=True, timeout=120, env=ENV)
        assert run.returncode == 2 and "is not part of this build" in run.stderr, run.stdout + run.stderr[-2000:]


@pytest.mark.slow
@pytest.mark.skipif(os.environ.get("LW_REQUIRE_REAL_KEYRING") != "1",
                    reason="the self-test needs a running Secret Service (CI starts gnome-keyring)")
def test_frozen_bundle_passes_its_selftest(bundle, tmp_path):
    exe = bundle / "ledgerwizard-console"
    env = ENV
    run = subprocess.run([str(exe), "--selftest"], capture_output=True, text=True, timeout=120, env=env)
    assert run.returncode == 0 and "✗" not in run.stdout, run.stdout + run.stderr[-2000:]
    assert "SecretService" in run.stdout and "ledgerwizard_nb.qm" in run.stdout
    summary = subprocess.run([str(exe), "--lang", "en", "summary", str(ROOT / "resources" / "examples"), "--json"],
                             capture_output=True, text=True, timeout=120, env=env)
    assert summary.returncode == 0 and '"total": "514.20"' in summary.stdout
    # the tray's transfer run, as the frozen tray starts it (the windowed executable, keys over stdin), against the
    # loopback PowerOffice emulator: XML, HTTP and the journal all work from inside the bundle
    from ledgerwizard.adapters.secrets import MemorySecretStore
    from ledgerwizard.adapters.settings import Profile
    from ledgerwizard.core.runreport import RunReport
    from ledgerwizard_sandbox import start_sandbox
    from ledgerwizard.services.setup import init_profile
    from ledgerwizard.services.workspace import Workspace

    export = tmp_path / "export"
    export.mkdir()
    (export / "x.xml").write_bytes(next((ROOT / "resources" / "examples").glob("*.xml")).read_bytes())
    os.utime(export / "x.xml", (1_600_000_000, 1_600_000_000))
    emu, clients = start_sandbox("poweroffice")
    try:
        prof = Profile.resolve(tmp_path / "profile")
        st = init_profile(Workspace(prof), export, system="poweroffice", environment="sandbox")
        st.companies[0].options = {"base_url": emu.url}
        Workspace(prof).save(st)
        keys = MemorySecretStore()
        keys.set("poweroffice", "c1", clients[0][1])
        gui = bundle / "ledgerwizard"
        rp = subprocess.run([str(gui), "--profile", str(prof.config_dir), "run", "--report", str(tmp_path / "r.json"),
                             "--latest", "--source", "send-now", "--keys-stdin"], input=keys.handover(),
                            capture_output=True, text=True, timeout=120, env=env)
        assert rp.returncode == 0, rp.stdout + rp.stderr[-2000:]
        rep = RunReport.read(tmp_path / "r.json")
        assert [o.status for o in rep.outcomes] == ["sent"] and len(emu.clients[next(iter(emu.clients))].vouchers) == 1
    finally:
        emu.stop()
    size = sum(f.stat().st_size for f in bundle.rglob("*") if f.is_file())
    print(f"bundle: {size / 1e6:.0f} MB")


def _modules_imported_by_name() -> dict[str, set[str]]:
    """What the program imports by name at run time (PyInstaller cannot follow it), found through the program itself:
    the connector of every system in the ledger registry, the widget of every step of the setup's flow, and every part
    of the tray and every command group of the CLI (module files of their packages)."""
    import pkgutil

    import ledgerwizard.cli
    import ledgerwizard.ui.tray
    from ledgerwizard.connectors import registry
    from ledgerwizard.setup.flow import STEPS
    from ledgerwizard.ui.steps import step_class

    def package(pkg) -> set[str]:
        return {pkg.__name__} | {f"{pkg.__name__}.{m.name}" for m in pkgutil.iter_modules(pkg.__path__)}

    return {"connectors": {s.connector.partition(":")[0] for s in registry.SYSTEMS},
            "steps": {step_class(sid).__module__ for sid in STEPS},
            "tray": package(ledgerwizard.ui.tray), "cli": package(ledgerwizard.cli)}


@pytest.mark.slow
def test_the_bundle_has_every_module_the_program_imports_by_name(bundle):
    """A module imported by name that is not in the bundle fails only when it is reached (a step of the wizard after
    the first, one accounting system): each is in the archive, as is every other module of the program's package."""
    names = set(_bundled_modules(bundle))
    by_name = _modules_imported_by_name()
    assert all(by_name.values()), by_name
    missing = {group: sorted(mods - names) for group, mods in by_name.items() if mods - names}
    assert not missing, missing
    package = {".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
               for p in (ROOT / "ledgerwizard").rglob("*.py")} - {"ledgerwizard.__main__"}
    assert not package - names, sorted(package - names)


def test_the_bundle_pins_every_connector_the_registry_opens():
    """The registry imports each system's connector by name, which PyInstaller cannot see: the spec makes every module
    of the ledgerwizard package a hidden import (the built bundle is checked above), so each connector is one of its
    files, never an emulator's; and the emulators' package is excluded from the build."""
    from ledgerwizard.connectors import registry

    for s in registry.SYSTEMS:
        module = s.connector.partition(":")[0]
        assert module.startswith("ledgerwizard.") and (ROOT / (module.replace(".", "/") + ".py")).is_file(), s.id
    spec = (ROOT / "build_installer.spec").read_text(encoding="utf-8")
    assert 'hidden = list(_package_modules("ledgerwizard"))' in spec
    assert '"ledgerwizard_sandbox"' in spec.split("excludes=", 1)[1].split("]", 1)[0]


def test_the_installer_runs_only_commands_the_program_has():
    """The Inno Setup script cannot be compiled here (no Windows): at least every command line it gives the program
    (after install, at login, at uninstall) must be one the program accepts."""
    import re
    import shlex

    from ledgerwizard import cli

    iss = (ROOT / "installer" / "ledgerwizard.iss").read_text(encoding="utf-8")
    given = re.findall(r'Filename: "\{app\}\\ledgerwizard\.exe"; Parameters: "([^"]*)"', iss)
    given += re.findall(r'ledgerwizard(?:-console)?\.exe""? ([^";]*)"', iss)  # the Run key's value
    given += re.findall(r"ledgerwizard-console\.exe'\), '([^']*)'", iss)  # the [Code] section's Exec
    # the login's --tray (the Run value, and the tray started again after an upgrade), the wizard after installing,
    # and the [Code] section's: the tray stopped before files are replaced or removed, the keys deleted on request
    assert sorted(given) == ["--tray", "--tray", "key --all --forget", "setup", "tray --quit"], given
    for args in given:
        if args == "--tray":  # the login's entry, taken before the command line (ledgerwizard.launch)
            continue
        cli.build_parser().parse_args(shlex.split(args))  # raises (UsageError) on a command it does not have
    icon = re.search(r'\[Icons\]\s*\nName: [^;]+; Filename: "\{app\}\\ledgerwizard\.exe"\s*\n', iss)
    assert icon, "the Start menu's shortcut starts the program without arguments (ledgerwizard.launch)"


def test_the_uninstaller_removes_exactly_the_folders_the_program_uses_on_windows(monkeypatch):
    """The profile's folders on Windows (platformdirs, as Profile.resolve asks for them) all lie under the one folder
    the uninstaller deletes when asked, and the program's own install folder is not among them."""
    import re

    import platformdirs.windows

    from ledgerwizard.adapters.settings import APP

    local = r"C:\Users\Kari Nordmann\AppData\Local"
    monkeypatch.setattr(platformdirs.windows, "get_win_folder",
                        lambda csidl: {"CSIDL_LOCAL_APPDATA": local, "CSIDL_APPDATA": local[:-5] + "Roaming"}[csidl])
    d = platformdirs.windows.Windows(APP, appauthor=False)
    iss = (ROOT / "installer" / "ledgerwizard.iss").read_text(encoding="utf-8")
    (deleted,) = re.findall(r"DelTree\(ExpandConstant\('([^']*)'\)", iss)
    deleted = deleted.replace("{localappdata}", local)
    for folder in (d.user_config_dir, d.user_data_dir, d.user_log_dir):
        assert folder.replace("/", "\\").startswith(deleted + "\\") or folder.replace("/", "\\") == deleted, folder
    install = re.search(r"DefaultDirName=(.*)", iss).group(1).replace("{localappdata}", local)
    assert not install.startswith(deleted + "\\")  # deleting the settings never touches the program


def test_the_uninstaller_removes_the_login_entry_and_windows_switch_for_it():
    import re

    from ledgerwizard.adapters import osintegration

    iss = (ROOT / "installer" / "ledgerwizard.iss").read_text(encoding="utf-8")
    consts = dict(re.findall(r"^  (\w+) = '([^']*)';$", iss, re.M))  # the [Code] section's constants
    uninstall = iss[iss.index("procedure CurUninstallStepChanged"):]
    removed = [(consts.get(k, k.strip("'")), v)
               for k, v in re.findall(r"RegDeleteValue\(HKCU, ('[^']*'|\w+), '([^']*)'\)", uninstall)]
    assert sorted(removed) == sorted([(osintegration.RUN_KEY, "ledgerwizard"),
                                      (osintegration.STARTUP_APPROVED_KEY, "ledgerwizard")])


def test_the_installer_takes_the_program_s_version():
    """One version: pyproject's, the package's, and the installer's (from the command line or the bundle, never a
    literal in the script that would override /DAppVersion)."""
    import re
    import tomllib

    from ledgerwizard import __version__

    assert tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"] == __version__
    iss = (ROOT / "installer" / "ledgerwizard.iss").read_text(encoding="utf-8")
    open_blocks, defines = [], []  # the preprocessor's #if blocks around each "#define AppVersion"
    for line in iss.splitlines():
        directive = line.strip()
        if directive.startswith(("#if", "#ifdef", "#ifndef")):
            open_blocks.append(directive)
        elif directive.startswith("#endif"):
            open_blocks.pop()
        elif re.match(r"#define AppVersion\b", directive):
            defines.append(list(open_blocks))
    assert defines and all("#ifndef AppVersion" in blocks for blocks in defines), "only when not given: " + str(defines)
    assert re.search(r"#define AppVersion GetFileProductVersion\(AppExe\)", iss)
    assert "OutputBaseFilename=ledgerwizard-setup-{#AppVersion}" in iss and "AppVersion={#AppVersion}" in iss
