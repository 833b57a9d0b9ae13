"""The escalation policy: which timers a change creates, and what a timer does when it fires.

Pure: no SQL, no Telegram, no clock reads. Every function takes the time it needs.
Over 300 lines: the timers a change creates and what each does when it fires (on time or late, alone or gathered)
are one policy, read together when a rule of it changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, time, timedelta, tzinfo
from enum import StrEnum

from bot.core.timeutil import from_epoch, to_epoch
from bot.core.types import Outcome, Status, Urgency


class TimerKind(StrEnum):
    """What a timer row is for."""

    REMIND = "remind"  # not accepted yet: remind the assignee
    ESCALATE = "escalate"  # still not accepted: the backup and the committee too
    REPING = "reping"  # red, not accepted: ping every worker again (repeats, backing off)
    DUE_REMIND = "due_remind"  # accepted, most of the fix-by time gone: remind the worker
    OVERDUE = "overdue"  # accepted, past the fix-by time: the committee is told
    SURVEY = "survey"  # some time after closing: ask the reporter whether it is fixed
    SURVEY_EXPIRE = "survey_expire"  # unanswered surveys of a round become 'unanswered'
    BRIEF = "brief"  # daily: every worker on duty gets their open events (no event)
    HANDOFF = "handoff"  # a shift boundary: open events go to the worker coming on duty (no event)
    FIRST_DM = "first_dm"  # a new event's first message to its worker, held while their phone is flooded
    UNDO_LAPSE = "undo_lapse"  # an Accept's Undo lapses: the button leaves its worker's card (core/accept_undo.py)
    PAGE = "page"  # red, nobody has it and nobody on duty to ping: the committee is paged again (``page_timer``)
    OFFICE_QUESTION = "office_question"  # a resident's question passed on in the night: the committee's in the morning
    RED_WHICH = "red_which"  # a neighbour's "which red?" question unanswered: his news settled without him


DISPATCH_KINDS = frozenset({TimerKind.REMIND, TimerKind.ESCALATE, TimerKind.REPING})
ACCEPTED_KINDS = frozenset({TimerKind.DUE_REMIND, TimerKind.OVERDUE})
GATHERED_KINDS = DISPATCH_KINDS | ACCEPTED_KINDS  # due together, one list per person and kind (services/nudges)
# the events a timer of these kinds is about must be waiting for acceptance for it to act
WAITING_KINDS = DISPATCH_KINDS | {TimerKind.FIRST_DM, TimerKind.PAGE}
# due a span after what made them (not at a time of day, as the brief and the hand-offs): a clock set back while they
# wait leaves them that much too far ahead (runtime/scheduler.py moves them), but for a row of theirs marked POINT
SPAN_KINDS = frozenset(TimerKind) - {TimerKind.BRIEF, TimerKind.HANDOFF, TimerKind.OFFICE_QUESTION}
# a row's payload flag: due at a point in time (a shift's start: the committee's part of a night's overdue notice, a
# worker's fix-by reminder kept for his shift; a card held for the morning and its chasing), not a span after
# something; a clock set back leaves it where it is (``at_point``)
POINT = "point"


# A storm's new events reach their worker's phone as cards, each with Accept: ``Policy.first_cards`` in
# FIRST_WINDOW_S. A non-red event past them is held, at most ``gather_s`` (2 minutes, as long as a chasing timer
# waits for others), and comes in one list with the others held by then ('#12' buttons bring each card). Three
# cards are what a worker reads at a glance before the phone becomes a wall of buttons; ten minutes covers a
# storm's first burst; two minutes is short against a yellow's first reminder (15 minutes) and a green's (30). A
# red is never held (``first_dm_held``).
FIRST_WINDOW_S = 10 * 60
CONFIRM_LAPSE = timedelta(hours=6)  # "Report it" pressed later than this opens nothing: write it again


class Step(StrEnum):
    """What a firing timer does, decided from the event's current state."""

    NOTHING = "nothing"
    REMIND = "remind"
    ESCALATE = "escalate"
    REPING = "reping"
    DUE_REMIND = "due_remind"
    OVERDUE = "overdue"
    SEND_SURVEY = "send_survey"
    EXPIRE_SURVEY = "expire_survey"
    BRIEF = "brief"
    HANDOFF = "handoff"
    FIRST_DM = "first_dm"
    UNDO_LAPSE = "undo_lapse"
    PAGE = "page"
    OFFICE_QUESTION = "office_question"
    RED_WHICH = "red_which"


