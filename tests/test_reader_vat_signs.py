"""The reader's VAT signs, VAT bases, VAT rates and cash-difference signs for the optional fields a producer may
leave out (review findings, /tmp/review-figures case1, case2, case3, case8):

* a transaction-level ``vat`` without ``vatAmntTp`` keeps a negative value as written (a return inside a mixed
  11016 receipt); only a positive value takes the receipt's ``amntTp`` sign;
* several transaction-level ``vat`` without ``vatBasAmnt`` get their base from their own lines, else from
  vatAmnt × 100 / rate;
* a ``vat`` without ``vatPerc`` gets its code's rate (written elsewhere in the file, else its standardVatCode,
  else the computed ratio snapped to a legal rate), never a new rate made by øre rounding;
* a cash difference (11008) written as absolutes with amntTp D is a shortage, like a return's payments.

Hand-written XML (the way the review scripts build it), read with ``read_file`` and ``ExportSource``."""

import os
from decimal import Decimal as D

from ledgerwizard.core.saft.model import VatKey
from ledgerwizard.core.saft.reader import read_file
from ledgerwizard.core.saft.source import ExportSource

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<auditfile xmlns="urn:StandardAuditFile-Taxation-CashRegister:NO">
<header><fiscalYear>2026</fiscalYear><startDate>2026-01-01</startDate><endDate>2026-12-31</endDate><curCode>NOK</curCode>
<dateCreated>2026-03-03</dateCreated><timeCreated>06:00:00</timeCreated><softwareDesc>x</softwareDesc>
<softwareVersion>1</softwareVersion><softwareCompanyName>x</softwareCompanyName><auditfileVersion>1.0</auditfileVersion>
</header>
<company><companyIdent>999999999</companyIdent><companyName>Test AS</companyName>
<vatCodeDetails>
<vatCodeDetail><vatCode>0</vatCode><dateOfEntry>2019-12-01</dateOfEntry><vatDesc>0</vatDesc><standardVatCode>5</standardVatCode></vatCodeDetail>
<vatCodeDetail><vatCode>2</vatCode><dateOfEntry>2019-12-01</dateOfEntry><vatDesc>15</vatDesc><standardVatCode>31</standardVatCode></vatCodeDetail>
<vatCodeDetail><vatCode>3</vatCode><dateOfEntry>2019-12-01</dateOfEntry><vatDesc>25</vatDesc><standardVatCode>3</standardVatCode></vatCodeDetail>
<vatCodeDetail><vatCode>4</vatCode><dateOfEntry>2019-12-01</dateOfEntry><vatDesc>lav</vatDesc><standardVatCode>33</standardVatCode></vatCodeDetail>
<vatCodeDetail><vatCode>9</vatCode><dateOfEntry>2019-12-01</dateOfEntry><vatDesc>eget</vatDesc><standardVatCode>0</standardVatCode></vatCodeDetail>
</vatCodeDetails>
<basics>
<basic><basicType>04</basicType><basicID>100</basicID><predefinedBasicID>04006</predefinedBasicID><basicDesc>Food</basicDesc></basic>
<basic><basicType>04</basicType><basicID>300</basicID><predefinedBasicID>04007</predefinedBasicID><basicDesc>Beer</basicDesc></basic>
<basic><basicType>05</basicType><basicID>SAL</basicID><basicDesc>Sale line</basicDesc></basic>
<basic><basicType>11</basicType><basicID>CASHSAL</basicID><predefinedBasicID>11001</predefinedBasicID><basicDesc>Cash sale</basicDesc></basic>
<basic><basicType>11</basicType><basicID>RETURNSAL</basicID><predefinedBasicID>11006</predefinedBasicID><basicDesc>Return</basicDesc></basic>
<basic><basicType>11</basicType><basicID>MIX</basicID><predefinedBasicID>11016</predefinedBasicID><basicDesc>Cash sale and return</basicDesc></basic>
<basic><basicType>11</basicType><basicID>CASHDIFF</basicID><predefinedBasicID>11008</predefinedBasicID><basicDesc>Kassedifferanse</basicDesc></basic>
<basic><basicType>12</basicType><basicID>CASH</basicID><predefinedBasicID>12001</predefinedBasicID><basicDesc>Cash</basicDesc></basic>
<basic><basicType>12</basicType><basicID>CARD</basicID><predefinedBasicID>12002</predefinedBasicID><basicDesc>Card</basicDesc></basic>
<basic><basicType>13</basicType><basicID>ZREP</basicID><predefinedBasicID>13009</predefinedBasicID><basicDesc>Z report</basicDesc></basic>
</basics>
<location><name>Butikk</name><cashregister><registerID>K1</registerID>
"""
TAIL = "</cashregister></location></company></auditfile>\n"


def tx(nr, body, tt="CASHSAL", amin="0", amex="0", tp="C", date="2026-03-02", time="12:00:00"):
    return (f"<cashtransaction><nr>{nr}</nr><transID>{nr}</transID><transType>{tt}</transType>"
            f"<transAmntIn>{amin}</transAmntIn><transAmntEx>{amex}</transAmntEx><amntTp>{tp}</amntTp>"
            f"<transDate>{date}</transDate><transTime>{time}</transTime>{body}"
            f"<signature>NA</signature><keyVersion>NA</keyVersion></cashtransaction>\n")


def line(nr, lid, grp, ain, aex, tp="C", vat=""):
    return (f"<ctLine><nr>{nr}</nr><lineID>{lid}</lineID><lineType>SAL</lineType><artGroupID>{grp}</artGroupID>"
            f"<lineAmntIn>{ain}</lineAmntIn><lineAmntEx>{aex}</lineAmntEx><amntTp>{tp}</amntTp>{vat}</ctLine>")


def vat(code, perc, amt, base=None, tp=None):
    s = f"<vat><vatCode>{code}</vatCode>"
    if perc is not None:
        s += f"<vatPerc>{perc}</vatPerc>"
    s += f"<vatAmnt>{amt}</vatAmnt>"
    if tp:
        s += f"<vatAmntTp>{tp}</vatAmntTp>"
    if base is not None:
        s += f"<vatBasAmnt>{base}</vatBasAmnt>"
    return s + "</vat>"


def pay(t, a):
    return f"<payment><paymentType>{t}</paymentType><paidAmnt>{a}</paidAmnt></payment>"


def z(total, vats, payments, group="100", date="2026-03-02", time="23:00:00"):
    """A Z report, all its sales in one article group; ``vats``: (code, perc or None, base, vat)."""
    rv = "".join(f"<reportCashSaleVat><vatCode>{c}</vatCode>" + (f"<vatPerc>{p}</vatPerc>" if p else "")
                 + f"<cashSaleAmnt>{b}</cashSaleAmnt><vatAmnt>{v}</vatAmnt></reportCashSaleVat>"
                 for c, p, b, v in vats)
    rp = "".join(f"<reportPayment><paymentType>{t}</paymentType><paymentNum>1</paymentNum>"
                 f"<paymentAmnt>{a}</paymentAmnt></reportPayment>" for t, a in payments)
    return (f"<event><eventID>E1</eventID><eventType>ZREP</eventType><eventDate>{date}</eventDate>"
            f"<eventTime>{time}</eventTime><eventReport><reportID>1</reportID><reportType>Z report</reportType>"
            f"<companyIdent>999999999</companyIdent><companyName>Test AS</companyName><reportDate>{date}</reportDate>"
            f"<reportTime>{time}</reportTime><registerID>K1</registerID>"
            f"<reportTotalCashSales><totalCashSaleAmnt>{total}</totalCashSaleAmnt></reportTotalCashSales>"
            f"<reportArtGroups><reportArtGroup><artGroupID>{group}</artGroupID><artGroupNum>1</artGroupNum>"
            f"<artGroupAmnt>{total}</artGroupAmnt></reportArtGroup></reportArtGroups>"
            f"<reportPayments>{rp}</reportPayments><reportCashSalesVat>{rv}</reportCashSalesVat>"
            f"<reportReceiptNum>3</reportReceiptNum></eventReport></event>")


def write(path, body, events=""):
    path.write_text(HEAD + events + body + TAIL, encoding="utf-8")
    os.utime(path, (1_600_000_000, 1_600_000_000))
    return path


def sale_part(path):
    """The one window's sales aggregate."""
    (w,) = read_file(path).windows
    return w.parts["sale"]


