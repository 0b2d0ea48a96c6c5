"""Setting a profile up: ``init`` (headless, from an export folder with suggested mappings), ``key`` (a client
key into the OS keyring, or out of it), ``settings`` (where they are; restore the backup) and ``setup`` (the
wizard)."""

from __future__ import annotations

import sys

from ..adapters.osintegration import has_display
from ..core.errors import UsageError
from ..core.i18n import Text, current_language
from .common import EXIT_OK, Command, no_arguments, workspace


def _init_arguments(i) -> None:
    i.add_argument("source")
    from ..connectors import registry

    i.add_argument("--system", default="poweroffice", choices=registry.ids())
    i.add_argument("--environment", default="demo", choices=("production", "demo"))
    i.add_argument("--force", action="store_true", help="replace an existing setup")


def cmd_init(args) -> int:
    from ..services.setup import init_profile

    ws = workspace(args)
    s = init_profile(ws, args.source, system=args.system, environment=args.environment, force=args.force)
    lang = current_language()
    print(Text(f"Profil satt opp i {ws.profile.config_dir}", f"Profile set up in {ws.profile.config_dir}").get(lang))
    for st in s.stores:
        print(f"  {st.id}: {st.name} ({'ingen avdeling: velg den i oppsettet' if lang == 'nb' else 'no department: choose it in the wizard'})")
    print(Text("Kontoene er forslag fra NS 4102. Kontroller dem i oppsettet før første overføring.",
               "Accounts are NS 4102 suggestions. Check them in the wizard before the first transfer.").get(lang))
    return EXIT_OK


def _key_arguments(k) -> None:
    kw = k.add_mutually_exclusive_group(required=True)
    kw.add_argument("--company", help="company id from the settings (e.g. c1)")
    kw.add_argument("--all", action="store_true", help="every key of this profile (with --forget)")
    kw.add_argument("--store", help="a store with a client key of its own (PowerOffice: made with an add-on "
                                    "application key)")
    k.add_argument("--slot", type=int, help="with --store: the add-on application key the store's key was made "
                                            "with (1-9)")
    k.add_argument("--forget", action="store_true", help="delete the key(s) from the OS keyring instead")


def cmd_key(args) -> int:
    import getpass

    ws = workspace(args)
    lang = current_language()
    if args.store:
        return _store_key(ws, args, lang)
    if args.forget:
        from ..services.setup import forget_keys

        n = forget_keys(ws, None if args.all else args.company)
        print(Text(f"{n} nøkler er slettet fra nøkkelringen.", f"{n} keys deleted from the keyring.").get(lang))
        return EXIT_OK
    if args.all:
        raise UsageError(Text("--all gjelder bare sammen med --forget.", "--all only goes with --forget."))
    company = ws.settings.company(args.company)
    from ..connectors.registry import name

    prompt = Text(f"Lim inn nøkkelen for {company.name or company.id} ({name(company.system)}): ",
                  f"Paste the client key for {company.name or company.id} ({name(company.system)}): ").get(lang)
    value = getpass.getpass(prompt) if sys.stdin.isatty() else sys.stdin.readline()
    value = value.strip()
    if not value:
        raise UsageError(Text("Ingen nøkkel ble limt inn.", "No key was pasted."))
    ws.secrets.set(company.system, company.id, value)
    print(Text("Nøkkelen er lagret i nøkkelringen.", "The key is stored in the keyring.").get(lang))
    return EXIT_OK


def _read_key(prompt: str) -> str:
    import getpass

    value = (getpass.getpass(prompt) if sys.stdin.isatty() else sys.stdin.readline()).strip()
    if not value:
        raise UsageError(Text("Ingen nøkkel ble limt inn.", "No key was pasted."))
    return value


def _store_key(ws, args, lang: str) -> int:
    """``key --store S [--slot N] [--forget]``: a store's own key, by the keys step's rules."""
    from ..services.setup import forget_store_key, set_store_key

    if args.forget:
        had = forget_store_key(ws, args.store)
        print(Text(f"Butikken {args.store} bruker selskapets nøkkel igjen" + (" (dens egen nøkkel er slettet)." if had
                   else "."), f"Store {args.store} uses the company's key again" + (" (its own key is deleted)."
                                                                                    if had else ".")).get(lang))
        return EXIT_OK
    if not any(st.id == args.store for st in ws.settings.stores):  # (said before the key is asked for)
        raise UsageError(Text(f"Butikken «{args.store}» finnes ikke i innstillingene.",
                              f"There is no store '{args.store}' in the settings."))
    value = _read_key(Text(f"Lim inn butikkens klientnøkkel ({args.store}): ",
                           f"Paste the store's client key ({args.store}): ").get(lang))
    slot = set_store_key(ws, args.store, args.slot, value)
    print(Text(f"Butikkens nøkkel er lagret i nøkkelringen (tilleggsnøkkel {slot}). Kontroller den med "
               f"«ledgerwizard doctor».",
               f"The store's key is stored in the keyring (add-on key {slot}). Check it with 'ledgerwizard doctor'.")
          .get(lang))
    return EXIT_OK


def _settings_arguments(se) -> None:
    se.add_argument("--restore-backup", action="store_true",
                    help="put the backup (the settings before the last save) in place of a damaged settings file")
    se.add_argument("--force", action="store_true", help="with --restore-backup: also over a valid settings file")


def cmd_settings(args) -> int:
    ws = workspace(args)
    lang = current_language()
    if args.restore_backup:  # never a question here: a script or an installer may run it
        ws.settings_store.restore_backup(force=args.force)
        print(Text("Sikkerhetskopien er tatt i bruk.", "The backup has been restored.").get(lang))
        return EXIT_OK
    print(ws.profile.settings_path)
    ws.settings  # noqa: B018 (validates: a corrupt file raises with the backup offered)
    return EXIT_OK


def cmd_setup(args) -> int:
    if not has_display():
        raise UsageError(Text("Oppsettet trenger en skjerm.", "The wizard needs a display."),
                         Text("Bruk «ledgerwizard init» på en maskin uten skjerm.", "Use 'ledgerwizard init' on a machine without a display."))
    from ..ui.windows import open_window

    return open_window("setup", args.profile)


INIT = Command("init", "set up a profile from an export folder with suggested mappings (headless)", _init_arguments,
               cmd_init)
KEY = Command("key", "store a ledger company's client key in the OS keyring (read from the terminal), "
                     "or delete keys from it", _key_arguments, cmd_key)
SETTINGS = Command("settings", "where the settings are; restore the backup", _settings_arguments, cmd_settings)
SETUP = Command("setup", "open the setup wizard (with the current settings)", no_arguments, cmd_setup)
