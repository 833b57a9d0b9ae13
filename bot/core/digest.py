"""The weekly digest's figures, from plain rows (pure: no SQL, no clock; the week is passed in).

Over 300 lines: every figure's definition and the replay of an event's history they share stay together.

Definitions, for a week [start, end):
- new: reported in the week; closed: status closed with closed_at in the week (closed at its end: a close that
  a reopening in the week took back is none);
- open: reported before the end, not cancelled, and either not closed now or closed after the end;
- reopened: events with a 'reopened' log line in the week;
- time to accept / close: accepted_at / closed_at minus created_at, of events accepted / closed in the week, but
  for those closed as a duplicate (no work of their own: counted as closed, timed for no one, committee review);
  a reopened event's acceptance counts from its last reopening before it (the resident waits anew then);
- past due: open at the end with due_at before the end, or waiting to be accepted at the end longer than its colour
  allows (`waiting`, the console board's rule), and events closed in the week after their due_at;
- closed by outcome: of the events closed in the week, how each ended then (fixed, nothing found, cannot fix,
  referred, duplicate: each its own count): as its row says, or, read from its log, as its last close in the week
  said (closed "nothing found", then found still there and fixed the week after: nothing found in the first);
- satisfaction: surveys asked in the week (not one that could be sent nowhere, nor one withdrawn unanswered when
  another asked it said "not solved"; storage reads those as not asked, and an answer its writer took back by
  opening the event again herself as "not solved"); per worker by the survey's worker_id;
- an event reopened or handed back (reassigned, its worker gone) since the week began no longer shows that week
  in its row (that clears its acceptance and due time, a next close overwrites closed_at): its acceptances,
  closes, state and lateness at the end come from its log (`replay`; storage sends those lines for such
  events), counted as a row's would be: its last acceptance (the one that led to a close, or the one in force
  at the end) and its last close in the week; late, or past due at the end: an 'overdue' line after the
  acceptance;
- median: the middle value (mean of the two middle ones); p90: nearest rank (the ceil(0.9·n)-th smallest).
"""

from __future__ import annotations

import math
import statistics
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from bot.core.accept_undo import UNDONE
from bot.core.digest_types import (
    Breakdown,
    Digest,
    Durations,
    EventRow,
    HotSpot,
    LogRow,
    Satisfaction,
    SpotRow,
    SurveyRow,
    WeekFigures,
    WorkerFigures,
)
from bot.core.hotspots import building_order
from bot.core.types import Outcome, Status
from bot.core.weeks import Week

REOPENED = "reopened"
ACCEPTED, CLOSED, OVERDUE = "accepted", "closed", "overdue"
DUPLICATE = Outcome.DUPLICATE.value
# log lines after which no acceptance is in force (an Accept undone counts for nothing: no time to accept of its own)
LET_GO = frozenset({"handed_back", "reassigned", "left", UNDONE})
HISTORY = frozenset({REOPENED, ACCEPTED, CLOSED, OVERDUE, *LET_GO})  # the lines `replay` reads
NOT_ASKED = "not_asked"  # a survey row whose question could be sent nowhere (a forgotten resident)
HOT_SPOT_MIN = 3
HOT_SPOT_DAYS = 30
URGENCIES = ("red", "yellow", "green")
OUTCOMES = frozenset(o.value for o in Outcome)


def percentile(values: Sequence[float], q: float) -> float | None:
    """Nearest-rank percentile (q in 0..1) of the values, or None when there are none."""
    if not values:
        return None
    ordered = sorted(values)
    return float(ordered[max(0, math.ceil(q * len(ordered)) - 1)])


def durations(values: Sequence[float]) -> Durations:
    """Count, median and p90."""
    if not values:
        return Durations(0, None, None)
    return Durations(len(values), float(statistics.median(values)), percentile(values, 0.9))


def within(at: int | None, start: int, end: int) -> bool:
    """start <= at < end (False for None)."""
    return at is not None and start <= at < end


