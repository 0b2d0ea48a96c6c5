"""Trying the program without an account: ``demo`` (the wizard, or a guided run in the terminal, on sample data
against a sandbox ledger) and ``sandbox`` (a local emulator of an accounting system)."""

from __future__ import annotations

import argparse
import datetime as dt
import os
from pathlib import Path

from ..adapters.osintegration import has_display
from ..core.i18n import Text, current_language
from .common import EXIT_OK, Command, workspace
from .output import voucher_text


def make_demo_export(base: Path, days: int, credit_sales: bool = False) -> tuple[Path, dt.date, dt.date]:
    """Sample exports for two stores (three registers), as if the POS wrote them ten minutes ago; ``credit_sales``:
    the registers also sell on account to three customers (invoicing, issue 15)."""
    from ..connectors.registry import sandbox

    sandbox()  # the sample data's generator is part of the sandbox: a build without it says so (exit 2)
    from ledgerwizard_sandbox.saftgen import DEMO_CUSTOMERS, demo_locations, write_saft

    customers = DEMO_CUSTOMERS if credit_sales else ()

    export = base / "eksport"
    export.mkdir(parents=True, exist_ok=True)
    end = dt.date.today() - dt.timedelta(days=1)
    start = end - dt.timedelta(days=max(1, days) - 1)
    sample = export / f"SAF-T Cash Register_999888777_{end:%Y%m%d}230000_1_1.xml"
    with open(sample, "w", encoding="utf-8") as f:
        write_saft(f, demo_locations(start, max(1, days), credit_customers=customers),
                   created=dt.datetime.combine(end, dt.time(23)), start=start, end=end, customers=customers)
    finished = dt.datetime.now().timestamp() - 600
    os.utime(sample, (finished, finished))
    return export, start, end


def _demo_arguments(d) -> None:
    d.add_argument("--days", type=int, default=7, help="days of sample sales (default 7)")
    d.add_argument("--text", action="store_true", help="a guided run in the terminal instead of the wizard")
    d.add_argument("--credit-sales", action="store_true",
                   help="the sample stores also sell on account to three customers (try invoicing them as orders)")


def cmd_demo(args) -> int:
    """The wizard on sample data against the built-in PowerOffice GO sandbox, in a throw-away profile."""
    import tempfile

    from ..adapters.settings import Profile
    from ..connectors.registry import sandbox

    sandbox()  # before anything is made: a build without the sandbox says so (exit 2)
    base = Path(args.profile) if args.profile else Path(tempfile.mkdtemp(prefix="ledgerwizard-demo-"))
    if args.text or not has_display():
        if not args.text:
            print(Text("Ingen skjerm funnet: viser demoen i terminalen.", "No display found: showing the demo in the "
                       "terminal.").get(current_language()))
        return _text_demo(args, base)
    from ..adapters.secrets import MemorySecretStore
    from ..services.workspace import Workspace
    from ..ui.wizard import run_wizard
    from ..setup.model import SetupModel

    export, _start, _end = make_demo_export(base, args.days, getattr(args, "credit_sales", False))
    model = SetupModel(language=current_language(), source_path=str(export), environment="sandbox")
    ws = Workspace(Profile.resolve(base / "profil"))
    ws.secrets = MemorySecretStore()  # the demo's sandbox key never reaches the OS keyring
    from ..ui.windows import start_tray

    return run_wizard(ws, model, then=start_tray)


