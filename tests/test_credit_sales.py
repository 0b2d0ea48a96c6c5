"""Credit sales one by one (issue 15, the reader's side): every receipt of a day's credit part is a ``CreditSale``
with its customer's master data, its lines and its amounts; together they are exactly the credit aggregate the
voucher already uses (left out, or posted to receivables)."""

import datetime as dt
import json
import os
from collections import defaultdict
from decimal import Decimal as D

import pytest
from saft_helpers import Line, Location, Register, make_txn, write

from ledgerwizard.cli import main
from ledgerwizard.core.mapping import CREDIT_RECEIVABLES, suggest
from ledgerwizard.adapters.readercache import ResultCache, decode, encode
from ledgerwizard.core.saft.reader import read_file
from ledgerwizard.core.saft.source import ExportSource
from ledgerwizard.core.voucher import build_voucher
from ledgerwizard_sandbox.saftgen import (DEMO_CUSTOMERS, Customer, Txn, demo_locations, make_credit_txn,
                                          write_saft)

DAY = dt.date(2026, 3, 2)


@pytest.fixture
def credit_export(tmp_path):
    """The demo's two stores for a week, selling on account to three customers; the third customer is not in the
    file's customersSuppliers (a customer the POS knows only by number)."""
    p = tmp_path / "credit.xml"
    locs = demo_locations(dt.date(2026, 3, 1), 7, credit_customers=DEMO_CUSTOMERS)
    reg = locs[1].registers[0]
    lines = [Line("500", "2", D("239.80"), article="A-500", quantity=D(2)), Line("400", "3", D("45.00"))]
    reg.transactions.append(make_credit_txn(9000, dt.datetime(2026, 3, 3, 15), lines, DEMO_CUSTOMERS[0],
                                            is_return=True))  # a return on credit (11017)
    with open(p, "w", encoding="utf-8") as f:
        write_saft(f, locs, customers=DEMO_CUSTOMERS[:2])
    os.utime(p, (1_600_000_000, 1_600_000_000))
    return p


def _sum(pairs):
    out = defaultdict(D)
    for k, v in pairs:
        out[k] += v
    return {k: v for k, v in out.items() if v}


def test_the_credit_sale_records_add_up_to_the_credit_part_the_voucher_uses(credit_export):
    res = ExportSource([credit_export], settle_seconds=0).scan()
    days = res.summaries()
    assert not res.problems and all(d.reconciliation.ok for d in days)
    stores, customers, n = set(), set(), 0
    for d in days:
        c = d.parts["credit"]
        records = d.credit_sales
        n += len(records)
        stores |= {r.location for r in records}
        customers |= {r.customer_id for r in records}
        assert len(records) == c.n_trans
        assert sum((r.amount_in for r in records), D(0)) == c.total_in
        assert _sum((k, b) for r in records for k, b, _ in r.vat) == {k: b for k, (b, _) in c.vat.items() if b}
        assert _sum((k, v) for r in records for k, _, v in r.vat) == {k: v for k, (_, v) in c.vat.items() if v}
        paid = [(t, a) for r in records for t, a in r.payments] + [("__credit__", r.on_account) for r in records]
        assert _sum(paid) == {t: a for t, a in c.payments.items() if a}
        assert _sum((ln.article_group, ln.amount_in) for r in records for ln in r.lines if not ln.gift_card) == \
            {g: a for g, a in c.group_gross.items() if a}
        assert (sum(r.is_return for r in records), -sum((r.amount_in for r in records if r.is_return), D(0))) == \
            (c.returns_num, c.returns_amt)
        assert sum((r.rounding for r in records), D(0)) == c.rounding
        # the voucher leaves exactly this out by default, and posts it to receivables when asked
        a = d.combined
        mapping = suggest(d.master, a.vat, a.groups, a.payments)
        left_out = build_voucher(d, mapping)
        assert left_out.balanced
        if records:
            total = sum((r.amount_in for r in records), D(0))
            assert any(f"Credit sales ({len(records)} transactions, NOK {total:.2f})" in n.en for n in left_out.notes)
            mapping.credit_sales = CREDIT_RECEIVABLES
            posted = build_voucher(d, mapping)
            assert posted.balanced
            on_customer_account = sum((ln.amount for ln in posted.lines if ln.kind == "payment"
                                       and ln.account == mapping.payments["KUNDE"]), D(0))
            assert on_customer_account == sum((a for r in records for t, a in r.payments if t == "KUNDE"), D(0))
    assert n >= 10 and stores == {"Kaffebar Grünerløkka", "Kaffebar Majorstuen"}
    assert customers == {"K1001", "K1002", "K1003"}


