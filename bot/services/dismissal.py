"""/remove_worker: a worker who joined by invite link leaves (an admin, in private). A worker listed in
community.toml is removed there (the start then hands their work over: ``departures``)."""

from __future__ import annotations

from bot.context import AppContext
from bot.core import permissions
from bot.core.additions import without_worker
from bot.core.rota import RotaChange
from bot.core.timeutil import to_epoch
from bot.render.fit import names
from bot.render.i18n import Html, join, plain, t
from bot.render.rota import day_label
from bot.services import departures, rota, shifts
from bot.services.recurring import replan_handoff
from storage import events, people, setup
from storage import rota as rota_changes


async def remove_worker(ctx: AppContext, admin_id: int, private: bool, args: list[str], lang: str) -> Html:
    """Off every rota and duty mark, no longer a worker; their open events to whoever is on duty for them."""
    if permissions.role(ctx.community, admin_id) is not permissions.Role.ADMIN:
        return t(lang, "only.admin")
    if not private or not args:
        return t(lang, "remove_worker.usage")
    async with ctx.db.tx() as c:
        try:  # a name pasted with a space in it ("李姐 🌸") is one name
            worker = await rota.named_worker(ctx, c, " ".join(args), lang)
        except rota.Refused as refused:
            return refused.reason
        row = await people.worker(c, worker.telegram_id)
        if row is None or row.source != "invite":
            return t(lang, "remove_worker.in_file", name=worker.name)
        desks = {s.desk for s in ctx.community.shifts if s.worker == worker.telegram_id}
        dropped = changes_text(ctx, lang, await rota_changes.drop_for(c, worker.telegram_id, ctx.now()))
        await setup.remove_shifts(c, worker.telegram_id)
        await people.deactivate_worker(c, worker.telegram_id)
        ctx.community = without_worker(ctx.community, worker.telegram_id)
        theirs = await events.open_for(c, worker.telegram_id)
        nobody = await departures.hand_over(ctx, c, worker.telegram_id, theirs, f"removed:{to_epoch(ctx.now())}")
        await replan_handoff(ctx, c)
    if nobody:  # not "went to the staff on duty" when no one is on duty to take them (set-up review)
        ids = names(lang, [f"#{i}" for i in nobody], 10)
        done = t(lang, "remove_worker.done_nobody", name=worker.name, ids=ids)
    else:
        done = t(lang, "remove_worker.done", name=worker.name, n=len(theirs))
    if dropped:
        done = join([done, t(lang, "remove_worker.changes_dropped", name=worker.name, changes=dropped)])
    return join([done, *shifts.left_empty(ctx, lang, desks)])  # the days their going leaves with no one on duty


def changes_text(ctx: AppContext, lang: str, changes: list[RotaChange]) -> Html | None:
    """'周六 11-28：王强代李姐；周日 11-29：王强与赵师傅换班', or None for none."""

    def name(worker_id: int) -> str:
        worker = ctx.community.worker(worker_id)
        return worker.name if worker else str(worker_id)

    said = [
        t(
            lang,
            f"remove_worker.change_{change.kind.value}",
            day=day_label(lang, change.day),
            a=name(change.worker_a),
            b=name(change.worker_b),
        )
        for change in changes
    ]
    return join(said, plain(lang, "rota.list_sep")) if said else None
