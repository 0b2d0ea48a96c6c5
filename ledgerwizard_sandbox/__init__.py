"""The sandbox: local emulators of the accounting systems (strict, with fault injection, over loopback HTTP or
in process through ``Emulator.transport()``), seeded with a realistic Norwegian chart of accounts, VAT codes and
departments, and the SAF-T generator for sample data.

For development, tests and the demo only: a package of its own next to ``ledgerwizard``, installed by
``pip install -e .`` from a source checkout and left out of the customer's build (``build_installer.spec``), so
no emulator and no fault-injection endpoint ever runs on a shop's PC. Which emulator goes with which system is in
the registry (``ledgerwizard.connectors.registry``).
"""

from __future__ import annotations

DEMO_COMPANY = ("Demo Kaffebar AS", "999888777")


def start_sandbox(system: str, port: int = 0, *, listen: bool = True, **kw):
    """An emulator of ``system`` with one seeded company; returns (emulator, [(company name, client key)]).
    ``listen``: serve on loopback (``emu.url``); without it the emulator is reached only in process, through
    ``emu.transport()``. ``kw`` go to the emulator (``clock``, …)."""
    from ledgerwizard.connectors import registry

    emu = registry.get(system).emulator_class()(**kw)
    if listen:
        emu.start(port)
    return emu, [emu.add_demo_company(*DEMO_COMPANY)]
