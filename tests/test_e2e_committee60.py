"""The committee's night and instructions, the last loose ends (committee review 60): a red nobody has at night is
paged to the committee again a few times, then no more, and said so; loose words do not move an event someone was
given since its note (its reply or its number does), and a number of an event not waiting is answered with how it
stands; the yellow night note says a reply in words will do."""

from __future__ import annotations

from harness import MakeBot, RunningBot, answer_to, press
from ids import ADMIN, COMMITTEE, GROUP_A, LI, RESIDENT, WANG
from test_e2e_committee57 import ids, new_texts, yellow_at_night
from test_e2e_committee58 import said_under

from bot.core.callbacks import Action, id_arg
from bot.core.types import Status, Urgency
from bot.render.i18n import plain
from bot.services import workflow

GAS = "2号楼1单元燃气泄漏了，味道很大"
LIFT = "5号楼有人被困在电梯里了"


def page_of(text: str, event_id: int) -> bool:
    """Whether a committee message is a page about the event (alone, or its line in a list)."""
    return text.startswith("🚨") and f"#{event_id}" in text and "没有人负责" in text


async def red_at_night(make_bot: MakeBot, words: str = GAS) -> tuple[RunningBot, dict]:
    """Monday 22:00, nobody on duty until Tuesday 08:30 (the yellow's night, emptied): a red; its alert."""
    bot, _ = await yellow_at_night(make_bot)
    bot.fake.send_message(GROUP_A, RESIDENT + 1, words)
    await bot.settle(timers=True)
    assert (await bot.event(2)).urgency is Urgency.RED
    [alert] = [m for m in bot.fake.messages(COMMITTEE) if "#2" in m.get("text", "")]
    return bot, alert


async def test_a_red_nobody_has_at_night_is_paged_again_a_few_times_then_said_to_be_the_last(
    make_bot: MakeBot,
) -> None:
    """Committee review: one alert at 22:00, then nothing until the morning for a gas leak nobody had."""
    bot, alert = await red_at_night(make_bot)
    before = ids(bot, COMMITTEE)
    await bot.advance(minutes=10)
    [first] = new_texts(bot, COMMITTEE, before)
    assert page_of(first, 2) and "10 分钟" in first, first
    [page] = [m for m in bot.fake.messages(COMMITTEE) if m.get("text") == first]
    assert page["reply_to_message"]["message_id"] == alert["message_id"]  # one tap up to its buttons
    assert "回复这条消息" in first and "马上去" in first, first
    await bot.fake.wait_until_updates_consumed()
    await bot.stop()  # the pages are timer rows: a restart keeps them
    await bot.start()
    await bot.advance(minutes=10)
    await bot.advance(minutes=10)
    told = new_texts(bot, COMMITTEE, before)
    assert len(told) == 3 and all(page_of(text, 2) for text in told), told
    assert "最后一次" in told[2] and "明天 08:30" in told[2] and "最后一次" not in told[1], told
    for _ in range(6):  # the rest of the night: no more
        await bot.advance(minutes=30)
    assert len(new_texts(bot, COMMITTEE, before)) == 3


async def test_a_red_given_to_someone_after_the_second_page_is_paged_no_more(make_bot: MakeBot) -> None:
    bot, _ = await red_at_night(make_bot)
    before = ids(bot, COMMITTEE)
    await bot.advance(minutes=10)
    await bot.advance(minutes=10)
    pages = [m for m in bot.fake.messages(COMMITTEE) if m["message_id"] not in before]
    assert len(pages) == 2, [m.get("text") for m in pages]
    sent = bot.fake.send_message(COMMITTEE, ADMIN, "让李姐马上去", reply_to_message_id=pages[1]["message_id"])
    await bot.settle(timers=True)
    assert (await bot.event(2)).assignee_id == LI
    [answer] = said_under(bot, sent)
    assert answer.startswith("👉"), answer
    await bot.advance(minutes=10)
    await bot.advance(minutes=10)
    told = new_texts(bot, COMMITTEE, before)
    assert not any(page_of(text, 2) for text in told[2:]), told


