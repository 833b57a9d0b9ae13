"""What the bot tells a person about themselves and itself, by their role: /start's greeting (or an invite
redeemed), /help's commands, /whoami's id and role. Async like every use case, so handlers call them alike."""

from __future__ import annotations

from bot.context import AppContext
from bot.core import followup, permissions
from bot.core.asked import asks_for_help, mention_dropped, says_is_worker
from bot.core.commands import roles_of
from bot.core.permissions import Role
from bot.render import messages
from bot.render.help import help_text
from bot.render.i18n import Html, join, t
from bot.services import duty, membership, waiting
from storage import events, people


async def start(
    ctx: AppContext, user_id: int, name: str, username: str | None, language: str | None, arg: str, lang: str
) -> Html:
    """/start [w_<invite>]: the bot may now message the person; an invite is redeemed, else they are greeted
    as what they are (admin, worker or resident)."""
    await membership.user_started(ctx, user_id, name, username, language)
    if arg.startswith("w_"):
        return await duty.redeem_invite(ctx, arg[2:], user_id, name, lang)
    role = permissions.role(ctx.community, user_id)
    if role is not Role.RESIDENT:  # the menu may have been refused at start if the bot had not met them yet
        async with ctx.db.tx() as c:
            await duty.person_menu(ctx, c, user_id)
            if role is Role.ADMIN:  # the bind buttons of groups waiting, if they could not reach them before
                await waiting.tell_admin_again(ctx, c, user_id)
    if role is Role.RESIDENT:
        async with ctx.db.read() as c:
            if not await people.seen_in_group(c, user_id):  # private reports would be refused: say where to write
                return t(lang, "start.stranger", name=name, community=ctx.community.community.name)
    return t(lang, f"start.{role.value}", name=name, community=ctx.community.community.name)


async def start_in_group(ctx: AppContext, user_id: int, name: str, lang: str) -> Html:
    """/start typed in a group (a worker told "start the bot" does so): where to press Start, or his pages never
    reach him (set-up review: it was answered with silence, and he believed he had started it)."""
    worker = ctx.community.worker(user_id) is not None
    return t(lang, "start.in_group_worker" if worker else "start.in_group", name=name, bot=ctx.bot_username)


def help_asked(ctx: AppContext, chat_id: int, text: str, private: bool) -> bool:
    """Whether the words ask how the bot works ("帮助", "怎么用", "设置"): in private and in the committee chat as they
    are, in a residents' group only after a mention of the bot ("@bot 帮助": neighbours' own words are left alone)."""
    if not asks_for_help(text, ctx.bot_username):
        return False
    return private or chat_id == ctx.committee_chat_id or mention_dropped(text, ctx.bot_username)[1]


async def asked(ctx: AppContext, user_id: int, name: str, text: str, lang: str, private: bool) -> Html | None:
    """Words asking how the bot works ("帮助", "怎么用", "设置", "@bot 帮助"): the person's /help. In private, a
    would-be worker saying who they are ("我是网格员王强"): a worker is greeted as one, anyone else told how a worker
    registers (an /invite link from the committee), with their id. None: neither (set-up review: the chair's "帮助"
    in the committee chat and "设置" in private got silence; "我是网格员王强" was asked what the problem was)."""
    if help_asked(ctx, user_id, text, private):
        return await help_for(ctx, user_id, lang, private)
    if not private or not says_is_worker(text):
        return None
    if ctx.community.worker(user_id) is not None:
        return t(lang, "start.worker", name=name, community=ctx.community.community.name)
    if ctx.community.is_admin(user_id):
        return None
    return t(lang, "start.not_a_worker", name=name, id=user_id)


async def help_for(ctx: AppContext, user_id: int, lang: str, private: bool = True) -> Html:
    """/help: the commands the person's roles may use, from the one command table."""
    roles = roles_of(ctx.community.is_admin(user_id), ctx.community.worker(user_id) is not None)
    return help_text(lang, roles, console=bool(ctx.console_url), private=private)


async def whoami(ctx: AppContext, user_id: int, name: str, lang: str) -> Html:
    """/whoami: the person's Telegram id and role (for the community file)."""
    role = t(lang, f"role.{permissions.role(ctx.community, user_id).value}")
    return t(lang, "whoami.text", name=name, id=user_id, role=role)


async def private_hint(
    ctx: AppContext, user_id: int, reasons: tuple[str, ...], lang: str, about_one: bool = False
) -> tuple[str, Html]:
    """The answer to a private message that is not a report, by who wrote it: a worker is pointed to the buttons
    and /my; a resident with open reports is shown them and /status; thanks get a short "you are welcome"; anyone
    else is told how to report. With its kind (``hints.not_a_report`` says each kind once a while): an open
    reports list's kind names its events and their states, so a change is a new kind. ``about_one``: her words are
    about one report ("不用来了") and she has several: the list asks her which."""
    if permissions.role(ctx.community, user_id) is not Role.RESIDENT:
        return "hint_staff", t(lang, "private.hint_staff")
    async with ctx.db.read() as c:
        mine = await events.open_reported_by(c, user_id)
    said = followup.kinds(reasons)
    thanks = "thanks" in said and said <= followup.SMALL_TALK | {"resolved"}  # "修好了，谢谢": no report wanted
    if mine:  # her thanks are answered as thanks, then where her reports stand
        lines = [t(lang, "private.hint_open_thanks" if thanks else "private.hint_open")]
        lines += [
            t(
                lang,
                "private.hint_open_line",
                id=ev.id,
                what=messages.preview(ev.text, 16),
                state=t(lang, f"state.{ev.status.value}"),
            )
            for ev in mine
        ]
        which = about_one and len(mine) > 1  # "不用来了" with her tap and her light open: which one?
        if which:
            lines.append(t(lang, "private.which_one"))
        kind = ("which:" if which else "thanks:" if thanks else "open:") + ",".join(
            f"{ev.id}={ev.status.value}" for ev in mine
        )
        return kind, join(lines)
    if thanks:
        return "you_are_welcome", t(lang, "private.you_are_welcome")
    return "how_to_report", t(lang, "private.how_to_report")
