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
from typing import Callable, Sequence


from ..connectors import registry as systems
from ..core.display import printable
from ..core.errors import SettingsError
from ..core.i18n import Text
from ..core.mapping import Mapping

APP = "ledgerwizard"
CURRENT_VERSION = 1
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
        """The profile chosen (``--profile``, ``$LEDGERWIZARD_PROFILE``) or the user's own; what already exists of
        it made private (``make_private``). Nothing is created here: each writer creates its folder private."""
        chosen = profile or os.environ.get("LEDGERWIZARD_PROFILE")
        if chosen:
            base = Path(chosen).expanduser().resolve()
            prof = cls(base, base, base / "logs", custom=True)
        else:
            from platformdirs import PlatformDirs  # (imports here: the wizard's and the tray's start-up)

            d = PlatformDirs(APP, appauthor=False)
            prof = cls(Path(d.user_config_dir), Path(d.user_data_dir), Path(d.user_log_dir))
        prof.make_private()
        return prof

    def make_private(self) -> None:
        """POSIX: the profile's existing folders lose any group and other permission, and so do the program's
        files in them (``PRIVATE_FILES``; a ``--profile`` folder may hold other things), whatever umask they were
        created under: a journal SQLite made in a window process, or files an earlier version left 0644. New
        folders and files are created private besides (``private_dir``, the CLI's umask, the settings' and the
        logs' own modes). Best effort: what cannot be changed is left as it is. On Windows the per-user AppData
        folders are private already (their ACL is the user's)."""
        if os.name != "posix":
            return
        import fnmatch

        for folder in dict.fromkeys((self.config_dir, self.data_dir, self.log_dir)):
            try:
                _restrict(folder)
                with os.scandir(folder) as entries:
                    for entry in entries:
                        if any(fnmatch.fnmatchcase(entry.name, pattern) for pattern in PRIVATE_FILES):
                            _restrict(Path(entry.path))
            except OSError:  # (not there yet)
                continue

    @property
    def settings_path(self) -> Path:
        return self.config_dir / "settings.json"

    @property
    def journal_path(self) -> Path:
        """The journal's file, in a folder that exists and is private (the journal, SQLite and the tray's run
        reports then never create it world-readable)."""
        private_dir(self.data_dir)
        return self.data_dir / "journal.sqlite3"

    @property
    def reader_cache_path(self) -> Path:
        """What each export file contributes, kept between runs (adapters/readercache.py): no secrets, rebuildable."""
        return self.data_dir / "reader-cache.sqlite3"


# what the program writes in a profile's folders (settings, its backup and check stamp, the journal with SQLite's
# and filelock's companions, logs and their rotations, crash reports, the tray's run reports and its lock)
PRIVATE_FILES = ("settings.json*", ".settings-*", ".backup-*", "journal.sqlite3*", "*.log", "*.log.*", "run-*.json",
                 "tray.lock")


def private_dir(path: Path) -> Path:
    """``path`` as a folder only the user can open (0700 on POSIX when this creates it, whatever the umask)."""
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        pass  # reported by whatever writes in it
    return path


