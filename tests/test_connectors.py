"""Connectors against their local emulators: in process (``emu.transport()``) for most, and over real sockets on
loopback for one full run per system (verify, chart, post, find), the command-line sandbox and no network."""

import datetime as dt
import logging
import socket
import time
from decimal import Decimal as D

import httpx
import pytest
from ledger_helpers import KEYS, open_for, po, tt

from ledgerwizard.core.mapping import suggest
from ledgerwizard.core.saft.source import ExportSource
from ledgerwizard.core.transfer import LedgerError
from ledgerwizard.core.voucher import build_voucher
from ledgerwizard_sandbox.poweroffice import PowerOfficeEmulator
from ledgerwizard_sandbox.server import OpenApiValidator
from ledgerwizard_sandbox.tripletex import TripletexEmulator


@pytest.fixture
def po_emu():
    """In process: reached through its transport (ledger_helpers.po/tt/open_for pass it)."""
    return PowerOfficeEmulator()


@pytest.fixture
def tt_emu():
    return TripletexEmulator()


@pytest.fixture
def po_net():
    """Listening on loopback."""
    with PowerOfficeEmulator() as emu:
        yield emu


@pytest.fixture
def tt_net():
    with TripletexEmulator() as emu:
        yield emu


def _example_voucher(example_2021, chart, department="3"):
    d = ExportSource(example_2021, settle_seconds=0).scan().summaries()[0]
    a = d.combined
    return build_voucher(d, suggest(d.master, a.vat, a.groups, a.payments, chart.accounts), department=department)


EXPECTED_LEDGER = {  # the 2021 example as the ledger books it: VAT split by the ledger from the gross lines;
    # the debit card goes to the chart's own card clearing account (1580 Oppgjørskonto bankkort)
    1900: D("295.00"), 1580: D("218.80"), 7740: D("0.40"), 3030: D("-89.39"), 2701: D("-13.41"),
    3000: D("-329.12"), 2700: D("-82.28"),
}


def test_poweroffice_posts_the_example_day_and_the_ledger_books_it(po_net, example_2021):
    po_emu = po_net  # over sockets
    client = po_emu.add_client(name="Selskapet ASA", org_no="999999999")
    with po(po_emu, client.client_key) as con:
        assert con.verify().company_name == "Selskapet ASA"
        v = _example_voucher(example_2021, con.chart())
        posted = con.post(v)
        assert posted.voucher_number == "10001"
        assert con.find(v.external_ref, v.business_day) == posted
        assert con.find(v.external_ref, v.business_day + dt.timedelta(days=1)) is None
    lines = po_emu.ledger_lines(client.client_key, v.external_ref)
    booked = {}
    for t in lines:
        booked[t["AccountNo"]] = booked.get(t["AccountNo"], D(0)) + D(str(t["Amount"]))
    assert booked == EXPECTED_LEDGER
    assert {t["DepartmentCode"] for t in lines} == {"3"}
    assert po_emu.schema_errors == []


def test_tripletex_posts_the_example_day_and_the_ledger_books_it(tt_net, example_2021):
    tt_emu = tt_net  # over sockets
    company = tt_emu.add_company(name="Selskapet ASA", org_no="999999999")
    with tt(tt_emu, company.employee_token) as con:
        assert con.verify().company_name == "Selskapet ASA"
        v = _example_voucher(example_2021, con.chart())
        posted = con.post(v)
        assert con.find(v.external_ref, v.business_day) == posted
    postings = tt_emu.ledger_lines(company.employee_token, v.external_ref)
    booked = {}
    for p in postings:
        booked[p["account"]["number"]] = booked.get(p["account"]["number"], D(0)) + D(str(p["amount"]))
    assert booked == EXPECTED_LEDGER
    assert sorted(p["row"] for p in postings) == [0, 0, 1, 2, 3, 4, 5]  # row 0: the VAT Tripletex generated
    assert {p["department"]["id"] for p in postings} == {53}
    assert tt_emu.schema_errors == []


# --- verify(): each failure is its own kind with its own message -------------------------------------------------

