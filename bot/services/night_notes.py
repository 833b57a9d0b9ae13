"""The committee's alert of an event nobody had, with its "👉 派给…" buttons ("🌙 … 下一班明天 08:30 上班", "当前没有
网格员负责…"), once someone has it: its buttons go and one line says who has it now. Committee review 58: handed to
the morning shift, or given to someone by a button or an instruction, the night note still offered its buttons, and
a chair reading the chat in the morning could not tell it was seen to. The edit goes through the outbox as every
other (a note not sent yet is edited when it is; "message is not modified" and a failed edit of an old message are
the sender's to swallow)."""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from bot.context import AppContext
from bot.core.purpose import Purpose
from bot.core.types import Event, Urgency
from bot.render import messages
from bot.render.i18n import Html, join, t
from bot.services import assign_buttons, notify
from storage import events, outbox

LINES_SHOWN = 20  # events listed in the morning's one message (a phone's screen or two); the rest counted


async def settled(ctx: AppContext, c: aiosqlite.Connection, ev: Event, worker_id: int) -> bool:
    """The event's alert at its colour, if it carries "send to …" buttons, loses them and says it is with
    ``worker_id`` now (again after a later change: the line says who has it then); whether there was one."""
    row = await _asking(c, ev)
    if row is None:
        return False
    lang = await notify.group_language(ctx, c, ctx.committee_chat_id)
    worker = await notify.display_name(ctx, c, worker_id) or str(worker_id)
    text = join((Html(row.payload.get("text", "")), t(lang, "committee.night_note_now", worker=worker)))
    await notify.edit_live(ctx, c, ctx.committee_chat_id, row, text, ev.id)
    return True


async def asking(c: aiosqlite.Connection, ev: Event) -> bool:
    """Whether the committee's alert of the event at its colour still asks it to give it someone (its buttons): a
    red's "当前没有网格员负责…请居委会立即安排" is not said again minutes later while nobody has it."""
    return await _asking(c, ev) is not None


async def alert_message(c: aiosqlite.Connection, ev: Event) -> int | None:
    """The message id of the event's alert at its colour while it still asks for someone (its buttons), once sent: a
    page answers it."""
    row = await _asking(c, ev)
    return row.message_id if row is not None else None


async def reply_hint(
    ctx: AppContext, c: aiosqlite.Connection, ev: Event, shift: datetime | None = None
) -> list[tuple[str, dict]]:
    """The line (a key and its values) saying a reply in words will do, naming the first worker its buttons offer
    who did not hand it back: a red's now ("也可以回复这条消息写「让王师傅马上去」。"), one waiting for ``shift`` then
    ("…「明早让王师傅去」" when that is another day, "…「让王师傅去看看」" today); none when there is no one to offer.
    Committee review 60: the note did not say members may answer it in words; stop 62: a red every worker on duty
    handed back was answered "让王师傅马上去", of the first who had."""
    back = await events.handed_back_by(c, ev.id)
    found = [w for w in await assign_buttons.choices(ctx, c, ev) if w.telegram_id not in back]
    if not found:
        return []
    key = "committee.reply_hint_now"
    if shift is not None:
        tz = ctx.community.tz
        later = shift.astimezone(tz).date() > ctx.now().astimezone(tz).date()
        key = "committee.reply_hint_later" if later else "committee.reply_hint"
    return [(key, {"worker": found[0].name})]


async def lowered(ctx: AppContext, c: aiosqlite.Connection, ev: Event) -> None:
    """A red lowered to yellow with nobody on duty: its alert ("…请居委会立即安排", buttons and all) loses its buttons
    and points to the yellow's night note below, the one to act on (committee review 59: both asked, one urgently)."""
    row = await _asking(c, ev, f"{await notify.red_round(c, ev, before_lowered=True)}:{Urgency.RED.value}")
    if row is None:
        return
    lang = await notify.group_language(ctx, c, ctx.committee_chat_id)
    text = join((Html(row.payload.get("text", "")), t(lang, "committee.lowered_see_below")))
    await notify.edit_live(ctx, c, ctx.committee_chat_id, row, text, ev.id)


async def _asking(c: aiosqlite.Connection, ev: Event, which: str | None = None) -> outbox.Keyed | None:
    """The committee's alert of the event (``which``: of that round and colour; else its present one), if it still
    carries its "send to …" buttons."""
    which = which or f"{await notify.red_round(c, ev)}:{ev.urgency.value}"
    row = await outbox.keyed(c, f"alert:{ev.id}:{which}")
    if row is None or not row.live or not row.payload.get("reply_markup", {}).get("inline_keyboard"):
        return None
    return row


async def morning_list(ctx: AppContext, c: aiosqlite.Connection, handed: list[tuple[Event, int]], key: str) -> None:
    """One committee message when a shift starts: the events that waited for it (reported with nobody on duty, as at
    night: a green beside a yellow too, which had no note; committee review 59: the list said 2 and a third turned up
    unannounced in the first overdue list), each on one line with whom it is with now ("#1 · 🟡 · 4号楼 → 王师傅"), so
    the chair reads the night's outcome at a glance on a phone, not note by note."""
    if not handed:
        return
    lang = await notify.group_language(ctx, c, ctx.committee_chat_id)
    lines = []
    for ev, worker_id in handed[:LINES_SHOWN]:
        worker = await notify.display_name(ctx, c, worker_id) or str(worker_id)
        urgency = messages.urgency_label(lang, ev.urgency)
        place = messages.location_label(lang, ev)
        lines.append(t(lang, "committee.night_handed_line", id=ev.id, urgency=urgency, place=place, worker=worker))
    if len(handed) > LINES_SHOWN:
        lines.append(t(lang, "fit.more", n=len(handed) - LINES_SHOWN))
    head = t(lang, "committee.night_handed", n=len(handed))
    await notify.send(
        ctx,
        c,
        ctx.committee_chat_id,
        join((head, *lines)),
        purpose=Purpose.COMMITTEE,
        dedup_key=f"night_handed:{key}",
    )
