"""Community points (社区积分): which awards an event's closing or a rating earns, and admin commands parsed.

Pure: no SQL, no clock. Every award names (user, event, reason) so storage can refuse a second copy.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum

from bot.core.types import Event, Outcome, Status


class Reason(StrEnum):
    """Why a ledger row exists."""

    REPORT_CONFIRMED = "report_confirmed"  # a resident's report closed as a real problem
    CLOSED_IN_TIME = "closed_in_time"  # the worker closed before the fix-by time
    CLOSE_REOPENED = "close_reopened"  # a close's award taken back: the event opened again (not fixed after all)
    GOOD_RATING = "good_rating"  # the resident answered the survey 'satisfied'
    AWARD = "award"  # admin: +n
    DEDUCT = "deduct"  # admin: -n
    REDEEM = "redeem"  # admin: -n, exchanged for something (needs the balance)


ADMIN_REASONS = (Reason.AWARD, Reason.DEDUCT, Reason.REDEEM)
EARNED_REASONS = (Reason.REPORT_CONFIRMED, Reason.CLOSED_IN_TIME, Reason.GOOD_RATING, Reason.CLOSE_REOPENED)
# Accepted words for the admin sub-commands (English and Chinese).
ACTIONS = {
    "award": Reason.AWARD,
    "add": Reason.AWARD,
    "奖励": Reason.AWARD,
    "加": Reason.AWARD,
    "deduct": Reason.DEDUCT,
    "扣除": Reason.DEDUCT,
    "扣": Reason.DEDUCT,
    "redeem": Reason.REDEEM,
    "兑换": Reason.REDEEM,
}
MAX_AMOUNT = 100_000


@dataclass(frozen=True, slots=True)
class Rules:
    """How many points each thing earns (from the settings); 0 switches a rule off."""

    report_confirmed: int = 10
    closed_in_time: int = 5
    good_rating: int = 3
    confirmed_outcomes: frozenset[Outcome] = frozenset({Outcome.FIXED, Outcome.REFERRED})


@dataclass(frozen=True, slots=True)
class Award:
    """One ledger row to write for an event."""

    user_id: int
    delta: int
    reason: Reason
    event_id: int
    round: int = 0  # the close it is about (the event's reopened_count then): a close earns again after a reopening


def for_close(ev: Event, rules: Rules, closer: int | None = None) -> list[Award]:
    """The awards a just-closed event earns (``closer``: who closed it).

    The reporter (the first: a neighbour who joined her report, a "+1" or a merged report, earns nothing, so a
    storm of "+1"s is not paid many times over): when the outcome confirms a real problem (by default fixed or
    referred; cannot_fix is left out, since it is also how a worker closes a report that turned out to be nothing).
    The assignee: when closed no later than the event's due time, for any outcome but duplicate (merging is not a
    fix).
    A worker's own report that he handled earns nothing (he would set its fix-by time by accepting and
    confirm it by closing: points for reports he made up), and no report is confirmed by its own closer.
    """
    if ev.status is not Status.CLOSED or ev.outcome is None or ev.reporter_id == ev.assignee_id:
        return []
    out: list[Award] = []
    if rules.report_confirmed > 0 and ev.outcome in rules.confirmed_outcomes and ev.reporter_id != closer:
        out.append(Award(ev.reporter_id, rules.report_confirmed, Reason.REPORT_CONFIRMED, ev.id))
    in_time = ev.due_at is not None and ev.closed_at is not None and ev.closed_at <= ev.due_at
    if rules.closed_in_time > 0 and in_time and ev.assignee_id is not None and ev.outcome is not Outcome.DUPLICATE:
        out.append(Award(ev.assignee_id, rules.closed_in_time, Reason.CLOSED_IN_TIME, ev.id, ev.reopened_count))
    return out


TAKEN_BACK = {Reason.CLOSED_IN_TIME: Reason.CLOSE_REOPENED}  # what a close earned that its reopening takes back


def for_reopen(earned: Iterable[Award]) -> list[Award]:
    """A closed event opened again (its residents say it is not fixed): what its last close earned the worker
    (``earned``: that close's round of the event's ledger) is taken back, a row of the opposite sign each, in the
    same round (so once per reopening); the reporter keeps her confirmed report. The next close earns anew."""
    return [
        Award(a.user_id, -a.delta, TAKEN_BACK[a.reason], a.event_id, a.round)
        for a in earned
        if a.reason in TAKEN_BACK and a.delta > 0
    ]


def for_rating(
    event_id: int, worker_id: int | None, choice: str, rules: Rules, rater: int | None = None
) -> list[Award]:
    """A survey answer: 'satisfied' earns the worker who closed the event points (once per event); not when
    the one answering is that worker (``rater``: who answered)."""
    if choice != "satisfied" or worker_id is None or rules.good_rating <= 0 or rater == worker_id:
        return []
    return [Award(worker_id, rules.good_rating, Reason.GOOD_RATING, event_id)]


def parse_outcomes(text: str) -> frozenset[Outcome]:
    """'fixed,referred' → the outcomes; unknown names raise ValueError."""
    return frozenset(Outcome(x.strip()) for x in text.split(",") if x.strip())


# --- admin commands ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AdminCommand:
    """`/points award|deduct|redeem <@user|id> <n> [note]` (or as a reply, without the user)."""

    action: Reason
    target: str | None  # '@username' or a numeric id; None: the user replied to
    amount: int
    note: str


_INT = re.compile(r"^[+-]?\d+$")
_USER_ID = re.compile(r"^[0-9]{1,15}$")  # a Telegram user id: ASCII digits that fit SQLite's INTEGER


def parse_amount(word: str) -> int | None:
    """A positive whole number of points, or None."""
    if not _INT.match(word):
        return None
    n = int(word)
    return n if 0 < n <= MAX_AMOUNT else None


def parse_admin(args: list[str], has_reply: bool) -> AdminCommand | str:
    """Parse the words after /points; returns the command or a locale key naming what is wrong."""
    if not args or args[0].lower() not in ACTIONS:
        return "points.usage"
    action = ACTIONS[args[0].lower()]
    rest = args[1:]
    target: str | None = None
    if rest and (rest[0].startswith("@") or (_USER_ID.match(rest[0]) and len(rest) > 1 and _INT.match(rest[1]))):
        target, rest = rest[0], rest[1:]
    elif not has_reply:
        # A lone number is either a user without an amount or an amount without a user: show the usage.
        return "points.usage" if len(rest) == 1 and rest[0].isdigit() else "points.no_user"
    if target == "@":
        return "points.no_user"
    if not rest:
        return "points.no_amount"
    amount = parse_amount(rest[0])
    if amount is None:
        return "points.bad_amount"
    return AdminCommand(action, target, amount, " ".join(rest[1:]).strip()[:200])


def signed(action: Reason, amount: int) -> int:
    """The ledger delta of an admin action."""
    return amount if action is Reason.AWARD else -amount


def leaderboard(
    totals: list[tuple[int, int]], is_worker: Callable[[int], bool], top: int = 5
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The week's best residents and best workers from (user id, points gained), each at most `top`."""
    ranked = sorted(((u, n) for u, n in totals if n > 0), key=lambda x: (-x[1], x[0]))
    return [x for x in ranked if not is_worker(x[0])][:top], [x for x in ranked if is_worker(x[0])][:top]
