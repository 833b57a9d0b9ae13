"""A committee list's "👉 #3 派给…" buttons (``assign_buttons.list_markup``: a page of the reds nobody has, an overdue
list, a list of events nobody accepted) once one of its events moves on (given to someone, taken, closed, withdrawn):
that button leaves every such list and a line under it says what became of the event ("👉 #1 已派给李姐"), so a
member reading the night's lists in the morning sees which were seen to and presses only what still waits (night
review 60: the old pages kept every button, and a press only answered how it stood). The list as it stands is kept in
its row (its payload), so two events moving on one after another each take their own button away, whatever order the
edits go out in; a list not sent yet is sent as it stands; an edit changing nothing is the sender's to swallow.

A list older than a week (``KEPT``), or a worker's list of '#N' buttons, is not edited as its events move on; a press
of its button for an event closed or withdrawn since takes that button away the same way (``pressed_after``)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import aiosqlite

from bot.context import AppContext
from bot.core.callbacks import Action, encode
from bot.core.purpose import Purpose
from bot.core.types import Event
from bot.render.i18n import Html, join, t
from bot.render.messages import in_rows
from bot.services import notify
from bot.services.result import Answer
from storage import outbox

TAP = (  # a list's line asking to tap its buttons: the committee's "#N 派给…", a worker's '#N'
    "nudge.arrange_tap",
    "nudge.arrange_tap_page",
    "list.tap_show",
    "handoff.tap_for_card",
)
KEPT = timedelta(days=7)  # lists older than this keep their buttons until one is pressed (``pressed_after``)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
PER_ROW = {Action.ASSIGN: 2, Action.SHOW: 5}  # as the list was built: two "#N 派给…" a row, five '#N'


async def moved_on(ctx: AppContext, c: aiosqlite.Connection, ev: Event) -> None:
    """The event moved on: the committee's lists offering its "#N 派给…" lose it and say what became of it (past
    tense: a later move leaves the line true)."""
    chat = ctx.committee_chat_id
    lists = await outbox.lists_offering(c, chat, encode(Action.ASSIGN, ev.id), ctx.now() - KEPT)
    if not lists:
        return
    lang = await notify.group_language(ctx, c, chat)
    for row in lists:
        await _drop(ctx, c, (chat, lang), row, ev, Action.ASSIGN)


async def pressed_after(
    ctx: AppContext, c: aiosqlite.Connection, ev: Event, chat_id: int, message_id: int, action: Action
) -> Answer:
    """A list's button pressed for an event no longer open (the committee's "#N 派给…", a worker's '#N'), however old
    the list (one past KEPT, or a worker's, was left as it was when the event moved on): that list loses the button
    and says what became of the event, and the answer says it ("✔️ #3 已办结"; worker day review 61: a 10-day-old
    list kept every button, and a press answered "这个事件已经处理过了" naming no event)."""
    lang = await notify.language_in(ctx, c, chat_id, chat_id)
    for row in await outbox.lists_offering(c, chat_id, encode(action, ev.id), EPOCH, message_id):
        await _drop(ctx, c, (chat_id, lang), row, ev, action)
    return Answer(f"nudge.list_moved.{ev.status.value}", True, (("id", ev.id), ("worker", "")))


async def _drop(
    ctx: AppContext, c: aiosqlite.Connection, where: tuple[int, str], row: outbox.Keyed, ev: Event, action: Action
) -> None:
    """The list (its row, in the chat of that language) without the event's button of this action, and a line under it
    saying what became of the event: stored, and edited once sent."""
    chat, lang = where
    data = encode(action, ev.id)
    worker = await notify.display_name(ctx, c, ev.assignee_id) or ""
    line = t(lang, f"nudge.list_moved.{ev.status.value}", id=ev.id, worker=worker)
    kept = [b for r in row.payload.get("reply_markup", {}).get("inline_keyboard", []) for b in r]
    kept = [b for b in kept if b.get("callback_data") != data]
    markup = {"inline_keyboard": in_rows(kept, PER_ROW[action])}
    said = row.payload.get("text", "").split("\n")
    if not kept:  # no button left to tap: not "点下面的「#编号 派给…」"
        said = [one for one in said if one not in {t(lang, key) for key in TAP}]
    text = join((*map(Html, said), line))
    await outbox.set_payloads(c, [(row.id, {**row.payload, "text": text, "reply_markup": markup})])
    if row.status == "sent" and row.message_id is not None:
        await notify.edit(ctx, c, chat, row.message_id, text, markup, Purpose.EDIT, ev.id)
