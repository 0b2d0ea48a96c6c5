"""Setting a profile up: the headless ``init`` for installers, applying what the wizard or the settings dialog
decided (settings, keys in the OS keyring, the login entry), and forgetting keys (uninstall)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..adapters.settings import Company, Settings, Store
from ..core.errors import SettingsError, UsageError
from ..core.i18n import Text
from ..core.stores import default_name, locations

if TYPE_CHECKING:
    from ..adapters.secrets import Secret
    from ..core.mapping import Account
    from .workspace import Workspace


def init_profile(ws: Workspace, source: str | Path, system: str = "poweroffice", environment: str = "demo",
                 chart: list[Account] | None = None, force: bool = False) -> Settings:
    """Headless onboarding for installers: one store per SAF-T location, mappings from the suggestions."""
    from ..core.mapping import Mapping, suggest
    from ..core.saft.reader import ReadOptions
    from ..core.saft.source import ExportSource

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
    days = res.summaries()
    for n, ((company, location), registers) in enumerate(locations(res.windows).items(), start=1):
        if company not in companies:
            m = res.master(company)
            companies[company] = Company(id=f"c{len(companies) + 1}", system=system, environment=environment,
                                         name=m.company_name, org_nr=company, line_style="gross")
        mine = [d for d in days if d.company_ident == company and d.store == (location or registers[0])]
        vat_keys, group_keys, pay_types = set(), set(), set()
        for d in mine:
            a = d.combined
            vat_keys |= set(a.vat)
            group_keys |= set(a.groups)
            pay_types |= set(a.payments) | set(a.cash_difference)
        mapping = suggest(res.master(company), vat_keys, group_keys, pay_types, chart)
        template.fill_from(mapping)
        settings.stores.append(Store(id=f"s{n}", name=default_name(location, registers),
                                     company=companies[company].id, department="", location=location,
                                     registers=[] if location else registers, mapping=mapping))
    settings.companies = list(companies.values())
    settings.template = template
    ws.save(settings)
    return settings


def apply_setup(ws: Workspace, settings: Settings, keys: list[tuple[str, str, Secret]],
                autostart: bool | None) -> str | None:
    """Save what the wizard or the settings dialog decided: the keys in the OS keyring first (a settings file that
    names a company without its key would fail every run), then the settings, then the login entry. Returns why
    starting at login could not be switched as chosen (None when it could, or was not asked)."""
    for system, company_id, key in keys:
        ws.secrets.set(system, company_id, key.reveal())
    ws.save(settings)
    if autostart is None:
        return None
    from ..adapters.osintegration import set_autostart

    try:
        set_autostart(autostart)
    except OSError as e:
        return e.strerror or type(e).__name__
    return None


def forget_keys(ws: Workspace, company_id: str | None = None) -> int:
    """Delete this profile's keys from the OS keyring: one company's client key, or (None) every company's and
    the integration keys a reseller stored (what the uninstaller runs when asked to remove the settings). The
    companies come from the settings, and from their backup too. Returns how many keys were deleted."""
    from ..connectors.integration import KEYRING_ENVIRONMENTS, KEYRING_NAMES
    from ..adapters.secrets import store_key_owner

    if company_id is not None:
        c = ws.settings.company(company_id)
        entries = [(c.system, c.id, "client_key")] + [(c.system, store_key_owner(c.id, st.id), "client_key")
                                                      for st in ws.settings.stores if st.company == c.id]
    else:
        entries = []
        for read in (lambda: ws.settings, ws.settings_store.read_backup):
            try:
                doc = read()
                entries += [(c.system, c.id, "client_key") for c in doc.companies]
                entries += [(doc.company(st.company).system, store_key_owner(st.company, st.id), "client_key")
                            for st in doc.stores]
            except SettingsError:
                pass  # unreadable or absent: the other copy may still name the companies
        entries += [("integration", env, name) for env in KEYRING_ENVIRONMENTS for name in KEYRING_NAMES]
    deleted = 0
    for system, account, what in dict.fromkeys(entries):
        if ws.secrets.get(system, account, what) is not None:
            ws.secrets.delete(system, account, what)
            deleted += 1
    return deleted




def set_auto_send(ws: Workspace, on: bool, today) -> None:
    """Automatic sending on or off (the tray's switch, the settings' sending section). Switched on without a go-live
    day, it starts today: no earlier day is sent, alerted or counted as late without the user asking for it."""
    settings = ws.reload_settings()
    schedule = dict(settings.schedule or {})
    schedule["auto_send"] = bool(on)
    if on and not schedule.get("first_day"):
        schedule["first_day"] = today.isoformat()
    settings.schedule = schedule
    ws.save(settings)


def save_section(ws: Workspace, model, section: str) -> None:
    """The settings dialog's Save: only ``section``'s part of the draft goes into the settings file as it is now
    (another section's unsaved edits stay unsaved); the ledger section's changed keys (tested) go to the keyring
    first."""
    from ..setup import sections

    current = ws.reload_settings()
    merged = sections.merge(section, current, model.build_settings())
    if section == "ledger":
        from ..adapters.secrets import store_key_owner

        stored = {c.id: c for c in model.companies}
        # a store's own key by its owner (company/store/id), never by its value (two stores may hold the same key)
        own = {store_key_owner(x.company_id, x.id): x for x in model.stores if x.key is not None}
        for system, company_id, key in model.secrets():
            c = stored.get(company_id)
            if c is None:
                st = own.get(company_id)
                if st is not None and st.key is not None and st.key.key != st.key.stored_key:
                    ws.secrets.set(system, company_id, key.reveal())
                    st.key.stored_key = st.key.key
            elif c.key != c.stored_key:
                ws.secrets.set(system, company_id, key.reveal())
                c.stored_key = c.key
    ws.save(merged)


__all__ = ["init_profile", "apply_setup", "forget_keys", "set_auto_send", "save_section"]


def set_store_key(ws: Workspace, store_id: str, slot: int | None, key: str) -> int:
    """A store's own client key, headless (``ledgerwizard key --store``): the same rules as the setup's keys step
    (the system must offer add-on keys, the slot free and known to this build, the key well-formed); the slot into
    the settings, the key into the OS keyring. Returns the slot. Raises UsageError with what to do."""
    from ..adapters.secrets import store_key_owner
    from ..connectors import registry as systems
    from ..setup.model import SetupModel
    from ..setup.storekeys import slot_name

    settings = ws.settings
    store = next((s for s in settings.stores if s.id == store_id), None)
    if store is None:
        raise UsageError(Text(f"Butikken «{store_id}» finnes ikke i innstillingene.",
                              f"There is no store '{store_id}' in the settings."),
                         Text("Se butikkene med «ledgerwizard status».", "See the stores with 'ledgerwizard status'."))
    company = settings.company(store.company)
    model = SetupModel.from_settings(settings)
    keys = model.store_keys
    if not keys.applicable():
        raise UsageError(Text(f"{systems.name(company.system)} har ingen egne nøkler per butikk; butikken bruker "
                              f"selskapets nøkkel.",
                              f"{systems.name(company.system)} has no keys of a store's own; the store uses the "
                              f"company's key."))
    chosen = slot if slot is not None else store.key_slot
    if chosen is None or not 1 <= chosen < keys.slots():
        raise UsageError(Text(f"Velg tilleggsnøkkelen butikken har fått nøkkel for: --slot 1–{keys.slots() - 1}.",
                              f"Choose the add-on key the store's key was made with: --slot 1–{keys.slots() - 1}."))
    keys.set_own(store_id, True)
    keys.set_slot(store_id, chosen)
    problem = keys.set_key(store_id, key) or keys.slot_problem(store_id)
    if problem is not None:
        raise UsageError(problem, Text(f"Nøkkelen er ikke lagret ({slot_name(chosen).nb.lower()}).",
                                       f"The key is not stored ({slot_name(chosen).en.lower()})."))
    own = next(s for s in model.stores if s.id == store_id).key
    assert own is not None  # (set_own gave it one)
    ws.secrets.set(company.system, store_key_owner(company.id, store.id), own.key)
    store.key_slot = chosen
    ws.save(settings)
    return chosen


def forget_store_key(ws: Workspace, store_id: str) -> bool:
    """The store uses its company's key again: its own key out of the keyring and its slot out of the settings."""
    from ..adapters.secrets import store_key_owner

    settings = ws.settings
    store = next((s for s in settings.stores if s.id == store_id), None)
    if store is None:
        return False
    company = settings.company(store.company)
    had = ws.secrets.get(company.system, store_key_owner(company.id, store.id)) is not None
    if had:
        ws.secrets.delete(company.system, store_key_owner(company.id, store.id))
    if store.key_slot is not None:
        store.key_slot = None
        ws.save(settings)
    return had
