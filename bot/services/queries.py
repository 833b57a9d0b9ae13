"""Read-only use cases: an event's timeline (/status), the open events /status alone lists, and a worker's open events
(/my)."""

from __future__ import annotations

from bot.context import AppContext
from bot.core import permissions
from bot.core.purpose import Purpose
from bot.core.types import Status
from bot.render import messages
from bot.render.fit import fit, names
from bot.render.i18n import Html, join, t
from bot.services import duplicates, notify
from storage import events, outbox, reporters
from storage.reporters import Reporter

TIMELINE_MAX = 30
REPORTERS_SHOWN = 10  # reporters named in /status; the rest are counted
MY_MAX = 50
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
        post = await outbox.latest_of(c, ev.id, Purpose.GROUP_POST) if ev is not None and ev.chat_id > 0 else None
        posted_in = post[0] if post is not None and post[1] == "sent" else None  # "📢 居民私信反映 #N" there
        if ev is None or not permissions.may_view(who, user_id, ev, chat_id, reported, posted_in):
            return t(lang, "status.not_found", id=event_id)
        under = await duplicates.handled_under(c, ev)
        anonymous = await reporters.anonymous_users(c, event_id)  # its own, or a duplicate's that joined it
        worker = await notify.display_name(ctx, c, ev.assignee_id)
        actor_names = {line.actor_id: await notify.display_name(ctx, c, line.actor_id) for line in log if line.actor_id}
    private_view = permissions.sees_private(who, chat_id, ctx.committee_chat_id)
    # an anonymous report's words and room could name its writer; so could a private one never posted with her name
    # (privacy review: a neighbour merged into it read her room and words with /status in the group)
    unposted = ev.chat_id > 0 and posted_in is None and chat_id < 0  # asked in a group: not shown there by her
    hidden = not private_view and (ev.anonymous or unposted)
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
    if private_view:  # the committee and workers see who reported, anonymous or not
        found = list(dict.fromkeys(_named(lang, r, anonymous) for r in reps if r.user_name)) or [ev.reporter_name]
        who = names(lang, found, REPORTERS_SHOWN, people=True)
        lines.append(t(lang, "status.reporter_anon" if ev.anonymous or anonymous else "status.reporter", name=who))
    if len({r.user_id for r in reps}) > 1:
        lines.append(t(lang, "dm.affected", n=len({r.user_id for r in reps})))
    if private_view and worker:
        lines.append(t(lang, "status.worker", worker=worker))
    elif worker and ev.accepted_at is not None:  # residents: who accepted, once someone did, and when
        lines.append(t(lang, "status.accepted_by", worker=worker, time=messages.local_time(ev.accepted_at, tz)))
    if ev.status is Status.CLOSED and ev.outcome:  # how it ended, as the acknowledgement says it
        lines.append(t(lang, "status.outcome", outcome=messages.outcome_label(lang, ev.outcome)))
        if ev.outcome_note and not hidden:  # written for the resident, it may name her room, as its post does not
            lines.append(t(lang, "ack.note", note=messages.preview(ev.outcome_note, 200)))
    lines.append(t(lang, "status.timeline"))
    entries = []
    for entry in log:
        actor = entry.actor_id
        if not private_view and entry.action not in RESIDENT_STEPS:
            continue
        line = join((f"• {messages.local_time(entry.at, tz)}", t(lang, f"log.{entry.action}")), " ")
        if actor and (private_view or ctx.community.worker(actor)) and actor_names.get(actor):
            line = join((line, actor_names[actor]), " · ")
        entries.append(line)
    return fit(lang, lines, entries, most=TIMELINE_MAX, latest=True, more_key="fit.earlier")


def _named(lang: str, r: Reporter, anonymous: set[int]) -> str:
    """A reporter's name for staff, marked 🙈 when their report was anonymous (not to be named in the group)."""
    return t(lang, "status.anon_name", name=r.user_name) if r.user_id in anonymous else r.user_name


OPEN_SHOWN = 5  # /status alone: this many open events, newest first


async def open_list(ctx: AppContext, user_id: int, chat_id: int, lang: str) -> Html:
    """/status with no number: in private a resident's own open reports, in a group its latest open events (a worker
    in private: their open events, as /my), each with its number to ask about."""
    if chat_id > 0 and permissions.role(ctx.community, user_id) is not permissions.Role.RESIDENT:
        return await my_events(ctx, user_id, lang)
    async with ctx.db.read() as c:
        if chat_id > 0:
            evs = await events.open_reported_by(c, user_id, OPEN_SHOWN)
        else:
            evs = [ev for ev in await events.open_in_chat(c, chat_id, OPEN_SHOWN) if not ev.anonymous]
    if not evs:
        return t(lang, "status.none_open" if chat_id > 0 else "status.none_open_group")
    tz = ctx.community.tz
    lines = [
        join(
            (
                join((f"{messages.URGENCY_ICON[ev.urgency]} #{ev.id}", t(lang, f"category.{ev.category.value}")), " "),
                messages.location_label(lang, messages.without_room(ev) if chat_id < 0 else ev),
                t(lang, f"state.{ev.status.value}"),
                messages.local_time(ev.created_at, tz),
            ),
            " · ",
        )
        for ev in evs
    ]
    head = t(lang, "status.open_yours" if chat_id > 0 else "status.open_group")
    return fit(lang, [head], lines, [t(lang, "my.hint")], most=OPEN_SHOWN)


async def my_events(ctx: AppContext, user_id: int, lang: str) -> Html:
    """A worker's open events, oldest first (as many as fit, then how many more)."""
    if permissions.role(ctx.community, user_id) is permissions.Role.RESIDENT:
        return t(lang, "my.not_worker")
    async with ctx.db.read() as c:
        evs = await events.open_for(c, user_id)
    if not evs:
        return t(lang, "my.none")
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
    return fit(lang, [t(lang, "my.head", n=len(evs))], lines, [t(lang, "my.hint")], most=MY_MAX)