def test_poweroffice_verify_distinguishes_the_failures(po_emu):
    prod = po_emu.add_client(name="Prod AS", org_no="1")
    demo = po_emu.add_client(name="Demo AS", org_no="2", environment="demo")
    weak = po_emu.add_client(name="Weak AS", org_no="3", privileges=["GeneralLedgerAccount_Full"])
    cases = [(po(po_emu, "not-a-key"), "auth"), (po(po_emu, demo.client_key), "environment"),
             (po(po_emu, weak.client_key), "privilege")]
    for con, kind in cases:
        with pytest.raises(LedgerError) as e:
            con.verify()
        assert e.value.kind == kind, kind
        assert e.value.message.nb != e.value.message.en and e.value.hint is not None
    with pytest.raises(LedgerError) as e:
        po(po_emu, weak.client_key).verify()
    assert any("ManualVoucher_Full" in d for d in e.value.details)
    assert po(po_emu, prod.client_key).verify().company_name == "Prod AS"
    assert po(po_emu, demo.client_key, environment="demo").verify().company_name == "Demo AS"


def test_no_network_service_down_and_rate_limited(po_emu):
    client = po_emu.add_client(name="X", org_no="1")
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    dead_port = s.getsockname()[1]
    s.close()
    from ledgerwizard.connectors.poweroffice import PowerOfficeConnector, sandbox_endpoints

    nowhere = PowerOfficeConnector(client_key=KEYS.poweroffice_subscription_key, application_key=KEYS.poweroffice_app_keys[0],
                                   subscription_key=KEYS.poweroffice_subscription_key,
                                   endpoints=sandbox_endpoints(f"http://127.0.0.1:{dead_port}"), sleep=lambda s: None)
    with pytest.raises(LedgerError) as e:
        nowhere.verify()
    assert (e.value.kind, e.value.outcome) == ("network", "not_sent")
    po_emu.faults.add("503", path="/ClientIntegrationInformation", times=10)
    with pytest.raises(LedgerError) as e:
        po(po_emu, client.client_key).verify()
    assert e.value.kind == "down"
    po_emu.faults.clear()
    po_emu.faults.add("429", path="/ClientIntegrationInformation", times=10)
    with pytest.raises(LedgerError) as e:
        po(po_emu, client.client_key).verify()
    assert e.value.kind == "rate_limited"
    po_emu.faults.clear()
    po_emu.faults.add("429", path="/ClientIntegrationInformation", times=2)  # a burst: waited out, then OK
    assert po(po_emu, client.client_key).verify().company_name == "X"


def test_dns_failure_is_named(monkeypatch):
    from ledgerwizard.connectors.http import Http

    h = Http("http://ledger.invalid", system="X", retries=0, sleep=lambda s: None)
    with pytest.raises(LedgerError) as e:
        h.request("GET", "/x")
    assert e.value.kind in ("dns", "network") and e.value.outcome == "not_sent"


def test_tripletex_verify_distinguishes_the_failures(tt_emu):
    prod = tt_emu.add_company(name="Prod AS", org_no="1")
    test = tt_emu.add_company(name="Test AS", org_no="2", environment="demo")
    weak = tt_emu.add_company(name="Weak AS", org_no="3", entitlements={"ledger"})
    for token, kind in (("bad-token", "auth"), (test.employee_token, "environment"), (weak.employee_token, "privilege")):
        with pytest.raises(LedgerError) as e:
            tt(tt_emu, token).verify()
        assert e.value.kind == kind
    assert tt(tt_emu, prod.employee_token).verify().company_name == "Prod AS"


# --- pre-checks: refused before anything is sent ------------------------------------------------------------------

@pytest.mark.parametrize("problem", ["locked", "inactive", "department", "vat_locked"])
def test_prechecks_refuse_before_sending(po_emu, example_2021, problem):
    import dataclasses

    kw = {"lock_date": dt.date(2020, 1, 31)} if problem == "locked" else {}
    client = po_emu.add_client(name="X", org_no="1", **kw)
    con = po(po_emu, client.client_key)
    v = _example_voucher(example_2021, con.chart(), department="" if problem == "department" else "3")
    if problem == "inactive":
        v.lines[0] = dataclasses.replace(v.lines[0], account="3999")
    if problem == "department":
        v.lines[-1] = dataclasses.replace(v.lines[-1], account="3040")  # requires a department
    if problem == "vat_locked":
        v.lines[0] = dataclasses.replace(v.lines[0], account="1920", vat_code="3")
    with pytest.raises(LedgerError) as e:
        con.post(v)
    assert e.value.outcome == "rejected"
    assert e.value.kind == ("locked_period" if problem == "locked" else "precheck")
    assert not [r for r in po_emu.requests if r.method == "POST" and "ManualJournals" in r.path]


