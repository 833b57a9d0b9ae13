"""Use case: a resident edited a message the bot has seen."""

from __future__ import annotations

import logging
from dataclasses import replace

import aiosqlite

from bot.context import AppContext
from bot.core import followup, lifecycle, merge, next_words, parser, permissions, several
from bot.core.purpose import Purpose
from bot.core.types import Event, Incoming, Outcome, ParsedReport, Status, Urgency
from bot.render import messages, quotes
from bot.render.i18n import normalize
from bot.services import (
    chase,
    extras,
    followups,
    message_parts,
    notify,
    photos,
    reports,
    rerouting,
    surveys,
    withdrawal,
)
from storage import events, media, people, reporters

log = logging.getLogger(__name__)


async def message_edited(ctx: AppContext, msg: Incoming, reply_to: int | None = None) -> str:
    """Before acceptance the event takes the new text; after, the edit is noted in its log. Its reporter's edit
    into words that take it back ("不好意思发错了") withdraws it or tells its worker (``withdrawal.taken_back``).

    An edited message that has no event yet is read again as a new message (in private only a resident's: a
    worker's note typed there is no report), a reply as the reply it now is (``reply_to``: the message it
    answers in a group): the reporter's "怎么还没人来修" corrected reaches the worker again, never a second event.
    A photo sent as a reply to an event's message (kept with it), its caption edited, is judged as a reply's words
    are (its wording not compared again: see followups.another_problem): still about the event, the new caption
    is noted in its log and kept with the photo; about a problem of its own ("就是这盏灯" corrected to
    "5号楼2单元着火了"), the photo leaves that event and is read as the report it is.
    """
    # judged before the write transaction, as a photo replying with these words would be (followups' read)
    moved = bool(
        msg.photo and reply_to is not None and await followups.another_problem(ctx, msg, reply_to, edited=True)
    )
    async with ctx.db.tx() as c:
        ev = await events.by_message(c, msg.chat_id, msg.message_id)
        if ev is not None and (taken := await withdrawal.taken_back(ctx, c, ev, msg.user_id, msg.text)):
            outcome = taken  # "不好意思发错了": withdrawn, or its worker told; the report keeps its words
            await message_parts.taken_back_too(ctx, c, ev, msg.user_id, msg.text)
        elif ev is not None:
            raw = parser.parse(msg.text)
            # cut into problems (``core.several``): its event stays the first one's, its kind and colour as that
            # problem's words read, not as the whole message's; each other problem follows its own piece
            cut = several.problems(msg.text, normalize(msg.language_code, ctx.language), raw)
            outcome = await _edit_one(
                ctx, c, ev, msg, cut[0].reading if cut else raw, raw, cut[0].words if cut else None
            )
            await _pieces_edited(ctx, c, ev, msg, cut[1:])
        elif (row := await reporters.by_message(c, msg.chat_id, msg.message_id)) is not None:
            # a report merged into an event: its words change there (the worker may split it out if it now
            # says something else); never read again as a new report, which would leave it in two events
            await reporters.set_text(c, row.id, msg.text)
            await events.log(c, row.event_id, ctx.now(), "edited", msg.user_id, msg.text[:300])
            merged_into = await events.get(c, row.event_id)
            if merged_into is not None and merged_into.status is Status.DISPATCHED:  # accepted or closed: as they are
                await notify.edit_worker_dms(ctx, c, merged_into, "dm.state.edited", keep_accept=True)
            outcome = "updated"
        elif msg.private and permissions.role(ctx.community, msg.user_id) is not permissions.Role.RESIDENT:
            outcome = "ignored"
        elif msg.photo is not None and (photo_of := await _photo_of(c, msg, reply_to)) is not None:
            if moved:  # now a problem of its own: not a photo of this event any more
                await media.remove_photo(c, photo_of.id, msg.photo)
                outcome = "new"
            else:  # "这是楼道的灯" corrected: words about a photo of the event, in its log and with the photo
                words = messages.preview(msg.text, 300)
                await media.set_caption(c, photo_of.id, msg.photo, photos.caption_words(msg.text))
                await events.log(c, photo_of.id, ctx.now(), "caption_edited", msg.user_id, words)
                outcome = "noted"
        elif await reports.asked_message_edited(ctx, c, msg):
            outcome = "withdrawn"
        else:
            outcome = "new"
    if outcome == "new":
        result = await reports.report_received(ctx, msg, reply_to=reply_to)
        return f"new:{result.fate}"
    return outcome


