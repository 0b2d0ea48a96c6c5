"""Mapping templates without Qt (setup/templates.py): the documented JSON format, strict reading of bad or hostile
files (the file and the problem named, in both languages), the preview (old → new, checked against a live chart)
and applying only what was confirmed; the model's export/import/copy rules."""

import json

import pytest

from ledgerwizard.connectors.base import Chart
from ledgerwizard.core.mapping import Account, GroupMapping, Mapping, VatMapping, get_field, set_field
from ledgerwizard.setup import templates as T
from ledgerwizard.setup.model import TEMPLATE, CompanyDraft, SetupModel, StoreDraft


def _mapping():
    m = Mapping()
    m.groups = {"100": GroupMapping("3000", {"31": "3030"}), "04003": GroupMapping("3020")}
    m.vat = {"3": VatMapping("3", "2700", "3000"), "31": VatMapping("31", "2701", "")}
    m.payments = {"CASH": "1900", "DEBCARD": "1580"}
    m.rounding_account, m.tips_account, m.gift_card_account = "7740", "2910", "2901"
    m.cash_difference_account, m.receivables_account = "1909", "1500"
    m.credit_sales = "receivables"
    return m


def _chart(*numbers, inactive=(), vat=("3", "31", "33")):
    from decimal import Decimal

    from ledgerwizard.connectors.base import LedgerVatCode

    return Chart(accounts=[Account(n, f"Konto {n}", active=n not in inactive) for n in numbers],
                 vat_codes=[LedgerVatCode(c, c, f"Mva {c}", Decimal(25)) for c in vat])


def test_a_template_round_trips_and_documents_itself(tmp_path):
    path = tmp_path / "mal.json"
    T.write(path, _mapping(), name="Kaffebar", source={"system": "poweroffice", "company": "Kaffe AS", "store": "Frogner"})
    doc = json.loads(path.read_text("utf-8"))
    assert doc["format"] == T.FORMAT and doc["version"] == T.VERSION == 1 and doc["name"] == "Kaffebar"
    assert set(doc) == {"format", "version", "name", "exported", "source", "mapping"}
    assert set(doc["mapping"]) == {"groups", "vat", "payments", "rounding_account", "tips_account", "gift_card_account",
                                   "cash_difference_account", "receivables_account", "gift_cards", "gift_card_groups",
                                   "credit_sales"}  # no department, no key
    back = T.read(path)
    assert back.mapping == _mapping() and back.name == "Kaffebar" and back.source["store"] == "Frogner"


def _write(tmp_path, text, name="mal.json"):
    p = tmp_path / name
    p.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return p


def _good():
    return T.to_document(_mapping())