def _text_demo(args, base: Path) -> int:
    """Sample exports for two stores, set up with suggested accounts, and each store's latest voucher."""
    import shutil

    from ..adapters.settings import Profile
    from ..paths import example_file
    from ..services.sending import Sending
    from ..services.setup import init_profile
    from ..services.workspace import Workspace
    from .days import cmd_summary

    lang = current_language()
    export, start, end = make_demo_export(base, args.days)
    title = Text("ledgerwizard demo – eksempeldata, ingen konto trengs", "ledgerwizard demo – sample data, no account needed")
    print(title.get(lang) + "\n" + "=" * len(title.get(lang)))
    print(Text(f"1) Skatteetatens eksempelfil ({example_file().name}):",
               f"1) Skatteetaten's example file ({example_file().name}):").get(lang))
    ex = base / "skatteetaten"
    ex.mkdir(exist_ok=True)
    shutil.copy(example_file(), ex / example_file().name)
    cmd_summary(argparse.Namespace(source=str(ex), json=False, cutoff="05:00"))
    print()
    print(Text(f"2) Eksportmappe med {args.days} dager fra to butikker: {export}",
               f"2) Export folder with {args.days} days from two stores: {export}").get(lang))
    ws = Workspace(Profile.resolve(base / "profil"))
    settings = init_profile(ws, export, system="poweroffice", environment="demo", force=True)
    sending = Sending(ws)
    for st in settings.stores:
        print(f"   {st.id}: {st.name}")
    print()
    print(Text(f"3) Bilaget for siste avsluttede dag ({end:%d.%m.%Y}) per butikk, slik det blir sendt:",
               f"3) The voucher for the latest closed day ({end:%d.%m.%Y}) per store, as it will be sent:").get(lang))
    for st in settings.stores:
        sd = sending.days.day(st.id, end)
        print(voucher_text(sending.voucher(sd), sd.summary, lang))
        print()
    from ..connectors.registry import name, sandbox

    print(Text(f"4) Sender dagen til sandkassen for {name('poweroffice')} (en lokal emulator), nøyaktig én gang:",
               f"4) Sending the day to the {name('poweroffice')} sandbox (a local emulator), exactly once:").get(lang))
    from ..adapters.secrets import MemorySecretStore

    emu, clients = sandbox().start_sandbox("poweroffice")
    try:
        for comp in settings.companies:
            comp.environment, comp.options = "sandbox", {"base_url": emu.url}
        ws.save(settings)
        ws.secrets = MemorySecretStore()  # the demo keeps the sandbox key in memory, not in the OS keyring
        for comp in settings.companies:
            ws.secrets.set(comp.system, comp.id, clients[0][1])
        for _ in range(2):  # the second run shows that nothing is sent twice
            for o in sending.send(days=[end], source="demo"):
                print(f"   {o.store} {o.business_day}: {o.message.get(lang)}")
        (client,) = emu.clients.values()
        print(Text(f"   Sandkassen har {len(client.vouchers)} bilag og {len(client.documents)} vedlagte dagsoppgjør (PDF).",
                   f"   The sandbox holds {len(client.vouchers)} vouchers and {len(client.documents)} attached day "
                   f"reports (PDF).").get(lang))
    finally:
        emu.stop()
    print()
    print(Text(f"Profilen (innstillinger og overføringslogg) ligger i {base / 'profil'}. Prøv: ledgerwizard --profile "
               f"{base / 'profil'} preview --day {start}",
               f"The profile (settings and transfer journal) is in {base / 'profil'}. Try: ledgerwizard --profile "
               f"{base / 'profil'} preview --day {start}").get(lang))
    return EXIT_OK


def _sandbox_arguments(sb) -> None:
    from ..connectors import registry

    sb.add_argument("system", choices=registry.ids())
    sb.add_argument("--port", type=int, default=0)
    sb.add_argument("--configure", action="store_true",
                    help="point this profile's companies of that system at the sandbox and store its keys")


def cmd_sandbox(args) -> int:
    import time

    from ..connectors.registry import sandbox

    lang = current_language()
    emu, clients = sandbox().start_sandbox(args.system, port=args.port)  # a build without it says so (exit 2)
    from ..connectors.registry import name as system_name

    print(Text(f"{system_name(args.system)}-sandkasse kjører på {emu.url} (Ctrl+C stopper).",
               f"{system_name(args.system)} sandbox running at {emu.url} (Ctrl+C stops).").get(lang))
    for name, key in clients:
        print(f"  {name}: {key}")
    if args.configure:
        ws = workspace(args)
        s = ws.settings

        for comp in s.companies:
            if comp.system == args.system:
                comp.environment = "sandbox"
                comp.options = {**comp.options, "base_url": emu.url}
                ws.secrets.set(comp.system, comp.id, clients[0][1])
        ws.save(s)
        print(Text("Profilen peker nå på sandkassen.", "The profile now points at the sandbox.").get(lang))
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        emu.stop()
    return EXIT_OK


SANDBOX = Command("sandbox", "run a local emulator of an accounting system", _sandbox_arguments, cmd_sandbox)
DEMO = Command("demo", "the setup wizard on sample data against the sandbox ledger (no account needed)",
               _demo_arguments, cmd_demo)
