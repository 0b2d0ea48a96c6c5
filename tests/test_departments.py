"""Issue 14, departments and keys per store: each store's ledger department chosen from the live list (all four
systems, against their emulators over loopback), never made up; a missing or inactive department red and blocking;
PowerOffice's add-on application keys per store (slot, the application key copied, the client key pasted back and
tested, kept per store in the keyring, and the store's vouchers sent with it); the system page saying what this build
can connect to before any key is made."""

import datetime as dt
from decimal import Decimal as D

import pytest
from PySide6.QtWidgets import QApplication, QWizard

from saft_helpers import write

from ledgerwizard.adapters.secrets import store_key_owner
from ledgerwizard.adapters.settings import Company, Profile, Settings, SettingsStore, Store
from ledgerwizard.connectors import open_connector
from ledgerwizard.connectors.base import Department
from ledgerwizard.connectors.integration import SANDBOX_POWEROFFICE_APP_KEYS
from ledgerwizard.core.mapping import Mapping
from ledgerwizard.services.sending import Sending
from ledgerwizard.services.workspace import Workspace
from ledgerwizard.setup import departments as deps
from ledgerwizard.setup.model import SetupModel
from ledgerwizard.ui.wizard import SetupWizard
from ledgerwizard_sandbox import start_sandbox
from ledgerwizard_sandbox.saftgen import Line, Location, Register, make_txn

DAY = dt.date(2026, 3, 2)
RED = "color: #b00020"
SYSTEMS = ["poweroffice", "tripletex", "xledger", "duett"]


def _factory(company, key):
    return open_connector(company, client_key=key)


def _at(h, m=0):
    return dt.datetime.combine(DAY, dt.time(h, m))


def _two_stores(folder):
    """Two stores of one company: "Kaffebar Majorstuen" (the ledger's department 2 by name) and "Butikk 3" (the
    ledger's department 3 by number)."""
    folder.mkdir(parents=True, exist_ok=True)
    a = Register("MJ-1", [make_txn(1, _at(9), [Line("300", "3", D("98.00"))], "KONT"),
                          make_txn(2, _at(11), [Line("400", "3", D("45.00"))], "KONT")], [_at(22, 45)])
    b = Register("B3-1", [make_txn(1, _at(10), [Line("300", "3", D("120.00"))], "KONT")], [_at(22, 50)])
    write(folder / "two.xml", [Location("Kaffebar Majorstuen", [a]), Location("Butikk 3", [b])])
    return folder


@pytest.fixture
def profile(tmp_path):
    return Profile.resolve(tmp_path / "profile")


def _to_keys(qtbot, profile, export, system, emu, key, settings=None):
    """The wizard from its start to the keys step, as a user goes (the sandbox environment), the key tested."""
    ws = Workspace(profile)
    if settings is not None:
        ws.save(settings)
    w = SetupWizard(ws, connector_factory=_factory)
    w.sandbox, w.sandbox_key, w.keep_sandbox = emu, key, True
    w.model.sandbox_url = emu.url
    qtbot.addWidget(w)
    w.show()
    w.next()  # welcome
    src = w.current_step()
    src.path.setText(str(export))
    src.path.editingFinished.emit()
    qtbot.waitUntil(src.is_complete, timeout=20000)
    w.next()
    sysp = w.current_step()
    sysp.radios[system].click()
    sysp.env.setCurrentIndex(2)  # sandbox
    w.next()
    keys = w.current_step()
    box = next(iter(keys.boxes.values()))
    box["edit"].setText(key)
    box["test"].click()
    # settled: the rows are built from the departments the ledger listed (a row looked at before that is rebuilt
    # under the test's feet on a busy machine)
    qtbot.waitUntil(lambda: bool(keys.rows) and not keys.loading
                    and all(keys.m.departments_of(cid) is not None or cid in keys.chart_errors for cid in keys.boxes),
                    timeout=15000)
    return w, keys


# --- the pure rules ------------------------------------------------------------------------------------------------

LIVE = [Department("11", "1", "Storgata"), Department("12", "2", "Torget"), Department("13", "3", "Lager", False),
        Department("14", "4", "Kaffebar Torget")]


