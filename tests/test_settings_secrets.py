"""Settings (atomic, versioned, no secrets, corrupt file reported) and the keyring-only secret store."""

import json
import os

import keyring
import pytest

from ledgerwizard.adapters import settings as settings_mod
from ledgerwizard.adapters.secrets import Secret, SecretStore
from ledgerwizard.adapters.settings import Company, Profile, Settings, SettingsStore, Store
from ledgerwizard.core.errors import KeyringUnavailableError, SettingsError
from ledgerwizard.core.mapping import Mapping


def _settings():
    return Settings(source_paths=["/eksport"], companies=[Company("c1", "poweroffice", "demo", "Selskapet", "999999999")],
                    stores=[Store("s1", "Frogner", "c1", "1", "Location A", mapping=Mapping(payments={"KONT": "1900"}))])


def test_round_trip_is_human_readable_json(tmp_path):
    store = SettingsStore(Profile.resolve(tmp_path))
    store.save(_settings())
    doc = json.loads(store.path.read_text(encoding="utf-8"))
    assert doc["version"] == settings_mod.CURRENT_VERSION and doc["stores"][0]["mapping"]["payments"] == {"KONT": "1900"}
    assert store.load().to_dict() == _settings().to_dict()


def test_profile_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("LEDGERWIZARD_PROFILE", str(tmp_path / "p"))
    p = Profile.resolve()
    assert p.settings_path == tmp_path / "p" / "settings.json" and p.journal_path.parent == tmp_path / "p"


def test_a_kill_during_save_leaves_the_previous_file(tmp_path, monkeypatch):
    store = SettingsStore(Profile.resolve(tmp_path))
    store.save(_settings())
    before = store.path.read_bytes()
    s = _settings()
    s.stores[0].name = "Endret"
    real_replace = os.replace

    def dying_replace(src, dst):
        if str(dst) == str(store.path):
            raise KeyboardInterrupt("killed")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", dying_replace)
    with pytest.raises(KeyboardInterrupt):
        store.save(s)
    monkeypatch.setattr(os, "replace", real_replace)
    assert store.path.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".tmp"]


def test_corrupt_file_is_reported_with_the_backup_offered_never_replaced(tmp_path):
    store = SettingsStore(Profile.resolve(tmp_path))
    store.save(_settings())
    store.save(_settings())  # now a backup exists
    store.path.write_text('{"version": 1, "stores": [', encoding="utf-8")
    with pytest.raises(SettingsError) as e:
        store.load()
    msg = e.value.render("nb")
    assert str(store.path) in msg and "ødelagt" in msg and "--restore-backup" in msg
    assert store.path.read_text(encoding="utf-8").startswith('{"version": 1, "stores": [')  # untouched
    restored = store.restore_backup()
    assert restored.stores[0].id == "s1" and store.load().stores[0].id == "s1"
    assert (tmp_path / "settings.json.corrupt").exists()


def test_semantic_errors_are_reported(tmp_path):
    store = SettingsStore(Profile.resolve(tmp_path))
    store.path.parent.mkdir(exist_ok=True)
    doc = _settings().to_dict()
    doc["stores"][0]["company"] = "nope"
    store.path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(SettingsError) as e:
        store.load()
    assert "unknown company 'nope'" in e.value.render("en")


def test_newer_format_is_refused_and_older_ones_migrate(tmp_path, monkeypatch):
    store = SettingsStore(Profile.resolve(tmp_path))
    store.path.parent.mkdir(exist_ok=True)
    store.path.write_text(json.dumps({"version": 99}), encoding="utf-8")
    with pytest.raises(SettingsError) as e:
        store.load()
    assert "newer version" in e.value.render("en")
    monkeypatch.setattr(settings_mod, "CURRENT_VERSION", 2)
    monkeypatch.setitem(settings_mod.MIGRATIONS, 1, lambda d: {**d, "language": "en"})
    store.path.write_text(json.dumps({"version": 1, "language": "nb"}), encoding="utf-8")
    s = store.load()
    assert s.language == "en" and s.version == 2


def test_secrets_are_refused_in_settings(tmp_path):
    s = _settings()
    s.companies[0].options = {"client_key": "abc-123"}
    with pytest.raises(SettingsError):
        SettingsStore(Profile.resolve(tmp_path)).save(s)
    assert not (tmp_path / "settings.json").exists()


