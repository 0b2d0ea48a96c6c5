"""The setup's invoicing and customer linking, without Qt (setup/customers.py): suggestions by organisation number
then name, never a guess; a status per customer; links only from a person; what the settings get; the step on the
flow's way only when the exports have credit sales; and the scheduler's run sending a held order once linked."""

import datetime as dt

from order_helpers import DAY, Shop, write_credit_export

from ledgerwizard.connectors.base import LedgerCustomer
from ledgerwizard.core.saft.source import ExportSource
from ledgerwizard.core.transfer import HELD, SENT
from ledgerwizard.services.orders import order_rows
from ledgerwizard.services.sending import Sending
from ledgerwizard.setup.customers import InvoicingDraft, PosCustomer
from ledgerwizard.setup.flow import Flow
from ledgerwizard.setup.model import SetupModel
from ledgerwizard_sandbox import start_sandbox

LEDGER = [LedgerCustomer("1", "10001", "Byggmester Hansen AS", "912345678"),
          LedgerCustomer("2", "10002", "Grünerløkka Frisør"),
          LedgerCustomer("3", "10003", "Kari Nordmann"), LedgerCustomer("4", "10004", "Kari Nordmann"),
          LedgerCustomer("5", "10005", "Old Shop AS", "923456789", active=False),
          LedgerCustomer("6", "10006", "Twin AS", "934567890"), LedgerCustomer("7", "10007", "Twin AS avd. 2",
                                                                            "934567890")]


def test_suggestions_by_organisation_number_then_name_and_never_a_guess():
    s = InvoicingDraft.suggest
    assert s(PosCustomer("K1", "Hansen Bygg", "912345678"), LEDGER) == (LEDGER[0], "org_nr")  # the name differs
    assert s(PosCustomer("K2", "grünerløkka  frisør!", ""), LEDGER) == (LEDGER[1], "name")  # case, spaces, marks
    assert s(PosCustomer("K3", "Kari Nordmann"), LEDGER) == (None, "")  # two with that name: no guess
    assert s(PosCustomer("K4", "Old Shop AS", "923456789"), LEDGER) == (None, "")  # only inactive ones
    assert s(PosCustomer("K5", "Twin AS", "934567890"), LEDGER) == (None, "")  # two with the org.nr.: no guess
    assert s(PosCustomer("K6", "Byggmester Hansen AS", "999999999"), LEDGER) == (None, "")  # another company


def _model(tmp_path, system="poweroffice"):
    export = write_credit_export(tmp_path / "export").parent
    m = SetupModel(language="en", system=system)
    m.set_scan(str(export), ExportSource([str(export)], settle_seconds=0).scan())
    return m


def test_rows_statuses_links_and_what_the_settings_get(tmp_path):
    m = _model(tmp_path)
    inv = m.invoicing
    assert "customers" in Flow(m).order() and Flow(m).order().index("customers") == Flow(m).order().index("accounts") + 1
    rows = {r.pos.id: r for r in inv.rows(m, "c1")}
    assert {k: r.status for k, r in rows.items()} == {"K1001": "unlinked", "K1002": "unlinked", "K1003": "unlinked"}
    assert rows["K1001"].pos.stores == {"Kaffebar Grünerløkka"} and rows["K1002"].pos.stores == {"Kaffebar Majorstuen"}
    assert (rows["K1001"].pos.sales, str(rows["K1001"].pos.total)) == (1, "284.80")
    inv.set_enabled("c1", m.system, True, DAY)
    inv.set_ledger("c1", m.system, LEDGER)
    rows = {r.pos.id: r for r in inv.rows(m, "c1")}
    assert (rows["K1001"].status, rows["K1001"].suggested_by) == ("suggested", "org_nr")
    assert (rows["K1002"].status, rows["K1002"].suggested_by) == ("suggested", "name")
    assert rows["K1003"].status == "unlinked" and "held" in rows["K1003"].text.en
    assert m.build_settings().companies[0].invoicing == {"enabled": True, "customers": [], "from": "2026-03-02"}
    assert inv.accept_suggestions(m, "c1") == 2
    inv.link("c1", m.system, "K1003", LEDGER[4])  # a person picks one that is inactive
    rows = {r.pos.id: r for r in inv.rows(m, "c1")}
    assert [rows[k].status for k in ("K1001", "K1002", "K1003")] == ["linked", "linked", "inactive"]
    inv.set_ledger("c1", m.system, LEDGER[:4] + LEDGER[5:])  # … and then deleted in the ledger
    assert inv.rows(m, "c1")[-1].status == "missing"
    saved = m.build_settings().companies[0].invoicing
    assert saved["enabled"] and [c["ledger_id"] for c in saved["customers"]] == ["1", "2", "5"]
    assert "3 of 3 customers are linked" not in inv.summary(m, "c1").en
    m.choose_system("tripletex")  # other ledger ids: the links mean nothing there
    assert m.build_settings().companies[0].invoicing["customers"] == []


