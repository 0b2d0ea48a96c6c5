"""The setup's flow and rules without Qt (issue 17): the navigation map and its back stack, what makes each step
complete, and the rules the pages used to hold (another system clears the keys, another environment needs the
keys tested again, credit sales and gift cards change the accounts the voucher needs, each company its own
chart, a company's line style kept)."""

from decimal import Decimal as D

import pytest

from ledgerwizard.adapters.settings import Company, Settings, Store
from ledgerwizard.connectors.base import Chart, LedgerVatCode
from ledgerwizard.core.i18n import Text
from ledgerwizard.core.mapping import Account, Mapping
from ledgerwizard.core.saft.reader import ReadOptions
from ledgerwizard.core.saft.source import ExportSource
from ledgerwizard.setup.flow import Flow
from ledgerwizard.setup.model import SetupModel


@pytest.fixture
def model(export_dir):
    m = SetupModel()
    m.set_scan(str(export_dir), ExportSource([str(export_dir)], ReadOptions(), settle_seconds=0).scan())
    return m


def _chart(*numbers):
    return Chart([Account(n, f"Konto {n}", True) for n in numbers],
                 [LedgerVatCode(c, c, f"mva {c}", D(r)) for c, r in (("0", "0"), ("3", "25"), ("31", "15"), ("33", "12"))])


def test_the_flow_walks_the_map_and_back_along_the_way_it_came(model):
    flow = Flow(model)
    assert flow.order() == ["welcome", "source", "system", "keys", "accounts", "schedule", "test", "done"]
    assert flow.current == "welcome" and flow.can_go_on() and not flow.can_finish()
    flow.go_next()
    assert flow.current == "source" and flow.complete()  # the export is read
    flow.go_next()
    flow.go_next()
    assert flow.current == "keys" and not flow.complete() and not flow.can_go_on()
    with pytest.raises(ValueError):
        flow.go_next()  # no key tested yet
    model.companies[0].key = "x" * 36
    model.key_verified(model.companies[0].id, "Selskapet ASA")
    assert flow.can_go_on()
    flow.go_next()
    assert flow.current == "accounts" and flow.history == ["welcome", "source", "system", "keys"]
    assert flow.go_back() == "keys" and flow.go_back() == "system"
    assert flow.sections() == {"source": ["source"], "ledger": ["system", "keys"], "accounts": ["accounts"],
                               "sending": ["schedule"]}
    from ledgerwizard.setup.flow import HELP, help_text

    assert all(HELP[s].nb and HELP[s].en for s in flow.order())  # the Help button of every page says something
    assert "PowerOffice GO:" in help_text(["keys"], "poweroffice", "nb")  # and the key page the system's steps


def test_a_set_up_shop_can_finish_from_any_complete_step(model):
    flow = Flow(model, rerun=True)
    assert flow.can_finish()  # welcome
    flow.go_to("keys")
    assert not flow.can_finish()  # a step that is not complete cannot finish, re-run or not
    assert flow.history == ["welcome", "source", "system"]


def test_another_system_clears_the_keys_and_another_environment_untests_them(model):
    c = model.companies[0]
    model.set_key(c.id, "11111111-2222-3333-4444-555555555555")
    model.key_verified(c.id, "Selskapet ASA")
    model.set_chart(c.id, _chart("1900"))
    model.set_environment("demo")
    assert c.key and c.verified_name is None and not model.charts
    model.key_verified(c.id, "Selskapet ASA")
    model.choose_system("poweroffice")  # the same system: nothing changes
    assert c.verified_name == "Selskapet ASA"
    model.choose_system("tripletex")
    assert c.key == "" and c.verified_name is None and not model.keys_complete()


def test_credit_sales_and_gift_cards_change_what_the_voucher_needs(model):
    model.set_chart(model.companies[0].id, _chart("1900", "1500", "2980", "3000", "3030", "7740", "1579"))
    model.prepare_mappings()
    sid = model.stores[0].id
    model.set_credit_sales(sid, True)
    model.set_gift_cards(sid, True)
    assert model.mappings[sid].credit_sales == "receivables" and model.mappings[sid].gift_cards
    model.set_credit_sales(sid, False)
    assert model.mappings[sid].credit_sales == "exclude"


