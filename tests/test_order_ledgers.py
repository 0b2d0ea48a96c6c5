"""The emulated ledgers learn customers and orders strictly, and an order goes through the vouchers' exactly-once
rules: an uncertain attempt, a late commit, a duplicate answer, an order invoiced by the office since, a failure
tried again by itself."""

import datetime as dt

import pytest
from ledger_helpers import Waits
from order_helpers import DAY, Shop, order_ref

from ledgerwizard.core.orders import CustomerLink, build_order
from ledgerwizard.core.transfer import SENT, UNCERTAIN, LedgerError
from ledgerwizard.services.orders import order_rows
from ledgerwizard.services.sending import Sending
from ledgerwizard_sandbox import start_sandbox

ORDER_PATH = {"poweroffice": "/SalesOrders/Complete", "tripletex": "/order"}


class Clock:
    def __init__(self):
        self.now = dt.datetime(2026, 3, 3, 6, 0, tzinfo=dt.timezone.utc)

    def __call__(self):
        return self.now

    def seconds(self):
        return self.now.timestamp()


def _shop(tmp_path, system, clock=None, **emu_kw):
    waits = Waits()  # the rate limit's and the backoff's waits on a virtual clock
    kw = {"clock": clock.seconds} if clock else {}
    emu, clients = start_sandbox(system, listen=False, **kw, **waits.emulator_kw(system), **emu_kw)
    shop = Shop(tmp_path, system, emu, clients, clock=clock, read_timeout=0.5, retries=2, **waits.http_kw())
    known = shop.ledger_customers()
    shop.invoicing({"K1001": known["Byggmester Hansen AS"], "K1002": known["Grünerløkka Frisør"]})
    return shop, emu, known


def _hansen_order(shop, known, ledger_name="Byggmester Hansen AS"):
    ws = shop.workspace()
    sd = next(sd for sd in Sending(ws).days.store_days()[0] if sd.store.id == "s1")
    sale = next(s for s in sd.summary.credit_sales if s.customer_id == "K1001")
    c = known[ledger_name]
    return build_order(sale, sd.store.mapping, sd.summary.master, link=CustomerLink("K1001", c.id, c.number, c.name),
                       store="s1", store_name=sd.store.name, department=sd.store.department)


def _send(shop):
    s = Sending(shop.workspace(), connector_factory=shop.factory)
    s.send(days=[DAY])
    return {(o.register, o.receipt): o for o in s.order_outcomes}


def _refs(shop):
    refs = [order_ref(o, shop.system) for o in shop.orders()]
    assert len(refs) == len(set(refs)), refs  # never one twice
    return set(refs)


# --- the emulators are strict --------------------------------------------------------------------------------------

@pytest.mark.parametrize("system", ["poweroffice", "tripletex"])
def test_the_emulator_refuses_an_unknown_or_inactive_customer_and_a_bad_vat_code(tmp_path, system):
    shop, emu, known = _shop(tmp_path, system)
    order = _hansen_order(shop, known)
    with shop.connector() as con:
        chart = con.chart()
        con._prepare_order(order, chart)  # the products the order needs
        good = con.order_body(order, chart)
        path = ORDER_PATH[system]

        def refused(body):
            r = con._call("POST", path, json=body, idempotent=False)
            assert r.status_code in (400, 422), r.text
            return r.text

        if system == "poweroffice":
            assert "not found" in refused({**good, "CustomerId": 999})
            assert "archived" in refused({**good, "CustomerId": int(known["Gammel Kunde AS"].id)})
            (client,) = emu.clients.values()
            acc = next(a for a in client.accounts if a["AccountNo"] == int(order.lines[0].account))
            acc["VatCode"] = "1"  # an input VAT code on a sales account: no sale can carry it
            assert "cannot be used on a sale" in refused(good)
            acc["VatCode"] = "31"
            assert "Quantity" in refused({**good, "SalesOrderLines": [{**good["SalesOrderLines"][1], "Quantity": "2"}]})
        else:
            assert "Kunden finnes ikke" in refused({**good, "customer": {"id": 999}})
            assert "inaktiv" in refused({**good, "customer": {"id": int(known["Gammel Kunde AS"].id)}})
            bad_vat = [{**good["orderLines"][0], "vatType": {"id": 1}}]  # inngående mva: not on a sale
            assert "mva-kode" in refused({**good, "orderLines": bad_vat})
            assert "count" in refused({**good, "orderLines": [{**good["orderLines"][0], "count": "two"}]})
            assert "deliveryDate" in refused({k: v for k, v in good.items() if k != "deliveryDate"})
        assert emu.schema_errors  # the typed-wrong bodies failed the vendor's own schema
        assert shop.orders() == []