def test_a_rerun_without_changes_leaves_invoicing_as_it_was(tmp_path):
    m = _model(tmp_path)
    settings = m.build_settings()
    assert settings.companies[0].invoicing == {}  # never switched on: the settings say nothing of it
    again = SetupModel.from_settings(settings)
    again.mark_clean()
    assert not again.has_changes() and again.build_settings().companies[0].invoicing == {}
    m.invoicing.set_enabled("c1", "poweroffice", True, DAY)
    m.invoicing.link("c1", "poweroffice", "K1001", LEDGER[0])
    third = SetupModel.from_settings(m.build_settings())
    third.mark_clean()
    assert not third.has_changes()
    assert third.build_settings().companies[0].invoicing == m.build_settings().companies[0].invoicing


def test_the_first_day_is_never_one_whose_voucher_is_already_in_the_ledger():
    d = InvoicingDraft.default_start
    today = dt.date(2026, 3, 10)
    assert d(today, None) == today
    assert d(today, dt.date(2026, 3, 12)) == dt.date(2026, 3, 12)  # the go-live day is later
    assert d(today, dt.date(2026, 3, 1), {dt.date(2026, 3, 9), dt.date(2026, 3, 10)}) == dt.date(2026, 3, 11)


def test_a_system_without_orders_says_so_and_cannot_be_switched_on(tmp_path):
    m = _model(tmp_path, "duett")
    m.invoicing.set_enabled("c1", "duett", True, DAY)
    assert not m.invoicing.company("c1", "duett").enabled
    text = InvoicingDraft.unavailable("duett")
    assert "not available for Duett" in text.en and "ikke tilgjengelig for Duett" in text.nb
    assert "receivables" in text.en


def test_the_scheduler_sends_a_held_order_once_its_customer_is_linked(tmp_path):
    emu, clients = start_sandbox("poweroffice", listen=False)
    shop = Shop(tmp_path, "poweroffice", emu, clients)
    known = shop.ledger_customers()
    shop.invoicing({"K1001": known["Byggmester Hansen AS"], "K1002": known["Grünerløkka Frisør"]})
    ws = shop.workspace()
    s = ws.settings
    s.schedule.update(auto_send=True, first_day=DAY.isoformat())
    ws.save(s)
    morning = dt.datetime(2026, 3, 3, 6, 5, tzinfo=dt.timezone.utc)
    run = Sending(shop.workspace(), connector_factory=shop.factory)
    _agenda, vouchers = run.run_due(morning)
    assert sorted(o.status for o in vouchers) == ["sent", "sent"]
    assert sorted((o.receipt, o.status) for o in run.order_outcomes) == [("2", "sent"), ("2", "sent"), ("3", "held")]
    with shop.connector() as con:
        kari = con.create_customer(next(sd for sd in run.days.store_days()[0] if sd.store.id == "s1")
                                   .summary.master.customers["K1001"].__class__("K1003", "Kari Nordmann"))
    shop.invoicing({"K1001": known["Byggmester Hansen AS"], "K1002": known["Grünerløkka Frisør"], "K1003": kari})
    later = Sending(shop.workspace(), connector_factory=shop.factory)
    _agenda, vouchers = later.run_due(morning + dt.timedelta(hours=1))
    assert vouchers == []  # the day's vouchers are sent: nothing due for them …
    assert [(o.receipt, o.status) for o in later.order_outcomes] == [("3", "sent")]  # … but the held order goes
    assert {r.doc: r.state for r in order_rows(later.ws.journal)} == {
        "order:GL-1:2": SENT, "order:GL-1:3": SENT, "order:MJ-1:2": SENT}
    paused = Sending(shop.workspace(), connector_factory=shop.factory)
    paused.run_due(morning + dt.timedelta(hours=2), paused=True)
    assert paused.order_outcomes == [] and len(shop.orders()) == 3
    assert HELD not in {r.state for r in order_rows(paused.ws.journal)}
