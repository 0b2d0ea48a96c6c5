"""What every command module shares: the exit codes, a command's description for the parser, the profile's
workspace."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from typing import Callable

from ..crash import EXIT_INTERNAL

# README's exit codes: 0 ok; 2 a user error; 3 the data or this installation need attention; 70 an internal error
EXIT_OK, EXIT_USER, EXIT_ATTENTION = 0, 2, 3

__all__ = ["EXIT_OK", "EXIT_USER", "EXIT_ATTENTION", "EXIT_INTERNAL", "Command", "workspace"]


@dataclass(frozen=True)
class Command:
    """One command: its name and help line in ``ledgerwizard --help``, its own arguments, and what it does
    (``run(args) -> exit code``)."""

    name: str
    help: str
    arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


def no_arguments(_parser: argparse.ArgumentParser) -> None:
    """A command that takes only the global options."""


def workspace(args):
    """The profile's workspace (``--profile``, else ``$LEDGERWIZARD_PROFILE``, else the user's folders)."""
    from ..adapters.settings import Profile
    from ..services.workspace import Workspace

    return Workspace(Profile.resolve(args.profile))
