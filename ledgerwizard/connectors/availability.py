"""What this build can connect to: per system and vendor environment, whether the integration's own keys
(``connectors.integration``: the build configuration, the environment, a reseller's keyring entries) are present,
and what the system page says about it before any key is made (and what a reseller must add)."""

from __future__ import annotations

from ..adapters.secrets import SecretStore
from ..core.i18n import Text
from . import registry
from .integration import BUILD_CONFIG_FIELDS, integration_keys


def missing_keys(system_id: str, environment: str, secrets: SecretStore | None = None) -> list[str]:
    """The integration keys ``system_id`` needs in ``environment`` that this build (its configuration, the
    environment variables, a reseller's keyring entries) does not have; [] when it can connect."""
    keys = integration_keys(environment, {}, secrets)
    return [name for name in registry.get(system_id).integration_keys if not getattr(keys, name)]


def availability(secrets: SecretStore | None = None) -> dict[str, dict[str, list[str]]]:
    """Per system and vendor environment: the integration keys missing from this build ([]: it can connect)."""
    return {s.id: {env: missing_keys(s.id, env, secrets) for env in s.environments} for s in registry.SYSTEMS}


def availability_text(found: dict[str, dict[str, list[str]]]) -> tuple[dict[str, Text], set[str], Text]:
    """What the system page says under each system (can this build connect, in which environments), the systems
    this build cannot connect to at all, and what a reseller must put in the build configuration to enable the
    rest."""
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


__all__ = ["missing_keys", "availability", "availability_text"]
