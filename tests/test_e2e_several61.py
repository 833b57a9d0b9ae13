"""Several problems in one message, the loose ends (split61): a problem of her message that is another open
event's reaches that one (said again, or joined); the answer to a message joining an event names which of its words
did; a question naming both problems of her message answers both; English lists of numbers agree; her edit shows on
each problem's card as an edit."""

from __future__ import annotations

from harness import MakeBot, sent_texts
from ids import GROUP_A, RESIDENT, RESIDENT2
from test_e2e_several import MAINT, maint_bot, several_reported

from storage import reporters


async def test_a_problem_she_reported_already_is_said_again_and_the_new_one_opened(make_bot: MakeBot) -> None:
    bot = await maint_bot(make_bot, merge_window_s=86400)
    fake = bot.fake
    fake.send_message(GROUP_A, RESIDENT, "3号楼楼道灯不亮")
    await bot.settle()
    said = fake.send_message(GROUP_A, RESIDENT, "电梯又坏了，楼道灯也还没修")
    await bot.settle()
    assert await bot.event_count() == 2  # the lift is new; the light is #1 still
    assert (await bot.event(2)).text == "电梯又坏了"
    told = fake.find_message(MAINT, "「楼道灯也还没修」")  # #1's worker reads her words of it
    assert told is not None and "#1" in told["text"] and "电梯" not in told["text"], told
    answer = fake.find_message(GROUP_A, "关于「楼道灯也还没修」")
    assert answer is not None and "#1" in answer["text"] and "待接单" in answer["text"], answer
    assert answer["reply_to_message"]["message_id"] == said["message_id"]


async def test_a_neighbours_message_naming_two_open_problems_joins_each(make_bot: MakeBot) -> None:
    bot, _ = await several_reported(make_bot, "3号楼电梯坏了，楼道灯也不亮", merge_window_s=86400)
    fake = bot.fake
    fake.user(RESIDENT2, "陈先生")
    fake.send_message(GROUP_A, RESIDENT2, "3号楼电梯又坏了，楼道灯也还没修")
    await bot.settle()
    assert await bot.event_count() == 2
    async with bot.ctx.db.read() as c:
        who = {n: {r.user_id for r in await reporters.for_event(c, n)} for n in (1, 2)}
    assert who == {1: {RESIDENT, RESIDENT2}, 2: {RESIDENT, RESIDENT2}}
    # each answer names which of his words it is about, not "this problem" of a message naming two
    lift = fake.find_message(GROUP_A, "关于「3号楼电梯又坏了」：这个问题已登记为 #1")
    light = fake.find_message(GROUP_A, "关于「楼道灯也还没修」：这个问题已登记为 #2")
    assert lift is not None and light is not None, sent_texts(fake, GROUP_A)
    card = fake.find_message(MAINT, "陈先生：楼道灯也还没修")  # on the light's card, only his words of it
    assert card is not None and "新事件 #2" in card["text"], card
