"""Issue 15's status, runs and settings for the orders (credit sales invoiced as sales orders): each order sent,
held, failed or not sent yet, with when and the ledger's order number, the same in ``status`` and the status window;
a held or failed order told once by the tray; doctor's invoicing check; the settings dialog's invoicing section
saved on its own. Real orders through the emulated ledgers."""

import datetime as dt
import io
import json
import sys

import pytest
from order_helpers import DAY, Shop

from ledgerwizard.adapters.settings import SettingsStore
from ledgerwizard.cli import main
from ledgerwizard.connectors import open_connector
from ledgerwizard.core import notify
from ledgerwizard.core.orders import Invoicing
from ledgerwizard.core.runreport import RunReport
from ledgerwizard.services import status as S
from ledgerwizard.services.diagnostics import doctor
from ledgerwizard.services.sending import Sending
from ledgerwizard_sandbox import start_sandbox

REFUSED = {"status": 422, "message": "Validering feilet.",
           "validationMessages": [{"field": "customer", "message": "Kunden er inaktiv."}]}


def _linked(shop, kari=False):
    known = shop.ledger_customers()
    links = {"K1001": known["Byggmester Hansen AS"], "K1002": known["Grünerløkka Frisør"]}
    if kari:  # (any active customer of the ledger: what doctor checks is that a link exists and is active)
        links["K1003"] = known["Byggmester Hansen AS"]
    shop.invoicing(links, start=DAY)
    return known


def _sent_held_failed(shop):
    """Grünerløkka: Hansen's order sent, Kari's held (not linked); Majorstuen: the hairdresser's refused by the
    ledger (failed for good)."""
    first = Sending(shop.workspace(), connector_factory=shop.factory)
    first.send("s1", days=[DAY])
    assert sorted((o.receipt, o.status) for o in first.order_outcomes) == [("2", "sent"), ("3", "held")]
    shop.emu.faults.add("answer", path="/order", method="POST", status=422, body=REFUSED)
    second = Sending(shop.workspace(), connector_factory=shop.factory)
    second.send("s2", days=[DAY])
    assert [(o.receipt, o.status) for o in second.order_outcomes] == [("2", "failed")]


def _by_receipt(orders):
    return {(o.register, o.receipt): o for o in orders}


@pytest.fixture
def tripletex(tmp_path):
    emu, clients = start_sandbox("tripletex", listen=False)
    yield Shop(tmp_path, "tripletex", emu, clients)
    emu.stop()


def test_status_tells_each_order_and_what_still_needs_invoicing(tripletex, capsys):
    shop = tripletex
    _linked(shop)
    Sending(shop.workspace(), connector_factory=shop.factory).send("s1", days=[DAY])
    orders = _by_receipt(S.order_status(shop.workspace()))
    sent, held, pending = orders[("GL-1", "2")], orders[("GL-1", "3")], orders[("MJ-1", "2")]
    number = str(shop.orders()[0]["number"])
    assert (sent.state, sent.order_number, sent.customer) == (S.O_SENT, number, "Byggmester Hansen AS (K1001)")
    assert sent.when and str(sent.amount) == "284.80" and f"Open order {number} in Tripletex" in sent.text.en
    assert held.state == S.O_HELD and held.needs_person and "not linked" in held.text.en and "ikke koblet" in held.text.nb
    # Majorstuen's day is not sent yet: its credit sale is listed as still to go, not forgotten
    assert pending.state == S.O_PENDING and not pending.needs_person and "Not sent yet" in pending.text.en
    assert pending.customer == "Grünerløkka Frisør (K1002)" and str(pending.amount) == "135.00"

    shop.emu.faults.add("answer", path="/order", method="POST", status=422, body=REFUSED)
    Sending(shop.workspace(), connector_factory=shop.factory).send("s2", days=[DAY])
    st = S.status(shop.workspace(), first=DAY, last=DAY)
    failed = _by_receipt(st.orders)[("MJ-1", "2")]
    assert failed.state == S.O_FAILED and failed.needs_person and not failed.retryable and failed.error_code
    assert "tried again at every run" in failed.text.en and failed.details
    assert st.orders_summary.en == ("Orders for invoicing: 1 order(s) are in the ledger, to be invoiced there; 2 credit "
                                    "sale(s) (NOK 224.00) need you before they can be sent.")

    # the CLI says the same (from the same service)
    profile = str(shop.profile.config_dir)
    capsys.readouterr()
    assert main(["--profile", profile, "status", "--json"]) == 0
    doc = {(o["register"], o["receipt"]): o for o in json.loads(capsys.readouterr().out)["orders"]}
    assert doc[("GL-1", "2")]["order_number"] == number and doc[("GL-1", "2")]["sent_at"]
    assert doc[("GL-1", "3")]["state"] == "held" and "not linked" in doc[("GL-1", "3")]["reason"]["en"]
    assert doc[("MJ-1", "2")]["state"] == "failed" and doc[("MJ-1", "2")]["needs_person"]
    assert main(["--profile", profile, "--lang", "nb", "status", "--store", "s1"]) == 0
    text = capsys.readouterr().out
    assert "Ordre til fakturering" in text and f"#{number}" in text and "ikke koblet" in text
    assert "MJ-1" not in text  # --store
    assert main(["--profile", profile, "--lang", "en", "status"]) == 0  # (the journal only: a hold has no amount)
    assert "Orders for invoicing: 1 order(s) are in the ledger, to be invoiced there; 2 credit sale(s) need you" in \
        capsys.readouterr().out


