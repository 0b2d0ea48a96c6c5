"""Application services: settings + export source + summaries + vouchers + journal, for one profile.

The CLI, the wizard and the tray all call these functions, so every path computes a day the same way. No Qt.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING
from pathlib import Path

from .adapters.settings import Company, Profile, Settings, SettingsStore, Store
from .core.errors import LedgerWizardError, SettingsError, UsageError
from .core.i18n import Text

if TYPE_CHECKING:
    from .adapters.journal import SqliteJournal
    from .core.mapping import Account
    from .core.saft.reader import ReadOptions
    from .core.saft.source import ExportSource, SourceResult
    from .core.schedule import Agenda
    from .core.summary import DaySummary
    from .core.transfer import Outcome
    from .core.voucher import Voucher

# The XML reader, the voucher builder and the ledger connectors (lxml, httpx, TLS) are imported where they are
# used: the tray imports this module at start-up to show the journal, and must stay small and quick
# (benchmarks/startup_bench.py). The sending itself runs in a ``ledgerwizard run`` process.


def parse_cutoff(text: str) -> dt.time:
    try:
        return dt.time.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(Text(f"Ugyldig klokkeslett for dagsskille: {text!r} (bruk TT:MM).",
                              f"Invalid business-day cut-off: {text!r} (use HH:MM).")) from None


def parse_day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(Text(f"Ugyldig dato: {text!r} (bruk ÅÅÅÅ-MM-DD).", f"Invalid date: {text!r} (use YYYY-MM-DD).")) \
            from None


@dataclass
class StoreDay:
    store: Store
    summary: DaySummary


class Workspace:
    def __init__(self, profile: Profile, clock=None):
        self.profile = profile
        self.clock = clock  # None: the real clock
        self.settings_store = SettingsStore(profile)
        self._settings: Settings | None = None
        self._journal: SqliteJournal | None = None
        self._sources: dict[tuple, ExportSource] = {}
        self._secrets = None

    @property
    def secrets(self):
        """This profile's keys in the OS keyring (scoped per profile)."""
        if self._secrets is None:
            from .adapters.secrets import SecretStore

            self._secrets = SecretStore.for_profile(self.profile)
        return self._secrets

    @secrets.setter
    def secrets(self, store) -> None:
        self._secrets = store

    def forget_keys(self, company_id: str | None = None) -> int:
        """Delete this profile's keys from the OS keyring: one company's client key, or (None) every company's
        and the integration keys a reseller stored (what the uninstaller runs when asked to remove the settings).
        The companies come from the settings, and from their backup too. Returns how many keys were deleted."""
        from .connectors.integration import KEYRING_ENVIRONMENTS, KEYRING_NAMES

        if company_id is not None:
            c = self.settings.company(company_id)
            entries = [(c.system, c.id, "client_key")]
        else:
            entries = []
            for read in (lambda: self.settings, self.settings_store.read_backup):
                try:
                    entries += [(c.system, c.id, "client_key") for c in read().companies]
                except SettingsError:
                    pass  # unreadable or absent: the other copy may still name the companies
            entries += [("integration", env, name) for env in KEYRING_ENVIRONMENTS for name in KEYRING_NAMES]
        deleted = 0
        for system, account, what in dict.fromkeys(entries):
            if self.secrets.get(system, account, what) is not None:
                self.secrets.delete(system, account, what)
                deleted += 1
        return deleted

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

    @property
    def journal(self) -> SqliteJournal:
        if self._journal is None:
            from .adapters.journal import SqliteJournal

            self._journal = SqliteJournal(self.profile.journal_path, **({"clock": self.clock} if self.clock else {}))
            self._check_journal_identity(self._journal)
        return self._journal

    def _check_journal_identity(self, journal: SqliteJournal) -> None:
        """The ledger is the final authority. A journal that is not the one this profile has been sending with
        (it was deleted, or replaced by another file) knows nothing of the days already posted: it is marked as
        rebuilt, so every earlier day is looked up in the ledger before anything is posted. The settings
        remember which journal the profile sends with."""
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
        now = self.clock() if self.clock else dt.datetime.now(dt.timezone.utc)
        if at is None or (recent and now - at > dt.timedelta(days=1)):
            return None
        why = {"missing": ("overføringsloggen manglet", "the transfer journal was missing"),
               "replaced": ("overføringsloggen var byttet ut", "the transfer journal had been replaced"),
               "damaged": ("overføringsloggen var ødelagt", "the transfer journal was damaged")}.get(
            self.journal.rebuild_reason, ("overføringsloggen ble bygd opp på nytt", "the transfer journal was rebuilt"))
        from .core.schedule import OSLO

        when = at.astimezone(OSLO).strftime("%d.%m.%Y %H:%M")
        return Text(f"Loggen ble bygd opp på nytt {when} ({why[0]}): alle dager til og med den datoen kontrolleres mot "
                    f"regnskapet før de sendes, så ingen dag sendes dobbelt.",
                    f"The journal was rebuilt on {when} ({why[1]}): every day up to that date is checked against the "
                    f"ledger before it is sent, so no day is sent twice.")

    def rebuild_journal(self) -> tuple[SqliteJournal, Path | None]:
        """Set a damaged journal aside and start one that asks the ledger first (``ledgerwizard journal
        --rebuild``)."""
        from .adapters.journal import SqliteJournal

        if self._journal is not None:
            self._journal.close()
        self._journal, aside = SqliteJournal.rebuild(self.profile.journal_path, "damaged",
                                                     **({"clock": self.clock} if self.clock else {}))
        self._check_journal_identity(self._journal)
        return self._journal, aside

    def source(self, paths: list[str], opts: ReadOptions) -> ExportSource:
        from .core.saft.source import ExportSource

        key = (tuple(paths), opts)
        if key not in self._sources:
            self._sources[key] = ExportSource(paths, opts)
        return self._sources[key]

    def require_configured(self) -> Settings:
        s = self.settings
        if not s.stores:
            raise SettingsError(
                Text("Ingen butikker er satt opp i denne profilen.", "No stores are set up in this profile."),
                Text("Kjør oppsettet (veiviseren) eller «ledgerwizard init MAPPE» først.",
                     "Run the setup (the wizard) or 'ledgerwizard init FOLDER' first."),
                path=self.profile.settings_path)
        if not s.source_paths:
            raise SettingsError(Text("Ingen eksportmappe er valgt.", "No export folder is chosen."),
                                path=self.profile.settings_path)
        return s

    def store_days(self, store_id: str | None = None) -> tuple[list[StoreDay], list[SourceResult]]:
        """Every closed day of every (or one) configured store, from the configured export folder."""
        from decimal import Decimal

        from .core.saft.reader import ReadOptions

        s = self.require_configured()
        stores = [s.store(store_id)] if store_id else [st for st in s.stores if st.enabled]
        tol = Decimal(s.reconciliation_tolerance)
        out: list[StoreDay] = []
        results: list[SourceResult] = []
        by_opts: dict[ReadOptions, list[Store]] = {}
        for st in stores:
            opts = ReadOptions(parse_cutoff(st.cutoff), frozenset(st.gift_card_groups or st.mapping.gift_card_groups))
            by_opts.setdefault(opts, []).append(st)
        for opts, group in by_opts.items():
            res = self.source(s.source_paths, opts).scan()
            results.append(res)

            def store_of(w, group=group) -> str | None:
                for st in group:
                    if st.matches(w.location, w.register_id):
                        return st.id
                return None

            ids = {st.id: st for st in group}
            for summary in res.summaries(store_of, tol):
                out.append(StoreDay(ids[summary.store], summary))
        out.sort(key=lambda sd: (sd.summary.business_day, sd.store.id))
        return out, results

    def day(self, store_id: str, day: dt.date) -> StoreDay:
        days, _ = self.store_days(store_id)
        for sd in days:
            if sd.summary.business_day == day:
                return sd
        raise UsageError(Text(f"Fant ingen avsluttet dag {day} for {store_id} i eksportmappen.",
                              f"No closed day {day} for {store_id} in the export folder."),
                         Text("Kontroller at kassen har tatt Z-rapport og at eksporten ligger i mappen.",
                              "Check that the POS has taken its Z report and that the export is in the folder."))

    def voucher(self, sd: StoreDay, decision=None) -> Voucher:
        """The day's voucher; a day sent with accepted differences says so in its text."""
        from .core.voucher import build_voucher

        st = sd.store
        comp = self.settings.company(st.company)
        v = build_voucher(sd.summary, st.mapping, store_name=st.name, department=st.department,
                          company=comp.org_nr or comp.id, style=comp.line_style)
        from .core.holds import apply_decision

        return apply_decision(v, decision)

    def decision_for(self, sd: StoreDay):
        """The person's decision that lets this held day be sent (for its current differences), if any."""
        from .core.holds import hold_for

        hold = hold_for(sd.summary)
        return None if hold is None else self.journal.decision(sd.store.id, sd.summary.business_day, hold.fingerprint)

    def accept_differences(self, sd: StoreDay, source: str, fingerprint: str | None = None):
        """Record that a person has seen this day's differences and wants it sent anyway (``fingerprint``: the
        differences they saw; if the figures changed since, nothing is accepted). Returns the hold accepted."""
        from .core.holds import hold_for

        hold = hold_for(sd.summary, sd.store.name)
        if hold is not None and fingerprint in (None, hold.fingerprint):
            self.journal.decide(sd.store.id, sd.summary.business_day, hold, source)
            return hold
        return None


    # -- sending: every path (CLI, timer, catch-up, Send now) comes through here -----------------------------------
    def send(self, store_id: str | None = None, days: list[dt.date] | None = None, first: dt.date | None = None,
             last: dt.date | None = None, *, dry_run: bool = False, source: str = "cli", secrets=None,
             connector_factory=None, hook=None,
             accept_differences: bool | dict[tuple[str, dt.date], str] = False) -> list[Outcome]:
        """Send the chosen days (or every closed, unsent day between ``first`` and ``last``) exactly once. A day
        that does not reconcile with its Z reports is held, unless a person accepted its differences before.
        ``accept_differences``: True, this person accepts them now for the days sent (the CLI, which lists them);
        or {(store, day): fingerprint}: exactly the differences a person was shown (the GUI)."""
        from .connectors import open_connector
        from .connectors.base import precheck
        from .core.holds import hold_for
        from .core.transfer import SENT, Outcome, TransferEngine

        factory = connector_factory or (lambda company: open_connector(company, secrets or self.secrets))
        store_days, _ = self.store_days(store_id)
        wanted = []
        for sd in store_days:
            day = sd.summary.business_day
            if days is not None and day not in days:
                continue
            if first is not None and day < first or last is not None and day > last:
                continue
            wanted.append(sd)
        outcomes: list[Outcome] = []
        if days is not None:
            have = {(sd.store.id, sd.summary.business_day) for sd in wanted}
            stores = [self.settings.store(store_id)] if store_id else [s for s in self.settings.stores if s.enabled]
            for st in stores:
                for d in days:
                    if (st.id, d) not in have:
                        outcomes.append(Outcome(st.id, d, "skipped", Text(
                            "Ingen avsluttet dag i eksportmappen (mangler Z-rapport eller eksport).",
                            "No closed day in the export folder (no Z report or no export yet).")))
        connectors: dict[str, object] = {}
        engine = TransferEngine(self.journal, hook=hook, clock=self.clock)

        def connector(company):
            con = connectors.get(company.id)
            if con is None:
                con = connectors[company.id] = factory(company)
            return con

        try:
            if not dry_run:
                self.retry_attachments(store_days, connector)
            for sd in wanted:
                st, day = sd.store, sd.summary.business_day
                if not sd.summary.has_z and days is None:
                    outcomes.append(Outcome(st.id, day, "skipped", Text(
                        "Venter på Z-rapporten for dagen.", "Waiting for the day's Z report.")))
                    continue
                row = self.journal.get(st.id, day)
                if row is not None and row.state == SENT and days is None:
                    continue  # a range sends what is due; an explicit day reports "already sent"
                company = self.settings.company(st.company)
                try:
                    con = connector(company)
                except LedgerWizardError as e:
                    outcomes.append(Outcome(st.id, day, "failed", e.message, error=e))
                    continue
                build = (lambda sd=sd: self.voucher(sd, self.decision_for(sd)))
                if accept_differences and not dry_run and (row is None or row.state != SENT):
                    if accept_differences is True:
                        self.accept_differences(sd, source)
                    elif (st.id, day) in accept_differences:
                        self.accept_differences(sd, source, accept_differences[(st.id, day)])
                if dry_run:
                    hold = hold_for(sd.summary, st.name)
                    if hold is not None and self.decision_for(sd) is None:
                        outcomes.append(Outcome(st.id, day, "held", hold.message, details=list(hold.details)))
                        continue
                    try:
                        v = build()
                        precheck(v, con.chart(), con.display_name)
                        outcomes.append(Outcome(st.id, day, "dry_run", Text(
                            f"Klar til sending: {len(v.lines)} linjer, {v.total_debit} kr.",
                            f"Ready to send: {len(v.lines)} lines, NOK {v.total_debit}.")))
                    except LedgerWizardError as e:
                        outcomes.append(Outcome(st.id, day, "failed", e.message, error=e))
                    continue
                outcome = engine.transfer(st.id, day, build, con, source=source,
                                          gate=lambda sd=sd: hold_for(sd.summary, sd.store.name))
                outcomes.append(outcome)
                if outcome.status in ("sent", "recovered") and outcome.posted is not None:
                    self._attach(sd, con, outcome.posted)
        finally:
            for con in connectors.values():
                con.close()
        outcomes.sort(key=lambda o: (o.business_day, o.store))
        return outcomes

    def send_now(self, stores: list[str] | None = None, first: dt.date | None = None, last: dt.date | None = None,
                 *, connector_factory=None, accept: dict[tuple[str, dt.date], str] | None = None) -> list[Outcome]:
        """The tray's Send now: each chosen store's latest closed day, or every day from ``first`` to ``last``
        (each reported: sent, already sent with its voucher, or not in the export yet). Same path as the timer."""
        from .core.schedule import OSLO, SendRequest

        settings = self.settings
        ids = stores or [s.id for s in settings.stores if s.enabled]
        for sid in ids:
            settings.store(sid)  # an unknown store is a clear error before anything is sent
        outcomes: list[Outcome] = []
        today = (self.clock() if self.clock else dt.datetime.now(dt.timezone.utc)).astimezone(OSLO).date()
        if first is None and last is None:
            latest: dict[str, dt.date] = {}
            for sd in self.store_days()[0]:
                if sd.summary.has_z and sd.store.id in ids:
                    latest[sd.store.id] = max(latest.get(sd.store.id, sd.summary.business_day), sd.summary.business_day)
            for sid in ids:
                if sid in latest:
                    outcomes += self.send(sid, [latest[sid]], source="send-now", connector_factory=connector_factory)
                else:  # reported on yesterday: the latest day that could have been closed
                    from .core.transfer import Outcome

                    outcomes.append(Outcome(sid, today - dt.timedelta(days=1), "skipped", Text(
                        "Ingen avsluttet dag i eksportmappen ennå (mangler Z-rapport eller eksport).",
                        "No closed day in the export folder yet (no Z report or no export).")))
            return outcomes
        request = SendRequest(ids, first or last, last or first)
        problems = request.problems(today)  # the same rules as the tray's dialog
        if problems:
            raise UsageError(Text(" ".join(p.nb for p in problems), " ".join(p.en for p in problems)))
        days = [request.first + dt.timedelta(days=n) for n in range(request.days)]
        for sid in ids:
            outcomes += self.send(sid, days, source="send-now", connector_factory=connector_factory,
                                  accept_differences=accept or False)
        outcomes.sort(key=lambda o: (o.business_day, o.store))
        return outcomes

    def run_due(self, now: dt.datetime, *, paused: bool = False, connector_factory=None, source: str = "timer",
                confirmed: bool = True, log=None) -> tuple["Agenda", list[Outcome]]:
        """The scheduler's step: what is due now (from the calendar, the settings and the journal), sent through
        the one path. Every decision is logged with its reason."""
        from .core.schedule import Plan, agenda

        settings = self.settings
        plan = Plan.from_settings(settings, paused=paused)
        try:
            store_days, _ = self.store_days()
        except LedgerWizardError as e:
            if log:
                log.warning("cannot read the export folder: %s", e.code)
            store_days = []
        closed: dict[str, dict[dt.date, bool]] = {}
        for sd in store_days:
            closed.setdefault(sd.store.id, {})[sd.summary.business_day] = sd.summary.has_z
        rows = {(r.store, r.business_day): r for r in self.journal.rows()}
        ag = agenda(plan, now, [s.id for s in settings.stores if s.enabled], closed, rows)
        if log:
            for d in ag.decisions:
                log.info("%s %s: %s (%s)", d.store, d.business_day, d.action, d.reason.en)
        outcomes: list[Outcome] = []
        if (ag.send and (confirmed or not ag.confirm)) or ag.recheck:
            by_store: dict[str, list[dt.date]] = {}
            due = (ag.send if confirmed or not ag.confirm else []) + ag.recheck
            for store, day in sorted(due, key=lambda sd: (sd[1], sd[0])):
                by_store.setdefault(store, []).append(day)
            for store, days in by_store.items():
                outcomes += self.send(store, days, source=source, connector_factory=connector_factory)
            if log:
                for o in outcomes:
                    log.info("%s %s: %s", o.store, o.business_day, o.status)
        return ag, outcomes

    def _attach(self, sd: StoreDay, con, posted) -> None:
        """Attach the day's report to a posted voucher. A failure is recorded and retried on its own later;
        it never makes the voucher be posted again."""
        st, day = sd.store, sd.summary.business_day
        company = self.settings.company(st.company)
        if not company.options.get("attach_report", True):
            self.journal.mark_attachment(st.id, day, "skipped", "turned off")
            return
        try:
            from .adapters.report_pdf import day_report_pdf

            decision = self.decision_for(sd)
            v = self.voucher(sd, decision)
            con.attach(posted, day_report_pdf(sd.summary, v, decision), f"dagsoppgjor-{st.id}-{day:%Y%m%d}.pdf")
            self.journal.mark_attachment(st.id, day, "attached")
        except NotImplementedError:
            self.journal.mark_attachment(st.id, day, "skipped", "not supported by this ledger")
        except Exception as e:  # the voucher is posted; only the attachment waits for the next run
            self.journal.mark_attachment(st.id, day, "failed", getattr(e, "code", type(e).__name__))

    def retry_attachments(self, store_days: list[StoreDay], connector) -> None:
        from .core.transfer import Posted

        pending = {(r.store, r.business_day): r for r in self.journal.pending_attachments()}
        for sd in store_days:
            row = pending.get((sd.store.id, sd.summary.business_day))
            if row is None or row.attachment_attempts >= 10:
                continue
            try:
                con = connector(self.settings.company(sd.store.company))
            except LedgerWizardError:
                continue
            self._attach(sd, con, Posted(row.voucher_id, row.voucher_number))


