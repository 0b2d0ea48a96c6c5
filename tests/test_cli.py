"""The command line: JSON output shapes, exit codes, one clear message and no traceback on user errors."""

import json
import os
import subprocess
import sys

import pytest

from ledgerwizard.cli import main


def run(args, capsys):
    code = main(args)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_summary_json_has_the_documented_fields(example_2021, capsys):
    code, out, _ = run(["summary", str(example_2021), "--json"], capsys)
    assert code == 0
    (day,) = json.loads(out)["days"]
    assert day["store"] == "Location A: Shop Frogner" and day["business_day"] == "2020-01-01"
    assert day["total"] == "514.20"
    assert {(p["type"], p["predefined"], p["amount"]) for p in day["payments"]} == {
        ("CASH", "12001", "295.00"), ("DEBCARD", "12002", "218.80")}
    assert {(v["standard_code"], v["rate"], v["base"], v["vat"]) for v in day["vat"]} == {
        ("31", "15.00", "89.38", "13.42"), ("3", "25.00", "329.12", "82.28")}
    assert day["rounding"] == "-0.40" and day["tips"] == "0.00"
    assert day["returns"] == {"count": 1, "amount": "16.40"}
    assert day["reconciliation"]["ok"] is True and day["reconciliation"]["differences"] == []


def test_summary_of_the_bad_2016_file_exits_3_with_differences(example_2016, capsys):
    code, out, _ = run(["summary", str(example_2016), "--json"], capsys)
    assert code == 3
    rec = json.loads(out)["days"][0]["reconciliation"]
    assert rec["ok"] is False and {d["check"] for d in rec["differences"]} >= {"z_vat_sum", "payments_vs_total"}
    assert all(set(d) >= {"expected", "actual", "difference"} for d in rec["differences"])


def test_summary_text_in_both_languages(example_2021, capsys):
    code, out, _ = run(["summary", str(example_2021)], capsys)
    assert code == 0 and "Totalsalg" in out and "514,20" in out and "Avstemming: OK" in out
    code, out, _ = run(["--lang", "en", "summary", str(example_2021)], capsys)
    assert "Total sales" in out and "514.20" in out and "Reconciliation: OK" in out


def test_init_preview_status(export_dir, tmp_path, capsys):
    prof = str(tmp_path / "profile")
    code, out, _ = run(["--profile", prof, "init", str(export_dir)], capsys)
    assert code == 0 and "s1: Location A: Shop Frogner" in out
    code, out, _ = run(["--profile", prof, "preview", "--day", "2020-01-01", "--json"], capsys)
    assert code == 0
    (store,) = json.loads(out)["stores"]
    v = store["voucher"]
    assert v["balanced"] and v["total_debit"] == v["total_credit"] == "514.20"
    assert {ln["account"] for ln in v["lines"]} == {"1900", "1579", "7740", "3030", "3000"}
    assert v["external_reference"].startswith("LW-999999999-s1-") and v["external_reference"].endswith("-20200101")
    code, out, _ = run(["--profile", prof, "preview", "--day", "2020-01-01"], capsys)
    assert "Dagsoppgjør Location A: Shop Frogner 01.01.2020 Z1" in out and "514,20" in out
    code, out, _ = run(["--profile", prof, "status", "--json"], capsys)
    assert code == 0 and json.loads(out) == {"transfers": [], "orders": []}


def test_preview_with_a_blank_account_lists_it_and_exits_3(export_dir, tmp_path, capsys):
    prof = tmp_path / "profile"
    run(["--profile", str(prof), "init", str(export_dir)], capsys)
    doc = json.loads((prof / "settings.json").read_text(encoding="utf-8"))
    doc["stores"][0]["mapping"]["payments"]["DEBCARD"] = ""
    (prof / "settings.json").write_text(json.dumps(doc), encoding="utf-8")
    code, out, err = run(["--profile", str(prof), "preview", "--day", "2020-01-01"], capsys)
    assert code == 3 and "Betalingsmåte DEBCARD" in err and "blanke kontoer" in err


@pytest.mark.parametrize("args, needle", [
    (["summary", "/does/not/exist"], "finnes ikke"),
    (["preview", "--day", "2020-13-45"], "Ugyldig dato"),
    (["preview", "--day", "2020-01-01"], "Ingen butikker"),
    (["nonsense"], "Ugyldig kommando"),
])
def test_user_errors_exit_2_with_one_message(args, needle, tmp_path, capsys):
    code, out, err = run(["--profile", str(tmp_path / "p")] + args, capsys)
    assert code == 2 and needle in err and "Traceback" not in err


