"""Over 300 lines: her next words read in one place (adding, placing, since when, correcting, chasing), sharing
the look-up of her open reports here.

Use case: a resident's next words just after her own report, not written as a reply, as a phone is typed: a
place alone fills her report of no place ("楼道灯坏了", then "3号楼2单元"), or is held a moment for the report her next
words make; more words about the same problem ("楼道的灯" / "坏了好几天了，晚上黑漆漆的", "已经两天了") join it as its
words; later, up to ``followup.MORE_WITHIN`` after it, such words naming no place ("声控灯不亮", "已经一个礼拜了")
reach its worker, as if written under it. Her answer to "where?" with a word more than the place ("3号楼2单元5楼")
fills it too. Words telling since when ("昨晚就开始了", "从上礼拜一直这样") that name nothing else join it, or reach its
worker, up to ``followup.MORE_WITHIN`` after it (``next_words.since_of_it``). A new, different problem ("门铃坏了":
another thing broken, ``core.next_words``) is read as any report, in the place she gave a moment ago when it names
none. Later words that can only be about her open report ("撤回",
"怎么还没人来") are read as written under it (``about_her_report``)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import aiosqlite

from bot.context import AppContext
from bot.core import (
    danger_over,
    followup,
    her_reports,
    lifecycle,
    merge,
    next_words,
    parser,
    permissions,
    several,
    symptoms,
)
from bot.core.purpose import Purpose
from bot.core.types import Event, Incoming, ParsedReport, Status, Urgency
from bot.render import messages, quotes
from bot.render.i18n import normalize, t
from bot.services import chase, followups, lasting, message_parts, notify, photos, placing, rerouting
from storage import events, held_places, reporters

TAKE_BACK_WITHIN = timedelta(minutes=15)  # in a group, a take-back typed later more likely answers a neighbour
HOME_KNOWN = timedelta(days=1)  # a report in her home takes her flat from her open report of it this recent


async def received(ctx: AppContext, msg: Incoming, parsed: ParsedReport, cut: several.Cut) -> int | None:
    """Her words went to her report of a moment ago: its id; None: read as any message (a place alone that fills
    nothing is then held for her next report). ``cut``: her message's problems (``several.Cut``)."""
    if msg.forwarded or permissions.role(ctx.community, msg.user_id) is not permissions.Role.RESIDENT:
        return None
    if followup.takes_back(msg.text):  # "撤回，刚才看错了，灯是好的": not its words, a take-back (about_her_report)
        return None
    if followup.about_her_visit(msg.text) and not parsed.building:  # "什么时候来人？" a minute on: not words of her
        return None  # problem but a question of her visit, for its worker and answered with how it stands (below)
    place = parser.only_place(msg.text) if "place_only" in parsed.reasons else None  # its reader said so
    since = next_words.tells_since(msg.text)  # "昨晚就开始了": the reader may see nothing in it
    if place is None and not (
        parsed.is_report or parser.needs_confirmation(parsed) or next_words.tells_more(parsed) or since
    ):
        return None  # chat: no transaction for it
    if cut.of(parsed):
        return None  # "3号楼垃圾没人收，楼道灯也还没修": each problem matched on its own (``reports.route``)
    now = ctx.now()
    async with ctx.db.tx() as c:
        if since and place is None and (told := await _since_then(ctx, c, msg, parsed)) is not None:
            return told
        if place is not None and place.building is not None:
            ev = await events.latest_reported(c, msg.chat_id, msg.user_id, now - followup.PLACE_AFTER)
            if ev is not None and ev.building is None and await placing.fill(ctx, c, ev, msg, place):
                await message_parts.placed_too(ctx, c, ev, msg, place)  # the other problems of her message
                return ev.id
            await held_places.hold(
                c, msg.chat_id, msg.message_id, msg.user_id, (place.building, place.unit, place.room), now
            )
            return None
        if parsed.building is not None and (placed := await _placed_in_words(ctx, c, msg, parsed)) is not None:
            return placed  # "3号楼2单元5楼" when asked where: more than a place alone, and no problem of its own
        if parsed.urgency is Urgency.RED and (raised := await _raised_by_her(ctx, c, msg, parsed)) is not None:
            return raised  # "电梯里困了人" a while after her "3号楼电梯坏了": her lift is now a red
        ev = await events.latest_reported(c, msg.chat_id, msg.user_id, now - followup.ADDS_WITHIN)
        if ev is None and not (parsed.building or parsed.unit or parsed.room):
            later = await events.latest_reported(c, msg.chat_id, msg.user_id, now - followup.MORE_WITHIN)
            if later is None or later.message_id >= msg.message_id or not await _more_later(ctx, c, later, msg, parsed):
                return None
            told = later.id  # "声控灯不亮" ten minutes on: her light, for its worker, not #2 of no place
        elif ev is None or ev.message_id >= msg.message_id or not await _adds_to(ctx, c, ev, msg, parsed):
            return None
        else:
            await _add_words(ctx, c, ev, msg)
            return ev.id
    done = await followups.reply_received(ctx, msg, 0, parsed, event_id=told, same=True)
    return told if done else None


