"""Read-only use cases: an event's timeline (/status) and a worker's open events (/my)."""

from __future__ import annotations

from html import escape

from bot import render
from bot.context import AppContext
from bot.core.types import Event
from bot.i18n import t
from bot.services import notify
from storage import events, reporters

TIMELINE_MAX = 30


def may_view(ctx: AppContext, ev: Event, user_id: int, chat_id: int, is_worker: bool) -> bool:
    """Residents see events of their own group or their own reports; workers and admins see all."""
    return is_worker or ctx.community.is_admin(user_id) or ev.chat_id == chat_id or ev.reporter_id == user_id


async def status(ctx: AppContext, event_id: int, user_id: int, chat_id: int, lang: str) -> str:
    """The event's state and timeline, phone-sized."""
    async with ctx.db.read() as c:
        ev = await events.get(c, event_id)
        is_worker = ctx.community.worker(user_id) is not None
        if ev is None or not may_view(ctx, ev, user_id, chat_id, is_worker):
            return t(lang, "status.not_found", id=event_id)
        log = await events.timeline(c, event_id)
        worker = await notify.display_name(ctx, c, ev.assignee_id)
        names = {a: await notify.display_name(ctx, c, a) for _, a, _, _ in log if a}
        reps = await reporters.for_event(c, event_id)
    private_view = is_worker or ctx.community.is_admin(user_id)
    tz = ctx.community.tz
    lines = [
        t(lang, "status.head", id=ev.id, urgency=render.urgency_label(lang, ev.urgency),
          state=t(lang, f"state.{ev.status.value}")),
        t(lang, "ack.category", category=t(lang, f"category.{ev.category.value}")),
        t(lang, "ack.location", location=render.location_label(lang, ev)),
        t(lang, "dm.text", text=render.preview(ev.text, 120)),
    ]
    if private_view:  # the committee and workers see who reported, anonymous or not
        who = ", ".join(dict.fromkeys(escape(r.user_name) for r in reps if r.user_name)) or escape(ev.reporter_name)
        lines.append(t(lang, "status.reporter_anon" if ev.anonymous else "status.reporter", name=who))
    if len({r.user_id for r in reps}) > 1:
        lines.append(t(lang, "dm.affected", n=len({r.user_id for r in reps})))
    if worker:
        lines.append(t(lang, "status.worker", worker=escape(worker)))
    lines.append(t(lang, "status.timeline"))
    for at, actor, action, _detail in log[-TIMELINE_MAX:]:
        who = ""
        if actor and (private_view or ctx.community.worker(actor)):
            who = escape(names.get(actor) or "")
        lines.append(f"• {render.local_time(at, tz)} {t(lang, f'log.{action}')}" + (f" · {who}" if who else ""))
    return "\n".join(lines)


async def my_events(ctx: AppContext, user_id: int, lang: str) -> str:
    """A worker's open events, oldest first."""
    if ctx.community.worker(user_id) is None and not ctx.community.is_admin(user_id):
        return t(lang, "my.not_worker")
    async with ctx.db.read() as c:
        evs = await events.open_for(c, user_id)
    if not evs:
        return t(lang, "my.none")
    tz = ctx.community.tz
    lines = [t(lang, "my.head", n=len(evs))]
    for ev in evs[:50]:
        lines.append(
            f"{render.URGENCY_ICON[ev.urgency]} #{ev.id} {t(lang, f'category.{ev.category.value}')} · "
            f"{render.location_label(lang, ev)} · {t(lang, f'state.{ev.status.value}')} · "
            f"{render.local_time(ev.created_at, tz)}"
        )
    lines.append(t(lang, "my.hint"))
    return "\n".join(lines)
