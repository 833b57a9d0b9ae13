"""A worker's words under his card, in private (worker review: "收到" typed under a new card was answered with how
to use the buttons, while the event waited for him and his backup was called): "收到" accepts it, "修好了" brings
Close's choices, "今天去不了" says where Hand back is; his note, or words about no event of his, are read as before.

Over 300 lines: one story per place a worker answers (his card, the group, a red paged to all) and per thing his words
may carry beside the answer (a photo, a new problem, a danger)."""

from __future__ import annotations

from harness import (
    Clock,
    MakeBot,
    RunningBot,
    accept_and_fix,
    button_data,
    exchange,
    press,
    shown,
    under,
    with_button,
)
from ids import ADMIN, COMMITTEE, GROUP_A, LI, RESIDENT, START, WANG
from steps import first_report

from bot.core.callbacks import Action
from bot.core.types import Status, Urgency
from bot.render.i18n import plain
from storage import media, notifications


async def ack_and_card(make_bot: MakeBot) -> tuple[RunningBot, dict, dict]:
    """刘阿姨 reports in grid A's group; 王师傅, on duty, gets the card: the bot, the group's acknowledgement, and
    the card, once settled."""
    bot = await make_bot(None, Clock(START))
    fake = bot.fake
    fake.user_starts_bot(WANG)
    ack = await exchange(fake, GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了", "已登记 #1")
    card = await fake.wait_for(lambda: fake.find_message(WANG, "新事件 #1"))
    await bot.settle()  # the card is kept as his (its row written once Telegram took it)
    return bot, ack, card


async def card_for_wang(make_bot: MakeBot) -> tuple[RunningBot, dict]:
    """刘阿姨 reports in grid A's group; 王师傅, on duty, gets the card: the bot, and the card."""
    bot, _, card = await ack_and_card(make_bot)
    return bot, card


async def answered(bot: RunningBot, words: str, reply_to: int | None) -> str:
    """王师傅 writes `words` (under `reply_to`); the bot's answer to them."""
    fake = bot.fake
    sent = fake.send_message(WANG, WANG, words, reply_to_message_id=reply_to)
    answer = await fake.wait_for(lambda: under(fake, WANG, sent["message_id"]))
    return answer["text"]


async def test_shou_dao_under_the_card_accepts_it(make_bot: MakeBot) -> None:
    bot, card = await card_for_wang(make_bot)
    text = await answered(bot, "收到，马上去", card["message_id"])
    assert text == plain("zh-Hans", "worker_words.taken", id=1, words="收到，马上去")
    ev = await bot.event(1)
    assert (ev.status, ev.assignee_id) == (Status.ACCEPTED, WANG)
    await bot.fake.wait_for(lambda: bot.fake.find_message(GROUP_A, "王师傅已接单"))
    await shown(bot.fake, WANG, card["message_id"], Action.UNDO_ACCEPT)  # a misread is undone as a mis-tap is
    again = await answered(bot, "收到", card["message_id"])
    assert again == plain("zh-Hans", "worker_words.yours", id=1)


async def test_fixed_under_the_card_brings_close_s_choices(make_bot: MakeBot) -> None:
    """He fixed it before tapping anything: it is taken for him and the card shows the outcomes; the outcome stays
    his to choose (nothing is closed by words)."""
    bot, card = await card_for_wang(make_bot)
    text = await answered(bot, "灯换好了", card["message_id"])
    assert text == plain("zh-Hans", "worker_words.taken_choose", id=1)
    await shown(bot.fake, WANG, card["message_id"], Action.CLOSE_FIXED)
    assert (await bot.event(1)).status is Status.ACCEPTED


async def test_cannot_go_says_where_hand_back_is_and_changes_nothing(make_bot: MakeBot) -> None:
    bot, card = await card_for_wang(make_bot)
    text = await answered(bot, "我在外面，今天去不了", card["message_id"])
    assert text == plain("zh-Hans", "worker_words.hand_back", id=1)
    ev = await bot.event(1)
    assert (ev.status, ev.assignee_id) == (Status.DISPATCHED, WANG)


async def test_his_note_under_the_card_is_no_accept(make_bot: MakeBot) -> None:
    bot, card = await card_for_wang(make_bot)
    await answered(bot, "收到，3号楼的灯我看过了，是线路问题，要电工来", card["message_id"])
    assert (await bot.event(1)).status is Status.DISPATCHED


async def test_typed_under_no_message_it_counts_for_his_one_open_event(make_bot: MakeBot) -> None:
    """Right after the card came, "收到" typed without replying accepts his one open event; with two open, the bot
    cannot tell which, and nothing is taken."""
    bot, _ = await card_for_wang(make_bot)
    text = await answered(bot, "收到", None)
    assert text == plain("zh-Hans", "worker_words.taken", id=1, words="收到")
    assert (await bot.event(1)).status is Status.ACCEPTED
    fake = bot.fake
    await exchange(fake, GROUP_A, RESIDENT, "2号楼电梯坏了", "已登记 #2")
    await exchange(fake, GROUP_A, RESIDENT, "4号楼门禁坏了", "已登记 #3")
    await fake.wait_for(lambda: fake.find_message(WANG, "新事件 #3"))
    await bot.settle()
    fake.send_message(WANG, WANG, "好的")
    await bot.settle()
    assert [(await bot.event(n)).status for n in (2, 3)] == [Status.DISPATCHED, Status.DISPATCHED]


async def test_under_a_red_card_taken_by_another_he_is_told_so(make_bot: MakeBot) -> None:
    """A red goes to everyone on duty: 李姐's "收到" after 王师傅 took it is told someone has it; it stays his."""
    bot = await make_bot(None, Clock(START))
    fake = bot.fake
    _, wang = await first_report(bot, "3号楼2单元着火了，浓烟很大！", WANG, LI)
    li = await fake.wait_for(lambda: fake.find_message(LI, "#1"))
    await answered(bot, "收到", wang["message_id"])
    sent = fake.send_message(LI, LI, "收到", reply_to_message_id=li["message_id"])
    told = await fake.wait_for(lambda: under(fake, LI, sent["message_id"]))
    assert told["text"] == plain("zh-Hans", "cb.already_taken")
    assert (await bot.event(1)).assignee_id == WANG


async def test_under_the_card_of_a_private_report_his_words_reach_her_too(make_bot: MakeBot) -> None:
    """She reported to the bot in private, where no group thread shows his answer: "收到，马上去" takes it and is
    passed on to her, as his words under that card always were."""
    bot = await make_bot(None, Clock(START))
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(RESIDENT)
    fake.send_message(GROUP_A, RESIDENT, "大家早上好")
    await bot.settle()
    await exchange(fake, RESIDENT, RESIDENT, "3号楼2单元楼道灯坏了", "已登记 #1")
    card = await fake.wait_for(lambda: fake.find_message(WANG, "新事件 #1"))
    await bot.settle()
    await answered(bot, "收到，马上去", card["message_id"])
    assert (await bot.event(1)).status is Status.ACCEPTED
    passed = await fake.wait_for(lambda: fake.find_message(RESIDENT, "收到，马上去"))
    assert "#1" in passed["text"]


async def test_his_photo_under_the_card_is_kept_with_the_event(make_bot: MakeBot) -> None:
    """A photo of the job with no words, sent under his card with no "after" photo asked for: it was answered with
    how to close first, and lost; now it is kept with #1 (for staff) and he is told so."""
    bot, card = await card_for_wang(make_bot)
    fake = bot.fake
    await shown(fake, WANG, card["message_id"], Action.ACCEPT)
    press(fake, WANG, WANG, card["message_id"], Action.ACCEPT)
    await fake.wait_for(lambda: bot.fake.find_message(GROUP_A, "王师傅已接单"))
    sent = fake.send_message(WANG, WANG, photo=True, reply_to_message_id=card["message_id"])
    told = await fake.wait_for(lambda: under(fake, WANG, sent["message_id"]))
    assert told["text"] == plain("zh-Hans", "worker_words.photo_kept", id=1)
    async with bot.ctx.db.read() as c:
        kept = await media.for_event(c, 1, media.PHOTO)
    assert [(m.by, m.file_id) for m in kept] == [(WANG, sent["photo"][-1]["file_id"])]
    assert (await bot.event(1)).status is Status.ACCEPTED


async def test_a_fixed_photo_is_the_result_and_is_not_asked_for_again(make_bot: MakeBot) -> None:
    """ "修好了" on his photo under the card: taken for him, kept as the "after" photo residents will see, and
    Close's choices come; ✅ Fixed then closes it without asking for the photo he sent."""
    bot, card = await card_for_wang(make_bot)
    fake = bot.fake
    sent = fake.send_message(WANG, WANG, photo=True, caption="修好了", reply_to_message_id=card["message_id"])
    told = await fake.wait_for(lambda: under(fake, WANG, sent["message_id"]))
    assert told["text"] == plain("zh-Hans", "worker_words.photo_done", id=1)
    await shown(fake, WANG, card["message_id"], Action.CLOSE_FIXED)
    press(fake, WANG, WANG, card["message_id"], Action.CLOSE_FIXED)
    await fake.wait_for(lambda: bot.fake.find_message(GROUP_A, "已办结"))
    await bot.settle()
    assert (await bot.event(1)).status is Status.CLOSED
    async with bot.ctx.db.read() as c:
        after = await media.for_event(c, 1, media.AFTER_PHOTO)
        waiting = await notifications.inputs(c, WANG)
    assert [(m.by, m.caption) for m in after] == [(WANG, "修好了")]
    assert waiting == [], "the photo he sent is not asked for again"
    assert not button_data(fake, WANG, card["message_id"], Action.SKIP_PHOTO)


async def test_shou_dao_under_the_group_acknowledgement_takes_it(make_bot: MakeBot) -> None:
    """In the residents' group 王师傅 answers under the acknowledgement "收到，马上过去": the event waited for his tap
    and his backup was to be called; now it is his, and the acknowledgement says so (no other message in the group)."""
    bot, ack, _ = await ack_and_card(make_bot)
    fake = bot.fake
    said_then = {m["message_id"] for m in fake.messages(GROUP_A)}
    fake.send_message(GROUP_A, WANG, "收到，马上过去", reply_to_message_id=ack["message_id"])
    await fake.wait_for(lambda: "王师傅已接单" in fake.chats[GROUP_A].messages[ack["message_id"]]["text"] or None)
    await bot.settle()
    ev = await bot.event(1)
    assert (ev.status, ev.assignee_id) == (Status.ACCEPTED, WANG)
    assert {m["message_id"] for m in fake.messages(GROUP_A)} == said_then, "the bot said nothing more there"


async def test_fixed_under_the_group_acknowledgement_brings_close_to_his_card(make_bot: MakeBot) -> None:
    bot, ack, card = await ack_and_card(make_bot)
    fake = bot.fake
    fake.send_message(GROUP_A, WANG, "修好了", reply_to_message_id=ack["message_id"])
    await shown(fake, WANG, card["message_id"], Action.CLOSE_FIXED)
    told = await fake.wait_for(lambda: under(fake, WANG, card["message_id"]))
    assert told["text"] == plain("zh-Hans", "worker_words.choose_outcome", id=1)
    assert (await bot.event(1)).status is Status.ACCEPTED


async def test_an_admin_s_or_a_refusal_s_words_in_the_group_take_nothing(make_bot: MakeBot) -> None:
    """The committee admin's "收到" there is "noted", not taking the job; 王师傅's "今天去不了" is news for the
    residents (Hand back is his to press in private): the event still waits for him."""
    bot, ack, _ = await ack_and_card(make_bot)
    fake = bot.fake
    fake.send_message(GROUP_A, ADMIN, "收到", reply_to_message_id=ack["message_id"])
    fake.send_message(GROUP_A, WANG, "今天去不了", reply_to_message_id=ack["message_id"])
    await bot.settle()
    ev = await bot.event(1)
    assert (ev.status, ev.assignee_id) == (Status.DISPATCHED, WANG)


async def test_with_several_open_the_number_he_names_says_which(make_bot: MakeBot) -> None:
    """Two events wait for 王师傅; typed under no message, "#2 修好了" is about #2 and "#1 收到" about #1."""
    bot, _ = await card_for_wang(make_bot)
    fake = bot.fake
    await exchange(fake, GROUP_A, RESIDENT, "2号楼电梯坏了", "已登记 #2")
    second = await fake.wait_for(lambda: fake.find_message(WANG, "新事件 #2"))
    await bot.settle()
    assert await answered(bot, "#2 修好了", None) == plain("zh-Hans", "worker_words.taken_choose", id=2)
    await shown(fake, WANG, second["message_id"], Action.CLOSE_FIXED)
    assert [(await bot.event(n)).status for n in (1, 2)] == [Status.DISPATCHED, Status.ACCEPTED]
    assert await answered(bot, "#1 收到", None) == plain("zh-Hans", "worker_words.taken", id=1, words="#1 收到")
    assert (await bot.event(1)).status is Status.ACCEPTED


async def test_a_danger_beside_his_answer_is_never_taken_for_a_tap(make_bot: MakeBot) -> None:
    """ "燃气处理完了，但楼上又着火了" under the card of a leak: read as any message is (a fire is reported), not as
    "done" with the fire lost."""
    bot, card = await card_for_wang(make_bot)
    fake = bot.fake
    fake.send_message(WANG, WANG, "燃气处理完了，但楼上又着火了", reply_to_message_id=card["message_id"])
    await bot.settle()
    assert (await bot.event(1)).status is Status.DISPATCHED
    assert not button_data(fake, WANG, card["message_id"], Action.CLOSE_FIXED)


async def test_his_voice_message_is_answered_as_a_worker_s(make_bot: MakeBot) -> None:
    """A voice message from 王师傅 (driving between jobs) was told "type the problem and the building", words for a
    resident reporting; now how to accept or close by a tap or a typed answer."""
    bot, card = await card_for_wang(make_bot)
    fake = bot.fake
    voice = {"voice": {"file_id": "AwACw1", "file_unique_id": "uw1", "duration": 3, "mime_type": "audio/ogg"}}
    sent = fake.send_message(WANG, WANG, extra=voice, reply_to_message_id=card["message_id"])
    told = await fake.wait_for(lambda: under(fake, WANG, sent["message_id"]))
    assert told["text"] == plain("zh-Hans", "private.voice_worker")


async def test_a_danger_a_worker_may_be_telling_of_in_the_group_reaches_a_person(make_bot: MakeBot) -> None:
    """王师傅 writes "修好了，楼上冒烟了！" in the residents' group: not a sure report. A resident writing it is asked
    "Report it?" and the committee checks it at once, but staff's words there were taken for news of work and the
    smoke was lost. Now he is asked too (only he may answer), and the committee told."""
    bot, _ = await card_for_wang(make_bot)
    fake = bot.fake
    fake.send_message(GROUP_A, WANG, "修好了，楼上冒烟了！")
    await fake.wait_for(lambda: fake.find_message(COMMITTEE, "可能是险情"))
    await with_button(fake, GROUP_A, Action.CONFIRM_YES)
    assert (await bot.event(1)).status is Status.DISPATCHED


async def test_a_new_problem_beside_his_done_is_registered_not_lost(make_bot: MakeBot) -> None:
    """ "修好了，不过2单元那边水管也漏了" under his card was only "done" with #1 and the leak he found was lost; now
    both: #1's Close choices on his card, and the leak an event of its own, as if he had sent it alone."""
    bot, card = await card_for_wang(make_bot)
    fake = bot.fake
    fake.send_message(WANG, WANG, "修好了，不过2单元那边水管也漏了", reply_to_message_id=card["message_id"])
    await shown(fake, WANG, card["message_id"], Action.CLOSE_FIXED)
    await bot.settle()
    assert await bot.event_count() == 2
    assert (await bot.event(2)).text == "2单元那边水管也漏了"
    assert (await bot.event(1)).status is Status.ACCEPTED


async def test_a_danger_beside_his_done_in_the_group_is_a_red_report(make_bot: MakeBot) -> None:
    """ "修好了，但楼上冒烟了" under the acknowledgement in the residents' group: the smoke was lost (neither a report
    nor news); now it is a red event of its own, read as if he had written it alone (and no tap on #1 with it)."""
    bot, ack, card = await ack_and_card(make_bot)
    fake = bot.fake
    fake.send_message(GROUP_A, WANG, "修好了，但楼上冒烟了", reply_to_message_id=ack["message_id"])
    await fake.wait_for(lambda: fake.find_message(COMMITTEE, "#2"))
    await bot.settle()
    assert (await bot.event(2)).urgency is Urgency.RED
    assert (await bot.event(1)).status is Status.DISPATCHED
    assert not button_data(fake, WANG, card["message_id"], Action.CLOSE_FIXED)


async def test_a_question_to_a_colleague_under_the_acknowledgement_takes_nothing(make_bot: MakeBot) -> None:
    """ "搞定了没有" (asking 李姐, no question mark) under the acknowledgement took #1 for 王师傅 and sent him
    Close's choices."""
    bot, ack, _ = await ack_and_card(make_bot)
    fake = bot.fake
    his_then = {m["message_id"] for m in fake.messages(WANG)}
    fake.send_message(GROUP_A, WANG, "搞定了没有", reply_to_message_id=ack["message_id"])
    await bot.settle()
    assert (await bot.event(1)).status is Status.DISPATCHED
    assert {m["message_id"] for m in fake.messages(WANG)} == his_then


async def test_busy_at_another_site_is_a_refusal_not_a_report(make_bot: MakeBot) -> None:
    """ "我在另一个现场，过不去" under his card was registered as a new yellow event of his own; now he is told where
    Hand back is, and nothing else happens."""
    bot, card = await card_for_wang(make_bot)
    text = await answered(bot, "我在另一个现场，过不去", card["message_id"])
    assert text == plain("zh-Hans", "worker_words.hand_back", id=1)
    assert await bot.event_count() == 1
    assert (await bot.event(1)).status is Status.DISPATCHED


async def test_a_danger_he_tells_of_under_the_group_acknowledgement_reaches_a_person(make_bot: MakeBot) -> None:
    """王师傅 answers the acknowledgement of a lamp with "收到，现场有煤气味，很重": a resident's words there are asked
    about and the committee checks them at once, but his were taken for news of the work and the gas was lost. Now
    they are read as if he wrote them alone: asked about (only he may answer) and the committee told; #1 waits."""
    bot, ack, _ = await ack_and_card(make_bot)
    fake = bot.fake
    fake.send_message(GROUP_A, WANG, "收到，现场有煤气味，很重", reply_to_message_id=ack["message_id"])
    await fake.wait_for(lambda: fake.find_message(COMMITTEE, "可能是险情"))
    await with_button(fake, GROUP_A, Action.CONFIRM_YES)
    assert (await bot.event(1)).status is Status.DISPATCHED


async def test_a_problem_beside_his_answer_in_the_group_is_asked_about(make_bot: MakeBot) -> None:
    """ "收到，另外3楼的窗户玻璃碎了" under the acknowledgement: his "收到" takes #1, and the window is read as if he
    had written it alone (a problem of staff's own there is asked about: "Report it?", only he may answer); the
    whole had been taken for news of the work, the window lost and #1 still waiting for his tap."""
    bot, ack, _ = await ack_and_card(make_bot)
    fake = bot.fake
    fake.send_message(GROUP_A, WANG, "收到，另外3楼的窗户玻璃碎了", reply_to_message_id=ack["message_id"])
    await with_button(fake, GROUP_A, Action.CONFIRM_YES)
    await bot.settle()
    ev = await bot.event(1)
    assert (ev.status, ev.assignee_id) == (Status.ACCEPTED, WANG)


async def test_a_danger_under_his_card_while_the_after_photo_is_asked_for_is_reported(make_bot: MakeBot) -> None:
    """After ✅ Fixed the bot asks for the "after" photo; "3号楼着火了，浓烟很大" written under his card was taken
    as "no photo" and the fire lost (worker sweep). Words there only say "no photo": a danger is reported."""
    bot, card = await card_for_wang(make_bot)
    fake = bot.fake
    await accept_and_fix(fake, WANG, card["message_id"])
    await shown(fake, WANG, card["message_id"], Action.SKIP_PHOTO)
    await bot.settle()
    fake.send_message(WANG, WANG, "3号楼着火了，浓烟很大", reply_to_message_id=card["message_id"])
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "#2") or fake.find_message(WANG, "#2"))
    assert (await bot.event(2)).urgency is Urgency.RED


