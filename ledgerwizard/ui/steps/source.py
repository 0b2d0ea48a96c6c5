"""The sales source: the folder (or file) the cash register exports SAF-T to, read on a worker with progress."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QLineEdit, QProgressBar, QPushButton, QVBoxLayout

from ...core.display import org_number
from .base import ERROR_STYLE, Step, wrap


class SourceStep(Step):
    def __init__(self, host, model):
        super().__init__(host, model)
        lay = QVBoxLayout(self)
        self.intro = wrap(QLabel())
        lay.addWidget(self.intro)
        row = QHBoxLayout()
        self.path = QLineEdit(self.m.source_path)
        self.path.editingFinished.connect(self.scan)
        self.folder_btn = QPushButton()
        self.folder_btn.clicked.connect(self.pick_folder)
        self.file_btn = QPushButton()
        self.file_btn.clicked.connect(self.pick_file)
        row.addWidget(self.path, 1)
        row.addWidget(self.folder_btn)
        row.addWidget(self.file_btn)
        lay.addLayout(row)
        prog = QHBoxLayout()
        self.progress = QProgressBar()
        self.progress.hide()
        self.cancel_btn = QPushButton()
        self.cancel_btn.hide()
        self.cancel_btn.clicked.connect(self.cancel)
        prog.addWidget(self.progress, 1)
        prog.addWidget(self.cancel_btn)
        lay.addLayout(prog)
        self.result = wrap(QLabel())
        self.result.setTextFormat(Qt.TextFormat.RichText)
        self.problems = wrap(QLabel())
        self.problems.setStyleSheet(ERROR_STYLE)
        lay.addWidget(self.result)
        lay.addWidget(self.problems)
        lay.addStretch()
        self.task = None

    def retranslate(self):
        self.set_title(self.tr("Sales from the cash register"))
        self.set_subtitle(self.tr("Choose the folder where the cash register writes its SAF-T exports."))
        self.intro.setText(self.tr("Every Norwegian cash register can export its journal as SAF-T Cash Register "
                                   "files. Choose the folder it exports to (or one file)."))
        self.folder_btn.setText(self.tr("Choose &folder…"))
        self.file_btn.setText(self.tr("Choose f&ile…"))
        self.cancel_btn.setText(self.tr("Cancel"))
        self.path.setPlaceholderText(self.tr("Folder with SAF-T files"))
        self.show_result()

    def load(self):
        if self.m.source_path and not self.path.text():
            self.path.setText(self.m.source_path)
        if self.path.text() and self.m.scan is None and self.task is None:
            self.scan()

    def pick_folder(self):
        d = QFileDialog.getExistingDirectory(self, self.tr("Folder with SAF-T files"), self.path.text())
        if d:
            self.path.setText(d)
            self.scan()

    def pick_file(self):
        f, _ = QFileDialog.getOpenFileName(self, self.tr("SAF-T file"), self.path.text(), "SAF-T (*.xml *.XML *.zip *.ZIP)")
        if f:
            self.path.setText(f)
            self.scan()

    def scan(self):
        path = self.path.text().strip()
        if not path or self.task is not None or (path == self.m.source_path and self.m.scan is not None):
            return  # nothing new (leaving the field by clicking Next must not start a new read)
        self.m.scan = None
        self.problems.setText("")
        self.result.setText(self.tr("Reading the sales…"))
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_btn.show()
        self.complete_changed.emit()

        def work(task):
            from ...core.saft.source import ExportSource  # on the worker: lxml loads there, not before first paint

            result = ExportSource([path], settle_seconds=0).scan(cancel=lambda: task.cancelled, progress=task.report)
            return result, self.m.plan_days(result)  # the days summed and reconciled here too, not on the GUI thread

        self.task = self.host.runner.start(work, lambda r: self.scanned(path, *r), self.failed, self.on_progress)

    def on_progress(self, i, n, name):
        self.progress.setRange(0, max(n, 1))
        self.progress.setValue(i)

    def cancel(self):
        if self.task is not None:
            self.task.cancelled = True

    def _idle(self):
        cancelled = self.task is not None and self.task.cancelled
        self.task = None
        self.progress.hide()
        self.cancel_btn.hide()
        return cancelled

    def scanned(self, path, result, days=None):
        if self._idle():
            self.result.setText(self.tr("Cancelled."))
            self.complete_changed.emit()
            return
        self.m.set_scan(path, result, days)
        self.show_result()
        self.complete_changed.emit()

    def failed(self, e):
        self._idle()
        self.result.setText("")
        self.problems.setText(self.error_text(e))
        self.complete_changed.emit()

    def show_result(self):
        ov = self.m.source_overview()
        if not ov:
            return
        if not ov["days"]:
            self.result.setText("")
            self.problems.setText(self.tr("No closed business days were found. Check that the cash register "
                                          "exports SAF-T files to this folder and takes a Z report every day."))
            return
        reg_word = self.tr("registers")
        stores = "".join(f"<li><b>{n}</b> – {reg_word}: {', '.join(r)}</li>" for n, r in ov["stores"])
        companies = ", ".join(f"{n} ({org_number(o)})" for n, o in ov["companies"])
        self.result.setText(self.tr("<p>Found <b>{company}</b> with these stores:</p><ul>{stores}</ul>"
                                    "<p>{days} business days from {first} to {last}.</p>").format(
            company=companies, stores=stores, days=ov["days"], first=f"{ov['first']:%d.%m.%Y}",
            last=f"{ov['last']:%d.%m.%Y}"))
        self.problems.setText("<br>".join(self.text(p) for p in ov["problems"]))

    def is_complete(self):
        return self.task is None and self.m.source_complete()
