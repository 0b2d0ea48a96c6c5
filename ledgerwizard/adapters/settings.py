"""Settings: one human-readable JSON file per profile, versioned with migrations, written atomically.

Where: ``--profile DIR`` or ``$LEDGERWIZARD_PROFILE`` (tests, installers, the demo), else the platform's user
config dir (``platformdirs``). Writing: a temp file in the same folder, fsync, the previous file kept as
``settings.json.bak``, then ``os.replace`` — a kill at any instant leaves either the old or the new file.
A corrupt file is reported with the backup offered, never silently replaced. No secret is ever stored here
(keys live in the OS keyring); ``save`` refuses a document that carries one. Format: docs/configuration.md.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable


from ..core.errors import SettingsError
from ..core.i18n import Text
from ..core.mapping import Mapping

APP = "ledgerwizard"
CURRENT_VERSION = 1
SYSTEMS = ("poweroffice", "tripletex", "xledger", "duett")
ENVIRONMENTS = ("production", "demo", "sandbox")  # sandbox: the built-in emulators (options.base_url)

# version n -> function turning a version-n document into version n+1
MIGRATIONS: dict[int, Callable[[dict], dict]] = {}

_SECRET_KEYS = re.compile(r"(secret|password|passord|token|client_?key|api_?key)", re.I)


@dataclass
class Profile:
    config_dir: Path
    data_dir: Path
    log_dir: Path
    custom: bool = False  # chosen with --profile / $LEDGERWIZARD_PROFILE

    @property
    def secret_service(self) -> str:
        """The keyring service for this profile's keys: profiles (demo, installers' per-shop profiles) never see
        or overwrite each other's keys."""
        if not self.custom:
            return "ledgerwizard"
        import hashlib

        return "ledgerwizard/" + hashlib.sha256(str(self.config_dir).encode()).hexdigest()[:12]

    @classmethod
    def resolve(cls, profile: str | Path | None = None) -> "Profile":
        chosen = profile or os.environ.get("LEDGERWIZARD_PROFILE")
        if chosen:
            base = Path(chosen).expanduser().resolve()
            return cls(base, base, base / "logs", custom=True)
        from platformdirs import PlatformDirs  # (imports here: the wizard's and the tray's start-up)

        d = PlatformDirs(APP, appauthor=False)
        return cls(Path(d.user_config_dir), Path(d.user_data_dir), Path(d.user_log_dir))

    @property
    def settings_path(self) -> Path:
        return self.config_dir / "settings.json"

    @property
    def journal_path(self) -> Path:
        return self.data_dir / "journal.sqlite3"

    @property
    def reader_cache_path(self) -> Path:
        """What each export file contributes, kept between runs (core/saft/cache.py): no secrets, rebuildable."""
        return self.data_dir / "reader-cache.sqlite3"


@dataclass
class Company:
    """A ledger company (one client key). Several stores can post into it, each as its own department."""

    id: str
    system: str
    environment: str = "production"
    name: str = ""
    org_nr: str = ""
    line_style: str = "gross"
    options: dict = field(default_factory=dict)  # per-system, non-secret (e.g. add-on application slot)


@dataclass
class Store:
    id: str
    name: str
    company: str
    department: str = ""
    location: str = ""  # the SAF-T location name it matches
    registers: list[str] = field(default_factory=list)  # registerIDs; empty: every register of the location
    cutoff: str = "05:00"
    gift_card_groups: list[str] = field(default_factory=list)
    mapping: Mapping = field(default_factory=Mapping)
    enabled: bool = True

    def matches(self, location: str, register_id: str) -> bool:
        if self.registers:
            return register_id in self.registers
        return bool(self.location) and location == self.location