def test_secret_store_round_trip(memory_keyring):
    s = SecretStore()
    s.set("poweroffice", "c1", "11111111-2222-3333-4444-555555555555")
    got = s.get("poweroffice", "c1")
    assert got.reveal() == "11111111-2222-3333-4444-555555555555"
    assert "1111" not in repr(got) and "1111" not in f"{got}" and "1111" not in str([got])
    s.delete("poweroffice", "c1")
    assert s.get("poweroffice", "c1") is None


@pytest.mark.parametrize("backend", ["keyring.backends.fail.Keyring", "keyring.backends.null.Keyring"])
def test_no_usable_keyring_is_a_clear_error_not_a_plaintext_fallback(backend):
    import importlib

    mod, _, cls = backend.rpartition(".")
    keyring.set_keyring(getattr(importlib.import_module(mod), cls)())
    with pytest.raises(KeyringUnavailableError) as e:
        SecretStore().set("tripletex", "c1", "token-value-xyz")
    msg = e.value.render("nb")
    assert "nøkkelring" in msg and "klartekst" in msg and "token-value-xyz" not in msg


def test_plaintext_keyrings_alt_backend_is_refused(memory_keyring):
    class PlaintextKeyring(type(memory_keyring)):
        pass

    PlaintextKeyring.__module__ = "keyrings.alt.file"
    keyring.set_keyring(PlaintextKeyring())
    with pytest.raises(KeyringUnavailableError):
        SecretStore().set("tripletex", "c1", "x")


def test_secret_value_object_hides_itself():
    s = Secret("hemmelig")
    assert s.reveal() == "hemmelig" and "hemmelig" not in repr(s) + str(s) + f"{s:>20}"
    assert s == Secret("hemmelig") and bool(s) and not Secret("")


@pytest.mark.keyring_real
def test_real_os_keyring(monkeypatch):
    """Against the OS keyring (Secret Service under a private D-Bus session in CI)."""
    store = SecretStore(service="ledgerwizard-test")
    try:
        backend = store.check()
    except KeyringUnavailableError:
        if os.environ.get("LW_REQUIRE_REAL_KEYRING") == "1":
            raise
        pytest.skip("no OS keyring on this machine (CI runs gnome-keyring)")
    store.set("tripletex", "c9", "employee-token-123")
    assert store.get("tripletex", "c9").reveal() == "employee-token-123"
    store.delete("tripletex", "c9")
    assert store.get("tripletex", "c9") is None
    if os.environ.get("LW_REQUIRE_REAL_KEYRING") == "1":
        assert "SecretService" in backend


def test_keys_are_scoped_per_profile(tmp_path):
    """Installers onboard several shops with one profile each on the same PC; a demo must not touch them."""
    from ledgerwizard.services.workspace import Workspace

    a, b = Workspace(Profile.resolve(tmp_path / "shop-a")), Workspace(Profile.resolve(tmp_path / "shop-b"))
    a.secrets.set("poweroffice", "c1", "key-of-shop-a")
    b.secrets.set("poweroffice", "c1", "key-of-shop-b")
    assert a.secrets.get("poweroffice", "c1").reveal() == "key-of-shop-a"
    assert b.secrets.get("poweroffice", "c1").reveal() == "key-of-shop-b"
    assert SecretStore().get("poweroffice", "c1") is None  # the default profile's entry is untouched
    assert Profile.resolve(tmp_path / "shop-a").secret_service == a.profile.secret_service  # stable


def test_demo_keys_stay_in_memory():
    from ledgerwizard.adapters.secrets import MemorySecretStore

    m = MemorySecretStore()
    m.set("poweroffice", "c1", "sandbox-key")
    assert m.get("poweroffice", "c1").reveal() == "sandbox-key" and SecretStore().get("poweroffice", "c1") is None


def test_forgetting_keys_deletes_this_profiles_keys_only(tmp_path, capsys):
    """What the uninstaller runs when the user asks to remove the settings: `ledgerwizard key --all --forget`."""
    from ledgerwizard.cli import main
    from ledgerwizard.services.workspace import Workspace

    shop, other = Workspace(Profile.resolve(tmp_path / "shop")), Workspace(Profile.resolve(tmp_path / "other"))
    s = _settings()
    s.companies.append(Company("c2", "tripletex", "production", "Andre AS", "888888888"))
    shop.save(s)
    shop.save(s)  # a second save: the first file becomes the backup
    shop.secrets.set("poweroffice", "c1", "key-1")
    shop.secrets.set("tripletex", "c2", "token-2")
    shop.secrets.set("integration", "production", "secret-consumer", what="tripletex_consumer_token")
    other.secrets.set("poweroffice", "c1", "key-of-other")

    assert main(["--profile", str(tmp_path / "shop"), "key", "--company", "c2", "--forget"]) == 0
    assert "1 " in capsys.readouterr().out and shop.secrets.get("tripletex", "c2") is None
    assert shop.secrets.get("poweroffice", "c1").reveal() == "key-1"

    shop.settings_store.path.write_text("{ not json", encoding="utf-8")  # corrupt: the backup names the companies
    assert main(["--profile", str(tmp_path / "shop"), "--lang", "en", "key", "--all", "--forget"]) == 0
    assert "2 keys deleted" in capsys.readouterr().out
    assert shop.secrets.get("poweroffice", "c1") is None
    assert shop.secrets.get("integration", "production", "tripletex_consumer_token") is None
    assert other.secrets.get("poweroffice", "c1").reveal() == "key-of-other"  # another profile's: untouched
    assert main(["--profile", str(tmp_path / "shop"), "key", "--all"]) == 2  # --all alone would store nothing