def vat_of(path):
    return {(k.code, k.rate): tuple(bv) for k, bv in sale_part(path).vat.items()}


def only_day(path):
    (s,) = ExportSource(path).scan().summaries()
    return s


# --- 1. a transaction-level vat without vatAmntTp ---------------------------------------------------------------

def test_negative_transaction_vat_without_vatamnttp_is_kept_as_written(tmp_path):
    # case2: 11016 (amntTp C, net positive): beer 125.00 sold, food 115.00 returned; the return's VAT is written
    # signed (-15.00 on a base of -100.00) without the optional vatAmntTp
    t = tx(1, line(1, 1, "300", "125.00", "100.00", "C") + line(1, 2, "100", "-115.00", "-100.00", "D")
           + vat("3", "25.00", "25.00", "100.00") + vat("2", "15.00", "-15.00", "-100.00") + pay("CARD", "10.00"),
           tt="MIX", amin="10.00", amex="0.00")
    p = write(tmp_path / "mixed.xml", t)
    assert vat_of(p) == {("3", D("25.00")): (D("100.00"), D("25.00")),
                         ("2", D("15.00")): (D("-100.00"), D("-15.00"))}
    day = only_day(p)
    assert day.reconciliation.ok, [c.describe().en for c in day.reconciliation.differences]

    # a positive value without vatAmntTp still takes the receipt's sign (absolutes with amntTp D)
    r = tx(2, line(2, 1, "300", "125.00", "100.00", "D") + vat("3", "25.00", "25.00", "100.00")
           + pay("CARD", "125.00"), tt="RETURNSAL", amin="125.00", amex="100.00", tp="D")
    assert vat_of(write(tmp_path / "ret.xml", r)) == {("3", D("25.00")): (D("-100.00"), D("-25.00"))}

    # vatAmntTp written: its own rule, whatever sign the number has
    c = tx(3, line(3, 1, "300", "125.00", "100.00") + vat("3", "25.00", "-25.00", "-100.00", tp="C")
           + pay("CARD", "125.00"), amin="125.00", amex="100.00")
    assert vat_of(write(tmp_path / "typed.xml", c)) == {("3", D("25.00")): (D("100.00"), D("25.00"))}
    d = tx(4, line(4, 1, "300", "125.00", "100.00") + vat("3", "25.00", "25.00", "100.00", tp="D")
           + pay("CARD", "125.00"), amin="125.00", amex="100.00")
    assert vat_of(write(tmp_path / "typed_d.xml", d)) == {("3", D("25.00")): (D("-100.00"), D("-25.00"))}


