"""Connectors wired to the sandbox emulators, for the tests: over loopback when the emulator was started
(``emu.start()``, ``with Emulator() as emu``), else in process through ``emu.transport()``."""

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


class Waits:
    """The clients' waits (backoff, Retry-After, PowerOffice's rate limit) on a clock of their own: instant, and the
    same in every run. For in-process emulators (over a socket the timeouts are real); PowerOffice's emulator
    takes ``monotonic`` for its rate limit."""

    def __init__(self):
        self.ticks = 0.0

    def monotonic(self):
        return self.ticks

    def sleep(self, seconds):
        self.ticks += seconds

    def emulator_kw(self, system):
        return {"monotonic": self.monotonic} if system == "poweroffice" else {}

    def http_kw(self):
        return {"sleep": self.sleep, "monotonic": self.monotonic}


def wired(emu, kw):
    """The connector's keyword arguments for ``emu``: its transport when it is not listening on a socket."""
    if not emu.listening:
        kw.setdefault("transport", emu.transport())
    return kw


def open_for(emu, company, secrets=None, **kw):
    """``open_connector`` for a settings company whose ledger is ``emu``."""
    from ledgerwizard.connectors import open_connector

    return open_connector(company, secrets, **wired(emu, kw))


def po(emu, client_key, environment="production", **kw):
    kw.setdefault("sleep", fast_sleep)
    wired(emu, kw)
    return PowerOfficeConnector(client_key=Secret(client_key), application_key=kw.pop("app_key", KEYS.poweroffice_app_keys[0]),
                                subscription_key=KEYS.poweroffice_subscription_key, environment=environment,
                                endpoints=po_endpoints(emu.url), **kw)


def tt(emu, token, environment="production", **kw):
    kw.setdefault("sleep", fast_sleep)
    wired(emu, kw)
    return TripletexConnector(employee_token=Secret(token), consumer_token=KEYS.tripletex_consumer_token,
                              environment=environment, endpoints=tt_endpoints(emu.url), **kw)
