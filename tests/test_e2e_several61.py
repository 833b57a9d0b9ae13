"""Several problems in one message, the loose ends (split61): a problem of her message that is another open
event's reaches that one (said again, or joined); the answer to a message joining an event names which of its words
did; a question naming both problems of her message answers both; English lists of numbers agree; her edit shows on
each problem's card as an edit."""

from __future__ import annotations

import pytest
from harness import MakeBot, exchange, press, sent_texts
from ids import GROUP_A, RESIDENT, RESIDENT2
from test_e2e_privacy import found_in_database
from test_e2e_several import MAINT, maint_bot, several_reported

from bot.core import several
from bot.core.callbacks import Action
from bot.core.types import Category
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


async def test_her_question_naming_both_problems_answers_both(make_bot: MakeBot) -> None:
    bot, said = await several_reported(make_bot, "3号楼电梯坏了，楼道灯也不亮")
    fake = bot.fake
    fake.send_message(GROUP_A, RESIDENT, "电梯和灯都修好了吗", reply_to_message_id=said["message_id"])
    await bot.settle()
    assert fake.find_message(GROUP_A, "哪一件") is None  # no question back
    answer = fake.find_message(GROUP_A, "已分别转告")
    assert answer is not None, sent_texts(fake, GROUP_A)
    assert "#1「3号楼电梯坏了」：待接单" in answer["text"] and "#2「楼道灯也不亮」：待接单" in answer["text"]
    told = [text for text in sent_texts(fake, MAINT) if "「电梯和灯都修好了吗」" in text]
    assert sorted(text.split()[1] for text in told) == ["#1", "#2"], told  # each worker reads her words
    # "都" under her acknowledgement (which names #2 too): both as well
    ack = fake.find_message(GROUP_A, "已登记 #1")
    fake.send_message(GROUP_A, RESIDENT, "都还没人来吗？", reply_to_message_id=ack["message_id"])
    await bot.settle()
    told = [text for text in sent_texts(fake, MAINT) if "「都还没人来吗？」" in text]
    assert len(told) == 2, told


async def test_english_lists_two_problems_as_two(make_bot: MakeBot) -> None:
    bot = await maint_bot(make_bot)
    fake = bot.fake
    fake.user(RESIDENT, "Mrs Liu", language_code="en")
    fake.user_starts_bot(RESIDENT, send_start=True)
    fake.send_message(GROUP_A, RESIDENT, "Good morning everyone")  # known in a residents' group
    await bot.settle()
    text = "The lift in block 3 is broken, and the corridor light is out"
    ask = await exchange(fake, RESIDENT, RESIDENT, text, "Shall we tell")
    assert ask["text"].startswith("#1 and #2 are logged."), ask["text"]
    ack = fake.find_message(RESIDENT, "Logged #1")["text"]
    assert "The other problem you mentioned is logged separately" in ack, ack  # one other: not "problems"
    press(fake, RESIDENT, RESIDENT, ask["message_id"], Action.POST, "x")  # not posted
    await bot.settle()
    done = fake.find_message(RESIDENT, "not posted")
    assert done is not None and done["text"].startswith("OK: #1 and #2 are not posted;"), done


async def test_her_edit_shows_on_a_further_problems_card_as_an_edit(make_bot: MakeBot) -> None:
    bot, said = await several_reported(make_bot, "3号楼电梯坏了，楼道灯也不亮")
    fake = bot.fake
    fake.edit_message(GROUP_A, said["message_id"], "3号楼电梯坏了，楼道灯一直不亮")
    await bot.settle()
    card = fake.find_message(MAINT, "新事件 #2")["text"]
    assert "内容：楼道灯一直不亮" in card and "✏️ 居民修改了报事内容。" in card, card
    assert "原消息：「3号楼电梯坏了，楼道灯也不亮」" in card, card  # what she first wrote, not her edit as it
    ack = fake.find_message(GROUP_A, "已登记 #1")["text"]  # her acknowledgement names #2 in her words as they are
    assert "「楼道灯一直不亮」" in ack and "「楼道灯也不亮」" not in ack, ack


