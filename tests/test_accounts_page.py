"""Issue 14 (mapping) and issue 13 (offline accounts): the accounts page through its real widgets — sections and
columns, lines the export has not used yet, Saved/Suggested, no error on the first keystroke, Tab only between
fields, the saved accounts without the ledger (visible, editable, savable, checked once the chart loads), templates
exported from one company and imported into another with a changed chart, the default template, and the second
store of a company in at most 10 user actions."""

import dataclasses
import json

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QRadioButton, QWizard

from ledgerwizard.adapters.settings import Profile, SettingsStore
from ledgerwizard.connectors import open_connector
from ledgerwizard.services.setup import init_profile
from ledgerwizard.services.workspace import Workspace
from ledgerwizard.ui import i18n
from ledgerwizard.ui.settings import SettingsDialog
from ledgerwizard.ui.steps.accounts import PAUSE_MS, AccountCombo
from ledgerwizard_sandbox import start_sandbox

CLOSED = "http://127.0.0.1:9"  # nothing listens there: the ledger cannot be reached


@pytest.fixture(params=["nb"])
def lang(request):
    i18n.install(request.param)
    yield request.param
    i18n.install("nb")


def _shop(tmp_path, export_dir, emu, key, name="p", language="nb", tweak=None):
    profile = Profile.resolve(tmp_path / name)
    s = init_profile(Workspace(profile), export_dir, system="poweroffice", environment="sandbox")
    s.companies[0].options = {"base_url": emu.url}
    s.language = language
    if tweak:
        tweak(s)
    Workspace(profile).save(s)
    Workspace(profile).secrets.set("poweroffice", "c1", key)
    return profile


@pytest.fixture
def emu():
    e, clients = start_sandbox("poweroffice")
    e.demo_key = clients[0][1]
    yield e
    e.stop()


class Online:
    """The connector factory the dialog uses; ``down`` makes the ledger unreachable (a closed port)."""

    def __init__(self):
        self.down = False

    def __call__(self, company, key):
        if self.down:
            company = dataclasses.replace(company, options={**company.options, "base_url": CLOSED})
        return open_connector(company, client_key=key, sleep=lambda s: None)


def _accounts(qtbot, profile, factory=None):
    d = SettingsDialog(Workspace(profile), connector_factory=factory or Online())
    qtbot.addWidget(d)
    d.show()
    qtbot.waitUntil(lambda: bool(d.model.companies[0].key), timeout=10000)  # the saved key, read from the keyring
    d.list.setCurrentRow(2)  # accounts
    step = d.steps["accounts"][0]
    return d, step


def _row(step, kind, key=""):
    return next(i for i, r in enumerate(step.row_objs) if r.kind == kind and (not key or r.key == key))


def _status(step, i):
    return step.table.item(i, 3).text()


def _loaded(qtbot, step):
    qtbot.waitUntil(lambda: not step.loading and step.table.checked, timeout=20000)  # filled from the live chart


def test_sections_columns_and_lines_the_export_has_not_used(qtbot, tmp_path, export_dir, emu, lang):
    def tweak(s):  # one line saved blank: the page suggests it
        s.stores[0].mapping.tips_account = ""
        s.stores[0].mapping.gift_card_account = ""

    profile = _shop(tmp_path, export_dir, emu, emu.demo_key, tweak=tweak)
    d, step = _accounts(qtbot, profile)
    _loaded(qtbot, step)
    t = step.table
    heads = [t.item(i, 0).text() for i, r in enumerate(step.row_objs) if r.kind == "section"]
    assert heads == ["Inntekter per varegruppe og mva-sats", "Mva-koder", "Betalingsmåter", "Øvrige kontoer"]
    assert [t.horizontalHeaderItem(c).text() for c in range(4)] == \
        ["I kassen", "Konto i regnskapet", "Mva-kode i regnskapet", "Status"]
    # the VAT codes: the ledger's VAT code in its own column, the output VAT account in the account column
    vat = [i for i, ln in enumerate(t.lines) if ln is not None and ln.section == "vat"]
    assert vat
    for i in vat:
        assert isinstance(t.cellWidget(i, 2), AccountCombo) and t.lines[i].vat.path.endswith(".ledger_code")
        assert t.lines[i].account.path.endswith(".output_account")
    # revenue lines show the VAT code they post with, read-only; no account picker in the VAT column
    rev = [i for i, ln in enumerate(t.lines) if ln is not None and ln.section == "revenue" and ln.account.kind == "group"]
    assert rev and all(t.cellWidget(i, 2) is None and t.item(i, 2).text() for i in rev)
    # every other account the voucher can use, even what this export has not used yet
    others = {r.kind for r in step.row_objs if r.kind in ("rounding", "tips", "gift_card", "cash_difference",
                                                         "receivables")}
    assert others == {"rounding", "tips", "gift_card", "cash_difference", "receivables"}
    cash_diff = _row(step, "cash_difference")
    assert not step.row_objs[cash_diff].required  # the example export has no cash difference: may stay blank
    assert _status(step, cash_diff) == "Lagret"
    assert _status(step, _row(step, "tips")) == "Foreslått"  # blank in the file, suggested from the chart
    assert _status(step, _row(step, "payment", "DEBCARD")) == "Lagret"
    assert all(t.item(i, 3).foreground().color().name() != "#b00020" for i in range(t.rowCount()) if t.lines[i])
    # a line the export has not used is still saved: gift cards appear, are chosen and saved
    gift = _row(step, "gift_card")
    t.cellWidget(gift, 1).setCurrentText(next(t.cellWidget(gift, 1).itemText(k) for k in range(
        t.cellWidget(gift, 1).count()) if t.cellWidget(gift, 1).itemText(k).startswith("2902 ")))
    assert _status(step, gift) == "Endret, ikke lagret"
    with qtbot.waitSignal(d.saved, timeout=10000):
        d.save_button.click()
    assert SettingsStore(profile).load().stores[0].mapping.gift_card_account == "2902"
    qtbot.waitUntil(lambda: _status(step, _row(step, "gift_card")) == "Lagret")


