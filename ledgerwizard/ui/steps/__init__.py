"""The setup's steps as widgets (``base.Step``), one module each; the wizard shows them as pages and the settings
dialog as sections. ``STEP_CLASSES`` maps the flow's step ids (``setup.flow``) to their widgets; the modules are
imported when a step is first built (after the wizard's first paint)."""

from __future__ import annotations

import importlib

_MODULES = {"welcome": ("welcome", "WelcomeStep"), "source": ("source", "SourceStep"), "system": ("system", "SystemStep"),
            "keys": ("keys", "KeysStep"), "accounts": ("accounts", "AccountsStep"), "schedule": ("schedule", "ScheduleStep"),
            "test": ("test", "TestStep"), "done": ("done", "DoneStep"),
            "golive": ("golive", "GoLiveStep"),
            "customers": ("customers", "CustomersStep")}


def step_class(step_id: str):
    module, name = _MODULES[step_id]
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)


__all__ = ["step_class"]
