"""Use cases of the duty roster: on/off duty marks, who is on duty, worker invites."""

from __future__ import annotations

import secrets
from datetime import timedelta

import aiosqlite

from bot.context import AppContext
from bot.core import permissions, roster, routing
from bot.core.additions import worker_lines
from bot.core.commands import Place, listed, menu_languages, roles_of
from bot.core.community import Community, Worker
from bot.core.purpose import Purpose
from bot.core.types import Status
from bot.render import messages
from bot.render.fit import fit, names
from bot.render.i18n import Html, join, plain, t
from bot.services import notify
from bot.services.recurring import roster_changed
from storage import events, meta, outbox, people

INVITE_MAX_AGE_S = 7 * 24 * 3600
NAMES_SHOWN = 20  # workers listed per grid and role in /duty; the rest are counted
KEPT_SHOWN = 10  # accepted events /offduty names, a '#12' button each (two rows on a phone); the rest are counted


def with_invited(community: Community, invited: list[tuple[int, str, str | None]]) -> Community:
    """The community plus workers who joined by invite link (not in the file)."""
    known = {w.telegram_id for w in community.workers}
    extra = [Worker(telegram_id=uid, name=name) for uid, name, _ in invited if uid not in known]
    if not extra:
        return community
    data = community.model_dump()
    data["workers"] = data["workers"] + [w.model_dump() for w in extra]
    return Community.model_validate(data)


async def load_invited(ctx: AppContext) -> None:
    """Merge the database's invited workers into the running community."""
    async with ctx.db.read() as c:
        rows = await people.workers(c)
    invited = [(r.user_id, r.name, r.grid_id) for r in rows if r.source == "invite"]
    ctx.community = with_invited(ctx.community, invited)


def worker_grids(ctx: AppContext, worker_id: int, home_grid: str | None) -> list[str]:
    """The grids a worker works in: their shifts', their invite's, or the only grid."""
    grids = [s.desk for s in ctx.community.shifts if s.worker == worker_id]
    if home_grid:
        grids.append(home_grid)
    if not grids and len(ctx.community.grids) == 1:
        grids.append(ctx.community.grids[0].id)
    return list(dict.fromkeys(grids))


async def set_duty(
    ctx: AppContext, user_id: int, on: bool, args: list[str], lang: str
) -> Html | tuple[Html, dict | None]:
    """/onduty or /offduty [grid …] [hours]: a worker marks themself (an admin may too), in each grid named (all
    when none is); going off duty, they are told which accepted events of those grids stay theirs, the first few
    with a '#12' button each."""
    if ctx.community.worker(user_id) is None:  # an admin means a worker's day off: that is a cover
        return t(lang, "duty.admin_not_worker" if ctx.community.is_admin(user_id) else "duty.not_worker")
    grid_ids: list[str] = []
    hours: float | None = None
    for arg in args:
        if (desk := ctx.community.desk_named(arg)) is not None:  # "A", or the name the bot shows: "第一网格"
            grid_ids.append(desk)
        else:
            try:
                hours = float(arg.rstrip("hH小时"))
            except ValueError:
                return t(lang, "duty.bad_args", arg=arg)
            if not 0 < hours <= 24 * 14:
                return t(lang, "duty.bad_args", arg=arg)
    grid_ids = list(dict.fromkeys(grid_ids))
    now = ctx.now()
    until = now + timedelta(hours=hours) if hours else None
    async with ctx.db.tx() as c:
        row = await people.worker(c, user_id)
        if on and not grid_ids:
            grids = worker_grids(ctx, user_id, row.grid_id if row else None)
            if not grids:  # no shift and no home grid: "all grids" would put them on duty nowhere
                return t(lang, "duty.which_grid", grids=names(lang, [g.id for g in ctx.community.grids], 30))
            grid_ids = grids[:1] if len(grids) == 1 else []
        before = await people.adjustments(c, now)
        await people.set_marks(c, user_id, grid_ids or [None], on, until, now)  # "/offduty A B": both
        # /offduty: their waiting events go to whoever is on now; either way the mark's end is a boundary
        await roster_changed(ctx, c, before, f"duty:{user_id}:{int(now.timestamp())}")
        kept = [] if on else await events.open_for(c, user_id)  # waiting ones too: nobody on duty took them
    if grid_ids:  # what he keeps elsewhere is no news to him
        kept = [ev for ev in kept if routing.works_on(ctx.community, ev.category, ev.grid_id, grid_ids)]
    shown = [ctx.community.desk_name(g) for g in grid_ids]
    grid_name = names(lang, shown, NAMES_SHOWN) if shown else t(lang, "duty.all_grids")
    until_text = (
        t(lang, "duty.until", time=until.astimezone(ctx.community.tz).strftime("%m-%d %H:%M"))
        if until
        else t(lang, "duty.until_changed")
    )
    answer = t(lang, "duty.on_ok" if on else "duty.off_ok", grid=grid_name, until=until_text)
    if not kept:
        return answer
    # the leaver keeps accepted work (its fix-by reminders, residents' words), and waiting work nobody on duty could
    # take (its reminders): say which, and how to reach each
    taken = [ev for ev in kept if ev.status is Status.ACCEPTED]
    waiting = [ev for ev in kept if ev.status is not Status.ACCEPTED]
    said = [answer]
    for key, evs in (("duty.keeps", taken), ("duty.keeps_waiting", waiting)):
        if evs:
            said.append(t(lang, key, ids=names(lang, [f"#{ev.id}" for ev in evs], KEPT_SHOWN)))
    if not taken:  # "duty.keeps" says how the buttons below work
        said.append(t(lang, "list.tap_show"))
    rest = [t(lang, "duty.keeps_rest")] if len(kept) > KEPT_SHOWN else []  # those not named: /my
    return join((*said, *rest)), messages.show_keyboard(lang, [ev.id for ev in (taken + waiting)[:KEPT_SHOWN]])


