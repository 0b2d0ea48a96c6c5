"""The registry of ledger systems (issue 17): every system is one entry, and everything that lists the systems (the
CLI, the settings' check and schema, the wizard's pages, the sandbox) reads it; the customer's build, which has no
sandbox, says so plainly instead of failing."""

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import pytest

from ledgerwizard.adapters.secrets import Secret
from ledgerwizard.adapters.settings import Company, Settings
from ledgerwizard.cli import main
from ledgerwizard.connectors import open_connector, registry
from ledgerwizard.connectors.base import Connector
from ledgerwizard.connectors.integration import IntegrationKeys
from ledgerwizard.core.errors import SettingsError, UsageError
from ledgerwizard.core.transfer import LedgerError
from ledgerwizard.setup.model import key_problem

ROOT = Path(__file__).resolve().parent.parent
SYSTEM_IDS = ["poweroffice", "tripletex", "xledger", "duett"]


def test_the_four_systems_and_what_each_entry_says():
    assert list(registry.ids()) == SYSTEM_IDS
    assert [registry.name(s) for s in SYSTEM_IDS] == ["PowerOffice GO", "Tripletex", "Xledger", "Duett"]
    assert registry.name("visma") == "visma"  # an unknown id is shown as it is, never a crash
    fields = {f.name for f in dataclasses.fields(IntegrationKeys)}
    for s in registry.SYSTEMS:
        assert s.key_steps.nb and s.key_steps.en and s.key_steps.nb != s.key_steps.en, s.id
        assert s.description.nb.startswith(s.name.split()[0]) and s.description.en.startswith(s.name.split()[0])
        assert set(s.environments) == {"production", "demo"}
        assert set(s.integration_keys) <= fields, s.id
    caps = {s.id: s.capabilities for s in registry.SYSTEMS}
    assert [c.unique_reference for c in caps.values()] == [True, False, False, True]  # docs/architecture.md's table
    assert [c.attachments for c in caps.values()] == [True, True, False, False]
    assert [c.sales_orders for c in caps.values()] == [True, True, False, False]  # issue 15: Xledger, Duett: no


@pytest.mark.parametrize("system", SYSTEM_IDS)
def test_each_entry_opens_its_own_connector_with_its_capabilities(system):
    s = registry.get(system)
    con = open_connector(Company("c1", system, "sandbox", options={"base_url": "http://127.0.0.1:9"}),
                         client_key=Secret("k" * 36))
    try:
        assert isinstance(con, Connector) and type(con) is s.connector_class()
        assert con.system_id == system and con.display_name == s.name
        assert con.unique_reference is s.capabilities.unique_reference
        overrides_attach = type(con)._attach is not Connector._attach
        assert overrides_attach is s.capabilities.attachments
        overrides_orders = type(con)._submit_order is not Connector._submit_order
        assert overrides_orders is s.capabilities.sales_orders
    finally:
        con.close()


def test_errors_carry_the_display_name_not_the_id():
    con = open_connector(Company("c1", "poweroffice", "sandbox", options={"base_url": "http://127.0.0.1:9"}),
                         client_key=Secret("k"), sleep=lambda s: None, retries=0)
    with pytest.raises(LedgerError) as e:
        con.verify()
    assert e.value.message.nb.startswith("PowerOffice GO: ") and e.value.message.en.startswith("PowerOffice GO: ")


def test_an_unknown_system_is_a_settings_error_in_both_languages():
    with pytest.raises(SettingsError) as e:
        open_connector(Company("c1", "visma", "production"), client_key=Secret("x"))
    assert "visma" in e.value.render("nb") and "Ukjent" in e.value.render("nb")
    assert "Unknown accounting system" in e.value.render("en") and "poweroffice" in e.value.hint.en
    with pytest.raises(ValueError) as e:
        Settings.from_dict({"version": 1, "companies": [{"id": "c1", "system": "visma"}]})
    assert "poweroffice, tripletex, xledger, duett" in str(e.value)


@pytest.mark.parametrize("system", ["poweroffice", "tripletex", "duett"])
def test_a_build_without_the_integrations_own_keys_names_the_system(system, monkeypatch):
    for name in ("POWEROFFICE_APP_KEY", "POWEROFFICE_SUBSCRIPTION_KEY", "TRIPLETEX_CONSUMER_TOKEN", "DUETT_INTEGRATION_KEY"):
        monkeypatch.delenv(f"LEDGERWIZARD_{name}", raising=False)
    with pytest.raises(SettingsError) as e:
        open_connector(Company("c1", system, "production"), client_key=Secret("x" * 36))
    assert registry.name(system) in e.value.render("nb") and "this build" in e.value.render("en")
    assert e.value.hint is not None


def test_no_key_in_the_keyring_names_the_system_and_the_command():
    with pytest.raises(SettingsError) as e:
        open_connector(Company("c7", "tripletex", "production"))
    assert "Tripletex (selskap c7)" in e.value.render("nb") and "ledgerwizard key --company c7" in e.value.render("en")