def _restrict(path: Path) -> None:
    """Take group and other permissions off a file or folder of ours (never through a symbolic link)."""
    import stat

    st = os.lstat(path)
    if stat.S_ISLNK(st.st_mode) or st.st_uid != os.geteuid():
        return
    mode = stat.S_IMODE(st.st_mode)
    if mode & 0o077:
        os.chmod(path, mode & ~0o077)


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
    invoicing: dict = field(default_factory=dict)  # credit sales as sales orders: core.orders.Invoicing's dict


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
    key_slot: int | None = None  # None: the company's key; 0–9: a client key of the store's own (keyring), made
    # with this application key of the integration (PowerOffice: 0 the main one, 1–9 the add-ons; seed 004)

    def matches(self, location: str, register_id: str) -> bool:
        from ..core.stores import matches

        return matches(self, location, register_id)


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
    journal_id: str = ""  # the transfer journal this profile sends with (a different or missing one is rebuilt)

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

    def store_company(self, store: Store) -> Company:
        """The company as the store's vouchers and orders are sent to it: with the store's own client key and its
        application key slot when it has one (``options["store_key"]``, ``options["app_slot"]``), else the
        company itself."""
        from dataclasses import replace

        company = self.company(store.company)
        if store.key_slot is None:
            return company
        return replace(company, options={**company.options, "app_slot": int(store.key_slot), "store_key": store.id})

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
            "stores": [{**{k: v for k, v in s.__dict__.items() if k != "mapping" and not (k == "key_slot" and v is None)},
                        "mapping": s.mapping.to_dict()} for s in self.stores],  # key_slot only when the store has one
            "template": self.template.to_dict(),
            "schedule": self.schedule,
            "reconciliation_tolerance": self.reconciliation_tolerance,
            "autostart": self.autostart,
            **({"journal_id": self.journal_id} if self.journal_id else {}),
        }

    @classmethod
    def from_dict(cls, d: dict) -> "Settings":
        s = cls()
        s.version = int(d.get("version", CURRENT_VERSION))
        s.language = d.get("language", "nb") if d.get("language") in ("nb", "en") else "nb"
        s.source_paths = [str(p) for p in d.get("source_paths") or []]
        for c in d.get("companies") or []:
            comp = Company(**{k: v for k, v in c.items() if k in Company.__dataclass_fields__})
            if comp.system not in systems.ids():
                raise ValueError(f"company {comp.id!r}: unknown system {comp.system!r} (one of {', '.join(systems.ids())})")
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
        s.journal_id = str(d.get("journal_id") or "")
        ids = [x.id for x in s.stores]
        if len(ids) != len(set(ids)):
            raise ValueError("two stores have the same id")
        known = {c.id: c for c in s.companies}
        for st in s.stores:
            if st.company not in known:
                raise ValueError(f"store {st.id!r} refers to unknown company {st.company!r}")
            if st.key_slot is not None and not (
                    0 <= st.key_slot < systems.get(known[st.company].system).capabilities.store_key_slots):
                raise ValueError(f"store {st.id!r}: key_slot {st.key_slot!r} (a key of its own) is not possible with "
                                 f"{systems.name(known[st.company].system)}")
        return s


# --- reading and checking the file -------------------------------------------------------------------------------

MAX_BYTES = 8_000_000  # far above any real shop's settings (a store's mapping is a few KB): refused before parsing
MAX_DEPTH = 32  # the format itself nests 6 deep (stores[0].mapping.groups.400.alternative.3)


class _Invalid(Exception):
    """Values the checks refuse: ``message`` names each one's JSON path (``$``: the whole file) and what it must
    be, in both languages. ``problems``: (path, what it must be, the value found, whether to show the value)."""

    def __init__(self, where: str, must: Text, found=None, show_found: bool = True,
                 more: Sequence[tuple[str, Text, object, bool]] = ()):
        if where == "$":  # the whole file
            self.message = Text(f"Innstillingsfilen er ødelagt: den {must.nb}.", f"The settings file is corrupt: it "
                                f"{must.en}.")
        else:
            problems = [(where, must, found, show_found), *more]
            nb = [f"{w} {m.nb}" + (f" (fant {_shown(w, v)})" if show else "") for w, m, v, show in problems]
            en = [f"{w} {m.en}" + (f" (found {_shown(w, v)})" if show else "") for w, m, v, show in problems]
            if len(problems) == 1:
                self.message = Text(f"Innstillingsfilen har en ugyldig verdi: {nb[0]}.",
                                    f"The settings file has an invalid value: {en[0]}.")
            else:
                self.message = Text(f"Innstillingsfilen har {len(problems)} ugyldige verdier:" +
                                    "".join(f"\n  - {x}" for x in nb),
                                    f"The settings file has {len(problems)} invalid values:" +
                                    "".join(f"\n  - {x}" for x in en))
        super().__init__(self.message.en)


