"""Read-only use cases: an event's timeline (/status), the open events /status alone lists, and a worker's open events
(/my)."""

from __future__ import annotations

from bot.context import AppContext
from bot.core import permissions
from bot.core.private_numbers import public_note
from bot.core.purpose import Purpose
from bot.core.types import Event, Status
from bot.render import messages
from bot.render.fit import fit, names
from bot.render.i18n import Html, join, t
from bot.services import anonymity, console_auth, duplicates, notify
from storage import events, notifications, reporters

TIMELINE_MAX = 30
REPORTERS_SHOWN = 10  # reporters named in /status; the rest are counted
MY_MAX = 40  # events listed by /my, each with its '#12' button (within Telegram's 100)
# What a resident's /status shows of the log: what happened to the report, not the bot's internal steps
# (DMs, reminders, escalations, failed deliveries), which are for staff.
RESIDENT_STEPS = frozenset(
    {
        "reported",
        "merged",
        "edited",
        "edited_late",
        "placed",
        "added_words",
        "added_photo",
        "added_location",
        "added_voice",
        "urgency_lowered",
        "accepted",
        "closed",
        "after_photo",
        "rated",
        "reopened",
        "split_from",
    }
)


async def status(ctx: AppContext, event_id: int, user_id: int, chat_id: int, lang: str) -> Html:
    """The event's state and timeline, phone-sized: the latest entries that fit, and how many earlier.

    Staff in private or in the committee chat see the whole log and the assignee; anyone else (residents,
    and anyone asking in a residents' group) sees what a resident needs: the state, who accepted and when,
    and the steps of the report itself."""
    who = permissions.role(ctx.community, user_id)
    async with ctx.db.read() as c:
        ev = await events.get(c, event_id)
        reps = await reporters.for_event(c, event_id) if ev is not None else []
        log = await events.timeline(c, event_id) if ev is not None else []
        reported = {r.user_id for r in reps}
        if ev is not None and duplicates.is_duplicate(ev):  # its reports joined the original: who reported into it
            reported |= {x.actor_id for x in log if x.action == "merged" and x.actor_id}
        posted_in = await anonymity.posted_in(c, ev) if ev is not None else None
        share = await console_auth.share(ctx, c, user_id)
        sent = ev is not None and any(dm.user_id == user_id for dm in await notifications.for_event(c, ev.id))
        if ev is None or not permissions.may_view(
            user_id, ev, chat_id, ctx.committee_chat_id, share, reported, posted_in, sent
        ):
            return t(lang, "status.not_found", id=event_id)  # not his to see: as if there were no such event
        under = await duplicates.handled_under(c, ev)
        anonymous = await reporters.anonymous_users(c, event_id)  # its own, or a duplicate's that joined it
        worker = await notify.display_name(ctx, c, ev.assignee_id)
        actor_names = {line.actor_id: await notify.display_name(ctx, c, line.actor_id) for line in log if line.actor_id}
    private_view = permissions.sees_private(who, chat_id, ctx.committee_chat_id)
    # an anonymous report's words and room could name its writer; so could a private one never posted with her name
    # (privacy review: a neighbour merged into it read her room and words with /status, in the group or in private)
    hers = chat_id == user_id == ev.reporter_id  # her own report, asked in her private chat
    hidden = not private_view and not hers and not permissions.public_in_group(ev, posted_in)
    tz = ctx.community.tz
    lines = [
        t(
            lang,
            "status.head",
            id=ev.id,
            urgency=messages.urgency_label(lang, ev.urgency),
            state=t(lang, f"state.{ev.status.value}"),
        ),
        *([t(lang, "status.merged_into", original=under.id)] if under.id != ev.id else []),
        t(lang, "ack.category", category=t(lang, f"category.{ev.category.value}")),
        t(lang, "ack.location", location=messages.location_label(lang, messages.without_room(ev) if hidden else ev)),
    ]
    if not hidden:
        lines.append(t(lang, "dm.text", text=messages.preview(ev.text, 120)))
    if ev.anonymous:
        anonymous.add(ev.reporter_id)
    named = permissions.names_anonymous(who, chat_id)
    if private_view:  # the committee and workers see who reported; an anonymous writer's name only admins
        found = [_named(lang, r.user_id, r.user_name, anonymous, named) for r in reps if r.user_name]
        found = list(dict.fromkeys(found)) or [_named(lang, ev.reporter_id, ev.reporter_name, anonymous, named)]
        shown = names(lang, found, REPORTERS_SHOWN, people=True)
        lines.append(t(lang, "status.reporter_anon" if anonymous and named else "status.reporter", name=shown))
    if len({r.user_id for r in reps}) > 1:
        lines.append(t(lang, "dm.affected", n=len({r.user_id for r in reps})))
    if private_view and worker:
        lines.append(t(lang, "status.worker", worker=worker))
    elif worker and ev.accepted_at is not None:  # residents: who accepted, once someone did, and when
        lines.append(t(lang, "status.accepted_by", worker=worker, time=messages.local_time(ev.accepted_at, tz)))
    if ev.status is Status.CLOSED and ev.outcome:  # how it ended, as the acknowledgement says it
        lines.append(t(lang, "status.outcome", outcome=messages.outcome_label(lang, ev.outcome)))
        if ev.outcome_note and not hidden:  # written for the resident, it may name her room, as its post does not
            said = ev.outcome_note if private_view or hers else public_note(ev)
            lines.append(t(lang, "ack.note", note=messages.preview(said, 200)))
    lines.append(t(lang, "status.timeline"))
    entries = []
    for entry in log:
        actor = entry.actor_id
        if not private_view and entry.action not in RESIDENT_STEPS:
            continue
        line = join((f"• {messages.local_time(entry.at, tz)}", t(lang, f"log.{entry.action}")), " ")
        if actor in anonymous and not named:  # the console's rule: an anonymous writer is named to admins only
            actor = None
        if actor and (private_view or ctx.community.worker(actor)) and actor_names.get(actor):
            line = join((line, actor_names[actor]), " · ")
        entries.append(line)
    return fit(lang, lines, entries, most=TIMELINE_MAX, latest=True, more_key="fit.earlier")