def test_the_status_window_shows_sent_held_and_failed_orders_with_their_order_numbers(qtbot, tripletex):
    from ledgerwizard.ui import i18n
    from ledgerwizard.ui.status import ORDER_COLORS, StatusWindow

    i18n.install("en")
    shop = tripletex
    _linked(shop)
    _sent_held_failed(shop)
    number = str(shop.orders()[0]["number"])
    w = StatusWindow(shop.workspace(), lambda request: None, "en",  # (the days after: DAY is in the period shown)
                     clock=lambda: dt.datetime(2026, 3, 5, 12, 0, tzinfo=dt.timezone.utc))
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.loaded, timeout=30000):
        w.show()
    t = w.orders_table
    assert w.orders_table.isVisible() and t.rowCount() == 3
    rows = {t.item(i, 2).text(): [t.item(i, c).text() for c in range(t.columnCount())] for i in range(t.rowCount())}
    sent = rows["Receipt 2 (register GL-1)"]
    assert sent[0] == "Kaffebar Grünerløkka" and sent[3] == "Byggmester Hansen AS (K1001)" and sent[4] == "284.80"
    assert sent[5].startswith("sent: ") and sent[7] == number and sent[6]  # when
    held = rows["Receipt 3 (register GL-1)"]
    assert held[5].startswith("held: ") and "not linked" in held[5] and held[7] == ""
    failed = rows["Receipt 2 (register MJ-1)"]
    assert failed[0] == "Kaffebar Majorstuen" and failed[5].startswith("failed: ") and failed[7] == ""
    colors = {t.item(i, 2).text(): t.item(i, 5).foreground().color().name() for i in range(t.rowCount())}
    assert colors["Receipt 2 (register GL-1)"] == ORDER_COLORS["sent"]
    assert colors["Receipt 3 (register GL-1)"] == colors["Receipt 2 (register MJ-1)"] == ORDER_COLORS["held"]
    assert "2 credit sale(s) (NOK 224.00) need you" in w.orders_summary.text()
    # choosing the held one says what to do; copying gives support the orders' history, with no secret
    w.select_order("s1", DAY, "order:GL-1:3")
    assert "Link the customer" in w.order_details.text() and "Kari Nordmann" in w.order_details.text()
    assert w.copy_button.isEnabled()
    w.copy_button.click()
    from PySide6.QtWidgets import QApplication

    copied = QApplication.clipboard().text()
    assert "order GL-1/3: held" in copied and shop.secrets.get("tripletex", "c1").reveal() not in copied