def satisfaction(surveys: Iterable[SurveyRow]) -> Satisfaction:
    """Tally surveys."""
    asked = answered = sat = unsat = not_solved = 0
    for s in surveys:
        if s.status == NOT_ASKED:  # recorded, but the question could be sent nowhere
            continue
        asked += 1
        if s.status == "answered" and s.choice:
            answered += 1
            sat += s.choice == "satisfied"
            unsat += s.choice == "unsatisfied"
            not_solved += s.choice == "not_solved"
    return Satisfaction(asked, answered, sat, unsat, not_solved)


class Past(NamedTuple):
    """What an event's log says of it up to a moment: acceptances (at, worker, waited since), closes (at, worker,
    late, outcome), and whether it was closed, or open and past due, then."""

    accepts: list[tuple[int, int | None, int]]
    closes: list[tuple[int, int | None, bool, str | None]]
    closed: bool
    overdue: bool
    waiting_since: int | None = None  # open and accepted by no one then: waiting to be accepted since this time


def replay(ev: EventRow, lines: Sequence[LogRow], end: int) -> Past:
    """The event's acceptances and closes before `end` from its log lines (oldest first), with its row for the
    acceptance in force now (its due time is known only for that one)."""
    accepts: list[tuple[int, int | None, int]] = []
    closes: list[tuple[int, int | None, bool, str | None]] = []
    waited_from, taken, late, closed = ev.created_at, None, False, False
    for lg in lines:
        if lg.at >= end:
            break
        if lg.action == ACCEPTED:
            taken, late = lg, False
        elif lg.action == OVERDUE:
            late = True
        elif lg.action == CLOSED:
            worker = taken.actor_id if taken else ev.assignee_id
            if taken is not None:
                accepts.append((taken.at, worker, waited_from))
            was_late = late or (lg.at == ev.closed_at and ev.due_at is not None and lg.at > ev.due_at)
            closes.append((lg.at, worker, was_late, _outcome(lg.detail) or ev.outcome))
            taken, late, closed = None, False, True
        elif lg.action == REOPENED:
            waited_from, taken, late, closed = max(waited_from, lg.at), None, False, False
        elif lg.action in LET_GO:
            taken, late = None, False
    now_taken = not closed and ev.status == "accepted" and ev.accepted_at is not None and ev.accepted_at < end
    if now_taken:
        accepts.append((ev.accepted_at, ev.assignee_id, min(waited_from, ev.accepted_at)))  # type: ignore[arg-type]
        late = ev.due_at is not None and ev.due_at < end
    elif taken is not None:  # in force at the end, and let go (handed back, reopened…) since: the row forgot it
        accepts.append((taken.at, taken.actor_id, waited_from))
    waiting = None if closed or now_taken or taken is not None else waited_from
    return Past(accepts, closes, closed, not closed and bool(now_taken or taken) and late, waiting)


def _outcome(detail: str | None) -> str | None:
    """The outcome a 'closed' log line names ("nothing_found", "cannot_fix: 等配件"), or None."""
    head = (detail or "").split(":", 1)[0].strip()
    return head if head in OUTCOMES else None


