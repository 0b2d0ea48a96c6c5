"""The business days in the export folder, per configured store: read (each complete file once per process),
merged, summarised and reconciled, exactly the same way for the scheduler, Send now, the CLI and the wizard."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from ..core.errors import UsageError
from ..core.i18n import Text
from ..core.parsing import parse_cutoff
from ..core.stores import matches

if TYPE_CHECKING:
    from ..adapters.settings import Store
    from ..core.saft.reader import ReadOptions
    from ..core.saft.source import ExportSource, SourceResult
    from ..core.summary import DaySummary
    from .workspace import Workspace


@dataclass
class StoreDay:
    store: Store
    summary: DaySummary


class Days:
    def __init__(self, ws: Workspace):
        self.ws = ws

    def source(self, paths: list[str], opts: ReadOptions) -> ExportSource:
        from ..adapters.readercache import ResultCache
        from ..core.saft.source import ExportSource

        key = (tuple(paths), opts)
        if key not in self.ws.sources:
            cache = ResultCache(self.ws.profile.reader_cache_path)
            self.ws.sources[key] = ExportSource(paths, opts, disk_cache=cache)
        return self.ws.sources[key]

    def store_days(self, store_id: str | None = None) -> tuple[list[StoreDay], list[SourceResult]]:
        """Every closed day of every (or one) configured store, from the configured export folder."""
        from ..core.saft.reader import ReadOptions

        s = self.ws.require_configured()
        stores = [s.store(store_id)] if store_id else [st for st in s.stores if st.enabled]
        tol = Decimal(s.reconciliation_tolerance)
        out: list[StoreDay] = []
        results: list[SourceResult] = []
        by_opts: dict[ReadOptions, list[Store]] = {}
        for st in stores:
            opts = ReadOptions(parse_cutoff(st.cutoff), frozenset(st.gift_card_groups or st.mapping.gift_card_groups))
            by_opts.setdefault(opts, []).append(st)
        for opts, group in by_opts.items():
            res = self.source(s.source_paths, opts).scan()
            results.append(res)

            def store_of(w, group=group) -> str | None:
                return next((st.id for st in group if matches(st, w.location, w.register_id)), None)

            ids = {st.id: st for st in group}
            for summary in res.summaries(store_of, tol):
                out.append(StoreDay(ids[summary.store], summary))
        out.sort(key=lambda sd: (sd.summary.business_day, sd.store.id))
        return out, results

    def day(self, store_id: str, day: dt.date) -> StoreDay:
        days, _ = self.store_days(store_id)
        for sd in days:
            if sd.summary.business_day == day:
                return sd
        raise UsageError(Text(f"Fant ingen avsluttet dag {day} for {store_id} i eksportmappen.",
                              f"No closed day {day} for {store_id} in the export folder."),
                         Text("Kontroller at kassen har tatt Z-rapport og at eksporten ligger i mappen.",
                              "Check that the POS has taken its Z report and that the export is in the folder."))


__all__ = ["Days", "StoreDay"]