@dataclass
class Settings:
    version: int = CURRENT_VERSION
    language: str = "nb"
    source_paths: list[str] = field(default_factory=list)
    companies: list[Company] = field(default_factory=list)
    stores: list[Store] = field(default_factory=list)
    template: Mapping = field(default_factory=Mapping)
    schedule: dict = field(default_factory=lambda: {"auto_send": False, "time": "06:00", "weekdays": {}})
    reconciliation_tolerance: str = "0.00"
    autostart: bool = True  # start the tray app at login (applied by the tray app's OS integration)

    def store(self, store_id: str) -> Store:
        for s in self.stores:
            if s.id == store_id:
                return s
        raise SettingsError(Text(f"Ukjent butikk {store_id!r}.", f"Unknown store {store_id!r}."),
                            Text(f"Kjente butikker: {', '.join(s.id for s in self.stores) or '(ingen)'}",
                                 f"Known stores: {', '.join(s.id for s in self.stores) or '(none)'}"))

    def company(self, company_id: str) -> Company:
        for c in self.companies:
            if c.id == company_id:
                return c
        raise SettingsError(Text(f"Ukjent regnskapsselskap {company_id!r}.", f"Unknown ledger company {company_id!r}."))

    def store_for(self, location: str, register_id: str) -> Store | None:
        for s in self.stores:
            if s.matches(location, register_id):
                return s
        return None

    # -- (de)serialisation ----------------------------------------------------------------------------------
    def to_dict(self) -> dict:
        return {
            "version": self.version,
            "language": self.language,
            "source_paths": list(self.source_paths),
            "companies": [dict(c.__dict__) for c in self.companies],
            "stores": [{**{k: v for k, v in s.__dict__.items() if k != "mapping"}, "mapping": s.mapping.to_dict()}
                       for s in self.stores],
            "template": self.template.to_dict(),
            "schedule": self.schedule,
            "reconciliation_tolerance": self.reconciliation_tolerance,
            "autostart": self.autostart,
        }

    @classmethod
    def from_dict(cls, d: dict) -> "Settings":
        s = cls()
        s.version = int(d.get("version", CURRENT_VERSION))
        s.language = d.get("language", "nb") if d.get("language") in ("nb", "en") else "nb"
        s.source_paths = [str(p) for p in d.get("source_paths") or []]
        for c in d.get("companies") or []:
            comp = Company(**{k: v for k, v in c.items() if k in Company.__dataclass_fields__})
            if comp.system not in SYSTEMS:
                raise ValueError(f"company {comp.id!r}: unknown system {comp.system!r} (one of {', '.join(SYSTEMS)})")
            if comp.environment not in ENVIRONMENTS:
                raise ValueError(f"company {comp.id!r}: environment must be one of {', '.join(ENVIRONMENTS)}")
            s.companies.append(comp)
        for st in d.get("stores") or []:
            fields = {k: v for k, v in st.items() if k in Store.__dataclass_fields__ and k != "mapping"}
            store = Store(**fields)
            store.mapping = Mapping.from_dict(st.get("mapping") or {})
            s.stores.append(store)
        s.template = Mapping.from_dict(d.get("template") or {})
        s.schedule = dict(d.get("schedule") or s.schedule)
        s.reconciliation_tolerance = str(d.get("reconciliation_tolerance", "0.00"))
        s.autostart = bool(d.get("autostart", True))
        ids = [x.id for x in s.stores]
        if len(ids) != len(set(ids)):
            raise ValueError("two stores have the same id")
        known = {c.id for c in s.companies}
        for st in s.stores:
            if st.company not in known:
                raise ValueError(f"store {st.id!r} refers to unknown company {st.company!r}")
        return s


def _find_secret(obj, path: str = "") -> str | None:
    if isinstance(obj, dict):
        for k, v in obj.items():
            if _SECRET_KEYS.search(str(k)) and v not in ("", None, {}, []):
                return f"{path}/{k}"
            hit = _find_secret(v, f"{path}/{k}")
            if hit:
                return hit
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            hit = _find_secret(v, f"{path}/{i}")
            if hit:
                return hit
    return None