def init_profile(ws: Workspace, source: str | Path, system: str = "poweroffice", environment: str = "demo",
                 chart: list[Account] | None = None, force: bool = False) -> Settings:
    """Headless onboarding for installers: one store per SAF-T location, mappings from the suggestions."""
    from .core.mapping import Mapping, suggest
    from .core.saft.reader import ReadOptions
    from .core.saft.source import ExportSource

    existing = ws.settings
    if existing.stores and not force:
        raise UsageError(Text("Profilen er allerede satt opp.", "The profile is already set up."),
                         Text("Bruk --force for å erstatte oppsettet.", "Use --force to replace the setup."))
    res = ExportSource([str(source)], ReadOptions(), settle_seconds=0).scan()
    if not res.files:
        problems = "; ".join(p.render() for p in res.problems) or "ingen filer / no files"
        raise UsageError(Text(f"Fant ingen lesbare SAF-T-filer: {problems}", f"No readable SAF-T files: {problems}"))
    settings = Settings(language=existing.language, source_paths=[str(Path(source).resolve())])
    companies: dict[str, Company] = {}
    template = Mapping()
    locations: dict[tuple[str, str], list[str]] = {}
    for w in res.windows:
        locations.setdefault((w.company_ident, w.location), [])
        if w.register_id not in locations[(w.company_ident, w.location)]:
            locations[(w.company_ident, w.location)].append(w.register_id)
    days = res.summaries()
    for n, ((company, location), registers) in enumerate(sorted(locations.items()), start=1):
        if company not in companies:
            m = res.master(company)
            companies[company] = Company(id=f"c{len(companies) + 1}", system=system, environment=environment,
                                         name=m.company_name, org_nr=company,
                                         line_style="gross")
        mine = [d for d in days if d.company_ident == company and d.store == (location or registers[0])]
        vat_keys, group_keys, pay_types = set(), set(), set()
        for d in mine:
            a = d.combined
            vat_keys |= set(a.vat)
            group_keys |= set(a.groups)
            pay_types |= set(a.payments) | set(a.cash_difference)
        mapping = suggest(res.master(company), vat_keys, group_keys, pay_types, chart)
        template.fill_from(mapping)
        store_id = f"s{n}"
        settings.stores.append(Store(id=store_id, name=location or f"Kasse {registers[0]}",
                                     company=companies[company].id, department=str(n), location=location,
                                     registers=[] if location else registers, mapping=mapping))
    settings.companies = list(companies.values())
    settings.template = template
    ws.save(settings)
    return settings