def test_corrupt_settings_via_the_installed_console_script(tmp_path):
    prof = tmp_path / "p"
    prof.mkdir()
    (prof / "settings.json").write_text("{ not json", encoding="utf-8")
    p = subprocess.run([sys.executable, "-m", "ledgerwizard", "--profile", str(prof), "status"],
                       capture_output=True, text=True, timeout=60)
    p2 = subprocess.run([sys.executable, "-m", "ledgerwizard", "--profile", str(prof), "preview", "--day", "2020-01-01"],
                        capture_output=True, text=True, timeout=60)
    assert p.returncode == 0  # status reads the journal only
    assert p2.returncode == 2 and "ødelagt" in p2.stderr and "Traceback" not in p2.stderr


def _sandbox_profile(prof, export_dir, emu, capsys):
    """A profile made with `init`, pointed at a running sandbox emulator (no key stored yet)."""
    from ledgerwizard.adapters.settings import Profile, SettingsStore

    run(["--profile", str(prof), "init", str(export_dir)], capsys)
    store = SettingsStore(Profile.resolve(prof))
    s = store.load()
    s.companies[0].environment, s.companies[0].options = "sandbox", {"base_url": emu.url}
    s.stores[0].department = "3"
    store.save(s)


def test_send_through_the_cli_against_the_sandbox(export_dir, tmp_path, capsys, monkeypatch):
    import io

    from ledgerwizard_sandbox import start_sandbox

    prof = tmp_path / "profile"
    emu, clients = start_sandbox("poweroffice")
    try:
        _sandbox_profile(prof, export_dir, emu, capsys)
        code, out, err = run(["--profile", str(prof), "send", "--day", "2020-01-01"], capsys)
        assert code == 3 and "Ingen nøkkel" in out  # no key in the keyring yet: says so, sends nothing
        monkeypatch.setattr("sys.stdin", io.StringIO(f"  {clients[0][1]}  \n"))  # pasted with whitespace
        code, out, _ = run(["--profile", str(prof), "key", "--company", "c1"], capsys)
        assert code == 0 and "lagret" in out
        code, out, _ = run(["--profile", str(prof), "send", "--day", "2020-01-01", "--dry-run"], capsys)
        assert code == 0 and "Klar til sending" in out and not emu.clients[clients[0][1]].vouchers
        code, out, _ = run(["--profile", str(prof), "send", "--day", "2020-01-01"], capsys)
        assert code == 0 and "✓ 2020-01-01 s1: Sendt: bilag 10001" in out
        code, out, _ = run(["--profile", str(prof), "send", "--day", "2020-01-01"], capsys)
        assert code == 0 and "Allerede sendt" in out
        code, out, _ = run(["--profile", str(prof), "send", "--from", "2019-12-01", "--json"], capsys)
        assert json.loads(out) == {"outcomes": [], "orders": []}
        code, out, _ = run(["--profile", str(prof), "status", "--json"], capsys)
        (row,) = json.loads(out)["transfers"]
        assert row["state"] == "sent" and row["voucher_number"] == "10001" and row["attempts"] == 1
        assert len(emu.clients[clients[0][1]].vouchers) == 1
        assert clients[0][1] not in (prof / "settings.json").read_text()
    finally:
        emu.stop()


def test_the_readme_demo_runs_and_sends_each_day_once(tmp_path, capsys):
    code, out, err = run(["--profile", str(tmp_path / "demo"), "demo", "--text", "--days", "3"], capsys)
    assert code == 0, err
    assert "Avstemming: OK" in out and "Dagsoppgjør Kaffebar Grünerløkka" in out
    assert out.count("Sendt: bilag") == 2 and out.count("Allerede sendt") == 2
    assert "Sandkassen har 2 bilag og 2 vedlagte dagsoppgjør (PDF)" in out