def test_a_held_or_failed_order_is_told_once_and_keeps_the_tray_red(qtbot, tmp_path, monkeypatch):
    """A real ``ledgerwizard run`` (Send now) reports its orders; the tray tells the held and the refused order
    once, with what to do, and its icon and menu say so until they are dealt with."""
    from ledgerwizard.ui import i18n
    from ledgerwizard.ui.tray import TrayApp

    emu, clients = start_sandbox("tripletex")  # over loopback: the run is the CLI's, with its own connections
    try:
        shop = Shop(tmp_path, "tripletex", emu, clients)
        _linked(shop)
        emu.faults.add("answer", path="/order", method="POST", status=422, body=REFUSED)
        report = tmp_path / "run.json"
        monkeypatch.setattr(sys, "stdin", io.StringIO(shop.secrets.handover()))
        assert main(["--profile", str(shop.profile.config_dir), "run", "--report", str(report), "--latest",
                     "--source", "send-now", "--keys-stdin"]) == 0
        rep = RunReport.read(report)
        assert sorted((o.register, o.receipt, o.status) for o in rep.orders) == [  # (the fault: the first order)
            ("GL-1", "2", "failed"), ("GL-1", "3", "held"), ("MJ-1", "2", "sent")]
        assert next(o for o in rep.orders if o.status == "sent").number == str(shop.orders()[0]["number"])

        i18n.install("en")
        ws = shop.workspace()
        settings = ws.settings
        settings.language = "en"  # (the run's texts are told in the settings' language)
        ws.save(settings)
        notes = []
        t = TrayApp(ws, clock=lambda: shop.workspace().now())
        t.notify = lambda title, text, critical=False: notes.append((title, text, critical))
        t.show_report(rep)
        assert len(notes) == 1, notes
        title, text, critical = notes[0]
        assert critical and "2 credit sale(s) were not sent as orders and need you" in text
        assert "Kari Nordmann (K1003) is not linked" in text and "Link the customer" in text  # what to do
        assert "Receipt 2 (register GL-1), Byggmester Hansen AS (K1001)" in text
        assert "2 orders need attention" in text  # the run's one summary
        assert t.state == "attention" and t.menu.orders_action.isVisible()
        assert "(2)" in t.menu.orders_action.text() and "not sent as orders" in t.tray.toolTip()
        t.show_report(rep)  # the next run finds them as they were: not told again
        assert len(notes) == 1 and t.state == "attention"
        w = t.open_orders()
        qtbot.waitUntil(lambda: w.status is not None and bool(w.selected_orders()), timeout=30000)
        assert w.selected_orders()[0].needs_person
        w.close()
        t.tray.hide()
    finally:
        emu.stop()


def test_notify_tells_a_transient_order_failure_only_after_the_retries():
    from ledgerwizard.core.i18n import Text
    from ledgerwizard.core.runreport import OrderReport

    def rep(attempts):
        return RunReport(orders=[OrderReport("s1", DAY, "K1", "7", "Kunde (K9)", "failed", Text("nei", "no"),
                                             error_code="ledger_unavailable", error_text=Text("nede", "down"),
                                             retryable=True, attempts=attempts)])

    told = notify.notifications(rep(1))
    assert told.notifications == []
    told = notify.notifications(rep(notify.NOTIFY_AFTER_ATTEMPTS), told.notified)
    (n,) = told.notifications
    assert n.kind == notify.ORDERS and n.orders == (("s1", DAY, "order:K1:7"),) and "Receipt 7 (register K1)" in n.text.en
    assert notify.notifications(rep(notify.NOTIFY_AFTER_ATTEMPTS + 1), told.notified).notifications == []
    back = RunReport.from_dict(json.loads(json.dumps(rep(2).to_dict())))
    assert back.orders == rep(2).orders and back.orders[0].business_day == dt.date(2026, 3, 2)


def test_doctor_checks_invoicing(tripletex):
    shop = tripletex
    _linked(shop)
    ws = shop.workspace()
    check = next(c for c in doctor(ws, connector_factory=shop.factory) if c.name == "invoicing c1")
    assert not check.ok and "Kari Nordmann (K1003)" in check.detail
    assert "Settings → Invoicing" in check.detail or "Innstillinger → Fakturering" in check.detail
    _linked(shop, kari=True)
    check = next(c for c in doctor(shop.workspace(), connector_factory=shop.factory) if c.name == "invoicing c1")
    assert check.ok and "3 customers linked" in check.detail and "revenue accounts in the chart" in check.detail, \
        check.detail
    s = shop.workspace().settings  # a linked customer the ledger no longer has
    s.companies[0].invoicing["customers"][0]["ledger_id"] = "987654"
    shop.workspace().save(s)
    check = next(c for c in doctor(shop.workspace(), connector_factory=shop.factory) if c.name == "invoicing c1")
    assert not check.ok and ("is no longer there" in check.detail or "finnes ikke lenger" in check.detail)
    assert next(c for c in doctor(shop.workspace(), offline=True) if c.name == "invoicing c1").ok  # offline: links only