async def _edit_one(
    ctx: AppContext,
    c: aiosqlite.Connection,
    ev: Event,
    msg: Incoming,
    parsed: ParsedReport,
    raw: ParsedReport,
    own: str | None = None,
) -> str:
    """Her edit reaching one event (``parsed``: how its words read; ``raw``: the whole message's reading): before
    acceptance it takes the new words (``own``: its own problem's, of a message cut into several), after, they are
    noted and its worker reads them."""
    if not parsed.is_report:  # an edit never withdraws a report silently
        parsed = replace(
            parsed,
            is_report=True,
            category=parsed.category or ev.category,
            urgency=parsed.urgency or ev.urgency,
        )
    new = parsed.urgency or ev.urgency
    if new.rank < ev.urgency.rank:
        parsed = replace(parsed, urgency=ev.urgency)  # never lowered by an edit ("not urgent" is a button)
    raised = new.rank > ev.urgency.rank
    if ev.status is Status.CLOSED and await _reopened_by_edit(ctx, c, ev, msg, raw):
        ev = await events.get(c, ev.id)
        assert ev is not None
    before = ev
    if await events.update_report(c, ev.id, msg.text, parsed):
        await events.keep_own_words(c, ev.id, own)  # its card's "only this problem", as the message now reads
        line = await events.log(c, ev.id, ctx.now(), "edited", msg.user_id, msg.text[:300])
        ev = await events.get(c, ev.id)
        assert ev is not None
        # another grid, or a kind of problem other desks take ("灯坏了" edited into a fire): where a new
        # report of it would go
        moved = await rerouting.to_its_grid(ctx, c, ev, msg.chat_id) or await rerouting.to_its_desk(ctx, c, before, ev)
        ev = moved or ev
        # "…有人被困在里面": everything the new colour does at once, and its timers; its worker reads her words
        if not (raised and await chase.on_urgency_raised(ctx, c, ev, msg.text)):
            await rerouting.alert_teams(ctx, c, before, ev)  # the teams the new reading alerts (a dispute)
        await notify.refresh_ack(ctx, c, ev)  # and, reported in private, its post in the group
        if moved is None:  # a move edited them already, saying where it went
            told = await notify.edit_worker_dms(ctx, c, ev, "dm.state.edited")
            if messages.whole_below(ev):  # the card now says its whole words come under it: they do
                for user_id in told - await events.gave_up_by(c, ev.id):
                    lang = await notify.user_language(ctx, c, user_id)
                    await notify.whole_text(ctx, c, ev, user_id, lang, f"edited:{line}")
        return "updated"
    await events.log(c, ev.id, ctx.now(), "edited_late", msg.user_id, msg.text)  # whole: as he reads it
    if ev.status is Status.ACCEPTED and ev.assignee_id is not None:
        await _tell_assignee(ctx, c, ev, ev.assignee_id, msg.text, parsed)
    return "noted"


async def _pieces_edited(
    ctx: AppContext, c: aiosqlite.Connection, ev: Event, msg: Incoming, pieces: list[several.Problem]
) -> None:
    """Her edit of a message cut into problems (``core.several``; ``pieces``: its further ones as it now reads):
    each further problem's event follows its own piece ("楼道灯也不亮" edited into "楼道灯也不亮，黑乎乎的"), a new
    piece is a new event ("…，门禁也坏了"), and one no longer said is taken back as her withdrawal would be (waiting
    for a worker: withdrawn; accepted, or others reported it: its worker or the committee reads her words)."""
    further = await extras.further(c, ev)
    left, dropped, reworded = list(pieces), False, False
    for old in (e for e in further if e.status is not Status.CANCELLED):
        if (same := _piece_of(old, left)) is None:
            if lifecycle.is_open(old.status) and not _still_said(old, msg.text):
                dropped |= await withdrawal.withdraw(ctx, c, old, msg.user_id, msg.text, dropped=old.text) is not None
            continue
        left.remove(same)
        if same.words != old.text:
            reworded |= (
                await _edit_one(ctx, c, old, replace(msg, text=same.words), same.reading, same.reading) == "updated"
            )
    if left:
        grid = None if msg.private else reports.bound_grid(ctx, msg.chat_id, await people.chat(c, msg.chat_id))
        after = max((k for e in further if (k := several.number(e.message_id))), default=0)
        await reports.open_further(ctx, c, msg, left, grid, after=after)
    if left or dropped or reworded:
        await notify.refresh_ack(ctx, c, ev)  # the further problems it names, as they now are and in her words


