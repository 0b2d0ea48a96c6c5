"""The setup's draft and its rules, without Qt: what each step shows, what the user's choices change, what makes
a step complete, and the settings the finished setup saves. The Qt steps (``ui/steps/``) only display this model
and call it; the wizard and the settings dialog share it; the tests drive it directly.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, AbstractSet

from ..adapters.secrets import Secret
from ..adapters.settings import Company, Settings, Store
from ..core.i18n import Text
from ..core.mapping import Mapping, get_field, set_field, suggest
from ..core.schedule import WEEKDAYS, Plan
from . import departments as deps
from .customers import InvoicingDraft
from .storekeys import StoreKey, StoreKeys, clean_key, key_problem

if TYPE_CHECKING:  # the reader, the summaries and the voucher builder load when first used (not before first paint)
    from ..connectors.base import Chart, Department
    from ..core.saft.source import SourceResult
    from ..core.summary import DaySummary
    from ..core.voucher import Voucher


_SPECIAL = {"rounding": "rounding_account", "tips": "tips_account", "gift_card": "gift_card_account",
            "cash_difference": "cash_difference_account", "receivables": "receivables_account"}

_SPECIAL_LABELS = {"rounding": Text("Øreavrunding", "Rounding"), "tips": Text("Tips", "Tips"),
                   "gift_card": Text("Gavekort", "Gift cards"), "cash_difference": Text("Kassedifferanse", "Cash difference"),
                   "receivables": Text("Kundefordringer (kredittsalg)", "Receivables (credit sales)")}


# --- the model ---------------------------------------------------------------------------------------------------

@dataclass
class StoreDraft:
    id: str
    name: str
    location: str
    registers: list[str]
    company_id: str
    department: str = ""  # the ledger department's code ("" none); never made up (setup/departments.py)
    department_state: str = "unset"  # chosen, suggested, none (chosen: no department), unset
    key: StoreKey | None = None  # the store's own client key (PowerOffice add-on slots: setup/storekeys.py)


@dataclass
class CompanyDraft:
    id: str
    org_nr: str
    name: str
    key: str = ""
    verified_name: str | None = None
    error: Text | None = None
    stored_key: str = ""  # what the keyring holds (a re-run loads it), to tell a changed key from the saved one
    tested: bool = False  # the connection was tested in this setup (a saved key is trusted, not "connected")


@dataclass
class Row:
    """One line of the accounts table: something in the data that needs an account (or a VAT code)."""

    kind: str  # group, vat_code, vat_output, payment, rounding, tips, gift_card, cash_difference, receivables
    key: str
    label: str
    vat_code: str = ""  # POS VAT code, for group rows (group × VAT) and vat rows
    value: str = ""
    suggested: str = ""
    store_id: str = ""
    path: str = ""  # the mapping field it edits (core.mapping.get_field / set_field)
    required: bool = True  # the export uses it: blank is a problem (otherwise it may stay blank until it does)

    @property
    def id(self) -> str:
        return f"{self.kind}:{self.key}:{self.vat_code}"


@dataclass
class Line:
    """One line of the accounts page: a label, the account it posts to and/or (VAT codes) the ledger's VAT code,
    in one of the sections revenue, vat, payment, other."""

    section: str
    label: str
    account: Row | None = None
    vat: Row | None = None
    info: str = ""  # shown read-only in the VAT code column (a revenue line's VAT code in the ledger)


TEMPLATE = "__template__"  # the store id the accounts page uses for the default template for new stores
SECTION_TITLES = {"revenue": Text("Inntekter per varegruppe og mva-sats", "Revenue per article group and VAT rate"),
                  "vat": Text("Mva-koder", "VAT codes"), "payment": Text("Betalingsmåter", "Payment types"),
                  "other": Text("Øvrige kontoer", "Other accounts")}


@dataclass
class SetupModel:
    settings: Settings = field(default_factory=Settings)  # the current settings (re-running the wizard)
    language: str = "nb"
    source_path: str = ""
    scan: SourceResult | None = None
    system: str = "poweroffice"
    environment: str = "production"
    sandbox_url: str = ""
    companies: list[CompanyDraft] = field(default_factory=list)
    stores: list[StoreDraft] = field(default_factory=list)
    charts: dict[str, Chart] = field(default_factory=dict)  # company id -> its live chart of accounts
    department_lists: dict[str, list[Department]] = field(default_factory=dict)  # company id -> its live departments
    mappings: dict[str, Mapping] = field(default_factory=dict)  # store id -> mapping being edited
    times: dict[str, str] = field(default_factory=lambda: {d: "06:00" for d in WEEKDAYS})
    cutoff: str = "05:00"  # the business day's cut-off shown (the first store's); changed here: every store's
    store_cutoffs: dict[str, str] = field(default_factory=dict)  # each store's own, as loaded (kept unless changed)
    cutoff_loaded: str | None = None  # the shown cut-off as loaded: a store keeps its own while this is unchanged
    auto_send: bool = False
    auto_send_touched: bool = False  # the user chose it (a successful test transfer no longer turns it on)
    first_day: dt.date | None = None  # the go-live day: nothing before it is ever sent, alerted or late
    catch_up: bool | None = None  # the due days from the go-live day to today: send them (True) or start after them
    notify_success: bool = False  # a notification also when a day has been sent (failures are always told)
    autostart: bool = True
    can_autostart: bool = True  # False for a throw-away profile (the demo, --profile): never the user's login entry
    test_result: Text | None = None
    test_sent: bool = False
    test_day: dt.date | None = None  # the business day the test transfer sent
    suggestions: dict[str, Mapping] = field(default_factory=dict)  # store id -> what was suggested
    template: Mapping | None = None  # the default template for new stores, as edited (None: the saved one)
    invoicing: InvoicingDraft = field(default_factory=InvoicingDraft)  # credit sales as orders (setup/customers.py)
    _days: list[DaySummary] | None = field(default=None, repr=False)  # computed once per scan
    _due_cache: list = field(default_factory=list, repr=False)  # days due at go-live (the Done step shows them)
    _suggested: dt.date | None = field(default=None, repr=False)  # the go-live day suggested (and shown)
    _clean: dict | None = field(default=None, repr=False)  # the choices when the setup opened (mark_clean)
    _used_cache: dict = field(default_factory=dict, repr=False)  # store id -> what its days use (_used)

    @classmethod
    def from_settings(cls, settings: Settings) -> "SetupModel":
        """Re-running the wizard opens with what is set up now."""
        m = cls(settings=settings, language=settings.language)
        m.source_path = settings.source_paths[0] if settings.source_paths else ""
        if settings.companies:
            c0 = settings.companies[0]
            m.system, m.environment = c0.system, c0.environment
            m.sandbox_url = c0.options.get("base_url", "")
        m.companies = [CompanyDraft(c.id, c.org_nr, c.name) for c in settings.companies]
        m.stores = [StoreDraft(s.id, s.name, s.location, list(s.registers), s.company, s.department,
                               deps.CHOSEN if s.department else deps.NONE,
                               StoreKey(s.key_slot) if s.key_slot is not None else None) for s in settings.stores]
        m.mappings = {s.id: s.mapping.copy() for s in settings.stores}
        sched = settings.schedule or {}
        m.times = {d: (sched.get("weekdays") or {}).get(d, sched.get("time", "06:00")) for d in WEEKDAYS}
        m.cutoff = m.cutoff_loaded = settings.stores[0].cutoff if settings.stores else "05:00"
        m.store_cutoffs = {s.id: s.cutoff for s in settings.stores}
        m.auto_send = bool(sched.get("auto_send", False))
        m.first_day = dt.date.fromisoformat(sched["first_day"]) if sched.get("first_day") else None
        m.notify_success = bool(sched.get("notify_success", False))
        m.autostart = settings.autostart
        m.invoicing = InvoicingDraft.from_settings(settings)
        return m

    # -- the chart of accounts, per ledger company --------------------------------------------------------------------
    @property
    def chart(self) -> Chart | None:
        """The first company's chart (one company: the chart)."""
        return self.charts.get(self.companies[0].id) if self.companies else None

    def chart_for(self, store_id: str) -> Chart | None:
        s = next((x for x in self.stores if x.id == store_id), None)
        return self.charts.get(s.company_id) if s is not None else None

    def set_chart(self, company_id: str, chart: Chart) -> None:
        self.charts[company_id] = chart

    def charts_loaded(self) -> bool:
        return bool(self.companies) and all(c.id in self.charts for c in self.companies)

    # -- page 2: the sales source ----------------------------------------------------------------------------------
    def set_scan(self, path: str, result: SourceResult, days: list[DaySummary] | None = None) -> None:
        """A new read of the export: its stores and companies (keeping ids, names and departments already given).
        ``days``: the summaries ``plan_days`` made on a worker (computed here otherwise)."""
        from ..core.stores import default_name, locations

        self.source_path, self.scan, self._days = path, result, None
        known = {(s.location, tuple(s.registers)): s for s in self.stores}
        by_company: dict[str, CompanyDraft] = {c.org_nr: c for c in self.companies}
        stores: list[StoreDraft] = []
        for n, ((org, loc), regs) in enumerate(locations(result.windows).items(), start=1):
            comp = by_company.get(org)
            if comp is None:
                comp = by_company[org] = CompanyDraft(f"c{len(by_company) + 1}", org, result.master(org).company_name)
            old = known.get((loc, ())) or known.get((loc, tuple(regs)))
            stores.append(StoreDraft(old.id if old else f"s{n}", old.name if old else default_name(loc, regs), loc,
                                     [] if loc else regs, comp.id, old.department if old else "",
                                     old.department_state if old else deps.UNSET, old.key if old else None))
        self.stores = stores
        self.companies = [c for c in by_company.values() if any(s.company_id == c.id for s in stores)]
        if days is not None:
            self._days = days

    def plan_days(self, result: SourceResult) -> list[DaySummary]:
        """The day summaries ``set_scan`` would make, computed without changing the model (on a worker: summing and
        reconciling a busy store's month takes longer than the GUI thread may stall)."""
        from ..core.stores import store_of

        probe = SetupModel(stores=[StoreDraft(s.id, s.name, s.location, list(s.registers), s.company_id, s.department)
                                   for s in self.stores],
                           companies=[CompanyDraft(c.id, c.org_nr, c.name) for c in self.companies])
        probe.set_scan("", result)
        return result.summaries(lambda w: store_of(probe.stores, w))

    def source_overview(self) -> dict:
        """What the page shows: company, stores with registers, date range, problems in plain words."""
        r = self.scan
        if r is None:
            return {}
        days = self.days()
        problems: list[Text] = []
        for p in r.problems:
            problems.append(Text(f"{p.path}: {p.error.message.nb}", f"{p.path}: {p.error.message.en}"))
        no_z = [d for d in days if not d.has_z]
        if no_z:
            problems.append(Text(f"{len(no_z)} dager uten Z-rapport: ta Z-rapport i kassen hver kveld.",
                                 f"{len(no_z)} days without a Z report: take a Z report on the register every evening."))
        diffs = [d for d in days if not d.reconciliation.ok]
        if diffs:
            problems.append(Text(f"{len(diffs)} dager stemmer ikke med Z-rapporten (se forhåndsvisningen).",
                                 f"{len(diffs)} days do not match their Z report (see the preview)."))
        return {"companies": [(c.name, c.org_nr) for c in self.companies],
                "stores": [(s.name, self._registers(s)) for s in self.stores],
                "first": min((d.business_day for d in days), default=None),
                "last": max((d.business_day for d in days), default=None),
                "days": len(days), "problems": problems}

    def _registers(self, s: StoreDraft) -> list[str]:
        if s.registers:
            return s.registers
        return sorted({w.register_id for w in (self.scan.windows if self.scan else []) if w.location == s.location})

    def store_of(self, w) -> str | None:
        from ..core.stores import store_of

        return store_of(self.stores, w)

    def days(self, store_id: str | None = None) -> list[DaySummary]:
        if self.scan is None:
            return []
        if self._days is None:
            self._days = self.scan.summaries(self.store_of)
        return [d for d in self._days if store_id is None or d.store == store_id]

    def source_complete(self) -> bool:
        return self.scan is not None and bool(self.days())

    # -- page 3: the accounting system ---------------------------------------------------------------------------------
    def choose_system(self, system: str) -> None:
        """Another system: keys of the previous one mean nothing there (and neither does its chart)."""
        if self.system != system:
            self.system = system
            self.charts.clear()
            self.department_lists.clear()
            for c in self.companies:
                c.key, c.verified_name, c.error = "", None, None
            for st in self.stores:
                st.key = None  # a store's own key belongs to the system it was made in

    def set_environment(self, environment: str) -> None:
        """Keys only work in the environment they were made in: each key must be tested again."""
        if self.environment != environment:
            self.environment = environment
            self.charts.clear()
            self.department_lists.clear()
            for c in self.companies:
                c.verified_name = None
            for st in self.stores:
                if st.key is not None:
                    st.key.verified_name = None

    # -- page 4: keys ----------------------------------------------------------------------------------------------
    def set_key(self, company_id: str, raw: str) -> Text | None:
        c = self.company(company_id)
        key = clean_key(raw)
        if key != c.key:
            c.key, c.verified_name, c.error, c.tested = key, None, None, False
        return key_problem(self.system, key)

    def company(self, company_id: str) -> CompanyDraft:
        return next(c for c in self.companies if c.id == company_id)

    def keys_complete(self) -> bool:
        """Every company's key tested, and, once its chart is read, every store's department usable and every
        store key of its own tested."""
        return (bool(self.companies) and all(c.verified_name is not None for c in self.companies)
                and self.departments_complete() and self.store_keys.complete())

    # -- page 4: each store's department (setup/departments.py) ----------------------------------------------------
    def departments_of(self, company_id: str) -> list[Department] | None:
        """The company's live departments (its chart's, or the list read on the keys step); None: not read yet."""
        chart = self.charts.get(company_id)
        return chart.departments if chart is not None else self.department_lists.get(company_id)

    def set_departments(self, company_id: str, departments: list[Department]) -> None:
        """The company's live list (read with its key): stores nobody chose for get a suggestion from it."""
        self.department_lists[company_id] = list(departments)
        self.prepare_departments()

    def prepare_departments(self) -> None:
        """A store nobody chose a department for gets the one of the live list matching its name or number, shown
        as a suggestion; otherwise none."""
        for s in self.stores:
            listed = self.departments_of(s.company_id)
            if listed is None or s.department_state not in (deps.UNSET, deps.SUGGESTED):
                continue
            found = deps.suggest([s.name, s.location], listed)
            s.department, s.department_state = (found.code, deps.SUGGESTED) if found else ("", deps.UNSET)

    def set_department(self, store_id: str, code: str) -> None:
        """The user's choice: a department's code, or "" for no department."""
        s = next(x for x in self.stores if x.id == store_id)
        s.department, s.department_state = code, deps.CHOSEN if code else deps.NONE

    def department_rows(self) -> list[deps.DepartmentRow]:
        return [deps.DepartmentRow(s.id, s.name, s.department, s.department_state,
                                   deps.problem(s.department, self.departments_of(s.company_id),
                                                deps.requiring(self.mappings.get(s.id), self.charts.get(s.company_id))))
                for s in self.stores]

    def departments_complete(self) -> bool:
        """No store names a department the ledger lacks or has made inactive (checked where a chart is read)."""
        return all(r.problem is None for r in self.department_rows())

    @property
    def store_keys(self) -> StoreKeys:
        return StoreKeys(self)

    def connection_for(self, store_id: str) -> tuple[Company, Secret]:
        """The settings company and key a store's documents go with: its own key and slot when it has one."""
        s = next(x for x in self.stores if x.id == store_id)
        if s.key is not None and self.store_keys.applicable():
            return self.store_keys.company_for(store_id), Secret(s.key.key)
        c = self.company(s.company_id)
        return self.company_settings(c), Secret(c.key)

    def key_verified(self, company_id: str, company_name: str) -> None:
        c = self.company(company_id)
        c.verified_name, c.error, c.tested = company_name or c.name, None, True

    def key_failed(self, company_id: str, error: Text) -> None:
        c = self.company(company_id)
        c.verified_name, c.error = None, error

    def company_settings(self, c: CompanyDraft) -> Company:
        """The company as it will be saved; what the setup does not show (line style, options) kept as it was."""
        options = {"base_url": self.sandbox_url} if self.environment == "sandbox" else {}
        old = next((x for x in self.settings.companies if x.id == c.id), None)
        line_style = "gross"
        if old is not None and old.system == self.system:
            options = {**old.options, **options}
            line_style = old.line_style
        return Company(c.id, self.system, self.environment, c.name, c.org_nr, line_style, options,
                       self.invoicing.company_part(c.id, self.system, old.invoicing if old is not None else None))

    # -- page 5: accounts --------------------------------------------------------------------------------------------
    def prepare_mappings(self) -> None:
        """Suggestions from the data and the live chart, keeping every choice already made."""
        for s in self.stores:
            days = self.days(s.id)
            vat, groups, pays = set(), set(), set()
            for d in days:
                for part in d.parts.values():
                    vat |= set(part.vat)
                    groups |= set(part.groups)
                    pays |= set(part.payments) | set(part.cash_difference)
            master = days[0].master if days else (self.scan.master(self.company(s.company_id).org_nr) if self.scan else None)
            if master is None:
                continue
            chart = self.chart_for(s.id)
            sug = suggest(master, vat, groups, pays, chart.accounts if chart else None,
                          [v.code for v in chart.vat_codes] if chart else None)
            current = self.mappings.get(s.id) or self._mapping(TEMPLATE).copy()
            current.fill_from(sug)
            self.mappings[s.id] = current
            self.suggestions[s.id] = sug

    def _mapping(self, store_id: str) -> Mapping:
        if store_id == TEMPLATE:
            if self.template is None:
                self.template = self.settings.template.copy()
            return self.template
        return self.mappings[store_id]

    def _used(self, store_id: str) -> dict:
        """What the export's days use: the lines that must have an account (computed once per read of the export)."""
        days_key = (id(self.scan), id(self._days))
        if self._used_cache.get("days") != days_key:
            self._used_cache = {"days": days_key}
        if store_id in self._used_cache:
            return self._used_cache[store_id]
        days = self.days() if store_id == TEMPLATE else self.days(store_id)
        u: dict = {"groups": set(), "vat": {}, "pay": set(), "rounding": False, "tips": False, "gift_card": False,
                   "cash_difference": False, "credit": False, "vat_alone": set(), "vat_amount": set(), "main": {}}
        counts: dict[str, dict[str, int]] = {}
        for d in days:
            for kind, part in d.parts.items():
                for (g, k), _ in part.groups.items():
                    u["groups"].add((g, k.code if k else ""))
                    if k is not None:
                        counts.setdefault(g, {})[k.code] = counts.setdefault(g, {}).get(k.code, 0) + 1
                for k, (base, vat) in part.vat.items():
                    u["vat"][k.code] = k.rate
                    if vat:
                        u["vat_amount"].add(k.code)
                    if (base or vat) and not any(gk == k for (_g, gk) in part.groups):
                        u["vat_alone"].add(k.code)  # a Z-only day: revenue per VAT code, no article group
                u["pay"] |= {t for t, a in part.payments.items() if a and t != "__credit__"}
                u["pay"] |= {t for t, a in part.cash_difference.items() if a}
                u["rounding"] |= bool(part.rounding)
                u["tips"] |= bool(part.tips)
                u["gift_card"] |= bool(part.gift_card_sales) or kind == "giftcard" and bool(part.n_trans)
                u["cash_difference"] |= any(part.cash_difference.values())
                u["credit"] |= kind == "credit" and bool(part.n_trans)
        u["main"] = {g: max(sorted(c), key=lambda code: c[code]) for g, c in counts.items()}
        if id(self._days) != self._used_cache["days"][1]:  # days() computed them just now
            self._used_cache = {"days": (id(self.scan), id(self._days))}
        self._used_cache[store_id] = u
        return u

    def lines(self, store_id: str) -> list[Line]:
        """The accounts page of a store (or of the default template, ``TEMPLATE``): every account the voucher can
        use, in sections — revenue per article group and VAT rate, VAT codes, payment types, the rest — including
        lines the export has not used yet (optional until it does)."""
        template = store_id == TEMPLATE
        m = self._mapping(store_id)
        sug = Mapping() if template else self.suggestions.get(store_id, Mapping())
        days = self.days() if template else self.days(store_id)
        master = days[0].master if days else None
        desc = (lambda code: master.desc(code)) if master else (lambda code: "")
        u = self._used(store_id)
        nb = self.language == "nb"
        s = next((x for x in self.stores if x.id == store_id), None)
        style = next((c.line_style for c in self.settings.companies  # as company_settings keeps it
                      if s is not None and c.id == s.company_id and c.system == self.system), "gross")

        def row(kind: str, key: str, label: str, path: str, vat_code: str = "", required: bool = False) -> Row:
            return Row(kind, key, label, vat_code, get_field(m, path), get_field(sug, path), store_id, path,
                       required and not template)

        def rate_txt(code: str) -> str:
            rate = u["vat"].get(code)
            return f" ({rate.normalize():f} %)" if rate is not None else ""

        out: list[Line] = []
        # revenue: article group × VAT code (the group's main code on its account, others on alternatives)
        groups: dict[tuple[str, str], bool] = {gc: True for gc in u["groups"]}
        for g, gm in m.groups.items():
            for code in gm.alternative:
                groups.setdefault((g, code), False)
            if not any(gg == g for gg, _c in groups):
                groups[(g, "")] = False
        seen: set[str] = set()
        for (g, code), used in sorted(groups.items()):
            main = u["main"].get(g, "")
            path = f"groups.{g}.account" if not code or code == main or (used and not main) else \
                f"groups.{g}.alternative.{code}"
            if path in seen:
                continue
            seen.add(path)
            word = "mva-kode" if nb else "VAT code"
            label = " ".join(x for x in (g, desc(g)) if x) + (f" – {word} {code}{rate_txt(code)}" if code else "")
            ledger_code = get_field(m, f"vat.{code}.ledger_code") if code else ""
            out.append(Line("revenue", label, account=row("group", g, label, path, code, used), info=ledger_code))
        vat_codes = sorted(set(u["vat"]) | set(m.vat) | (set() if template else set(sug.vat)))
        for code in vat_codes:
            if get_field(m, f"vat.{code}.revenue_account") or code in u["vat_alone"]:
                label = (f"Salg uten varegruppe – mva-kode {code}{rate_txt(code)}" if nb else
                         f"Sales without article group – VAT code {code}{rate_txt(code)}")
                out.append(Line("revenue", label, account=row("vat_revenue", code, label, f"vat.{code}.revenue_account",
                                                                 code, code in u["vat_alone"])))
        # VAT codes: the ledger's VAT code in its own column, the output VAT account (net lines) in the account column
        for code in vat_codes:
            label = (f"Mva-kode {code}" if nb else f"VAT code {code}") + rate_txt(code)
            out.append(Line("vat", label,
                            account=row("vat_output", code, label, f"vat.{code}.output_account", code,
                                        style == "net" and code in u["vat_amount"]),
                            vat=row("vat_code", code, label, f"vat.{code}.ledger_code", code, code in u["vat"])))
        for t in sorted(u["pay"] | set(m.payments)):
            label = " ".join(x for x in (t, desc(t)) if x)
            out.append(Line("payment", label, account=row("payment", t, label, f"payments.{t}", "", t in u["pay"])))
        for kind, needed in (("rounding", u["rounding"]), ("tips", u["tips"]), ("gift_card", u["gift_card"]),
                             ("cash_difference", u["cash_difference"]),
                             ("receivables", u["credit"] and m.credit_sales == "receivables")):
            label = _SPECIAL_LABELS[kind].get(self.language)
            out.append(Line("other", label, account=row(kind, "", label, _SPECIAL[kind], "", needed)))
        return out

    def rows(self, store_id: str) -> list[Row]:
        return [r for ln in self.lines(store_id) for r in (ln.account, ln.vat) if r is not None]

    def set_row(self, store_id: str, row: Row, value: str) -> None:
        """The user's choice for a row ("3000 Salgsinntekt …" from the picker, or just "3000")."""
        value = value.strip().split(" ", 1)[0] if value else ""
        row.value = value
        set_field(self._mapping(store_id), row.path, value)

    def row_chart(self, row: Row) -> Chart | None:
        if row.store_id == TEMPLATE or not row.store_id:
            return self.chart
        return self.chart_for(row.store_id)

    def row_problem(self, row: Row) -> Text | None:
        """Why a row is not acceptable yet (blank where the export needs it, not in the chart, inactive, wrong kind
        of code). Without a live chart only blanks are problems (the rest cannot be checked)."""
        if not row.value:
            if not row.required:
                return None
            return Text("Mangler konto – velg en.", "No account – choose one.") if row.kind != "vat_code" else \
                Text("Mangler mva-kode – velg en.", "No VAT code – choose one.")
        chart = self.row_chart(row)
        if chart is None:
            return None
        if row.kind == "vat_code":
            if chart.vat(row.value) is None:
                return Text(f"Mva-kode {row.value} finnes ikke i regnskapet.", f"VAT code {row.value} does not exist in the ledger.")
            return None
        acc = chart.account(row.value)
        if acc is None:
            return Text(f"Konto {row.value} finnes ikke i kontoplanen.", f"Account {row.value} is not in the chart.")
        if not acc.active:
            return Text(f"Konto {row.value} er inaktiv.", f"Account {row.value} is inactive.")
        if row.kind == "payment" and row.value == "1920":
            return Text("Kortbetalinger skal via en oppgjørskonto (15xx/19xx), ikke rett på bankkontoen.",
                        "Card payments go through a clearing account (15xx/19xx), not straight to the bank account.")
        return None

    def saved_mapping(self, store_id: str) -> Mapping | None:
        if store_id == TEMPLATE:
            return self.settings.template
        return next((s.mapping for s in self.settings.stores if s.id == store_id), None)

    def row_status(self, row: Row) -> tuple[str, Text]:
        """What the status column says: problem, saved, suggested, template, changed or unused — and whether the
        live chart checked it (offline: saved but not checked)."""
        problem = self.row_problem(row)
        if problem is not None:
            return "problem", problem
        if not row.value:
            return "unused", Text("Ikke brukt ennå – kan stå tom", "Not used yet – may stay blank")
        unchecked = self.row_chart(row) is None
        saved = self.saved_mapping(row.store_id)
        if saved is not None and get_field(saved, row.path) == row.value:
            if unchecked:
                return "saved", Text("Lagret – ikke kontrollert mot kontoplanen",
                                     "Saved – not checked against the live chart")
            return "saved", Text("Lagret", "Saved")
        tail = Text(" – ikke kontrollert mot kontoplanen", " – not checked against the live chart") if unchecked \
            else Text("", "")
        if row.suggested and row.value == row.suggested:
            return "suggested", Text("Foreslått" + tail.nb, "Suggested" + tail.en)
        if row.store_id != TEMPLATE and self.template_value(row) == row.value:
            return "template", Text("Fra standardmalen" + tail.nb, "From the default template" + tail.en)
        return "changed", Text("Endret, ikke lagret" + tail.nb, "Changed, not saved" + tail.en)

    def template_value(self, row: Row) -> str:
        return get_field(self.template if self.template is not None else self.settings.template, row.path)

    def accounts_complete(self) -> bool:
        return all(self.row_problem(r) is None for s in self.stores if s.id in self.mappings for r in self.rows(s.id))

    def set_credit_sales(self, store_id: str, to_receivables: bool) -> None:
        """Credit sales to receivables on the voucher, or left out (invoiced in the ledger)."""
        self.mappings[store_id].credit_sales = "receivables" if to_receivables else "exclude"

    def set_gift_cards(self, store_id: str, transfer: bool) -> None:
        self.mappings[store_id].gift_cards = transfer

    def copy_mapping(self, from_store: str, to_store: str) -> None:
        """Chains: copy one store's accounts to another, then only the differences need changing."""
        if from_store == to_store:
            raise ValueError("a store cannot copy its own accounts")
        self.mappings[to_store] = self.mappings[from_store].copy()

    def copy_sources(self, store_id: str) -> list[StoreDraft]:
        """The stores whose accounts can be copied to ``store_id``: every other store with accounts (never itself)."""
        return [s for s in self.stores if s.id != store_id and s.id in self.mappings]

    def mark_mappings_saved(self) -> None:
        """The accounts section was saved (the settings dialog): what it shows as "Saved" is now this."""
        import copy

        self.settings = copy.deepcopy(self.settings)
        for st in self.settings.stores:
            if st.id in self.mappings:
                st.mapping = self.mappings[st.id].copy()
        if self.template is not None:
            self.settings.template = self.template.copy()

    def ensure_mappings(self) -> None:
        """Without the live chart (the ledger cannot be reached) every store still has its accounts to show: the
        saved ones, and a store new since starts from the default template."""
        for s in self.stores:
            if s.id not in self.mappings:
                self.mappings[s.id] = self._mapping(TEMPLATE).copy()

    # -- templates (setup/templates.py) ---------------------------------------------------------------------------------
    def company_store_ids(self, store_id: str) -> list[str]:
        s = next(x for x in self.stores if x.id == store_id)
        return [x.id for x in self.stores if x.company_id == s.company_id and x.id in self.mappings]

    def export_mapping(self, store_id: str, whole_company: bool = False) -> tuple[Mapping, dict[str, str]]:
        """What a template exported from this store (or its whole company) holds, and where it came from."""
        from .templates import merged

        if store_id == TEMPLATE:
            return self._mapping(TEMPLATE).copy(), {"system": self.system}
        s = next(x for x in self.stores if x.id == store_id)
        c = self.company(s.company_id)
        if whole_company:
            ids = self.company_store_ids(store_id)
            return merged(self.mappings[i] for i in ids), {"system": self.system, "company": c.name}
        return self.mappings[store_id].copy(), {"system": self.system, "company": c.name, "store": s.name}

    def import_preview(self, store_id: str, template: Mapping) -> list:
        """What importing ``template`` into the store would change (old → new per line), each new account checked
        against the store's live chart (red when it is missing or inactive there)."""
        from .templates import preview

        chart = self.chart if store_id == TEMPLATE else self.chart_for(store_id)
        return preview(self._mapping(store_id), template, chart)

    def apply_import(self, store_ids: list[str], template: Mapping, changes: list) -> None:
        """Apply the lines the user confirmed to each of ``store_ids`` (nothing else changes)."""
        from .templates import apply

        for sid in store_ids:
            new = apply(self._mapping(sid), template, changes)
            if sid == TEMPLATE:
                self.template = new
            else:
                self.mappings[sid] = new

    # -- page 6: schedule ------------------------------------------------------------------------------------------
    def cutoff_for(self, store_id: str) -> str:
        """A store's cut-off: its own (stores may differ: settings ``stores[].cutoff``) unless the one shown was
        changed here, which then applies to every store. Saving only the send time never moves a store's day."""
        if self.cutoff != self.cutoff_loaded or store_id not in self.store_cutoffs:
            return self.cutoff
        return self.store_cutoffs[store_id]

    def schedule_warnings(self) -> list[Text]:
        """A send time during trading hours (after the first sale, before the usual Z report) cannot send that
        day yet: warn with the evidence from the data. Morning times send the previous, closed day. Stores with
        cut-offs of their own: said, with what changing the one shown does."""
        warnings: list[Text] = []
        own = {s.id: self.store_cutoffs[s.id] for s in self.stores if s.id in self.store_cutoffs}
        if len(set(own.values())) > 1:
            names = {s.id: s.name for s in self.stores}
            listed = ", ".join(f"{names[i]} {c}" for i, c in sorted(own.items()))
            if self.cutoff == self.cutoff_loaded:
                warnings.append(Text(
                    f"Butikkene har hvert sitt dagsskift ({listed}); hver beholder sitt. Endrer du klokkeslettet "
                    f"her, gjelder det alle butikkene.",
                    f"The stores have cut-offs of their own ({listed}); each keeps its own. Changing the time here "
                    f"sets it for every store."))
            else:
                warnings.append(Text(
                    f"Dagsskiftet {self.cutoff} gjelder nå alle butikkene (før: {listed}).",
                    f"The cut-off {self.cutoff} now applies to every store (before: {listed})."))
        z_time: dict[int, dt.time] = {}
        opening: dict[int, dt.time] = {}
        for d in self.days():
            wd = d.business_day.weekday()
            for w in d.windows:
                if w.zreport is not None:
                    t = w.zreport.time if w.zreport.date == d.business_day else dt.time(23, 59)
                    z_time[wd] = max(z_time.get(wd, t), t)
                if w.first_sale is not None and w.first_sale.date() == d.business_day:
                    t = w.first_sale.time()
                    opening[wd] = min(opening.get(wd, t), t)
        names_nb = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
        names_en = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
        for i, day in enumerate(WEEKDAYS):
            send = dt.time.fromisoformat(self.times[day])
            if i in z_time and i in opening and opening[i] < send < z_time[i]:
                warnings.append(Text(
                    f"{names_nb[i].capitalize()}: {send:%H:%M} er før butikken stenger (Z-rapport ca. {z_time[i]:%H:%M}). "
                    f"Dagen sendes da først ved neste sendetid. Velg et tidspunkt etter stengetid, f.eks. 06:00 neste morgen.",
                    f"{names_en[i]}: {send:%H:%M} is before the shop closes (Z report about {z_time[i]:%H:%M}). The day is "
                    f"then sent at the next send time. Choose a time after closing, e.g. 06:00 the next morning."))
        return warnings

    def schedule_complete(self) -> bool:
        return all(re.fullmatch(r"\d\d:\d\d", t) for t in self.times.values()) and bool(re.fullmatch(r"\d\d:\d\d", self.cutoff))

    def next_send(self, now: dt.datetime) -> dt.datetime:
        """The next send moment, by the scheduler's own calendar (Europe/Oslo, both DST switches)."""
        return Plan(dict(self.times), dt.time.fromisoformat(self.cutoff)).next_slot(now)

    # -- page 7: test transfer ---------------------------------------------------------------------------------------
    def test_days(self, store_id: str) -> list[DaySummary]:
        """The closed days a test transfer can prove something with: a day with sales (a Z report on a day
        without any is done without a voucher, so it would send nothing)."""
        return [d for d in self.days(store_id) if d.has_z and d.combined.n_trans]

    def preview(self, store_id: str, day: DaySummary) -> Voucher:
        s = next(x for x in self.stores if x.id == store_id)
        c = self.company(s.company_id)
        from ..core.orders import Invoicing, voucher_day
        from ..core.voucher import build_voucher

        day = voucher_day(day, Invoicing.from_dict(self.company_settings(c).invoicing))  # invoiced: off the voucher
        return build_voucher(day, self.mappings[store_id], store_name=s.name, department=s.department,
                             company=c.org_nr or c.id, style=self.company_settings(c).line_style)

    def test_sent_for(self, day: dt.date) -> None:
        """A test transfer got through: the go-live day follows it, and automatic sending is offered (on, unless
        the user already chose)."""
        self.test_sent, self.test_day = True, day
        if self.first_day is None or self.first_day <= day:
            self.first_day = day + dt.timedelta(days=1)
        if not self.auto_send_touched:
            self.auto_send = True

    def set_auto_send(self, on: bool) -> None:
        self.auto_send, self.auto_send_touched = on, True

    # -- going live ----------------------------------------------------------------------------------------------------
    def suggested_first_day(self, today: dt.date, sent: AbstractSet[tuple[str, dt.date]] = frozenset()) -> dt.date:
        """The day after the test transfer's day, else the day after the latest day already in the ledger (the
        journal), else today: earlier days are the accountant's (posted by hand or by the previous system)."""
        if self.test_day is not None:
            return self.test_day + dt.timedelta(days=1)
        if sent:
            return max(d for _s, d in sent) + dt.timedelta(days=1)
        return today

    def go_live(self, today: dt.date, sent: AbstractSet[tuple[str, dt.date]] = frozenset()) -> dt.date:
        """The go-live day: the one chosen, else the suggestion (remembered: it is what the user saw)."""
        if self.first_day is not None:
            return self.first_day
        self._suggested = self.suggested_first_day(today, sent)
        return self._suggested

    def due_at_go_live(self, today: dt.date, sent: set[tuple[str, dt.date]]) -> list[tuple[str, dt.date, object]]:
        """The closed days from the go-live day to yesterday that are not in the ledger yet: (store name, day,
        total). Turning automatic sending on sends them, so the user is asked first."""
        first = self.go_live(today, sent)
        names = {s.id: s.name for s in self.stores}
        return [(names.get(d.store, d.store), d.business_day, d.combined.total_in) for d in self.days()
                if d.has_z and first <= d.business_day < today and (d.store, d.business_day) not in sent]

    def go_live_text(self, today: dt.date, sent: AbstractSet[tuple[str, dt.date]] = frozenset()) -> Text:
        first = self.go_live(today, sent)
        d = f"{first:%d.%m.%Y}"
        return Text(f"Dager før {d} sendes aldri, varsles aldri og regnes aldri som forsinket: de er regnskapsførerens "
                    f"(ført for hånd eller av forrige system).",
                    f"Days before {d} are never sent, never alerted and never counted as late: they are the "
                    f"accountant's (posted by hand or by the previous system).")

    def first_automatic_send(self, now: dt.datetime, today: dt.date) -> dt.datetime:
        """When automatic sending first sends something: the go-live day's send slot, or the next slot (days
        already due go out then)."""
        plan = Plan(dict(self.times), dt.time.fromisoformat(self.cutoff))
        due = plan.due_at(self.go_live(today))
        return due if due > now else plan.next_slot(now)

    def done_complete(self) -> bool:
        """When turning automatic sending on would send days already due, the user must have said what to do."""
        return not self.auto_send or self.catch_up is not None or not self._due_cache

    def note_due(self, due: list) -> None:
        self._due_cache = list(due)
        if not due:
            self.catch_up = None

    def effective_first_day(self) -> dt.date | None:
        """The go-live day saved: "start after them" moves it past the days already due, so they are never sent;
        with automatic sending on, the suggestion the user saw if they did not choose another day."""
        if self.catch_up is False and self._due_cache:
            return max(d for _n, d, _t in self._due_cache) + dt.timedelta(days=1)
        if self.first_day is None and self.auto_send:
            return self._suggested
        return self.first_day

    def _normalized(self) -> dict:
        doc = self.build_settings().to_dict()
        sched = dict(doc.get("schedule") or {})  # the same schedule written out in full or in short is no change
        weekdays = sched.pop("weekdays", None) or {}
        default = sched.pop("time", "06:00")
        sched["times"] = {d: weekdays.get(d, default) for d in WEEKDAYS}
        if self.first_day is None:  # only a suggestion shown: not a change of the user's
            sched.pop("first_day", None)
        doc["schedule"] = sched
        return doc

    def mark_clean(self) -> None:
        """What the setup shows when it opens: closing without having changed anything asks nothing."""
        self._clean = self._normalized()

    def has_changes(self) -> bool:
        """Anything the user would lose by closing without saving: other choices than when the setup opened, or a
        key typed."""
        if not self.settings.companies and not self.source_path:
            return False
        if any(c.key != c.stored_key for c in self.companies) or self.store_keys.changed():
            return True
        return self._clean is None or self._normalized() != self._clean

    # -- finishing ----------------------------------------------------------------------------------------------------
    def build_settings(self) -> Settings:
        s = Settings(language=self.language, source_paths=[self.source_path] if self.source_path else [])
        s.companies = [self.company_settings(c) for c in self.companies]
        s.stores = [Store(x.id, x.name, x.company_id, x.department, x.location, list(x.registers), self.cutoff_for(x.id),
                          mapping=self.mappings.get(x.id, Mapping()).copy(),
                          key_slot=x.key.slot if x.key is not None and self.store_keys.applicable() else None)
                    for x in self.stores]
        tpl = self.template if self.template is not None else self.settings.template
        s.template = tpl.copy() if tpl.payments or tpl.groups else \
            (self.mappings.get(self.stores[0].id, Mapping()).copy() if self.stores else Mapping())
        # keys the wizard does not show (go-live day, catch-up confirmation limit) are kept as they were
        s.schedule = {**(self.settings.schedule or {}), "auto_send": self.auto_send, "time": self.times["mon"],
                      "weekdays": dict(self.times), "notify_success": self.notify_success}
        first = self.effective_first_day()
        if first is not None:
            s.schedule["first_day"] = first.isoformat()
        s.reconciliation_tolerance = self.settings.reconciliation_tolerance
        s.autostart = self.autostart
        s.journal_id = self.settings.journal_id  # the journal this profile sends with stays its journal
        return s

    def secrets(self) -> list[tuple[str, str, Secret]]:
        """(system, company id, key) for the keyring; a store's own key as (system, company id/store id, key)."""
        return [(self.system, c.id, Secret(c.key)) for c in self.companies if c.key] + self.store_keys.secrets()


__all__ = ["SetupModel", "Row", "Line", "TEMPLATE", "SECTION_TITLES", "StoreDraft", "CompanyDraft", "key_problem", "clean_key",
           "WEEKDAYS"]
