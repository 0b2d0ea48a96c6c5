"""The status window: one row per store and business day (the last 14 days and anything still unresolved), what it
is, what happens next, and what a person can do about it: send now, send anyway after seeing the differences, show
the voucher as it would be or was sent, open the day report, copy what support needs. Below, when a company
invoices its credit sales, one row per credit sale: its customer, receipt, amount, whether it reached the ledger as
an open order (and the ledger's order number, when) or waits (held with the reason and what to do, failed, being
checked, not sent yet), so what still needs invoicing is plain to see. Opened from the tray (a
click on the icon, or its first menu item), the wizard's last step, and ``ledgerwizard status --gui``.

The rows come from ``services.status`` on a worker (it reads the export folder); while a run is going the window
follows the journal (a cheap look every few seconds) and reads again when anything changed. Sending goes through the
host's ``send`` (the tray's one run at a time), never from this window's own thread.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QDateEdit, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView,
                               QLabel, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from .screen import fit_to_screen
from ..core.display import moment
from ..core.errors import LedgerWizardError

if TYPE_CHECKING:
    from ..core.schedule import SendRequest
    from ..services.status import DayStatus, OrderStatus, Status

ORDER_COLORS = {"sent": "#1b5e20", "held": "#b00020", "failed": "#b00020", "uncertain": "#1f78c8",
                "pending": "#6d6d6d"}
STATE_COLORS = {"sent": "#1b5e20", "due": "#1f78c8", "uncertain": "#1f78c8", "waiting_z": "#6d6d6d",
                "late_z": "#b00020", "needs_attention": "#b00020", "failed": "#b00020", "before_go_live": "#6d6d6d",
                "off": "#8a5300", "paused": "#8a5300"}


class StatusWindow(QWidget):
    """``send(request)``: the host sends (the tray queues a run). ``confirm(day) -> bool`` answers "send anyway?"
    (a question by default; tests answer it)."""

    loaded = Signal(object)  # the Status shown (tests and screenshots wait for it)

    def __init__(self, workspace, send: Callable[[SendRequest], None], lang: str = "nb", *, clock=None,
                 paused: Callable[[], bool] = lambda: False, confirm=None, parent=None):
        super().__init__(parent)
        from .workers import Runner

        self.ws = workspace
        self.send = send
        self.lang = lang
        self.clock = clock or (lambda: dt.datetime.now(dt.timezone.utc))
        self.paused = paused
        self.confirm = confirm
        self.runner = Runner(self)
        self.status: Status | None = None
        self._last_change = ""
        self._loading = False
        self.setWindowTitle(self.tr("ledgerwizard – status"))
        fit_to_screen(self, (980, 720))  # (a small screen: less, the content scrolls)
        lay = QVBoxLayout(self)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background: #fff4d6; padding: 6px")
        self.banner.hide()
        lay.addWidget(self.banner)
        self.header = QLabel()
        self.header.setWordWrap(True)
        lay.addWidget(self.header)
        top = QHBoxLayout()
        yesterday = self._today() - dt.timedelta(days=1)
        start = yesterday - dt.timedelta(days=13)
        self.first = QDateEdit(QDate(start.year, start.month, start.day))
        self.last = QDateEdit(QDate(yesterday.year, yesterday.month, yesterday.day))
        for w in (self.first, self.last):
            w.setCalendarPopup(True)
            w.setDisplayFormat("dd.MM.yyyy")
            w.dateChanged.connect(lambda _d: self.load())
        self.first_label, self.last_label = QLabel(), QLabel()
        self.first_label.setBuddy(self.first)
        self.last_label.setBuddy(self.last)
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.load)
        for w in (self.first_label, self.first, self.last_label, self.last):
            top.addWidget(w)
        top.addStretch()
        top.addWidget(self.refresh_button)
        lay.addLayout(top)
        self.table = QTableWidget(0, 6)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selected)
        self.table.itemActivated.connect(lambda _i: self.show_voucher())
        lay.addWidget(self.table, 1)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setMinimumHeight(60)
        lay.addWidget(self.details)
        # the credit sales sent as orders for invoicing (shown when there are any)
        self.orders_title = QLabel()
        self.orders_title.setStyleSheet("font-weight: bold")
        lay.addWidget(self.orders_title)
        self.orders_summary = QLabel()
        self.orders_summary.setWordWrap(True)
        lay.addWidget(self.orders_summary)
        self.orders_table = QTableWidget(0, 8)
        self.orders_table.verticalHeader().hide()
        self.orders_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.orders_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.orders_table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.orders_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.orders_table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.orders_table.itemSelectionChanged.connect(self._order_selected)
        lay.addWidget(self.orders_table, 1)
        self.order_details = QLabel()
        self.order_details.setWordWrap(True)
        self.order_details.setTextFormat(Qt.TextFormat.RichText)
        self.order_details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.order_details)
        for w in (self.orders_title, self.orders_summary, self.orders_table, self.order_details):
            w.hide()
        buttons = QHBoxLayout()
        self.send_button = QPushButton()
        self.send_button.clicked.connect(self.send_selected)
        self.anyway_button = QPushButton()
        self.anyway_button.clicked.connect(self.send_anyway)
        self.voucher_button = QPushButton()
        self.voucher_button.clicked.connect(self.show_voucher)
        self.report_button = QPushButton()
        self.report_button.clicked.connect(self.open_report)
        self.copy_button = QPushButton()
        self.copy_button.clicked.connect(self.copy_details)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.close)
        for b in (self.send_button, self.anyway_button, self.voucher_button, self.report_button, self.copy_button):
            buttons.addWidget(b)
        buttons.addStretch()
        buttons.addWidget(self.close_button)
        lay.addLayout(buttons)
        QShortcut(QKeySequence.StandardKey.Refresh, self, activated=self.load)
        QShortcut(QKeySequence.StandardKey.Copy, self, activated=self.copy_details)
        self.follow = QTimer(self)  # the journal, while the window is open: a run's progress shows by itself
        self.follow.setInterval(3000)
        self.follow.timeout.connect(self._journal_changed)
        self.retranslate()
        self._selected()

    def retranslate(self) -> None:
        self.first_label.setText(self.tr("&From:"))
        self.last_label.setText(self.tr("&To:"))
        self.refresh_button.setText(self.tr("&Refresh"))
        self.table.setHorizontalHeaderLabels([self.tr("Store"), self.tr("Business day"), self.tr("Status"),
                                              self.tr("Sales"), self.tr("Voucher"), self.tr("When")])
        self.orders_title.setText(self.tr("Orders for invoicing (credit sales)"))
        self.orders_table.setHorizontalHeaderLabels([self.tr("Store"), self.tr("Business day"), self.tr("Receipt"),
                                                     self.tr("Customer"), self.tr("Amount"), self.tr("Status"),
                                                     self.tr("When"), self.tr("Order no.")])
        self.send_button.setText(self.tr("&Send now"))
        self.anyway_button.setText(self.tr("Send &anyway…"))
        self.voucher_button.setText(self.tr("Show the &voucher"))
        self.report_button.setText(self.tr("Open the day re&port"))
        self.copy_button.setText(self.tr("&Copy support details"))
        self.close_button.setText(self.tr("C&lose"))

    def set_banner(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.setVisible(bool(text))

    # -- loading -------------------------------------------------------------------------------------------------------
    def _today(self) -> dt.date:
        from ..core.schedule import OSLO

        return self.clock().astimezone(OSLO).date()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        from .focus import FocusRing
        from .screen import keep_on_screen

        keep_on_screen(self)
        if getattr(self, "focus_ring", None) is None:
            self.focus_ring = FocusRing(self)
        self.follow.start()
        if self.status is None:
            self.load()

    def hideEvent(self, event) -> None:
        self.follow.stop()
        super().hideEvent(event)

    def load(self) -> None:
        """Read the rows again (on a worker: the export folder is read)."""
        if self._loading:
            return
        self._loading = True
        self.refresh_button.setEnabled(False)
        first, last = self.first.date().toPython(), self.last.date().toPython()
        now, paused = self.clock(), self.paused()
        ws = self.ws.sibling()  # its own journal connection on the worker

        def work(task):
            from ..services.status import status

            try:
                return status(ws, now, first=first, last=last, paused=paused), ws.journal.last_change()
            finally:
                ws.close()

        self.runner.start(work, self._show, self._failed)

    def _journal_changed(self) -> None:
        try:
            change = self.ws.journal.last_change()
        except LedgerWizardError:
            return
        if change != self._last_change and not self._loading:
            self.load()

    def _failed(self, e) -> None:
        self._loading = False
        self.refresh_button.setEnabled(True)
        from .errortext import error_text

        text = error_text(e, self.lang, self.ws.profile)
        self.header.setText(f"<span style='color:#b00020'>{_escape(text)}</span>".replace("\n", "<br>"))

    def _show(self, result) -> None:
        st, self._last_change = result
        self._loading = False
        self.refresh_button.setEnabled(True)
        self.status = st
        from ..core.money import fmt, fmt_nb

        n = fmt_nb if self.lang == "nb" else fmt
        head = []
        if st.auto_send:
            head.append(self.tr("Automatic sending is on") + (self.tr(" from {day}").format(
                day=f"{st.first_day:%d.%m.%Y}") if st.first_day else "") + ".")
        else:
            head.append(self.tr("Automatic sending is off: days are sent only when you send them."))
        if st.notice is not None:
            head.append(st.notice.get(self.lang))
        head += [p.get(self.lang) for p in st.problems[:3]]
        self.header.setText("<br>".join(_escape(h) for h in head))
        keep = {(r.store, r.business_day) for r in self.selected_rows()}
        self.table.setRowCount(len(st.rows))
        self.table.blockSignals(True)
        for i, r in enumerate(st.rows):
            when = r.sent_at if r.state == "sent" else (r.at.isoformat() if r.at else "")
            cells = [r.store_name, f"{r.business_day:%a %d.%m.%Y}" if self.lang == "en" else f"{r.business_day:%d.%m.%Y}",
                     r.text.get(self.lang), n(r.total) if r.total is not None else "", r.voucher_number, moment(when)]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 2:
                    item.setForeground(QColor(STATE_COLORS.get(r.state, "#000000")))
                    item.setToolTip(text)
                if c == 3:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(i, c, item)
        self.table.clearSelection()
        for i, r in enumerate(st.rows):
            if (r.store, r.business_day) in keep:
                self.table.selectRow(i)
        self.table.blockSignals(False)
        self._selected()
        self._show_orders(st, n)
        self.loaded.emit(st)

    def _show_orders(self, st: Status, n) -> None:
        """The orders table: each credit sale's customer, receipt, amount, state (green in the ledger, red when it
        needs a person, with the reason), when, and the ledger's order number."""
        orders = st.orders
        for w in (self.orders_title, self.orders_summary, self.orders_table, self.order_details):
            w.setVisible(bool(orders))
        summary = st.orders_summary
        self.orders_summary.setText(summary.get(self.lang) if summary is not None else "")
        person = any(o.needs_person for o in orders)
        self.orders_summary.setStyleSheet("color: #b00020; font-weight: bold" if person else "")
        keep = {(o.store, o.business_day, o.doc) for o in self.selected_orders()}
        self.orders_table.blockSignals(True)
        self.orders_table.setRowCount(len(orders))
        for i, o in enumerate(orders):
            state = o.state_name().get(self.lang)
            cells = [o.store_name, f"{o.business_day:%d.%m.%Y}", o.receipt_text.get(self.lang), o.customer,
                     n(o.amount) if o.amount is not None else "", f"{state}: {o.text.get(self.lang)}",
                     moment(o.when), o.order_number]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 5:
                    item.setForeground(QColor(ORDER_COLORS.get(o.state, "#000000")))
                    item.setToolTip(text)
                if c == 4:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.orders_table.setItem(i, c, item)
        self.orders_table.clearSelection()
        for i, o in enumerate(orders):
            if (o.store, o.business_day, o.doc) in keep:
                self.orders_table.selectRow(i)
        self.orders_table.blockSignals(False)
        self._order_selected()

    def selected_orders(self) -> list[OrderStatus]:
        if self.status is None:
            return []
        rows = sorted({i.row() for i in self.orders_table.selectedIndexes()})
        return [self.status.orders[i] for i in rows if i < len(self.status.orders)]

    def select_order(self, store: str, day: dt.date, doc: str) -> None:
        """Choose an order in the orders table (the tray's "Orders … need attention")."""
        for i, o in enumerate(self.status.orders if self.status else []):
            if (o.store, o.business_day, o.doc) == (store, day, doc):
                self.orders_table.selectRow(i)
                self.orders_table.scrollToItem(self.orders_table.item(i, 0))

    def _order_selected(self) -> None:
        orders = self.selected_orders()
        self.copy_button.setEnabled(bool(self.selected_rows()) or bool(orders))
        if len(orders) != 1:
            self.order_details.setText(self.tr("{n} orders chosen.").format(n=len(orders)) if orders else "")
            return
        (o,) = orders
        items = "".join(f"<li>{_escape(d.get(self.lang))}</li>" for d in o.details)
        who = f" – {_escape(o.customer)}" if o.customer else ""
        self.order_details.setText(f"<b>{_escape(o.store_name)} {o.business_day:%d.%m.%Y}, "
                                   f"{_escape(o.receipt_text.get(self.lang))}{who}</b>: "
                                   f"{_escape(o.text.get(self.lang))}" + (f"<ul>{items}</ul>" if items else ""))

    # -- selection and actions -------------------------------------------------------------------------------------------
    def selected_rows(self) -> list[DayStatus]:
        if self.status is None:
            return []
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        return [self.status.rows[i] for i in rows if i < len(self.status.rows)]

    def select(self, store: str, day: dt.date) -> None:
        """Add a day to the chosen rows (the keyboard's Ctrl+click)."""
        from PySide6.QtCore import QItemSelectionModel

        for i, r in enumerate(self.status.rows if self.status else []):
            if (r.store, r.business_day) == (store, day):
                flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
                self.table.selectionModel().select(self.table.model().index(i, 0), flags)

    def _selected(self) -> None:
        rows = self.selected_rows()
        one = rows[0] if len(rows) == 1 else None
        self.send_button.setEnabled(bool(rows) and all(r.sendable and r.hold is None for r in rows))
        self.anyway_button.setEnabled(one is not None and one.hold is not None and one.sendable)
        self.voucher_button.setEnabled(one is not None and one.closed)
        self.report_button.setEnabled(one is not None and one.closed)
        self.copy_button.setEnabled(bool(rows) or bool(self.selected_orders()))
        if one is None:
            self.details.setText(self.tr("{n} days chosen.").format(n=len(rows)) if rows else "")
            return
        items = "".join(f"<li>{_escape(d.get(self.lang))}</li>" for d in one.details)
        self.details.setText(f"<b>{_escape(one.store_name)} {one.business_day:%d.%m.%Y}</b>: "
                             f"{_escape(one.text.get(self.lang))}" + (f"<ul>{items}</ul>" if items else ""))

    def send_selected(self) -> None:
        """Send the chosen closed days now (each through the one path; days already sent are not sent again)."""
        from ..core.schedule import SendRequest

        for r in self.selected_rows():
            if r.sendable and r.hold is None:
                self.send(SendRequest([r.store], r.business_day, r.business_day))

    def send_anyway(self) -> None:
        """A day that does not reconcile: the differences, a tick and a last question; then exactly those are
        accepted (if the figures changed in the meantime, nothing is)."""
        from ..core.schedule import SendRequest
        from .attention import AttentionDialog, HeldDay

        (r,) = self.selected_rows() or [None]
        if r is None or r.hold is None:
            return
        dlg = AttentionDialog([HeldDay(r.store, r.store_name, r.business_day, r.hold)], self.lang, parent=self,
                              confirm=self.confirm)
        dlg.send_anyway.connect(lambda store, day, fp: self.send(SendRequest([store], day, day,
                                                                             accept=((store, day, fp),))))
        self.attention_dialog = dlg
        dlg.show()

    def _day_work(self, what: str):
        (r,) = self.selected_rows()
        ws = self.ws.sibling()

        def work(task):
            from ..services.sending import Sending

            try:
                sending = Sending(ws)
                sd = sending.days.day(r.store, r.business_day)
                decision = sending.decision_for(sd)
                voucher = sending.voucher(sd, decision)
                if what == "voucher":
                    return r, voucher
                from ..adapters.report_pdf import day_report_pdf

                folder = ws.profile.data_dir / "reports"
                folder.mkdir(parents=True, exist_ok=True)
                path = folder / f"dagsoppgjor-{r.store}-{r.business_day:%Y%m%d}.pdf"
                path.write_bytes(day_report_pdf(sd.summary, voucher, decision))
                return r, path
            finally:
                ws.close()

        return work

    def show_voucher(self) -> None:
        """The voucher as it would be sent (or was: the same figures; the ledger's number shown)."""
        if len(self.selected_rows()) != 1 or not self.selected_rows()[0].closed:
            return
        self.runner.start(self._day_work("voucher"), lambda res: self._voucher_dialog(*res), self._failed)

    def _voucher_dialog(self, row, voucher) -> None:
        self.voucher_dialog = VoucherDialog(row, voucher, self.lang, self)
        self.voucher_dialog.show()

    def open_report(self) -> None:
        if len(self.selected_rows()) != 1 or not self.selected_rows()[0].closed:
            return

        def opened(res):
            from PySide6.QtCore import QUrl
            from PySide6.QtGui import QDesktopServices

            self.report_path = res[1]
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(res[1])))

        self.runner.start(self._day_work("report"), opened, self._failed)

    def copy_details(self) -> None:
        """What support needs about the chosen days (no key, no secret), on the clipboard."""
        from PySide6.QtWidgets import QApplication

        from ..services.status import order_support_details, support_details

        rows, orders = self.selected_rows(), self.selected_orders()
        if rows or orders:
            parts = [support_details(self.ws, rows)]  # (its first line names the program, also with no day chosen)
            if orders:
                parts.append(order_support_details(self.ws, orders))
            QApplication.clipboard().setText("\n".join(parts))
            self.details.setText(self.tr("Copied: paste it into an e-mail to support."))