def _still_said(ev: Event, text: str) -> bool:
    """Her edited message still says a further problem's words or names its thing, though not as a piece of its own
    ("3号楼电梯坏了，有人被困，楼道灯也不亮": a red is never cut; "电梯和楼道灯都坏了"): it is not taken back."""
    return ev.text in text or bool(next_words.apart_named(ev.text) & next_words.apart_named(text))


def _piece_of(ev: Event, pieces: list[several.Problem]) -> several.Problem | None:
    """The piece of her edited message that is a further problem's (its words as they were, else the thing they
    name), or None: it is no longer said."""
    same = next((p for p in pieces if p.words == ev.text), None)
    named = next_words.apart_named(ev.text)
    return same or next((p for p in pieces if named & next_words.apart_named(p.words)), None)


async def _reopened_by_edit(
    ctx: AppContext, c: aiosqlite.Connection, ev: Event, msg: Incoming, parsed: ParsedReport
) -> bool:
    """A closed event's reporter edited the report into a danger it did not tell ("3号楼楼道着火了！浓烟很大") or into
    "not fixed" ("修完第二天又不亮了，还是坏的"): it opens again (found in the robustness review: the edit was only
    logged, and a fire reached no one). A danger opens it with the new words, whatever it was closed as but a
    duplicate; "not fixed" only as the same words in a reply would (closed as fixed or nothing found, within a
    week, and held for the committee once reopened enough). Words the report already said open nothing."""
    if msg.user_id != ev.reporter_id or ev.outcome is Outcome.DUPLICATE:
        return False
    before = parser.parse(ev.text)
    if parsed.is_report and parsed.urgency is Urgency.RED and not merge.doubted_red(parsed):
        if ev.urgency is Urgency.RED or before.urgency is Urgency.RED:
            return False
        await events.update_report(c, ev.id, msg.text, parsed, closed_too=True)  # the alerts carry the new words
        fresh = await events.get(c, ev.id)
        assert fresh is not None
        why = "committee.alert.reopened_edit"
        return await surveys.reopen_event(ctx, c, fresh, msg.user_id, "edited: danger", why=why)
    if not _not_fixed(msg.text, parsed) or _not_fixed(ev.text, before):
        return False
    if ctx.now() - (ev.closed_at or ev.created_at) > followup.REOPEN_WITHIN:
        return False
    return await surveys.not_solved_in_words(ctx, c, ev, msg.user_id) == "reopened"


def _not_fixed(text: str, parsed: ParsedReport) -> bool:
    return followup.says_not_fixed(parsed, text) or followup.still_here(text)


async def _photo_of(c: aiosqlite.Connection, msg: Incoming, reply_to: int | None) -> Event | None:
    """The event a photo was sent as a reply to (and kept with), or None."""
    if reply_to is None:
        return None
    ev = await followups.event_replied(c, msg.chat_id, reply_to)
    return ev if ev is not None and ev.status is not Status.CANCELLED else None


async def _tell_assignee(
    ctx: AppContext, c: aiosqlite.Connection, ev: Event, worker_id: int, text: str, parsed: ParsedReport
) -> None:
    """Accepted: the event keeps what was recorded, but the worker on it reads the edit, with the place it names
    ("3号楼" corrected to "7号楼" must not send them to the wrong door)."""
    lang = await notify.user_language(ctx, c, worker_id)
    named = replace(ev, building=parsed.building, unit=parsed.unit, room=parsed.room)
    place = messages.location_label(lang, named if parsed.building or parsed.unit or parsed.room else ev)
    body = quotes.quoted(lang, "dm.late_edit", text, id=ev.id, location=place)
    await followups.to_worker(ctx, c, ev.id, worker_id, body, Purpose.LATE_EDIT)