def test_typing_an_account_is_checked_when_committed_not_on_each_keystroke(qtbot, tmp_path, export_dir, emu, lang):
    profile = _shop(tmp_path, export_dir, emu, emu.demo_key)
    d, step = _accounts(qtbot, profile)
    _loaded(qtbot, step)
    i = _row(step, "payment", "DEBCARD")
    combo = step.table.cellWidget(i, 1)
    edit = combo.lineEdit()
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "1")  # the first keystroke of "1581"
    qtbot.wait(PAUSE_MS // 3)
    assert "finnes ikke" not in _status(step, i) and _status(step, i) == "Lagret"
    assert d.model.mappings["s1"].payments["DEBCARD"] != "1"  # nothing committed yet
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)  # emptied while typing: no "No account" either
    qtbot.wait(PAUSE_MS // 3)
    assert combo.currentText() == "" and _status(step, i) == "Lagret"
    qtbot.keyClicks(edit, "158")
    qtbot.keyClick(edit, Qt.Key.Key_Return)  # Enter commits: now it is checked
    assert _status(step, i) == "Konto 158 finnes ikke i kontoplanen."
    edit.selectAll()
    qtbot.keyClicks(edit, "1581")
    qtbot.waitUntil(lambda: d.model.mappings["s1"].payments["DEBCARD"] == "1581", timeout=PAUSE_MS * 3)  # a pause
    assert _status(step, i) == "Endret, ikke lagret"


def test_tab_goes_from_field_to_field_never_onto_read_only_cells(qtbot, tmp_path, export_dir, emu, lang):
    profile = _shop(tmp_path, export_dir, emu, emu.demo_key)
    d, step = _accounts(qtbot, profile)
    _loaded(qtbot, step)
    d.activateWindow()
    qtbot.waitActive(d)
    combos = step.table.combos
    assert len(combos) >= 8
    combos[0].setFocus()
    qtbot.waitUntil(lambda: combos[0].hasFocus() or combos[0].lineEdit().hasFocus())
    for want in combos[1:]:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        w = QApplication.focusWidget()
        assert w is want or want.isAncestorOf(w), (w, want)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)
    w = QApplication.focusWidget()
    assert w is combos[-2] or combos[-2].isAncestorOf(w)


OFFLINE = {"nb": ("ikke kontrollert", "Lagret – ikke kontrollert mot kontoplanen",
                  "Endret, ikke lagret – ikke kontrollert mot kontoplanen", "Konto 4242 finnes ikke i kontoplanen.",
                  "Lagret"),
           "en": ("not checked", "Saved – not checked against the live chart",
                  "Changed, not saved – not checked against the live chart", "Account 4242 is not in the chart.",
                  "Saved")}