@pytest.mark.parametrize("content, nb, en", [
    ("{not json", "ikke gyldig JSON (linje 1", "not valid JSON (line 1"),
    (b"\xff\xfe{}", "ikke tekst i UTF-8", "not UTF-8 text"),
    ("[]", "«/» skal være et objekt", "'/' must be an object"),
    (json.dumps({**_good(), "version": 2}), "versjon 2 støttes ikke", "version 2 is not supported"),
    (json.dumps({**_good(), "version": "1"}), "«version» mangler", "'version' is missing"),
    (json.dumps({**_good(), "format": "something-else"}), "«format» skal være", "'format' must be"),
    (json.dumps({**_good(), "client_key": "abc"}), "ukjent nøkkel i «/»: 'client_key'", "unknown key in '/': 'client_key'"),
    (json.dumps({**_good(), "mapping": {**_good()["mapping"], "department": "1"}}),
     "ukjent nøkkel i «mapping»: 'department'", "unknown key in 'mapping': 'department'"),
    (json.dumps({**_good(), "mapping": {**_good()["mapping"], "payments": {"CASH": "1900\n; rm -rf"}}}),
     "ikke et gyldig konto- eller kodenummer", "is not a valid account or code"),
    (json.dumps({**_good(), "mapping": {**_good()["mapping"], "payments": {"\x1b[31mX": "1900"}}}),
     "ikke et gyldig konto- eller kodenummer: '?[31mX'", "is not a valid account or code: '?[31mX'"),
    (json.dumps({**_good(), "mapping": {**_good()["mapping"], "tips_account": 2910}}),
     "«mapping.tips_account» skal være tekst", "'mapping.tips_account' must be text"),
    (json.dumps({**_good(), "mapping": {**_good()["mapping"], "credit_sales": "maybe"}}),
     "«mapping.credit_sales» skal være", "'mapping.credit_sales' must be"),
    ('{"format": "ledgerwizard-mapping", "format": "x"}', "duplicate key", "duplicate key"),
    ('{"format": "ledgerwizard-mapping", "version": 1, "name": NaN}', "NaN is not a number", "NaN is not a number"),
    ("[" * 100000 + "]" * 100000, "nøstet for dypt", "nested too deeply"),
    (" " * (T.MAX_BYTES + 1), "større enn 1000 kB", "larger than 1000 kB"),
    (json.dumps({**_good(), "mapping": {**_good()["mapping"], "payments": {str(i): "1900" for i in range(2001)}}}),
     "flere enn 2000 linjer", "more than 2000 lines"),
    (json.dumps({k: v for k, v in _good().items() if k != "mapping"}), "«mapping» mangler", "'mapping' is missing"),
])
def test_a_bad_or_hostile_file_is_refused_naming_the_file_and_the_problem(tmp_path, content, nb, en):
    p = _write(tmp_path, content, "butikk-mal.json")
    with pytest.raises(T.TemplateError) as e:
        T.read(p)
    assert e.value.path == str(p)
    assert str(p) in e.value.render("nb") and nb in e.value.render("nb"), e.value.render("nb")
    assert en in e.value.render("en"), e.value.render("en")
    assert "Ingenting er endret" in e.value.render("nb") and "Nothing was changed" in e.value.render("en")


def test_a_missing_file_is_named():
    with pytest.raises(T.TemplateError) as e:
        T.read("/nonexistent/mal.json")
    assert "/nonexistent/mal.json" in e.value.render("nb") and "kunne ikke leses" in e.value.render("nb")


def test_the_preview_shows_old_and_new_and_checks_the_target_chart():
    current = _mapping()
    current.payments["DEBCARD"] = "1579"
    current.tips_account = ""
    template = _mapping()
    template.payments["VIPPS"] = "1581"
    chart = _chart("1900", "1579", "3000", "3020", "3030", "2700", "2701", "7740", "2910", "2901", "1909", "1500", "1581",
                   inactive=("2901",))
    changes = {c.field: c for c in T.preview(current, template, chart)}
    deb = changes["payments.DEBCARD"]
    assert (deb.old, deb.new, deb.changed) == ("1579", "1580", True)
    assert deb.problem.en == "Account 1580 is not in the chart." and deb.checked
    assert changes["gift_card_account"].problem.nb == "Konto 2901 er inaktiv."
    assert changes["tips_account"].old == "" and changes["tips_account"].problem is None
    assert changes["payments.VIPPS"].old == "" and changes["payments.VIPPS"].new == "1581"
    assert not changes["payments.CASH"].changed
    assert changes["vat.31.ledger_code"].problem is None  # a VAT code is checked against the VAT codes
    assert T.preview(current, template, _chart("1900", vat=()))[0].checked
    assert {c.field: c for c in T.preview(current, template, _chart("1900", vat=()))}["vat.3.ledger_code"].problem.en \
        == "VAT code 3 does not exist in the ledger."
    unchecked = T.preview(current, template, None)
    assert all(c.problem is None and not c.checked for c in unchecked)
    order = [c.section for c in T.preview(current, template, chart)]
    assert order == sorted(order, key=["revenue", "vat", "payment", "other"].index)


def test_only_the_confirmed_lines_are_applied_and_blanks_never_overwrite():
    current = _mapping()
    current.payments["DEBCARD"] = "1579"
    template = Mapping(payments={"DEBCARD": "1580", "VIPPS": "1581"}, tips_account="2900")
    changes = T.preview(current, template)
    chosen = [c for c in changes if c.field != "payments.DEBCARD"]
    out = T.apply(current, template, chosen)
    assert out.payments == {"CASH": "1900", "DEBCARD": "1579", "VIPPS": "1581"} and out.tips_account == "2900"
    assert out.rounding_account == "7740"  # blank in the template: kept
    assert current.payments["DEBCARD"] == "1579" and "VIPPS" not in current.payments  # the original untouched
    everything = T.apply(current, template)
    assert everything.payments["DEBCARD"] == "1580" and everything.credit_sales == template.credit_sales


