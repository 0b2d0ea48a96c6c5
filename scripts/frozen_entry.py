"""Entry point of the PyInstaller bundle (build_installer.spec): the same as the console script
(``ledgerwizard.launch``)."""

import sys

from ledgerwizard.launch import main

if __name__ == "__main__":
    sys.exit(main())
