"""The console's rota: who is on duty now, the coming week with covers and swaps, and admins' changes
through the very rules of /cover and /swap (bot/services/rota.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from bot.context import AppContext
from bot.core import roster
from bot.core.permissions import Role, may_steer
from bot.core.rota import ChangeKind
from bot.render.digest_text import plain
from bot.services import rota as rota_service
from bot.services.console_auth import Reader
from bot.services.console_board import names_of
from storage import people
from storage import rota as rota_store

DAYS = 7


@dataclass(frozen=True, slots=True)
class Changed:
    """The answer to a cover or swap from the console: done or not, and the sentence (plain text)."""

    ok: bool
    message: str


def desks_of(ctx: AppContext, who: Reader) -> list[str]:
    """The grids and teams the reader sees: all for admins; a worker's grids and teams."""
    if who.role is Role.ADMIN:
        return ctx.community.desk_ids
    mine = set(who.visibility.grids) | {s.desk for s in ctx.community.shifts if s.worker == who.user_id}
    mine |= {t.id for t in ctx.community.teams if who.user_id in t.members}
    return [u for u in ctx.community.desk_ids if u in mine]


async def week(ctx: AppContext, who: Reader) -> dict:
    """On duty now per grid and team, each of the next days' shifts, and the covers and swaps in force."""
    now = ctx.now()
    today = now.astimezone(ctx.community.tz).date()
    async with ctx.db.read() as c:
        overrides = await people.adjustments(c, now)
        changes = await rota_store.in_force(c, now)
    days = [today + timedelta(days=i) for i in range(DAYS)]
    desks = desks_of(ctx, who)
    ids = {w.telegram_id for w in ctx.community.workers} | {x for ch in changes for x in (ch.worker_a, ch.worker_b)}
    names = await names_of(ctx, ids)
    out_desks = []
    for desk in desks:
        duty = roster.on_duty(ctx.community, desk, now, overrides)
        out_desks.append(
            {
                "id": desk,
                "name": ctx.community.desk_name(desk),
                "team": ctx.community.team(desk) is not None,
                "primary": [w.name for w in duty.primary],
                "backup": [w.name for w in duty.backup],
                "days": [
                    [
                        {
                            "worker": names[s.worker_id],
                            "role": s.role.value,
                            "start": s.start_minute,
                            "end": s.end_minute,
                            "changed": s.changed,
                        }
                        for s in roster.day_rota(ctx.community, desk, d, changes)
                    ]
                    for d in days
                ],
            }
        )
    return {
        "days": [{"date": d.isoformat(), "weekday": d.weekday()} for d in days],
        "units": out_desks,
        "changes": [
            {
                "kind": ch.kind.value,
                "a": names[ch.worker_a],
                "b": names[ch.worker_b],
                "day": ch.day.isoformat(),
                "day_b": ch.day_b.isoformat() if ch.day_b else None,
            }
            for ch in changes
            if _ahead(ch, today)
        ],
        "workers": [{"id": w.telegram_id, "name": w.name} for w in ctx.community.workers],
        "can_change": may_steer(who.role),
    }


def _ahead(change, today: date) -> bool:  # noqa: ANN001 - a RotaChange
    return change.day >= today or change.other_day >= today


async def change(ctx: AppContext, who: Reader, kind: str, a: int, b: int, day: str, day_b: str | None) -> Changed:
    """An admin adds a cover (b covers a on day) or a swap (a's day for b's day_b), by /cover's and /swap's rules."""
    if not may_steer(who.role):
        return Changed(False, "")
    if kind == "cover":
        ok, text = await rota_service.change(ctx, who.user_id, ChangeKind.COVER, [str(a), day, str(b)], who.language)
    elif kind == "swap":
        args = [str(a), str(b), day] + ([day_b] if day_b and day_b != day else [])
        ok, text = await rota_service.change(ctx, who.user_id, ChangeKind.SWAP, args, who.language)
    else:
        return Changed(False, "")
    return Changed(ok, plain(text))
