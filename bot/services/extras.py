"""What a worker's DM shows beyond the event: merged reports, photos, the pin (read inside a transaction); and the
message about an event to those told of it without taking it (a team's alert, an emergency contact)."""

from __future__ import annotations

from dataclasses import replace

import aiosqlite

from bot.context import AppContext
from bot.core import parser, permissions, several
from bot.core.purpose import Purpose
from bot.core.types import Event, in_chat
from bot.render import messages
from bot.render.fit import MAX_CAPTION, clip
from bot.render.i18n import Html, esc, join, t
from bot.render.reports import DmExtras, Merged
from storage import events, media, outbox, people, reporters

SEND = {media.DOCUMENT: ("sendDocument", "document"), media.VIDEO: ("sendVideo", "video")}  # else sendPhoto


async def dm_extras(c: aiosqlite.Connection, ev: Event) -> DmExtras:
    """Residents affected, the merged report of each other resident (her first), how many photos, the latest pin."""
    reps = await reporters.for_event(c, ev.id)
    users = permissions.reporter_ids(ev, reps)
    anonymous = await reporters.anonymous_users(c, ev.id) if any(r.merged for r in reps) else set()
    firsts: dict[int, Merged] = {}  # a person counts once: her own double post is no line (nor "split out") of its own
    for r in reps:
        if r.merged and r.user_id != ev.reporter_id and r.user_id not in firsts:
            firsts[r.user_id] = Merged(r.id, r.user_name, r.text, r.user_id in anonymous)
    merged = tuple(firsts.values())
    items = await media.for_event(c, ev.id)
    pins = [(m.lat, m.lon) for m in items if m.kind == media.LOCATION and m.lat is not None and m.lon is not None]
    photos = sum(1 for m in items if m.kind == media.PHOTO and m.sent_as != media.VIDEO)
    videos = sum(1 for m in items if m.kind == media.PHOTO and m.sent_as == media.VIDEO)
    reach = await reachable(c, ev)
    pin = pins[-1] if pins else None
    whole, own = await whole_message(c, ev), await own_problem(c, ev)
    return DmExtras(len(users), merged, photos, pin, videos, reach, whole, own)  # type: ignore[arg-type]


async def further(c: aiosqlite.Connection, ev: Event) -> list[Event]:
    """The further problems of the event's message, oldest first, when it is the message's own event (none else)."""
    if several.part_of(ev.message_id) is not None:
        return []
    return await events.by_messages(c, ev.chat_id, several.part_keys(ev.message_id))


async def own_problem(c: aiosqlite.Connection, ev: Event) -> str | None:
    """The words of a message's own problem, at its event, when the message was cut into several (``core.several``:
    its further ones are events of their own), as kept when it was made or edited (made before they were kept: cut
    again from its words); None for any other event."""
    if not await further(c, ev):
        return None
    if (kept := (await events.words_kept(c, ev.id))[0]) is not None:
        return kept
    lang = ev.language or "zh-Hans"
    cut = several.problems(ev.text, lang, parser.parse(ev.text, lang))
    if not cut:  # cut as she said it is a report ("Report it?" answered yes)
        said = parser.parse(ev.text, lang, said_report=True)
        cut = several.problems(ev.text, lang, replace(said, reasons=(*said.reasons, "confirmed")))
    return cut[0].words if cut else None


async def whole_message(c: aiosqlite.Connection, ev: Event) -> str | None:
    """A further problem's whole message (``core.several``) as it was when it was made (kept with it; made before
    it was kept: as its first problem's event keeps it now); None for any other event."""
    if (part := several.part_of(ev.message_id)) is None:
        return None
    if (kept := (await events.words_kept(c, ev.id))[1]) is not None:
        return kept
    first = await events.by_messages(c, ev.chat_id, [part[0], -part[0]])  # negated: in a group before it migrated
    return first[0].text if first else None


async def reachable(c: aiosqlite.Connection, ev: Event) -> bool:
    """Whether a worker's card links the reporter's name to her: a report made in private (no group message to open
    and reply to) whose writer did not choose to be anonymous ("not posted" keeps her name from the group alone)."""
    if ev.chat_id < 0 or ev.reporter_id <= 0 or not ev.reporter_name:
        return False
    chosen = await events.last_logged(c, ev.id, "post_chosen")
    if chosen is None:  # not chosen yet: as the event says
        return not ev.anonymous
    return chosen.detail != "anonymous"


async def told_text(
    ctx: AppContext, c: aiosqlite.Connection, ev: Event, user_id: int, lang: str, head: Html, x: DmExtras
) -> Html:
    """The event for someone told of it (no buttons, no photos sent after it), as the README's anonymity rules say:
    staff (a worker, a team member, an admin) read the reporter's name with the workers' 🙈 caution when the report
    is anonymous; anyone else (an emergency contact outside the staff) reads no reporter's name at all, as /status
    shows them none (a report made in private is told to them before its writer chooses to stay anonymous), nor the
    warning of her false alarms (``Event.false_alarms``: the worker's card and the committee's alert only)."""
    staff = permissions.is_staff(permissions.role(ctx.community, user_id))
    reporter = ev.reporter_name if staff else t(lang, "dm.anonymous_reporter" if ev.anonymous else "dm.a_resident")
    # photos: only workers get them; a link to the reporter: staff only
    shown = replace(x, photos=0, videos=0, merged=x.merged if staff else (), reachable=x.reachable and staff)
    seen = ev if staff else replace(ev, false_alarms=0)  # her false alarms: for the staff, never an outsider
    title = await people.chat_title(c, ev.chat_id)
    return join((head, messages.worker_text(lang, seen, title, reporter, extras=shown, whole_follows=False)))


async def send_photos(
    ctx: AppContext,
    c: aiosqlite.Connection,
    ev: Event,
    user_id: int,
    caption: str,
    kind: str = media.PHOTO,
    reply_to: int | None = None,
    key: str = "dm",
    only: int | None = None,
) -> int:
    """Queue each photo of a kind to a chat, once per photo, chat and ``key`` (a worker's message that says "see
    below": its own), each by its own method (an image sent as a file goes out as a document, a video as a video:
    Telegram takes a file id as its own type only); ``only``: just this one (a photo added); returns how many."""
    items = [m for m in await media.for_event(c, ev.id, kind) if m.file_id and only in (None, m.id)]
    reply_to = in_chat(reply_to)  # none to an id of the group before it became a supergroup
    for m in items:
        text = clip(join((caption, esc(m.caption))) if m.caption else caption, MAX_CAPTION)  # the writer's words too
        method, field = (
            ("sendVoice", "voice") if m.kind == media.VOICE else SEND.get(m.sent_as or "", ("sendPhoto", "photo"))
        )
        payload: dict = {"chat_id": user_id, field: m.file_id, "caption": text, "parse_mode": "HTML"}
        if reply_to:
            payload["reply_parameters"] = {"message_id": reply_to, "allow_sending_without_reply": True}
        await outbox.enqueue(
            c,
            method=method,
            chat_id=user_id,
            payload=payload,
            now=ctx.now(),
            purpose=Purpose.PHOTO,
            event_id=ev.id,
            dedup_key=f"photo:{key}:{m.id}:{user_id}",
        )
    return len(items)