@pytest.mark.parametrize("system", ["poweroffice", "tripletex"])
def test_a_duplicate_answer_is_looked_up_and_the_order_is_there_once(tmp_path, system):
    shop, emu, known = _shop(tmp_path, system, **({"refuse_duplicate_refs": True} if system == "tripletex" else {}))
    order = _hansen_order(shop, known)
    with shop.connector() as con:
        first = con.post_order(order)
        again = con.post_order(order)  # the ledger answers "already exists": the connector asks it instead
    assert again == first and first.voucher_number
    assert _refs(shop) == {order.external_ref}


@pytest.mark.parametrize("system", ["poweroffice", "tripletex"])
def test_a_duplicate_answer_for_an_order_not_visible_yet_says_order_and_stays_unknown(tmp_path, system):
    """The ledger refuses the order as a duplicate but its search does not show it yet: an unknown outcome (the
    engine checks again later, never sends it again), told as an order, not as a voucher."""
    shop, emu, known = _shop(tmp_path, system, **({"refuse_duplicate_refs": True} if system == "tripletex" else {}))
    order = _hansen_order(shop, known)
    with shop.connector() as con:
        con.post_order(order)
        for stored in shop.orders():  # the search lags behind from here on
            stored["_lw_seen"] = emu.clock() + 3600
        with pytest.raises(LedgerError) as e:
            con.post_order(order)
    assert e.value.kind == "duplicate_order" and e.value.outcome == "unknown" and e.value.retryable
    assert "ordren allerede finnes" in e.value.render("nb") and "order already exists" in e.value.render("en")
    assert len(shop.orders()) == 1


@pytest.mark.parametrize("system", ["poweroffice", "tripletex"])
def test_an_inactive_or_deleted_customer_is_refused_before_anything_is_sent_and_retried_once_relinked(tmp_path,
                                                                                                   system):
    shop, emu, known = _shop(tmp_path, system)
    shop.invoicing({"K1001": known["Gammel Kunde AS"], "K1002": known["Grünerløkka Frisør"]})  # a wrong link
    out = _send(shop)
    hansen = out[("GL-1", "2")]
    assert hansen.status == "failed" and "inactive in the ledger" in " ".join(hansen.error.details)
    assert "tried again automatically" in hansen.message.en
    assert not [r for r in emu.requests if r.method == "POST" and r.path.endswith(ORDER_PATH[system])
                and b"912345678" in r.body]
    assert _refs(shop) == {"Kvittering 2 kasse MJ-1 02.03.2026 butikk s2"}
    shop.invoicing({"K1001": known["Byggmester Hansen AS"], "K1002": known["Grünerløkka Frisør"]})
    assert _send(shop)[("GL-1", "2")].status == "sent"  # the next run tries it again, now to the right customer
    assert _refs(shop) == {"Kvittering 2 kasse GL-1 02.03.2026 butikk s1", "Kvittering 2 kasse MJ-1 02.03.2026 butikk s2"}


@pytest.mark.parametrize("system", ["poweroffice", "tripletex"])
def test_a_late_commit_is_waited_for_and_never_sent_twice(tmp_path, system):
    clock = Clock()
    shop, emu, known = _shop(tmp_path, system, clock=clock)
    emu.lookup_lag = 120
    emu.faults.add("late_commit", path=ORDER_PATH[system], method="POST", seconds=0.6, delay=300,
                   times=1)
    first = _send(shop)
    assert sorted(o.status for o in first.values()) == ["held", "sent", "uncertain"]
    unsure = next(o for o in first.values() if o.status == "uncertain")
    assert "not sent again before the ledger confirms it is missing" in unsure.message.en
    assert len(shop.orders()) == 2  # stored, but the ledger does not show it yet
    for minutes in (1, 2, 3):  # runs before it is visible: looked up, not posted again
        clock.now += dt.timedelta(minutes=minutes)
        assert _send(shop)[(unsure.register, unsure.receipt)].status == "uncertain"
    clock.now += dt.timedelta(hours=1)  # the commit has landed and the search caught up
    assert _send(shop)[(unsure.register, unsure.receipt)].status == "recovered"
    assert len(_refs(shop)) == 2
    rows = order_rows(shop.workspace().journal)
    assert sorted(r.state for r in rows) == ["held", SENT, SENT]
    assert _send(shop) == {("GL-1", "3"): _send(shop)[("GL-1", "3")]}  # only the held one is looked at again