async def _since_then(ctx: AppContext, c: aiosqlite.Connection, msg: Incoming, parsed: ParsedReport) -> int | None:
    """Her words telling since when her report of up to ``followup.MORE_WITHIN`` ago has been so, and nothing else
    (``next_words.since_of_it``: "昨晚就开始了", "从上礼拜一直这样", "it's been like this since Monday"; sweep: dropped,
    asked "Report it?" or #2 of no place): its words, or its worker's note, as her other words of it are. Its id, or
    None."""
    ev = await events.latest_reported(c, msg.chat_id, msg.user_id, ctx.now() - followup.MORE_WITHIN)
    if ev is None or ev.message_id >= msg.message_id or Urgency.RED in (parsed.urgency, ev.urgency):
        return None
    reps = await reporters.for_event(c, ev.id)
    if not next_words.since_of_it(parsed, msg.text, [ev.text] + [r.text for r in reps if r.text], ev.category):
        return None
    before = ev.urgency
    if next_words.lasted_long(parsed, msg.text):  # "其实上周就这样了": a week or more is yellow, her words told
        ev = await lasting.lasted(ctx, c, ev, msg.user_id, msg.text)
    if ctx.now() - ev.created_at <= followup.ADDS_WITHIN:
        await _add_words(ctx, c, ev, msg)
    else:  # raised, its worker read them with the new colour: not a second message of them
        await followups.tell_worker(ctx, c, ev, msg, note=ev.urgency is before)
    return ev.id


async def _raised_by_her(ctx: AppContext, c: aiosqlite.Connection, msg: Incoming, parsed: ParsedReport) -> int | None:
    """A danger in her words of up to ``followup.MORE_WITHIN`` after her report, of its thing and naming no other
    thing nor place ("电梯里困了人" minutes after her "3号楼电梯坏了"; neighbour60: red #2 of no place, #1 left green),
    or naming no thing but more of the danger it told (``followup.danger_again``: "火越来越大了" after her fire read
    yellow): her report is raised to red with her words, its worker told them with the raise
    (``chase.on_urgency_raised``).
    Its id, or None (and when only marks made the words red, "电梯还不能用！！！": her words about it, calm)."""
    lang = normalize(msg.language_code, ctx.language)
    if followup.calmed(parsed, msg.text, lang) is not None:
        return None
    ev = await events.latest_reported(c, msg.chat_id, msg.user_id, ctx.now() - followup.MORE_WITHIN)
    if ev is None or ev.message_id >= msg.message_id or ev.urgency is Urgency.RED:
        return None
    if parsed.building not in (None, ev.building) or ev.reporter_id != msg.user_id:
        return None
    reps = await reporters.for_event(c, ev.id)
    said = [ev.text] + [r.text for r in reps if r.text]
    things = next_words.things_of(msg.text)
    if things and not things <= next_words.things_of(" ".join(said)):
        return None
    if not things and not followup.danger_again(parsed, (parser.parse(x, lang) for x in said)):
        return None  # "快来人！" names no thing: hers only when her report told this danger
    if ev.status in lifecycle.EDITABLE:
        await _add_words(ctx, c, ev, msg, at_least=Urgency.RED)
        return ev.id
    if not await events.correct(c, ev.id, "urgency", ev.urgency.value, Urgency.RED.value):
        return None  # accepted: he keeps it, red, and reads her words with the raise
    await events.log(c, ev.id, ctx.now(), "added_words", msg.user_id, msg.text.strip())
    fresh = await events.get(c, ev.id) or ev
    await chase.on_urgency_raised(ctx, c, fresh, msg.text)
    await notify.refresh_ack(ctx, c, fresh)
    await notify.edit_worker_dms(ctx, c, fresh, "dm.state.added", keep_accept=True)
    return ev.id