@dataclass(frozen=True, slots=True)
class Policy:
    """The durations of the policy, in seconds (from Settings)."""

    green_remind_s: int = 30 * 60
    green_escalate_s: int = 60 * 60
    yellow_remind_s: int = 15 * 60
    yellow_escalate_s: int = 30 * 60
    red_reping_s: int = 5 * 60
    red_fast_repings: int = 3  # re-pings every red_reping_s; then the gap doubles, up to red_reping_max_s
    red_reping_max_s: int = 60 * 60
    red_page_s: int = 10 * 60  # a red nobody has, nobody on duty: the committee is paged again this often …
    red_pages: int = 3  # … this many times, the last saying it was the last (0: never)
    first_cards: int = 3  # a worker's new events that come as cards in FIRST_WINDOW_S, the rest held (0: none held)
    gather_s: int = 120  # a chasing or fix-by timer waits this long at most for others due after it: one list
    gather_most: int = 40  # at most this many timers fire together
    green_due_s: int = 48 * 3600
    yellow_due_s: int = 24 * 3600
    red_due_s: int = 4 * 3600
    due_remind_share: float = 0.75
    survey_delay_s: int = 2 * 3600
    survey_expire_s: int = 48 * 3600
    brief_time: time = time(8, 0)

    def due_s(self, urgency: Urgency) -> int:
        """How long an accepted event may stay open."""
        return {Urgency.GREEN: self.green_due_s, Urgency.YELLOW: self.yellow_due_s, Urgency.RED: self.red_due_s}[
            urgency
        ]


@dataclass(frozen=True, slots=True)
class TimerSpec:
    """A timer to write: what, when, and a little data."""

    kind: TimerKind
    due_at: datetime
    payload: dict = field(default_factory=dict)


def at_point(spec: TimerSpec) -> TimerSpec:
    """The row due at a point in time (``POINT``): a clock set back leaves it where it is."""
    return replace(spec, payload={**spec.payload, POINT: 1})


@dataclass(frozen=True, slots=True)
class AtOnce:
    """Who is pinged the moment an event is dispatched (the primary always is)."""

    committee: bool = False
    backup: bool = False
    emergency_contacts: bool = False
    group_emergency_reply: bool = False


def at_once(urgency: Urgency) -> AtOnce:
    """Red: everyone at once and the group gets the emergency numbers; yellow: the committee."""
    if urgency is Urgency.RED:
        return AtOnce(committee=True, backup=True, emergency_contacts=True, group_emergency_reply=True)
    if urgency is Urgency.YELLOW:
        return AtOnce(committee=True)
    return AtOnce()


def dispatch_timers(urgency: Urgency, now: datetime, policy: Policy, since: datetime | None = None) -> list[TimerSpec]:
    """Timers of an event waiting to be accepted (new, handed back from accepted, reopened), counted from now;
    ``since``: when its wait began, if before now (its colour changed while it waited), which the messages its
    timers send count from (``waited_s``)."""
    began = {"since": to_epoch(min(since, now) if since is not None else now)}
    if urgency is Urgency.RED:
        return [TimerSpec(TimerKind.REPING, now + timedelta(seconds=policy.red_reping_s), {"n": 1, **began})]
    if urgency is Urgency.YELLOW:
        remind, escalate = policy.yellow_remind_s, policy.yellow_escalate_s
    else:
        remind, escalate = policy.green_remind_s, policy.green_escalate_s
    return [
        TimerSpec(TimerKind.REMIND, now + timedelta(seconds=remind), {"after_s": remind, **began}),
        TimerSpec(TimerKind.ESCALATE, now + timedelta(seconds=escalate), {"after_s": escalate, **began}),
    ]


def waiting_since(kind: TimerKind, due_at: datetime, payload: dict, policy: Policy) -> datetime:
    """When the wait a chasing timer (or a red's page) is about began: as written with it (``dispatch_timers``,
    ``page_timer``, which always wrote it), or, for a chasing row written before it was, as its schedule says (its due
    time less the time it waits for)."""
    if "since" in payload:
        return from_epoch(int(payload["since"])) or due_at
    if kind is TimerKind.REPING:
        return due_at - timedelta(seconds=reping_after_s(int(payload.get("n", 1)), policy))
    return due_at - timedelta(seconds=int(payload.get("after_s", 0)))


def waited_s(kind: TimerKind, due_at: datetime, payload: dict, now: datetime, policy: Policy) -> int:
    """How long, by the clock, the event a chasing timer firing at ``now`` is about has waited: since it was
    reported (or given to its worker, handed back, reopened), whatever the bot's downtime put off the timers in
    between (the committee read "15 minutes unaccepted" of a fire that had waited an hour)."""
    return max(0, int((now - waiting_since(kind, due_at, payload, policy)).total_seconds()))