@pytest.mark.parametrize("lang", ["nb", "en"], indirect=True)
def test_without_the_ledger_the_saved_accounts_stay_visible_editable_and_savable(qtbot, tmp_path, export_dir, emu,
                                                                                  lang):
    note, saved_unchecked, changed_unchecked, missing, saved = OFFLINE[lang]
    profile = _shop(tmp_path, export_dir, emu, emu.demo_key, language=lang)
    online = Online()
    online.down = True
    d, step = _accounts(qtbot, profile, online)
    qtbot.waitUntil(lambda: step.offline is not None, timeout=30000)
    assert step.offline_label.isVisible() and note in step.offline_label.text()
    i = _row(step, "payment", "DEBCARD")
    assert step.table.cellWidget(i, 1).currentText() == "1579"  # the saved account, shown
    assert _status(step, i) == saved_unchecked
    assert all(isinstance(step.table.cellWidget(k, 1), AccountCombo) for k, ln in enumerate(step.table.lines)
               if ln is not None and ln.account is not None)
    step.table.cellWidget(i, 1).setCurrentText("4242")  # typed, then Enter
    step.table.cellWidget(i, 1).lineEdit().editingFinished.emit()
    assert _status(step, i) == changed_unchecked
    assert d.save_button.isEnabled()
    with qtbot.waitSignal(d.saved, timeout=10000):
        d.save_button.click()
    assert SettingsStore(profile).load().stores[0].mapping.payments["DEBCARD"] == "4242"
    # the ledger answers again: the rows are checked against the live chart
    online.down = False
    step.retry_btn.click()
    qtbot.waitUntil(lambda: step.offline is None and not step.loading, timeout=20000)
    assert not step.offline_label.isVisible()
    qtbot.waitUntil(lambda: _status(step, _row(step, "payment", "DEBCARD")) == missing)
    assert _status(step, _row(step, "payment", "CASH")) == saved


def _chart_without(emu, key, missing, inactive=()):
    c = emu.clients[key]
    c.accounts = [a for a in c.accounts if str(a["AccountNo"]) not in missing]
    for a in c.accounts:
        if str(a["AccountNo"]) in inactive:
            a["IsActive"] = False


def _pick(combo, number):
    combo.setCurrentText(next(combo.itemText(k) for k in range(combo.count())
                              if combo.itemText(k).startswith(number + " ")))


def _choose_file(qtbot, step, path):
    qtbot.waitUntil(lambda: step.file_dialog is not None and step.file_dialog.isVisible())
    step.file_dialog.selectFile(str(path))
    step.file_dialog.accept()


def test_template_exported_from_one_company_and_imported_into_another_with_a_changed_chart(
        qtbot, tmp_path, export_dir, emu, lang):
    a = _shop(tmp_path, export_dir, emu, emu.demo_key, name="a")
    _name, key_b = emu.add_demo_company("Annen Kaffebar AS", "999777666")
    _chart_without(emu, key_b, missing={"1580"}, inactive={"2902"})
    b = _shop(tmp_path, export_dir, emu, key_b, name="b")
    # company A: the accountant's choices, exported
    d, step = _accounts(qtbot, a)
    _loaded(qtbot, step)
    _pick(step.table.cellWidget(_row(step, "payment", "DEBCARD"), 1), "1580")  # not in B's chart
    _pick(step.table.cellWidget(_row(step, "tips"), 1), "2900")  # fine in B's chart
    _pick(step.table.cellWidget(_row(step, "gift_card"), 1), "2902")  # inactive in B's chart
    target = tmp_path / "kaffebar-mal.json"
    step.export_store.trigger()
    _choose_file(qtbot, step, target)
    qtbot.waitUntil(target.exists, timeout=10000)
    qtbot.waitUntil(lambda: str(target) in step.status.text())
    doc = json.loads(target.read_text("utf-8"))
    assert doc["format"] == "ledgerwizard-mapping" and doc["version"] == 1
    assert doc["mapping"]["payments"]["DEBCARD"] == "1580" and doc["mapping"]["tips_account"] == "2900"
    text = target.read_text("utf-8")
    assert emu.demo_key not in text and "department" not in text and key_b not in text
    d.close()
    # company B: import, preview against B's live chart
    d2, step2 = _accounts(qtbot, b)
    _loaded(qtbot, step2)
    before = d2.model.mappings["s1"].copy()
    step2.import_file.trigger()
    _choose_file(qtbot, step2, target)
    qtbot.waitUntil(lambda: step2.import_dialog is not None and step2.import_dialog.isVisible(), timeout=10000)
    dlg = step2.import_dialog
    rows = {c.field: i for i, c in enumerate(dlg.changes)}
    deb, tips, gift = rows["payments.DEBCARD"], rows["tips_account"], rows["gift_card_account"]
    assert (dlg.table.item(deb, 1).text(), dlg.table.item(deb, 2).text()) == ("1579", "1580")  # old → new
    assert dlg.table.item(deb, 3).text() == "Konto 1580 finnes ikke i kontoplanen."
    assert dlg.table.item(deb, 0).background().color().name() == "#fdecea"  # red
    assert dlg.table.item(deb, 0).checkState() == Qt.CheckState.Unchecked  # not applied unless ticked
    assert dlg.table.item(gift, 3).text() == "Konto 2902 er inaktiv."
    assert (dlg.table.item(tips, 1).text(), dlg.table.item(tips, 2).text()) == ("2910", "2900")
    assert dlg.table.item(tips, 0).checkState() == Qt.CheckState.Checked
    assert d2.model.mappings["s1"] == before  # nothing applied before the user confirms
    dlg.apply_btn.click()
    m = d2.model.mappings["s1"]
    assert m.tips_account == "2900" and m.payments["DEBCARD"] == "1579" and m.gift_card_account == before.gift_card_account
    assert _status(step2, _row(step2, "tips")) == "Endret, ikke lagret"
    # ticking a red line applies it on purpose: the page then shows it red
    step2.import_file.trigger()
    _choose_file(qtbot, step2, target)
    qtbot.waitUntil(lambda: step2.import_dialog is not dlg and step2.import_dialog.isVisible(), timeout=10000)
    dlg2 = step2.import_dialog
    dlg2.table.item(next(i for i, c in enumerate(dlg2.changes) if c.field == "payments.DEBCARD"), 0).setCheckState(
        Qt.CheckState.Checked)
    dlg2.apply_btn.click()
    assert _status(step2, _row(step2, "payment", "DEBCARD")) == "Konto 1580 finnes ikke i kontoplanen."
    assert not d2.save_button.isEnabled()  # a red line: the section cannot be saved


