"""The day's settlement as a one-page PDF (bokføringsforskriften wants each voucher documented): store,
registers, Z numbers, totals per VAT rate, article group and payment type, the reconciliation, and the voucher
lines. Written with Qt's own PDF writer (QTextDocument + QPdfWriter); needs only QtGui, no window.
"""

from __future__ import annotations

import html
import os

from ..core.money import fmt_nb
from ..core.summary import DaySummary
from ..core.voucher import Voucher


def _app():
    """Fonts need an application object. A full QApplication, so the same process can still open windows."""
    from PySide6.QtCore import QCoreApplication

    existing = QCoreApplication.instance()
    if existing is not None:
        return existing
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY") and os.name != "nt":
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    return QApplication([])


def day_report_html(summary: DaySummary, voucher: Voucher, decision=None) -> str:
    e = html.escape
    a = summary.combined
    m = summary.master
    zs = ", ".join(f"Z {z.report_id} ({z.register_id}, {z.date:%d.%m.%Y} {z.time:%H:%M})" for z in summary.zreports) \
        or "ingen Z-rapport"

    def table(head: list[str], rows: list[list[str]], right: int = 1) -> str:
        th = "".join(f"<th align='{'right' if i >= len(head) - right else 'left'}'>{e(h)}</th>" for i, h in enumerate(head))
        trs = "".join("<tr>" + "".join(f"<td align='{'right' if i >= len(r) - right else 'left'}'>{e(c)}</td>"
                                       for i, c in enumerate(r)) + "</tr>" for r in rows)
        return f"<table width='100%' cellspacing='0' cellpadding='2' border='1' style='border-collapse: collapse; border-color: #999'><tr>{th}</tr>{trs}</table>"

    vat_rows = [[f"{k.code} ({m.standard_vat(k.code) or '?'})", f"{fmt_nb(k.rate)} %", fmt_nb(b), fmt_nb(v)]
                for k, (b, v) in sorted(a.vat.items())]
    group_rows = [[g, m.desc(g), fmt_nb(v)] for g, v in sorted(a.group_gross.items())]
    pay_rows = [[t, m.desc(t) if t != "__credit__" else "Kreditt", fmt_nb(v)] for t, v in sorted(a.payments.items())]
    rec = summary.reconciliation
    rec_html = (f"<p>Avstemt mot Z-rapport: <b>OK</b> ({rec.n_checks} kontroller)</p>" if rec.ok else
                "<p><b>Avvik mot Z-rapport:</b></p><ul>" + "".join(f"<li>{e(c.describe().nb)}</li>" for c in rec.differences)
                + "</ul>")
    if decision is not None:
        at = decision.at[:16].replace("T", " ")
        rec_html += (f"<p><b>Sendt med avvik godkjent av bruker</b> {e(at)} UTC ({e(decision.source)}): "
                     + "; ".join(e(d.nb) for d in decision.details) + "</p>")
    line_rows = [[ln.account, ln.text, ln.vat_code, ln.department, fmt_nb(ln.debit) if ln.debit else "",
                  fmt_nb(ln.credit) if ln.credit else ""] for ln in voucher.lines]
    line_rows.append(["", "Sum", "", "", fmt_nb(voucher.total_debit), fmt_nb(voucher.total_credit)])
    return f"""<html><body style='font-family: DejaVu Sans, Arial; font-size: 8pt'>
<h2>Dagsoppgjør {e(voucher.store_name)} {summary.business_day:%d.%m.%Y}</h2>
<p>{e(summary.company_name)} ({e(summary.company_ident)}) &middot; Kasser: {e(', '.join(summary.registers))}<br/>
{e(zs)}<br/>Ekstern referanse: {e(voucher.external_ref)}</p>
<p>Totalsalg inkl. mva: <b>{fmt_nb(a.total_in)}</b> &middot; Øreavrunding {fmt_nb(a.rounding)} &middot; Tips {fmt_nb(a.tips)}
&middot; Returer {a.returns_num} / {fmt_nb(a.returns_amt)} &middot; Rabatter {a.discount_num} / {fmt_nb(a.discount_amt)}</p>
<h3>Mva</h3>{table(["Kode (SAF-T)", "Sats", "Grunnlag", "Mva"], vat_rows, 2)}
<h3>Varegrupper</h3>{table(["Gruppe", "Navn", "Beløp inkl. mva"], group_rows)}
<h3>Betalingsmidler</h3>{table(["Type", "Navn", "Beløp"], pay_rows)}
<h3>Avstemming</h3>{rec_html}
<h3>Bilaget</h3>{table(["Konto", "Tekst", "Mva", "Avd.", "Debet", "Kredit"], line_rows, 2)}
<p style='font-size: 6pt'>Laget av ledgerwizard fra kassesystemets SAF-T-eksport.</p>
</body></html>"""


def day_report_pdf(summary: DaySummary, voucher: Voucher, decision=None) -> bytes:
    _app()
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QSizeF
    from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buf)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter))
    writer.setResolution(300)
    writer.setTitle(f"Dagsoppgjør {voucher.store_name} {summary.business_day}")
    writer.setCreator("ledgerwizard")
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(writer)  # lay out in the PDF's own resolution, not the screen's
    doc.setHtml(day_report_html(summary, voucher, decision))
    doc.setPageSize(QSizeF(writer.width(), writer.height()))
    doc.print_(writer)
    del writer
    buf.close()
    return bytes(data.data())
