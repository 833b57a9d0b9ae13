"""Same problem, one event: join a report to an open event (splitting one back out: services/splitting.py)."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import aiosqlite

from bot.context import AppContext
from bot.core import hazard_kinds, merge, neighbour_words, next_words, permissions
from bot.core.purpose import Purpose
from bot.core.types import Category, Event, Incoming, ParsedReport, Urgency
from bot.render import messages
from bot.render.fit import clip
from bot.render.i18n import join as join_lines
from bot.render.i18n import t
from bot.services import lasting, notify, photos
from storage import events, media, outbox, reporters

ME_TOO_WITHIN = timedelta(minutes=30)  # a bare "我家也是" typed later more likely answers a neighbour's chat

log = logging.getLogger(__name__)
# in a group, one "added you" reply per event within this time; later ones are counted: under the event's own
# acknowledgement by it, in another group by the answer given there
QUIET = timedelta(minutes=2)


def chased(ctx: AppContext, ev: Event) -> bool:
    """A match made past MERGE_WINDOW_S: only her own open report matches so late (``merge.Candidate.hers``), so
    her words chase it rather than join it."""
    return ctx.now() - ev.created_at > timedelta(seconds=ctx.settings.merge_window_s)


async def find_match(ctx: AppContext, c: aiosqlite.Connection, msg: Incoming, parsed: ParsedReport) -> Event | None:
    """The open event this report is the same problem as, if any."""
    window = timedelta(seconds=ctx.settings.merge_window_s)
    if not window or parsed.category is None:
        return None
    now = ctx.now()
    near = min(window, ME_TOO_WITHIN)
    found = await events.open_since(c, parsed.category.value, now - window, parsed.building, msg.chat_id)
    if parsed.building is None:  # a neighbour's same problem naming no place, just after a report there of one
        known = {e.id for e in found}
        found += [
            e
            for e in await events.open_in_chat(c, msg.chat_id, 5)
            if e.building and now - e.created_at <= near and e.id not in known
        ]
    hers = {e.id: e for e in await events.open_reported_by(c, msg.user_id, limit=20)}  # any age: still open
    found += [e for e in hers.values() if e.id not in {f.id for f in found}]
    if not found:
        return None
    reps = await reporters.for_events(c, [e.id for e in found])
    candidates = [
        merge.Candidate(
            e.id,
            e.chat_id,
            e.category,
            e.urgency,
            e.building,
            e.unit,
            e.created_at,
            [e.text] + [r.text for r in reps[e.id] if r.merged and r.text],
            e.id in hers,
        )
        for e in found
        # "电梯里的灯坏了" after "5号楼电梯坏了": the lift's light, not the lift, whatever words they share
        if not next_words.inside_another(msg.text, [e.text] + [r.text for r in reps[e.id] if r.text], e.category)
    ]
    report = merge.Report(
        msg.chat_id,
        parsed.category,
        parsed.urgency or Urgency.GREEN,
        parsed.building,
        parsed.unit,
        msg.text,
        merge.doubted_red(parsed),
    )
    chosen = merge.decide(report, candidates, now, window, ctx.settings.merge_threshold, unplaced_within=near)
    if chosen is None:  # "楼道的灯是坏了", "3号楼楼梯间的照明灯坏了" after "3号楼2单元楼道灯坏了": her thing
        alike = [c for c in candidates if _her_thing(report, parsed, msg.text, c, now, window, near)]
        if len({(c.building, c.unit) for c in alike}) == 1:  # never guessed between two places
            chosen = max(alike, key=lambda c: c.created_at).event_id
    if chosen is None and report.urgency is Urgency.RED:  # sure or not: the same alarm as the red just made
        said = hazard_kinds.named(report.text)
        kin = [c for c in candidates if _same_danger(report, said, c, now, near)]
        chosen = kin[0].event_id if len(kin) == 1 else None  # two such reds: never guessed between them
    return next((e for e in found if e.id == chosen), None)


def _same_danger(
    report: merge.Report, said: frozenset[str], c: merge.Candidate, now: datetime, near: timedelta
) -> bool:
    """A red (``said``: the kinds of danger its words name) just after a red of the chat (within ``near``; a
    neighbour's, or hers past ``reports._alarm_again``), at its place or naming none, naming only kinds of danger its
    words name ("烟好大，呛死了", "3号楼车库的火越来越大了" a minute after "3号楼车库着火了"; a sweep: each opened red
    #2, paging everyone on duty again, its words too unlike hers to be compared by them alone)."""
    if c.urgency is not Urgency.RED or c.chat_id != report.chat_id or now - c.created_at > near:
        return False
    if report.building not in (None, c.building):
        return False
    # another kind beside it ("烟太大了，我妈晕过去了"): a red of its own
    return bool(said) and said <= hazard_kinds.named(" ".join(c.texts))


def _her_thing(
    report: merge.Report,
    parsed: ParsedReport,
    text: str,
    c: merge.Candidate,
    now: datetime,
    window: timedelta,
    near: timedelta,
) -> bool:
    """A neighbour's report names the candidate's thing by another name (``neighbour_words.same_thing``): naming no
    place, just after it in its chat (``merge.placed_for_it``; a danger's too: ``neighbour_words.DANGER_AT_THING``),
    or naming its place within the window."""
    if report.building is None:
        at_danger = c.category in neighbour_words.DANGER_AT_THING and report.category is Category.REPAIR
        placed = merge.placed_for_it(report, c, now, near) and (c.category is report.category or at_danger)
        return placed and neighbour_words.same_thing(parsed, text, c.texts, report.category)
    there = c.category is report.category and merge.same_place(report, c) and now - c.created_at <= window
    return there and neighbour_words.same_thing_there(parsed, text, c.texts, c.category)


async def just_made(c: aiosqlite.Connection, msg: Incoming, now: datetime, within: timedelta) -> list[Event]:
    """The open events of the message's chat made within ``within`` before it (of the last five), newest first."""
    evs = await events.open_in_chat(c, msg.chat_id, 5)
    return [e for e in evs if now - e.created_at <= within and e.message_id < msg.message_id]


async def join(
    ctx: AppContext,
    c: aiosqlite.Connection,
    ev: Event,
    msg: Incoming,
    repeat: bool = False,
    parsed: ParsedReport | None = None,
    placed: bool = False,
    what: str | None = None,
    row: int | None = None,
) -> bool:
    """Add the report to the event: the resident is told, the workers' DMs show the count. False if repeated.

    ``repeat``: the same person raising the same alarm again. They are told once per event, the
    workers' messages stay as they are, and the committee gets one note instead of an alert each time.
    ``parsed``: the joining report's reading: a second resident reporting a danger makes an unsure red sure
    (the first writer's "not urgent" button goes). ``placed``: the report named no place and the event has one: the
    answer names it, so a neighbour joined to another building's problem notices (its worker can split it off).
    ``what``: her words of it, one problem of a message naming several: kept, and named by the answer ("关于「…」：");
    ``row``: the message id they are kept under (a further problem's ``several.part_key``; by default her message's).
    """
    now = ctx.now()
    before = permissions.reporter_ids(ev, await reporters.for_event(c, ev.id))
    key = msg.message_id if row is None else row
    row_id = await reporters.add(
        c, ev.id, msg.user_id, msg.user_name, msg.chat_id, key, what or msg.text, now, merged=True
    )
    if row_id is None:
        return False
    if all(r.merged for r in await reporters.for_event(c, ev.id)):
        # An event older than event_reporters: remember its first reporter too (for surveys and counts).
        await reporters.add(
            c, ev.id, ev.reporter_id, ev.reporter_name, ev.chat_id, ev.message_id, ev.text, ev.created_at
        )
    await events.log(c, ev.id, now, "merged", msg.user_id, str(row_id))
    n = len({r.user_id for r in await reporters.for_event(c, ev.id)})
    lang = await notify.answer_language_for(ctx, c, msg)  # as their acknowledgement would be
    if msg.user_id in before:  # they reported it already: where it stands, not "added you"
        worker = await notify.display_name(ctx, c, ev.assignee_id) if ev.accepted_at else None
        state = t(lang, "merge.state_worker", worker=worker) if worker else t(lang, f"state.{ev.status.value}")
        # told once per state of the event in a group: asking again while nothing moved gets no second answer there;
        # in private every message is answered (resident review: a repeat there after the group's got silence)
        text = t(lang, "merge.again", id=ev.id, state=state)
        once = None if msg.private else f"merged:{ev.id}:{msg.user_id}:{msg.chat_id}:{ev.status.value}"
    else:
        added = t(lang, "merge.added", id=ev.id, n=n)
        if placed and ev.building:
            place = messages.location_label(lang, messages.without_room(ev))
            added = t(lang, "merge.added_at", id=ev.id, n=n, place=place)
        text, once = added, f"joined:{ev.id}:{msg.chat_id}:{row_id}"
    if what:
        text = join_lines((t(lang, "merge.of_part", what=messages.preview(what, 30)), text), "")
    # a storm of "+1": one reply a while in each group; the event's acknowledgement counts the others in its own
    # group, the answer given a moment ago in another (a group gets about 20 messages a minute)
    quiet = msg.user_id not in before and not msg.private
    if not (quiet and await outbox.keyed_since(c, f"joined:{ev.id}:{msg.chat_id}:", now - QUIET)):
        await notify.reply(ctx, c, msg, text, purpose=Purpose.MERGED, event_id=ev.id, dedup_key=once)
    elif msg.chat_id == ev.chat_id:
        await notify.refresh_ack(ctx, c, ev)
    elif not await _recount(ctx, c, ev, msg.chat_id, text):  # the answer there failed: this one is answered
        await notify.reply(ctx, c, msg, text, purpose=Purpose.MERGED, event_id=ev.id, dedup_key=once)
    if repeat:
        await notify.committee(ctx, c, "committee.repeated_alarm", ev.id, dedup_key=f"repeat:{ev.id}", id=ev.id)
    if msg.photo:  # a captioned photo that merged: the photo joins the event, as one replying to it would
        await photos.keep(ctx, c, ev, msg.user_id, media.Item(file_id=msg.photo, sent_as=msg.sent_as))
        if msg.album:  # and so do the other photos of its album
            await media.remember_album(c, msg.chat_id, msg.album, ev.id, now)
    newcomer = msg.user_id not in before  # one more resident affected
    red = parsed is not None and parsed.urgency is Urgency.RED and not merge.doubted_red(parsed)
    if newcomer and red and ev.urgency_unsure and await events.confirm_red(c, ev.id):
        await events.log(c, ev.id, now, "red_confirmed", msg.user_id, None)
        ev = await events.get(c, ev.id) or ev
        await notify.refresh_ack(ctx, c, ev)  # without the "not urgent" button
    if newcomer and parsed is not None and next_words.lasted_long(parsed, msg.text):  # "其实上周就这样了"
        ev = await lasting.lasted(ctx, c, ev, msg.user_id, msg.text)
    if newcomer or msg.photo:  # the workers' messages show the count (and the photos)
        await notify.edit_worker_dms(ctx, c, ev, None, keep_accept=True)
    return True


async def _recount(ctx: AppContext, c: aiosqlite.Connection, ev: Event, chat_id: int, text: str) -> bool:
    """The last "added you" answer in a group other than the event's says ``text`` (the count now): still queued,
    it goes out with it, and an edit follows it (the sender may have read it already: being sent, its row is still
    pending); sent, it is edited (a storm's edits waiting together go out as the last one)."""
    last = await outbox.last_keyed(c, f"joined:{ev.id}:{chat_id}:")
    if last is not None and last.status == "pending":
        await outbox.set_payloads(c, [(last.id, {**last.payload, "text": clip(text)})])
        await notify.edit(ctx, c, chat_id, None, text, None, Purpose.EDIT, ev.id, f"{outbox.ROW_REF}{last.id}")
        return True
    if last is not None and last.status == "sent" and last.message_id is not None:
        await notify.edit(ctx, c, chat_id, last.message_id, text, None, Purpose.EDIT, ev.id)
        return True
    return False  # it failed (or is gone): nothing there counts this one
