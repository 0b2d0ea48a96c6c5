"""Secrets (client keys, employee tokens) live only in the OS keyring: Windows Credential Manager, macOS
Keychain, Secret Service on Linux. There is no plaintext fallback: when no secure keyring works, every call
raises ``KeyringUnavailableError`` saying so, and nothing is written anywhere else.

One entry per ledger company and system (a company is what a client key belongs to), and one per store that
has a key of its own in that company (PowerOffice: "every POS department needs its own API key", made with an
add-on application key): account ``<system>/<company>/store/<store>/client_key`` (``store_key_owner``).
"""

from __future__ import annotations

from ..core.errors import KeyringUnavailableError
from ..core.i18n import Text

SERVICE = "ledgerwizard"

_INSECURE_MODULES = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt")


class Secret:
    """A secret value that never shows itself in a repr, an f-string, a log line or a traceback."""

    __slots__ = ("_value",)

    def __init__(self, value: str):
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        return "***"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(("Secret", self._value))

    def __bool__(self) -> bool:
        return bool(self._value)


# what could not be done, per keyring call: the message says which (storing, reading or deleting a key; a check
# of the keyring itself, as `doctor` and `--selftest` make it, did nothing with a key)
_WHAT = {"set_password": (Text("lagre nøkkelen", "store the key"), Text("Nøkkelen er ikke lagret.", "The key was not saved.")),
         "get_password": (Text("lese nøkkelen", "read the key"), Text("", "")),
         "delete_password": (Text("slette nøkkelen", "delete the key"),
                             Text("Nøkkelen er ikke slettet.", "The key was not deleted.")),
         "check": (None, Text("", ""))}


def _unavailable(reason: str, fn: str = "set_password") -> KeyringUnavailableError:
    action, result = _WHAT[fn]
    to_nb, to_en = (f" for å {action.nb}", f" to {action.en}") if action else ("", "")
    return KeyringUnavailableError(
        Text(f"Fant ingen sikker nøkkelring{to_nb} ({reason}). {result.nb}".strip(),
             f"No secure keyring was found{to_en} ({reason}). {result.en}".strip()),
        Text("Windows: Legitimasjonsbehandling må være tilgjengelig for brukeren. Linux: start GNOME Keyring eller "
             "KWallet (Secret Service). ledgerwizard lagrer aldri nøkler i klartekst.",
             "Windows: Credential Manager must be available to the user. Linux: start GNOME Keyring or KWallet "
             "(Secret Service). ledgerwizard never stores keys in plain text."))


class KeyringLockedError(KeyringUnavailableError):
    """A secure keyring is there but locked: its keys cannot be read until the user unlocks it."""

    code = "keyring_locked"


def _locked(backend: str, fn: str = "check") -> KeyringLockedError:
    action, result = _WHAT[fn]
    if action is None:
        message = Text(f"Nøkkelringen er låst ({backend}): nøklene kan ikke leses, så ingenting kan sendes.",
                       f"The keyring is locked ({backend}): the keys cannot be read, so nothing can be sent.")
    else:
        message = Text(f"Nøkkelringen er låst ({backend}), så ledgerwizard kunne ikke {action.nb}. {result.nb}".strip(),
                       f"The keyring is locked ({backend}), so ledgerwizard could not {action.en}. {result.en}".strip())
    return KeyringLockedError(
        message,
        Text("Lås opp nøkkelringen: logg inn på nytt på maskinen (den låses opp ved innlogging), eller lås opp "
             "«Innlogging» i Passord og nøkler (GNOME), KWalletManager eller Nøkkelringtilgang (macOS). Kjør så "
             "«ledgerwizard doctor» igjen.",
             "Unlock the keyring: log in to the computer again (logging in unlocks it), or unlock 'Login' in "
             "Passwords and Keys (GNOME), KWalletManager or Keychain Access (macOS). Then run 'ledgerwizard "
             "doctor' again."))


def backend_name() -> str:
    """The keyring backend in use, with the chained ones named (for support reports and tests)."""
    import keyring  # imported when first needed: it costs ~80 ms at start-up

    kr = keyring.get_keyring()
    name = f"{type(kr).__module__}.{type(kr).__name__}"
    inner = getattr(kr, "backends", None)
    if inner is not None:
        name += "(" + ", ".join(f"{type(b).__module__}.{type(b).__name__}" for b in inner) + ")"
    return name


