"""Reports made in private: the resident chooses whether (and how) the building's group is told."""

from __future__ import annotations

import logging

import aiosqlite

from bot.context import AppContext
from bot.core import permissions
from bot.core.purpose import Purpose
from bot.core.types import Event
from bot.render import messages, reports
from bot.render.i18n import t
from bot.services import extras, notify
from bot.services.result import Answer
from storage import events, outbox

log = logging.getLogger(__name__)

CHOICES = {"n": "named", "a": "anonymous", "x": "not_posted"}


def group_of(ctx: AppContext, ev: Event) -> int | None:
    """The residents' group of the event's building, if the community file names one."""
    grid = ctx.community.grid_for_building(ev.building) if ev.building else None
    return grid.chats[0] if grid and grid.chats else None


async def posted_in(c: aiosqlite.Connection, ev: Event) -> int | None:
    """The group a private report's post was delivered to ("📢 居民私信反映 #N"), if any."""
    post = await outbox.latest_of(c, ev.id, Purpose.GROUP_POST) if ev.chat_id > 0 else None
    return post[0] if post is not None and post[1] == "sent" else None


async def told_all(c: aiosqlite.Connection, ev: Event, user_id: int) -> bool:
    """Whether this reporter may be told everything of the event's closing (the closer's note, the "after" photo):
    its writer, or anyone when the group was told what it says (``permissions.public_in_group``)."""
    return user_id == ev.reporter_id or permissions.public_in_group(ev, await posted_in(c, ev))


async def ask_post(ctx: AppContext, c: aiosqlite.Connection, ev: Event, lang: str) -> None:
    """After a private report: "Post in your building's group? with my name / anonymously / don't post" (made
    anonymous by her words, ``core.anonymous``: anonymously / don't post)."""
    if ev.chat_id < 0 or group_of(ctx, ev) is None:
        return
    ids = [ev.id, *(e.id for e in await extras.further(c, ev))]  # "#1 and #2 are logged"
    key = "post.ask_anonymous" if ev.anonymous else "post.ask"  # she asked for it in her words: no post by name
    await notify.send(
        ctx,
        c,
        ev.chat_id,
        t(lang, key, id=messages.event_ids(lang, ids), n=len(ids)),
        purpose=Purpose.POST_ASK,
        event_id=ev.id,
        markup=reports.post_choice_keyboard(lang, ev.id, named=not ev.anonymous),
        dedup_key=f"post_ask:{ev.id}",
    )


async def choose(
    ctx: AppContext, event_id: int, user_id: int, code: str | None, chat_id: int, message_id: int
) -> Answer:
    """The reporter pressed one of the three buttons; only they may, and only once."""
    choice = CHOICES.get(code or "")
    async with ctx.db.tx() as c:
        ev = await events.get(c, event_id)
        if ev is None or choice is None or ev.chat_id < 0:
            return Answer("cb.unknown", True)
        if not permissions.is_writer(user_id, ev):
            return Answer("cb.not_yours_post", True)
        if await events.last_logged(c, event_id, "post_chosen") is not None:
            return Answer("cb.already_done", True)
        group = group_of(ctx, ev)
        lang = await notify.report_language(ctx, c, ev)  # as the question was asked (her words' language)
        every = [ev, *await extras.further(c, ev)]  # her message's other problems (``core.several``) as it
        done = t(lang, f"post.done.{choice}", id=messages.event_ids(lang, [e.id for e in every]), n=len(every))
        await notify.edit(ctx, c, chat_id, message_id, done, purpose=Purpose.POST_EDIT)
        for one in every:
            await _chosen(ctx, c, one.id, user_id, choice, group)
    log.info("private report #%s: %s", event_id, choice)
    return Answer(f"cb.post.{choice}")


async def _chosen(
    ctx: AppContext, c: aiosqlite.Connection, event_id: int, user_id: int, choice: str, group: int | None
) -> None:
    """Her choice of post for one event: recorded, posted in her group (unless not), told on its workers' cards."""
    await events.log(c, event_id, ctx.now(), "post_chosen", user_id, choice)
    await events.set_anonymous(c, event_id, choice != "named")
    ev = await events.get(c, event_id)
    assert ev is not None
    if group is not None and choice != "not_posted":
        text = await notify.post_text(ctx, c, await notify.group_language(ctx, c, group), ev, choice)
        await notify.send(
            ctx, c, group, text, purpose=Purpose.GROUP_POST, event_id=event_id, dedup_key=f"group_post:{event_id}"
        )
    await notify.edit_worker_dms(ctx, c, ev, None, keep_accept=True)
