"""One event for the console: its words, place, photos and pins, reporters, whole timeline and survey answers.

Anonymity: a report the resident asked to keep anonymous names its writer to admins only; workers see
"anonymous" (its words and place they see, as in their DM).
"""

from __future__ import annotations

from bot.context import AppContext
from bot.core import console_query, lifecycle, permissions, routing
from bot.core.permissions import Role
from bot.core.timeutil import to_epoch
from bot.core.types import Event, Outcome
from bot.render.i18n import plain
from bot.services.anonymity import CHOICES
from bot.services.chase import policy
from bot.services.console_auth import Reader
from bot.services.console_board import names_of
from storage import events, media, notifications, people, reporters, surveys

DETAIL_ACTIONS = {
    "closed",
    "corrected",
    "dispatched",
    "reassigned",
    "handed_off",
    "left",
    "post_chosen",
    "rated",
    "accept_undone",
    "staff_note",  # staff's own words, for staff: the group's thread and the committee chat's
    "committee_note",
    "correction_note",  # the admin's words with a correction of the type or colour (told to a raised one's worker)
}
WORKER_DETAIL = {"dispatched", "reassigned", "accept_undone"}  # the detail is a worker's id: shown as the name


def _epoch(value) -> int | None:  # noqa: ANN001 - a datetime or None
    return to_epoch(value) if value is not None else None


async def load(ctx: AppContext, who: Reader, event_id: int) -> Event | None:
    """The event when it exists and is in the reader's share (else None: the same answer for both)."""
    async with ctx.db.read() as c:
        ev = await events.get(c, event_id)
        sent = ev is not None and any(dm.user_id == who.user_id for dm in await notifications.for_event(c, ev.id))
    if ev is None or not permissions.in_share(who.visibility, ev, sent):
        return None
    return ev


async def detail(ctx: AppContext, who: Reader, event_id: int) -> dict | None:
    """Everything the event page shows; None when the event is not the reader's to see."""
    ev = await load(ctx, who, event_id)
    if ev is None:
        return None
    async with ctx.db.read() as c:
        reps = await reporters.for_event(c, ev.id)
        anonymous = await reporters.anonymous_users(c, ev.id)
        items = await media.for_event(c, ev.id)
        log = await events.timeline(c, ev.id)
        answers = await surveys.for_event(c, ev.id)
        chat = await people.chat(c, ev.chat_id)
    # anonymous reports (its own, or a duplicate's whose reporters joined it) name their writers to admins only
    hidden = anonymous | ({ev.reporter_id} if ev.anonymous else set()) if who.role is not Role.ADMIN else set()
    ids = {x.actor_id for x in log if x.actor_id} | permissions.reporter_ids(ev, reps)
    ids |= {int(x.detail) for x in log if x.action in WORKER_DETAIL and x.detail and x.detail.isdigit()}
    if ev.assignee_id:
        ids.add(ev.assignee_id)
    names = await names_of(ctx, ids)
    names.update({r.user_id: r.user_name for r in reps if r.user_name and not ctx.community.worker(r.user_id)})

    def name(user_id: int | None) -> str | None:
        if user_id is None:
            return None
        return None if user_id in hidden else names.get(user_id) or None

    return {
        "id": ev.id,
        "status": ev.status.value,
        "urgency": ev.urgency.value,
        "category": ev.category.value,
        "building": ev.building,
        "unit": ev.unit,
        "room": ev.room,
        "grid": ev.grid_id,
        "grid_name": ctx.community.desk_name(ev.grid_id) if ev.grid_id else None,
        "chat_title": chat.title if chat and chat.title else None,
        "text": ev.text,
        "anonymous": ev.anonymous,
        "urgency_unsure": ev.urgency_unsure,
        "created_at": _epoch(ev.created_at),
        "accepted_at": _epoch(ev.accepted_at),
        "closed_at": None if lifecycle.is_open(ev.status) else _epoch(ev.closed_at),  # reopened: its old one kept
        "due_at": _epoch(ev.due_at),
        "outcome": ev.outcome.value if ev.outcome else None,
        "outcome_note": ev.outcome_note,
        "reopened": ev.reopened_count,
        "overdue": console_query.is_overdue(
            ev.status.value,
            ev.urgency.value,
            to_epoch(ev.created_at),
            _epoch(ev.due_at),
            to_epoch(ctx.now()),
            policy(ctx.settings),
        ),
        "assignee": ev.assignee_id,
        "assignee_name": name(ev.assignee_id),
        "reporters": [
            {
                "name": name(r.user_id),
                "hidden": r.user_id in hidden,
                "merged": r.merged,
                "at": _epoch(r.at),
                "text": r.text if r.merged else None,
            }
            for r in reps
        ],
        "media": [
            {
                "id": m.id,
                "kind": m.kind,
                "lat": m.lat,
                "lon": m.lon,
                "at": _epoch(m.at),
                "photo": bool(m.file_id) and m.kind not in ("location", media.VOICE) and m.sent_as != media.VIDEO,
                "video": bool(m.file_id) and m.sent_as == media.VIDEO,
                "voice": bool(m.file_id) and m.kind == media.VOICE,
                "sent_as": m.sent_as,  # None a photo, "document" an image sent as a file, "video"
            }
            for m in items
        ],
        "timeline": [
            {
                "at": _epoch(x.at),
                "action": x.action,
                "actor": name(x.actor_id),
                "detail": _detail(x.action, x.detail, name, who.language),
            }
            for x in log
        ],
        "surveys": [
            {"round": s.round, "status": s.status, "choice": s.choice, "answered_at": _epoch(s.answered_at)}
            for s in answers
        ],
        "can": _can(who, ev),
        "workers": await _workers(ctx, who, ev) if who.role is Role.ADMIN else [],
    }