# --- the emulators are as strict as the services ------------------------------------------------------------------

def test_poweroffice_emulator_rejects_what_poweroffice_rejects(po_emu, example_2021):
    client = po_emu.add_client(name="X", org_no="1")
    con = po(po_emu, client.client_key)
    chart = con.chart()
    good = con.body(_example_voucher(example_2021, chart), chart)
    http = httpx.Client(transport=po_emu.transport(), base_url=po_emu.url)
    sub = {"Ocp-Apim-Subscription-Key": KEYS.poweroffice_subscription_key.reveal()}
    token = http.post("/OAuth/Token", auth=(KEYS.poweroffice_app_keys[0], client.client_key), headers=sub,
                      data={"grant_type": "client_credentials"}).json()["access_token"]
    h = {"Authorization": f"Bearer {token}", **sub}

    def post(body):
        time.sleep(0.12)  # stay under the emulator's 10 requests/second, like the connector does
        return http.post("/v2/Vouchers/ManualJournals", json=body, headers=h)

    unbalanced = {**good, "VoucherLines": good["VoucherLines"][:-1]}
    zero = {**good, "VoucherLines": [{**good["VoucherLines"][0], "CurrencyAmount": 0}] + good["VoucherLines"][1:]}
    extra = {**good, "Surprise": True}
    no_vat = {**good, "VoucherLines": [{k: v for k, v in ln.items() if k != "VatId"} for ln in good["VoucherLines"]]}
    for body, words in ((unbalanced, "not balanced"), (zero, "not 0"), (extra, "Additional properties"),
                        (no_vat, "'VatId' is a required property")):
        r = post(body)
        assert r.status_code == 400 and words in r.text, (words, r.text)
    assert post(good).status_code == 201
    r = post(good)
    assert r.status_code == 409 and "ExternalImportReference" in r.text
    time.sleep(0.12)
    assert http.post("/v2/Vouchers/ManualJournals", json=good, headers={**h, "Authorization": "Bearer x"}
                     ).status_code == 401
    time.sleep(1.1)
    burst = [http.get("/v2/VatCodes", headers=h).status_code for _ in range(15)]
    assert burst.count(429) >= 4 and burst[:10] == [200] * 10


def test_token_expired_mid_run_is_renewed(po_emu, example_2021):
    client = po_emu.add_client(name="X", org_no="1")
    con = po(po_emu, client.client_key)
    chart = con.chart()
    po_emu.faults.add("expire_tokens", path="/Vouchers/ManualJournals")
    con.post(_example_voucher(example_2021, chart))
    assert len(client.vouchers) == 1


@pytest.mark.parametrize("system", ["poweroffice", "tripletex"])
def test_a_refused_token_is_renewed_once_then_the_key_is_blamed(system, po_emu, tt_emu, example_2021):
    """Written once in the base connector for every system with tokens: a 401 mid-run gets one new token and one
    more try (the voucher's ``on_send`` still called once); a ledger that refuses the new one too is the key's
    fault, told as such, never a loop."""
    if system == "poweroffice":
        emu, con = po_emu, po(po_emu, po_emu.add_client(name="X", org_no="1").client_key)
        token_path, post_path, chart_path = "/OAuth/Token", "/Vouchers/ManualJournals", "/VatCodes"
    else:
        emu, con = tt_emu, tt(tt_emu, tt_emu.add_company(name="X", org_no="1").employee_token)
        token_path, post_path, chart_path = "/token/session/:create", "/ledger/voucher", "/ledger/vatType"

    def tokens():
        return sum(1 for r in emu.requests if r.path.endswith(token_path))

    v = _example_voucher(example_2021, con.chart())
    assert tokens() == 1
    emu.faults.add("expire_tokens", path=post_path, method="POST")
    sent = []
    posted = con.post(v, on_send=lambda: sent.append(True))
    assert posted.voucher_id and sent == [True] and tokens() == 2
    assert sum(1 for r in emu.requests if r.method == "POST" and r.path.endswith(post_path)) == 2
    emu.faults.add("answer", status=401, body={"title": "Unauthorized"}, path=chart_path, times=5)
    with pytest.raises(LedgerError) as e:
        con.chart(refresh=True)
    assert (e.value.kind, e.value.outcome) == ("auth", "not_sent") and tokens() == 3
    assert sum(1 for r in emu.requests if r.path.endswith(chart_path)) == 1 + 2  # the first read, then 2 refused