def test_the_settings_dialogs_invoicing_section_is_saved_on_its_own(qtbot, tmp_path):
    from ledgerwizard.ui import i18n
    from ledgerwizard.ui.settings import SettingsDialog

    i18n.install("en")
    emu, clients = start_sandbox("poweroffice")
    try:
        shop = Shop(tmp_path, "poweroffice", emu, clients)
        before = SettingsStore(shop.profile).load()
        d = SettingsDialog(shop.workspace(), connector_factory=lambda company, key: open_connector(
            company, client_key=key, sleep=lambda s: None))
        qtbot.addWidget(d)
        d.show()
        qtbot.waitUntil(lambda: d.model.companies[0].key == clients[0][1] and d.model.scan is not None, timeout=20000)
        assert [d.list.item(i).text() for i in range(d.list.count())][-1] in ("Invoicing", "Fakturering")
        d.list.setCurrentRow(3)  # sending: an edit left unsaved
        schedule = d.steps["sending"][0]
        schedule.edits["fri"].setTime(schedule.edits["fri"].time().fromString("07:45", "HH:mm"))
        assert d.dirty("sending")
        d.list.setCurrentRow(4)
        assert d.section() == "invoicing" and not d.save_button.isEnabled()  # nothing changed yet
        box = d.steps["invoicing"][0].boxes["c1"]
        assert not box.enable.isChecked()
        box.enable.setChecked(True)  # reads the ledger's customers
        qtbot.waitUntil(lambda: d.model.invoicing.companies["c1"].ledger is not None and not box.busy(), timeout=20000)
        assert box.table.rowCount() == 3 and box.accept_btn.isEnabled()
        box.accept_btn.click()  # Hansen by org. no., the hairdresser by name; Kari is not in the ledger
        assert d.dirty("invoicing") and not d.dirty("ledger") and d.save_button.isEnabled()
        with qtbot.waitSignal(d.saved, timeout=10000):
            d.save_button.click()
        saved = SettingsStore(shop.profile).load()
        inv = Invoicing.from_dict(saved.companies[0].invoicing)
        assert inv.enabled and inv.start is not None and set(inv.links) == {"K1001", "K1002"}
        assert saved.schedule == before.schedule  # the sending section's edit is not saved with it
        assert [s.mapping.to_dict() for s in saved.stores] == [s.mapping.to_dict() for s in before.stores]
        assert saved.source_paths == before.source_paths and saved.companies[0].system == "poweroffice"
        assert not d.dirty("invoicing") and d.dirty("sending") and not d.save_button.isEnabled()
        d.ask_close = lambda unsaved, then: then(True)
        d.reject()
    finally:
        emu.stop()


def test_the_invoicing_section_merges_only_its_part_and_only_into_the_system_its_links_belong_to():
    from ledgerwizard.adapters.settings import Company, Settings
    from ledgerwizard.setup import sections

    links = {"enabled": True, "from": "2026-03-02",
             "customers": [{"pos_id": "K1001", "ledger_id": "77", "number": "10001", "name": "Hansen"}]}
    current = Settings(schedule={"auto_send": False})
    current.companies = [Company("c1", "tripletex", name="Kafé", invoicing={"enabled": False})]
    built = Settings(schedule={"auto_send": True})
    built.companies = [Company("c1", "tripletex", name="Kafé (endret)", invoicing=links)]
    out = sections.merge("invoicing", current, built)
    assert out.companies[0].invoicing == links and out.companies[0].name == "Kafé"
    assert out.schedule == {"auto_send": False}  # the sending section's draft is not saved with it
    # the draft's links were made in another system than the one saved: they are not saved into it
    built.companies[0].system = "poweroffice"
    assert sections.merge("invoicing", current, built).companies[0].invoicing == {"enabled": False}
    # the ledger section saving another system drops the old system's links; the same system keeps them
    current.companies[0].invoicing = links
    built.companies[0].invoicing = {}
    assert sections.merge("ledger", current, built).companies[0].invoicing == {}
    built.companies[0].system = "tripletex"
    assert sections.merge("ledger", current, built).companies[0].invoicing == links


def test_the_status_shows_sent_orders_of_its_period_and_every_order_still_waiting(tripletex):
    shop = tripletex
    _linked(shop)
    _sent_held_failed(shop)
    later = S.status(shop.workspace(), first=DAY + dt.timedelta(days=30), last=DAY + dt.timedelta(days=40))
    assert sorted((o.register, o.receipt, o.state) for o in later.orders) == [  # the sent one belongs to its period
        ("GL-1", "3", S.O_HELD), ("MJ-1", "2", S.O_FAILED)]
