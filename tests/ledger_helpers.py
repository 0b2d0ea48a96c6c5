"""Connectors wired to the sandbox emulators, for the tests."""

import time

from ledgerwizard.adapters.secrets import Secret
from ledgerwizard.connectors.integration import integration_keys
from ledgerwizard.connectors.poweroffice import PowerOfficeConnector
from ledgerwizard.connectors.poweroffice import sandbox_endpoints as po_endpoints
from ledgerwizard.connectors.tripletex import TripletexConnector
from ledgerwizard.connectors.tripletex import sandbox_endpoints as tt_endpoints

KEYS = integration_keys("sandbox")


def fast_sleep(seconds):
    time.sleep(min(seconds, 0.05))


def po(emu, client_key, environment="production", **kw):
    kw.setdefault("sleep", fast_sleep)
    return PowerOfficeConnector(client_key=Secret(client_key), application_key=kw.pop("app_key", KEYS.poweroffice_app_keys[0]),
                                subscription_key=KEYS.poweroffice_subscription_key, environment=environment,
                                endpoints=po_endpoints(emu.url), **kw)


def tt(emu, token, environment="production", **kw):
    kw.setdefault("sleep", fast_sleep)
    return TripletexConnector(employee_token=Secret(token), consumer_token=KEYS.tripletex_consumer_token,
                              environment=environment, endpoints=tt_endpoints(emu.url), **kw)
