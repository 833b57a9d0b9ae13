"""Staff's words under the committee chat's note about one event are kept on its record (committee review: "我来处理"
and "已经打电话给王师傅了" under an escalation were read by no one but the chat, and the event's timeline never showed
who said they would handle it); the bot answers once a while, not line by line."""

from __future__ import annotations

from harness import Clock, MakeBot, RunningBot, exchange
from ids import ADMIN, COMMITTEE, GROUP_A, LI, RESIDENT, RESIDENT2, START, WANG

from bot.core.console_query import Visibility
from bot.core.permissions import Role
from bot.render.i18n import plain
from bot.services import console_event
from bot.services.console_auth import Reader
from storage import events

NOTED = plain("zh-Hans", "committee.noted", id=1)


async def escalation_note(make_bot: MakeBot) -> tuple[RunningBot, dict]:
    """A green lamp nobody accepts for 61 minutes: the bot and the committee's note that it waits."""
    bot = await make_bot(None, Clock(START))
    for started in (WANG, LI):
        bot.fake.user_starts_bot(started)
    await exchange(bot.fake, GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了", "已登记 #1")
    await bot.settle()
    await bot.advance(minutes=61)
    note = bot.fake.find_message(COMMITTEE, "⏫")
    assert note is not None
    return bot, note


async def notes_of_1(bot: RunningBot) -> list[tuple[int | None, str | None]]:
    async with bot.ctx.db.read() as c:
        return [(x.actor_id, x.detail) for x in await events.timeline(c, 1) if x.action == "committee_note"]


def noted_answers(bot: RunningBot) -> int:
    """The bot's "noted" answers (their first line: what follows says who got the words)."""
    return sum(m.get("text", "").startswith(NOTED) for m in bot.fake.messages(COMMITTEE))


async def test_an_admin_s_words_under_the_note_are_kept_and_answered_once_a_while(make_bot: MakeBot) -> None:
    bot, note = await escalation_note(make_bot)
    bot.fake.send_message(COMMITTEE, ADMIN, "我来处理，已经打电话给王师傅了", reply_to_message_id=note["message_id"])
    await bot.settle()
    assert await notes_of_1(bot) == [(ADMIN, "我来处理，已经打电话给王师傅了")]
    assert noted_answers(bot) == 1
    bot.fake.send_message(COMMITTEE, ADMIN, "他说下午三点到", reply_to_message_id=note["message_id"])
    await bot.settle()
    assert [d for _, d in await notes_of_1(bot)] == ["我来处理，已经打电话给王师傅了", "他说下午三点到"]
    assert noted_answers(bot) == 1  # each line kept, the answer not repeated
    # the console's timeline of #1 shows who said what
    admin = Reader(ADMIN, Role.ADMIN, Visibility(everything=True), "zh-Hans", "", "")
    page = await console_event.detail(bot.ctx, admin, 1)
    assert page is not None
    said = [x["detail"] for x in page["timeline"] if x["action"] == "committee_note"]
    assert said == ["我来处理，已经打电话给王师傅了", "他说下午三点到"]


async def test_words_under_no_event_s_note_or_by_a_resident_are_not_kept(make_bot: MakeBot) -> None:
    bot, note = await escalation_note(make_bot)
    bot.fake.send_message(COMMITTEE, RESIDENT2, "我来处理", reply_to_message_id=note["message_id"])  # no staff
    bot.fake.send_message(COMMITTEE, ADMIN, "大家辛苦了")  # under nothing
    await bot.settle()
    assert await notes_of_1(bot) == [] and noted_answers(bot) == 0
