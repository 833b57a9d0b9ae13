"""The committee paged again for a red nobody has, with nobody on duty to ping (a gas leak at 23:00): its alert
("当前没有网格员负责…请居委会立即安排") is the first call; every ``red_page_s`` a page follows, ``red_pages`` times, the
last saying it is the last and what happens next, as a duty system pages an on-call phone a few times and then stops
(committee review 60: one alert, then nothing until the morning). Each page is a timer row (``TimerKind.PAGE``,
``escalation.page_timer``): a restart keeps them, and a page finding the red given to someone, taken, closed, lowered
or a worker on duty to ping does nothing and is the last. A page answers its alert (one tap up to its buttons), and a
reply to it in words gives the red to the worker named (``instructions``); reds due together are paged in one list
(``nudges.PAGED``)."""

from __future__ import annotations

import aiosqlite

from bot.context import AppContext
from bot.core import escalation, routing
from bot.core.purpose import Purpose
from bot.core.types import Event, Urgency
from bot.render import messages
from bot.render.i18n import Waited, join, t
from bot.services import chase, night_notes, notify, nudges
from storage import outbox, people, timers
from storage.timers import Timer


async def still_owed(ctx: AppContext, c: aiosqlite.Connection, ev: Event, note: bool = True) -> bool:
    """Whether the committee is still owed pages of this red: red, and nobody the bot can reach has it or is on duty
    for it (``chase.reping_targets``: given to a worker the bot cannot message, it still is). What a page's row and a
    page queued while Telegram was out of reach (``late_cards.holding``: ``note`` False, a read that writes nothing)
    both decide by."""
    return ev.urgency is Urgency.RED and not await chase.reping_targets(ctx, c, ev, note)


async def owed(ctx: AppContext, c: aiosqlite.Connection, timer: Timer, ev: Event | None) -> list[nudges.Nudge]:
    """The page a PAGE row owes the committee (none: the red is someone's now, or someone on duty is pinged), and
    the next page's row unless this is the last."""
    assert ev is not None
    if not await still_owed(ctx, c, ev):
        return []  # lowered, or someone the bot can reach has it or is on duty: the re-pings ring him, the pages stop
    now = ctx.now()
    pol = chase.policy(ctx.settings)
    since = escalation.waiting_since(timer.kind, timer.due_at, timer.payload, pol)
    nxt = escalation.page_timer(now, int(timer.payload.get("n", 1)) + 1, since, None, pol)
    if nxt is not None:
        await timers.add(c, ev.id, nxt, now)
    waited = chase.waited(ctx, timer)
    last = nxt is None
    # given to a worker the bot cannot message (his alert said so): he is named, not "nobody has it"
    worker = await notify.display_name(ctx, c, ev.assignee_id) if ev.assignee_id else None

    async def alone() -> None:
        await _page(ctx, c, ev, waited, last, f"page:{timer.id}", worker)

    why = ("red_page_unreached" if worker else "red_page") + ("_last" if last else "")
    values = {"waited": waited, "worker": worker} if worker else {"waited": waited}
    return [nudges.Nudge(None, ev, alone, why=why, values=values, kind=nudges.PAGED)]


async def _page(
    ctx: AppContext,
    c: aiosqlite.Connection,
    ev: Event,
    waited: Waited,
    last: bool,
    dedup_key: str,
    worker: str | None = None,
) -> None:
    """One red's page: how long nobody has had it (or its ``worker``, whom the bot cannot message, has not taken it),
    under its alert; the last says what comes next."""
    lang = await notify.group_language(ctx, c, ctx.committee_chat_id)
    place = messages.location_label(lang, ev)
    key, when = "committee.red_page", ""
    if worker is not None:
        key = "committee.red_page_unreached_last" if last else "committee.red_page_unreached"
    elif last:
        now = ctx.now()
        shift = routing.next_shift(ctx.community, ev.category, ev.grid_id, now, await people.adjustments(c, now))
        key = "committee.red_page_last" if shift is not None else "committee.red_page_last_no_shift"
        when = messages.when_label(lang, shift, now, ctx.community.tz) if shift is not None else ""
    hint = [t(lang, k, **v) for k, v in await night_notes.reply_hint(ctx, c, ev)]
    await notify.send(
        ctx,
        c,
        ctx.committee_chat_id,
        join((t(lang, key, id=ev.id, place=place, waited=waited, when=when, worker=worker or ""), *hint)),
        purpose=Purpose.COMMITTEE,
        event_id=ev.id,
        dedup_key=dedup_key,
        urgent=True,
        reply_to=await night_notes.alert_message(c, ev),
        meta=outbox.Meta(chaser=True, kind=nudges.PAGED),  # queued through an outage: the latest says it, if it holds
    )
