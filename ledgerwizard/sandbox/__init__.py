"""The built-in sandbox: local emulators of the accounting systems, seeded with a realistic Norwegian chart of
accounts, VAT codes and departments, and the SAF-T generator for sample data."""

from __future__ import annotations


def start_sandbox(system: str, port: int = 0, **kw):
    """Start an emulator with one seeded company; returns (emulator, [(company name, client key)]). ``kw`` go
    to the emulator (``clock``, …)."""
    if system == "poweroffice":
        from .poweroffice import PowerOfficeEmulator

        emu = PowerOfficeEmulator(**kw).start(port)
        c = emu.add_client(name="Demo Kaffebar AS", org_no="999888777")
        return emu, [(c.name, c.client_key)]
    if system == "tripletex":
        from .tripletex import TripletexEmulator

        emu = TripletexEmulator(**kw).start(port)
        c = emu.add_company(name="Demo Kaffebar AS", org_no="999888777")
        return emu, [(c.name, c.employee_token)]
    if system == "xledger":
        from .xledger import XledgerEmulator

        emu = XledgerEmulator(**kw).start(port)
        e = emu.add_entity(name="Demo Kaffebar AS")
        return emu, [(e.name, e.token)]
    if system == "duett":
        from .duett import DuettEmulator

        emu = DuettEmulator(**kw).start(port)
        c = emu.add_client(name="Demo Kaffebar AS")
        return emu, [(c.name, c.client_key)]
    raise ValueError(f"no sandbox for {system}")
