"""A ledger double for the state-machine tests: stores vouchers (in memory or in a JSON file shared with a
subprocess), rejects duplicate external references like PowerOffice does (or keeps them, like Tripletex:
``unique_reference=False``), commits late and lets its look-ups lag behind (``late_commit``, ``lag``), and
injects faults."""

import json
import time
from pathlib import Path

from ledgerwizard.core.i18n import Text
from ledgerwizard.core.transfer import LedgerError, Posted


class FakeLedger:
    def __init__(self, path: Path | None = None, *, unique_reference: bool = True, clock=time.time, lag: float = 0.0,
                 settle_seconds: float = 600.0):
        self.path = path
        self.mem: dict[str, list[dict]] = {}
        self.posts = 0
        self.finds = 0
        self.fault_post = None  # "not_sent", "rejected", "drop_before_store", "drop_after_store", "stall_before_send", callable
        self.fault_find = None
        self.unique_reference = unique_reference
        self.settle_seconds = settle_seconds
        self.clock = clock  # seconds; a voucher is committed at "at" and found by look-ups from "at" + lag
        self.lag = lag
        self.commit_delay = 0.0  # the next post's voucher is committed this long after the request

    def _load(self) -> dict[str, list[dict]]:
        if self.path is None:
            return self.mem
        return json.loads(self.path.read_text()) if self.path.exists() else {}

    def _save(self, d):
        if self.path is None:
            self.mem = d
        else:
            self.path.write_text(json.dumps(d))

    @property
    def vouchers(self) -> dict[str, dict]:
        """Every voucher the ledger holds (committed or about to be), by reference; a doubled one raises."""
        d = self._load()
        doubled = {ref: len(vs) for ref, vs in d.items() if len(vs) > 1}
        assert not doubled, f"vouchers posted twice: {doubled}"
        return {ref: vs[0] for ref, vs in d.items()}

    def count(self, ref: str) -> int:
        return len(self._load().get(ref, []))

    def post(self, voucher, on_send=None):
        self.posts += 1
        fault, self.fault_post = self.fault_post, None
        if fault == "stall_before_send":  # the token or chart request timed out: the voucher never left
            raise LedgerError(Text("tidsavbrudd", "timeout"), kind="timeout", outcome="not_sent")
        if on_send is not None:
            on_send()
        if fault == "drop_before_store":
            raise LedgerError(Text("brudd", "connection dropped"), kind="network", outcome="unknown")
        if fault == "not_sent":
            raise LedgerError(Text("nett", "network"), kind="network", outcome="not_sent")
        if fault == "rejected":
            raise LedgerError(Text("avvist", "rejected"), kind="rejected", outcome="rejected", retryable=False)
        d = self._load()
        if self.unique_reference and d.get(voucher.external_ref):
            # what every connector reports when the ledger refuses a reference it already has
            raise LedgerError(Text("duplikat", "duplicate external reference"), kind="duplicate", outcome="unknown")
        n = sum(len(v) for v in d.values()) + 1
        at = self.clock() + self.commit_delay
        late, self.commit_delay = self.commit_delay > 0, 0.0
        d.setdefault(voucher.external_ref, []).append(
            {"id": f"V{n}", "number": str(1000 + n), "debit": str(voucher.total_debit), "at": at})
        self._save(d)
        if fault == "drop_after_store" or late:
            raise LedgerError(Text("brudd", "connection dropped"), kind="timeout", outcome="unknown")
        if callable(fault):
            fault()
        return Posted(f"V{n}", str(1000 + n))

    def find(self, ref, day):
        self.finds += 1
        fault, self.fault_find = self.fault_find, None
        if fault == "down":
            raise LedgerError(Text("nede", "down"), kind="down", outcome="unknown")
        now = self.clock()
        for v in self._load().get(ref, []):
            if v.get("at", 0) + self.lag <= now:
                return Posted(v["id"], v["number"])
        return None