def test_without_a_keyring_each_message_says_what_could_not_be_done():
    import keyring.backends.fail

    keyring.set_keyring(keyring.backends.fail.Keyring())
    said = {}
    for name, call in (("set", lambda s: s.set("tripletex", "c1", "x")), ("get", lambda s: s.get("tripletex", "c1")),
                       ("delete", lambda s: s.delete("tripletex", "c1"))):
        with pytest.raises(KeyringUnavailableError) as e:
            call(SecretStore())
        said[name] = e.value.render("en")
    assert "store the key" in said["set"] and "not saved" in said["set"]
    assert "read the key" in said["get"] and "saved" not in said["get"]
    assert "delete the key" in said["delete"] and "not deleted" in said["delete"]


# --- damaged settings (issue 12): a clear message naming the file and the bad value, never an internal error ------

def _doc(**changes):
    doc = _settings().to_dict()
    for path, value in changes.items():
        *parents, last = path.split("__")
        target = doc
        for p in parents:
            target = target[int(p)] if p.isdigit() else target[p]
        target[int(last) if last.isdigit() else last] = value
    return json.dumps(doc)


DAMAGED = {
    "nested 100,000 deep": ('{"version": 1, "template": ' + "[" * 100_000 + "]" * 100_000 + "}",
                            ("corrupt", "nested deeper")),
    "nested 40 deep (readable, still refused)": (_doc(companies__0__options={"a": json.loads('[' * 40 + ']' * 40)}),
                                                 ("$.companies[0].options.a", "nested")),
    "version 1e400": ('{"version": 1e400}', ("$.version",)),
    "version as text": ('{"version": "1"}', ("$.version",)),
    "stores as text": (_doc(stores="s1"), ("$.stores",)),
    "company options as text": (_doc(companies__0__options="base_url"), ("$.companies[0].options",)),
    "tolerance abc": (_doc(reconciliation_tolerance="abc"), ("$.reconciliation_tolerance", '"0.00"')),
    "tolerance NaN": (_doc(reconciliation_tolerance="NaN"), ("$.reconciliation_tolerance",)),
    "tolerance Infinity as a number": (_doc(reconciliation_tolerance=0).replace('"reconciliation_tolerance": 0',
                                                                              '"reconciliation_tolerance": 1e999'),
                                       ("$.reconciliation_tolerance",)),
    "NaN literal (not JSON)": (_doc().replace('"autostart": true', '"autostart": NaN'), ("NaN",)),
    "a cut-off that is no time": (_doc(stores__0__cutoff="5 am"), ("$.stores[0].cutoff", "HH:MM")),
    "a store without a company": (_doc(stores=[{"id": "s2", "name": "x"}]), ("$.stores[0]", "company")),
    "an unknown weekday": (_doc(schedule={"weekdays": {"monday": "06:00"}}), ("$.schedule.weekdays", "mon")),
    "autostart as text": (_doc(autostart="false"), ("$.autostart", "true")),
    "accounts as a list": (_doc(stores__0__mapping={"payments": {"KONT": ["1900"]}}),
                           ("$.stores[0].mapping.payments.KONT",)),
}


@pytest.mark.parametrize("case", list(DAMAGED))
def test_damaged_settings_name_the_file_and_the_bad_value_in_both_languages(tmp_path, case):
    text, needles = DAMAGED[case]
    store = SettingsStore(Profile.resolve(tmp_path))
    store.path.write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError) as e:
        store.load()
    en, nb = e.value.render("en"), e.value.render("nb")
    assert e.value.path == str(store.path) and str(store.path) in en and str(store.path) in nb
    for needle in needles:
        assert needle in en, en
    assert en != nb and "Traceback" not in en
    # the next step: no backup yet, so correct the file or run the setup again
    assert "run the setup" in en and "kjør oppsettet" in nb
    assert store.path.read_text(encoding="utf-8") == text  # never replaced


