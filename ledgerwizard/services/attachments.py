"""The day's documentation: a one-page report attached to each posted voucher (bokføringsforskriften wants each
voucher documented). A failed upload is recorded and retried on its own at later runs; it never makes the
voucher be posted again.

The renderer is passed in (default: Qt's PDF writer in ``adapters.report_pdf``), so the service itself needs no
Qt and a test or another front end can bring its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from ..core.errors import LedgerWizardError

if TYPE_CHECKING:
    from ..core.summary import DaySummary
    from ..core.transfer import Decision, Posted
    from ..core.voucher import Voucher
    from .days import StoreDay
    from .workspace import Workspace

MAX_ATTEMPTS = 10

Renderer = Callable[["DaySummary", "Voucher", "Decision | None"], bytes]


def _default_renderer(summary, voucher, decision) -> bytes:
    from ..adapters.report_pdf import day_report_pdf

    return day_report_pdf(summary, voucher, decision)


class Attachments:
    def __init__(self, ws: Workspace, renderer: Renderer | None = None):
        self.ws = ws
        self.render = renderer or _default_renderer

    def attach(self, store_id: str, summary: DaySummary, voucher: Voucher, decision: Decision | None, con,
               posted: Posted, enabled: bool = True) -> None:
        day = summary.business_day
        journal = self.ws.journal
        if not enabled:
            journal.mark_attachment(store_id, day, "skipped", "turned off")
            return
        try:
            con.attach(posted, self.render(summary, voucher, decision), f"dagsoppgjor-{store_id}-{day:%Y%m%d}.pdf")
            journal.mark_attachment(store_id, day, "attached")
        except NotImplementedError:
            journal.mark_attachment(store_id, day, "skipped", "not supported by this ledger")
        except Exception as e:  # noqa: BLE001 - the voucher is posted; only the attachment waits for the next run
            journal.mark_attachment(store_id, day, "failed", getattr(e, "code", type(e).__name__))

    def retry(self, store_days: list[StoreDay], connector, sending) -> None:
        """Uploads that failed earlier, for the days in ``store_days`` (``sending`` rebuilds their vouchers)."""
        from ..core.transfer import Posted

        pending = {(r.store, r.business_day): r for r in self.ws.journal.pending_attachments()}
        for sd in store_days:
            row = pending.get((sd.store.id, sd.summary.business_day))
            if row is None or row.attachment_attempts >= MAX_ATTEMPTS:
                continue
            company = self.ws.settings.store_company(sd.store)
            try:
                con = connector(company)
            except LedgerWizardError:
                continue
            decision = sending.decision_for(sd)
            self.attach(sd.store.id, sd.summary, sending.voucher(sd, decision), decision, con,
                        Posted(row.voucher_id, row.voucher_number), company.options.get("attach_report", True))


__all__ = ["Attachments", "Renderer"]