def gathered_with(kind: TimerKind) -> frozenset[TimerKind]:
    """The kinds of timer already due that fire with one of this kind (none: it fires alone). A held first
    message takes only the other held first messages (its list is of new events: never a red's re-ping, nor a
    reminder), a committee's page the other pages (one list of the reds nobody has); a chasing or fix-by timer
    takes the others of those."""
    if kind in (TimerKind.FIRST_DM, TimerKind.PAGE):
        return frozenset({kind})
    return GATHERED_KINDS if kind in GATHERED_KINDS else frozenset()


def first_dm_held(urgency: Urgency, cards_lately: int, policy: Policy) -> bool:
    """Whether a new event's first message waits for a list: never a red one, never when ``first_cards`` is 0;
    one past the worker's ``first_cards`` cards of the last FIRST_WINDOW_S does."""
    return urgency is not Urgency.RED and 0 < policy.first_cards <= cards_lately


def first_dm_timer(now: datetime, worker_id: int, batch: datetime | None, policy: Policy) -> TimerSpec:
    """The held first message to ``worker_id``: due with the list already waiting for them (``batch``, when the
    held one before it is due), or ``gather_s`` on when none is: each waits at most ``gather_s``, and those held
    meanwhile are due together (it never waits past its time, as a chasing timer does: ``gather_end``)."""
    due = batch if batch is not None and now < batch else now + timedelta(seconds=policy.gather_s)
    return TimerSpec(TimerKind.FIRST_DM, due, {"to": worker_id})


def page_timer(now: datetime, n: int, since: datetime, batch: datetime | None, policy: Policy) -> TimerSpec | None:
    """The committee's page ``n`` of a red nobody has, with nobody on duty to ping (its alert was the first call;
    ``since``: when its wait began); None past ``red_pages``. A night's phone is woken for each red a few times, not
    all night: after the last, the re-pings wait for someone on duty (the shift's hand-off) or the committee's
    buttons. A red's first page is due with the other reds' next one when that is due within ``red_page_s``
    (``batch``): two reds reported minutes apart are paged in one message, not in turn minutes apart."""
    if n > policy.red_pages:
        return None
    gap = timedelta(seconds=policy.red_page_s)
    due = batch if n == 1 and batch is not None and now < batch <= now + gap else now + gap
    return TimerSpec(TimerKind.PAGE, due, {"n": n, "since": to_epoch(since)})


def due_at(urgency: Urgency, accepted_at: datetime, policy: Policy) -> datetime:
    """The fix-by time of an accepted event (counted from acceptance)."""
    return accepted_at + timedelta(seconds=policy.due_s(urgency))


def accept_timers(urgency: Urgency, accepted_at: datetime, policy: Policy) -> list[TimerSpec]:
    """A reminder when most of the fix-by time is gone, and the overdue mark at the due time."""
    due = due_at(urgency, accepted_at, policy)
    share = min(max(policy.due_remind_share, 0.0), 1.0)
    remind = accepted_at + timedelta(seconds=int(policy.due_s(urgency) * share))
    specs = [TimerSpec(TimerKind.OVERDUE, due)]
    if remind < due:
        specs.insert(0, TimerSpec(TimerKind.DUE_REMIND, remind))
    return specs


def close_timers(outcome: Outcome, closed_at: datetime, round_: int, policy: Policy) -> list[TimerSpec]:
    """The satisfaction survey after closing; a duplicate is asked about under its original (its reporters
    became the original's when it was closed)."""
    if outcome is Outcome.DUPLICATE:
        return []
    return [TimerSpec(TimerKind.SURVEY, closed_at + timedelta(seconds=policy.survey_delay_s), {"round": round_})]


def survey_expiry(sent_at: datetime, round_: int, policy: Policy) -> TimerSpec:
    """When the surveys of a round stop waiting for an answer."""
    return TimerSpec(TimerKind.SURVEY_EXPIRE, sent_at + timedelta(seconds=policy.survey_expire_s), {"round": round_})