def week_figures(
    events: Iterable[EventRow],
    logs: Iterable[LogRow],
    surveys: Iterable[SurveyRow],
    start: int,
    end: int,
    waiting: Mapping[str, int] | None = None,
) -> WeekFigures:
    """The figures of one week from the events, log lines and surveys around it. ``waiting``: how long an event of
    each colour may wait to be accepted (``console_query.waiting_limit_s``): one open at the end of the week that
    waited longer is overdue too, as the console's board counts it (the committee review: a report nobody accepted
    for eleven days was never "超时")."""
    new: list[EventRow] = []
    closed: list[EventRow] = []
    backlog: list[EventRow] = []
    reopened: list[EventRow] = []
    accept_s: list[float] = []
    close_s: list[float] = []
    overdue = late = 0
    late_ids: list[tuple[int, str]] = []  # the open events past due at the end, named in the digest
    w_accept: dict[int, list[float]] = defaultdict(list)
    w_close: dict[int, list[float]] = defaultdict(list)
    reopen_ids = {lg.event_id for lg in logs if lg.action == REOPENED and within(lg.at, start, end)}
    reopen_times: dict[int, list[int]] = defaultdict(list)  # a reopened event waits anew from its reopening
    history: dict[int, list[LogRow]] = defaultdict(list)
    for lg in logs:
        if lg.action == REOPENED:
            reopen_times[lg.event_id].append(lg.at)
        history[lg.event_id].append(lg)
    replayed = {i for i, lines in history.items() if any(lg.action in (ACCEPTED, CLOSED) for lg in lines)}
    # The module's definitions, inlined, rows unpacked rather than read by name: this loop runs over every
    # event of two weeks. Open at the end: not cancelled, reported before it, and not closed or closed after
    # it (an event open now is open since it was reported, though a reopened one may keep an old closed_at).
    for ev in events:
        event_id, _, _, _, _, _, status, assignee, created, accepted, closed_at, due, outcome_now = ev
        if event_id in reopen_ids:
            reopened.append(ev)
        if start <= created < end and status != Status.CANCELLED.value:  # withdrawn by its writer: no report
            new.append(ev)
        if event_id in replayed:
            past = replay(ev, sorted(history[event_id], key=lambda lg: lg.at), end)  # stable: as written
            # as a row tells them: an event's last acceptance and last close in the week
            # a close the week took back (reopened after it, open at the end) is none of the week's closes
            shut = [c for c in past.closes if start <= c[0] < end] if past.closed else []
            copy = bool(shut) and shut[-1][3] == DUPLICATE  # no work of its own: counted, not timed
            if (took := [a for a in past.accepts if start <= a[0] < end]) and not copy:
                at, worker, since = took[-1]
                accept_s.append(at - since)
                if worker is not None:
                    w_accept[worker].append(at - since)
            if shut:
                at, worker, was_late, outcome = shut[-1]
                closed.append(ev._replace(outcome=outcome))  # as it was closed then, whatever it is now
                if not copy:
                    close_s.append(at - created)
                    if worker is not None:
                        w_close[worker].append(at - created)
                late += was_late
            if status != "cancelled" and created < end and not past.closed:
                backlog.append(ev)
                since = past.waiting_since
                waited_long = waiting is not None and since is not None and end - since > waiting[ev.urgency]
                late_now = past.overdue or waited_long
                overdue += late_now
                if late_now:
                    late_ids.append((event_id, ev.urgency))
            continue
        copy = status == "closed" and outcome_now == DUPLICATE  # closed as a copy of another: counted, not timed
        if accepted is not None and start <= accepted < end and not copy:
            waited_from = created
            if event_id in reopen_times:
                waited_from = max([created, *(at for at in reopen_times[event_id] if at <= accepted)])
            accept_s.append(accepted - waited_from)
            if assignee is not None:
                w_accept[assignee].append(accepted - waited_from)
        if status == "closed" and closed_at is not None and start <= closed_at < end:
            closed.append(ev)
            if not copy:
                close_s.append(closed_at - created)
                if assignee is not None:
                    w_close[assignee].append(closed_at - created)
            late += due is not None and closed_at > due
        if (
            status != "cancelled"
            and created < end
            and (status != "closed" or (closed_at is not None and closed_at >= end))
        ):
            backlog.append(ev)
            if accepted is not None and accepted < end:
                late_now = due is not None and due < end
            elif waiting is not None:  # waiting to be accepted at the end: since its report, or its last reopening
                since = max([created, *(at for at in reopen_times.get(event_id, ()) if at < end)])
                late_now = end - since > waiting[ev.urgency]
            else:
                late_now = False
            overdue += late_now
            if late_now:
                late_ids.append((event_id, ev.urgency))
    reopened.sort(key=lambda ev: ev.id)
    week_surveys = [s for s in surveys if within(s.created_at, start, end)]
    ratings: dict[int, list[SurveyRow]] = defaultdict(list)
    for s in week_surveys:
        if s.worker_id is not None:
            ratings[s.worker_id].append(s)
    workers = [
        WorkerFigures(
            worker_id=w,
            accepted=len(w_accept.get(w, [])),
            closed=len(w_close.get(w, [])),
            accept=durations(w_accept.get(w, [])),
            close=durations(w_close.get(w, [])),
            rating=satisfaction(ratings.get(w, [])),
        )
        for w in set(w_accept) | set(w_close) | set(ratings)
    ]
    workers.sort(key=lambda f: (-f.closed, -f.accepted, f.worker_id))
    return WeekFigures(
        new=Breakdown.of(new),
        closed=Breakdown.of(closed),
        open=Breakdown.of(backlog),
        reopened=Breakdown.of(reopened),
        accept=durations(accept_s),
        close=durations(close_s),
        overdue_open=overdue,
        overdue_events=sorted(late_ids, key=lambda x: (("red", "yellow", "green").index(x[1]), x[0])),
        closed_late=late,
        satisfaction=satisfaction(week_surveys),
        workers=workers,
    )


