"""``ledgerwizard`` command line: scriptable, for support and installers.

Exit codes: 0 ok; 2 a user error (bad file, bad settings, bad arguments: one clear message, no traceback);
3 the data or this installation need attention (reconciliation differences, unmapped accounts, a failed
``doctor`` or ``--selftest`` check); 70 an unexpected internal error (details written to the log folder). A reader
of the output that stops early (``| head``) is a normal end (0). ``--profile`` and ``--lang`` go before or after
the command; the later one counts.

One module per group of commands, each command its arguments and what it does (``common.Command``):

* ``days``    – summary, preview
* ``sending`` – send, run (the tray's child process), status, journal, tray
* ``setup``   – init, key, settings, setup
* ``support`` – doctor, --selftest
* ``demo``    – demo, sandbox
* ``output``  – JSON and text shared by them; ``common`` – exit codes, the profile's workspace

This module assembles the parser, reads the global options and turns errors into exit codes (an unexpected one
into a crash report, ``ledgerwizard.crash``).
"""

from __future__ import annotations

import argparse
import os
import sys

from .. import __version__
from ..core.errors import LedgerWizardError, UsageError
from ..core.i18n import Text, current_language, use_language
from ..crash import report_crash
from . import days, demo, sending, setup, support
from .common import EXIT_ATTENTION, EXIT_INTERNAL, EXIT_OK, EXIT_USER, Command

__all__ = ["main", "build_parser", "global_option", "COMMANDS", "EXIT_OK", "EXIT_USER", "EXIT_ATTENTION",
           "EXIT_INTERNAL"]

# in the order ``ledgerwizard --help`` lists them
COMMANDS: tuple[Command, ...] = (days.SUMMARY, setup.INIT, days.PREVIEW, sending.STATUS, sending.SEND,
                                 sending.JOURNAL, setup.KEY, demo.SANDBOX, demo.DEMO, setup.SETUP, support.DOCTOR,
                                 sending.TRAY, sending.RUN, setup.SETTINGS)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's own errors: same exit code and style as ours
        raise UsageError(Text(f"Ugyldig kommando: {message}", f"Invalid command: {message}"),
                         Text("Se «ledgerwizard --help».", "See 'ledgerwizard --help'."))


_PROFILE_HELP = "profile folder (settings, journal, logs); default: the user's config folder, or $LEDGERWIZARD_PROFILE"
_LANG_HELP = "language of messages (default: nb, or $LEDGERWIZARD_LANG)"


def _global_options(parser: argparse.ArgumentParser, default) -> None:
    parser.add_argument("--profile", default=default, help=_PROFILE_HELP)
    parser.add_argument("--lang", choices=("nb", "en"), default=default, help=_LANG_HELP)


class _CommandParser(_Parser):
    """A command's parser: it takes the global options too (``summary X --lang en``). Their default is SUPPRESS,
    so the command writes them into the namespace only when they were given after it: the later one counts, and
    one given before the command is never reset."""

    def __init__(self, *args, **kwargs):
        after = argparse.ArgumentParser(add_help=False)
        _global_options(after, argparse.SUPPRESS)
        super().__init__(*args, parents=[after], **kwargs)


def build_parser() -> argparse.ArgumentParser:
    """The whole command line. Its errors raise ``UsageError`` (exit 2), never argparse's ``SystemExit``."""
    p = _Parser(prog="ledgerwizard", description="POS sales (SAF-T Cash Register) to one daily voucher per store.",
                epilog="--profile and --lang can also follow the command; given twice, the later one counts.")
    p.add_argument("--version", action="version", version=f"ledgerwizard {__version__}")
    _global_options(p, None)
    sub = p.add_subparsers(dest="cmd", required=True, parser_class=_CommandParser)
    for command in COMMANDS:
        command.arguments(sub.add_parser(command.name, help=command.help))
    return p


def global_option(argv: list[str], name: str) -> str | None:
    """A global option's value as the parser will see it: ``--name V`` or ``--name=V``, before or after the
    command, the later one counting. (The language is needed before parsing: the parser's errors are told in it.)"""
    value = None
    for i, a in enumerate(argv):
        if a == name and i + 1 < len(argv):
            value = argv[i + 1]
        elif a.startswith(name + "="):
            value = a.partition("=")[2]
    return value


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = global_option(argv, "--lang")
    # everything this process creates (settings, the journal SQLite makes, logs, crash and run reports) is the
    # user's alone, whatever umask it was started with (restored on return: tests call main in their own process)
    umask = os.umask(0o077) if os.name == "posix" else None
    try:
        with use_language(lang if lang in ("nb", "en") else None):
            try:
                code = _main(argv)
                if sys.stdout is not None:
                    sys.stdout.flush()  # here, not at exit: a reader that has gone is seen below
                return code
            except BrokenPipeError:
                return _output_closed()
    finally:
        if umask is not None:
            os.umask(umask)


def _output_closed() -> int:
    """The reader of our output has gone (``ledgerwizard summary X | head -1``): a normal end, as for any Unix tool.
    As Python's documentation advises (signal module, "Note on SIGPIPE"), the rest of the output goes to devnull,
    so the interpreter's own flush at exit does not fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    finally:
        os.close(devnull)
    return EXIT_OK


def _stdout_closed() -> bool:
    """Did a BrokenPipeError come from our own output, or from something else (a socket, a child process), which
    is a real error? Buffered output still holds its unwritten text, so flushing fails again; unbuffered
    (``PYTHONUNBUFFERED``) output is asked directly: the write end of a pipe whose reader has gone polls as an
    error (poll(2)). Where poll cannot tell (Windows), a broken pipe is taken to be the output's."""
    if sys.stdout is None:
        return False
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        return True
    except (OSError, ValueError):
        return False
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return False  # not a file descriptor: not a pipe either
    import select

    if not hasattr(select, "poll"):
        return True  # Windows
    poller = select.poll()
    poller.register(fd, select.POLLOUT)
    return any(ev & (select.POLLERR | select.POLLHUP) for _fd, ev in poller.poll(0))


def _main(argv: list[str]) -> int:
    if "--tray" in argv:  # the autostart entry of the frozen app
        argv = [a for a in argv if a != "--tray"] + ["tray"]
    if "--selftest" in argv:
        return support.selftest()
    try:
        args = build_parser().parse_args(argv)
        return {c.name: c for c in COMMANDS}[args.cmd].run(args)
    except LedgerWizardError as e:
        print(e.render(current_language()), file=sys.stderr)
        return EXIT_USER
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError as e:
        if _stdout_closed():
            raise
        return report_crash(e, global_option(argv, "--profile"))
    except Exception as e:  # noqa: BLE001
        return report_crash(e, global_option(argv, "--profile"))