async def _more_later(ctx: AppContext, c: aiosqlite.Connection, ev: Event, msg: Incoming, parsed: ParsedReport) -> bool:
    """Her words typed a while after her report tell more of it (``next_words.more_of_it``), as her words just
    after it would (``_adds_to``)."""
    reps = await reporters.for_event(c, ev.id)
    said = [ev.text] + [r.text for r in reps if r.text]
    return next_words.more_of_it(parsed, msg.text, said, ev.category) and await _adds_to(ctx, c, ev, msg, parsed)


async def _placed_in_words(ctx: AppContext, c: aiosqlite.Connection, msg: Incoming, parsed: ParsedReport) -> int | None:
    """Her report of no place of a moment ago (``followup.PLACE_AFTER``) takes the place her words name when they
    tell no problem but hers (``next_words.place_told``): its id; None when they are no such words."""
    ev = await events.latest_reported(c, msg.chat_id, msg.user_id, ctx.now() - followup.PLACE_AFTER)
    if ev is None or ev.building is not None or ev.message_id >= msg.message_id:
        return None
    reps = await reporters.for_event(c, ev.id)
    place = next_words.place_told(parsed, msg.text, [ev.text] + [r.text for r in reps if r.text])
    return ev.id if place is not None and await placing.fill(ctx, c, ev, msg, place) else None


async def placed_as_before(ctx: AppContext, msg: Incoming, parsed: ParsedReport) -> ParsedReport:
    """A report of its own that names no building, written just after her report (not as its words), takes that
    report's building and unit: she said where a moment ago ("3号楼2单元楼道灯坏了", then "门铃坏了"). One in her
    home ("卫生间的灯也不亮了") takes her flat from her open report of her flat of the last HOME_KNOWN (private review:
    three minutes after "厨房水龙头一直滴水，3号楼2单元502", it was #2 "位置：未注明", and she was asked where)."""
    if not parsed.is_report or parsed.building is not None or parsed.urgency is Urgency.RED or msg.forwarded:
        return parsed  # a red keeps the rules of reds: one with no place joins the alarm she raised (reports.route)
    home = symptoms.at_home(followup.plain(msg.text))
    async with ctx.db.read() as c:
        ev = await events.latest_reported(c, msg.chat_id, msg.user_id, ctx.now() - followup.ADDS_WITHIN)
        if ev is None and home:
            ev = await events.latest_reported(c, msg.chat_id, msg.user_id, ctx.now() - HOME_KNOWN)
            mine = ev is not None and ev.room is not None and symptoms.her_flat_named(followup.plain(ev.text))
            ev = ev if mine else None
    if ev is None or ev.building is None or ev.message_id >= msg.message_id:
        return parsed
    room = ev.room if home and parsed.room is None and parsed.unit in (None, ev.unit) else parsed.room
    return replace(parsed, building=ev.building, unit=ev.unit if parsed.unit is None else parsed.unit, room=room)