class SettingsStore:
    def __init__(self, profile: Profile):
        self.profile = profile
        self.path = profile.settings_path
        self.backup_path = self.path.with_name(self.path.name + ".bak")

    def exists(self) -> bool:
        return self.path.exists()

    def load(self) -> Settings:
        if not self.path.exists():
            if self.backup_path.exists():
                raise SettingsError(
                    Text("Innstillingsfilen mangler, men det finnes en sikkerhetskopi.",
                         "The settings file is missing, but a backup exists."),
                    Text("Kjør «ledgerwizard settings --restore-backup».", "Run 'ledgerwizard settings --restore-backup'."),
                    path=self.path)
            return Settings()
        return self._load(self.path)

    def _load(self, path: Path) -> Settings:
        try:
            raw = path.read_text(encoding="utf-8")
            import json

            doc = json.loads(raw)
            if not isinstance(doc, dict):
                raise ValueError("the top level is not an object")
            version = int(doc.get("version", 0))
            if version > CURRENT_VERSION:
                raise SettingsError(
                    Text(f"Innstillingene er fra en nyere versjon (format {version}).",
                         f"The settings are from a newer version (format {version})."),
                    Text("Oppdater ledgerwizard.", "Update ledgerwizard."), path=path)
            while version < CURRENT_VERSION:
                migrate = MIGRATIONS.get(version)
                if migrate is None:
                    raise ValueError(f"no migration from format {version}")
                doc = migrate(doc)
                version += 1
                doc["version"] = version
            return Settings.from_dict(doc)
        except SettingsError:
            raise
        except (ValueError, TypeError, KeyError, UnicodeDecodeError) as e:
            hint = (Text(f"Det finnes en sikkerhetskopi ({self.backup_path.name}). Kjør «ledgerwizard settings "
                         f"--restore-backup» for å ta den i bruk, eller rett filen.",
                         f"A backup exists ({self.backup_path.name}). Run 'ledgerwizard settings --restore-backup' "
                         f"to use it, or correct the file.")
                    if self.backup_path.exists() and path != self.backup_path else
                    Text("Rett filen, eller slett den og kjør oppsettet på nytt.",
                         "Correct the file, or delete it and run the setup again."))
            raise SettingsError(Text(f"Innstillingsfilen er ødelagt: {e}", f"The settings file is corrupt: {e}"),
                                hint, path=path) from None

    def save(self, settings: Settings) -> None:
        doc = settings.to_dict()
        hit = _find_secret(doc)
        if hit:
            raise SettingsError(Text(f"Innstillingene skal aldri inneholde hemmeligheter ({hit}).",
                                     f"Settings must never contain secrets ({hit})."))
        import json
        import tempfile

        data = json.dumps(doc, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".settings-", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            if self.path.exists():
                try:
                    self._load(self.path)  # only a good file becomes the backup
                    _atomic_copy(self.path, self.backup_path)
                except SettingsError:
                    pass
            os.replace(tmp, self.path)  # the one atomic step: old file or new file, never neither
            _fsync_dir(self.path.parent)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise

    def read_backup(self) -> Settings:
        """The backup's settings, without restoring it (SettingsError when there is none or it is unreadable)."""
        if not self.backup_path.exists():
            raise SettingsError(Text("Det finnes ingen sikkerhetskopi.", "There is no backup."), path=self.backup_path)
        return self._load(self.backup_path)

    def restore_backup(self) -> Settings:
        settings = self.read_backup()
        if self.path.exists():
            os.replace(self.path, self.path.with_name(self.path.name + ".corrupt"))
        os.replace(self.backup_path, self.path)
        return settings


def _atomic_copy(src: Path, dst: Path) -> None:
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=".backup-", suffix=".tmp", dir=dst.parent)
    with os.fdopen(fd, "wb") as fh:
        fh.write(src.read_bytes())
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, dst)


def _fsync_dir(path: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