_POSTED = {"named": "btn.post_named", "anonymous": "btn.post_anon", "not_posted": "btn.post_none"}
_POSTED |= {code: _POSTED[choice] for code, choice in CHOICES.items()}  # older rows kept the button's code


def _detail(action: str, detail: str | None, name, lang: str) -> str | None:  # noqa: ANN001
    """A timeline line's detail as a person reads it: names for worker ids, words for the codes stored."""
    if action not in DETAIL_ACTIONS or not detail:
        return None
    if action in WORKER_DETAIL and detail.isdigit():
        return name(int(detail)) or detail
    if action in ("handed_off", "left"):
        return " → ".join((name(int(x)) or x) if x.isdigit() else x for x in detail.split(">", 1))
    if action == "rated":
        return plain(lang, f"console.survey.{detail}")
    if action == "post_chosen":
        return plain(lang, _POSTED[detail]) if detail in _POSTED else detail
    if action == "closed":
        outcome, _, note = detail.partition(": ")
        label = plain(lang, f"outcome.{outcome}") if outcome in Outcome.__members__.values() else outcome
        return f"{label}: {note[:200]}" if note else label
    if action == "corrected":
        column, _, change = detail.partition(":")
        old, _, new = change.partition(">")
        if column in ("category", "urgency"):
            return f"{plain(lang, f'{column}.{old}')} → {plain(lang, f'{column}.{new}')}"
    return detail[:200]


def _can(who: Reader, ev: Event) -> dict:
    admin = who.role is Role.ADMIN and lifecycle.is_open(ev.status)
    return {"reassign": admin, "correct": admin, "close": admin}


async def _workers(ctx: AppContext, who: Reader, ev: Event) -> list[dict]:
    """Every worker, those on duty for this event first (for the reassign list)."""
    async with ctx.db.read() as c:
        overrides = await people.adjustments(c, ctx.now())
    duty = routing.on_duty(ctx.community, ev.category, ev.grid_id, ctx.now(), overrides)
    found = routing.on_duty_first(ctx.community, duty)
    return [
        {"id": w.telegram_id, "name": known.name, "on_duty": on}
        for w, on in found
        if (known := ctx.community.worker(w.telegram_id)) is not None
    ]


async def media_file_id(ctx: AppContext, who: Reader, media_id: int) -> tuple[str, str | None] | None:
    """The Telegram file id of a photo (an image file, a video) or voice message of an event in the reader's share
    and how it came (media.Media.sent_as; "voice" for a voice message), else None."""
    async with ctx.db.read() as c:
        row = await media.by_id(c, media_id)
    if row is None or not row.file_id or row.kind == "location":
        return None
    came = media.VOICE if row.kind == media.VOICE else row.sent_as
    return (row.file_id, came) if await load(ctx, who, row.event_id) is not None else None
