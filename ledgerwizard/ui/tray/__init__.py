"""The tray: the program's life in the notification area (the daily scheduler, Send now, what needs attention).

* ``app``             – ``TrayApp``, wiring the parts below, and ``run_tray`` (the ``tray`` entry)
* ``runner``          – each run in a ``ledgerwizard run`` child process: QProcess, report file, time limit, queue
* ``watches``         – the clock watch (resume from sleep, clock change) and the wait for the network
* ``menu``            – the icon states and the menu
* ``single_instance`` – QLockFile + QLocalServer: a second launch forwards its request to the first

What to tell the user after a run is decided in the core (``core/notify.py``, no Qt).
"""

from .app import TrayApp, run_tray
from .menu import state_icon
from .single_instance import SingleInstance

__all__ = ["TrayApp", "run_tray", "state_icon", "SingleInstance"]
