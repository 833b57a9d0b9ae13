"""Found in the fourth diff review of this stop's answers and repeats: a plain "yes" to a vague message raises no
alarm; "no, it's fixed / the fire is out" is a no; "ok, never mind" is no yes; staff and residents with an open
report are not asked in private; Chinese words to an English app are asked in Chinese too; /report of a greeting or a
bare place; red re-pings do not send every photo again; a voice message days after a report still says how to report.
"""

from __future__ import annotations

import pytest
from harness import Clock, MakeBot, RunningBot, exchange
from ids import ADMIN, COMMITTEE, GROUP_A, LI, RESIDENT, RESIDENT2, WANG
from test_e2e_answers import answered
from unsure_examples import UNSURE_LIFT, UNSURE_LIGHT

from bot.core.types import Category, Urgency
from bot.render.i18n import t


async def test_a_vague_message_confirmed_is_not_an_emergency(running: RunningBot) -> None:
    await answered(running, RESIDENT, "是的")  # under UNSURE's question
    ev = await running.event(1)
    sos = running.fake.find_message(GROUP_A, "119")
    alert = running.fake.find_message(COMMITTEE, "#1")
    assert ev.urgency is not Urgency.RED and sos is None, (
        f"#1 {ev.category.value}/{ev.urgency.value}; group: {sos and sos['text'][:60]!r}; "
        f"committee: {alert and alert['text'][:40]!r}"
    )


async def test_no_the_lift_is_fixed_already_is_a_no(running: RunningBot) -> None:
    question = await answered(running, RESIDENT, "不用了，电梯已经修好了", asked_about=UNSURE_LIFT)
    assert await running.event_count() == 0, f"an event was opened: {(await running.event(1)).text!r}"
    assert t("zh-Hans", "confirm.done_no") in question.get("text", "")


async def test_no_i_fixed_the_pipe_myself_is_a_no(running: RunningBot) -> None:
    await answered(running, RESIDENT, "不用了，水管我自己修好了")
    assert await running.event_count() == 0, f"an event was opened: {(await running.event(1)).text!r}"


async def test_no_the_fire_is_out_raises_no_alarm(running: RunningBot) -> None:
    await answered(running, RESIDENT, "不是，刚才的火已经扑灭了")
    fake = running.fake
    sos = fake.find_message(GROUP_A, "119")
    alert = [m["text"] for m in fake.messages(COMMITTEE)]
    ev = (await running.event(1)) if await running.event_count() else None
    assert ev is None, f"event #{ev.id} {ev.urgency} {ev.category}; 119 in group: {bool(sos)}; committee: {alert}"


def photos_to(fake, chat_id: int) -> int:
    return sum(1 for m in fake.messages(chat_id) if m.get("photo"))


async def test_red_repings_do_not_resend_every_photo(make_bot: MakeBot) -> None:
    bot = await make_bot(None, Clock())
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(LI)
    fake.send_message(GROUP_A, RESIDENT, photo=True, caption="3号楼2单元着火了！快来人")
    ack = await fake.wait_for(lambda: fake.find_message(GROUP_A, "已登记 #1"))
    await bot.settle(timers=True)
    for _ in range(2):  # two more photos of the fire, under the acknowledgement
        fake.send_message(GROUP_A, RESIDENT, photo=True, reply_to_message_id=ack["message_id"])
    await bot.settle(timers=True)
    before = photos_to(fake, WANG)
    assert before == 3
    for _ in range(3):
        await bot.advance(minutes=5)
    after = photos_to(fake, WANG)
    assert after == before, f"王师傅 got {after} photos after 3 re-pings (had {before}); 李姐 got {photos_to(fake, LI)}"


ASK = t("zh-Hans", "confirm.ask")


async def test_a_worker_in_private_is_not_asked_report_it(running: RunningBot) -> None:
    fake = running.fake
    fake.user_starts_bot(WANG, send_start=True)
    await running.settle()
    fake.send_message(WANG, WANG, UNSURE_LIFT)  # a note to himself / the bot, not a /report
    await running.settle()
    last = fake.messages(WANG)[-1]["text"]
    assert ASK not in last, f"王师傅 in private read: {last!r}"


async def test_an_admin_in_private_is_not_asked_report_it(running: RunningBot) -> None:
    fake = running.fake
    fake.user_starts_bot(ADMIN, send_start=True)
    await running.settle()
    fake.send_message(ADMIN, ADMIN, UNSURE_LIGHT)
    await running.settle()
    last = fake.messages(ADMIN)[-1]["text"]
    assert ASK not in last, f"admin in private read: {last!r}"


async def test_a_resident_with_an_open_report_writing_again_in_private_sees_it(running: RunningBot) -> None:
    fake = running.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(RESIDENT, send_start=True)
    fake.send_message(GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了")
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "已登记 #1"))
    await running.settle()
    fake.send_message(RESIDENT, RESIDENT, UNSURE_LIGHT)
    await running.settle()
    last = fake.messages(RESIDENT)[-1]["text"]
    assert ASK not in last and "#1" in last, f"刘阿姨 (open #1) in private read: {last!r}"


async def test_chinese_words_in_private_are_asked_in_chinese_too(running: RunningBot) -> None:
    fake = running.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(RESIDENT2, send_start=True)
    fake.send_message(GROUP_A, RESIDENT2, "大家好")
    await running.settle()
    fake.send_message(RESIDENT2, RESIDENT2, UNSURE_LIFT)
    ask = await fake.wait_for(
        lambda: next((m for m in fake.messages(RESIDENT2) if fake.buttons(RESIDENT2, m["message_id"])), None)
    )
    assert t("zh-Hans", "confirm.ask_private") in ask["text"], ask["text"]


async def _reported(running: RunningBot, words: str):
    fake = running.fake
    fake.user_starts_bot(WANG)
    fake.send_message(GROUP_A, RESIDENT, f"/report {words}")
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "#1"))
    await running.settle()
    return await running.event(1)


async def test_report_of_a_greeting_is_not_a_repair(running: RunningBot) -> None:
    ev = await _reported(running, "你好")
    assert ev.category is Category.OTHER, f"/report 你好 -> {ev.category} {ev.urgency}"


async def test_report_of_a_bare_place_keeps_its_place(running: RunningBot) -> None:
    ev = await _reported(running, "5号楼")
    assert ev.building == "5", f"/report 5号楼 -> {ev.category} building={ev.building}"


VOICE = {"voice": {"file_id": "AwACvoice9", "file_unique_id": "uv9", "duration": 7, "mime_type": "audio/ogg"}}


async def test_a_voice_days_after_a_report_still_says_how_to_report(make_bot: MakeBot) -> None:
    bot = await make_bot(None, Clock())
    fake = bot.fake
    fake.user_starts_bot(WANG)
    await exchange(fake, GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了", "已登记 #1")
    await bot.advance(days=3)  # #1 still open (a dark landing, green)
    fake.send_message(GROUP_A, RESIDENT, extra=VOICE)  # could be "着火了!" for all the bot knows
    told = await fake.wait_for(lambda: fake.find_message(GROUP_A, "听不了语音"))
    assert "打字" in told["text"], told["text"]


@pytest.mark.parametrize(
    "words", ["好，谢谢，不用了", "行，那算了", "嗯嗯，没事了", "好的好的，不用麻烦了", "是的，不过已经修好了"]
)
async def test_ok_then_no_registers_nothing(running: RunningBot, words: str) -> None:
    question = await answered(running, RESIDENT, words)
    n = await running.event_count()
    assert n == 0, f"{words!r} opened #1 ({(await running.event(1)).category}); question now: {question.get('text')!r}"