def test_a_bad_template_file_is_refused_with_its_name_and_the_problem(qtbot, tmp_path, export_dir, emu, lang):
    profile = _shop(tmp_path, export_dir, emu, emu.demo_key)
    d, step = _accounts(qtbot, profile)
    _loaded(qtbot, step)
    bad = tmp_path / "ødelagt.json"
    bad.write_text('{"format": "ledgerwizard-mapping", "version": 1, "mapping": {"payments": {"CASH": "1900"}},'
                   ' "client_key": "x"}', "utf-8")
    before = d.model.mappings["s1"].copy()
    step.import_file.trigger()
    _choose_file(qtbot, step, bad)
    qtbot.waitUntil(lambda: "ødelagt.json" in step.status.text(), timeout=10000)
    assert "ukjent nøkkel" in step.status.text() and "'client_key'" in step.status.text()
    assert step.import_dialog is None and d.model.mappings["s1"] == before


def test_the_default_template_is_edited_in_the_ui_and_never_applied_silently(qtbot, tmp_path, export_dir, emu, lang):
    profile = _shop(tmp_path, export_dir, emu, emu.demo_key)
    saved = SettingsStore(profile).load()
    d, step = _accounts(qtbot, profile)
    _loaded(qtbot, step)
    step.template_btn.click()
    dlg = step.template_dialog
    qtbot.waitUntil(dlg.isVisible)
    t = dlg.table
    i = next(k for k, r in enumerate(t.row_objs) if r.kind == "payment" and r.key == "DEBCARD")
    _pick(t.cellWidget(i, 1), "1581")
    assert t.item(i, 3).text() == "Endret, ikke lagret"
    dlg.close_btn.click()
    assert d.model.mappings["s1"].payments["DEBCARD"] == saved.stores[0].mapping.payments["DEBCARD"]
    assert _status(step, _row(step, "payment", "DEBCARD")) == "Lagret"
    assert d.dirty("accounts")
    with qtbot.waitSignal(d.saved, timeout=10000):
        d.save_button.click()
    s = SettingsStore(profile).load()
    assert s.template.payments["DEBCARD"] == "1581"
    assert s.stores[0].mapping.payments["DEBCARD"] == saved.stores[0].mapping.payments["DEBCARD"] != "1581"
    # applying it to an existing store is a choice, with its preview
    step.import_default.trigger()
    prev = step.import_dialog
    qtbot.waitUntil(prev.isVisible)
    k = next(j for j, c in enumerate(prev.changes) if c.field == "payments.DEBCARD")
    assert (prev.table.item(k, 1).text(), prev.table.item(k, 2).text()) == ("1579", "1581")
    prev.cancel_btn.click()
    assert d.model.mappings["s1"].payments["DEBCARD"] == "1579"
    # a template file imported into the default template: its own preview, no store touched
    from ledgerwizard.core.mapping import Mapping
    from ledgerwizard.setup import templates

    f = tmp_path / "kjede.json"
    templates.write(f, Mapping(payments={"DEBCARD": "1580"}, tips_account="2900"))
    step.template_btn.click()
    dlg = step.template_dialog
    qtbot.waitUntil(dlg.isVisible)
    dlg.import_btn.click()
    assert step.file_dialog.parent() is dlg
    _choose_file(qtbot, step, f)
    qtbot.waitUntil(lambda: step.import_dialog is not prev and step.import_dialog.isVisible(), timeout=10000)
    imp = step.import_dialog
    assert "standardmalen" in imp.head.text() and imp.scope.count() == 1
    k = next(j for j, c in enumerate(imp.changes) if c.field == "payments.DEBCARD")
    assert (imp.table.item(k, 1).text(), imp.table.item(k, 2).text()) == ("1581", "1580")
    imp.apply_btn.click()
    assert d.model.template.payments["DEBCARD"] == "1580" and d.model.template.tips_account == "2900"
    assert d.model.mappings["s1"].payments["DEBCARD"] == "1579"
    i = next(k for k, r in enumerate(dlg.table.row_objs) if r.kind == "payment" and r.key == "DEBCARD")
    assert dlg.table.cellWidget(i, 1).currentText().startswith("1580 ")