async def _adds_to(ctx: AppContext, c: aiosqlite.Connection, ev: Event, msg: Incoming, parsed: ParsedReport) -> bool:
    """Her words say more of the event's problem: no problem of their own (as her words under it would be judged),
    not her report said again (her double post is the same report, answered as such), and no danger either way."""
    if Urgency.RED in (parsed.urgency, ev.urgency):  # an alarm again, or another: the rules of reds (reports.route)
        return False
    reps = await reporters.for_event(c, ev.id)
    said = [ev.text] + [r.text for r in reps if r.text]
    if next_words.another_family(msg.text, said, ev.category):  # "the ceiling is leaking" after her hall light
        return False
    if next_words.new_outage(parsed, said):  # "不是楼上的问题，是整栋楼都停水了" after her leak: a report of its own
        return False
    same = next_words.names_its_thing(parsed, msg.text, said, ev.category)  # "声控灯也不亮" after "楼道灯坏了"
    # "天花板一直在滴水" after "家里漏水了": how her leak shows, a sign of its family
    same = same or next_words.same_problem(parsed, msg.text, said, ev.category)
    if followups.elsewhere(ctx, ev, reps, msg, parsed, wording=not same):
        return False
    if next_words.names_own_thing(parsed, msg.text, said):  # a name her report did not use
        return same  # "电梯门也关不上了" after "电梯坏了": more of it, not said again; "门铃坏了": a thing of its own
    words = merge.wording(msg.text)
    return not words or max(merge.similarity(words, merge.wording(t)) for t in said) < ctx.settings.merge_threshold


async def _add_words(
    ctx: AppContext, c: aiosqlite.Connection, ev: Event, msg: Incoming, at_least: Urgency = Urgency.GREEN
) -> None:
    """Before anyone accepted it the event reads its words and hers together (its kind, colour and place as the
    reader finds them in all of it; never lowered, a place kept; at least ``at_least``, the colour of her words
    alone); after, they reach its worker as her note."""
    if ev.status not in lifecycle.EDITABLE:
        await followups.tell_worker(ctx, c, ev, msg)
        return
    text = f"{ev.text}\n{msg.text}"
    read = parser.parse(text, normalize(msg.language_code, ctx.language), said_report=True)
    urgency = max((read.urgency or ev.urgency, ev.urgency, at_least), key=lambda u: u.rank)
    read = replace(
        read,
        is_report=True,
        category=read.category or ev.category,
        urgency=urgency,
        building=read.building or ev.building,
        unit=read.unit if read.building else ev.unit or read.unit,
        room=read.room or ev.room,
    )
    if not await events.update_report(c, ev.id, text, read):
        return
    # whole: a refused note tells the committee these words, and /forget_me scrubs what quotes them by them
    line = await events.log(c, ev.id, ctx.now(), "added_words", msg.user_id, msg.text.strip())
    fresh = await events.get(c, ev.id) or ev
    if urgency.rank > ev.urgency.rank:  # "…里面好像有人": everything the new colour does at once, her words told
        await chase.on_urgency_raised(ctx, c, fresh, msg.text)
    await notify.refresh_ack(ctx, c, fresh)
    told = await notify.edit_worker_dms(ctx, c, fresh, "dm.state.added", keep_accept=True)
    if messages.cut_short(fresh.text):  # past the card's preview, and past what a link to her first words opens
        for user_id in told - await events.gave_up_by(c, fresh.id):  # not to those it moved away from
            lang = await notify.user_language(ctx, c, user_id)
            if messages.cut_short(ev.text):  # already past it: they got the rest before, this is what she added
                note = quotes.quoted(lang, "followup.to_worker", msg.text, id=ev.id)
                await followups.to_worker(ctx, c, ev.id, user_id, note, Purpose.REPORTER_NOTE, line)
            else:
                await notify.whole_text(ctx, c, fresh, user_id, lang, f"added:{len(fresh.text)}")