async def duty_now(ctx: AppContext, user_id: int, lang: str) -> Html:
    """/duty: who is on duty now, per grid (as many grids as fit one message, then how many more); staff only."""
    if not permissions.is_staff(permissions.role(ctx.community, user_id)):
        return t(lang, "only.staff")
    now = ctx.now()
    async with ctx.db.read() as c:
        overrides = await people.adjustments(c, now)
        # refused a DM (blocked, or never started it), or never seen to start it: on the first day, a worker in the
        # file who never pressed Start looked on duty here while nothing could reach him (first-day review)
        unreachable = {
            w.telegram_id
            for w in ctx.community.workers
            if (p := await people.person(c, w.telegram_id)) is None or not p.reachable
        }

    def marked(ws: list[Worker]) -> list[str]:
        return [w.name + (" ⚠️" if w.telegram_id in unreachable else "") for w in ws]

    desks = []
    for desk in ctx.community.desk_ids:
        on = roster.on_duty(ctx.community, desk, now, overrides)
        desks.append((ctx.community.desk_name(desk), marked(on.primary), marked(on.backup)))
    when = now.astimezone(ctx.community.tz).strftime("%m-%d %H:%M")
    return duty_text(lang, when, desks, ctx.bot_username if unreachable else None)


def duty_text(lang: str, when: str, desks: list[tuple[str, list[str], list[str]]], marked: str | None) -> Html:
    """/duty's message: each desk's primary and backup names (the first few), as many desks as fit one message.

    marked: some names carry the "cannot be DMed" mark, so its note is added, naming the bot (marked) to open.
    """

    def listed(found: list[str]) -> Html:
        return names(lang, found, NAMES_SHOWN, people=True) if found else t(lang, "duty.nobody")

    blocks = [
        t(lang, "duty.grid", grid=name, primary=listed(primary), backup=listed(backup))
        for name, primary, backup in desks
    ]
    note = [t(lang, "duty.unreachable_note", bot=marked)] if marked else []
    return fit(lang, [t(lang, "duty.head", time=when)], blocks, note)


