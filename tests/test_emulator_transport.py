"""The emulators in process (``Emulator.transport()``) are the emulators over a socket: every fault the in-process
tests rely on gives a connector the same outcome, and leaves the ledger in the same state, as it does over
loopback."""

import pytest
from ledger_helpers import Waits, po
from test_connectors import _example_voucher

from ledgerwizard.core.transfer import LedgerError
from ledgerwizard_sandbox.poweroffice import PowerOfficeEmulator

POST = ("/Vouchers/ManualJournals", "POST")
GET = ("/VatCodes", "GET")
CASES = [
    ("500", {}, POST), ("503", {}, GET), ("429", {}, POST), ("drop_before", {}, POST), ("drop_after", {}, POST),
    ("drop_after", {}, GET), ("slow", {"seconds": 0.6}, POST), ("slow", {"seconds": 0.05}, POST),
    ("slow", {"seconds": 0.6}, GET), ("late_commit", {"seconds": 0.6, "delay": 30}, POST), ("expire_tokens", {}, POST),
    ("answer", {"status": 200, "body": "<html>Vedlikehold</html>"}, POST),
    ("answer", {"status": 200, "body": "]]garbage"}, GET),
]


def _run(listening, fault, kw, where, example):
    waits = Waits()  # backoff and rate limit on a virtual clock both ways; the read timeout is real over the socket
    emu = PowerOfficeEmulator(monotonic=waits.monotonic)
    if listening:
        emu.start()
    try:
        client = emu.add_client(name="X", org_no="1")
        con = po(emu, client.client_key, read_timeout=0.3, retries=1, **waits.http_kw())
        v = _example_voucher(example, con.chart())
        path, method = where
        emu.faults.add(fault, path=path, method=method, **kw)
        try:
            if method == "GET":
                outcome = ("chart", len(con.chart(refresh=True).vat_codes))
            else:
                outcome = ("posted", con.post(v).voucher_number)
        except LedgerError as e:
            outcome = (e.kind, e.outcome)
        con.close()
        return outcome, len(client.vouchers), emu.faults.applied, [(r.method, r.path) for r in emu.requests]
    finally:
        emu.stop()


@pytest.mark.parametrize("fault, kw, where", CASES, ids=[f"{c[0]}-{c[2][1]}-{c[1].get('seconds', '')}" for c in CASES])
def test_a_fault_in_process_is_what_a_connector_sees_over_loopback(fault, kw, where, example_2021):
    over_socket = _run(True, fault, kw, where, example_2021)
    in_process = _run(False, fault, kw, where, example_2021)
    assert in_process == over_socket
    assert over_socket[2] == [(fault, where[1], "/v2" + where[0])]  # the fault was applied, once


def test_what_only_a_socket_can_do_is_refused_in_process_with_the_reason(example_2021):
    emu = PowerOfficeEmulator()
    client = emu.add_client(name="X", org_no="1")
    emu.faults.add("trickle", path="/VatCodes", seconds=0.1)
    with pytest.raises(RuntimeError) as e:
        po(emu, client.client_key).chart()
    assert "needs the loopback server" in str(e.value)