def _shown(where: str, value) -> str:
    """The wrong value, as the user can find it in the file: scalars quoted short and escaped, containers by kind;
    nothing under a key that looks like a secret (a key pasted into the file by hand is never echoed)."""
    import json

    if _SECRET_KEYS.search(where):
        return "***"
    if isinstance(value, dict):
        return "{…}"
    if isinstance(value, list):
        return "[…]"
    try:
        text = json.dumps(value, ensure_ascii=False, allow_nan=True)
    except (TypeError, ValueError):
        text = type(value).__name__
    return printable(text, 40)


def _not_json(name: str):
    raise ValueError(f"{name} is not a JSON value")


def _read_json(path: Path) -> tuple[object, bytes]:
    """The file's JSON, read safely: size first, then a byte-order mark allowed (Notepad writes one), ``NaN`` and
    ``Infinity`` refused (not JSON), and a file nested too deep to read refused as bad input."""
    import json

    size = path.stat().st_size
    if size > MAX_BYTES:
        raise _Invalid("$", Text(f"er for stor til å være innstillinger ({size:,} byte)".replace(",", " "),
                                 f"is too large to be settings ({size:,} bytes)"), show_found=False)
    raw = path.read_bytes()
    try:
        doc = json.loads(raw.decode("utf-8-sig"), parse_constant=_not_json)
    except RecursionError:  # json's C scanner stops cleanly at the interpreter's recursion limit
        raise _Invalid("$", Text(f"er nestet dypere enn {MAX_DEPTH} nivåer (ikke innstillinger)",
                                 f"is nested deeper than {MAX_DEPTH} levels (not settings)"), show_found=False) from None
    _check_depth(doc)
    return doc, raw


def _check_depth(doc) -> None:
    """Refuse nesting deeper than MAX_DEPTH (without recursion): the checks after this one recurse."""
    stack = [(doc, "$", 0)]
    while stack:
        value, where, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise _Invalid(where, Text(f"er nestet dypere enn {MAX_DEPTH} nivåer", f"is nested deeper than {MAX_DEPTH} "
                                       "levels"), show_found=False)
        if isinstance(value, dict):
            stack.extend((v, _json_path_key(where, k), depth + 1) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((v, f"{where}[{i}]", depth + 1) for i, v in enumerate(value))


def _json_path_key(where: str, key: str) -> str:
    return f"{where}.{key}" if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key) else f"{where}[{printable(repr(key), 60)}]"


_schema_bytes: bytes | None = None


def _schema_source() -> bytes:
    global _schema_bytes
    if _schema_bytes is None:
        from ..paths import resources_dir

        _schema_bytes = (resources_dir() / "settings.schema.json").read_bytes()
    return _schema_bytes


def settings_schema() -> dict:
    """The JSON Schema of the current format (``resources/settings.schema.json``)."""
    import json

    return json.loads(_schema_source())


def checked_stamp(raw: bytes) -> str:
    """What ``settings.json.checked`` holds once these exact bytes have passed this exact schema: their length
    with two independent checksums of schema and settings together (64 bits; an edited file matching all three is
    not a real risk, and whoever could forge one could as well write the stamp). zlib, not hashlib: the tray loads
    zlib anyway, and hashlib's OpenSSL costs it 3 MB of resident memory for as long as it runs."""
    import zlib

    data = _schema_source() + b"\0" + raw
    return f"{len(data)}-{zlib.crc32(data):08x}-{zlib.adler32(data):08x}"


_validator = None

_TYPES = {"object": Text("et objekt {…}", "an object {…}"), "array": Text("en liste […]", "a list […]"),
          "string": Text("tekst i anførselstegn", "text in quotes"), "integer": Text("et heltall", "a whole number"),
          "number": Text("et tall", "a number"), "boolean": Text("true eller false", "true or false"),
          "null": Text("null", "null")}


def validate(doc: dict) -> None:
    """Check a current-format document against the schema: the most relevant problem and up to four more as
    _Invalid. (A key's name the schema refuses, e.g. a weekday, is reported at its object's path with the name.)"""
    global _validator
    if _validator is None:
        from jsonschema import Draft202012Validator

        _validator = Draft202012Validator(settings_schema())
    from jsonschema.exceptions import best_match

    errors = list(_validator.iter_errors(doc))
    if not errors:
        return
    first = best_match(errors)
    rest = [_explain(e) for e in errors if e is not first][:4]
    raise _Invalid(*_explain(first), more=rest)