def test_each_store_is_checked_against_its_own_companys_chart(model):
    sid = model.stores[0].id
    model.set_chart(model.companies[0].id, _chart("1900"))
    model.prepare_mappings()
    (row,) = [r for r in model.rows(sid) if r.kind == "payment" and r.key == "CASH"]
    model.set_row(sid, row, "1900 Kontanter")
    assert model.row_problem(row) is None
    model.set_chart(model.companies[0].id, _chart("1920"))  # another chart: the same account is not in it
    problem = model.row_problem(row)
    assert isinstance(problem, Text) and "1900" in problem.en


def test_rerunning_keeps_what_the_setup_does_not_show(export_dir):
    settings = Settings(source_paths=[str(export_dir)],
                        companies=[Company("c1", "xledger", "demo", "Selskapet ASA", "999999999", "net",
                                           {"department_slot": "glObject2"})],
                        stores=[Store("s1", "Butikk", "c1", "1", "Location A: Shop Frogner", mapping=Mapping())])
    settings.schedule = {"auto_send": True, "time": "06:00", "weekdays": {}, "first_day": "2020-01-01",
                         "confirm_above": 3}
    m = SetupModel.from_settings(settings)
    out = m.build_settings()
    (c,) = out.companies
    assert c.line_style == "net" and c.options["department_slot"] == "glObject2"  # not turned back into gross
    assert out.schedule["first_day"] == "2020-01-01" and out.schedule["confirm_above"] == 3


def test_going_live_after_the_test_transfer_and_what_happens_to_days_already_due(model):
    import datetime as dt

    today = dt.date(2020, 1, 5)
    assert model.suggested_first_day(today) == today  # nothing sent anywhere yet: from today
    assert model.suggested_first_day(today, {("s1", dt.date(2020, 1, 2))}) == dt.date(2020, 1, 3)
    model.test_sent_for(dt.date(2020, 1, 1))
    assert model.first_day == dt.date(2020, 1, 2) and model.auto_send  # offered: on, from the day after
    assert "02.01.2020" in model.go_live_text(today).nb and "never sent" in model.go_live_text(today).en
    assert model.due_at_go_live(today, {("s1", dt.date(2020, 1, 1))}) == []
    model.first_day = dt.date(2019, 12, 30)  # the user goes live earlier: the test day is due (it is not sent)
    due = model.due_at_go_live(today, set())
    assert [(d, str(t)) for _n, d, t in due] == [(dt.date(2020, 1, 1), "514.20")]
    model.note_due(due)
    assert not model.done_complete()  # turning automatic sending on would send it: the user must say so
    model.catch_up = False  # "start after them"
    assert model.done_complete()
    s = model.build_settings()
    assert s.schedule["first_day"] == "2020-01-02" and s.schedule["auto_send"] is True
    model.set_auto_send(False)
    model.test_sent_for(dt.date(2020, 1, 1))
    assert model.auto_send is False  # the user's own choice stays


def test_saving_the_send_time_keeps_each_stores_own_cut_off(export_dir):
    """Found in review: the settings dialog's Sending section shows one cut-off (the first store's), and saving
    that section, say to move the send time, wrote it to every store. A club whose day ends at 07:00 got 05:00:
    its Z report at 06:00 moved to the next business day, which had no journal row and a new reference, and the
    night's sales were posted a second time. A store keeps its own cut-off unless the one shown is changed, and
    the page says the stores differ and what changing it does."""
    from ledgerwizard.setup import sections

    settings = Settings(source_paths=[str(export_dir)],
                        companies=[Company("c1", "poweroffice", "production", "Selskapet AS", "999999999")],
                        stores=[Store("s1", "Kafe", "c1", "", "Kafe", cutoff="05:00", mapping=Mapping()),
                                Store("s2", "Klubb", "c1", "", "Klubb", cutoff="07:00", mapping=Mapping())])
    m = SetupModel.from_settings(settings)
    assert any("Klubb 07:00" in w.en and "keeps its own" in w.en for w in m.schedule_warnings())
    m.times = {d: "09:00" for d in m.times}  # only the send time changes
    saved = sections.merge("sending", settings, m.build_settings())
    assert [(s.id, s.cutoff) for s in saved.stores] == [("s1", "05:00"), ("s2", "07:00")]
    assert saved.schedule["time"] == "09:00" or set(saved.schedule["weekdays"].values()) == {"09:00"}
    m.cutoff = "04:00"  # the shown one changed: it is every store's now, and the page says so
    assert any("now applies to every store" in w.en for w in m.schedule_warnings())
    saved = sections.merge("sending", settings, m.build_settings())
    assert [(s.id, s.cutoff) for s in saved.stores] == [("s1", "04:00"), ("s2", "04:00")]
