"""Mapping (suggestions, template, alternative accounts) and the voucher builder's refusals and options."""

import datetime as dt
from decimal import Decimal as D

import pytest
from saft_helpers import Line, Location, Register, make_txn, simple_location, write

from ledgerwizard.core.errors import UnmappedError
from ledgerwizard.core.mapping import (CREDIT_RECEIVABLES, Account, GroupMapping, Mapping, NS4102, apply_template,
                                       suggest)
from ledgerwizard.core.saft.source import ExportSource
from ledgerwizard.core.voucher import build_voucher, external_reference


def _day(tmp_path, locs, **kw):
    (s,) = ExportSource(write(tmp_path / "x.xml", locs, **kw)).scan().summaries()
    return s


def _inject(p, basic_before: str, basic: str, transaction: str):
    """Add a basics entry (before ``basic_before``) and a raw transaction to a generated export file."""
    import os

    text = p.read_text()
    text = text.replace(basic_before, basic + basic_before, 1).replace("</cashregister>", transaction + "</cashregister>")
    p.write_text(text)
    os.utime(p, (1_600_000_000, 1_600_000_000))
    return p


def _suggested(s, chart=None):
    keys = set()
    groups = set()
    pays = set()
    for part in s.parts.values():
        keys |= set(part.vat)
        groups |= set(part.groups)
        pays |= set(part.payments) | set(part.cash_difference)
    return suggest(s.master, keys, groups, pays, chart)


def test_blank_accounts_are_refused_and_listed_exactly(tmp_path):
    s = _day(tmp_path, [simple_location()])
    m = _suggested(s)
    m.payments["BAX"] = ""
    m.groups["300"].account = ""
    m.rounding_account = ""
    with pytest.raises(UnmappedError) as e:
        build_voucher(s, m)
    missing = e.value.missing
    assert any(x.startswith("Betalingsmåte BAX") for x in missing)
    assert any(x.startswith("Varegruppe 300") for x in missing)
    assert any(x.startswith("Øreavrunding") for x in missing)
    assert len(missing) == 3
    assert "blanke kontoer" in e.value.render("nb") and "no blank accounts" in e.value.render("en")


def test_alternative_account_for_a_group_sold_at_another_vat_rate(tmp_path):
    coffee = lambda day, nr: [  # noqa: E731  eat-in 25 % and take-away 15 % of the same group
        make_txn(nr, dt.datetime.combine(day, dt.time(9)), [Line("400", "3", D("50.00"))], "BAX"),
        make_txn(nr + 1, dt.datetime.combine(day, dt.time(10)), [Line("400", "2", D("46.00"))], "BAX"),
        make_txn(nr + 2, dt.datetime.combine(day, dt.time(11)), [Line("400", "2", D("46.00"))], "BAX"),
    ]
    s = _day(tmp_path, [simple_location(receipts=coffee)])
    m = _suggested(s)
    assert m.groups["400"].account == "3030" and m.groups["400"].alternative == {"3": "3000"}
    m.groups["400"].alternative["3"] = "3001"  # the user picks a sub-account for eat-in
    v = build_voucher(s, m, style="net")
    rev = {(ln.account, ln.vat_code): ln.amount for ln in v.lines if ln.kind == "revenue"}
    assert rev == {("3030", "31"): D("-80.00"), ("3001", "3"): D("-40.00")}


def test_suggestions_use_only_accounts_that_exist_in_the_live_chart(tmp_path):
    s = _day(tmp_path, [simple_location()])
    chart = [Account(n, name) for n, name in NS4102.items() if n not in ("1579", "2910")]
    chart += [Account("1579", "Andre kortsiktige fordringer", active=False), Account("1951", "Oppgjørskonto BankAxept"),
              Account("2930", "Skyldig tips ansatte")]
    m = _suggested(s, chart)
    assert m.payments["BAX"] == "1951"  # by name, since 1579 is inactive
    assert m.payments["KONT"] == "1900"
    assert m.tips_account == "2930"
    m2 = _suggested(s, [Account("3000", "Salg")])  # a bare chart: what cannot be matched stays blank
    assert m2.payments["BAX"] == "" and m2.groups["100"].account == ""