def _explain(e) -> tuple[str, Text, object, bool]:
    """(JSON path, what the value must be, the value, whether to show it) for one jsonschema error, in both
    languages: the schema's own ``x-expected`` where it has one, else from the kind of check."""
    where = e.json_path
    expected = e.schema.get("x-expected") if isinstance(e.schema, dict) else None
    kind, want = e.validator, e.validator_value
    if kind == "required":
        missing = ", ".join(f"«{p}»" for p in want if isinstance(e.instance, dict) and p not in e.instance)
        return where, Text(f"mangler {missing}", f"lacks {missing.replace('«', chr(39)).replace('»', chr(39))}"),             None, False
    if expected:
        return where, Text(f"skal være {expected['nb']}", f"must be {expected['en']}"), e.instance, True
    if kind == "type":
        kinds = [want] if isinstance(want, str) else list(want)
        return where, Text("skal være " + " eller ".join(_TYPES[k].nb for k in kinds),
                           "must be " + " or ".join(_TYPES[k].en for k in kinds)), e.instance, True
    if kind == "enum":
        choices = ", ".join(str(v) for v in want)
        return where, Text(f"skal være en av: {choices}", f"must be one of: {choices}"), e.instance, True
    if kind in ("minimum", "maximum", "minLength", "maxLength"):
        nb = {"minimum": "minst", "maximum": "høyst", "minLength": "minst så mange tegn:",
              "maxLength": "høyst så mange tegn:"}[kind]
        en = {"minimum": "at least", "maximum": "at most", "minLength": "at least this many characters:",
              "maxLength": "at most this many characters:"}[kind]
        return where, Text(f"skal være {nb} {want}", f"must be {en} {want}"), e.instance, kind.endswith("imum")
    return where, Text(f"er ugyldig ({printable(e.message, 120)})", f"is invalid ({printable(e.message, 120)})"), \
        None, False


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
        self.checked_path = self.path.with_name(self.path.name + ".checked")

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
            doc, raw = _read_json(path)
            if not isinstance(doc, dict):
                raise ValueError("the top level is not an object")
            version = doc.get("version", 0)
            if type(version) is not int or version < 0:  # (bool is an int: not a version either)
                raise _Invalid("$.version", Text("skal være et heltall", "must be a whole number"), version)
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
            # the schema check costs ~40 ms (importing jsonschema), a third of the tray's start-up: skipped for
            # the very bytes that passed it before (settings.json.checked holds their hash with the schema's)
            stamp = checked_stamp(raw) if path == self.path else None
            known_good = stamp is not None and self._read_checked() == stamp
            if not known_good:
                validate(doc)
            settings = Settings.from_dict(doc)
            if stamp is not None and not known_good:
                self._write_checked(stamp)
            return settings
        except SettingsError:
            raise
        except _Invalid as e:
            raise SettingsError(e.message, self._next_step(path), path=path) from None
        except (ValueError, TypeError, KeyError, UnicodeDecodeError) as e:
            raise SettingsError(Text(f"Innstillingsfilen er ødelagt: {printable(e, 300)}",
                                     f"The settings file is corrupt: {printable(e, 300)}"),
                                self._next_step(path), path=path) from None

    def _read_checked(self) -> str:
        try:
            return self.checked_path.read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            return ""

    def _write_checked(self, stamp: str) -> None:
        try:
            _atomic_write(self.checked_path, stamp.encode("ascii") + b"\n", sync=False)
        except OSError:
            pass  # only a shortcut: the next load checks again

    def _next_step(self, path: Path) -> Text:
        if self.backup_path.exists() and path != self.backup_path:
            return Text(f"Det finnes en sikkerhetskopi ({self.backup_path.name}). Kjør «ledgerwizard settings "
                        f"--restore-backup» for å ta den i bruk, eller rett filen.",
                        f"A backup exists ({self.backup_path.name}). Run 'ledgerwizard settings --restore-backup' "
                        f"to use it, or correct the file.")
        return Text("Rett filen, eller slett den og kjør oppsettet på nytt (fra Start-menyen eller «ledgerwizard init»).",
                    "Correct the file, or delete it and run the setup again (the wizard or 'ledgerwizard init').")

    def save(self, settings: Settings) -> None:
        doc = settings.to_dict()
        hit = _find_secret(doc)
        if hit:
            raise SettingsError(Text(f"Innstillingene skal aldri inneholde hemmeligheter ({hit}).",
                                     f"Settings must never contain secrets ({hit})."))
        try:  # never write a file the next load would refuse
            validate(doc)
        except _Invalid as e:
            raise SettingsError(Text("Innstillingene kan ikke lagres: " + e.message.nb,
                                     "The settings cannot be saved: " + e.message.en)) from None
        import json
        import tempfile

        data = (json.dumps(doc, indent=2, ensure_ascii=False, sort_keys=False) + "\n").encode("utf-8")
        private_dir(self.path.parent)
        fd, tmp = tempfile.mkstemp(prefix=".settings-", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
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
        self._write_checked(checked_stamp(data))

    def read_backup(self) -> Settings:
        """The backup's settings, without restoring it (SettingsError when there is none or it is unreadable)."""
        if not self.backup_path.exists():
            raise SettingsError(Text("Det finnes ingen sikkerhetskopi.", "There is no backup."), path=self.backup_path)
        return self._load(self.backup_path)

    def restore_backup(self, force: bool = False) -> Settings:
        """Put the backup in place of the settings file, which is kept beside it (``.corrupt``, or ``.replaced``
        when it was readable). Over a readable file only with ``force``: the backup is the settings as they were
        before the last save, and restoring it silently would undo that save (SettingsError saying what differs)."""
        settings = self.read_backup()
        current = None
        if self.path.exists():
            try:
                current = self._load(self.path)
            except SettingsError:
                current = None
            if current is not None and not force:
                raise SettingsError(*self._restore_refusal(current, settings), path=self.path)
            kept = ".replaced" if current is not None else ".corrupt"
            os.replace(self.path, self.path.with_name(self.path.name + kept))
        os.replace(self.backup_path, self.path)
        return settings

    def _restore_refusal(self, current: Settings, backup: Settings) -> tuple[Text, Text]:
        import datetime as dt

        def saved(p: Path) -> str:
            return dt.datetime.fromtimestamp(p.stat().st_mtime).strftime("%Y-%m-%d %H:%M")

        a, b = current.to_dict(), backup.to_dict()
        differs = [k for k in a if a.get(k) != b.get(k)] or ["-"]
        what = ", ".join(differs)
        n = (len(current.stores), len(current.companies), len(backup.stores), len(backup.companies))
        counts = Text("", "") if n[:2] == n[2:] else Text(f" (butikker/selskaper nå {n[0]}/{n[1]}, i sikkerhetskopien "
                                                          f"{n[2]}/{n[3]})", f" (stores/companies now {n[0]}/{n[1]}, "
                                                          f"in the backup {n[2]}/{n[3]})")
        return (Text(f"Innstillingsfilen er gyldig (lagret {saved(self.path)}); sikkerhetskopien er fra "
                     f"{saved(self.backup_path)} og ville endre: {what}{counts.nb}. Ingenting er endret.",
                     f"The settings file is valid (saved {saved(self.path)}); the backup is from "
                     f"{saved(self.backup_path)} and would change: {what}{counts.en}. Nothing was changed."),
                Text("Vil du likevel gå tilbake til sikkerhetskopien, kjør «ledgerwizard settings --restore-backup "
                     "--force» (filen som erstattes, beholdes som settings.json.replaced).",
                     "To go back to the backup anyway, run 'ledgerwizard settings --restore-backup --force' (the "
                     "file it replaces is kept as settings.json.replaced)."))


def _atomic_copy(src: Path, dst: Path) -> None:
    _atomic_write(dst, src.read_bytes())


def _atomic_write(dst: Path, data: bytes, sync: bool = True) -> None:
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=".backup-", suffix=".tmp", dir=dst.parent)  # (mkstemp: mode 0600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if sync:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, dst)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _fsync_dir(path: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