async def about_her_report(
    ctx: AppContext,
    msg: Incoming,
    parsed: ParsedReport,
    cut: several.Cut | None = None,
    whole: ParsedReport | None = None,
) -> str | None:
    """Words typed without replying that can only be about a report already made (``next_words.about_a_report``:
    "撤回", "怎么还没人来", "不用了，已经好了", "还是不亮"), while she has one open report, made or joined in this chat
    (in private: anywhere), or else, none open they may be about, one closed within ``followup.REOPEN_WITHIN``,
    naming no problem but hers: read as written under it (``followups.reply_received``; resident review:
    "怎么还没人来" half an hour on opened #2
    "位置：未注明" for the worker and the committee, "发错了" was dropped and the worker still sent, "灯还是不亮" after
    "已办结" opened #2 too). So are words showing her open report's problem by a sign of its family and naming
    nothing else (``next_words.same_problem``: "天花板一直在滴水" a few minutes after "家里漏水了" opened #2 for one
    leak; "the hallway light is still out" did too), and, said with "still", her closed one's ("天花板还在滴水" after
    her leak was fixed: not fixed). In a group a take-back withdraws it only within
    TAKE_BACK_WITHIN of her report; later its worker reads it. What was done, or "several" (in private, with more
    than one open the words may be about: which?); None: read as any message."""
    if msg.forwarded or permissions.role(ctx.community, msg.user_id) is not permissions.Role.RESIDENT:
        return None
    chases = next_words.about_a_report(parsed, msg.text)
    signs = next_words.shows_a_sign(parsed, msg.text)
    over = danger_over.said(parsed, msg.text)  # "人救出来了，孩子没事": of her red alone
    if not (chases or signs or over):
        return None
    if cut is not None and cut.of(whole or parsed):  # "楼道灯还是不亮，门口垃圾也没人收": each problem on its own
        return None  # (``reports.route``), not all of it her light's note; cut only past the filters above
    async with ctx.db.read() as c:
        here = await _here(c, msg, await events.open_reported_by(c, msg.user_id))
        if over and not (chases or signs):
            here = [(ev, said) for ev, said in here if ev.urgency is Urgency.RED]
            chases = bool(here)
        # "everyone is out safe": the red's words alone, not a thing of another problem ("is out")
        mine = here if over and danger_over.own_words(msg.text) else _about(parsed, msg, here) if chases else []
        # "天花板一直在滴水" after her "家里漏水了": how her open report's problem shows
        shown = _showing(ctx, parsed, msg, here) if signs else []
        mine += [m for m in shown if m not in mine]
        still = signs and followup.says_not_fixed(parsed, msg.text)  # "天花板还在滴水", not a plain "天花板滴水"
        # "还是不亮" after she was told it was fixed (her open lift is not the light)
        if not mine and (chases or still):
            closed = await _here(
                c, msg, await events.closed_reported_by(c, msg.user_id, ctx.now() - followup.REOPEN_WITHIN)
            )
            mine = _about(parsed, msg, closed) if chases else _showing(ctx, parsed, msg, closed)
            if len(mine) > 1:
                return None
    if len(mine) > 1:  # "水龙头我自己拧紧了，不用来了" with her tap and her light open: the tap's
        mine = [mine[i] for i in her_reports.named(msg.text, [said for _, said in mine])] or mine
    if len(mine) != 1:
        return "several" if msg.private and mine else None
    return await _about_one(ctx, msg, parsed, mine[0][0], same=mine[0] in shown)


async def _about_one(ctx: AppContext, msg: Incoming, parsed: ParsedReport, ev: Event, same: bool) -> str | None:
    """Her words about one report of hers, read as written under it (``about_her_report``); ``same``: they show its
    problem by a sign, and are not compared with its words."""
    # "取消报修" names her report: hers to take back whenever, as in private ("发错了" later may answer a neighbour)
    late = not msg.private and ctx.now() - ev.created_at > TAKE_BACK_WITHIN
    late = late and not followup.cancels_her_report(msg.text)
    if late and followup.takes_back(msg.text) and ev.status is not Status.ACCEPTED:
        if not lifecycle.is_open(ev.status):
            return None
        # "发错了" half an hour on: for its worker to judge, not a withdrawal (accepted, he is asked to judge anyway)
        async with ctx.db.tx() as c:
            await followups.tell_worker(ctx, c, ev, msg)
        return "told"
    # 0: she replied to no message; words showing its problem are not compared with its words ("墙上也在渗水")
    done = await followups.reply_received(ctx, msg, 0, parsed, event_id=ev.id, same=same)
    if done in ("told", "reopened", "held") and msg.photo:  # "灯还是不亮" on her photo of it: the photo goes too
        await photos.with_her_words(ctx, ev.id, msg)
    return done