# --- 2. several transaction-level vat without vatBasAmnt ----------------------------------------------------------

def test_several_vat_elements_without_base_take_it_from_their_lines(tmp_path):
    # each line carries its own VAT (code and rate): the base is the sum of those lines' lineAmntEx
    body = tx(1, line(1, 1, "100", "115.00", "100.02", vat=vat("2", "15.00", "14.98"))
              + line(1, 2, "100", "23.00", "20.00", vat=vat("2", "15.00", "3.00"))
              + line(1, 3, "300", "125.00", "100.00", vat=vat("3", "25.00", "25.00"))
              + vat("2", "15.00", "17.98") + vat("3", "25.00", "25.00") + pay("CARD", "263.00"),
              amin="263.00", amex="220.02")
    p = write(tmp_path / "lines.xml", body)
    assert vat_of(p) == {("2", D("15.00")): (D("120.02"), D("17.98")),
                         ("3", D("25.00")): (D("100.00"), D("25.00"))}
    assert only_day(p).reconciliation.ok


def test_several_vat_elements_without_base_or_lines_use_vat_over_rate(tmp_path):
    # case1: the lines carry no VAT: base = vatAmnt × 100 / rate, rounded to øre
    body = tx(1, line(1, 1, "100", "115.00", "100.00") + line(1, 2, "300", "125.00", "100.00")
              + vat("2", "15.00", "15.00") + vat("3", "25.00", "25.00") + pay("CARD", "240.00"),
              amin="240.00", amex="200.00")
    p = write(tmp_path / "novb.xml", body)
    assert vat_of(p) == {("2", D("15.00")): (D("100.00"), D("15.00")),
                         ("3", D("25.00")): (D("100.00"), D("25.00"))}
    day = only_day(p)
    assert day.reconciliation.ok, [c.describe().en for c in day.reconciliation.differences]

    # rounded to øre; a return's base keeps the VAT's sign
    r = tx(2, line(2, 1, "100", "1.00", "0.87", "D") + line(2, 2, "300", "1.00", "0.80", "D")
           + vat("2", "15.00", "0.13") + vat("3", "25.00", "0.20") + pay("CARD", "2.00"),
           tt="RETURNSAL", amin="2.00", amex="1.67", tp="D")
    assert vat_of(write(tmp_path / "ret.xml", r)) == {("2", D("15.00")): (D("-0.87"), D("-0.13")),
                                                      ("3", D("25.00")): (D("-0.80"), D("-0.20"))}

    # a 0 % element without a base and no line with its code: nothing to work it out from, so the day is still
    # refused (payments 175.00 against sales 125.00), and the reader says why
    z0 = tx(3, line(3, 1, "300", "125.00", "100.00") + line(3, 2, "100", "50.00", "50.00")
            + vat("3", "25.00", "25.00") + vat("0", "0.00", "0.00") + pay("CARD", "175.00"),
            amin="175.00", amex="150.00")
    p = write(tmp_path / "zero.xml", z0)
    assert vat_of(p) == {("3", D("25.00")): (D("100.00"), D("25.00")), ("0", D("0.00")): (D("0.00"), D("0.00"))}
    assert any("vatBasAmnt" in w.en for w in read_file(p).warnings)
    assert not only_day(p).reconciliation.ok


