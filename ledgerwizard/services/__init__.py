"""Application services, one per use case, each taking a ``Workspace`` (a profile's settings, journal and keys):

* ``workspace``   – the profile's state; the journal's identity (a lost journal is rebuilt from the ledger)
* ``days``        – the business days in the export folder, per configured store
* ``sending``     – the one path to the ledger: send, Send now, the scheduler's run, the wizard's test transfer
* ``attachments`` – the day report on each posted voucher (renderer passed in)
* ``setup``       – headless init, applying the wizard's or the settings dialog's choices, forgetting keys
* ``diagnostics`` – doctor and selftest

No Qt. The CLI, the wizard, the settings dialog and the tray's run processes call these, so every surface
computes and sends a day the same way. Import the submodules directly (this package imports nothing, so the
tray's start-up pays only for what it uses).
"""
