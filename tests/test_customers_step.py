"""The invoicing and customer-linking step (issue 15), driven as a user would (pytest-qt): switched on per
company, the POS customers in the exports matched to the ledger's live customers (by organisation number, then
name), a status per customer, suggestions confirmed by a person, "create in the ledger" asked (and a "no" makes
nothing), and a system without orders saying so plainly."""

import pytest
from order_helpers import write_credit_export
from PySide6.QtWidgets import QMessageBox, QWizard

from ledgerwizard.adapters.secrets import MemorySecretStore
from ledgerwizard.adapters.settings import Profile
from ledgerwizard.connectors import open_connector
from ledgerwizard.core.orders import Invoicing
from ledgerwizard.services.workspace import Workspace
from ledgerwizard.setup.model import SetupModel
from ledgerwizard.ui import i18n
from ledgerwizard.ui.steps.customers import CREATE, CustomersStep
from ledgerwizard.ui.wizard import SetupWizard
from ledgerwizard_sandbox import start_sandbox


def _wizard(qtbot, tmp_path, system, lang="en"):
    export = write_credit_export(tmp_path / "export").parent
    emu, clients = start_sandbox(system, listen=False)

    def factory(company, key):
        return open_connector(company, client_key=key, transport=emu.transport(), sleep=lambda s: None)

    i18n.install(lang)
    ws = Workspace(Profile.resolve(tmp_path / "profile"))
    ws.secrets = MemorySecretStore()
    model = SetupModel(language=lang, source_path=str(export), environment="sandbox", system=system)
    w = SetupWizard(ws, model, connector_factory=factory)
    w.sandbox, w.sandbox_key, w.keep_sandbox = emu, clients[0][1], True
    model.sandbox_url = emu.url
    qtbot.addWidget(w)
    w.show()
    return w, emu, clients


def _to_customers(qtbot, w, clients):
    """Welcome → sales source → system → key (tested) → accounts → invoicing and customers."""
    next_btn = w.button(QWizard.WizardButton.NextButton)
    qtbot.waitUntil(lambda: w.steps_built, timeout=5000)
    w.next()
    qtbot.waitUntil(lambda: w.current_step().is_complete(), timeout=15000)
    w.next()
    w.next()
    keys = w.current_step()
    box = next(iter(keys.boxes.values()))
    box["edit"].setText(clients[0][1])
    box["test"].click()
    qtbot.waitUntil(keys.is_complete, timeout=15000)
    w.next()
    qtbot.waitUntil(lambda: w.current_step().is_complete(), timeout=15000)
    assert next_btn.isEnabled()
    w.next()
    step = w.current_step()
    assert isinstance(step, CustomersStep)
    return step


def _status(box):
    return {box.table.item(i, 0).text().split("\n")[0]: box.table.item(i, 2).text() for i in range(box.table.rowCount())}


