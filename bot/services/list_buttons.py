"""A committee list's "👉 #3 派给…" buttons (``assign_buttons.list_markup``: a page of the reds nobody has, an overdue
list, a list of events nobody accepted) once one of its events moves on (given to someone, taken, closed, withdrawn):
that button leaves every such list and a line under it says what became of the event ("👉 #1 已派给李姐"), so a
member reading the night's lists in the morning sees which were seen to and presses only what still waits (night
review 60: the old pages kept every button, and a press only answered how it stood). The list as it stands is kept in
its row (its payload), so two events moving on one after another each take their own button away, whatever order the
edits go out in; a list not sent yet is sent as it stands; an edit changing nothing is the sender's to swallow."""

from __future__ import annotations

from datetime import timedelta

import aiosqlite

from bot.context import AppContext
from bot.core.callbacks import Action, encode
from bot.core.purpose import Purpose
from bot.core.types import Event
from bot.render.i18n import Html, join, t
from bot.render.messages import in_rows
from bot.services import notify
from storage import outbox

TAP = ("nudge.arrange_tap", "nudge.arrange_tap_page")  # a list's line asking to tap its buttons
KEPT = timedelta(days=7)  # lists older than this keep their buttons (a press answers how the event stands)


async def moved_on(ctx: AppContext, c: aiosqlite.Connection, ev: Event) -> None:
    """The event moved on: the committee's lists offering its "#N 派给…" lose it and say what became of it (past
    tense: a later move leaves the line true)."""
    chat = ctx.committee_chat_id
    data = encode(Action.ASSIGN, ev.id)
    lists = await outbox.lists_offering(c, chat, data, ctx.now() - KEPT)
    if not lists:
        return
    lang = await notify.group_language(ctx, c, chat)
    worker = await notify.display_name(ctx, c, ev.assignee_id) or ""
    line = t(lang, f"nudge.list_moved.{ev.status.value}", id=ev.id, worker=worker)
    for row in lists:
        kept = [b for r in row.payload.get("reply_markup", {}).get("inline_keyboard", []) for b in r]
        kept = [b for b in kept if b.get("callback_data") != data]
        markup = {"inline_keyboard": in_rows(kept)}
        said = row.payload.get("text", "").split("\n")
        if not kept:  # no button left to tap: not "点下面的「#编号 派给…」"
            said = [one for one in said if one not in {t(lang, key) for key in TAP}]
        text = join((*map(Html, said), line))
        await outbox.set_payloads(c, [(row.id, {**row.payload, "text": text, "reply_markup": markup})])
        if row.status == "sent" and row.message_id is not None:
            await notify.edit(ctx, c, chat, row.message_id, text, markup, Purpose.EDIT, ev.id)