@pytest.mark.slow
def test_doctor_reports_without_secrets(export_dir, tmp_path, capsys):
    from ledgerwizard.adapters.settings import Profile
    from ledgerwizard_sandbox import start_sandbox
    from ledgerwizard.services.workspace import Workspace

    prof = tmp_path / "profile"
    emu, clients = start_sandbox("poweroffice")
    try:
        _sandbox_profile(prof, export_dir, emu, capsys)
        Workspace(Profile.resolve(prof)).secrets.set("poweroffice", "c1", clients[0][1])
        code, out, _ = run(["--profile", str(prof), "doctor", "--json"], capsys)
        checks = {c["check"]: c for c in json.loads(out)["checks"]}
        assert checks["keyring"]["ok"] and checks["export folder"]["detail"] == "s1: 2020-01-01"
        assert checks["connection c1"]["ok"] and "Demo Kaffebar AS" in checks["connection c1"]["detail"]
        assert clients[0][1] not in out
        emu.stop()
        code, out, _ = run(["--profile", str(prof), "doctor"], capsys)
        assert code == 3 and "✗ connection c1" in out and clients[0][1] not in out
    finally:
        emu.stop()


def test_a_run_with_corrupt_settings_reports_the_problem_to_the_tray(tmp_path):
    """The tray's run process never dies silently: a broken settings file comes back in the report, named."""
    from ledgerwizard.core.runreport import RunReport

    prof = tmp_path / "p"
    prof.mkdir()
    (prof / "settings.json").write_text("{not json", encoding="utf-8")
    report = tmp_path / "r.json"
    p = subprocess.run([sys.executable, "-m", "ledgerwizard", "--profile", str(prof), "run", "--report", str(report),
                        "--now", "2026-03-02T07:00:00+01:00"], capture_output=True, text=True, timeout=60)
    assert p.returncode == 2 and p.stdout == ""
    rep = RunReport.read(report)
    assert rep.error_code.startswith("settings") and "settings.json" in rep.error_text.en
    assert rep.outcomes == [] and RunReport.from_dict(rep.to_dict()) == rep  # the JSON round trip is lossless


@pytest.mark.parametrize("argv", [["tray"], ["--tray"]])
def test_the_login_entry_without_a_display_says_so(tmp_path, argv):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(LEDGERWIZARD_PROFILE=str(tmp_path / "p"), LEDGERWIZARD_LANG="en")
    p = subprocess.run([sys.executable, "-m", "ledgerwizard", *argv], capture_output=True, text=True, timeout=60,
                       env=env)
    assert p.returncode == 2 and "The tray icon needs a display." in p.stderr and "Traceback" not in p.stderr


# --- command-line papercuts (issue 10 §3) ---------------------------------------------------------------------------

def _cli_env(tmp_path, buffered=True):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    env.update(LEDGERWIZARD_PROFILE=str(tmp_path / "p"), **({} if buffered else {"PYTHONUNBUFFERED": "1"}))
    return env


@pytest.mark.parametrize("buffered", [True, False])
@pytest.mark.parametrize("json_out", [False, True])
def test_a_closed_output_pipe_is_a_normal_end(example_2021, tmp_path, json_out, buffered):
    """`ledgerwizard summary X | head -1`: the reader has gone; no traceback, no crash report, exit 0."""
    r, w = os.pipe()
    os.close(r)  # the reader is gone before the first line is written
    try:
        p = subprocess.Popen([sys.executable, "-m", "ledgerwizard", "summary", str(example_2021)] +
                             (["--json"] if json_out else []), stdout=w, stderr=subprocess.PIPE, text=True,
                             env=_cli_env(tmp_path, buffered))
    finally:
        os.close(w)
    _, err = p.communicate(timeout=60)
    assert p.returncode == 0, err
    assert "Traceback" not in err and "BrokenPipe" not in err and "Exception ignored" not in err
    assert not list((tmp_path / "p").rglob("crash-*.log"))


@pytest.mark.parametrize("buffered", [True, False])
def test_head_reads_the_first_line_and_the_command_ends_quietly(tmp_path, buffered):
    """The real pipeline, with more output than the pipe holds (120 days of two stores: about 125 KB)."""
    from ledgerwizard.cli.demo import make_demo_export

    export, _, _ = make_demo_export(tmp_path, 120)
    cmd = f"set -o pipefail; '{sys.executable}' -m ledgerwizard summary '{export}' | head -1"
    p = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, timeout=120,
                       env=_cli_env(tmp_path, buffered))
    assert p.returncode == 0 and p.stdout.count("\n") == 1 and "Traceback" not in p.stderr, p.stderr
    assert not list((tmp_path / "p").rglob("crash-*.log"))