def test_fields_by_path():
    m = _mapping()
    assert get_field(m, "groups.100.alternative.31") == "3030"
    assert get_field(m, "groups.100.alternative.33") == "3000"  # falls back to the group's account, as the voucher
    assert get_field(m, "groups.04003.account") == "3020" and get_field(m, "vat.3.output_account") == "2700"
    set_field(m, "groups.200.alternative.33", "3050")
    set_field(m, "vat.33.ledger_code", "33")
    set_field(m, "payments.GIFT", "2901")
    set_field(m, "cash_difference_account", "1910")
    assert m.groups["200"].alternative == {"33": "3050"} and m.vat["33"].ledger_code == "33"
    assert m.payments["GIFT"] == "2901" and m.cash_difference_account == "1910"
    with pytest.raises(ValueError):
        get_field(m, "departments.1")


def _model():
    m = SetupModel(language="en")
    m.companies = [CompanyDraft("c1", "999999999", "Kaffe AS"), CompanyDraft("c2", "888888888", "Te AS")]
    m.stores = [StoreDraft("s1", "Frogner", "A", [], "c1"), StoreDraft("s2", "Majorstuen", "B", [], "c1"),
                StoreDraft("s3", "Bergen", "C", [], "c2")]
    m.mappings = {"s1": _mapping(), "s2": Mapping(payments={"CASH": "1901"}), "s3": Mapping()}
    return m


def test_the_model_exports_a_store_or_a_company_and_imports_into_chosen_stores():
    m = _model()
    store, src = m.export_mapping("s1")
    assert store == _mapping() and src == {"system": "poweroffice", "company": "Kaffe AS", "store": "Frogner"}
    company, src = m.export_mapping("s2", whole_company=True)
    assert src == {"system": "poweroffice", "company": "Kaffe AS"}
    assert company.payments == {"CASH": "1900", "DEBCARD": "1580"}  # the company's first store wins where they differ
    m.charts["c2"] = _chart("1900", "1580")
    changes = m.import_preview("s3", store)
    assert {c.field for c in changes if c.problem is not None} >= {"rounding_account", "groups.100.account"}
    ok = [c for c in changes if c.problem is None]
    m.apply_import(["s3"], store, ok)
    assert m.mappings["s3"].payments == {"CASH": "1900", "DEBCARD": "1580"} and m.mappings["s3"].rounding_account == ""
    assert m.mappings["s1"] == _mapping()  # other stores untouched


def test_copying_names_only_other_stores_and_the_template_is_its_own():
    m = _model()
    assert [s.id for s in m.copy_sources("s2")] == ["s1", "s3"]
    with pytest.raises(ValueError):
        m.copy_mapping("s2", "s2")
    m.copy_mapping("s1", "s2")
    assert m.mappings["s2"] == m.mappings["s1"] and m.mappings["s2"] is not m.mappings["s1"]
    # the default template: edited on its own, never in a store
    m.settings.template = _mapping()
    row = next(r for r in m.rows(TEMPLATE) if r.path == "payments.DEBCARD")
    m.set_row(TEMPLATE, row, "1581 Oppgjørskonto Vipps")
    assert m.template.payments["DEBCARD"] == "1581" and m.settings.template.payments["DEBCARD"] == "1580"
    assert m.mappings["s1"].payments["DEBCARD"] == "1580"
    assert m.build_settings().template.payments["DEBCARD"] == "1581"
    # a store new since starts from the template (offline too)
    m.stores.append(StoreDraft("s4", "Trondheim", "D", [], "c2"))
    m.ensure_mappings()
    assert m.mappings["s4"].payments["DEBCARD"] == "1581"
    assert all(not r.required for r in m.rows(TEMPLATE))