def _check_backend(fn: str = "set_password"):
    import keyring

    kr = keyring.get_keyring()
    backends = getattr(kr, "backends", None)
    candidates = list(backends) if backends is not None else [kr]
    secure = [b for b in candidates if not type(b).__module__.startswith(_INSECURE_MODULES)]
    if not secure:
        raise _unavailable(backend_name(), fn)
    return kr


def _call(fn, *args):
    import keyring.errors

    kr = _check_backend(fn)
    try:
        return getattr(kr, fn)(*args)
    except keyring.errors.PasswordDeleteError:
        return None
    except keyring.errors.KeyringLocked:
        raise _locked(backend_name(), fn) from None
    except (keyring.errors.KeyringError, OSError) as e:
        # the backend's own message may quote the service name, never the secret: still keep only its class
        raise _unavailable(type(e).__name__, fn) from None


def _secret_service_locked(backend) -> bool:
    """Is the Secret Service collection the keyring backend uses locked? (Asked without unlocking it.)"""
    from contextlib import closing

    import secretstorage

    try:
        with closing(secretstorage.dbus_init()) as conn:
            path = getattr(backend, "preferred_collection", None)
            collection = secretstorage.Collection(conn, path) if path else secretstorage.Collection(conn)
            return collection.is_locked()
    except secretstorage.exceptions.SecretStorageException as e:
        raise _unavailable(type(e).__name__, "check") from None


def account_name(system: str, company_id: str, what: str = "client_key") -> str:
    return f"{system}/{company_id}/{what}"


def store_key_owner(company_id: str, store_id: str) -> str:
    """The keyring owner of a store's own client key in its company (where a company id goes in ``get``/``set``)."""
    return f"{company_id}/store/{store_id}"


class SecretStore:
    def __init__(self, service: str = SERVICE):
        self.service = service

    @classmethod
    def for_profile(cls, profile) -> "SecretStore":
        return cls(profile.secret_service)

    def check(self) -> str:
        """The backend in use, after reading from it (a key that is not there): KeyringUnavailableError when no
        secure keyring works, KeyringLockedError when it is locked. Never prompts: a Secret Service collection is
        asked whether it is locked before anything is read from it (reading would ask the user to unlock it)."""
        import keyring.errors

        kr = _check_backend("check")
        for backend in getattr(kr, "backends", None) or [kr]:
            if type(backend).__module__ == "keyring.backends.SecretService" and _secret_service_locked(backend):
                raise _locked(backend_name())
        try:
            kr.get_password(self.service, account_name("ledgerwizard", "doctor", "probe"))
        except keyring.errors.KeyringLocked:
            raise _locked(backend_name()) from None
        except (keyring.errors.KeyringError, OSError) as e:
            raise _unavailable(type(e).__name__, "check") from None
        return backend_name()

    def set(self, system: str, company_id: str, value: str, what: str = "client_key") -> None:
        if not value:
            raise ValueError("empty secret")
        _call("set_password", self.service, account_name(system, company_id, what), value)

    def get(self, system: str, company_id: str, what: str = "client_key") -> Secret | None:
        v = _call("get_password", self.service, account_name(system, company_id, what))
        return Secret(v) if v else None

    def delete(self, system: str, company_id: str, what: str = "client_key") -> None:
        _call("delete_password", self.service, account_name(system, company_id, what))


class MemorySecretStore(SecretStore):
    """Keys held in memory for one run only, never written anywhere: the demo's sandbox keys."""

    def __init__(self) -> None:
        super().__init__("memory")
        self._values: dict[str, str] = {}

    def check(self) -> str:
        return "memory (demo only, nothing is stored)"

    def set(self, system: str, company_id: str, value: str, what: str = "client_key") -> None:
        self._values[account_name(system, company_id, what)] = value

    def get(self, system: str, company_id: str, what: str = "client_key") -> Secret | None:
        v = self._values.get(account_name(system, company_id, what))
        return Secret(v) if v else None

    def delete(self, system: str, company_id: str, what: str = "client_key") -> None:
        self._values.pop(account_name(system, company_id, what), None)

    def handover(self) -> str:
        """The keys as JSON for a ``ledgerwizard run`` child process's stdin (a private pipe: never a file, an
        argument or an environment variable). Only the demo's in-memory keys travel this way; a real profile's
        run process reads the OS keyring itself."""
        import json

        return json.dumps(self._values)

    @classmethod
    def taken_over(cls, text: str) -> "MemorySecretStore":
        import json

        store = cls()
        store._values = {str(k): str(v) for k, v in json.loads(text or "{}").items()}
        return store
