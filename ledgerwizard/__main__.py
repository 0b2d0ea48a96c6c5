import sys

if sys.argv[1:] in (["tray"], ["--tray"]):  # the login's autostart: the tray without the CLI's modules
    from .ui.tray import autostart

    sys.exit(autostart())

from .cli import main  # noqa: E402

sys.exit(main())
