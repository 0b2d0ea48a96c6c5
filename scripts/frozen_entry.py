"""Entry point of the PyInstaller bundle (build_installer.spec): the same CLI as the console script."""

import sys

from ledgerwizard.cli import main

if __name__ == "__main__":
    sys.exit(main())
