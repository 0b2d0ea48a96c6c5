"""Ledger connectors: one interface (``base.Connector``), one implementation per accounting system."""

from __future__ import annotations

from ..adapters.secrets import SecretStore
from ..core.errors import SettingsError
from ..core.i18n import Text
from .base import Chart, Connector, VerifyResult, ledger_error, precheck
from .integration import integration_keys

SYSTEM_NAMES = {"poweroffice": "PowerOffice GO", "tripletex": "Tripletex", "xledger": "Xledger", "duett": "Duett"}


def missing_key(system: str, company_id: str) -> SettingsError:
    return SettingsError(
        Text(f"Ingen nøkkel for {SYSTEM_NAMES.get(system, system)} (selskap {company_id}) i nøkkelringen.",
             f"No key for {SYSTEM_NAMES.get(system, system)} (company {company_id}) in the keyring."),
        Text("Lim inn klientnøkkelen i oppsettet, eller kjør «ledgerwizard key --company " + company_id + "».",
             "Paste the client key in the setup, or run 'ledgerwizard key --company " + company_id + "'."))


def open_connector(company, secrets: SecretStore | None = None, client_key=None, **http_kw) -> Connector:
    """A connector for a settings ``Company`` (system, environment, options), with its key from the keyring
    (or ``client_key``: the wizard tests a key before it is saved). ``options["settle_seconds"]`` overrides the
    ledger's settling time after an uncertain attempt."""
    con = _open(company, secrets, client_key, **http_kw)
    settle = company.options.get("settle_seconds")
    if settle is not None:
        con.settle_seconds = float(settle)
    return con


def _open(company, secrets: SecretStore | None, client_key, **http_kw) -> Connector:
    env = company.environment
    if client_key is None:
        secrets = secrets or SecretStore()
        client_key = secrets.get(company.system, company.id)
    keys = integration_keys(env, company.options, secrets)
    if client_key is None:
        raise missing_key(company.system, company.id)
    base = company.options.get("base_url") if env == "sandbox" else None
    target_env = company.options.get("sandbox_environment", "production") if env == "sandbox" else env
    if company.system == "poweroffice":
        from .poweroffice import PowerOfficeConnector, sandbox_endpoints

        slot = int(company.options.get("app_slot", 0))
        if slot >= len(keys.poweroffice_app_keys) or keys.poweroffice_subscription_key is None:
            raise SettingsError(Text("PowerOffice-integrasjonens egne nøkler mangler i denne utgaven.",
                                     "The PowerOffice integration's own keys are missing from this build."),
                                Text("Kontakt leverandøren av ledgerwizard.", "Contact your ledgerwizard supplier."))
        return PowerOfficeConnector(client_key=client_key, application_key=keys.poweroffice_app_keys[slot],
                                    subscription_key=keys.poweroffice_subscription_key, environment=target_env,
                                    endpoints=sandbox_endpoints(base) if base else None, **http_kw)
    if company.system == "tripletex":
        from .tripletex import TripletexConnector, sandbox_endpoints

        if keys.tripletex_consumer_token is None:
            raise SettingsError(Text("Tripletex-integrasjonens consumer token mangler i denne utgaven.",
                                     "The Tripletex integration's consumer token is missing from this build."))
        return TripletexConnector(employee_token=client_key, consumer_token=keys.tripletex_consumer_token,
                                  environment=target_env, endpoints=sandbox_endpoints(base) if base else None, **http_kw)
    if company.system == "xledger":
        from .xledger import XledgerConnector, sandbox_endpoints

        return XledgerConnector(token=client_key, environment=target_env,
                                endpoints=sandbox_endpoints(base) if base else None,
                                department_slot=company.options.get("department_slot"),
                                department_kind=company.options.get("department_kind", "Avdeling"), **http_kw)
    if company.system == "duett":
        from .duett import DuettConnector, sandbox_endpoints

        if keys.duett_integration_key is None:
            raise SettingsError(Text("Duett-integrasjonens nøkkel mangler i denne utgaven.",
                                     "The Duett integration key is missing from this build."))
        return DuettConnector(client_key=client_key, integration_key=keys.duett_integration_key, environment=target_env,
                              endpoints=sandbox_endpoints(base) if base else None, **http_kw)
    raise SettingsError(Text(f"Ukjent regnskapssystem {company.system}.", f"Unknown accounting system {company.system}."))


__all__ = ["Chart", "Connector", "VerifyResult", "ledger_error", "precheck", "open_connector", "SYSTEM_NAMES"]