def test_zero_rate_standard_code_0_is_never_suggested(tmp_path):
    loc = simple_location(receipts=lambda day, nr: [
        make_txn(nr, dt.datetime.combine(day, dt.time(9)), [Line("500", "0", D("100.00"))], "BAX")])
    s = _day(tmp_path, [loc])
    m = _suggested(s)
    assert m.vat["0"].ledger_code == ""  # SAF-T code 0 is a purchase code: the user must choose 5, 52 or 6
    with pytest.raises(UnmappedError) as e:
        build_voucher(s, m)
    assert any("Mva-kode 0" in x for x in e.value.missing)


def test_tips_are_a_liability_not_revenue(tmp_path):
    s = _day(tmp_path, [simple_location()])
    v = build_voucher(s, _suggested(s), style="net")
    tips = [ln for ln in v.lines if ln.kind == "tips"]
    assert len(tips) == 1 and tips[0].amount == D("-20.00") and tips[0].account == "2910"
    assert v.balanced


def _credit_and_gift_location():
    reg = Register("K1")
    day = dt.date(2026, 3, 2)
    t = lambda h, lines, pay: make_txn(h, dt.datetime.combine(day, dt.time(h)), lines, pay)  # noqa: E731
    reg.transactions = [
        t(9, [Line("100", "2", D("115.00"))], "BAX"),
        t(10, [Line("100", "3", D("250.00"))], "GAVE"),  # redeemed with a gift card
        t(11, [Line("900", "6", D("500.00"))], "BAX"),  # a gift card sold (group "Gavekort", no VAT)
    ]
    reg.z_times = [dt.datetime.combine(day, dt.time(22))]
    return Location("Butikk", [reg])


def test_gift_cards_sold_and_redeemed(tmp_path):
    s = _day(tmp_path, [_credit_and_gift_location()])
    assert s.parts["giftcard"].n_trans == 2 and s.parts["giftcard"].gift_card_sales == D("500.00")
    m = _suggested(s)
    v = build_voucher(s, m, style="net")
    by = {(ln.kind, ln.account): ln.amount for ln in v.lines}
    assert by[("gift_card", "2901")] == D("-500.00")  # liability up when sold
    assert by[("payment", "2901")] == D("250.00")  # liability down when redeemed
    assert v.balanced
    m.gift_cards = False  # gift cards off: those transactions are left out and named
    v2 = build_voucher(s, m, style="net")
    assert v2.balanced and v2.total_debit == D("115.00")
    assert any("gavekort" in n.nb.lower() for n in v2.notes)


def test_credit_sales_excluded_or_posted_to_receivables(tmp_path):
    reg = Register("K1")
    day = dt.date(2026, 3, 2)
    reg.transactions = [make_txn(1, dt.datetime.combine(day, dt.time(9)), [Line("100", "3", D("100.00"))], "BAX")]
    reg.z_times = [dt.datetime.combine(day, dt.time(22))]
    p = write(tmp_path / "c.xml", [Location("Butikk", [reg])])
    # add an invoice (credit) sale of 250.00 paid on the customer's account (12006)
    credit = ("<cashtransaction><nr>2</nr><transID>2</transID><transType>SALG</transType><transAmntIn>250.00"
              "</transAmntIn><transAmntEx>200.00</transAmntEx><amntTp>C</amntTp><transDate>2026-03-02</transDate>"
              "<transTime>10:00:00</transTime><vat><vatCode>3</vatCode><vatPerc>25.00</vatPerc><vatAmnt>50.00"
              "</vatAmnt><vatBasAmnt>200.00</vatBasAmnt></vat><payment><paymentType>KUNDE</paymentType><paidAmnt>"
              "250.00</paidAmnt></payment><signature>NA</signature><keyVersion>NA</keyVersion></cashtransaction>")
    _inject(p, "<basic><basicType>12</basicType><basicID>KONT</basicID>",
            "<basic><basicType>12</basicType><basicID>KUNDE</basicID><predefinedBasicID>12006</predefinedBasicID>"
            "<basicDesc>Kundekonto</basicDesc></basic>", credit)
    (s,) = ExportSource(p).scan().summaries()
    m = _suggested(s)
    v = build_voucher(s, m, style="net")  # default: excluded, invoices go to the ledger separately
    assert v.total_debit == D("100.00") and any("Kredittsalg" in n.nb for n in v.notes)
    m.credit_sales = CREDIT_RECEIVABLES
    v = build_voucher(s, m, style="net")
    assert {ln.account: ln.amount for ln in v.lines if ln.kind == "payment"}["1500"] == D("250.00")
    assert v.balanced and v.total_debit == D("350.00")