def test_the_key_shape_comes_from_the_registry():
    assert key_problem("poweroffice", "0000").en.startswith("A PowerOffice client key looks like")
    assert key_problem("poweroffice", "00000000-0000-0000-0000-000000000000") is None
    for system in ("tripletex", "xledger", "duett"):
        assert key_problem(system, "short").en == "The key is too short. Copy the whole key."
        assert key_problem(system, "x" * 16) is None


def test_the_settings_schema_and_the_cli_offer_exactly_the_registrys_systems(capsys):
    schema = json.loads((ROOT / "resources" / "settings.schema.json").read_text(encoding="utf-8"))
    assert schema["$defs"]["company"]["properties"]["system"]["enum"] == SYSTEM_IDS
    from ledgerwizard import cli

    for argv in (["init", "x", "--system", "visma"], ["sandbox", "visma"]):
        with pytest.raises(UsageError) as e:
            cli.build_parser().parse_args(argv)
        assert "visma" in e.value.render("en") and all(s in e.value.render("en") for s in SYSTEM_IDS)


def test_the_wizard_lists_the_registrys_systems_with_their_texts(qtbot, tmp_path):
    from ledgerwizard.adapters.settings import Profile
    from ledgerwizard.services.workspace import Workspace
    from ledgerwizard.ui.wizard import SetupWizard
    from ledgerwizard.setup.model import SetupModel

    w = SetupWizard(Workspace(Profile.resolve(tmp_path / "p")), SetupModel(language="en"))
    qtbot.addWidget(w)
    page = w.steps[2]
    assert [r.text().replace("&", "") for r in page.radios.values()] == ["PowerOffice GO", "Tripletex", "Xledger", "Duett"]
    assert all("&" in r.text() for r in page.radios.values())  # each with an Alt+letter of its own
    assert [page.descs[s].text() for s in SYSTEM_IDS] == [registry.get(s).description.en for s in SYSTEM_IDS]
    assert [page.env.itemData(i) for i in range(page.env.count())] == ["production", "demo", "sandbox"]
    page.radios["xledger"].setChecked(True)
    keys = w.steps[3]
    keys.retranslate()
    assert keys.steps.text() == registry.get("xledger").key_steps.en


# --- a build without the sandbox ---------------------------------------------------------------------------------

@pytest.fixture
def no_sandbox(monkeypatch):
    """As in the customer's build: the ledgerwizard_sandbox package cannot be imported."""
    for name in [m for m in sys.modules if m == "ledgerwizard_sandbox" or m.startswith("ledgerwizard_sandbox.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "ledgerwizard_sandbox", None)


def test_without_the_sandbox_its_commands_say_it_is_not_part_of_this_build(no_sandbox, capsys, tmp_path):
    assert registry.sandbox_available() is False
    for argv in (["sandbox", "tripletex"], ["demo", "--text"], ["demo"]):
        code = main(["--lang", "en", "--profile", str(tmp_path / "p"), *argv])
        err = capsys.readouterr().err
        assert code == 2 and "The sandbox" in err and "is not part of this build" in err, (argv, err)
        assert "./scripts/demo.sh" in err  # what to do instead
    assert not (tmp_path / "p").exists()  # nothing was made
    with pytest.raises(registry.SandboxMissingError) as e:
        registry.get("poweroffice").emulator_class()
    assert "ikke med i denne utgaven" in e.value.render("nb")


def test_without_the_sandbox_the_wizard_does_not_offer_it(no_sandbox, qtbot, tmp_path):
    from ledgerwizard.adapters.settings import Profile
    from ledgerwizard.services.workspace import Workspace
    from ledgerwizard.ui.wizard import SetupWizard
    from ledgerwizard.setup.model import SetupModel

    w = SetupWizard(Workspace(Profile.resolve(tmp_path / "p")), SetupModel(language="en"))
    qtbot.addWidget(w)
    page = w.steps[2]
    assert [page.env.itemData(i) for i in range(page.env.count())] == ["production", "demo"]
    # settings made elsewhere that point at a sandbox: shown as they are, and Next says why it cannot go on
    w2 = SetupWizard(Workspace(Profile.resolve(tmp_path / "q")), SetupModel(language="en", environment="sandbox"))
    qtbot.addWidget(w2)
    page2 = w2.steps[2]
    assert page2.env.currentData() == "sandbox"
    assert page2.apply() is False and "not part of this build" in page2.env_help.text()


def test_the_sandbox_is_a_package_of_its_own_outside_the_shipped_one():
    import ledgerwizard
    import ledgerwizard_sandbox

    shipped = Path(ledgerwizard.__file__).parent
    assert not (shipped / "sandbox").exists() and not (ROOT / "resources" / "openapi").exists()
    assert Path(ledgerwizard_sandbox.__file__).parent == ROOT / "ledgerwizard_sandbox"
    # nothing in the shipped package imports it at module level: a fresh interpreter importing every shipped
    # module (Qt-free ones) does not load it
    code = ("import sys, pkgutil, importlib, ledgerwizard\n"
            "for m in pkgutil.walk_packages(ledgerwizard.__path__, 'ledgerwizard.'):\n"
            "    if not m.name.startswith(('ledgerwizard.ui', 'ledgerwizard.__main__')):\n"
            "        importlib.import_module(m.name)\n"
            "print(sorted(n for n in sys.modules if n.startswith('ledgerwizard_sandbox')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