async def test_done_words_naming_another_building_are_not_about_his_event(make_bot: MakeBot) -> None:
    """His one open event is at 3号楼; "5号楼修好了" typed under no message is another job of his, not #1's done."""
    bot, card = await card_for_wang(make_bot)
    fake = bot.fake
    fake.send_message(WANG, WANG, "5号楼修好了")
    await bot.settle()
    assert (await bot.event(1)).status is Status.DISPATCHED
    assert not button_data(fake, WANG, card["message_id"], Action.CLOSE_FIXED)
    assert await answered(bot, "3号楼修好了", None) == plain("zh-Hans", "worker_words.taken_choose", id=1)


async def test_done_typed_hours_after_his_accept_brings_close_for_his_one_event(make_bot: MakeBot) -> None:
    """Sweep 61: two hours after his Accept, his "修好了" typed without replying had the hint for any words. With one
    open event, and his, it brings Close's choices (the outcome still his to choose); words that take a card still
    count only just after it came."""
    bot, card = await card_for_wang(make_bot)
    press(bot.fake, WANG, WANG, card["message_id"], Action.ACCEPT)
    await bot.settle()
    await bot.advance(hours=2)
    text = await answered(bot, "修好了", None)
    assert text == plain("zh-Hans", "worker_words.choose_outcome", id=1)
    await shown(bot.fake, WANG, card["message_id"], Action.CLOSE_FIXED)
    assert (await bot.event(1)).status is Status.ACCEPTED
