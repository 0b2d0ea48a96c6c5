"""The tray's icon states and its menu: Status (the window; also a click on the icon), Send now, Needs attention
(when days are held), a line per store with its latest day, Automatic sending (the real setting, on or off), Pause,
Settings, the log folder, About and Quit. The menu only shows; the tray (``app.py``) connects its actions and gives
it the journal's rows."""

from __future__ import annotations

from typing import Callable

from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QMenu

from ...core.display import moment
from ...paths import resources_dir

# all sent / a run going / a day needs a person / not set up / automatic sending off / paused / waiting (for a Z
# report, the network or the ledger's confirmation): each its own dot, and never green while nothing is sent by itself
STATE_COLORS = {"ok": "#2e9e5b", "sending": "#1f78c8", "attention": "#c62828", "idle": "#7a7a7a", "off": "#3d3d3d",
                "paused": "#e0a800", "waiting": "#7fb8ea"}
ICON_SIZES = (16, 20, 24, 32, 40, 48, 64)


def state_icon(state: str) -> QIcon:
    """The app icon with a coloured status dot, pre-rendered by scripts/make_icons.py (resources/icons/tray-*)."""
    if state not in STATE_COLORS:
        raise ValueError(state)
    icon = QIcon()
    folder = resources_dir() / "icons"
    for size in ICON_SIZES:
        icon.addFile(str(folder / f"tray-{state}-{size}.png"))
    return icon


class StateIcons:
    """Each state's icon, made once."""

    def __init__(self):
        self._icons: dict[str, QIcon] = {}

    def __call__(self, state: str) -> QIcon:
        if state not in self._icons:
            self._icons[state] = state_icon(state)
        return self._icons[state]


class TrayMenu(QMenu):
    def __init__(self, icons: StateIcons, parent=None):
        super().__init__(parent)
        self.icons = icons
        self.status_action = QAction(self.tr("Status…"), self)
        bold = self.status_action.font()
        bold.setBold(True)
        self.status_action.setFont(bold)  # the default action: what a click on the icon opens too
        self.addAction(self.status_action)
        self.send_now_action = QAction(self.tr("Send now"), self)
        self.addAction(self.send_now_action)
        self.attention_action = QAction(icons("attention"), "", self)
        self.attention_action.setVisible(False)
        self.addAction(self.attention_action)
        self.orders_action = QAction(icons("attention"), "", self)  # credit sales that did not become orders
        self.orders_action.setVisible(False)
        self.addAction(self.orders_action)
        self.addSeparator()
        self.status_header = self.addAction(self.tr("Last transfers"))
        self.status_header.setEnabled(False)
        self.status_actions: list[QAction] = []
        self.status_end = self.addSeparator()  # the stores' lines go between the header and this
        self.auto_action = QAction(self.tr("Automatic sending"), self)
        self.auto_action.setCheckable(True)
        self.addAction(self.auto_action)
        self.pause_action = QAction(self.tr("Pause automatic sending"), self)
        self.pause_action.setCheckable(True)
        self.addAction(self.pause_action)
        self.settings_action = QAction(self.tr("Settings…"), self)
        self.addAction(self.settings_action)
        self.logs_action = QAction(self.tr("Open log folder"), self)
        self.addAction(self.logs_action)
        self.about_action = QAction(self.tr("About ledgerwizard"), self)
        self.addAction(self.about_action)
        self.addSeparator()
        self.quit_action = QAction(self.tr("Quit"), self)
        self.addAction(self.quit_action)

    def show_status(self, latest: dict, held: int, store_name: Callable[[str], str], orders: int = 0) -> None:
        """One line per store (``latest``: store id → its latest journal row): its latest day, green or red, with the
        time and the ledger's voucher number; "Needs attention (n)…" while ``held`` days wait for a person, and
        "Orders need attention (n)…" while ``orders`` credit sales (held, or failed for good) do."""
        for a in self.status_actions:
            self.removeAction(a)
        self.status_actions.clear()
        for store, r in sorted(latest.items()):
            ok = r.state == "sent"
            at = moment(r.sent_at if ok else r.updated_at)
            if ok and not r.voucher_id:  # a day with nothing to book: done without a voucher
                what = self.tr("done {time}, no sales").format(time=at)
            elif ok:
                what = self.tr("sent {time}, voucher {n}").format(time=at, n=r.voucher_number or r.voucher_id)
            elif r.state == "failed":
                what = self.tr("failed {time}").format(time=at)
            elif r.state == "held":
                what = self.tr("does not agree with the Z report")
            elif r.state in ("uncertain", "sending"):
                what = self.tr("being checked with the ledger")
            else:
                what = self.tr("being sent")
            busy = r.state in ("pending", "sending", "uncertain")
            a = QAction(self.icons("ok" if ok else ("sending" if busy else "attention")),
                        f"{store_name(store)}: {r.business_day:%d.%m} – {what}", self)
            self.insertAction(self.status_end, a)
            self.status_actions.append(a)
        self.attention_action.setText(self.tr("Needs attention ({n})…").format(n=held))
        self.attention_action.setVisible(bool(held))
        self.orders_action.setText(self.tr("Orders for invoicing need attention ({n})…").format(n=orders))
        self.orders_action.setVisible(bool(orders))