def test_external_reference_is_stable_and_short():
    a = external_reference("999999999", "s1", dt.date(2026, 3, 2))
    assert a == external_reference("999999999", "s1", dt.date(2026, 3, 2))
    assert a != external_reference("999999999", "s2", dt.date(2026, 3, 2))
    assert a != external_reference("999999999", "s1", dt.date(2026, 3, 3))
    long = external_reference("999999999", "Kaffebar Grünerløkka – hovedkassen nr. 2", dt.date(2026, 3, 2))
    assert len(long) <= 40 and long.isascii()


def test_template_changes_never_silently_change_existing_stores():
    template = Mapping(payments={"KONT": "1900"})
    stores = {"a": template.copy(), "b": template.copy()}
    template.payments["KONT"] = "1901"
    assert stores["a"].payments["KONT"] == "1900"
    stores = apply_template(template, stores, ["b"])
    assert stores["a"].payments["KONT"] == "1900" and stores["b"].payments["KONT"] == "1901"
    assert stores["b"] is not template


def test_mapping_round_trips_and_suggestions_never_overwrite_choices():
    m = Mapping(groups={"100": GroupMapping("3001", {"2": "3031"})}, payments={"BAX": "1951"})
    assert Mapping.from_dict(m.to_dict()) == m
    sug = Mapping(groups={"100": GroupMapping("3000", {"2": "3030", "1": "3050"})},
                  payments={"BAX": "1579", "KONT": "1900"}, rounding_account="7740")
    m.fill_from(sug)
    assert m.groups["100"].account == "3001" and m.groups["100"].alternative == {"2": "3031", "1": "3050"}
    assert m.payments == {"BAX": "1951", "KONT": "1900"} and m.rounding_account == "7740"
    with pytest.raises(ValueError):
        Mapping.from_dict({"credit_sales": "sometimes"})


def test_a_counted_cash_shortage_is_posted_against_the_cash_difference_account(tmp_path):
    p = write(tmp_path / "cd.xml", [simple_location()])
    diff = ("<cashtransaction><nr>99</nr><transID>99</transID><transType>DIFF</transType><transAmntIn>0.00"
            "</transAmntIn><transAmntEx>0.00</transAmntEx><amntTp>C</amntTp><transDate>2026-03-02</transDate>"
            "<transTime>21:55:00</transTime><payment><paymentType>KONT</paymentType><paidAmnt>-20.00</paidAmnt>"
            "</payment><signature>NA</signature><keyVersion>NA</keyVersion></cashtransaction>")
    _inject(p, "<basic><basicType>11</basicType><basicID>SALG</basicID>",
            "<basic><basicType>11</basicType><basicID>DIFF</basicID><predefinedBasicID>11008</predefinedBasicID>"
            "<basicDesc>Kassedifferanse</basicDesc></basic>", diff)
    (s,) = ExportSource(p).scan().summaries()
    assert s.reconciliation.ok and s.excluded.counts == {"type 11008": 1}
    m = _suggested(s)
    v = build_voucher(s, m, style="net")
    cd = {ln.account: ln.amount for ln in v.lines if ln.kind == "cash_difference"}
    assert cd == {"1900": D("-20.00"), "1909": D("20.00")} and v.balanced
    m.cash_difference_account = ""
    with pytest.raises(UnmappedError) as e:
        build_voucher(s, m)
    assert any("Kassedifferanse" in x for x in e.value.missing)