def test_a_suggestion_comes_from_the_live_list_by_name_or_number_and_never_an_inactive_or_ambiguous_one():
    assert deps.suggest(["Storgata"], LIVE).code == "1"  # the same name
    assert deps.suggest(["Location A: Storgata"], LIVE).code == "1"  # its whole name in the store's
    assert deps.suggest(["Kaffebar Torget"], LIVE).code == "4"  # the longest name that matches wins
    assert deps.suggest(["Butikk 2"], LIVE).code == "2"  # the store's one number
    assert deps.suggest(["Lager"], LIVE) is None  # inactive: never suggested
    assert deps.suggest(["Butikk 3"], LIVE) is None  # (department 3 is inactive)
    assert deps.suggest(["Kasse 1 og 2"], LIVE) is None  # two numbers: no guess
    assert deps.suggest(["Sentrum"], LIVE) is None
    twins = [Department("1", "1", "Torget"), Department("2", "2", "Torget")]
    assert deps.suggest(["Torget"], twins) is None  # two departments of that name: the user chooses


def test_a_new_store_has_no_department_until_chosen_or_suggested(export_dir):
    from ledgerwizard.core.saft.reader import ReadOptions
    from ledgerwizard.core.saft.source import ExportSource

    m = SetupModel()
    m.set_scan(str(export_dir), ExportSource([str(export_dir)], ReadOptions(), settle_seconds=0).scan())
    s = m.stores[0]
    assert (s.department, s.department_state) == ("", deps.UNSET)  # never "1"
    assert m.department_rows()[0].problem is None  # not read yet: nothing to say
    m.set_departments(s.company_id, LIVE)
    assert (s.department, s.department_state) == ("", deps.UNSET)  # "Location A: Shop Frogner" matches none
    m.set_departments(s.company_id, LIVE + [Department("15", "5", "Frogner")])
    assert (s.department, s.department_state) == ("5", deps.SUGGESTED)
    m.set_department(s.id, "3")
    assert "inaktiv" in m.department_rows()[0].problem.nb and not m.departments_complete()
    m.set_department(s.id, "")
    assert m.department_rows()[0].state == deps.NONE and m.departments_complete()
    assert m.build_settings().stores[0].department == ""


# --- the keys step, against each ledger's emulator -----------------------------------------------------------------

@pytest.mark.parametrize("system", SYSTEMS)
def test_each_store_chooses_its_department_from_the_ledgers_live_list(qtbot, profile, export_dir, system):
    emu, clients = start_sandbox(system)
    try:
        w, keys = _to_keys(qtbot, profile, export_dir, system, emu, clients[0][1])
        row = keys.rows["s1"]
        combo = row["combo"]
        items = {combo.itemData(i): combo.itemText(i) for i in range(combo.count())}
        # the live list: the ledger's four departments (the inactive one said so) and "no department"
        assert set(items) == {"", "1", "2", "3", "9"}
        assert items[""] in ("Ingen avdeling", "No department")
        assert "Lager" in items["9"] and ("inaktiv" in items["9"] or "inactive" in items["9"])
        # "Location A: Shop Frogner" ↔ the ledger's "Frogner": suggested, and shown as a suggestion
        assert combo.currentData() == "3" and w.model.stores[0].department_state == deps.SUGGESTED
        assert "Foreslått" in row["state"].text() or "Suggested" in row["state"].text()
        assert keys.is_complete()
        # the inactive one: a red row, and the step cannot be left
        combo.setCurrentIndex(combo.findData("9"))
        assert row["state"].styleSheet() == RED and ("inaktiv" in row["state"].text() or "inactive" in row["state"].text())
        assert not keys.is_complete() and not w.button(QWizard.WizardButton.NextButton).isEnabled()
        combo.setCurrentIndex(combo.findData("2"))
        assert row["state"].styleSheet() != RED and keys.is_complete()
        assert w.model.build_settings().stores[0].department == "2"
        combo.setCurrentIndex(combo.findData(""))
        assert keys.is_complete() and w.model.build_settings().stores[0].department == ""
    finally:
        emu.stop()