def _named(lang: str, user_id: int, name: str, anonymous: set[int], named: bool) -> str:
    """A reporter's name for staff; an anonymous one's marked 🙈 for admins (not to be named in the group),
    "🙈 anonymous resident" for workers."""
    if user_id not in anonymous:
        return name
    return t(lang, "status.anon_name", name=name) if named else t(lang, "dm.anonymous_reporter")


OPEN_SHOWN = 5  # /status alone: this many open events, newest first


def list_purpose(ctx: AppContext, user_id: int, private: bool) -> Purpose:
    """How /my's or /status's list is sent: in private to staff, as a list of his work (his words under it are read
    as under a reminder's list: ``worker_replies.LISTS``); else as any answer."""
    staff = permissions.is_staff(permissions.role(ctx.community, user_id))
    return Purpose.WORK_LIST if private and staff else Purpose.REPLY


async def open_list(ctx: AppContext, user_id: int, chat_id: int, lang: str) -> tuple[Html, dict | None]:
    """/status with no number: in private a resident's own open reports, in a group its latest open events (a worker
    in private: their open events, as /my), each with its number to ask about; its buttons (none but /my's)."""
    if chat_id > 0 and permissions.role(ctx.community, user_id) is not permissions.Role.RESIDENT:
        return await my_events(ctx, user_id, lang)  # with its '#12' buttons, as /my in private
    committee = chat_id == ctx.committee_chat_id
    async with ctx.db.read() as c:
        if committee:  # the community's newest open events, with a worker or not (no chat of their own)
            evs = sorted(await events.open_all(c), key=lambda ev: (ev.created_at, ev.id), reverse=True)[:OPEN_SHOWN]
        elif chat_id > 0:
            evs = await events.open_reported_by(c, user_id, OPEN_SHOWN)
        else:
            evs = [ev for ev in await events.open_in_chat(c, chat_id, OPEN_SHOWN) if not ev.anonymous]
    if not evs:
        none = (
            "status.none_open_community"
            if committee
            else "status.none_open"
            if chat_id > 0
            else "status.none_open_group"
        )
        return t(lang, none), None
    tz = ctx.community.tz
    lines = [
        join(
            (
                join((f"{messages.URGENCY_ICON[ev.urgency]} #{ev.id}", t(lang, f"category.{ev.category.value}")), " "),
                # a room only to its own writer in private (a merged neighbour reads no anonymous writer's flat)
                messages.location_label(
                    lang, ev if chat_id > 0 and ev.reporter_id == user_id else messages.without_room(ev)
                ),
                t(lang, f"state.{ev.status.value}"),
                messages.local_time(ev.created_at, tz),
            ),
            " · ",
        )
        for ev in evs
    ]
    head = t(
        lang, "status.open_community" if committee else "status.open_yours" if chat_id > 0 else "status.open_group"
    )
    return fit(lang, [head], lines, [t(lang, "my.hint")], most=OPEN_SHOWN), None


async def my_events(ctx: AppContext, user_id: int, lang: str, private: bool = True) -> tuple[Html, dict | None]:
    """A worker's open events, oldest first (as many as fit, then how many more); in private each with a '#12'
    button that sends its message again with its buttons (its card may be far up the chat, or deleted). A resident's
    "my" in private are her own reports, as /status alone lists them (resident review: she was told the command is
    for workers, her open reports not shown). An admin who is no worker (set-up review: she was told "no open events"
    while three waited) is listed every open event, oldest first, each to look up with /status."""
    if permissions.role(ctx.community, user_id) is permissions.Role.RESIDENT:
        if not private:
            return t(lang, "my.not_worker"), None
        return await open_list(ctx, user_id, user_id, lang)
    if ctx.community.worker(user_id) is None:  # an admin who is no worker: the community's open events, to read
        async with ctx.db.read() as c:
            evs = await events.open_all(c)
        if not evs:
            return t(lang, "my.none_admin"), None
        return work_list(ctx, lang, t(lang, "my.head_admin", n=len(evs)), evs, buttons=False)[0], None
    async with ctx.db.read() as c:
        evs = await events.open_for(c, user_id)
    if not evs:
        return t(lang, "my.none"), None
    text, markup = work_list(ctx, lang, t(lang, "my.head", n=len(evs)), evs, private)
    return text, markup if private else None


def work_list(ctx: AppContext, lang: str, head: Html, evs: list[Event], buttons: bool = True) -> tuple[Html, dict]:
    """A worker's events as /my lists them, under ``head``: a line each (as many as fit), and a '#12' button each
    (``buttons``: the hint says so; else it points to /status)."""
    tz = ctx.community.tz
    lines = [
        join(
            (
                join((f"{messages.URGENCY_ICON[ev.urgency]} #{ev.id}", t(lang, f"category.{ev.category.value}")), " "),
                messages.location_label(lang, ev),
                t(lang, f"state.{ev.status.value}"),
                messages.local_time(ev.created_at, tz),
            ),
            " · ",
        )
        for ev in evs
    ]
    text = fit(lang, [head], lines, [t(lang, "my.hint_show" if buttons else "my.hint")], most=MY_MAX)
    return text, messages.show_keyboard(lang, [ev.id for ev in evs[:MY_MAX]])
