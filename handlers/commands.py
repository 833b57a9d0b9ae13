"""Commands of workers and the committee: /help /status /my /duty /onduty /offduty /invite /remove_worker /lang /whoami
/shift /inbox. Most are one use case's answer: what each passes it from the command is one line here."""

from __future__ import annotations

from bot.core.lifecycle import parse_event_number
from bot.render.i18n import t
from bot.services import about, dismissal, duty, inbox_admin, membership, queries, shifts
from handlers.common import Asked, command, display, reply

on_help = command(lambda a: about.help_for(a.ctx, a.user_id, a.lang, a.private))  # the caller's roles' commands
on_whoami = command(lambda a: about.whoami(a.ctx, a.user_id, display(a.user), a.lang))  # id and role
on_duty = command(lambda a: duty.duty_now(a.ctx, a.user_id, a.lang))  # who is on duty now
on_onduty = command(lambda a: duty.set_duty(a.ctx, a.user_id, True, a.args, a.lang))  # [grid] [hours]
on_offduty = command(lambda a: duty.set_duty(a.ctx, a.user_id, False, a.args, a.lang))  # [grid] [hours]
on_invite = command(lambda a: duty.create_invite(a.ctx, a.user_id, a.private, a.args, a.lang))  # [grid]
on_remove_worker = command(lambda a: dismissal.remove_worker(a.ctx, a.user_id, a.private, a.args, a.lang))  # <who>
on_shift = command(lambda a: shifts.add(a.ctx, a.user_id, a.args, a.lang))  # <worker> <grid|team> [days] [times]
on_inbox = command(lambda a: inbox_admin.report(a.ctx, a.user_id, a.args, a.lang))  # [retry]: unhandled updates
on_lang = command(  # zh-Hans|zh-Hant|en: an admin sets a group's language
    lambda a: membership.set_group_language(a.ctx, a.user_id, a.chat_id, (a.args or [""])[0], a.lang)
)


@command
async def on_my(a: Asked) -> None:
    """/my: the worker's open events, sent in private as a list of his work (``queries.list_purpose``: his words under
    it are read as under a reminder's list; cards review 62, they had the hint for any words)."""
    text, markup = await queries.my_events(a.ctx, a.user_id, a.lang, a.private)
    await reply(a.ctx, a.update, text, markup, queries.list_purpose(a.ctx, a.user_id, a.private))


@command
async def on_status(a: Asked) -> str | tuple[str, dict | None] | None:
    """/status 42: an event's timeline; /status alone: the open events to ask about (her own, or the group's; in
    private a worker's are /my's list, sent as one)."""
    if not a.args:
        text, markup = await queries.open_list(a.ctx, a.user_id, a.chat_id, a.lang)
        await reply(a.ctx, a.update, text, markup, queries.list_purpose(a.ctx, a.user_id, a.private))
        return None
    number = parse_event_number(" ".join(a.args))
    if number is None:
        return t(a.lang, "status.usage")
    return await queries.status(a.ctx, number, a.user_id, a.chat_id, a.lang)