def _press(qtbot, button):
    from PySide6.QtCore import Qt

    assert button.isEnabled() and button.isVisible(), button
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_linking_customers_suggests_asks_before_creating_and_saves_the_links(qtbot, tmp_path):
    w, emu, clients = _wizard(qtbot, tmp_path, "poweroffice")
    try:
        step = _to_customers(qtbot, w, clients)
        assert step.title() == "Invoicing and customers"
        (box,) = step.boxes.values()
        assert box.enable.isVisible() and not box.enable.isChecked() and not box.unavailable.isVisible()
        assert not box.table.isEnabled()  # off: nothing to link yet
        box.enable.click()
        qtbot.waitUntil(lambda: box.table.rowCount() == 3 and not box.busy(), timeout=10000)
        status = _status(box)
        assert status["Byggmester Hansen AS (K1001), org. no. 912 345 678"].startswith(
            "Suggested (same org. no.): 10001 Byggmester Hansen AS")
        assert status["Grünerløkka Frisør (K1002), org. no. 923 456 789"].startswith(
            "Suggested (same name): 10002 Grünerløkka Frisør")  # the ledger has no org.nr. for her: the name
        assert status["Kari Nordmann (K1003)"].startswith("Not linked")
        assert "2 suggestions wait for you to confirm them" in box.result.text()
        assert w.model.build_settings().companies[0].invoicing["customers"] == []  # a suggestion is no link
        _press(qtbot, box.accept_btn)
        status = _status(box)
        assert status["Byggmester Hansen AS (K1001), org. no. 912 345 678"].startswith("Linked to 10001")
        assert status["Grünerløkka Frisør (K1002), org. no. 923 456 789"].startswith("Linked to 10002")
        assert box.table.item(0, 2).foreground().color().name() == "#1b5e20"
        # a person picks another customer for one of them, and back
        combo = box.table.cellWidget(1, 1)
        other = combo.findText("10003 Kontorservice Oslo AS (org.nr. 987 654 321)")
        combo.setCurrentIndex(other)
        combo.activated.emit(other)
        assert _status(box)["Grünerløkka Frisør (K1002), org. no. 923 456 789"].startswith("Linked to 10003")
        combo = box.table.cellWidget(1, 1)
        back = combo.findText("10002 Grünerløkka Frisør")
        combo.setCurrentIndex(back)
        combo.activated.emit(back)
        # "create in the ledger": asked; "cancel" makes nothing
        (client,) = emu.clients.values()
        before = len(client.customers)
        kari = next(i for i in range(3) if box.table.item(i, 0).text().startswith("Kari"))
        combo = box.table.cellWidget(kari, 1)
        create = combo.findData(CREATE)
        assert combo.itemText(create) == "Create in PowerOffice GO…"
        combo.setCurrentIndex(create)
        combo.activated.emit(create)
        qtbot.waitUntil(lambda: box.question is not None and box.question.isVisible(), timeout=3000)
        assert "Create the customer “Kari Nordmann”" in box.question.text() and "PowerOffice GO" in box.question.text()
        assert "Storgata 1, 0155 Oslo" in box.question.text()
        cancel = next(b for b in box.question.buttons() if box.question.buttonRole(b) == QMessageBox.ButtonRole.RejectRole)
        _press(qtbot, cancel)
        assert len(client.customers) == before and _status(box)["Kari Nordmann (K1003)"].startswith("Not linked")
        combo = box.table.cellWidget(kari, 1)
        combo.setCurrentIndex(create)
        combo.activated.emit(create)
        qtbot.waitUntil(lambda: box.question.isVisible(), timeout=3000)
        yes = next(b for b in box.question.buttons() if box.question.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole)
        _press(qtbot, yes)
        qtbot.waitUntil(lambda: not box.busy() and _status(box)["Kari Nordmann (K1003)"].startswith("Linked to"),
                        timeout=10000)
        assert len(client.customers) == before + 1 and client.customers[-1]["Name"] == "Kari Nordmann"
        assert client.customers[-1]["ExternalImportReference"] == "POS-K1003"
        assert "3 of 3 customers are linked." in box.result.text() and not emu.schema_errors
        # what the setup saves
        inv = Invoicing.from_dict(w.model.build_settings().companies[0].invoicing)
        assert inv.enabled and inv.start is not None
        assert {p: lk.number for p, lk in inv.links.items()} == {"K1001": "10001", "K1002": "10002",
                                                                 "K1003": str(client.customers[-1]["Number"])}
        assert step.is_complete()
        w.next()
        assert w.current_step() is w.step("schedule")
        w.back()
        assert w.current_step() is step
    finally:
        emu.stop()
        i18n.install("nb")


def test_the_step_is_in_norwegian_and_says_plainly_when_a_system_takes_no_orders(qtbot, tmp_path):
    w, emu, clients = _wizard(qtbot, tmp_path, "xledger", lang="nb")
    try:
        step = _to_customers(qtbot, w, clients)
        assert step.title() == "Fakturering og kunder"
        (box,) = step.boxes.values()
        assert box.unavailable.isVisible() and not box.enable.isVisible() and not box.table.isVisible()
        assert box.unavailable.text().startswith("Fakturering av kredittsalg er ikke tilgjengelig for Xledger")
        assert "kundefordringer" in box.unavailable.text()
        assert step.is_complete() and w.model.build_settings().companies[0].invoicing in ({}, {"enabled": False})
    finally:
        emu.stop()
        i18n.install("nb")


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_step_is_skipped_when_the_exports_have_no_credit_sales(qtbot, tmp_path, export_dir, lang):
    from ledgerwizard.core.saft.source import ExportSource

    model = SetupModel(language=lang)
    model.set_scan(str(export_dir), ExportSource([str(export_dir)], settle_seconds=0).scan())
    from ledgerwizard.setup.flow import Flow

    assert "customers" not in Flow(model).order()
    w = SetupWizard(Workspace(Profile.resolve(tmp_path / "p")), model)
    qtbot.addWidget(w)
    w.ensure_pages()
    assert isinstance(w.step("customers"), CustomersStep)  # built, off the way: the flow never leads there
