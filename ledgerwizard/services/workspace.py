"""One profile's state: its settings, its transfer journal and its keys. Nothing else: the use cases (reading
days, sending, setting up, diagnosing) are their own services and take a workspace.

Light on purpose: the tray imports this at start-up to show the journal (benchmarks/startup_bench.py); the
journal, the keyring and the platform folders load when first used.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from ..adapters.settings import Profile, Settings, SettingsStore
from ..core.errors import LedgerWizardError, SettingsError
from ..core.i18n import Text

if TYPE_CHECKING:
    from ..adapters.journal import SqliteJournal
    from ..core.saft.source import ExportSource


class Workspace:
    def __init__(self, profile: Profile, clock=None, *, source_cache: dict | None = None):
        self.profile = profile
        self.clock = clock  # None: the real clock
        self.settings_store = SettingsStore(profile)
        self._settings: Settings | None = None
        self._journal: SqliteJournal | None = None
        # parsed export files (one ExportSource per folder and reading options); shareable between workspaces of
        # one process (a test's many "restarts")
        self.sources: dict[tuple, ExportSource] = source_cache if source_cache is not None else {}
        self._secrets = None

    def now(self) -> dt.datetime:
        return self.clock() if self.clock else dt.datetime.now(dt.timezone.utc)

    # -- keys ---------------------------------------------------------------------------------------------------------
    @property
    def secrets(self):
        """This profile's keys in the OS keyring (scoped per profile)."""
        if self._secrets is None:
            from ..adapters.secrets import SecretStore

            self._secrets = SecretStore.for_profile(self.profile)
        return self._secrets

    @secrets.setter
    def secrets(self, store) -> None:
        self._secrets = store

    def key_handover(self) -> str | None:
        """The keys a ``ledgerwizard run`` process must be handed over its stdin: an in-memory store's (the
        demo's); None when the keys are in the OS keyring, which the run process reads itself."""
        handover = getattr(self._secrets, "handover", None)
        return handover() if handover is not None else None

    def sibling(self) -> "Workspace":
        """A fresh workspace on the same profile sharing this one's key store (the wizard opened from the tray)."""
        ws = Workspace(self.profile, self.clock)
        ws._secrets = self._secrets
        return ws

    # -- settings -----------------------------------------------------------------------------------------------------
    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = self.settings_store.load()
        return self._settings

    def reload_settings(self) -> Settings:
        """Read the settings file again (after the wizard or a restored backup wrote it)."""
        self._settings = None
        return self.settings

    def save(self, settings: Settings) -> None:
        self.settings_store.save(settings)
        self._settings = settings

    def require_configured(self) -> Settings:
        s = self.settings
        if not s.stores:
            raise SettingsError(
                Text("Ingen butikker er satt opp i denne profilen.", "No stores are set up in this profile."),
                Text("Kjør oppsettet (fra Start-menyen) eller «ledgerwizard init MAPPE» først.",
                     "Run the setup (the wizard) or 'ledgerwizard init FOLDER' first."),
                path=self.profile.settings_path)
        if not s.source_paths:
            raise SettingsError(Text("Ingen eksportmappe er valgt.", "No export folder is chosen."),
                                path=self.profile.settings_path)
        return s

    # -- the journal: the memory; the ledger is the authority -----------------------------------------------------------
    @property
    def journal(self) -> SqliteJournal:
        if self._journal is None:
            from ..adapters.journal import SqliteJournal

            self._journal = SqliteJournal(self.profile.journal_path, **({"clock": self.clock} if self.clock else {}))
            self._check_journal_identity(self._journal)
        return self._journal

    def close(self) -> None:
        if self._journal is not None:
            self._journal.close()
            self._journal = None

    def _check_journal_identity(self, journal: SqliteJournal) -> None:
        """A journal that is not the one this profile has been sending with (it was deleted, or replaced by
        another file) knows nothing of the days already posted: it is marked as rebuilt, so every earlier day is
        looked up in the ledger before anything is posted. The settings remember which journal the profile
        sends with."""
        try:
            settings = self.settings
        except LedgerWizardError:
            return
        known = settings.journal_id
        if known and known != journal.journal_id and journal.rebuilt_at is None:
            journal.mark_rebuilt("missing" if journal.created else "replaced")
        if known != journal.journal_id and settings.stores:
            settings.journal_id = journal.journal_id
            try:
                self.save(settings)
            except (LedgerWizardError, OSError):
                pass  # said again at the next run

    def journal_notice(self, recent: bool = False) -> Text | None:
        """What to tell the user about a rebuilt journal (None when the journal is the original; ``recent``: only
        in the first day after the rebuild, for notifications)."""
        at = self.journal.rebuilt_at
        if at is None or (recent and self.now() - at > dt.timedelta(days=1)):
            return None
        why = {"missing": ("overføringsloggen manglet", "the transfer journal was missing"),
               "replaced": ("overføringsloggen var byttet ut", "the transfer journal had been replaced"),
               "damaged": ("overføringsloggen var ødelagt", "the transfer journal was damaged")}.get(
            self.journal.rebuild_reason, ("overføringsloggen ble bygd opp på nytt", "the transfer journal was rebuilt"))
        from ..core.schedule import OSLO

        when = at.astimezone(OSLO).strftime("%d.%m.%Y %H:%M")
        return Text(f"Loggen ble bygd opp på nytt {when} ({why[0]}): alle dager til og med den datoen kontrolleres mot "
                    f"regnskapet før de sendes, så ingen dag sendes dobbelt.",
                    f"The journal was rebuilt on {when} ({why[1]}): every day up to that date is checked against the "
                    f"ledger before it is sent, so no day is sent twice.")

    def rebuild_journal(self) -> tuple[SqliteJournal, Path | None]:
        """Set a damaged journal aside and start one that asks the ledger first (``ledgerwizard journal
        --rebuild``)."""
        from ..adapters.journal import SqliteJournal

        self.close()
        self._journal, aside = SqliteJournal.rebuild(self.profile.journal_path, "damaged",
                                                     **({"clock": self.clock} if self.clock else {}))
        self._check_journal_identity(self._journal)
        return self._journal, aside


__all__ = ["Workspace"]
