"""The committee's "send it to …" buttons under a note that asks it to arrange an event nobody will take, or one
whose worker the bot can no longer reach (who blocked it after accepting: their accepted work is moved then).

Without them an event every worker handed back could only be moved from the console (off by default): the note
said "请居委会安排" and offered no way to. An admin's press gives the event to that worker (``steering.assign``).
"""

from __future__ import annotations

import aiosqlite

from bot.context import AppContext
from bot.core import routing
from bot.core.callbacks import Action, id_arg
from bot.core.community import Worker
from bot.core.types import Event
from bot.render.i18n import plain
from bot.render.messages import button, in_rows, keyboard
from storage import people

SHOWN = 8  # buttons at most (two a row): a committee chat on a phone, not a staff list
LIST_SHOWN = 10  # a list's "#3 派给…" buttons at most (two a row); the rest are said in the list ("还有N件")


async def choices(ctx: AppContext, c: aiosqlite.Connection, ev: Event) -> list[Worker]:
    """Whom the event can be sent to: those on duty for it first, then the other workers, in the file's order."""
    now = ctx.now()
    duty = routing.on_duty(ctx.community, ev.category, ev.grid_id, now, await people.adjustments(c, now))
    found = routing.on_duty_first(ctx.community, duty)
    # not the one who has it: accepted work is moved away from its worker (unreachable), and one it waits for has had
    # his card and its reminders (a press sending it to him again is refused as no change)
    away = ev.assignee_id
    return [w for w, _ in found if w.telegram_id != away][:SHOWN]


async def markup(ctx: AppContext, c: aiosqlite.Connection, ev: Event, lang: str) -> dict | None:
    """The buttons, two a row (None: no worker in the community file)."""
    found = [
        button(plain(lang, "btn.assign", worker=w.name), Action.ASSIGN, ev.id, id_arg(w.telegram_id))
        for w in await choices(ctx, c, ev)
    ]
    return keyboard(*in_rows(found)) if found else None


async def list_markup(ctx: AppContext, c: aiosqlite.Connection, evs: list[Event], lang: str) -> tuple[dict | None, int]:
    """A list of several events' "👉 #3 派给…" buttons, two a row, for those with someone to send them to (each
    brings the event's own note with its buttons: ``arranging``), at most LIST_SHOWN; and how many more have one.
    Committee review: an overdue list had no button while each event's own note had them."""
    movable = [ev.id for ev in evs if await choices(ctx, c, ev)]
    found = [button(plain(lang, "btn.arrange", id=i), Action.ASSIGN, i) for i in movable[:LIST_SHOWN]]
    markup = keyboard(*in_rows(found)) if found else None
    return markup, len(movable) - len(found)