def test_damaged_settings_with_a_backup_offer_the_backup(tmp_path):
    store = SettingsStore(Profile.resolve(tmp_path))
    store.save(_settings())
    store.save(_settings())  # the first file becomes the backup
    store.path.write_text(_doc(reconciliation_tolerance="abc"), encoding="utf-8")
    with pytest.raises(SettingsError) as e:
        store.load()
    assert "--restore-backup" in e.value.render("en") and "--restore-backup" in e.value.render("nb")


@pytest.mark.parametrize("case", ["nested 100,000 deep", "version 1e400", "stores as text", "company options as text",
                                  "tolerance abc", "tolerance NaN"])
def test_damaged_settings_through_the_command_line_exit_2_not_70(tmp_path, export_dir, capsys, case):
    from ledgerwizard.cli import main

    prof = tmp_path / "p"
    assert main(["--profile", str(prof), "init", str(export_dir)]) == 0
    (prof / "settings.json").write_text(DAMAGED[case][0], encoding="utf-8")
    for args in (["preview", "--day", "2020-01-01"], ["send", "--day", "2020-01-01", "--dry-run"]):
        capsys.readouterr()
        code = main(["--profile", str(prof), "--lang", "en"] + args)
        err = capsys.readouterr().err
        assert code == 2, err
        assert str(prof / "settings.json") in err and "Unexpected error" not in err
    assert not list((prof / "logs").glob("crash-*"))


def test_a_settings_file_with_a_utf8_bom_is_read(tmp_path):
    """Notepad (before Windows 10 1903) saves UTF-8 with a byte-order mark."""
    store = SettingsStore(Profile.resolve(tmp_path))
    store.path.write_bytes(b"\xef\xbb\xbf" + _doc().encode("utf-8"))
    assert store.load().to_dict() == _settings().to_dict()


def test_the_documented_example_settings_are_valid(tmp_path):
    """docs/configuration.md's settings.json example passes the schema the program checks on load."""
    import re
    from pathlib import Path

    text = (Path(__file__).resolve().parent.parent / "docs" / "configuration.md").read_text(encoding="utf-8")
    example = re.search(r"```json\n(.*?)```", text, re.S).group(1)
    store = SettingsStore(Profile.resolve(tmp_path))
    store.path.write_text(example, encoding="utf-8")
    s = store.load()
    assert s.stores[0].mapping.payments["KONT"] == "1900" and s.schedule["weekdays"] == {"sat": "07:30"}


def test_settings_the_program_writes_pass_its_own_schema(tmp_path, export_dir):
    from ledgerwizard.services.setup import init_profile
    from ledgerwizard.services.workspace import Workspace

    ws = Workspace(Profile.resolve(tmp_path / "p"))
    init_profile(ws, export_dir, system="tripletex", environment="demo")
    assert Workspace(Profile.resolve(tmp_path / "p")).settings.stores[0].id == "s1"


def test_the_settings_schema_is_a_valid_json_schema():
    from jsonschema import Draft202012Validator

    Draft202012Validator.check_schema(settings_mod.settings_schema())


def test_an_unchanged_file_is_not_checked_again_a_changed_one_is(tmp_path):
    """The schema check imports jsonschema (~40 ms, a third of the tray's start-up): done once per content."""
    import subprocess
    import sys

    store = SettingsStore(Profile.resolve(tmp_path))
    store.save(_settings())
    probe = ("import sys; from ledgerwizard.adapters.settings import SettingsStore, Profile; "
             f"s = SettingsStore(Profile.resolve({str(tmp_path)!r})).load(); "
             "print(s.stores[0].id, 'jsonschema' in sys.modules)")

    def load_in_a_new_process():
        return subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60).stdout.split()

    assert load_in_a_new_process() == ["s1", "False"]  # saved files are checked when written
    edited = store.path.read_text(encoding="utf-8").replace('"name": "Frogner"', '"name": "Majorstua"')
    store.path.write_text(edited, encoding="utf-8")
    assert load_in_a_new_process() == ["s1", "True"]  # edited by hand: checked
    assert load_in_a_new_process() == ["s1", "False"]  # and remembered
    store.path.write_text(edited.replace('"0.00"', '"abc"'), encoding="utf-8")
    with pytest.raises(SettingsError):
        store.load()