def per_day(events: Iterable[EventRow], day_bounds: Sequence[int]) -> list[dict[str, int]]:
    """New events per local day of the week by colour, as "new" counts them (a withdrawn one is no report: the bars
    add up to the week's new); day_bounds are the 8 local midnights."""
    days: list[dict[str, int]] = [dict.fromkeys(URGENCIES, 0) for _ in range(len(day_bounds) - 1)]
    for ev in events:
        if day_bounds[0] <= ev.created_at < day_bounds[-1] and ev.status != Status.CANCELLED.value:
            day = days[bisect_right(day_bounds, ev.created_at) - 1]
            day[ev.urgency] = day.get(ev.urgency, 0) + 1
    return days


def hot_spots(spots: Iterable[SpotRow], since: int, until: int, minimum: int = HOT_SPOT_MIN) -> list[HotSpot]:
    """Same category at the same unit (or, spread over units, the same building) `minimum`+ times.

    A building-level spot is reported only when no unit of that building has a spot of that category.
    """
    by_unit: dict[tuple[str, str, str], int] = defaultdict(int)
    by_building: dict[tuple[str, str], int] = defaultdict(int)
    for s in spots:
        if not within(s.created_at, since, until) or not s.building:
            continue
        by_building[(s.building, s.category)] += s.count
        if s.unit:
            by_unit[(s.building, s.unit, s.category)] += s.count
    found = [HotSpot(b, u, c, n) for (b, u, c), n in by_unit.items() if n >= minimum]
    covered = {(h.building, h.category) for h in found}
    found += [HotSpot(b, None, c, n) for (b, c), n in by_building.items() if n >= minimum and (b, c) not in covered]
    # as many times: by building as people count them (3号楼 before 10号楼, as the console's grid), then unit
    found.sort(key=lambda h: (-h.count, building_order(h.building), building_order(h.unit or ""), h.category))
    return found


def compute(
    week: Week,
    prev: Week,
    events: Sequence[EventRow],
    logs: Sequence[LogRow],
    surveys: Sequence[SurveyRow],
    day_bounds: Sequence[int],
    trend: Sequence[tuple[str, float | None]],
    spots: Sequence[SpotRow],
    waiting: Mapping[str, int] | None = None,
    now: int | None = None,
) -> Digest:
    """The whole digest of `week`, compared with `prev`; `trend` is the median time to close of recent weeks
    (label, seconds), oldest first, as storage computes it; ``waiting``: as ``week_figures``. A week not over at
    ``now`` is told as it stands then (what is past due now, not by its Sunday night), up to that second, and
    compared with as much of the week before (Monday to Wednesday noon with Monday to Wednesday noon)."""
    end = week.end if now is None else max(week.start, min(week.end, now + 1))
    prev_end = prev.end if end == week.end else min(prev.end, prev.start + (end - week.start))
    return Digest(
        week=week.label,
        start=week.start,
        end=end,
        this=week_figures(events, logs, surveys, week.start, end, waiting),
        prev=week_figures(events, logs, surveys, prev.start, prev_end, waiting),
        per_day=per_day(events, day_bounds),
        trend=list(trend),
        hot_spots=hot_spots(spots, end - HOT_SPOT_DAYS * 86400, end),
        under_way=end != week.end,
    )