async def test_two_reds_at_night_are_paged_in_one_message(make_bot: MakeBot) -> None:
    """Two reds minutes apart: one page naming both, not one each minutes apart."""
    bot, _ = await red_at_night(make_bot)
    await bot.advance(minutes=3)
    bot.fake.send_message(GROUP_A, RESIDENT + 2, LIFT)
    await bot.settle(timers=True)
    assert (await bot.event(3)).urgency is Urgency.RED
    before = ids(bot, COMMITTEE)
    await bot.advance(minutes=7)
    [both] = new_texts(bot, COMMITTEE, before)
    assert page_of(both, 2) and page_of(both, 3), both
    assert "派给：无" not in both and "改派" not in both  # its head says nobody has them, not every line
    await bot.advance(minutes=10)
    await bot.advance(minutes=10)
    told = new_texts(bot, COMMITTEE, before)
    assert len(told) == 3 and page_of(told[2], 2) and page_of(told[2], 3), told
    assert told[2].count("最后一次提醒") == 3, told[2]  # both lines, and what it means below them
    assert told[2].splitlines()[-1] == plain("zh-Hans", "nudge.page_last_tail"), told[2]


async def test_loose_words_do_not_move_an_event_given_to_someone_since_its_note(make_bot: MakeBot) -> None:
    """Committee review: a member pressed "派给王师傅"; another's "让李姐去看看" just below moved it to 李姐."""
    bot, note = await yellow_at_night(make_bot)
    await answer_to(bot.fake, press(bot.fake, ADMIN, COMMITTEE, note["message_id"], Action.ASSIGN, id_arg(WANG)))
    await bot.settle(timers=True)
    assert (await bot.event(1)).assignee_id == WANG
    sent = bot.fake.send_message(COMMITTEE, ADMIN + 1, "让李姐去看看")
    await bot.settle(timers=True)
    assert (await bot.event(1)).assignee_id == WANG
    [answer] = said_under(bot, sent)
    assert answer == plain("zh-Hans", "committee.instruct_given", id=1, holder="王师傅", worker="李姐"), answer
    sent = bot.fake.send_message(COMMITTEE, ADMIN + 1, "#1 让李姐去看看")  # its number: moved
    await bot.settle(timers=True)
    assert (await bot.event(1)).assignee_id == LI
    assert said_under(bot, sent)[0].startswith("👉"), said_under(bot, sent)


async def test_a_number_of_an_event_not_waiting_is_told_how_it_stands(make_bot: MakeBot) -> None:
    bot, _ = await yellow_at_night(make_bot)
    await bot.advance(hours=10, minutes=31)  # Tuesday 08:31: the hand-off gave it to 王师傅
    await workflow.accept(bot.ctx, 1, WANG)
    await bot.settle(timers=True)
    sent = bot.fake.send_message(COMMITTEE, ADMIN, "#1让李姐去")
    await bot.settle(timers=True)
    assert ((ev := await bot.event(1)).status, ev.assignee_id) == (Status.ACCEPTED, WANG)
    [answer] = said_under(bot, sent)
    assert answer == plain("zh-Hans", "committee.instruct_not_waiting", id=1, state="处理中（王师傅）"), answer


async def test_the_yellow_night_note_says_a_reply_in_words_will_do(make_bot: MakeBot) -> None:
    _, note = await yellow_at_night(make_bot)
    last = note["text"].splitlines()[-1]
    assert "回复这条消息" in last and "「明早让王师傅去」" in last, note["text"]
    assert len(note["text"]) < 250, len(note["text"])  # a phone's screen


async def test_asked_which_the_member_reads_who_has_each(make_bot: MakeBot) -> None:
    """Two notes just above, one given to 王师傅 since by its button: "让李姐去看看" asks which, saying who has it."""
    bot, note = await yellow_at_night(make_bot)
    bot.fake.send_message(GROUP_A, RESIDENT + 1, "2号楼电梯坏了，老人下不了楼")
    await bot.settle(timers=True)
    assert (await bot.event(2)).urgency is Urgency.YELLOW
    await answer_to(bot.fake, press(bot.fake, ADMIN, COMMITTEE, note["message_id"], Action.ASSIGN, id_arg(WANG)))
    await bot.settle(timers=True)
    sent = bot.fake.send_message(COMMITTEE, ADMIN + 1, "让李姐去看看")
    await bot.settle(timers=True)
    assert [(await bot.event(n)).assignee_id for n in (1, 2)] == [WANG, None]
    [asked] = said_under(bot, sent)
    lines = asked.splitlines()
    assert lines[1].startswith("#1 · ") and lines[1].endswith("4号楼（已派给王师傅，还没接单）"), asked
    assert lines[2].startswith("#2 · ") and lines[2].endswith("2号楼"), asked
