"""Over 300 lines: a resident's words around a red another made (typed, urged, of its kind, under it) and where they
go, read in one place, with the staff's and her buttons under them.

A neighbour's news of a red another resident reported ("人救出来了", "火已经灭了", "消防来了"; neighbour60: silent,
as a reply under it or typed just after it): the workers the red paged read it as a neighbour's words (not its
reporter's), and the committee while nobody has accepted it. Words that it is over do not lower it by themselves:
under them the staff have a "🟡 lower to yellow" button (only staff may press it; logged), and its reporter is asked,
in private or under her report, whether the danger is over, with a button only she may press (her words that it is
over lower it as they always did: ``red_lowered.by_her_words``). Neighbour61: one who joined the red ("我家也是") is a
neighbour here; a bare urge ("赶紧关总阀") is news of the red it follows, not its writer's chase of his own report;
with several reds open, loose news goes to the one it names, or its writer is asked which (``red_news_pick``).
Neighbour62: a chase for help ("怎么还没人来") is such news too, and so are words the reader takes for no report
that name the kind of danger of a red made just before (``kindred``: "车库电动车着火了，没人受伤"; hers after her own
red: ``her_kindred``, her words of it)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta

import aiosqlite

from bot.context import AppContext
from bot.core import danger_over, followup, hazard_kinds, lifecycle, next_words, parser, permissions
from bot.core.callbacks import Action, id_arg
from bot.core.escalation import TimerKind, TimerSpec
from bot.core.purpose import Purpose
from bot.core.types import Event, Incoming, ParsedReport, Status, Urgency
from bot.render import messages, quotes
from bot.render.i18n import Html, join, plain, t
from bot.services import merging, notify, red_lowered, standing
from bot.services.result import Answer
from storage import events, notifications, outbox, reporters, timers

log = logging.getLogger(__name__)


MORE_WITHIN = followup.MORE_WITHIN  # news and urges of a red made up to this long before them
KIN_WITHIN = timedelta(minutes=30)  # words naming a red's kind of danger, with no word of news: this soon after it
WHICH_WAIT = timedelta(minutes=3)  # "which red?" unanswered this long: his news is settled without him
ASKED = "red_news_asked"  # the log line, at the newest of several reds, of news kept until its writer says which


async def typed(ctx: AppContext, msg: Incoming, parsed: ParsedReport) -> int | None:
    """A neighbour's news typed in the group, not as a reply, of an open red there made up to
    ``followup.MORE_WITHIN`` before it that they did not report, in no other building their words name: passed
    on (``tell``); of several, to the one they name, or he is asked which (``_to_the_one``). Its id, or None (not
    such words, or no such red)."""
    if msg.private or msg.forwarded or danger_over.news(parsed, msg.text) is None:
        return None
    if permissions.role(ctx.community, msg.user_id) is not permissions.Role.RESIDENT:
        return None
    async with ctx.db.tx() as c:
        return await _to_the_one(ctx, c, msg, parsed, await _reds_just_made(ctx, c, msg, parsed))


async def kindred(ctx: AppContext, msg: Incoming, parsed: ParsedReport) -> int | None:
    """A resident's words typed in the group, not as a reply, that the reader takes for no report and that name a
    kind of danger (``hazard_kinds``) of an open red there made up to KIN_WITHIN before them that another wrote, and
    say neither that it is over nor ask (neighbour62: "车库电动车着火了，没人受伤" a minute after 刘阿姨's fire in the
    garage was silent): news of that red (``tell``; of several, ``_to_the_one``). Its id, or None."""
    named = _kin_named(msg, parsed)
    if not named or permissions.role(ctx.community, msg.user_id) is not permissions.Role.RESIDENT:
        return None
    async with ctx.db.tx() as c:
        reds = await _reds_just_made(ctx, c, msg, parsed, KIN_WITHIN)
        said = await _words_of(c, reds)
        reds = [red for red in reds if named & hazard_kinds.named(said[red.id])]
        # one of them hers: ``_to_the_one`` passes (her words of it are ``her_kindred``'s)
        return await _to_the_one(ctx, c, msg, parsed, reds, said)


async def her_kindred(ctx: AppContext, msg: Incoming, parsed: ParsedReport) -> Event | None:
    """Her own open red of the group made up to KIN_WITHIN before her words, the one whose kind of danger they name,
    when the reader takes them for no report and they neither say it is over nor ask ("车库电动车着火了，没人受伤" a
    minute after her fire in the garage: silent): the caller passes them on as her words of it. None otherwise."""
    if not (named := _kin_named(msg, parsed)):
        return None
    async with ctx.db.read() as c:
        reds = await _reds_just_made(ctx, c, msg, parsed, KIN_WITHIN)
        hers = [r for r in reds if permissions.is_writer(msg.user_id, r) and named & hazard_kinds.named(r.text)]
    return hers[0] if len(hers) == 1 else None


def _kin_named(msg: Incoming, parsed: ParsedReport) -> frozenset[str]:
    """The kinds of danger words typed loose in a group name, when the reader takes them for no report and they
    neither say it is over nor ask ("火灭了吗？": asked; "火灭了": over, ``typed``); else none."""
    if msg.private or msg.forwarded or parsed.is_report or parser.needs_confirmation(parsed):
        return frozenset()
    if danger_over.said(parsed, msg.text) or followup.ASKING.search(followup.plain(msg.text)):
        return frozenset()
    return hazard_kinds.named(msg.text)


async def urged(ctx: AppContext, msg: Incoming, parsed: ParsedReport) -> int | None:
    """A resident's bare urge typed in the group, not as a reply (``danger_over.urge``: "赶紧关总阀"), or his chase for
    help (``danger_over.nobody_came``: "怎么还没人来"), just after an open red there made up to
    ``followup.MORE_WITHIN`` before it that another wrote, newer than any open report of his here and naming none of
    its things, nor a thing the red's words do not name (neighbour61: three minutes after 李姐's burst pipe, 老周's
    "赶紧关总阀" reached the worker of his street lamp as his chase of it; neighbour62: so did his "怎么还没人来", and
    from one with no report it joined the red as his "mine too"): passed on as a neighbour's news of the red
    (``tell``: no button, no question to its reporter; of several, ``_to_the_one``). Its id, or None (read as before:
    "我的路灯赶紧修一下" chases his lamp, and his words under his own acknowledgement are his)."""
    if msg.private or msg.forwarded:
        return None
    if not (danger_over.urge(parsed, msg.text) or danger_over.nobody_came(parsed, msg.text)):
        return None
    if permissions.role(ctx.community, msg.user_id) is not permissions.Role.RESIDENT:
        return None
    named = next_words.things_of(msg.text)
    async with ctx.db.tx() as c:
        reds = await _reds_just_made(ctx, c, msg, parsed)
        his = [ev for ev in await events.open_reported_by(c, msg.user_id) if ev.chat_id == msg.chat_id]
        said = await _words_of(c, [*reds, *his])  # one read of their reports for the whole pass
        reds = [red for red in reds if named <= next_words.things_of(said[red.id])]  # not "赶紧修电梯"
        mine = [ev for ev in his if ev.id not in {red.id for red in reds}]  # a red he joined is the red's
        for ev in mine:
            if named & next_words.things_of(said[ev.id]):
                return None  # his own report named: his chase of it
        reds = [red for red in reds if all(ev.created_at < red.created_at for ev in mine)]  # his made since: his
        return await _to_the_one(ctx, c, msg, parsed, reds, said)


async def _to_the_one(
    ctx: AppContext,
    c: aiosqlite.Connection,
    msg: Incoming,
    parsed: ParsedReport,
    reds: list[Event],
    said: dict[int, str] | None = None,
) -> int | None:
    """News typed loose to the red it is about (``tell``): the one red, or the one of several its words name by a
    thing or a kind of danger (``danger_over.named_reds``: "火已经灭了" the fire's); naming none, or several, he is
    asked which, a "#N" button each that only he may press (``red_news_pick``): news never reaches a red it may not be
    about. The red told, or the newest asked about; None when there is none, or he wrote one (his words are hers).
    ``said``: the reds' words (``_words_of``) when the caller read them already."""
    if not reds or any(permissions.is_writer(msg.user_id, red) for red in reds):
        return None
    if len(reds) > 1:
        said = said or await _words_of(c, reds)
        named = [reds[i] for i in danger_over.named_reds(msg.text, [said[red.id] for red in reds])]
        if len(named) != 1:
            await _ask_which(ctx, c, named or reds, msg)
            return (named or reds)[0].id
        reds = named
    await tell(ctx, c, reds[0], msg, parsed)
    return reds[0].id


async def _ask_which(ctx: AppContext, c: aiosqlite.Connection, reds: list[Event], msg: Incoming) -> None:
    """He is asked which red his news is about, under it: a "#N …" button each with the red's first words; his words
    are kept in the newest red's log until he presses (``red_news_pick``), with his id (for /forget_me), or until a
    timer row settles them WHICH_WAIT on (``red_news_pick.unanswered``)."""
    kept = await events.log(c, reds[0].id, ctx.now(), ASKED, msg.user_id, msg.text.strip())
    lang = await notify.answer_language_for(ctx, c, msg)
    rows = [
        [
            messages.button(
                plain(lang, "merge.which_button", id=red.id, what=messages.preview(red.text, 16)),
                Action.RED_WHICH,
                red.id,
                id_arg(kept),
            )
        ]
        for red in reds
    ]
    markup = messages.keyboard(*rows)
    text = t(lang, "red_news.which")
    once = which_key(msg.chat_id, msg.message_id)
    await notify.reply(ctx, c, msg, text, purpose=Purpose.REPLY, event_id=reds[0].id, dedup_key=once, markup=markup)
    asked = {"line": kept, "chat": msg.chat_id, "asked": msg.message_id, "reds": [red.id for red in reds]}
    await timers.add(c, reds[0].id, TimerSpec(TimerKind.RED_WHICH, ctx.now() + WHICH_WAIT, asked), ctx.now())


def which_key(chat_id: int, message_id: int) -> str:
    """The "which one?" question's key in the outbox, under his message."""
    return f"red_news_which:{chat_id}:{message_id}"


async def _reds_just_made(
    ctx: AppContext, c: aiosqlite.Connection, msg: Incoming, parsed: ParsedReport, within: timedelta = MORE_WITHIN
) -> list[Event]:
    """The open reds of the message's chat made up to ``within`` before it, in no other building its words name,
    newest first."""
    return [
        e
        for e in await merging.just_made(c, msg, ctx.now(), within)
        if e.urgency is Urgency.RED and parsed.building in (None, e.building)
    ]


async def _words_of(c: aiosqlite.Connection, evs: list[Event]) -> dict[int, str]:
    """The words each event was reported in, by its id: its writer's and those who joined it with words (one read
    of their reports for them all)."""
    every = await reporters.for_events(c, [ev.id for ev in evs])
    return {ev.id: " ".join([ev.text] + [r.text for r in every[ev.id] if r.text]) for ev in evs}


async def under_it(ctx: AppContext, c: aiosqlite.Connection, ev: Event, msg: Incoming, parsed: ParsedReport) -> bool:
    """A neighbour's news, or his bare urge ("赶紧关总阀": asked "Report it?" and the committee told to check a
    danger), written as a reply under an open red's messages: passed on (``tell``). One who joined it
    ("我家也是", then "没事了") is a neighbour here, in private too: only its writer's words lower it
    (``red_lowered.by_her_words``). False: not such words, or hers, or no open red."""
    if ev.urgency is not Urgency.RED or not lifecycle.is_open(ev.status):
        return False
    if permissions.role(ctx.community, msg.user_id) is not permissions.Role.RESIDENT:
        return False
    said = danger_over.news(parsed, msg.text) is not None or danger_over.urge(parsed, msg.text)  # "赶紧关总阀" too
    if not said or permissions.is_writer(msg.user_id, ev):
        return False
    await tell(ctx, c, ev, msg, parsed)
    return True


async def tell(
    ctx: AppContext, c: aiosqlite.Connection, ev: Event, msg: Incoming, parsed: ParsedReport, thank: bool = True
) -> None:
    """The neighbour's words to the workers the red paged (its worker alone once accepted) and, while nobody has it,
    the committee, each as a neighbour's; words that it is over carry the staff's button and ask its reporter. The
    neighbour is told they were passed on, once per red, or, a chase for help ("怎么还没人来"), how the red stands,
    once per red and state (``thank``; not when the question he answered says so)."""
    over = danger_over.news(parsed, msg.text) == "over"
    words = msg.text.strip()
    key = "red_news.over" if over else "red_news.arrived"
    # his words kept with his id: his /forget_me finds the staff's messages quoting them by them
    await events.log(c, ev.id, ctx.now(), "neighbour_news", msg.user_id, words)
    accepted = ev.status is Status.ACCEPTED and ev.assignee_id is not None
    workers = [ev.assignee_id] if accepted else sorted({dm.user_id for dm in await notifications.for_event(c, ev.id)})
    for worker in workers:
        assert worker is not None
        lang = await notify.user_language(ctx, c, worker)
        await notify.send(
            ctx,
            c,
            worker,
            quotes.quoted(lang, key, words, id=ev.id),
            purpose=Purpose.REPORTER_NOTE,
            event_id=ev.id,
            markup=_lower_button(lang, ev) if over else None,
            dedup_key=f"red_news:{ev.id}:{msg.chat_id}:{msg.message_id}:{worker}",
        )
    if not accepted:
        lang = await notify.group_language(ctx, c, ctx.committee_chat_id)
        markup = _lower_button(lang, ev) if over else None
        once = f"red_news:{ev.id}:{msg.chat_id}:{msg.message_id}"
        await notify.committee(ctx, c, key, ev.id, dedup_key=once, markup=markup, words=words, id=ev.id)
    if over:  # its reporter asked once whether it is over, with her button
        what = messages.preview(words, 60)
        await notify.tell_reporter(
            ctx, c, ev, "red_news.ask_reporter", buttons=_her_button(ev), once=f"red_news_ask:{ev.id}", words=what
        )
    log.info("#%s: a neighbour's news of the red passed on (%s)", ev.id, "over" if over else "arrived")
    if not thank:
        return
    lang = await notify.answer_language_for(ctx, c, msg)
    once = f"red_news_thanks:{ev.id}:{msg.user_id}"
    said = t(lang, "red_news.passed_on", id=ev.id)
    if danger_over.nobody_came(parsed, msg.text):  # "怎么还没人来": how it stands, as her chase of hers is answered
        once = f"red_news_asked:{ev.id}:{msg.user_id}:{ev.status.value}"
        said = t(lang, "followup.told_asked", id=ev.id, state=await standing.state_of(ctx, c, lang, ev))
    await notify.reply(ctx, c, msg, said, purpose=Purpose.REPLY, event_id=ev.id, dedup_key=once)


def _lower_button(lang: str, ev: Event) -> dict:
    """The staff's one button under a neighbour's "it is over": the red lowered to yellow."""
    return messages.keyboard([messages.button(plain(lang, "btn.lower_red"), Action.LOWER_RED, ev.id)])


def _her_button(ev: Event) -> Callable[[str], dict]:
    """Its reporter's one button under the question: "✅ it is over", in the language she is asked in."""
    return lambda lang: messages.keyboard([messages.button(plain(lang, "btn.her_danger_over"), Action.HER_OVER, ev.id)])


async def lower_pressed(
    ctx: AppContext, event_id: int, user_id: int, member: bool | None, pressed: tuple[int, int], name: str = ""
) -> Answer:
    """A worker, an admin or a member of the committee chat (``member``: as Telegram says; its staff are not all in
    the file) pressed "🟡 lower to yellow" under a neighbour's "it is over": the red is lowered as its reporter's words
    would (``red_lowered.spread``), logged as theirs; the committee told who did it, and the message pressed
    (``pressed``: its chat and id) loses its button and says so. A resident's press is refused."""
    if permissions.role(ctx.community, user_id) is permissions.Role.RESIDENT and member is not True:
        log.warning("refused a 'lower to yellow' press on #%s by user %s (not staff)", event_id, user_id)
        return Answer("cb.only_staff", True)
    async with ctx.db.tx() as c:
        ev = await events.get(c, event_id)
        if ev is None or not lifecycle.is_open(ev.status) or not await events.lower_red(c, event_id, Urgency.YELLOW):
            return Answer("cb.already_done" if ev else "cb.unknown", True)
        who = await notify.actor_name(ctx, c, user_id, name)
        why = ("committee.lowered_by_staff_at_night", {"name": who})
        _, told, _ = await red_lowered.spread(
            ctx, c, event_id, user_id, why, "emergency.over_staff", "dm.state.lowered_by_staff", "lowered_by_staff"
        )
        if not told:
            once = f"lowered_by_staff:{event_id}"
            await notify.committee(
                ctx, c, "committee.lowered_by_staff", event_id, dedup_key=once, id=event_id, name=who
            )
        chat_id, message_id = pressed
        kept = await outbox.text_of_sent(c, chat_id, message_id)
        if kept is not None:
            lang = await notify.language_in(ctx, c, chat_id, user_id)
            text = join([Html(kept), t(lang, "red_news.lowered_by", name=who)])
            await notify.edit(ctx, c, chat_id, message_id, text, None, Purpose.EDIT, event_id)
    log.info("#%s lowered to yellow by staff %s after a neighbour said the danger is over", event_id, user_id)
    return Answer("cb.red_lowered")


async def her_over_pressed(ctx: AppContext, event_id: int, user_id: int, chat_id: int, message_id: int) -> Answer:
    """Its reporter pressed "✅ it is over" under the question a neighbour's words brought: lowered as her words would
    (``red_lowered.by_her_press``); the question loses its button. Anyone else's press is refused."""
    async with ctx.db.tx() as c:
        if isinstance(ev := await red_lowered.her_red(c, event_id, user_id, "it is over"), Answer):
            return ev
        if not lifecycle.is_open(ev.status) or not await red_lowered.by_her_press(ctx, c, ev, user_id):
            return Answer("cb.already_done", True)
        await notify.edit_markup(ctx, c, chat_id, message_id, {"inline_keyboard": []}, event_id)  # answered
    return Answer("cb.her_danger_over")