def test_a_saved_department_the_ledger_no_longer_has_is_red_and_blocks(qtbot, profile, export_dir):
    emu, clients = start_sandbox("tripletex")
    try:
        saved = Settings(companies=[Company("c1", "tripletex", "sandbox", "Demo", "999999999",
                                           options={"base_url": emu.url})],
                         stores=[Store("s1", "Location A: Shop Frogner", "c1", "7", "Location A: Shop Frogner",
                                       mapping=Mapping())])
        w, keys = _to_keys(qtbot, profile, export_dir, "tripletex", emu, clients[0][1], settings=saved)
        row = keys.rows["s1"]
        assert row["combo"].currentData() == "7"  # kept as saved (never replaced by a suggestion) …
        assert "7" in row["combo"].currentText()
        assert row["state"].styleSheet() == RED and ("finnes ikke" in row["state"].text()
                                                     or "does not exist" in row["state"].text())
        assert not keys.is_complete()  # … and red until another is chosen
        row["combo"].setCurrentIndex(row["combo"].findData("3"))
        assert keys.is_complete() and w.model.stores[0].department_state == deps.CHOSEN
    finally:
        emu.stop()


# --- PowerOffice's add-on keys per store ----------------------------------------------------------------------------

def test_a_store_with_its_own_add_on_key_sends_its_vouchers_with_it(qtbot, profile, tmp_path):
    export = _two_stores(tmp_path / "export")
    emu, clients = start_sandbox("poweroffice")
    client = next(iter(emu.clients.values()))
    try:
        w, keys = _to_keys(qtbot, profile, export, "poweroffice", emu, clients[0][1])
        names = {s.id: s.name for s in w.model.stores}
        sid = next(k for k, v in names.items() if v == "Butikk 3")
        other = next(k for k in names if k != sid)
        # suggestions: by name (Kaffebar Majorstuen ↔ Majorstuen) and by number (Butikk 3 ↔ 3)
        assert keys.rows[other]["combo"].currentData() == "2" and keys.rows[sid]["combo"].currentData() == "3"
        row = keys.rows[sid]
        assert not row["slot"].isVisible()  # the company's key, until the store needs its own
        row["own"].click()
        assert row["slot"].isVisible() and not keys.is_complete()  # a key of its own must be tested
        slots = [row["slot"].itemData(i) for i in range(row["slot"].count())]
        assert slots == list(range(10))
        row["slot"].setCurrentIndex(row["slot"].findData(0))  # the company's own slot: refused
        assert row["result"].styleSheet() == RED and not row["test"].isEnabled()
        row["slot"].setCurrentIndex(row["slot"].findData(2))
        # the exact application key to paste into PowerOffice, copied with the button, and the clicks
        assert row["app"].text() == SANDBOX_POWEROFFICE_APP_KEYS[2]
        QApplication.clipboard().clear()
        row["copy"].click()
        assert QApplication.clipboard().text() == SANDBOX_POWEROFFICE_APP_KEYS[2]
        assert "Egendefinert" in row["how"].text() or "Custom" in row["how"].text()
        assert SANDBOX_POWEROFFICE_APP_KEYS[2] in row["how"].text()
        # PowerOffice makes the client key for that application key; pasted back and tested
        store_key = emu.add_addon_key(client, 2)
        row["key"].setText(store_key)
        row["test"].click()
        qtbot.waitUntil(lambda: "Connected" in row["result"].text() or "Tilkoblet" in row["result"].text(),
                        timeout=15000)
        assert "2" in row["result"].text() and keys.is_complete()
        # a key made for another add-on does not work with slot 2
        wrong = emu.add_addon_key(client, 5)
        row["key"].setText(wrong)
        assert not keys.is_complete()
        row["test"].click()
        qtbot.waitUntil(lambda: row["result"].styleSheet() == RED and "…" not in row["result"].text(), timeout=15000)
        assert not keys.is_complete()
        row["key"].setText(store_key)
        row["test"].click()
        qtbot.waitUntil(keys.is_complete, timeout=15000)
        w.next()
        acc = w.current_step()
        qtbot.waitUntil(acc.is_complete, timeout=15000)
        w.next()  # schedule
        w.next()
        test = w.current_step()
        test.store_box.setCurrentIndex(test.store_box.findData(sid))
        qtbot.waitUntil(lambda: test.voucher is not None and test.send_btn.isEnabled(), timeout=15000)
        test.send_btn.click()  # the test transfer of the store with its own key goes with that key
        qtbot.waitUntil(lambda: "10001" in test.result.text(), timeout=15000)
        assert list(client.posted_with.values()) == [SANDBOX_POWEROFFICE_APP_KEYS[2]]
        w.accept()  # Finish: the settings and the keys saved (on a worker)
        qtbot.waitUntil(lambda: w.saved, timeout=15000)
        ws = Workspace(profile)
        assert ws.secrets.get("poweroffice", store_key_owner("c1", sid)).reveal() == store_key
        assert ws.secrets.get("poweroffice", "c1").reveal() == clients[0][1]
        saved = SettingsStore(profile).load()
        assert saved.store(sid).key_slot == 2 and saved.store(other).key_slot is None
        assert (saved.store(sid).department, saved.store(other).department) == ("3", "2")
        assert '"key_slot": 2' in profile.settings_path.read_text() and store_key not in profile.settings_path.read_text()
        # each store's voucher goes with its own key: the emulator records which application key made each one
        out = Sending(ws).send(days=[DAY])
        assert {o.store: o.status for o in out}[other] == "sent", [(o.status, o.message) for o in out]
        by_store = {}
        for v in client.vouchers.values():
            by_store[v["VoucherLines"][0]["DepartmentId"]] = client.posted_with[v["Id"]]
        assert by_store == {103: SANDBOX_POWEROFFICE_APP_KEYS[2], 102: SANDBOX_POWEROFFICE_APP_KEYS[0]}
        # forgetting the company's keys forgets its stores' own keys too
        from ledgerwizard.services.setup import forget_keys

        assert forget_keys(ws, "c1") == 2
        assert ws.secrets.get("poweroffice", store_key_owner("c1", sid)) is None
    finally:
        emu.stop()


