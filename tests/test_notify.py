"""What the user is told after a run (core/notify.py): the policy alone, without Qt, a tray or an emulator."""

import datetime as dt
import subprocess
import sys

from ledgerwizard.core import notify
from ledgerwizard.core.i18n import Text
from ledgerwizard.core.notify import NOTIFY_AFTER_ATTEMPTS, notifications, problem
from ledgerwizard.core.runreport import DecisionReport, OutcomeReport, RunReport

DAY = dt.date(2026, 3, 2)
NAMES = {"s1": "Frogner", "s2": "Majorstuen"}


def _out(store="s1", status="failed", day=DAY, retryable=True, attempts=1, voucher="", error=True):
    return OutcomeReport(store, day, status, Text("feil", "failed"), voucher_number=voucher,
                         error_code="ledger_network" if status == "failed" else "",
                         error_text=Text("Ingen nett.", "No network.") if status == "failed" and error else None,
                         retryable=retryable, attempts=attempts)


def _run(*outcomes, **kw):
    return RunReport(outcomes=list(outcomes), **kw)


def _runs(reports, **kw):
    """Each report in turn, as the tray passes what was told on: the notifications of each run."""
    told, out = frozenset(), []
    for rep in reports:
        got = notifications(rep, told, store_names=NAMES, **kw)
        told = got.notified
        out.append(got.notifications)
    return out


def test_a_transient_failure_is_told_only_after_the_automatic_attempts_and_then_once():
    runs = _runs([_run(_out(attempts=n)) for n in range(1, NOTIFY_AFTER_ATTEMPTS + 3)])
    assert [len(r) for r in runs] == [0] * (NOTIFY_AFTER_ATTEMPTS - 1) + [1, 0, 0]
    (n,) = runs[NOTIFY_AFTER_ATTEMPTS - 1]
    assert n.kind == notify.FAILED and n.critical and n.days == (("s1", DAY),)
    assert n.text == Text("Frogner 02.03.2026: Ingen nett.", "Frogner 02.03.2026: No network.")


def test_a_failure_retrying_cannot_help_is_told_at_once_and_once():
    wrong_key = _out("s2", retryable=False, attempts=1)
    first, again = _runs([_run(wrong_key), _run(wrong_key)])
    assert [(n.kind, n.critical, n.text.en) for n in first] == [("failed", True, "Majorstuen 02.03.2026: No network.")]
    assert again == []


def test_a_failure_without_an_error_text_is_told_with_its_message_and_an_unknown_store_by_its_id():
    (n,), = _runs([_run(_out("s9", retryable=False, error=False))])
    assert n.text == Text("s9 02.03.2026: feil", "s9 02.03.2026: failed")


def test_held_days_are_told_in_one_notification_per_run_and_each_day_once():
    d2 = DAY + dt.timedelta(days=1)
    first, again, more = _runs([
        _run(_out("s1", "held"), _out("s2", "held"), _out("s1", "sent", d2, voucher="10007")),
        _run(_out("s1", "held"), _out("s2", "held")),
        _run(_out("s1", "held"), _out("s2", "held"), _out("s2", "held", d2)),
    ])
    (n,) = first  # the day sent is not told: success notifications are off
    assert n.kind == notify.HELD and n.critical and n.days == (("s1", DAY), ("s2", DAY))
    assert n.text.en == ('2 day(s) do not agree with the Z report and were not sent: Frogner 02.03, Majorstuen '
                         '02.03. Click the icon to see the differences.')
    assert n.text.nb == ("2 dag(er) stemmer ikke med Z-rapporten og ble ikke sendt: Frogner 02.03, Majorstuen "
                         "02.03. Klikk på ikonet for å se avvikene.")
    assert again == []
    (n,) = more  # only the new one
    assert n.days == (("s2", d2),) and n.text.en.startswith("1 day(s)") and "Majorstuen 03.03." in n.text.en


def test_held_and_uncertain_days_are_not_told_as_failures():
    runs = _runs([_run(_out("s1", "uncertain", attempts=9), _out("s2", "held", attempts=9))])
    assert [n.kind for n in runs[0]] == [notify.HELD]


def test_days_sent_are_told_only_when_switched_on_and_then_every_run():
    sent = _run(_out("s1", "sent", voucher="10007"), _out("s2", "recovered", voucher="10008"),
                _out("s2", "already_sent", DAY - dt.timedelta(days=1)))
    assert _runs([sent, sent]) == [[], []]
    on = _runs([sent, sent], notify_success=True)
    assert [[(n.kind, n.critical) for n in r] for r in on] == [[("sent", False)]] * 2
    assert on[0][0].text == Text("Frogner 02.03.2026: bilag 10007\nMajorstuen 02.03.2026: bilag 10008",
                                 "Frogner 02.03.2026: voucher 10007\nMajorstuen 02.03.2026: voucher 10008")