def test_an_order_the_office_invoiced_since_is_found_among_the_invoices(tmp_path):
    """PowerOffice lists only orders not invoiced yet; an uncertain order the office invoiced in the meantime is
    found by its reference among the outgoing invoices, and not sent again."""
    clock = Clock()
    shop, emu, known = _shop(tmp_path, "poweroffice", clock=clock)
    emu.lookup_lag = 600  # the immediate look-up after the dropped answer sees nothing yet
    emu.faults.add("drop_after", path="/SalesOrders/Complete", method="POST")
    first = _send(shop)
    unsure = next(o for o in first.values() if o.status == "uncertain")
    (client_key,) = emu.clients
    (stored,) = [o for o in emu.orders_of(client_key) if o["ExternalImportReference"].startswith(
        f"Kvittering {unsure.receipt} kasse {unsure.register}")]
    emu.invoice(client_key, stored["Id"], dt.date(2026, 3, 3))  # the office invoices it
    clock.now += dt.timedelta(hours=2)
    out = _send(shop)[(unsure.register, unsure.receipt)]
    assert out.status == "recovered" and out.number == str(stored["SalesOrderNo"])
    assert len(_refs(shop)) == 2 and len(emu.orders_of(client_key)) == 2


@pytest.mark.parametrize("system", ["poweroffice", "tripletex"])
def test_a_server_error_is_checked_then_sent_after_the_settling_time(tmp_path, system):
    clock = Clock()
    shop, emu, known = _shop(tmp_path, system, clock=clock)
    emu.faults.add("503", path=ORDER_PATH[system], method="POST", times=2)
    statuses = sorted(o.status for o in _send(shop).values())
    assert statuses == ["held", "uncertain", "uncertain"]  # a 5xx may have been stored: never re-sent blindly
    clock.now += dt.timedelta(minutes=21)
    assert sorted(o.status for o in _send(shop).values()) == ["held", "sent", "sent"]
    assert len(_refs(shop)) == 2
    rows = {r.doc: r for r in order_rows(shop.workspace().journal)}
    assert rows["order:GL-1:2"].attempts == 2 and rows["order:GL-1:2"].state == SENT


def test_a_connector_failure_before_the_order_leaves_is_a_plain_retry(tmp_path):
    shop, emu, known = _shop(tmp_path, "tripletex")
    emu.faults.add("503", path="/product", method="POST", times=2)  # the product the orders need cannot be made
    out = _send(shop)
    assert {o.status for o in out.values()} == {"failed", "held"}
    rows = {r.doc: r for r in order_rows(shop.workspace().journal)}
    assert rows["order:GL-1:2"].state == "failed" and rows["order:GL-1:2"].attempts == 0  # nothing was sent
    assert all(r.state != UNCERTAIN for r in rows.values())
    assert sorted(o.status for o in _send(shop).values()) == ["held", "sent", "sent"]


def test_the_connector_refuses_a_line_whose_vat_code_the_account_does_not_carry_in_poweroffice(tmp_path):
    shop, emu, known = _shop(tmp_path, "poweroffice")
    order = _hansen_order(shop, known)
    with shop.connector() as con:
        (client,) = emu.clients.values()
        acc = next(a for a in client.accounts if a["AccountNo"] == int(order.lines[0].account))
        acc["VatCode"] = "3"  # the 15 % line's account now carries 25 % in PowerOffice
        with pytest.raises(LedgerError) as e:
            con.post_order(order)
    assert e.value.outcome == "rejected" and "has VAT code 3 in PowerOffice" in " ".join(e.value.details)
    assert shop.orders() == []