def test_a_credit_sale_carries_its_customer_and_its_lines(credit_export):
    res = ExportSource([credit_export], settle_seconds=0).scan()
    records = [r for d in res.summaries() for r in d.credit_sales]
    known = next(r for r in records if r.customer_id == "K1001")
    c = known.customer
    assert (c.name, c.org_nr, c.tax_reg_ident) == ("Byggmester Hansen AS", "912345678", "912345678MVA")
    assert (c.street_address.street, c.street_address.postal_code, c.street_address.city) == (
        "Industriveien 12", "0581", "Oslo")
    private = next(r for r in records if r.customer_id == "K1002")
    assert private.customer.name == "Grünerløkka Frisør"
    unknown = next(r for r in records if r.customer_id == "K1003")
    assert unknown.customer is None  # not in the file's customersSuppliers: its number is all there is
    for r in records:
        assert r.invoice_id.startswith("F") and r.delivery_receipt and r.predefined_type in ("11002", "11017")
        assert r.register_id in ("GL-1", "GL-2", "MJ-1") and r.nr and r.trans_id == r.nr
        assert r.business_day == r.when.date() and isinstance(r.amount_in, D)
        assert sum((ln.amount_in for ln in r.lines), D(0)) == r.amount_in
        for ln in r.lines:
            if ln.article_id:
                assert ln.article_id.startswith("A-") and ln.description  # the line's text or the article's
                assert abs(ln.quantity) * ln.unit_price == abs(ln.amount_in)
            assert ln.vat_code in ("2", "3") and ln.vat_rate in (D("15.00"), D("25.00"))
            assert ln.is_return == r.is_return
            assert (ln.amount_in < 0) == r.is_return and (ln.quantity < 0) == r.is_return
    returns = [r for r in records if r.is_return]
    assert returns and all(r.amount_in < 0 and r.predefined_type == "11017" for r in returns)