def decide(kind: TimerKind, status: Status | None, round_now: int = 1, payload: dict | None = None) -> Step:
    """What a firing timer does given the event's state now (None for timers without an event).

    A timer for an event that has moved on (accepted, closed, reopened into another round) does nothing.
    """
    payload = payload or {}
    if kind is TimerKind.BRIEF:
        return Step.BRIEF
    if kind is TimerKind.HANDOFF:
        return Step.HANDOFF
    if kind is TimerKind.OFFICE_QUESTION:
        return Step.OFFICE_QUESTION  # about no event: the question, read when it fires, may be forgotten since
    if kind is TimerKind.RED_WHICH:
        return Step.RED_WHICH  # his words kept: settled whatever became of the reds (``red_news_pick.unanswered``)
    if status is None:
        return Step.NOTHING
    if kind in WAITING_KINDS:
        return Step(kind.value) if status is Status.DISPATCHED else Step.NOTHING
    if kind in ACCEPTED_KINDS:
        return Step(kind.value) if status is Status.ACCEPTED else Step.NOTHING
    if kind is TimerKind.SURVEY:
        same_round = payload.get("round", round_now) == round_now
        return Step.SEND_SURVEY if status is Status.CLOSED and same_round else Step.NOTHING
    if kind is TimerKind.SURVEY_EXPIRE:
        return Step.EXPIRE_SURVEY  # open surveys expire whatever became of the event
    if kind is TimerKind.UNDO_LAPSE:
        return Step.UNDO_LAPSE if status is Status.ACCEPTED else Step.NOTHING
    return Step.NOTHING


def follow_up(kind: TimerKind, fired_at: datetime, payload: dict, policy: Policy) -> TimerSpec | None:
    """The timer a firing that acted schedules next (red re-pings repeat until someone accepts, backing off)."""
    if kind is TimerKind.REPING:
        n = int(payload.get("n", 1)) + 1
        kept = {"since": payload["since"]} if "since" in payload else {}  # the red waits on from the same moment
        return TimerSpec(TimerKind.REPING, fired_at + timedelta(seconds=reping_gap_s(n, policy)), {"n": n, **kept})
    return None


def gather_end(kind: TimerKind, due_at: datetime, now: datetime, policy: Policy) -> datetime | None:
    """Until when a chasing or fix-by timer due at ``due_at``, firing at ``now``, may wait for the others falling
    due after it (a storm's reminders, reported minutes apart), to go in one list with them: never sent before
    they are due, itself at most ``gather_s`` late. None: it fires now (its wait is over; a red's re-ping never
    waits)."""
    if kind not in GATHERED_KINDS or kind is TimerKind.REPING:
        return None
    end = due_at + timedelta(seconds=policy.gather_s)
    return end if now < end else None


def reping_gap_s(n: int, policy: Policy) -> int:
    """Seconds before red re-ping ``n`` (the first counted from the dispatch): ``red_reping_s`` for the first
    ``red_fast_repings`` (5, 10, 15 minutes), then twice the gap before (25, 45, 85 minutes), at most
    ``red_reping_max_s`` (then hourly): a fire nobody took is never dropped, and the phones of people who
    could not take it in a quarter of an hour are not rung every five minutes all night."""
    slow = min(max(0, n - max(1, policy.red_fast_repings)), 20)
    return min(policy.red_reping_s * 2**slow, max(policy.red_reping_s, policy.red_reping_max_s))


def reping_after_s(n: int, policy: Policy) -> int:
    """How long a red event has waited at re-ping ``n`` (the sum of the gaps before it)."""
    return sum(reping_gap_s(k, policy) for k in range(1, n + 1))


def reping_tells_committee(n: int, policy: Policy) -> bool:
    """From the last fast re-ping on, every re-ping also tells the committee the red is still unaccepted."""
    return n >= max(1, policy.red_fast_repings)


FIRED_LATE = timedelta(minutes=2)  # a timer firing this much after its time: the bot was down over it


def committee_missed(n: int, due_at: datetime, now: datetime, waited: int, policy: Policy) -> bool:
    """Whether a red's re-ping ``n`` firing late (the bot was down over it) tells the committee though its number
    alone would not: the red has waited ``waited`` seconds, past the re-ping that would have told them, and they
    heard nothing while the bot was down (outage review: after two hours down their list at the start named the
    yellow and the green still waiting, not the fire, which they heard of 20 minutes later)."""
    fast = max(1, policy.red_fast_repings)
    return (
        not reping_tells_committee(n, policy) and now - due_at >= FIRED_LATE and waited >= reping_after_s(fast, policy)
    )


def next_brief(now: datetime, tz: tzinfo, at: time) -> datetime:
    """The next daily brief strictly after `now`: `at` on the community's wall clock."""
    local = now.astimezone(tz)
    candidate = datetime.combine(local.date(), at, tzinfo=tz)
    if candidate <= local:
        candidate = datetime.combine(local.date() + timedelta(days=1), at, tzinfo=tz)
    return candidate.astimezone(now.tzinfo)


def next_handoff(boundaries: list[datetime], now: datetime) -> datetime | None:
    """The first shift boundary strictly after `now` (from roster.shift_boundaries)."""
    return next((b for b in sorted(boundaries) if b > now), None)