def test_a_document_the_schema_refuses_is_never_written(tmp_path):
    s = _settings()
    s.reconciliation_tolerance = "NaN"
    store = SettingsStore(Profile.resolve(tmp_path))
    with pytest.raises(SettingsError) as e:
        store.save(s)
    assert "$.reconciliation_tolerance" in e.value.render("en") and not store.path.exists()


# --- a locked keyring (issue 12): doctor said ✓ -------------------------------------------------------------------

def _locked_keyring():
    import keyring.errors
    from conftest import MemoryKeyring

    class LockedKeyring(MemoryKeyring):
        """A secure backend whose store is locked, as Secret Service, KWallet or a macOS keychain can be."""

        def get_password(self, *args):
            raise keyring.errors.KeyringLocked("Failed to unlock the collection!")

        set_password = delete_password = get_password

    return LockedKeyring()


def test_a_locked_keyring_says_it_is_locked(tmp_path):
    keyring.set_keyring(_locked_keyring())
    for call in (lambda s: s.get("tripletex", "c1"), lambda s: s.set("tripletex", "c1", "x"), lambda s: s.check()):
        with pytest.raises(KeyringUnavailableError) as e:
            call(SecretStore())
        assert e.value.code == "keyring_locked"
        assert "locked" in e.value.render("en") and "låst" in e.value.render("nb")
        assert "No secure keyring was found" not in e.value.render("en")


def _doctor_offline(prof, capsys):
    from ledgerwizard.cli import main

    capsys.readouterr()
    code = main(["--profile", str(prof), "--lang", "en", "doctor", "--offline"])
    return code, capsys.readouterr().out


def test_doctor_reports_a_locked_keyring(export_dir, tmp_path, capsys):
    from ledgerwizard.cli import main

    prof = tmp_path / "p"
    assert main(["--profile", str(prof), "init", str(export_dir)]) == 0
    code, out = _doctor_offline(prof, capsys)
    assert code == 0 and "✓ keyring" in out
    keyring.set_keyring(_locked_keyring())
    code, out = _doctor_offline(prof, capsys)
    (line,) = [ln for ln in out.splitlines() if "keyring" in ln and ln.startswith(("✓", "✗"))]
    assert code == 3 and line.startswith("✗ keyring") and "locked" in line, out
    assert "unlock" in out.lower()  # what to do


def _unlock_gnome_keyring(collection_path: str, password: bytes) -> None:
    """gnome-keyring's own unlock without a prompt (what `scripts/test.sh` started it with)."""
    from contextlib import closing

    from jeepney import DBusAddress, new_method_call
    from jeepney.io.blocking import open_dbus_connection

    with closing(open_dbus_connection(bus="SESSION")) as conn:
        service = DBusAddress("/org/freedesktop/secrets", bus_name="org.freedesktop.secrets",
                              interface="org.freedesktop.Secret.Service")
        session = conn.send_and_get_reply(new_method_call(service, "OpenSession", "sv", ("plain", ("s", "")))).body[1]
        gnome = DBusAddress("/org/freedesktop/secrets", bus_name="org.freedesktop.secrets",
                            interface="org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface")
        conn.send_and_get_reply(new_method_call(gnome, "UnlockWithMasterPassword", "o(oayays)",
                                                (collection_path, (session, b"", password, "text/plain"))))


@pytest.mark.keyring_real
def test_doctor_reports_the_real_keyring_locked(export_dir, tmp_path, capsys):
    """gnome-keyring in scripts/test.sh's private D-Bus session: its login collection locked, as after a
    screen lock or a login without the keyring's password; doctor must not say ✓ (and must not prompt)."""
    from contextlib import closing

    if os.environ.get("LW_REQUIRE_REAL_KEYRING") != "1":
        pytest.skip("needs scripts/test.sh's gnome-keyring (unlocked with its known password)")
    import secretstorage

    from ledgerwizard.cli import main

    prof = tmp_path / "p"
    assert main(["--profile", str(prof), "init", str(export_dir)]) == 0
    code, out = _doctor_offline(prof, capsys)
    assert "✓ keyring" in out and "SecretService" in out, out
    with closing(secretstorage.dbus_init()) as conn:
        collection = secretstorage.get_default_collection(conn)
        path = collection.collection_path
        collection.lock()
        assert collection.is_locked()
    try:
        code, out = _doctor_offline(prof, capsys)
        assert code == 3 and "✗ keyring" in out and "locked" in out, out
    finally:
        _unlock_gnome_keyring(path, b"ci-password")
    with closing(secretstorage.dbus_init()) as conn:
        assert not secretstorage.Collection(conn, path).is_locked()
    code, out = _doctor_offline(prof, capsys)
    assert "✓ keyring" in out
