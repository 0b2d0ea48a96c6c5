"""The integration's own keys (not the shop's): PowerOffice application keys and subscription key, Tripletex
consumer token. They come from the product's build configuration (``resources/build_config.json``, written by
the release build from its secret store and never committed), can be given in the environment for development,
and can be overridden by a reseller: application keys in the settings (they are not secret: POS vendors print
theirs in their manuals), subscription key and consumer token in the OS keyring.

The sandbox (the built-in emulators) has its own fixed, public keys.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from ..adapters.secrets import KeyringUnavailableError, Secret, SecretStore
from ..core.i18n import Text
from ..paths import build_config

SANDBOX_POWEROFFICE_APP_KEYS = [f"00000000-5a4d-4b0e-8000-{n:012d}" for n in range(10)]
SANDBOX_POWEROFFICE_SUBSCRIPTION = "sandbox-subscription-key"
SANDBOX_TRIPLETEX_CONSUMER = "sandbox-consumer-token"
SANDBOX_DUETT_INTEGRATION = "sandbox-integration-key"
# the integration keys a reseller may keep in the OS keyring: account "integration/<environment>/<name>"
KEYRING_NAMES = ("poweroffice_subscription_key", "tripletex_consumer_token", "duett_integration_key")
KEYRING_ENVIRONMENTS = ("production", "demo")


@dataclass
class IntegrationKeys:
    poweroffice_app_keys: list[str] = field(default_factory=list)  # [main, add-on 1 … add-on 9]
    poweroffice_subscription_key: Secret | None = None
    tripletex_consumer_token: Secret | None = None
    duett_integration_key: Secret | None = None


def integration_keys(environment: str, options: dict | None = None, secrets: SecretStore | None = None) -> IntegrationKeys:
    options = options or {}
    if environment == "sandbox":
        return IntegrationKeys(list(SANDBOX_POWEROFFICE_APP_KEYS), Secret(SANDBOX_POWEROFFICE_SUBSCRIPTION),
                               Secret(SANDBOX_TRIPLETEX_CONSUMER), Secret(SANDBOX_DUETT_INTEGRATION))
    cfg = build_config()
    env = os.environ
    app_keys = list(cfg.get("poweroffice_app_keys") or [])
    if env.get("LEDGERWIZARD_POWEROFFICE_APP_KEY"):
        app_keys = [env["LEDGERWIZARD_POWEROFFICE_APP_KEY"]] + app_keys[1:]
    if options.get("app_keys"):
        app_keys = [str(k) for k in options["app_keys"]]

    def secret(name: str, env_name: str) -> Secret | None:
        if secrets is not None:
            try:
                s = secrets.get("integration", environment, name)
                if s:
                    return s
            except KeyringUnavailableError:
                pass  # no keyring here: the build's own keys (below) are the integration's keys
        v = env.get(env_name) or cfg.get(name)
        return Secret(v) if v else None

    return IntegrationKeys(app_keys, *(secret(name, f"LEDGERWIZARD_{name.upper()}") for name in KEYRING_NAMES))


# --- what this build can connect to (the system page says it before any key is made) -----------------------------

BUILD_CONFIG_FIELDS = {
    "poweroffice_app_keys": Text("en liste med PowerOffice-applikasjonsnøklene: hovednøkkelen og tilleggsnøkkel 1–9",
                                 "a list of the PowerOffice application keys: the main key and add-ons 1–9"),
    "poweroffice_subscription_key": Text("PowerOffice-abonnementsnøkkelen", "the PowerOffice subscription key"),
    "tripletex_consumer_token": Text("Tripletex' consumer token", "the Tripletex consumer token"),
    "duett_integration_key": Text("Duetts integrasjonsnøkkel", "the Duett integration key"),
}