# --- 3. vat without vatPerc -------------------------------------------------------------------------------------

RECEIPTS_15 = [("115.00", "100.00", "15.00"), ("1.00", "0.87", "0.13"), ("9.90", "8.61", "1.29")]


def _no_perc(code, receipts=RECEIPTS_15, date="2026-03-02"):
    body = ""
    for nr, (g, ex, v) in enumerate(receipts, 1):
        body += tx(nr, line(nr, 1, "100", g, ex) + vat(code, None, v, ex) + pay("CARD", g), amin=g, amex=ex,
                   time=f"1{nr}:00:00", date=date)
    return body


def test_missing_vatperc_takes_the_rate_the_z_report_writes_for_the_code(tmp_path):
    # case8: three 15 % receipts without vatPerc (ratios 15.00, 14.94, 14.98) and their Z (code 2 at 15 %)
    p = write(tmp_path / "z.xml", _no_perc("2"), events=z("125.90", [("2", "15.00", "109.48", "16.42")],
                                                             [("CARD", "125.90")]))
    assert vat_of(p) == {("2", D("15.00")): (D("109.48"), D("16.42"))}
    assert sale_part(p).vat_lines == {VatKey("2", D("15.00")): 3}
    day = only_day(p)
    assert day.reconciliation.ok, [c.describe().en for c in day.reconciliation.differences]

    # a rate written elsewhere for the code wins over the ratio, even one that is no legal rate today
    old = tx(9, line(9, 1, "100", "10.00", "9.09") + vat("9", "10.00", "0.91", "9.09") + pay("CARD", "10.00"),
             time="09:00:00")
    ten = [("9.47", "8.61", "0.86")]  # 0.86 / 8.61 = 9.99 %
    p = write(tmp_path / "written.xml", old + _no_perc("9", ten))
    assert vat_of(p) == {("9", D("10.00")): (D("17.70"), D("1.77"))}


def test_missing_vatperc_takes_the_standard_vat_codes_rate(tmp_path):
    assert vat_of(write(tmp_path / "std31.xml", _no_perc("2"))) == {("2", D("15.00")): (D("109.48"), D("16.42"))}
    low = [("112.00", "100.00", "12.00"), ("1.00", "0.89", "0.11")]  # 0.11 / 0.89 = 12.36 %
    assert vat_of(write(tmp_path / "std33.xml", _no_perc("4", low))) == {("4", D("12.00")): (D("100.89"),
                                                                                              D("12.11"))}
    # a Z report without vatPerc gets the same rate as its receipts
    p = write(tmp_path / "zstd.xml", _no_perc("2", RECEIPTS_15[2:]),
              events=z("9.90", [("2", None, "8.61", "1.29")], [("CARD", "9.90")]))
    (w,) = read_file(p).windows
    assert w.zreport.vat == {VatKey("2", D("15.00")): [D("8.61"), D("1.29")]}
    assert vat_of(p) == {("2", D("15.00")): (D("8.61"), D("1.29"))}
    assert only_day(p).reconciliation.ok