def test_a_late_z_report_is_told_once_per_day():
    late = DecisionReport("s1", DAY, "late_z", Text("Z-rapporten mangler.", "The Z report is missing."))
    other = DecisionReport("s2", DAY, "send", Text("sendes", "is sent"))
    first, again = _runs([_run(decisions=[late, other]), _run(decisions=[late, other])])
    assert [(n.kind, n.critical, n.text.en) for n in first] == \
        [("late_z", False, "Frogner 02.03.2026: The Z report is missing.")]
    assert again == []


def test_the_rebuilt_journal_notice_is_told_once():
    notice = Text("Overføringsloggen ble bygd opp igjen.", "The transfer journal was rebuilt.")
    first, again = _runs([_run(notice=notice), _run(notice=notice)])
    assert [(n.kind, n.critical, n.text) for n in first] == [("notice", False, notice)]
    assert again == []


def test_a_failed_run_is_told_once_per_kind_of_problem_and_again_after_it_was_gone():
    locked = _run(error_code="journal_locked", error_text=Text("Låst.", "Locked."))
    unreadable = _run(error_code="settings_invalid", error_text=Text("Uleselig.", "Unreadable."))
    runs = _runs([locked, locked, unreadable, locked, _run(), locked])
    assert [[(n.kind, n.text.en) for n in r] for r in runs] == [
        [("run_failed", "Locked.")], [], [("run_failed", "Unreadable.")], [], [], [("run_failed", "Locked.")]]
    assert runs[0][0].critical


def test_the_order_of_a_runs_notifications():
    rep = _run(_out("s1", "held"), _out("s2", retryable=False), _out("s1", "sent", DAY - dt.timedelta(days=1), voucher="7"),
               decisions=[DecisionReport("s2", DAY, "late_z", Text("Mangler.", "Missing."))],
               error_code="x", error_text=Text("Feil.", "Error."), notice=Text("Obs.", "Note."))
    (kinds,) = [[n.kind for n in r] for r in _runs([rep], notify_success=True)]
    assert kinds == ["run_failed", "notice", "held", "failed", "sent", "late_z"]


def test_one_summary_per_run_says_how_many_were_sent_and_how_many_need_attention():
    d = [DAY + dt.timedelta(days=i) for i in range(3)]
    rep = _run(*[_out("s1", "sent", x, voucher=str(i)) for i, x in enumerate(d)], _out("s2", "held"),
               _out("s2", retryable=True, attempts=1, day=d[1]))  # a transient failure: not yet
    (summary,), again = _runs([rep, rep], per_run=True)
    assert summary.kind == notify.SUMMARY and summary.critical
    assert summary.text.en.splitlines()[0] == "3 days sent, 1 needs attention."
    assert summary.text.nb.splitlines()[0] == "3 dager sendt, 1 trenger oppmerksomhet."
    assert "Majorstuen 02.03" in summary.text.en.splitlines()[1]  # which day, and what to do
    assert set(summary.days) == {("s1", x) for x in d} | {("s2", DAY)}
    assert again == []  # the held day was told; the days sent alone are not news (success is off)


def test_a_summary_of_days_sent_only_when_switched_on():
    rep = _run(_out("s1", "sent", voucher="1"))
    assert _runs([rep], per_run=True) == [[]]
    ((n,),) = _runs([rep], per_run=True, notify_success=True)
    assert n.text == Text("1 dag sendt.\nFrogner 02.03.2026: bilag 1", "1 day sent.\nFrogner 02.03.2026: voucher 1") \
        and not n.critical  # which day, with the ledger's number


def test_a_summary_counts_late_z_reports_and_carries_the_runs_own_problem():
    late = [DecisionReport(s, DAY, "late_z", Text("Mangler.", "Missing.")) for s in ("s1", "s2")]
    rep = _run(decisions=late, error_code="x", error_text=Text("Feil.", "Error."))
    ((n,),) = _runs([rep], per_run=True)
    assert n.text.en == "2 wait for their Z report.\nError." and n.critical


def test_the_problem_for_the_tooltip_is_the_last_failed_day_else_the_runs_own():
    assert problem(_run(_out("s1", "sent"))) is None
    assert problem(_run(_out("s1", retryable=False), _out("s2", "held"))) == Text("feil", "failed")
    assert problem(_run(_out("s2", "held"), _out("s1"))) == Text("Ingen nett.", "No network.")
    assert problem(_run(_out("s1", "skipped"), error_code="x", error_text=Text("Feil.", "Error."))) == \
        Text("Feil.", "Error.")


def test_the_policy_needs_no_qt():
    code = ("import sys, ledgerwizard.core.notify, ledgerwizard.core.runreport; "
            "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