async def test_a_cards_refresh_reads_the_problems_words_kept_not_the_message_cut_again(
    make_bot: MakeBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    bot, _ = await several_reported(make_bot, "3号楼电梯坏了，楼道灯也不亮")
    fake = bot.fake
    cuts = []
    real = several.problems
    monkeypatch.setattr(several, "problems", lambda *args: cuts.append(args) or real(*args))
    fake.user(RESIDENT2, "陈先生")
    fake.send_message(
        GROUP_A, RESIDENT2, "同上", reply_to_message_id=fake.find_message(GROUP_A, "已登记 #1")["message_id"]
    )
    await bot.settle()  # he joins #1: its card is sent again with two residents
    card = fake.find_message(MAINT, "新事件 #1")["text"]
    assert "共 2 位居民" in card and "本单只管「3号楼电梯坏了」" in card, card
    assert cuts == []  # his words "同上" are no report to cut, and the card cut nothing


async def test_forget_me_leaves_no_words_kept_of_her_problems(make_bot: MakeBot) -> None:
    bot, said = await several_reported(make_bot, "3号楼电梯坏了紫藤花，楼道灯也不亮")
    fake = bot.fake
    fake.edit_message(GROUP_A, said["message_id"], "3号楼电梯坏了芒果干，楼道灯一直不亮")
    await bot.settle()
    kept = found_in_database(bot.db_path, ["紫藤花"])
    assert any(hit.startswith("event_words.whole") for hit in kept), kept  # #2's message, as first written
    fake.user_starts_bot(RESIDENT, send_start=True)
    await exchange(fake, RESIDENT, RESIDENT, "/forget_me", "/forget_me confirm")
    await exchange(fake, RESIDENT, RESIDENT, "/forget_me confirm", "已删除")
    await bot.settle()
    assert not found_in_database(bot.db_path, ["紫藤花", "芒果干"])


async def test_her_message_of_a_new_problem_and_her_open_one_is_cut_not_added_to_it(make_bot: MakeBot) -> None:
    bot = await maint_bot(make_bot, merge_window_s=86400)
    fake = bot.fake
    fake.send_message(GROUP_A, RESIDENT, "3号楼楼道灯不亮")
    await bot.settle()
    fake.send_message(GROUP_A, RESIDENT, "3号楼垃圾没人收，楼道灯也还没修")  # reads as rubbish, whole
    await bot.settle()
    lamp, rubbish = await bot.event(1), await bot.event(2)
    assert (lamp.category, lamp.text) == (Category.REPAIR, "3号楼楼道灯不亮")  # not turned into rubbish
    assert (rubbish.category, rubbish.text) == (Category.SANITATION, "3号楼垃圾没人收")
    assert fake.find_message(MAINT, "「楼道灯也还没修」") is not None  # the light's worker reads her words of it
    assert fake.find_message(GROUP_A, "关于「楼道灯也还没修」") is not None


async def test_a_neighbours_new_problem_first_and_an_open_one_after_it_joins_that_one(make_bot: MakeBot) -> None:
    bot = await maint_bot(make_bot, merge_window_s=86400)
    fake = bot.fake
    fake.send_message(GROUP_A, RESIDENT, "3号楼楼道灯不亮")
    await bot.settle()
    fake.user(RESIDENT2, "陈先生")
    fake.send_message(GROUP_A, RESIDENT2, "3号楼门口垃圾堆成山没人收，还有楼道灯也不亮")
    await bot.settle()
    assert await bot.event_count() == 2  # the rubbish is new, the light is #1's: no second light
    assert (await bot.event(2)).category is Category.SANITATION
    async with bot.ctx.db.read() as c:
        assert {r.user_id for r in await reporters.for_event(c, 1)} == {RESIDENT, RESIDENT2}
    assert fake.find_message(GROUP_A, "关于「楼道灯也不亮」：这个问题已登记为 #1") is not None
