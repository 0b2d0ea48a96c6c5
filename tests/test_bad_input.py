"""Hostile and malformed files each get a clear error naming the file and the problem; none crash or hang."""

import time

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
    assert str(p) in msg and "ikke gyldig XML" in msg and "kassaleverandøren" in msg


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