async def create_invite(ctx: AppContext, admin_id: int, private: bool, args: list[str], lang: str) -> Html:
    """/invite [grid]: a one-time deep link that registers a new worker when opened (admins, in private)."""
    if permissions.role(ctx.community, admin_id) is not permissions.Role.ADMIN:
        return t(lang, "only.admin")
    if not private:  # a link posted in a group would let anyone become a worker
        return t(lang, "invite.private_only")
    grid_id = None
    if args:
        grid = ctx.community.grid(ctx.community.desk_named(args[0]))  # "A", or the name the bot shows: "第一网格"
        if grid is None:
            shown = ctx.community.desk_labels(teams=False)
            return t(lang, "invite.bad_grid", grid=args[0], grids=names(lang, shown, 30))
        grid_id = grid.id
    code = secrets.token_urlsafe(9)
    async with ctx.db.tx() as c:
        await people.create_invite(c, code, admin_id, grid_id, ctx.now())
    link = f"https://t.me/{ctx.bot_username}?start=w_{code}"
    return t(lang, "invite.ok", link=link, days=INVITE_MAX_AGE_S // 86400)


async def person_menu(ctx: AppContext, c: aiosqlite.Connection, user_id: int, worker: bool | None = None) -> None:
    """A worker's or admin's command menu in their private chat, at once: a new worker's, or one Telegram refused
    when the bot started because it had never seen the person (set_commands sets the changed menus at start)."""
    is_worker = ctx.community.worker(user_id) is not None if worker is None else worker
    roles = roles_of(admin=ctx.community.is_admin(user_id), worker=is_worker)
    menu = [cmd.name for cmd in listed(roles, Place.PRIVATE, ctx.settings.console_enabled)]
    for code, lang in menu_languages(ctx.language):
        payload: dict = {
            "commands": [{"command": n, "description": plain(lang, f"cmd.{n}")} for n in menu],
            "scope": {"type": "chat", "chat_id": user_id},
        }
        if code:
            payload["language_code"] = code
        await outbox.enqueue(
            c, method="setMyCommands", chat_id=user_id, payload=payload, now=ctx.now(), purpose=Purpose.MENU
        )
    await meta.add_menu_chats(c, [user_id])  # deleted at a start that gives them none
    await meta.forget_chat_menus(c, user_id)  # set here, not by the start: the next start sets it again


async def redeem_invite(ctx: AppContext, code: str, user_id: int, name: str, lang: str) -> Html:
    """/start w_<code>: the opener becomes a worker. One who is a worker already, or an admin (who made the link to
    pass on), is told so and the link stays unused (private-chat review: 王师傅 was "registered" again and the
    admins sent lines to paste twice; an admin opening their own link became a worker)."""
    if ctx.community.worker(user_id) is not None:
        return t(lang, "invite.already_worker", name=name)
    if ctx.community.is_admin(user_id):
        return t(lang, "invite.admin_own")
    async with ctx.db.tx() as c:
        grid_id = await people.use_invite(c, code, user_id, ctx.now(), INVITE_MAX_AGE_S)
        if grid_id is None:
            return t(lang, "invite.invalid")
        await people.add_worker(c, user_id, name, grid_id or None)
        grid = ctx.community.grid(grid_id) if grid_id else None
        example = grid.id if grid else (ctx.community.desk_ids or ["A"])[0]
        for admin in ctx.community.community.admins:
            alang = await notify.user_language(ctx, c, admin)
            await notify.send(
                ctx,
                c,
                admin,
                t(
                    alang,
                    "invite.admins",
                    name=name,
                    id=user_id,
                    grid=grid.name if grid else "—",
                    lines=worker_lines(user_id, name),
                    example=example,
                ),
                purpose=Purpose.SETUP,
            )
        await person_menu(ctx, c, user_id, worker=True)
    ctx.community = with_invited(ctx.community, [(user_id, name, grid_id or None)])
    # a newcomer is on no rota: nothing reaches them until /onduty or a shift, so say so rather than promise events
    needs_grid = grid is None and len(ctx.community.grids) > 1  # /onduty alone: their grid, or the only one
    return t(lang, "invite.welcome", name=name, grid=f" {example}" if needs_grid else "")
