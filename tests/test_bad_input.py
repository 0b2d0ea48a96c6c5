"""Hostile and malformed files each get a clear error naming the file and the problem; none crash or hang."""

import time
from decimal import Decimal as D

import pytest

from ledgerwizard.core.errors import BadInputError, HostileXmlError, IncompleteFileError
from ledgerwizard.core.saft.reader import read_file

NS = "urn:StandardAuditFile-Taxation-CashRegister:NO"


def _write(tmp_path, name, text, encoding="utf-8"):
    p = tmp_path / name
    p.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return p


def _minimal(body_tx="", ns=NS, root="auditfile"):
    return (f'<?xml version="1.0" encoding="UTF-8"?><{root} xmlns="{ns}"><header><dateCreated>2026-01-01</dateCreated>'
            f'</header><company><companyIdent>999999999</companyIdent><companyName>X</companyName>'
            f'<location><name>L</name><cashregister><registerID>R1</registerID>{body_tx}</cashregister></location>'
            f'</company></{root}>')


TX = ("<cashtransaction><nr>1</nr><transID>1</transID><transAmntIn>{amt}</transAmntIn><transAmntEx>80.00</transAmntEx>"
      "<amntTp>C</amntTp><transDate>2026-01-01</transDate><transTime>10:00:00</transTime>"
      "<payment><paymentType>X</paymentType><paidAmnt>100.00</paidAmnt></payment>"
      "<signature>NA</signature><keyVersion>NA</keyVersion></cashtransaction>")