def test_a_broken_pipe_that_is_not_our_output_is_still_an_internal_error(example_2021, tmp_path, capsys,
                                                                         monkeypatch):
    """Only the reader of our output going away is a normal end; a broken connection elsewhere is reported."""
    from ledgerwizard.core.saft.source import ExportSource

    def broken(self):
        raise BrokenPipeError(32, "Broken pipe (a socket)")

    monkeypatch.setattr(ExportSource, "scan", broken)  # e.g. a network share's connection, while reading
    code, out, err = run(["--profile", str(tmp_path / "p"), "summary", str(example_2021)], capsys)
    assert code == 70 and "BrokenPipeError" in err and list((tmp_path / "p" / "logs").glob("crash-*.log"))


@pytest.mark.parametrize("args", [
    ["summary", "{src}", "--lang", "en"],
    ["summary", "--lang", "en", "{src}"],
    ["--lang", "en", "summary", "{src}"],
    ["--lang", "nb", "summary", "{src}", "--lang", "en"],  # the later one wins
    ["summary", "{src}", "--lang=en"],
])
def test_global_language_option_in_either_place(example_2021, capsys, args):
    code, out, err = run([a.replace("{src}", str(example_2021)) for a in args], capsys)
    assert code == 0, err
    assert "Total sales" in out and "Totalsalg" not in out


def test_later_language_option_wins_also_before_the_subcommand(example_2021, capsys):
    code, out, _ = run(["--lang", "en", "summary", str(example_2021), "--lang", "nb"], capsys)
    assert code == 0 and "Totalsalg" in out


def test_global_profile_option_in_either_place(export_dir, tmp_path, capsys):
    a, b = tmp_path / "a", tmp_path / "b"
    code, out, err = run(["init", str(export_dir), "--profile", str(a)], capsys)
    assert code == 0, err
    assert (a / "settings.json").is_file()
    code, out, err = run(["--profile", str(b), "settings", "--profile", str(a)], capsys)  # the later one wins
    assert code == 0 and out.strip() == str(a / "settings.json")
    assert not (b / "settings.json").exists()
    code, out, err = run(["preview", "--day", "2020-01-01", "--profile", str(a), "--lang", "en", "--json"], capsys)
    assert code == 0, err
    assert json.loads(out)["stores"][0]["voucher"]["balanced"]


def test_a_user_error_after_a_trailing_lang_is_told_in_that_language(tmp_path, capsys):
    code, _, err = run(["--profile", str(tmp_path / "p"), "preview", "--day", "2020-13-45", "--lang", "en"], capsys)
    assert code == 2 and "Invalid date" in err and "Ugyldig" not in err


def test_the_demo_script_takes_a_language(tmp_path):
    """README: `./scripts/demo.sh --lang en` (the demo's arguments are the CLI's)."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    p = subprocess.run([sys.executable, "-m", "ledgerwizard", "demo", "--text", "--days", "1", "--lang", "en",
                        "--profile", str(tmp_path / "demo")], capture_output=True, text=True, timeout=180, env=env)
    assert p.returncode == 0, p.stderr
    assert "sample data, no account needed" in p.stdout and "Sent: voucher" in p.stdout


def test_selftest_failure_has_a_documented_exit_code_and_the_whole_keyring_message(tmp_path, capsys):
    """The frozen app's self-test without a usable keyring: nothing was being saved, and the hint is whole."""
    import keyring
    import keyring.backends.fail

    from ledgerwizard.cli import EXIT_ATTENTION

    keyring.set_keyring(keyring.backends.fail.Keyring())  # (conftest puts the memory backend back)
    code, out, err = run(["--lang", "en", "--selftest"], capsys)
    assert code == EXIT_ATTENTION  # README: 3, this installation needs attention (as a failed `doctor` check)
    (line,) = [ln for ln in out.splitlines() if ln.startswith("✗ keyring")]
    keyring_part = out[out.index("✗ keyring"):out.index("✓ qt") if "✓ qt" in out else None]
    assert "not saved" not in keyring_part and "store the key" not in keyring_part
    assert "No secure keyring" in line
    assert "ledgerwizard never stores keys in plain text." in keyring_part  # the hint's last sentence, not cut
    code, out, _ = run(["--lang", "nb", "--selftest"], capsys)
    assert code == EXIT_ATTENTION and "klartekst." in out and "ikke lagret" not in out


def test_selftest_passes_with_a_working_keyring(capsys):
    code, out, err = run(["--selftest"], capsys)
    assert code == 0, out + err
    assert out.count("✓") == 5 and "✗" not in out


