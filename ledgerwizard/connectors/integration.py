"""The integration's own keys (not the shop's): PowerOffice application keys and subscription key, Tripletex
consumer token. They come from the product's build configuration (``resources/build_config.json``, written by
the release build from its secret store and never committed), can be given in the environment for development,
and can be overridden by a reseller: application keys in the settings (they are not secret: POS vendors print
theirs in their manuals), subscription key and consumer token in the OS keyring.

The sandbox (the built-in emulators) has its own fixed, public keys.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field

from ..adapters.secrets import KeyringUnavailableError, Secret, SecretStore
from ..core.i18n import Text
from ..paths import resources_dir

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


def _build_config() -> dict:
    p = resources_dir() / "build_config.json"
    if p.is_file():
        try:
            return json.loads(p.read_text(encoding="utf-8"))
        except ValueError:
            return {}
    return {}


def integration_keys(environment: str, options: dict | None = None, secrets: SecretStore | None = None) -> IntegrationKeys:
    options = options or {}
    if environment == "sandbox":
        return IntegrationKeys(list(SANDBOX_POWEROFFICE_APP_KEYS), Secret(SANDBOX_POWEROFFICE_SUBSCRIPTION),
                               Secret(SANDBOX_TRIPLETEX_CONSUMER), Secret(SANDBOX_DUETT_INTEGRATION))
    cfg = _build_config()
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


def missing_keys(system_id: str, environment: str, secrets: SecretStore | None = None) -> list[str]:
    """The integration keys ``system_id`` needs in ``environment`` that this build (its configuration, the
    environment variables, a reseller's keyring entries) does not have; [] when it can connect."""
    from . import registry

    keys = integration_keys(environment, {}, secrets)
    return [name for name in registry.get(system_id).integration_keys if not getattr(keys, name)]


def availability(secrets: SecretStore | None = None) -> dict[str, dict[str, list[str]]]:
    """Per system and vendor environment: the integration keys missing from this build ([]: it can connect)."""
    from . import registry

    return {s.id: {env: missing_keys(s.id, env, secrets) for env in s.environments} for s in registry.SYSTEMS}


def availability_text(found: dict[str, dict[str, list[str]]]) -> tuple[dict[str, Text], set[str], Text]:
    """What the system page says under each system (can this build connect, in which environments), the systems
    this build cannot connect to at all, and what a reseller must put in the build configuration to enable the
    rest."""
    from . import registry

    per_system: dict[str, Text] = {}
    unavailable: set[str] = set()
    missing_all: set[str] = set()
    for s in registry.SYSTEMS:
        envs = found.get(s.id, {})
        ok = [s.environments[e] for e, miss in envs.items() if not miss]
        missing = sorted({n for miss in envs.values() for n in miss})
        missing_all |= set(missing)
        if ok and not missing:
            per_system[s.id] = Text("Denne utgaven kan koble til: " + ", ".join(t.nb for t in ok) + ".",
                                    "This build can connect to: " + ", ".join(t.en for t in ok) + ".")
        elif ok:
            per_system[s.id] = Text("Denne utgaven kan koble til: " + ", ".join(t.nb for t in ok) + " (ikke de andre).",
                                    "This build can connect to: " + ", ".join(t.en for t in ok) + " (not the others).")
        else:
            unavailable.add(s.id)
            per_system[s.id] = Text(f"Ikke i denne utgaven: integrasjonens egne nøkler mangler ({', '.join(missing)}).",
                                    f"Not in this build: the integration's own keys are missing ({', '.join(missing)}).")
        if s.capabilities.store_key_slots and not envs.get("production"):
            keys = integration_keys("production")
            n = len([k for k in keys.poweroffice_app_keys if k])
            if n < s.capabilities.store_key_slots:
                per_system[s.id] = Text(per_system[s.id].nb + f" Butikker med egen nøkkel: {max(0, n - 1)} av 9 "
                                        f"tilleggsnøkler finnes.",
                                        per_system[s.id].en + f" Stores with their own key: {max(0, n - 1)} of 9 "
                                        f"add-on keys are present.")
    if not missing_all:
        reseller = Text("Alle regnskapssystemene er med i denne utgaven.", "Every accounting system is in this build.")
    else:
        nb = "; ".join(f"«{n}»: {BUILD_CONFIG_FIELDS[n].nb}" for n in sorted(missing_all))
        en = "; ".join(f"“{n}”: {BUILD_CONFIG_FIELDS[n].en}" for n in sorted(missing_all))
        reseller = Text(
            "For forhandlere: et system som mangler, slås på ved å legge integrasjonens egne nøkler i "
            f"byggkonfigurasjonen (resources/build_config.json i utgaven som bygges) – {nb}. De hemmelige nøklene "
            "(ikke applikasjonsnøklene) kan også gis som miljøvariabler (LEDGERWIZARD_ og navnet med store "
            "bokstaver) eller legges i nøkkelringen som integration/<miljø>/<navn>.",
            "For resellers: a missing system is enabled by putting the integration's own keys in the build "
            f"configuration (resources/build_config.json in the build) – {en}. The secret keys (not the "
            "application keys) can also be given as environment variables (LEDGERWIZARD_ and the name in capitals) "
            "or put in the keyring as integration/<environment>/<name>.")
    return per_system, unavailable, reseller
