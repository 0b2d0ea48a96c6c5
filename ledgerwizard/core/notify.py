"""What the user is told after a run, as data: the notification policy, no Qt.

Given a run's report (``core.runreport``), what was already told, and the settings' flags, ``notifications``
returns the notifications to show (their kind, the store-days they are about, the text in both languages,
critical or not) and the new "already told" set. The tray maps each to a pop-up with its own translated title;
a run's outcome is never told twice, and a transient problem is not told before the automatic retries have had
their chance:

* the run itself failed (settings unreadable, journal locked …): once per kind of problem, again only after a
  run without that problem;
* a notice (the journal was rebuilt from the ledger): once;
* days held for their differences against the Z report: one notification per run for the new ones;
* a failed day: at once when retrying cannot help (a wrong key, a locked period), else only after
  ``NOTIFY_AFTER_ATTEMPTS`` automatic attempts; once per day;
* days sent: only when the settings ask for it (``schedule.notify_success``), every time;
* a day whose Z report is late: once per day;
* credit sales that did not become orders (issue 15): one notification per run for the new ones, each with its
  reason and what to do: a held order (a customer not linked …) at once, a failed one as a failed day (at once
  when retrying cannot help, else after ``NOTIFY_AFTER_ATTEMPTS`` attempts); once per order.

``per_run=True`` folds them into one summary per run ("3 dager sendt, 1 trenger oppmerksomhet"), for surfaces that
want a single line per run.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Mapping, NamedTuple

from .i18n import Text

NOTIFY_AFTER_ATTEMPTS = 4  # a transient failure is told after this many automatic attempts (~1¼ hours), not before

# kinds, in the order a run's notifications are shown
RUN_FAILED, NOTICE, HELD, FAILED, SENT, LATE_Z, SUMMARY, ORDERS = "run_failed", "notice", "held", "failed", "sent", \
    "late_z", "summary", "orders"
ORDER_LINES = 3  # an orders notification names this many orders with their reasons; the status window has the rest


@dataclass(frozen=True)
class Notification:
    kind: str  # one of the kinds above
    text: Text  # the body, both languages (the surface gives the title)
    critical: bool = False  # something a person must act on (shown as an error), else information
    days: tuple[tuple[str, dt.date], ...] = ()  # the (store, business day)s it is about; () for the whole run
    orders: tuple[tuple[str, dt.date, str], ...] = ()  # the (store, business day, order document)s it is about


class Told(NamedTuple):
    notifications: list[Notification]
    notified: frozenset  # what has been told so far, to pass to the next call


def needs_person(retryable: bool, attempts: int, after_attempts: int = NOTIFY_AFTER_ATTEMPTS) -> bool:
    """A failure a person must hear of: one the automatic retries cannot mend, or have not mended after
    ``after_attempts`` (no nagging on a passing one)."""
    return not retryable or attempts >= after_attempts


def notifications(report, notified: frozenset | set = frozenset(), *, notify_success: bool = False,
                  store_names: Mapping[str, str] | None = None, after_attempts: int = NOTIFY_AFTER_ATTEMPTS,
                  per_run: bool = False) -> Told:
    """The notifications for ``report`` (a ``RunReport``) given what was ``notified`` before (the ``notified`` of
    the previous call; empty at start). ``store_names`` maps store ids to the names the user knows."""
    names = store_names or {}
    told = set(notified)
    out: list[Notification] = []

    def name(store: str) -> str:
        return names.get(store, store)

    if report.error_text is not None:
        if ("run", report.error_code) not in told:
            told.add(("run", report.error_code))  # once per kind of problem, not at every re-check
            out.append(Notification(RUN_FAILED, report.error_text, critical=True))
    else:
        told = {k for k in told if k[0] != "run"}  # the problem is gone: a new one is told again
    if report.notice is not None and ("notice", report.notice.en) not in told:
        told.add(("notice", report.notice.en))
        out.append(Notification(NOTICE, report.notice))
    held = [o for o in report.outcomes if o.status == "held" and (o.store, o.business_day, "held") not in told]
    if held:  # one notice per run, not one per store and day
        told.update((o.store, o.business_day, "held") for o in held)
        days = ", ".join(f"{name(o.store)} {o.business_day:%d.%m}" for o in held)
        out.append(Notification(HELD, Text(
            f"{len(held)} dag(er) stemmer ikke med Z-rapporten og ble ikke sendt: {days}. Klikk på ikonet for å se "
            f"avvikene.",
            f"{len(held)} day(s) do not agree with the Z report and were not sent: {days}. Click the icon to see the "
            f"differences."), critical=True, days=tuple((o.store, o.business_day) for o in held)))
    for o in report.outcomes:
        if o.ok or o.status in ("skipped", "dry_run", "held", "uncertain"):
            continue
        key = (o.store, o.business_day, "failed")
        if key in told:
            continue
        if needs_person(o.retryable, o.attempts, after_attempts):  # no nagging on a transient failure
            told.add(key)
            why = o.error_text or o.message
            day = f"{name(o.store)} {o.business_day:%d.%m.%Y}"
            out.append(Notification(FAILED, Text(f"{day}: {why.nb}", f"{day}: {why.en}"), critical=True,
                                    days=((o.store, o.business_day),)))
    sent = [o for o in report.outcomes if o.status in ("sent", "recovered")]
    if sent and (notify_success or per_run):
        lines = [(f"{name(o.store)} {o.business_day:%d.%m.%Y}", o.voucher_number) for o in sent]
        out.append(Notification(SENT, Text("\n".join(f"{d}: bilag {n}" for d, n in lines),
                                           "\n".join(f"{d}: voucher {n}" for d, n in lines)),
                                days=tuple((o.store, o.business_day) for o in sent)))
    for d in report.by_action("late_z"):
        key = (d.store, d.business_day, "late_z")
        if key not in told:
            told.add(key)
            day = f"{name(d.store)} {d.business_day:%d.%m.%Y}"
            out.append(Notification(LATE_Z, Text(f"{day}: {d.reason.nb}", f"{day}: {d.reason.en}"),
                                    days=((d.store, d.business_day),)))
    orders = []
    for o in getattr(report, "orders", []):
        if o.status == "held":
            kind = "order_held"
        elif o.status == "failed" and needs_person(o.retryable, o.attempts, after_attempts):
            kind = "order_failed"
        else:
            continue
        okey = (o.store, o.business_day, o.doc, kind)
        if okey not in told:
            told.add(okey)
            orders.append(o)
    if orders:
        lines = [(f"{name(o.store)} {o.business_day:%d.%m}: ", _order_text(o)) for o in orders[:ORDER_LINES]]
        more = len(orders) - ORDER_LINES
        tail = [Text(f"… og {more} til: se Status….", f"… and {more} more: see Status….")] if more > 0 else []
        head = Text(f"{len(orders)} kredittsalg ble ikke sendt som ordre og trenger deg:",
                    f"{len(orders)} credit sale(s) were not sent as orders and need you:")
        out.append(Notification(ORDERS, Text("\n".join([head.nb] + [w + t.nb for w, t in lines] + [t.nb for t in tail]),
                                             "\n".join([head.en] + [w + t.en for w, t in lines] + [t.en for t in tail])),
                                critical=True, orders=tuple((o.store, o.business_day, o.doc) for o in orders)))
    if per_run:
        out = _summary(out, notify_success)
    return Told(out, frozenset(told))


def _order_text(o) -> Text:
    """A held order's reason (it says what to do); a failed one's error with its next step, naming the receipt."""
    if o.status != "failed" or o.error_text is None:
        return o.message
    return Text(f"Kvittering {o.receipt} (kasse {o.register}), {o.customer}: {o.error_text.nb}",
                f"Receipt {o.receipt} (register {o.register}), {o.customer}: {o.error_text.en}")


def _count(n: int, nb: tuple[str, str], en: tuple[str, str]) -> Text:
    return Text(f"{n} {nb[0] if n == 1 else nb[1]}", f"{n} {en[0] if n == 1 else en[1]}")


def _summary(notes: list[Notification], notify_success: bool) -> list[Notification]:
    """One notification for the run: how many days were sent, how many need attention (and which), how many wait
    for their Z report, then whatever concerns the whole run. Nothing when only days were sent and success is not
    to be told."""
    by = {k: [n for n in notes if n.kind == k] for k in (RUN_FAILED, NOTICE, HELD, FAILED, SENT, LATE_Z, ORDERS)}
    attention = [day for n in by[HELD] + by[FAILED] for day in n.days]
    orders = [o for n in by[ORDERS] for o in n.orders]
    if not (attention or orders or by[LATE_Z] or by[RUN_FAILED] or by[NOTICE] or (by[SENT] and notify_success)):
        return []
    parts: list[Text] = []
    sent = [day for n in by[SENT] for day in n.days]
    if sent:
        parts.append(_count(len(sent), ("dag sendt", "dager sendt"), ("day sent", "days sent")))
    if attention:
        parts.append(_count(len(attention), ("trenger oppmerksomhet", "trenger oppmerksomhet"),
                            ("needs attention", "need attention")))
    if orders:
        parts.append(_count(len(orders), ("ordre trenger oppmerksomhet", "ordre trenger oppmerksomhet"),
                            ("order needs attention", "orders need attention")))
    late = [day for n in by[LATE_Z] for day in n.days]
    if late:
        parts.append(_count(len(late), ("venter på Z-rapporten", "venter på Z-rapporten"),
                            ("waits for its Z report", "wait for their Z report")))
    sentences = []
    if parts:
        sentences.append(Text(", ".join(p.nb for p in parts) + ".", ", ".join(p.en for p in parts) + "."))
    sentences += [n.text for n in by[HELD] + by[FAILED] + by[ORDERS] + by[RUN_FAILED] + by[NOTICE]]
    if notify_success:
        sentences += [n.text for n in by[SENT]]
    return [Notification(SUMMARY, Text("\n".join(s.nb for s in sentences), "\n".join(s.en for s in sentences)),
                         critical=any(n.critical for n in notes),
                         days=tuple(day for n in notes for day in n.days),
                         orders=tuple(o for n in notes for o in n.orders))]


def problem(report) -> Text | None:
    """The run's latest problem, for the tray's tooltip: the last day that failed (or was held, or is uncertain),
    else the run's own failure; None when there is none."""
    failed = [o for o in report.outcomes if not o.ok and o.status not in ("skipped", "dry_run")]
    if failed:
        return failed[-1].error_text or failed[-1].message
    if report.error_text is not None:
        return report.error_text
    orders = [o for o in getattr(report, "orders", []) if o.status in ("held", "failed")]
    if orders:
        o = orders[-1]
        return Text(f"Ordre ({o.register}/{o.receipt}): {o.message.nb}", f"Order ({o.register}/{o.receipt}): {o.message.en}")
    return None
