"""The day's report is attached to the posted voucher; a failed upload is retried on its own and never makes
the voucher be posted again."""

import datetime as dt
import subprocess

import pytest
from ledger_helpers import fast_sleep

from ledgerwizard.adapters.report_pdf import day_report_pdf
from ledgerwizard.adapters.settings import Profile
from ledgerwizard.connectors import open_connector
from ledgerwizard_sandbox import start_sandbox
from ledgerwizard.services.sending import Sending
from ledgerwizard.services.setup import init_profile
from ledgerwizard.services.workspace import Workspace

DAY = dt.date(2020, 1, 1)


def _profile(tmp_path, export_dir, system):
    emu, clients = start_sandbox(system, listen=False)  # in process: reached through emu.transport()
    profile = Profile.resolve(tmp_path / "p")
    s = init_profile(Workspace(profile), export_dir, system=system, environment="sandbox")
    s.companies[0].options = {"base_url": emu.url}
    s.stores[0].department = "3"
    ws = Workspace(profile)
    ws.save(s)
    ws.secrets.set(system, "c1", clients[0][1])
    return emu, clients[0][1], profile


def _factory_for(profile, emu):
    secrets = Workspace(profile).secrets
    return lambda company: open_connector(company, secrets, sleep=fast_sleep, retries=1, transport=emu.transport())


@pytest.mark.parametrize("system", ["poweroffice", "tripletex"])
def test_report_is_attached_and_a_failed_upload_is_retried_without_reposting(tmp_path, export_dir, system):
    emu, key, profile = _profile(tmp_path, export_dir, system)
    try:
        path = "/VoucherDocumentation" if system == "poweroffice" else "/attachment"
        emu.faults.add("503", path=path, times=5)
        (o,) = Sending(Workspace(profile), connector_factory=_factory_for(profile, emu)).send(days=[DAY])
        assert o.status == "sent"
        ws = Workspace(profile)
        row = ws.journal.get("s1", DAY)
        assert row.attachment == "failed"
        emu.faults.clear()
        (o2,) = Sending(ws, connector_factory=_factory_for(profile, emu)).send(days=[DAY])  # the next run: attachment retried alone
        assert o2.status == "already_sent"
        assert ws.journal.get("s1", DAY).attachment == "attached"
        if system == "poweroffice":
            client = emu.clients[key]
            assert len(client.vouchers) == 1 and list(client.documents) == [o.posted.voucher_id]
        else:
            (v,) = emu.companies[key].vouchers.values()
            assert v["attachments"] == 1
    finally:
        emu.stop()


def test_the_report_pdf_has_the_days_figures(example_2021, tmp_path):
    from ledgerwizard.core.mapping import suggest
    from ledgerwizard.core.saft.source import ExportSource
    from ledgerwizard.core.voucher import build_voucher

    d = ExportSource(example_2021, settle_seconds=0).scan().summaries()[0]
    a = d.combined
    v = build_voucher(d, suggest(d.master, a.vat, a.groups, a.payments), department="3")
    pdf = day_report_pdf(d, v)
    assert pdf.startswith(b"%PDF")
    p = tmp_path / "d.pdf"
    p.write_bytes(pdf)
    try:
        text = subprocess.run(["pdftotext", str(p), "-"], capture_output=True, text=True, check=True).stdout
    except FileNotFoundError:
        pytest.skip("pdftotext not installed")
    for needle in ("Dagsoppgjør Location A: Shop Frogner 01.01.2020", "514,20", "89,38", "13,42", "Z 1",
                   "Avstemt mot Z-rapport", "295,00", "218,80"):
        assert needle in text, needle
    assert "Sider" not in text and text.count("\f") <= 1  # one page