async def part_by_part(ctx: AppContext, msg: Incoming) -> str | None:
    """Her words typed without replying, turning from one of her open reports here to another, each part naming its
    thing and each about a report (``her_reports.parts_by_report``: "水龙头我自己拧紧了，不用来了，灯还是要修"; a
    resident's private-chat sweep: all of it joined the light's report as more words): each part read as written
    under its report (``about_her_report``). What the last part did, or None (nothing done) when they are not such
    words."""
    if msg.forwarded or permissions.role(ctx.community, msg.user_id) is not permissions.Role.RESIDENT:
        return None
    if len(next_words.things_of(msg.text)) < 2:  # most words: no need to look
        return None
    lang = normalize(msg.language_code, ctx.language)
    async with ctx.db.read() as c:
        here = await _here(c, msg, await events.open_reported_by(c, msg.user_id))
    if len(here) < 2 or not (parts := her_reports.parts_by_report(msg.text, [said for _, said in here])):
        return None
    read = [(here[i][0], replace(msg, text=words), parser.parse(words, lang)) for i, words in parts]
    if not all(next_words.about_a_report(p, m.text) or next_words.shows_a_sign(p, m.text) for _, m, p in read):
        return None  # "水龙头不用修了，电梯坏了": a report of its own in them
    done = None
    for ev, part, said in read:
        done = await _about_one(ctx, part, said, ev, same=False) or done
    return done


async def fine_but_another(ctx: AppContext, msg: Incoming) -> tuple[str, str, int] | None:
    """Her words typed without replying, while she has one open report here, saying its thing is fine and then
    another thing broken (``next_words.fine_but_another``: "灯是好的，但是门禁坏了"; resident sweep: the entry phone
    reached the light's worker as a note, and no one was sent for it): (her words of it, the new problem, its id)."""
    if msg.forwarded or permissions.role(ctx.community, msg.user_id) is not permissions.Role.RESIDENT:
        return None
    if not next_words.said_fine(msg.text):  # most words: no need to look
        return None
    async with ctx.db.read() as c:
        mine = await _here(c, msg, await events.open_reported_by(c, msg.user_id))
    if len(mine) != 1:
        return None
    ev, said = mine[0]
    parts = next_words.fine_but_another(msg.text, normalize(msg.language_code, ctx.language), said, ev.category)
    return (*parts, ev.id) if parts else None


async def corrected(ctx: AppContext, msg: Incoming) -> int | None:
    """Her words typed without replying, while she has one open report here, correcting what is broken
    (``next_words.corrected``: "我看错了，不是楼道灯，是电梯坏了"; resident sweep: dropped, the worker still sent to the
    light): before anyone accepted it the event reads its words and hers together (its kind and place as the reader
    finds them, the acknowledgement and the cards say so) and she is told it is corrected; after, its worker reads
    them. Its id, or None."""
    if msg.forwarded or permissions.role(ctx.community, msg.user_id) is not permissions.Role.RESIDENT:
        return None
    if not next_words.NOT_IT.search(followup.plain(msg.text)):  # most words: no need to look
        return None
    lang = normalize(msg.language_code, ctx.language)
    async with ctx.db.tx() as c:
        if (mine := await _hers_to_correct(c, msg)) is None:
            return None
        ev, said = mine
        if not next_words.corrected(msg.text, lang, said, ev.category):
            return None
        if ev.status not in lifecycle.EDITABLE:
            await followups.tell_worker(ctx, c, ev, msg)
            return ev.id
        await _add_words(ctx, c, ev, msg)
        answer = await notify.answer_language_for(ctx, c, msg)
        text = quotes.quoted(answer, "followup.corrected", msg.text.strip(), id=ev.id)  # what now stands
        await notify.reply(ctx, c, msg, text, purpose=Purpose.REPLY, event_id=ev.id)
    return ev.id