def test_static_keys_are_not_renewed_a_401_is_the_keys_fault(example_2021):
    from ledgerwizard.adapters.secrets import Secret
    from ledgerwizard.connectors.duett import DuettConnector, sandbox_endpoints
    from ledgerwizard_sandbox.duett import DuettEmulator

    emu = DuettEmulator()
    client = emu.add_client(name="X")
    con = DuettConnector(client_key=Secret(client.client_key), integration_key=KEYS.duett_integration_key,
                         endpoints=sandbox_endpoints(emu.url), transport=emu.transport())
    emu.faults.add("answer", status=401, body={"title": "Unauthorized"}, times=5)
    with pytest.raises(LedgerError) as e:
        con.verify()
    assert e.value.kind == "auth" and len(emu.requests) == 1


def test_contract_every_request_body_validates_against_the_vendor_schema(po_emu, tt_emu, tmp_path):
    from saft_helpers import demo_locations, write

    po_client = po_emu.add_client(name="X", org_no="1")
    tt_company = tt_emu.add_company(name="X", org_no="1")
    pcon, tcon = po(po_emu, po_client.client_key), tt(tt_emu, tt_company.employee_token)
    pchart, tchart = pcon.chart(), tcon.chart()
    pv, tv = OpenApiValidator("poweroffice"), OpenApiValidator("tripletex")
    days = ExportSource(write(tmp_path / "d.xml", demo_locations(dt.date(2026, 2, 1), 5))).scan().summaries()
    checked = 0
    for d in days:
        a = d.combined
        v = build_voucher(d, suggest(d.master, a.vat, a.groups, a.payments, pchart.accounts), department="1")
        assert pv.errors("post_manual_voucher", pcon.body(v, pchart)) == []
        assert tv.errors("post_voucher", tcon.body(v, tchart)) == []
        checked += 1
    assert checked == 10


def test_secrets_never_appear_in_logs_reprs_or_errors(po_emu, tt_emu, caplog, example_2021):
    caplog.set_level(logging.DEBUG)
    client = po_emu.add_client(name="X", org_no="1")
    company = tt_emu.add_company(name="X", org_no="1")
    secrets_ = [client.client_key, company.employee_token, KEYS.poweroffice_subscription_key.reveal(),
                KEYS.tripletex_consumer_token.reveal()]
    texts = []
    for con in (po(po_emu, client.client_key), tt(tt_emu, company.employee_token)):
        con.verify()
        texts.append(repr(con))
        po_emu.faults.add("503", times=20)
        tt_emu.faults.add("503", times=20)
        try:
            con.chart(refresh=True)
        except LedgerError as e:
            texts += [e.render("nb"), e.render("en"), repr(e), str(e.to_dict())]
        po_emu.faults.clear()
        tt_emu.faults.clear()
    texts.append(caplog.text)
    blob = "\n".join(texts)
    assert "503" in caplog.text or "down" in blob or "driftsproblemer" in blob
    for s in secrets_:
        assert s not in blob


def test_xledger_posts_the_example_day_and_the_ledger_books_it(example_2021):
    from ledgerwizard.adapters.secrets import Secret
    from ledgerwizard.connectors.xledger import XledgerConnector, sandbox_endpoints
    from ledgerwizard_sandbox.xledger import XledgerEmulator

    with XledgerEmulator() as emu:
        ent = emu.add_entity(name="Selskapet ASA")
        con = XledgerConnector(token=Secret(ent.token), endpoints=sandbox_endpoints(emu.url))
        v = _example_voucher(example_2021, con.chart())
        posted = con.post(v)
        assert con.find(v.external_ref, v.business_day) == posted
        booked = {}
        for j in emu.ledger_lines(ent.token, v.external_ref):
            booked[int(j["account"])] = booked.get(int(j["account"]), D(0)) + j["amount"]
        assert booked == EXPECTED_LEDGER
        with pytest.raises(LedgerError) as e:
            XledgerConnector(token=Secret("not a token"), endpoints=sandbox_endpoints(emu.url)).verify()
        assert e.value.kind == "auth"
        emu.faults.add("429", times=2)  # Xledger throttles with a GraphQL error, HTTP 200: waited out
        assert XledgerConnector(token=Secret(ent.token), endpoints=sandbox_endpoints(emu.url),
                                sleep=lambda s: None).chart().accounts