@pytest.mark.parametrize("system", ["poweroffice", "tripletex"])
def test_an_uncertain_order_is_found_even_after_its_customer_was_linked_to_another(tmp_path, system):
    """The look-up is by the receipt's reference, not the customer: re-linking after an uncertain attempt can never
    make a second order."""
    clock = Clock()
    shop, emu, known = _shop(tmp_path, system, clock=clock)
    emu.faults.add("late_commit", path=ORDER_PATH[system], method="POST", seconds=0.6, delay=60, times=1)
    first = _send(shop)
    unsure = next(o for o in first.values() if o.status == "uncertain")
    links = {"K1001": known["Byggmester Hansen AS"], "K1002": known["Grünerløkka Frisør"]}
    pos = "K1001" if unsure.register == "GL-1" else "K1002"
    links[pos] = known["Kontorservice Oslo AS"]  # a person changed their mind in the setup
    shop.invoicing(links)
    clock.now += dt.timedelta(hours=1)
    assert _send(shop)[(unsure.register, unsure.receipt)].status == "recovered"
    assert len(_refs(shop)) == 2 and len(shop.orders()) == 2


@pytest.mark.parametrize("system", ["tripletex", "poweroffice"])
def test_a_product_of_the_right_number_that_posts_elsewhere_is_refused_not_used(tmp_path, system):
    """Found in review: an existing product ``LW<account>`` with no account of its own was taken, and Tripletex
    would then have booked the sale to its default sales account. The same for PowerOffice: a product of our
    code that posts to no account, or is archived."""
    from ledgerwizard.connectors.base import LedgerError
    from ledgerwizard.connectors.poweroffice_orders import product_code
    from ledgerwizard.connectors.tripletex_orders import product_number

    shop, emu, known = _shop(tmp_path, system)
    order = _hansen_order(shop, known)
    made = (emu.companies if system == "tripletex" else emu.clients).values()
    ledger = next(iter(made))
    for n, acc in enumerate(sorted({ln.account for ln in order.lines})):  # made by someone else, without an account
        if system == "tripletex":
            ledger.products.append({"id": 449000 + n, "version": 1, "name": f"Kassesalg {acc}",
                                    "number": product_number(acc), "isInactive": False})
        else:
            ledger.products.append({"Id": 669000 + n, "Code": product_code(acc), "Name": f"Kassesalg {acc}",
                                    "IsArchived": n == 1, "StandardSalesAccount": None,
                                    "StandardSalesAccountId": None})
    with shop.connector() as con:
        chart = con.chart()
        with pytest.raises(LedgerError) as e:
            con._prepare_order(order, chart)
    assert e.value.kind == "precheck_order" and "fører ikke til konto" in e.value.render("nb")
    assert not [r for r in emu.requests if r.method == "POST" and "roduct" in r.path]  # none made beside it


def test_poweroffice_finds_an_order_made_by_another_integration_at_the_first_moment_of_its_day(tmp_path):
    """The look-up beyond the current integration is bounded by the last change: it must still reach an order
    made (and last changed) at the first second of the receipt's day in Oslo, by another application key."""
    from zoneinfo import ZoneInfo

    shop, emu, known = _shop(tmp_path, "poweroffice")
    order = _hansen_order(shop, known)
    with shop.connector() as con:
        posted = con.post_order(order)
    (client,) = {id(c): c for c in emu.clients.values()}.values()
    stored = client.sales_orders[posted.voucher_id]
    first = dt.datetime.combine(order.date, dt.time(0, 0, 1), ZoneInfo("Europe/Oslo")).astimezone(dt.timezone.utc)
    stored["LastChangedDateTimeOffset"] = stored["CreatedDateTimeOffset"] = first.isoformat()
    client.posted_with[posted.voucher_id] = "another add-on's application key"
    with shop.connector() as con:
        assert con.find_order(order) == posted


def test_the_poweroffice_emulator_refuses_a_filter_it_cannot_bind(tmp_path):
    """The emulator answers 400 to a date-time without its offset or a boolean that is not true/false (it used
    to ignore both, or fail with a 500), so a wrong filter in the connector is seen, not silently widened."""
    shop, _emu, _known = _shop(tmp_path, "poweroffice")
    with shop.connector() as con:
        con.chart()  # signed in
        for params in ({"lastChangedDateTimeOffsetGreaterThan": "2026-03-01"},
                       {"lastChangedDateTimeOffsetGreaterThan": "2026-03-01T00:00:00"},
                       {"onlyCreatedByCurrentIntegration": "yes"}, {"fromDate": "01.03.2026"}):
            path = "/OutgoingInvoices" if "fromDate" in params else "/SalesOrders"
            assert con._call("GET", path, params=params).status_code == 400, params
        assert con._call("GET", "/SalesOrders", params={"lastChangedDateTimeOffsetGreaterThan": "2026-03-01T00:00:00Z",
                                                        "onlyCreatedByCurrentIntegration": "false"}).status_code in (200, 204)