async def place_corrected(ctx: AppContext, msg: Incoming) -> int | None:
    """Her words typed without replying, while she has one open report here, correcting where it is
    (``next_words.place_corrected``: "写错了，是4号楼不是3号楼", "sorry, it's block 5 not 3"; sweep: dropped, or #2 at
    the new place while #1 paged the wrong grid): before anyone accepted it the event takes the new place and goes
    where a report of it would go, as her edit of the report would (``rerouting``), and she is told its place; after,
    its worker reads them. Its id, or None."""
    if msg.forwarded or permissions.role(ctx.community, msg.user_id) is not permissions.Role.RESIDENT:
        return None
    if not next_words.may_correct_place(msg.text):  # most words: no need to look
        return None
    lang = normalize(msg.language_code, ctx.language)
    async with ctx.db.tx() as c:
        if (mine := await _hers_to_correct(c, msg)) is None or mine[0].building is None:
            return None  # a place of none is filled (``received``)
        ev, said = mine
        if (place := next_words.place_corrected(msg.text, lang, said, ev.category)) is None:
            return None
        if ev.status not in lifecycle.EDITABLE:
            await followups.tell_worker(ctx, c, ev, msg)
            return ev.id
        read = ParsedReport(True, ev.category, ev.urgency, place.building, place.unit or ev.unit, place.room or ev.room)
        if not await events.update_report(c, ev.id, ev.text, read):
            return None
        await events.log(c, ev.id, ctx.now(), "added_words", msg.user_id, msg.text.strip())
        fresh = await events.get(c, ev.id) or ev
        moved = await rerouting.to_its_grid(ctx, c, fresh, ev.chat_id)  # another building's grid: its worker
        fresh = moved or fresh
        await notify.refresh_ack(ctx, c, fresh)
        if moved is None:
            await notify.edit_worker_dms(ctx, c, fresh, "dm.state.edited", keep_accept=True)
        answer = await notify.answer_language_for(ctx, c, msg)
        where = messages.location_label(answer, fresh)
        text = t(answer, "followup.place_corrected", id=ev.id, place=where)
        await notify.reply(ctx, c, msg, text, purpose=Purpose.REPLY, event_id=ev.id)
    return ev.id


async def _hers_to_correct(c: aiosqlite.Connection, msg: Incoming) -> tuple[Event, list[str]] | None:
    """Her one open report here, which she wrote, no red, and made before these words (her report edited is edits' to
    judge): with the words it was reported in."""
    mine = await _here(c, msg, await events.open_reported_by(c, msg.user_id))
    if len(mine) != 1 or mine[0][0].reporter_id != msg.user_id or mine[0][0].urgency is Urgency.RED:
        return None
    ev = mine[0][0]
    return None if ev.chat_id == msg.chat_id and ev.message_id >= msg.message_id else mine[0]


def _about(parsed: ParsedReport, msg: Incoming, mine: list[tuple[Event, list[str]]]) -> list[tuple[Event, list[str]]]:
    """Those of her reports the words may be about: "又停电了" after her hall light's is a problem of its own, and
    with her light and a lift open, so it is too. A take-back names no problem ("撤回，刚才看错了，灯是好的"): any."""
    back = followup.takes_back(msg.text)
    return [(ev, s) for ev, s in mine if back or not next_words.another_problem(parsed, msg.text, s, ev.category)]


def _showing(
    ctx: AppContext, parsed: ParsedReport, msg: Incoming, mine: list[tuple[Event, list[str]]]
) -> list[tuple[Event, list[str]]]:
    """Those of her open reports whose problem the words show by a sign of its family, naming nothing else
    (``next_words.same_problem``), unless they only say her report again ("家里漏水了" twice: answered as such,
    ``merging``); with "still" or "again" they chase it ("the hallway light is still out")."""
    words = merge.wording(msg.text)
    again = not next_words.chases(parsed, msg.text)
    return [
        (ev, said)
        for ev, said in mine
        if next_words.same_problem(parsed, msg.text, said, ev.category)
        and not (
            again
            and words
            and any(merge.similarity(words, merge.wording(t)) >= ctx.settings.merge_threshold for t in said)
        )
    ]


async def _here(c: aiosqlite.Connection, msg: Incoming, evs: list[Event]) -> list[tuple[Event, list[str]]]:
    """Of these events of the writer's, those she reported or joined in this chat (in private: all), each with the
    words they were reported in."""
    found = []
    every = await reporters.for_events(c, [ev.id for ev in evs])  # one read for them all
    for ev in evs:
        reps = every[ev.id]
        here = ev.chat_id == msg.chat_id or any(r.user_id == msg.user_id and r.chat_id == msg.chat_id for r in reps)
        if msg.private or here:
            found.append((ev, [ev.text] + [r.text for r in reps if r.text]))
    return found