def test_a_store_whose_own_key_is_missing_from_the_keyring_is_not_sent_with_the_company_key(profile, tmp_path):
    export = _two_stores(tmp_path / "export")
    emu, clients = start_sandbox("poweroffice")
    client = next(iter(emu.clients.values()))
    try:
        ws = Workspace(profile)
        ws.save(Settings(source_paths=[str(export)],
                         companies=[Company("c1", "poweroffice", "sandbox", "Demo", "999888777",
                                            options={"base_url": emu.url})],
                         stores=[Store("s1", "Butikk 3", "c1", "3", "Butikk 3", key_slot=4,
                                       mapping=Mapping(payments={"KONT": "1900"}))]))
        ws.secrets.set("poweroffice", "c1", clients[0][1])
        out = Sending(ws).send(days=[DAY])
        assert [o.status for o in out] == ["failed"]
        assert "egen nøkkel" in out[0].message.nb and "own" in out[0].message.en
        assert client.vouchers == {}
    finally:
        emu.stop()


# --- the system page -------------------------------------------------------------------------------------------------

def test_the_system_page_says_what_this_build_can_connect_to_before_any_key(qtbot, profile, export_dir,
                                                                            monkeypatch):
    for name in ("POWEROFFICE_APP_KEY", "POWEROFFICE_SUBSCRIPTION_KEY", "TRIPLETEX_CONSUMER_TOKEN",
                 "DUETT_INTEGRATION_KEY"):
        monkeypatch.delenv(f"LEDGERWIZARD_{name}", raising=False)
    monkeypatch.setenv("LEDGERWIZARD_TRIPLETEX_CONSUMER_TOKEN", "a-consumer-token")
    w = SetupWizard(Workspace(profile))
    qtbot.addWidget(w)
    w.show()
    w.next()
    src = w.current_step()
    src.path.setText(str(export_dir))
    src.path.editingFinished.emit()
    qtbot.waitUntil(src.is_complete, timeout=20000)
    w.next()
    sysp = w.current_step()
    assert sysp is w.step("system")
    qtbot.waitUntil(lambda: bool(sysp.reseller.text()), timeout=10000)
    text = {k: a.text() for k, a in sysp.avail.items()}
    assert "produksjon" in text["tripletex"] or "production" in text["tripletex"]
    assert sysp.avail["tripletex"].styleSheet() != RED and sysp.avail["xledger"].styleSheet() != RED
    for missing in ("poweroffice", "duett"):
        assert sysp.avail[missing].styleSheet() == RED
    assert "poweroffice_subscription_key" in text["poweroffice"] and "duett_integration_key" in text["duett"]
    reseller = sysp.reseller.text()
    assert "build_config.json" in reseller and "poweroffice_app_keys" in reseller
    assert "tripletex_consumer_token" not in reseller  # present: nothing to add