# --- the second store of a company already set up -----------------------------------------------------------------

class Driver:
    """Clicks and keystrokes, counted as in test_wizard's onboarding count."""

    def __init__(self, qtbot, wizard):
        self.qtbot, self.w, self.actions = qtbot, wizard, 0

    def click(self, widget):
        from PySide6.QtWidgets import QAbstractButton

        self.actions += 1
        assert isinstance(widget, QAbstractButton) and widget.isEnabled() and widget.isVisible(), widget
        pos = QPoint(8, widget.height() // 2) if isinstance(widget, (QRadioButton, QCheckBox)) else widget.rect().center()
        self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos)

    def choose(self, combo, index):
        """Open a drop-down and pick an entry: two actions."""
        self.actions += 2
        assert combo.isVisible() and combo.isEnabled()
        combo.setCurrentIndex(index)

    def next(self):
        self.click(self.w.button(QWizard.WizardButton.NextButton))


def test_a_second_store_of_a_company_already_set_up_takes_at_most_10_actions(qtbot, tmp_path, emu, lang):
    from saft_helpers import simple_location, write

    from ledgerwizard.ui.wizard import SetupWizard

    folder = tmp_path / "export"
    folder.mkdir()
    write(folder / "frogner.xml", [simple_location("Frogner", "K1")])
    profile = _shop(tmp_path, folder, emu, emu.demo_key)
    first = SettingsStore(profile).load()
    # the accountant's own choice for the first store
    first.stores[0].mapping.payments["BAX"] = "1580"
    Workspace(profile).save(first)
    # the second store's register starts exporting to the same folder
    write(folder / "majorstuen.xml", [simple_location("Majorstuen", "K2")])
    w = SetupWizard(Workspace(profile), connector_factory=Online())
    qtbot.addWidget(w)
    w.show()
    drv = Driver(qtbot, w)
    drv.next()  # welcome
    src = w.current_step()
    qtbot.waitUntil(lambda: src.is_complete() and len(w.model.stores) == 2, timeout=20000)
    drv.next()  # the stores found (the new one among them)
    drv.next()  # accounting system: as it is
    keys = w.current_step()
    qtbot.waitUntil(keys.is_complete, timeout=10000)  # the saved key
    drv.next()
    acc = w.current_step()
    qtbot.waitUntil(acc.is_complete, timeout=20000)
    new = next(s for s in w.model.stores if s.name != first.stores[0].name)
    drv.choose(acc.store_box, acc.store_box.findData(new.id))
    assert [acc.copy_box.itemData(k) for k in range(acc.copy_box.count())] == ["s1"]  # never the store itself
    assert acc.copy_btn.text() == f"&Kopier kontoer fra butikk {first.stores[0].name} til denne butikken"
    drv.click(acc.copy_btn)
    assert acc.is_complete()
    drv.click(w.button(QWizard.WizardButton.FinishButton))
    qtbot.waitUntil(lambda: w.saved, timeout=20000)
    s = SettingsStore(profile).load()
    assert len(s.stores) == 2
    second = next(x for x in s.stores if x.id == new.id)
    assert second.mapping.payments["BAX"] == "1580" and second.company == s.stores[0].company
    assert next(x for x in s.stores if x.id == "s1").mapping.payments["BAX"] == "1580"
    print(f"user actions for a second store of a company already set up: {drv.actions}")
    assert drv.actions <= 10