def test_restoring_the_backup_over_a_good_settings_file_is_refused_unless_forced(export_dir, tmp_path, capsys):
    """`settings --restore-backup` on a valid file would silently put back the older settings."""
    from ledgerwizard.adapters.settings import Profile, SettingsStore

    prof = tmp_path / "p"
    assert main(["--profile", str(prof), "init", str(export_dir)]) == 0
    store = SettingsStore(Profile.resolve(prof))
    s = store.load()
    s.stores[0].name = "Frogner (renamed)"
    s.schedule = {**s.schedule, "time": "07:15"}
    store.save(s)  # the init's file is now the backup
    current = store.path.read_bytes()
    capsys.readouterr()
    p = subprocess.run([sys.executable, "-m", "ledgerwizard", "--profile", str(prof), "--lang", "en", "settings",
                        "--restore-backup"], stdin=subprocess.PIPE, capture_output=True, text=True, timeout=60)
    assert p.returncode == 2, p.stdout + p.stderr
    assert "valid" in p.stderr and "--force" in p.stderr
    assert "stores" in p.stderr and "schedule" in p.stderr  # what the backup would change
    assert store.path.read_bytes() == current and store.backup_path.exists()  # nothing changed
    code, out, err = run(["--profile", str(prof), "settings", "--restore-backup", "--force"], capsys)
    assert code == 0, err
    assert store.load().stores[0].name == "Location A: Shop Frogner" and store.load().schedule["time"] == "06:00"
    assert (prof / "settings.json.replaced").read_bytes() == current  # the replaced file is kept


def test_restoring_the_backup_over_a_damaged_file_needs_no_force(export_dir, tmp_path, capsys):
    prof = tmp_path / "p"
    assert main(["--profile", str(prof), "init", str(export_dir)]) == 0
    assert main(["--profile", str(prof), "init", str(export_dir), "--force"]) == 0  # a backup exists
    (prof / "settings.json").write_text('{"version": 1, "stores": "s1"}', encoding="utf-8")
    code, out, err = run(["--profile", str(prof), "settings", "--restore-backup"], capsys)
    assert code == 0 and "tatt i bruk" in out, err
    assert (prof / "settings.json.corrupt").read_text(encoding="utf-8") == '{"version": 1, "stores": "s1"}'


def test_a_stores_own_key_headless_by_the_keys_steps_rules(export_dir, tmp_path, capsys, monkeypatch):
    """`key --store S --slot N`: what an installer does without the wizard for a store with its own PowerOffice key."""
    import io

    from ledgerwizard.adapters.secrets import SecretStore, store_key_owner
    from ledgerwizard.adapters.settings import Profile, SettingsStore
    from ledgerwizard_sandbox import start_sandbox

    prof = tmp_path / "profile"
    emu, clients = start_sandbox("poweroffice")
    try:
        _sandbox_profile(prof, export_dir, emu, capsys)
        secrets = SecretStore.for_profile(Profile.resolve(prof))
        key = "0f1e2d3c-4b5a-4968-8776-655443322110"

        def key_cmd(*args, stdin=key):
            monkeypatch.setattr("sys.stdin", io.StringIO(stdin + "\n"))
            return run(["--profile", str(prof), "key", "--store", "s1", *args], capsys)

        code, _out, err = key_cmd("--slot", "0")  # the main key is the company's
        assert code == 2 and "--slot 1–9" in err and secrets.get("poweroffice", store_key_owner("c1", "s1")) is None
        code, _out, err = key_cmd("--slot", "2", stdin="not-a-key")
        assert code == 2 and "ikke lagret" in err and secrets.get("poweroffice", store_key_owner("c1", "s1")) is None
        code, out, _ = key_cmd("--slot", "2")
        assert code == 0 and "tilleggsnøkkel 2" in out
        assert secrets.get("poweroffice", store_key_owner("c1", "s1")).reveal() == key
        assert SettingsStore(Profile.resolve(prof)).load().stores[0].key_slot == 2
        assert secrets.get("poweroffice", "c1") is None  # the company's key untouched
        code, out, _ = key_cmd("--forget")
        assert code == 0 and secrets.get("poweroffice", store_key_owner("c1", "s1")) is None
        assert SettingsStore(Profile.resolve(prof)).load().stores[0].key_slot is None
        monkeypatch.setattr("sys.stdin", io.StringIO(""))
        code, _out, err = run(["--profile", str(prof), "key", "--store", "nope"], capsys)
        assert code == 2 and "nope" in err and "Ingen nøkkel" not in err  # the store first, before any key
    finally:
        emu.stop()