def test_xxe_is_refused_and_nothing_is_fetched(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    p = _write(tmp_path, "xxe.xml", f'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file://{secret}">]>'
                                    f'<auditfile xmlns="{NS}"><company><companyName>&x;</companyName></company></auditfile>')
    with pytest.raises(HostileXmlError) as e:
        read_file(p)
    assert "DOCTYPE" in e.value.render("en") and str(p) in e.value.render("en")
    assert "TOP-SECRET" not in e.value.render("en")


def test_external_dtd_over_the_network_is_refused(tmp_path):
    p = _write(tmp_path, "dtd.xml", f'<?xml version="1.0"?><!DOCTYPE auditfile SYSTEM "http://203.0.113.1/x.dtd">'
                                    f'<auditfile xmlns="{NS}"/>')
    with pytest.raises(HostileXmlError):
        read_file(p)


def test_billion_laughs_fails_fast(tmp_path):
    ents = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    p = _write(tmp_path, "lol.xml", f'<?xml version="1.0"?><!DOCTYPE lolz [{ents}]><auditfile xmlns="{NS}">'
                                    f'<company><companyName>&lol9;</companyName></company></auditfile>')
    t0 = time.monotonic()
    with pytest.raises(HostileXmlError):
        read_file(p)
    assert time.monotonic() - t0 < 2.0


def test_doctype_after_a_utf16_bom_is_still_refused(tmp_path):
    text = f'<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE a [<!ENTITY x "y">]><auditfile xmlns="{NS}"/>'
    p = _write(tmp_path, "u16.xml", text.encode("utf-16"))
    with pytest.raises(HostileXmlError):
        read_file(p)


def test_truncated_file_is_an_incomplete_file_error(tmp_path, example_2021):
    data = example_2021.read_bytes()
    p = _write(tmp_path, "trunc.xml", data[: len(data) // 2])
    with pytest.raises(IncompleteFileError) as e:
        read_file(p)
    msg = e.value.render("nb")
    assert str(p) in msg and "ikke gyldig XML" in msg and "kasseleverandøren" in msg
    assert "avkuttet" in msg and "linje" in msg and "kolonne" in msg  # what and where, in the user's language
    assert "Premature" not in msg and "Premature" not in e.value.render("en") and "cut off" in e.value.render("en")


@pytest.mark.parametrize("body, nb, en", [
    (b"<auditfile><header></auditfile>", "ikke lukket riktig", "not closed properly"),
    (b"<auditfile>\x01</auditfile>", "tegn som ikke er tillatt", "character XML does not allow"),
    (b'<?xml version="1.0" encoding="utf-8"?><auditfile>\xff</auditfile>', "tegnkoding", "character encoding"),
    (b"<auditfile/><auditfile/>", "etter slutten", "after the end"),
    (b'<auditfile a="1" a="2"/>', "feil i XML-strukturen", "error in the XML structure"),
])
def test_a_damaged_file_is_described_in_the_users_language_never_with_the_parsers_own_text(tmp_path, body, nb, en):
    p = _write(tmp_path, "bad.xml", body)
    with pytest.raises(IncompleteFileError) as e:
        read_file(p)
    assert nb in e.value.render("nb") and en in e.value.render("en") and "linje 1" in e.value.render("nb")
    assert e.value.technical and e.value.technical not in e.value.render("nb") + e.value.render("en")


def test_wrong_namespace_is_named(tmp_path):
    p = _write(tmp_path, "dk.xml", _minimal(ns="urn:StandardAuditFile-Taxation-CashRegister:DK"))
    with pytest.raises(BadInputError) as e:
        read_file(p)
    assert "CashRegister:DK" in e.value.render("en") and "Wrong namespace" in e.value.render("en")


def test_wrong_root_is_named(tmp_path):
    p = _write(tmp_path, "fin.xml", '<?xml version="1.0"?><AuditFile xmlns="urn:StandardAuditFile-Taxation-Financial:NO"/>')
    with pytest.raises(BadInputError) as e:
        read_file(p)
    assert "AuditFile" in e.value.render("en") and "not a SAF-T Cash Register file" in e.value.render("en")


def test_non_numeric_amount_names_the_transaction(tmp_path):
    p = _write(tmp_path, "nan.xml", _minimal(TX.format(amt="12,50")))
    with pytest.raises(BadInputError) as e:
        read_file(p)
    msg = e.value.render("en")
    assert "transAmntIn" in msg and "'12,50'" in msg and "nr 1" in msg and str(p) in msg


@pytest.mark.parametrize("amt", ["NaN", "Infinity", "1e999999"])
def test_non_finite_amounts_are_refused(tmp_path, amt):
    p = _write(tmp_path, "inf.xml", _minimal(TX.format(amt=amt)))
    with pytest.raises(BadInputError):
        read_file(p)


def test_unknown_codes_are_tolerated_with_a_warning(tmp_path):
    tx = TX.format(amt="100.00").replace("<amntTp>", "<transType>WHAT</transType><amntTp>", 1)
    # transType must come before transAmntIn in schema order; the reader does not care about order inside
    r = read_file(_write(tmp_path, "unk.xml", _minimal(tx)))
    assert any("WHAT" in w for w in r.warnings)
    assert r.windows and r.windows[0].combined.payments == {"X": 100}


def test_invalid_amount_type_is_refused(tmp_path):
    p = _write(tmp_path, "tp.xml", _minimal(TX.format(amt="100.00").replace("<amntTp>C", "<amntTp>X")))
    with pytest.raises(BadInputError) as e:
        read_file(p)
    assert "amntTp" in e.value.render("en")


def test_empty_and_binary_files(tmp_path):
    for name, data in (("empty.xml", b""), ("bin.xml", bytes(range(256)) * 4)):
        with pytest.raises(BadInputError) as e:
            read_file(_write(tmp_path, name, data))
        assert name in e.value.render("en")


def test_z_report_after_transactions_is_refused(tmp_path):
    z = ("<event><eventID>1</eventID><eventType>Z</eventType><eventDate>2026-01-01</eventDate>"
         "<eventTime>23:00:00</eventTime><eventReport><reportID>1</reportID><reportType>Z report</reportType>"
         "<reportDate>2026-01-01</reportDate><reportTime>23:00:00</reportTime><registerID>R1</registerID>"
         "<reportTotalCashSales><totalCashSaleAmnt>100.00</totalCashSaleAmnt></reportTotalCashSales>"
         "</eventReport></event>")
    p = _write(tmp_path, "order.xml", _minimal(TX.format(amt="100.00") + z))
    with pytest.raises(BadInputError) as e:
        read_file(p)
    assert "schema" in e.value.render("en")


def test_missing_file(tmp_path):
    with pytest.raises(BadInputError) as e:
        read_file(tmp_path / "nope.xml")
    assert "does not exist" in e.value.render("en")


def test_any_prefix_and_bom_are_read(tmp_path, example_2021):
    text = example_2021.read_text(encoding="utf-8")
    text = text.replace('xmlns="urn:', 'xmlns:kasse="urn:').replace("<", "<kasse:").replace("<kasse:/", "</kasse:")
    text = text.replace("<kasse:?xml", "<?xml").replace("kasse:/", "/")
    p = _write(tmp_path, "prefixed.xml", b"\xef\xbb\xbf" + text.encode("utf-8"))
    r = read_file(p)
    assert r.windows[0].zreport.total == r.windows[0].combined.total_in


# --- issue 12: files in the export folder -------------------------------------------------------------------

Z_FULL = ("<event><eventID>1</eventID><eventType>Z</eventType><eventDate>2026-01-01</eventDate>"
          "<eventTime>23:00:00</eventTime><eventReport><reportID>1</reportID><reportType>Z report</reportType>"
          "<companyIdent>999999999</companyIdent><companyName>X</companyName>"
          "<reportDate>2026-01-01</reportDate><reportTime>23:00:00</reportTime><registerID>R1</registerID>"
          "<reportTotalCashSales><totalCashSaleAmnt>100.00</totalCashSaleAmnt></reportTotalCashSales>"
          "<reportArtGroups><reportArtGroup><artGroupID>A</artGroupID><artGroupNum>1</artGroupNum>"
          "<artGroupAmnt>100.00</artGroupAmnt></reportArtGroup></reportArtGroups>"
          "<reportPayments><reportPayment><paymentType>X</paymentType><paymentNum>1</paymentNum>"
          "<paymentAmnt>100.00</paymentAmnt></reportPayment></reportPayments>"
          "<reportCashSalesVat><reportCashSaleVat><vatPerc>25.00</vatPerc><cashSaleAmnt>80.00</cashSaleAmnt>"
          "<vatAmnt>20.00</vatAmnt></reportCashSaleVat></reportCashSalesVat>"
          "<reportOpeningChangeFloat>0.00</reportOpeningChangeFloat><reportReceiptNum>{reportReceiptNum}</reportReceiptNum>"
          "<reportOpenCashBoxNum>0</reportOpenCashBoxNum><reportReceiptCopyNum>{reportReceiptCopyNum}"
          "</reportReceiptCopyNum><reportReceiptCopyAmnt>0.00</reportReceiptCopyAmnt>"
          "<reportReturnNum>{reportReturnNum}</reportReturnNum><reportReturnAmnt>0.00</reportReturnAmnt>"
          "<reportDiscountNum>{reportDiscountNum}</reportDiscountNum><reportDiscountAmnt>0.00</reportDiscountAmnt>"
          "<reportVoidTransNum>{reportVoidTransNum}</reportVoidTransNum><reportVoidTransAmnt>0.00</reportVoidTransAmnt>"
          "<reportTrainingNum>{reportTrainingNum}</reportTrainingNum><reportTrainingAmnt>0.00</reportTrainingAmnt>"
          "<reportCreditSales><creditSalesNum>{creditSalesNum}</creditSalesNum><creditSalesAmnt>0.00</creditSalesAmnt>"
          "</reportCreditSales></eventReport></event>")
COUNT_FIELDS = ("creditSalesNum", "receiptCopyNum", "reportDiscountNum", "reportReceiptCopyNum", "reportReceiptNum",
                "reportReturnNum", "reportTrainingNum", "reportVoidTransNum")


def _count_file(tmp_path, field, value):
    counts = {f: "1" for f in COUNT_FIELDS}
    counts[field] = value
    tx = TX.format(amt="100.00").replace("<signature>", f"<signature>NA</signature><keyVersion>NA</keyVersion>"
                                         f"<receiptCopyNum>{counts['receiptCopyNum']}</receiptCopyNum><x>", 1)
    tx = tx.replace("<x>NA</signature><keyVersion>NA</keyVersion>", "")
    return _write(tmp_path, f"{field}.xml", _minimal(Z_FULL.format(**counts) + tx))


def test_count_fields_are_parsed_like_the_schema_says(tmp_path):
    ok = read_file(_count_file(tmp_path, "reportReceiptNum", " 0001 "))
    assert ok.windows[0].zreport.receipt_num == 1 and ok.windows[0].zreport.credit_sales_num == 1
    for value in ("1.0", "١٢", "1_0", "-3", "12345678901", "12 3"):
        with pytest.raises(BadInputError) as e:
            read_file(_count_file(tmp_path, "reportReturnNum", value))
        msg = e.value.render("en")
        assert "reportReturnNum" in msg and repr(value) in msg and "reportReturnNum.xml" in msg, msg


def test_a_nine_byte_exponent_in_any_count_field_is_refused_at_once(tmp_path):
    """`1e999999999` became a billion-digit integer (minutes of CPU, 434 MB, Ctrl+C ignored). Read in a child
    process so that the old behaviour fails the test instead of hanging it."""
    import json
    import subprocess
    import sys

    paths = [str(_count_file(tmp_path, f, "1e999999999")) for f in COUNT_FIELDS]
    child = ("import json, sys, time\nfrom ledgerwizard.core.saft.reader import read_file\n"
             "from ledgerwizard.core.errors import BadInputError\nout = []\n"
             "for p in sys.argv[1:]:\n    t0 = time.monotonic()\n    try:\n        read_file(p); out.append(['read', p])\n"
             "    except BadInputError as e:\n        out.append([e.render('en'), time.monotonic() - t0])\n"
             "print(json.dumps(out))\n")
    p = subprocess.run([sys.executable, "-c", child, *paths], capture_output=True, text=True, timeout=30)
    assert p.returncode == 0, p.stderr[-2000:]
    results = json.loads(p.stdout)
    for field, (msg, seconds) in zip(COUNT_FIELDS, results, strict=True):
        assert field in msg and "'1e999999999'" in msg and f"{field}.xml" in msg, msg
        assert seconds < 1.0


@pytest.mark.parametrize("value", ["1_000.00", "\u0661\u0660\u0660.00", "\uff11\uff10\uff10.00", "1e2", "1E-2",
                                   "123456789012345678901.00", "100.001", "0x10", "+-1", "1.2.3", "١"])
def test_amounts_must_be_xsd_decimals_within_the_schema_digits(tmp_path, value):
    p = _write(tmp_path, "amount.xml", _minimal(TX.format(amt=value)))
    with pytest.raises(BadInputError) as e:
        read_file(p)
    msg = e.value.render("en")
    assert "transAmntIn" in msg and repr(value) in msg and "amount.xml" in msg and "nr 1" in msg, msg
    assert e.value.render("nb") != msg  # both languages


@pytest.mark.parametrize("value", ["100.00", " 100.00 ", "+100", "100.", "100.000000", "0100.5"])
def test_valid_decimal_forms_are_read(tmp_path, value):
    r = read_file(_write(tmp_path, "ok.xml", _minimal(TX.format(amt=value))))
    assert r.windows[0].combined.total_in == D("100.00") or r.windows[0].combined.total_in == D("100.5")


def test_vat_rate_has_the_schema_limits_of_decimal8(tmp_path):
    tx = TX.format(amt="100.00").replace(
        "<payment>", "<vat><vatCode>3</vatCode><vatPerc>25.0001</vatPerc><vatAmnt>20.00</vatAmnt></vat><payment>", 1)
    with pytest.raises(BadInputError) as e:
        read_file(_write(tmp_path, "perc.xml", _minimal(tx)))
    assert "vatPerc" in e.value.render("en") and "'25.0001'" in e.value.render("en")


def test_a_root_with_two_prefixes_is_named_not_a_crash(tmp_path):
    for text in ('<a:b:auditfile xmlns:a="x"><c/></a:b:auditfile>', '<a:b:auditfile><c/></a:b:auditfile>'):
        p = _write(tmp_path, "ab.xml", text)
        with pytest.raises(BadInputError) as e:
            read_file(p)
        assert "ab.xml" in e.value.render("en")


def test_a_doctype_after_a_long_comment_is_still_refused(tmp_path):
    comment = "<!--" + "x" * 200_000 + "-->"
    for prolog in (comment, comment + "<!-- second -->\n" + comment):
        p = _write(tmp_path, "late.xml", f'<?xml version="1.0"?>{prolog}<!DOCTYPE auditfile [<!ENTITY x "secret">]>'
                                         + _minimal().split("?>", 1)[1].replace("<companyName>X", "<companyName>&x;"))
        with pytest.raises(HostileXmlError) as e:
            read_file(p)
        assert "DOCTYPE" in e.value.render("en")


def test_a_doctype_inside_the_document_is_refused(tmp_path):
    text = _minimal().replace("<company>", '<!DOCTYPE x [<!ENTITY y "z">]><company>')
    with pytest.raises(BadInputError):
        read_file(_write(tmp_path, "inner.xml", text))


def test_a_cash_register_outside_the_saft_namespace_is_a_named_warning(tmp_path):
    reg = "<cashregister><registerID>R1</registerID>" + TX.format(amt="100.00") + "</cashregister>"
    foreign = reg.replace("<cashregister>", '<cashregister xmlns="urn:example:other">', 1)
    text = _minimal().replace("<cashregister><registerID>R1</registerID></cashregister>", foreign)
    r = read_file(_write(tmp_path, "foreign.xml", text))
    assert r.windows == []
    (w,) = [w for w in r.warnings if "cashregister" in w]
    assert "urn:example:other" in w


def test_transactions_and_registers_the_reader_cannot_place_are_named(tmp_path):
    # a transaction directly under the location (no register), and a misspelt register element
    text = _minimal().replace("<cashregister><registerID>R1</registerID></cashregister>",
                              TX.format(amt="100.00") + "<cashRegister><registerID>R2</registerID></cashRegister>"
                              "<cashregister><registerID>R1</registerID>" + TX.format(amt="50.00") +
                              "<cashTransaction><nr>9</nr></cashTransaction>" + TX.format(amt="60.00").replace(
                                  "<nr>1</nr>", "<nr>2</nr>") + "</cashregister>")
    r = read_file(_write(tmp_path, "misplaced.xml", text))
    assert r.windows[0].combined.total_in == D("110.00")
    text_all = "\n".join(r.warnings)
    assert "cashtransaction" in text_all and "cashRegister" in text_all and "cashTransaction" in text_all, text_all


def test_an_unexpected_error_is_shown_without_pythons_text_and_with_a_report_for_support(tmp_path):
    from ledgerwizard.adapters.settings import Profile
    from ledgerwizard.core.errors import SettingsError
    from ledgerwizard.core.i18n import Text
    from ledgerwizard.ui.errortext import error_text

    profile = Profile.resolve(tmp_path / "profile")
    try:
        {}["missing"]
    except KeyError as e:
        bug = e
    nb, en = error_text(bug, "nb", profile), error_text(bug, "en", profile)
    assert "uventet feil" in nb and "KeyError" in nb and "'missing'" not in nb and "unexpected error" in en
    reports = list((tmp_path / "profile" / "logs").glob("crash-*.log"))
    assert len(reports) == 2 and str(reports[0]) in nb + en and "missing" in reports[0].read_text()
    ours = SettingsError(Text("Filen er skadet.", "The file is damaged."))
    assert error_text(ours, "nb", profile) == "Filen er skadet." and error_text(ours, "en") == "The file is damaged."