def test_duett_posts_the_example_day_and_refuses_a_duplicate_number(example_2021):
    from ledgerwizard.adapters.secrets import Secret
    from ledgerwizard.connectors.duett import DuettConnector, sandbox_endpoints
    from ledgerwizard_sandbox.duett import DuettEmulator

    with DuettEmulator() as emu:
        client = emu.add_client(name="Selskapet ASA")
        con = DuettConnector(client_key=Secret(client.client_key), integration_key=KEYS.duett_integration_key,
                             endpoints=sandbox_endpoints(emu.url))
        assert con.verify().company_name == "Selskapet ASA"
        v = _example_voucher(example_2021, con.chart())
        first = con.post(v)
        assert con.post(v) == first and len(client.vouchers) == 1  # Duett refuses the number: found, not doubled
        (stored,) = client.vouchers
        assert sum(D(ln["amountGross"]) for ln in stored["lines"]) == 0
        assert {ln["carriers"][0]["code"] for ln in stored["lines"]} == {"3"}
        with pytest.raises(LedgerError) as e:
            DuettConnector(client_key=Secret("wrong"), integration_key=KEYS.duett_integration_key,
                           endpoints=sandbox_endpoints(emu.url)).verify()
        assert e.value.kind == "auth"


def test_poweroffice_add_on_keys_let_a_store_have_its_own_key_in_one_company(po_emu):
    """Seed 004: the main application key plus up to 9 add-on keys, one per department that needs its own key."""
    from ledgerwizard.adapters.secrets import SecretStore
    from ledgerwizard.adapters.settings import Company

    main = po_emu.add_client(name="Kjede AS", org_no="1")
    addon = po_emu.add_client(name="Kjede AS", org_no="1", app_key=KEYS.poweroffice_app_keys[3])
    SecretStore().set("poweroffice", "c-main", main.client_key)
    SecretStore().set("poweroffice", "c-addon3", addon.client_key)
    base = {"base_url": po_emu.url}
    ok_main = open_for(po_emu, Company("c-main", "poweroffice", "sandbox", options=base))
    ok_addon = open_for(po_emu, Company("c-addon3", "poweroffice", "sandbox", options={**base, "app_slot": 3}))
    assert ok_main.verify().company_name == ok_addon.verify().company_name == "Kjede AS"
    wrong_slot = open_for(po_emu, Company("c-addon3", "poweroffice", "sandbox", options=base))
    with pytest.raises(LedgerError) as e:
        wrong_slot.verify()
    assert e.value.kind == "auth"


def test_integration_keys_come_from_build_config_environment_or_reseller_override(monkeypatch):
    from ledgerwizard.adapters.secrets import SecretStore
    from ledgerwizard.connectors.integration import integration_keys

    monkeypatch.delenv("LEDGERWIZARD_POWEROFFICE_SUBSCRIPTION_KEY", raising=False)
    assert integration_keys("production").poweroffice_subscription_key is None  # nothing in the source
    monkeypatch.setenv("LEDGERWIZARD_POWEROFFICE_APP_KEY", "app-from-build")
    monkeypatch.setenv("LEDGERWIZARD_POWEROFFICE_SUBSCRIPTION_KEY", "sub-from-build")
    k = integration_keys("production", secrets=SecretStore())
    assert k.poweroffice_app_keys[0] == "app-from-build" and k.poweroffice_subscription_key.reveal() == "sub-from-build"
    SecretStore().set("integration", "production", "reseller-sub", what="poweroffice_subscription_key")
    k = integration_keys("production", {"app_keys": ["reseller-app"]}, SecretStore())
    assert k.poweroffice_app_keys == ["reseller-app"] and k.poweroffice_subscription_key.reveal() == "reseller-sub"


def test_sandbox_command_serves_until_stopped(tmp_path):
    import signal
    import subprocess
    import sys

    p = subprocess.Popen([sys.executable, "-m", "ledgerwizard", "--lang", "en", "sandbox", "tripletex"],
                         stdout=subprocess.PIPE, text=True)
    try:
        line = p.stdout.readline()
        assert "sandbox running at http://127.0.0.1:" in line
        url = line.split(" at ")[1].split(" ")[0]
        r = httpx.post(f"{url}/v2/token/session/:create", json={"consumerToken": "x", "employeeToken": "y"})
        assert r.status_code == 422 and r.json()["code"] == 15000
    finally:
        p.send_signal(signal.SIGINT)
        p.wait(timeout=10)