def test_missing_vatperc_snaps_the_ratio_to_a_legal_rate_within_rounding(tmp_path):
    # code 9's standard code 0 has no rate; code 7 is not declared at all: the ratio, snapped
    assert vat_of(write(tmp_path / "snap9.xml", _no_perc("9"))) == {("9", D("15.00")): (D("109.48"), D("16.42"))}
    assert vat_of(write(tmp_path / "snap7.xml", _no_perc("7"))) == {("7", D("15.00")): (D("109.48"), D("16.42"))}
    # a ratio no legal rate explains within rounding stays as computed
    odd = [("10.80", "10.00", "0.80")]
    assert vat_of(write(tmp_path / "odd.xml", _no_perc("9", odd))) == {("9", D("8.00")): (D("10.00"), D("0.80"))}


# --- 4. cash difference -----------------------------------------------------------------------------------------

SALE = tx(1, line(1, 1, "300", "125.00", "100.00") + vat("3", "25.00", "25.00", "100.00") + pay("CASH", "125.00"),
          amin="125.00", amex="100.00")


def test_cash_difference_written_as_absolutes_with_amnttp_d_is_a_shortage(tmp_path):
    # case3: a 50.00 shortage written as |amounts| with amntTp D and a positive paidAmnt
    short = tx(2, pay("CASH", "50.00"), tt="CASHDIFF", amin="50.00", amex="50.00", tp="D", time="22:00:00")
    assert sale_part(write(tmp_path / "abs.xml", SALE + short)).cash_difference == {"CASH": D("-50.00")}
    # written signed: kept
    signed = tx(2, pay("CASH", "-50.00"), tt="CASHDIFF", amin="-50.00", amex="-50.00", tp="D", time="22:00:00")
    assert sale_part(write(tmp_path / "signed.xml", SALE + signed)).cash_difference == {"CASH": D("-50.00")}
    # a surplus (C) stays positive; a D with a negative and a positive payment is kept as written
    over = tx(2, pay("CASH", "20.00"), tt="CASHDIFF", amin="20.00", amex="20.00", time="22:00:00")
    assert sale_part(write(tmp_path / "over.xml", SALE + over)).cash_difference == {"CASH": D("20.00")}
    mixed = tx(2, pay("CASH", "-50.00") + pay("CARD", "10.00"), tt="CASHDIFF", amin="40.00", amex="40.00", tp="D",
               time="22:00:00")
    assert sale_part(write(tmp_path / "mixed.xml", SALE + mixed)).cash_difference == {"CASH": D("-50.00"),
                                                                                      "CARD": D("10.00")}


# --- 5. an 11004 "Payment" without lines or VAT -------------------------------------------------------------------

def test_a_payment_11004_without_lines_is_a_settlement_on_account_not_a_sale(tmp_path):
    # case4: LS Central and Oracle OPERA write ordinary sales as 11004 (with lines and VAT: a sale, as before); one
    # with neither is a customer paying on account (reference §3.4: "otherwise as a settlement (flag)"). It was a
    # 0 % sale of an unknown VAT code ("? (0 %)"), revenue that never was
    path = tmp_path / "pay.xml"
    settle = tx(2, pay("CASH", "500.00"), tt="PAY", amin="500.00", amex="500.00", time="13:00:00")
    path.write_text(HEAD.replace("</basics>", '<basic><basicType>11</basicType><basicID>PAY</basicID><predefined'
                                              'BasicID>11004</predefinedBasicID><basicDesc>Betaling</basicDesc></basic>'
                                              '</basics>') + SALE + settle + TAIL, encoding="utf-8")
    fr = read_file(path)
    (w,) = fr.windows
    assert dict(w.parts["sale"].vat) == {VatKey("3", D("25.00")): [D("100.00"), D("25.00")]}  # the sale alone
    credit = w.parts["credit"]
    assert credit.payments == {"CASH": D("500.00"), "__credit__": D("-500.00")} and not credit.vat
    assert any("11004" in n.en and "settlement" in n.en for n in fr.warnings)
    # with lines it is a sale, as LS Central writes one
    sale = tx(2, line(2, 1, "300", "125.00", "100.00") + vat("3", "25.00", "25.00", "100.00") + pay("CASH", "125.00"),
              tt="PAY", amin="125.00", amex="100.00", time="13:00:00")
    path.write_text(HEAD.replace("</basics>", '<basic><basicType>11</basicType><basicID>PAY</basicID><predefined'
                                              'BasicID>11004</predefinedBasicID><basicDesc>Betaling</basicDesc></basic>'
                                              '</basics>') + SALE + sale + TAIL, encoding="utf-8")
    (w,) = read_file(path).windows
    assert w.parts["sale"].total_in == D("250.00") and not w.parts["credit"].n_trans