def test_credit_sales_are_in_summary_json(credit_export, capsys):
    assert main(["summary", str(credit_export), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    day = next(d for d in doc["days"] if d["credit_sale_records"])
    rec = day["credit_sale_records"][0]
    assert set(rec) >= {"register", "nr", "trans_id", "time", "business_day", "customer_id", "customer",
                        "invoice_id", "amount_in", "amount_ex", "vat", "is_return", "lines"}
    assert set(rec["lines"][0]) >= {"article_id", "description", "article_group", "quantity", "unit_price",
                                    "amount_ex", "amount_in", "vat_code", "vat_rate", "is_return"}
    assert sum(D(r["amount_in"]) for r in day["credit_sale_records"]) == D(day["credit_sales"])


def test_credit_sales_survive_the_reader_cache(credit_export, tmp_path):
    fr = read_file(credit_export)
    assert any(w.credit_sales for w in fr.windows)
    assert decode(encode([fr])) == [fr]
    cache = tmp_path / "cache.sqlite3"
    first = ExportSource([credit_export], settle_seconds=0, disk_cache=ResultCache(cache)).scan()
    src = ExportSource([credit_export], settle_seconds=0, disk_cache=ResultCache(cache))
    again = src.scan()
    assert src.disk_cache.hits == 1
    assert [d.to_dict() for d in again.summaries()] == [d.to_dict() for d in first.summaries()]


def _one_register(tmp_path, txns, name="x.xml", patch=None):
    reg = Register("K1", txns, [dt.datetime(2026, 3, 2, 22)])
    p = write(tmp_path / name, [Location("Butikk", [reg])], customers=[Customer("C1", "Kunde AS", "987654321")])
    if patch:
        text = p.read_text(encoding="utf-8")
        for old, new in patch:
            assert old in text, old
            text = text.replace(old, new, 1)
        p.write_text(text, encoding="utf-8")
        os.utime(p, (1_600_000_000, 1_600_000_000))
    (d,) = ExportSource([p], settle_seconds=0).scan().summaries()
    return d


def test_a_delivery_receipt_the_register_was_not_paid_for_is_a_credit_sale(tmp_path):
    when = dt.datetime(2026, 3, 2, 12)
    unpaid = Txn(1, when, [Line("100", "2", D("115.00"))], [])  # no payment: invoiced later
    paid = make_txn(2, when, [Line("300", "3", D("50.00"))], "BAX")  # paid by card, an invoice only as a document
    inv = "<transTime>12:00:00</transTime>"
    d = _one_register(tmp_path, [unpaid, paid], patch=[(inv, inv + "<invoiceID>F-1</invoiceID>"),
                                                       (inv + "<ctLine><nr>2<", inv + "<invoiceID>F-2</invoiceID>"
                                                        "<ctLine><nr>2<")])
    (r,) = d.credit_sales
    assert (r.nr, r.invoice_id, r.on_account, r.amount_in, r.payments) == ("1", "F-1", D("115.00"), D("115.00"), [])
    assert d.parts["credit"].payments == {"__credit__": D("115.00")}
    assert d.parts["sale"].payments == {"BAX": D("50.00")}  # the paid one stays a sale


def test_cash_and_credit_sale_and_settlement(tmp_path):
    when = dt.datetime(2026, 3, 2, 12)
    part = Txn(1, when, [Line("100", "2", D("200.00"))], [("KONT", D("50.00"))], customer="C1", invoice_id="F-9")
    settle = Txn(2, when, [], [("BAX", D("300.00"))], customer="C1")
    basics = "<basics>"
    d = _one_register(tmp_path, [part, settle], patch=[
        (basics, basics + "<basic><basicType>11</basicType><basicID>KK</basicID><predefinedBasicID>11015"
                          "</predefinedBasicID><basicDesc>Kontant og kreditt</basicDesc></basic>"
                          "<basic><basicType>11</basicType><basicID>INNB</basicID><predefinedBasicID>11005"
                          "</predefinedBasicID><basicDesc>Innbetaling</basicDesc></basic>"),
        ("<transType>KREDITT</transType>", "<transType>KK</transType>"),
        ("<nr>2</nr><transID>2</transID><transType>KREDITT</transType>",
         "<nr>2</nr><transID>2</transID><transType>INNB</transType>")])
    cash_credit, settlement = d.credit_sales
    assert cash_credit.predefined_type == "11015" and cash_credit.payments == [("KONT", D("50.00"))]
    assert cash_credit.on_account == D("150.00") and cash_credit.customer.org_nr == "987654321"
    assert settlement.settlement and settlement.lines == [] and settlement.on_account == D("-300.00")


def test_the_sample_generator_without_credit_customers_is_unchanged(tmp_path):
    p = write(tmp_path / "plain.xml", demo_locations(dt.date(2026, 3, 1), 2))
    text = p.read_text(encoding="utf-8")
    assert "customersSuppliers" not in text and "KUNDE" not in text and "<articles>" not in text
    assert not any(w.credit_sales for w in read_file(p).windows)
    assert make_credit_txn(1, dt.datetime(2026, 3, 1, 9), [Line("100", "2", D("10"))], DEMO_CUSTOMERS[0]).customer \
        == "K1001"


def test_an_event_13016_alone_marks_an_unpaid_receipt_as_a_delivery_receipt(tmp_path):
    when = dt.datetime(2026, 3, 2, 12)
    unpaid = Txn(1, when, [Line("100", "2", D("115.00"))], [])
    other = Txn(2, when, [Line("100", "2", D("20.00"))], [])  # unpaid too, but no delivery receipt: not a credit sale
    event = ("<event><eventID>E1</eventID><eventType>UTLEV</eventType><transID>1</transID>"
             "<eventDate>2026-03-02</eventDate><eventTime>12:00:00</eventTime></event><cashtransaction>")
    d = _one_register(tmp_path, [unpaid, other], patch=[("<cashtransaction>", event)])
    (r,) = d.credit_sales
    assert (r.nr, r.delivery_receipt, r.on_account, r.invoice_id) == ("1", True, D("115.00"), "")
    assert d.parts["sale"].n_trans == 1  # the other one stays a sale (and its unpaid amount a difference)
