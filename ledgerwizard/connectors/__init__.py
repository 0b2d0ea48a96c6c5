"""Ledger connectors: one interface (``base.Connector``), one implementation per accounting system, and the
registry of the systems (``registry``) that opens them.

Importing this package is cheap (the settings and the wizard read the registry at start-up): ``base`` (and with
it httpx's users) loads when a connector is first opened or one of its names is first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..adapters.secrets import Secret, SecretStore
    from .base import Chart, Connector, VerifyResult, ledger_error, precheck  # noqa: F401

_FROM_BASE = ("Chart", "Connector", "VerifyResult", "ledger_error", "precheck")


def open_connector(company, secrets: SecretStore | None = None, client_key: Secret | None = None,
                   **http_kw: Any) -> Connector:
    """A connector for a settings ``Company`` (its ``system``, environment and options), with its key from the
    keyring (or ``client_key``). See ``registry.LedgerSystem.open``."""
    from .registry import get

    return get(company.system).open(company, secrets, client_key, **http_kw)


def __getattr__(name: str) -> Any:
    if name in _FROM_BASE:
        from . import base

        return getattr(base, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["Chart", "Connector", "VerifyResult", "ledger_error", "precheck", "open_connector"]
