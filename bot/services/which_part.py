"""Her words replying under her own message that was cut into problems (``core.several``: "3号楼电梯坏了，楼道灯也不亮"
is #1 and #2): about the ones they name ("灯是3楼的": the light, #2; "电梯和灯都修好了吗": both, each told) or all when
they say all ("都修好了吗？") or tell how long or how often it has been so ("每天都这样"); naming none ("修好了吗？"),
she is asked which, a "#N「…」" button each that only she may press, and her words reach the one she chooses as a reply
under its own line would (they went to #1 whatever they were about)."""

from __future__ import annotations

import aiosqlite

from bot.context import AppContext
from bot.core import lifecycle, next_words, several
from bot.core.callbacks import Action, arg_id, id_arg
from bot.core.purpose import Purpose
from bot.core.types import Event, Incoming, ParsedReport
from bot.render import messages
from bot.render.i18n import join, plain, t
from bot.services import extras, message_parts, notify, standing
from bot.services.result import Answer
from storage import events

KEPT = "which_asked"  # the log line, at her message's own event, of her words kept until she says which problem
CHOSEN = "which_chosen"  # the kept line once she chose (``events.take_kept``: her words dropped; pressed once)


def under_her_message(ev: Event, reply_to: int) -> bool:
    """Whether a reply is under her message itself or the acknowledgement of its own event (which lists the others),
    not under a further problem's own line."""
    return reply_to == ev.message_id or (reply_to == ev.ack_message_id and several.part_of(ev.message_id) is None)


async def of_her_words(
    ctx: AppContext, c: aiosqlite.Connection, ev: Event, msg: Incoming, read: ParsedReport, ask: bool
) -> list[Event]:
    """The open problems of her message (``ev``: its own event, open) her words under it (``read``: how they read) are
    about: the ones they name ("灯是3楼的": the light; "电梯和灯都修好了吗": both), all when they say all
    ("都修好了吗？") or tell how long or how often her message's problems have been so ("每天都这样", "已经三天了": of
    it as a whole), or ``ev`` when it was not cut (or the others are withdrawn or closed); naming none, she is
    asked which (none returned) when ``ask``, else ``ev`` (under its acknowledgement)."""
    parts = [p for p in await message_parts.of_message(c, ev) if lifecycle.is_open(p.status)]
    if len(parts) < 2:
        return [ev]
    named = next_words.things_of(msg.text)
    words = [await _words_of(c, p) for p in parts]
    fits = [p for p, said in zip(parts, words, strict=True) if named & next_words.things_of(said)]
    if fits:
        return fits
    if several.of_all(msg.text) or several.of_whole(msg.text, read):
        return parts
    if not ask:
        return [ev]
    kept = await events.log(c, ev.id, ctx.now(), KEPT, msg.user_id, msg.text.strip())
    lang = await notify.answer_language_for(ctx, c, msg)
    rows = [
        [messages.button(plain(lang, "btn.which_part", id=p.id, what=messages.preview(said, 16)), *_pick(p, kept))]
        for p, said in zip(parts, words, strict=True)
    ]
    await notify.reply(
        ctx, c, msg, t(lang, "which_part.ask"), purpose=Purpose.REPLY, event_id=ev.id, markup=messages.keyboard(*rows)
    )
    return []


async def each_told(ctx: AppContext, c: aiosqlite.Connection, evs: list[Event], msg: Incoming) -> None:
    """Her words of several problems of her message, passed on to each: she hears how each stands, once while each
    stays as it is."""
    lang = await notify.answer_language_for(ctx, c, msg)
    lines = []
    for ev in evs:
        what, state = messages.preview(await _words_of(c, ev), 16), await standing.state_of(ctx, c, lang, ev)
        lines.append(t(lang, "which_part.each_line", id=ev.id, what=what, state=state))
    once = f"told_each:{msg.chat_id}:{msg.user_id}:" + ",".join(f"{ev.id}.{ev.status.value}" for ev in evs)
    text = t(lang, "which_part.each", lines=join(lines, "\n"))
    await notify.reply(ctx, c, msg, text, purpose=Purpose.REPLY, event_id=evs[0].id, dedup_key=once)


def _pick(ev: Event, kept: int) -> tuple[Action, int, str]:
    """A "which one" button's action, event and argument (the log line of her words kept)."""
    return Action.WHICH_PART, ev.id, id_arg(kept)


async def picked(
    ctx: AppContext,
    c: aiosqlite.Connection,
    event_id: int,
    arg: str | None,
    user_id: int,
    chat_id: int,
    message_id: int,
) -> tuple[Event, Incoming] | Answer:
    """She pressed "#N" under the question: the problem she chose and her words kept, as if written under its line
    (the question says which she chose); or the refusal. Only she may press, once."""
    line_id = arg_id(arg)
    ev = await events.get(c, event_id)
    parts = await message_parts.of_message(c, ev) if ev is not None and line_id is not None else []
    line = await events.logged_for(c, parts[0].id, line_id) if parts and line_id is not None else None
    if ev is None or line is None or line.action not in (KEPT, CHOSEN):
        return Answer("cb.unknown", True)
    if line.actor_id != user_id:
        return Answer("cb.not_yours_which", True)
    words = line.detail or ""
    if line_id is None or not await events.take_kept(c, line_id, KEPT, CHOSEN):  # her words kept no longer
        return Answer("cb.already_done", True)
    lang = await notify.report_language(ctx, c, ev)
    said = messages.preview(await _words_of(c, ev), 30)
    await notify.edit(ctx, c, chat_id, message_id, t(lang, "which_part.chosen", id=ev.id, what=said))
    return ev, Incoming(chat_id, message_id, user_id, ev.reporter_name or "", None, None, words)


async def _words_of(c: aiosqlite.Connection, ev: Event) -> str:
    """A problem's own words: a further one's are its text; the message's own event's, its own piece."""
    return await extras.own_problem(c, ev) or ev.text