class VoucherDialog(QDialog):
    def __init__(self, row: DayStatus, voucher, lang: str, parent=None):
        super().__init__(parent)
        from ..core.money import fmt, fmt_nb

        n = fmt_nb if lang == "nb" else fmt
        self.setWindowTitle(self.tr("Voucher {store} {day}").format(store=row.store_name,
                                                                     day=f"{row.business_day:%d.%m.%Y}"))
        fit_to_screen(self, (760, 480))  # (a small screen: less, the content scrolls)
        lay = QVBoxLayout(self)
        head = QLabel(voucher.description + (self.tr(" – in the ledger as voucher {n}").format(n=row.voucher_number)
                                             if row.voucher_number else self.tr(" – no sales: nothing posted")
                                             if row.state == "sent" and not voucher.lines
                                             else self.tr(" – as it will be sent")))
        head.setWordWrap(True)
        lay.addWidget(head)
        self.table = QTableWidget(len(voucher.lines) + 1, 6)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setHorizontalHeaderLabels([self.tr("Account"), self.tr("Text"), self.tr("VAT code"),
                                              self.tr("Department"), self.tr("Debit"), self.tr("Credit")])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for i, ln in enumerate(voucher.lines):
            for c, text in enumerate([ln.account, ln.text, ln.vat_code, ln.department,
                                      n(ln.debit) if ln.debit else "", n(ln.credit) if ln.credit else ""]):
                self.table.setItem(i, c, QTableWidgetItem(text))
        total = len(voucher.lines)
        self.table.setItem(total, 1, QTableWidgetItem(self.tr("Total")))
        self.table.setItem(total, 4, QTableWidgetItem(n(voucher.total_debit)))
        self.table.setItem(total, 5, QTableWidgetItem(n(voucher.total_credit)))
        lay.addWidget(self.table, 1)
        notes = QLabel("<br>".join(_escape(x.get(lang)) for x in voucher.notes))
        notes.setWordWrap(True)
        lay.addWidget(notes)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        box.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        box.rejected.connect(self.reject)
        lay.addWidget(box)


def _escape(text: str) -> str:
    from html import escape

    return escape(text)


def run_status_window(workspace) -> int:
    """``ledgerwizard status --gui``: the window on its own (sending goes through ``ledgerwizard run`` processes, one at
    a time, as the tray does)."""
    from PySide6.QtWidgets import QApplication

    from .dialogs import install_language
    from .tray.runner import Runner, run_arguments

    app = QApplication.instance() or QApplication([])
    if not install_language(workspace):
        return 2
    now = lambda: dt.datetime.now(dt.timezone.utc)  # noqa: E731
    runner = Runner(workspace, lambda source, send, *, report, keys_stdin: run_arguments(
        source, send, report=report, now=now(), paused=False, confirmed=False,
        profile_dir=workspace.profile.config_dir if workspace.profile.custom else None, keys_stdin=keys_stdin))
    w = StatusWindow(workspace, lambda req: runner.request("send-now", req),
                     (workspace.settings.language or "nb"))
    runner.finished.connect(lambda _rep: w.load())
    w.show()
    return app.exec()


__all__ = ["StatusWindow", "VoucherDialog", "run_status_window"]
