"""Use case: how a report stands, told to the one asking. Her own question is passed on and answered with it
(``followups.tell_worker``); a neighbour's question in her group just after her report ("物业知道了吗？", "师傅今天能来
吗", "has anyone told the office?", ``neighbour_words.asks_how_it_stands``) is answered with it under his words: the
report's number, place and state, or, when the chat made several reports just now, each of them (which one he means
is not guessed). Sweep of neighbours' questions: they were dropped, the reporter's own answered.
"""

from __future__ import annotations

import aiosqlite

from bot.context import AppContext
from bot.core import neighbour_words, permissions
from bot.core.purpose import Purpose
from bot.core.types import Event, Incoming, ParsedReport, Status
from bot.render import messages
from bot.render.i18n import Html, join, t
from bot.services import merging, notify
from storage import reporters


async def state_of(ctx: AppContext, c: aiosqlite.Connection, lang: str, ev: Event) -> Html:
    """Its state in words, with the worker on it once accepted ("处理中（王师傅）")."""
    worker = await notify.display_name(ctx, c, ev.assignee_id) if ev.status is Status.ACCEPTED else None
    by = [t(lang, "followup.by", worker=worker)] if worker else []
    return join((t(lang, f"state.{ev.status.value}"), *by), "")


async def tell_neighbour(ctx: AppContext, c: aiosqlite.Connection, evs: list[Event], msg: Incoming) -> None:
    """Answer a neighbour's question under his words with how ``evs`` stand: one event by its number, place and state,
    several as a list; once while each stays as it is (his asking again gets no second answer)."""
    lang = await notify.answer_language_for(ctx, c, msg)
    place = messages.location_label
    said = [(ev, place(lang, messages.without_room(ev)), await state_of(ctx, c, lang, ev)) for ev in evs]
    if len(said) == 1:
        ev, place, state = said[0]
        text = t(lang, "standing.alone", id=ev.id, place=place, state=state)
    else:
        lines = [t(lang, "standing.line", id=ev.id, place=place, state=state) for ev, place, state in said]
        text = t(lang, "standing.several", lines=join(lines, "\n"))
    seen = ",".join(f"{ev.id}.{ev.status.value}" for ev in evs)
    once = f"standing:{msg.chat_id}:{msg.user_id}:{seen}"
    await notify.reply(ctx, c, msg, text, purpose=Purpose.REPLY, event_id=evs[0].id, dedup_key=once)


async def asked_typed(ctx: AppContext, msg: Incoming, parsed: ParsedReport) -> int | None:
    """A neighbour's question of how it stands typed in the group, replying to nothing, up to
    ``merging.ME_TOO_WITHIN`` after reports there he did not make: answered with how they stand. The first event's id,
    or None when it is not such a question, he is staff, or one of them is his (his own follow her rules)."""
    if msg.private or msg.forwarded or not neighbour_words.asks_how_it_stands(parsed, msg.text):
        return None
    if permissions.role(ctx.community, msg.user_id) is not permissions.Role.RESIDENT:
        return None
    now = ctx.now()
    async with ctx.db.tx() as c:
        recent = await merging.just_made(c, msg, now, merging.ME_TOO_WITHIN)
        if not recent:
            return None
        every = await reporters.for_events(c, [ev.id for ev in recent])
        if any(permissions.reported(msg.user_id, ev, every[ev.id]) for ev in recent):
            return None
        recent.reverse()  # oldest first, as they were reported
        await tell_neighbour(ctx, c, recent, msg)
        return recent[0].id
