"""A ledger double for the state-machine tests: stores vouchers (in memory or in a JSON file shared with a
subprocess), rejects duplicate external references like the real ledgers do, and injects faults."""

import json
from pathlib import Path

from ledgerwizard.core.i18n import Text
from ledgerwizard.core.transfer import LedgerError, Posted


class FakeLedger:
    def __init__(self, path: Path | None = None):
        self.path = path
        self.mem: dict[str, dict] = {}
        self.posts = 0
        self.finds = 0
        self.fault_post = None  # "not_sent", "rejected", "drop_after_store", callable
        self.fault_find = None

    def _load(self):
        if self.path is None:
            return self.mem
        return json.loads(self.path.read_text()) if self.path.exists() else {}

    def _save(self, d):
        if self.path is None:
            self.mem = d
        else:
            self.path.write_text(json.dumps(d))

    @property
    def vouchers(self):
        return self._load()

    def post(self, voucher):
        self.posts += 1
        fault, self.fault_post = self.fault_post, None
        if fault == "not_sent":
            raise LedgerError(Text("nett", "network"), kind="network", outcome="not_sent")
        if fault == "rejected":
            raise LedgerError(Text("avvist", "rejected"), kind="rejected", outcome="rejected", retryable=False)
        d = self._load()
        if voucher.external_ref in d:
            raise LedgerError(Text("duplikat", "duplicate external reference"), kind="rejected",
                              outcome="rejected", retryable=False)
        n = len(d) + 1
        d[voucher.external_ref] = {"id": f"V{n}", "number": str(1000 + n), "debit": str(voucher.total_debit)}
        self._save(d)
        if fault == "drop_after_store":
            raise LedgerError(Text("brudd", "connection dropped"), kind="network", outcome="unknown")
        if callable(fault):
            fault()
        return Posted(f"V{n}", str(1000 + n))

    def find(self, ref, day):
        self.finds += 1
        fault, self.fault_find = self.fault_find, None
        if fault == "down":
            raise LedgerError(Text("nede", "down"), kind="down", outcome="unknown")
        v = self._load().get(ref)
        return Posted(v["id"], v["number"]) if v else None
