"""Entry point of the PyInstaller bundle (build_installer.spec): the same CLI as the console script; the login's
``--tray`` goes straight to the tray without loading the CLI."""

import sys

if __name__ == "__main__":
    if sys.argv[1:] in (["tray"], ["--tray"]):
        from ledgerwizard.ui.tray import autostart

        sys.exit(autostart())
    from ledgerwizard.cli import main

    sys.exit(main())
