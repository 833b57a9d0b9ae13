"""The console's board: open events red first, then late, then oldest, page by page; counts by state and colour;
event lists."""

from __future__ import annotations

from bot.context import AppContext
from bot.core import console_query, lifecycle
from bot.core.console_query import BoardCursor, EventFilter
from bot.core.timeutil import to_epoch
from bot.core.types import Status
from bot.services.chase import policy
from bot.services.console_auth import Reader
from storage import console_board
from storage.console_board import BoardRow

LIMIT_DEFAULT = 100
LIMIT_MAX = 500
STATES = tuple(s.value for s in sorted(lifecycle.OPEN, key=list(Status).index))  # new, dispatched, accepted
COLOURS = ("red", "yellow", "green")


async def version(ctx: AppContext) -> str:
    """Changes with every report and every change of any event, and every minute (lateness moves on)."""
    async with ctx.db.read() as c:
        marker = await console_board.changed_marker(c)
    return f"{marker.last_event}.{marker.last_log}.{to_epoch(ctx.now()) // 60}"


async def names_of(ctx: AppContext, user_ids: set[int]) -> dict[int, str]:
    """Workers' names: the community file's, else as their worker row has it (joined by invite, or left), else the
    Telegram name the bot has seen, else the id."""
    found = {u: w.name for u in user_ids if (w := ctx.community.worker(u))}
    missing = [u for u in user_ids if u not in found]
    if missing:
        async with ctx.db.read() as c:
            found.update(await console_board.names(c, missing))
    return {u: found.get(u, str(u)) for u in user_ids}


def item(row: BoardRow, names: dict[int, str], now: int, full: bool = False) -> dict:
    """One event as a board line (an anonymous report shows neither its words nor its room there)."""
    hide = row.anonymous and not full
    return {
        "id": row.id,
        "status": row.status,
        "urgency": row.urgency,
        "category": row.category,
        "building": row.building,
        "unit": row.unit,
        "room": None if hide else row.room,
        "grid": row.grid_id,
        "assignee": row.assignee_id,
        "assignee_name": names.get(row.assignee_id) if row.assignee_id is not None else None,
        "created_at": row.created_at,
        "age_s": max(0, now - row.created_at),
        "due_at": row.due_at,
        "closed_at": None if lifecycle.is_open(Status(row.status)) else row.closed_at,  # reopened: its old one kept
        "outcome": row.outcome,
        "overdue": row.overdue,
        "anonymous": row.anonymous,
        "text": "" if hide else row.text,
    }


def _counts(raw: list[tuple[str, str, int, int]]) -> dict:
    matrix = {s: dict.fromkeys(COLOURS, 0) for s in STATES}
    total = late = 0
    for status, urgency, is_late, n in raw:
        matrix.setdefault(status, dict.fromkeys(COLOURS, 0))[urgency] = matrix[status].get(urgency, 0) + n
        total += n
        late += n if is_late else 0
    by_state = {s: sum(row.values()) for s, row in matrix.items()}
    by_urgency = {u: sum(matrix[s].get(u, 0) for s in matrix) for u in COLOURS}
    return {"total": total, "overdue": late, "by_state": by_state, "by_urgency": by_urgency, "matrix": matrix}


async def board(
    ctx: AppContext, who: Reader, f: EventFilter, limit: int = LIMIT_DEFAULT, after: BoardCursor | None = None
) -> dict:
    """The board of open events in the reader's share, narrowed by their filter: the first ``limit`` cards, or
    those after ``after`` (a page's "next"), lateness judged at the time the first page was read."""
    now = to_epoch(ctx.now())
    at = now if after is None else min(after.at, now)
    limit = max(1, min(limit, LIMIT_MAX))
    limits = console_query.waiting_limit_s(policy(ctx.settings))
    async with ctx.db.read() as c:
        rows, more, raw = await console_board.board(c, who.visibility, f, at, limits, limit, after)
    names = await names_of(ctx, {r.assignee_id for r in rows if r.assignee_id is not None})
    last = rows[-1] if rows else None
    follows = BoardCursor(at, last.urgency == "red", last.overdue, last.created_at, last.id) if last else None
    return {
        "now": now,
        "at": at,
        "counts": _counts(raw),
        "items": [item(r, names, now) for r in rows],
        "more": more,
        "next": follows.text() if follows is not None and more else None,
    }


async def events_at(
    ctx: AppContext, who: Reader, category: str | None, building: str | None, days: int, limit: int = 200
) -> dict:
    """Events of the last days at a building and of a category (the hot spots' click-through): the newest
    ``limit``, and how many more there are (said under the list, never left out silently)."""
    now = to_epoch(ctx.now())
    limits = console_query.waiting_limit_s(policy(ctx.settings))
    async with ctx.db.read() as c:
        rows, total = await console_board.events_at(
            c, who.visibility, EventFilter(category=category), now - days * 86400, building, limit, now, limits
        )
    names = await names_of(ctx, {r.assignee_id for r in rows if r.assignee_id is not None})
    return {"now": now, "items": [item(r, names, now) for r in rows], "more": max(0, total - len(rows))}
