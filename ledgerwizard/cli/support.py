"""For support: ``doctor`` (keyring, settings, export folder, connections and clock; never a secret) and
``--selftest`` (the frozen app's own parts)."""

from __future__ import annotations

from .common import EXIT_ATTENTION, EXIT_OK, Command, workspace
from .output import print_json


def selftest() -> int:
    """For the frozen app: keyring backend, Qt platform plugin, translations, TLS certificates, resources."""
    from ..services.diagnostics import selftest as checks
    from ..ui.selftest import checks as gui_checks

    results = checks(gui_checks())
    for c in results:
        print(f"{'✓' if c.ok else '✗'} {c.name:<13} " + c.detail.replace("\n", "\n" + " " * 16))
    # a check that fails: this installation needs attention (as a failed `doctor` check); README's exit codes
    return EXIT_OK if all(c.ok for c in results) else EXIT_ATTENTION


def _doctor_arguments(dc) -> None:
    dc.add_argument("--offline", action="store_true", help="do not contact the accounting systems")
    dc.add_argument("--json", action="store_true")


def cmd_doctor(args) -> int:
    """A support report: every check with OK/problem and what to do. Never prints a secret."""
    from ..services.diagnostics import doctor

    checks = doctor(workspace(args), offline=args.offline)
    if args.json:
        print_json({"checks": [c.to_dict() for c in checks]})
    else:
        width = max((len(c.name) for c in checks), default=0)  # (the names' column as wide as the longest)
        for c in checks:
            print(f"{'✓' if c.ok else '✗'} {c.name:<{width}} {c.detail}")
    return EXIT_OK if all(c.ok for c in checks) else EXIT_ATTENTION


DOCTOR = Command("doctor", "check keyring, settings, export folder, connections and clock (no secrets)",
                 _doctor_arguments, cmd_doctor)
