"""Welcome: what the setup does and what to have ready, and the language. Built before the wizard's first paint, so
it needs nothing but the language (no model, no worker pool) and uses plain-text labels only."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout

from .base import Step


class WelcomeStep(Step):
    def __init__(self, host, model=None, on_language=None):
        super().__init__(host, model)
        lay = QVBoxLayout(self)
        # plain-text labels: the first rich text in a process costs ~6 ms (Qt sets up its text engine), which the
        # first page should not pay before it is painted
        self.intro, self.steps, self.ready_head, self.ready = QLabel(), QLabel(), QLabel(), QLabel()
        self.steps.setIndent(18)
        bold = self.ready_head.font()
        bold.setBold(True)
        self.ready_head.setFont(bold)
        for label in (self.intro, self.steps, self.ready_head, self.ready):
            label.setWordWrap(True)
            if label is self.ready_head:
                lay.addSpacing(8)
            lay.addWidget(label)
        lay.addSpacing(12)
        row = QHBoxLayout()
        self.lang_label = QLabel()
        self.lang_box = QComboBox()
        self.lang_box.addItem("Norsk bokmål", "nb")
        self.lang_box.addItem("English", "en")
        self.lang_box.setCurrentIndex(0 if host.language == "nb" else 1)
        self.lang_label.setBuddy(self.lang_box)
        if on_language is not None:
            self.lang_box.currentIndexChanged.connect(lambda i: on_language(self.lang_box.itemData(i)))
        row.addWidget(self.lang_label)
        row.addWidget(self.lang_box)
        row.addStretch()
        lay.addLayout(row)
        lay.addStretch()

    def retranslate(self):
        self.set_title(self.tr("Welcome to ledgerwizard"))
        self.set_subtitle(self.tr("Every business day, one correct sales voucher per store in your accounting system."))
        self.intro.setText(self.tr("This setup takes a few minutes. It will:"))
        self.steps.setText(self.tr(
            "1.  read the sales your cash register exports (SAF-T),\n2.  connect to your accounting system,\n"
            "3.  suggest an account for everything you sell and every way customers pay,\n"
            "4.  choose when the day is sent,\n5.  send a test voucher you can check first."))
        self.ready_head.setText(self.tr("Have ready:"))
        self.ready.setText(self.tr("The folder your cash register exports to, and access to your accounting system "
                                   "to create a key."))
        self.lang_label.setText(self.tr("&Language:"))