def test_the_settings_dialog_saves_a_changed_department_with_the_ledger_section(qtbot, tmp_path, export_dir):
    from ledgerwizard.services.setup import init_profile
    from ledgerwizard.ui.settings import SettingsDialog

    emu, clients = start_sandbox("poweroffice")
    try:
        profile = Profile.resolve(tmp_path / "p")
        s = init_profile(Workspace(profile), export_dir, system="poweroffice", environment="sandbox")
        assert s.stores[0].department == ""  # init makes none up
        s.companies[0].options = {"base_url": emu.url}
        Workspace(profile).save(s)
        Workspace(profile).secrets.set("poweroffice", "c1", clients[0][1])
        d = SettingsDialog(Workspace(profile), connector_factory=_factory)
        qtbot.addWidget(d)
        d.show()
        qtbot.waitUntil(lambda: d.model.companies[0].key == clients[0][1], timeout=10000)
        d.list.setCurrentRow(1)  # the accounting system and its keys
        keys = d.steps["ledger"][1]
        qtbot.waitUntil(lambda: "s1" in keys.rows and not keys.loading, timeout=10000)  # read with the saved key
        combo = keys.rows["s1"]["combo"]
        assert combo.currentData() == ""  # saved as none: kept, not replaced by a suggestion
        assert not d.save_button.isEnabled()
        combo.setCurrentIndex(combo.findData("3"))
        assert d.dirty("ledger")
        qtbot.waitUntil(d.save_button.isEnabled, timeout=5000)
        with qtbot.waitSignal(d.saved, timeout=10000):
            d.save_button.click()
        assert SettingsStore(profile).load().stores[0].department == "3"
    finally:
        emu.stop()


# --- the ledgers refuse an inactive department, and so does the check before sending ---------------------------------

@pytest.mark.parametrize("system", SYSTEMS)
@pytest.mark.parametrize("skip_precheck", [False, True])
def test_a_voucher_for_an_inactive_department_is_refused(example_2021, monkeypatch, system, skip_precheck):
    from ledgerwizard.connectors import base
    from ledgerwizard.core.mapping import suggest
    from ledgerwizard.core.saft.source import ExportSource
    from ledgerwizard.core.transfer import LedgerError
    from ledgerwizard.core.voucher import build_voucher

    from ledger_helpers import open_for

    emu, clients = start_sandbox(system, listen=False)
    company = Company("c1", system, "sandbox", options={"base_url": "http://sandbox.invalid"})
    with open_for(emu, company, client_key=_secret(clients[0][1]), sleep=lambda s: None) as con:
        chart = con.chart()
        assert [(d.code, d.active) for d in con.departments() if d.code == "9"] == [("9", False)]
        d = ExportSource(example_2021, settle_seconds=0).scan().summaries()[0]
        a = d.combined
        mapping = suggest(d.master, a.vat, a.groups, a.payments, chart.accounts)
        ok = build_voucher(d, mapping, department="3")
        inactive = build_voucher(d, mapping, department="9")
        inactive.external_ref += "-9"
        if skip_precheck:  # the emulator itself, as strict as the ledger, refuses it
            monkeypatch.setattr(base, "precheck", lambda *a, **k: None)
        with pytest.raises(LedgerError) as e:
            con.post(inactive)
        assert e.value.outcome == "rejected"
        said = e.value.render("nb") + e.value.render("en")
        if not skip_precheck:
            assert "inaktiv" in e.value.render("nb") and e.value.kind == "precheck"
        else:  # the ledger's own words about the department
            assert any(w in said for w in ("inactive", "inaktiv", "is closed", "cannot be used in accounting")), said
        assert con.post(ok).voucher_id


def _secret(value):
    from ledgerwizard.adapters.secrets import Secret

    return Secret(value)
