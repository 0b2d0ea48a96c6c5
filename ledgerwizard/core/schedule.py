"""What is due, computed from the calendar, the settings and the transfer journal (never from timers held in
memory), so a restart, a PC that was off, sleep, a clock change or a daylight-saving switch cannot skip or
double a day.

A business day B becomes due at the first send slot (the weekday's send time, Europe/Oslo) at or after B's end
(the next day at the cut-off). Every due day not yet sent is returned, oldest first: that is the catch-up.
A send time that does not exist on the spring switch day runs at the first valid instant after it; one that
exists twice in autumn is the first occurrence; either way the day is due once, because "sent" lives in the
journal.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Mapping

from .i18n import Text

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

_OSLO: "ZoneInfo | None" = None


def _oslo() -> "ZoneInfo":
    """Europe/Oslo, loaded on first use (``zoneinfo`` and its tz data are not needed to open the wizard)."""
    global _OSLO
    if _OSLO is None:
        from zoneinfo import ZoneInfo

        _OSLO = ZoneInfo("Europe/Oslo")
    return _OSLO


def __getattr__(name: str):  # ``from ledgerwizard.core.schedule import OSLO``
    if name == "OSLO":
        return _oslo()
    raise AttributeError(name)


def parse_stamp(text: str | None) -> dt.datetime | None:
    """A journal time stamp (ISO 8601, written in UTC; one without a zone is UTC) as an aware time; None for a
    missing or garbled one."""
    try:
        t = dt.datetime.fromisoformat(text or "")
    except (TypeError, ValueError):
        return None
    return t if t.tzinfo else t.replace(tzinfo=dt.timezone.utc)


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
RECHECK = dt.timedelta(minutes=15)


def local_instant(day: dt.date, at: dt.time, tz: ZoneInfo | None = None) -> dt.datetime:
    """``day`` at ``at`` on the wall clock, as an aware instant. A time in the spring gap → the first valid
    minute after the gap (03:00 in Norway); an ambiguous autumn time → its first occurrence."""
    tz = tz or _oslo()
    naive = dt.datetime.combine(day, at)
    for minutes in range(0, 181):
        cand = (naive + dt.timedelta(minutes=minutes)).replace(tzinfo=tz, fold=0)
        if cand.astimezone(dt.timezone.utc).astimezone(tz).replace(tzinfo=None) == cand.replace(tzinfo=None):
            return cand
    raise ValueError(f"no valid local time near {naive}")  # pragma: no cover


@dataclass(frozen=True)
class Plan:
    times: dict[str, str]  # weekday -> "HH:MM"
    cutoff: dt.time = dt.time(5, 0)
    auto_send: bool = False
    paused: bool = False
    first_day: dt.date | None = None  # nothing before this is sent automatically (the go-live day)
    confirm_above: int = 7  # catching up more days than this asks the user first
    z_deadline: dt.timedelta = dt.timedelta(hours=12)  # notify when a day's Z report is this late

    @classmethod
    def from_settings(cls, settings, paused: bool = False) -> "Plan":
        sched = settings.schedule or {}
        times = {d: (sched.get("weekdays") or {}).get(d, sched.get("time", "06:00")) for d in WEEKDAYS}
        cutoff = dt.time.fromisoformat(settings.stores[0].cutoff) if settings.stores else dt.time(5, 0)
        first = sched.get("first_day")
        return cls(times, cutoff, bool(sched.get("auto_send")), paused or bool(sched.get("paused")),
                   dt.date.fromisoformat(first) if first else None, int(sched.get("confirm_above", 7)))

    def slot(self, day: dt.date) -> dt.datetime:
        h, m = map(int, self.times[WEEKDAYS[day.weekday()]].split(":"))
        return local_instant(day, dt.time(h, m))

    def due_at(self, business_day: dt.date) -> dt.datetime:
        """The first send slot at or after the business day has ended."""
        end = local_instant(business_day + dt.timedelta(days=1), self.cutoff)
        day = end.astimezone(_oslo()).date()
        for add in range(0, 8):
            s = self.slot(day + dt.timedelta(days=add))
            if s >= end:
                return s
        raise AssertionError("unreachable")  # pragma: no cover

    def next_slot(self, now: dt.datetime) -> dt.datetime:
        day = now.astimezone(_oslo()).date()
        for add in range(0, 9):
            s = self.slot(day + dt.timedelta(days=add))
            if s > now:
                return s
        raise AssertionError("unreachable")  # pragma: no cover


@dataclass
class Decision:
    store: str
    business_day: dt.date
    action: str  # send, wait_z, late_z, sent, retry_later, checking, held, needs_attention, paused, off
    reason: Text
    at: dt.datetime | None = None  # when it becomes actionable, if later


@dataclass
class Agenda:
    send: list[tuple[str, dt.date]] = field(default_factory=list)  # in order, oldest first
    recheck: list[tuple[str, dt.date]] = field(default_factory=list)  # held days: do the figures agree now?
    decisions: list[Decision] = field(default_factory=list)
    wake: dt.datetime | None = None  # when to look again (the next slot, a retry, or the 15-minute re-check)
    confirm: bool = False  # catching up many days: ask first

    def by_action(self, action: str) -> list[Decision]:
        return [d for d in self.decisions if d.action == action]


@dataclass
class SendRequest:
    """What "Send now for…" asks for: some stores and a range of business days (validated without a GUI)."""

    stores: list[str]
    first: dt.date
    last: dt.date
    accept: tuple[tuple[str, dt.date, str], ...] = ()  # (store, day, fingerprint): differences a person accepted

    MAX_DAYS = 366

    def problems(self, today: dt.date) -> list[Text]:
        out = []
        if not self.stores:
            out.append(Text("Velg minst én butikk.", "Choose at least one store."))
        if self.first > self.last:
            out.append(Text("Fra-datoen er etter til-datoen.", "The from date is after the to date."))
        elif (self.last - self.first).days >= self.MAX_DAYS:
            out.append(Text("Velg høyst ett år om gangen.", "Choose at most one year at a time."))
        if self.last >= today:
            out.append(Text("Bare avsluttede dager kan sendes: velg dager før i dag.",
                            "Only closed days can be sent: choose days before today."))
        return out

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


def retry_delay(attempts: int) -> dt.timedelta:
    """5, 10, 20, 40, 80 minutes … capped at 2 hours between automatic retries of a failed transfer."""
    return min(dt.timedelta(minutes=5) * (2 ** max(0, attempts - 1)), dt.timedelta(hours=2))


def agenda(plan: Plan, now: dt.datetime, stores: list[str], closed: dict[str, dict[dt.date, bool]],
           journal_rows: Mapping[tuple[str, dt.date], object], horizon_days: int = 62) -> Agenda:
    """Everything that is due at ``now`` and why the rest is not.

    ``closed[store][day]`` is True for a day with its Z report in the export folder, False for one seen without a
    Z (waiting); ``journal_rows[(store, day)]`` are the journal's rows (state, attempts, retryable, updated_at).
    """
    out = Agenda()
    today = now.astimezone(_oslo()).date()
    wake = min(plan.next_slot(now), now + RECHECK)
    for store in stores:
        start = max(today - dt.timedelta(days=horizon_days), plan.first_day or dt.date.min)
        # a day before the export's first day is not late: the POS had not started exporting (or the shop had not
        # started using ledgerwizard); only the go-live day says otherwise
        seen = closed.get(store) or {}
        if plan.first_day is None:
            start = max(start, min(seen)) if seen else today
        # before the horizon (a PC off for months, a store re-enabled): only the days the export or the journal
        # has, from the go-live day on, so none is skipped without a word and no missing day is called late
        floor = plan.first_day or start
        older = sorted({d for d in seen if floor <= d < start} |
                       {d for (s, d), r in journal_rows.items()
                        if s == store and floor <= d < start and getattr(r, "state", None) != "sent"})
        for day in itertools.chain(older, (start + dt.timedelta(days=n) for n in range(max(0, (today - start).days)))):
            due = plan.due_at(day)
            row = journal_rows.get((store, day))
            state = getattr(row, "state", None)
            has_z = closed.get(store, {}).get(day)
            if due > now or (day < start and has_z is None):
                continue  # (before the look-back, a day the export no longer has is not called late)
            if state == "sent":
                pass
            elif not plan.auto_send:
                if has_z is not None:
                    out.decisions.append(Decision(store, day, "off", Text("Automatisk sending er av.", "Automatic sending is off.")))
            elif plan.paused:
                out.decisions.append(Decision(store, day, "paused", Text("Sending er satt på pause.", "Sending is paused.")))
            elif has_z is None or has_z is False:
                late = now >= due + plan.z_deadline
                out.decisions.append(Decision(
                    store, day, "late_z" if late else "wait_z",
                    Text("Z-rapporten for dagen er ikke i eksportmappen ennå." + (" Den er forsinket." if late else ""),
                         "The day's Z report is not in the export folder yet." + (" It is late." if late else ""))))
                if not late:
                    wake = min(wake, due + plan.z_deadline)
            elif state == "failed" and not getattr(row, "retryable", True):
                out.decisions.append(Decision(store, day, "needs_attention", Text(
                    "Overføringen feilet og må rettes (se feilmeldingen).", "The transfer failed and needs fixing (see the error).")))
            elif state == "held":
                # looked at again at every run (a later export may correct it): cheap, nothing is sent unless it
                # reconciles or a person accepted its differences
                out.recheck.append((store, day))
                out.decisions.append(Decision(store, day, "held", Text(
                    "Dagen stemmer ikke med Z-rapporten og venter på en beslutning.",
                    "The day does not reconcile with its Z report and waits for a decision.")))
            elif state in ("uncertain", "sending"):
                # asked about at the retry cadence (it is only looked up, never re-posted, before it has settled)
                last = min(parse_stamp(getattr(row, "updated_at", "")) or now, now)
                at = last + retry_delay(int(getattr(row, "attempts", 1) or 1))
                settled = parse_stamp(getattr(row, "check_after", ""))
                if settled is not None:
                    at = min(at, max(settled, last))
                if at > now:
                    out.decisions.append(Decision(store, day, "checking", Text(
                        "Usikkert om bilaget ble bokført: kontrolleres mot regnskapet.",
                        "Unknown whether the voucher was posted: being checked with the ledger."), at))
                    wake = min(wake, at)
                else:
                    out.send.append((store, day))
                    out.decisions.append(Decision(store, day, "send", Text(
                        "Kontrolleres mot regnskapet nå.", "Checking with the ledger now.")))
            elif state == "failed":
                last = min(parse_stamp(getattr(row, "updated_at", "")) or now, now)  # a clock set back: no long wait
                at = last + retry_delay(int(getattr(row, "attempts", 1) or 1))
                if at > now:
                    out.decisions.append(Decision(store, day, "retry_later", Text(
                        "Nytt forsøk senere.", "Retrying later."), at))
                    wake = min(wake, at)
                else:
                    out.send.append((store, day))
                    out.decisions.append(Decision(store, day, "send", Text("Nytt forsøk nå.", "Retrying now.")))
            else:
                out.send.append((store, day))
                out.decisions.append(Decision(store, day, "send", Text("Dagen er avsluttet og ikke sendt.",
                                                                         "The day is closed and not sent.")))
    out.send.sort(key=lambda sd: (sd[1], sd[0]))
    out.recheck.sort(key=lambda sd: (sd[1], sd[0]))
    out.confirm = len({d for _, d in out.send}) > plan.confirm_above
    out.wake = wake
    return out


