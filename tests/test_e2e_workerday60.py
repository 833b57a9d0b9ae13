"""A grid worker's day, the loose ends (worker day review 60), read on each phone through the real bot.

A pin sent in private just before the words ("电梯坏了") went to the worker's card, but her acknowledgement said "位置：
未注明" and asked where it was: on her phone the pin was lost. It reads "📍 有定位" there too, and a pin alone is
asked what is wrong there.

A morning brief firing in the same second as the shift-start hand-off (late after the clock jumped, or at 08:00
both) said "no open events" just before the hand-off's card came, or listed again the events the hand-off notice had
just brought as '#N' buttons: the hand-off goes first, and the brief lists only what it did not bring.

"收到" under a hand-off notice whose events came only as '#N' buttons had the hint for any words (or a "which one?"
leaving them out): their one event is taken (its card comes), several are asked which, those included.

A colour raised by an edit of the report told the worker nothing but a silent edit of his card; raised in the console,
nobody said who or why: his notice quotes the edited words, or names the console user and their note.
"""

from __future__ import annotations

from datetime import timedelta
from html import escape

import pytest
from aiohttp import ClientSession
from console_client import client, sign_in
from harness import DAY_NIGHT_TOML, Clock, MakeBot, RunningBot, answer_under, data_of, exchange, press, sent_texts
from ids import ADMIN, GROUP_A, GROUP_B, LI, RESIDENT, RESIDENT2, RESIDENT3, START, WANG
from test_e2e_workerday59 import MAP, PIN

from bot.core.callbacks import Action, Callback
from bot.core.community_file import parse_community
from bot.core.types import Status, Urgency
from bot.render.i18n import plain, t


async def test_a_pin_just_before_her_words_in_private_is_her_reports_place(make_bot: MakeBot) -> None:
    bot = await make_bot(None, Clock(START))
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(RESIDENT, send_start=True)
    fake.send_message(GROUP_A, RESIDENT, "大家早上好")  # known in a residents' group: private reports are taken
    await bot.settle()
    fake.send_message(RESIDENT, RESIDENT, extra=PIN)
    await bot.settle()
    what = plain("zh-Hans", "private.pin_what", minutes=5)
    assert [m["text"] for m in fake.messages(RESIDENT)][-1] == what  # a pin alone: what is wrong there?
    await bot.advance(minutes=2)
    ack = await exchange(fake, RESIDENT, RESIDENT, "电梯坏了", "已登记 #1")
    assert "有定位" in ack["text"] and plain("zh-Hans", "loc.none") not in ack["text"], ack["text"]
    assert MAP in [e.get("url") for e in ack.get("entities", [])], ack
    assert plain("zh-Hans", "ack.where") not in ack["text"]  # not asked where: the pin says it
    card = fake.find_message(WANG, "新事件 #1")
    assert MAP in [e.get("url") for e in card.get("entities", [])], card


def morning_of(bot: RunningBot, since: int) -> list[str]:
    """What 王 was sent since a call mark."""
    return sent_texts(bot.fake, WANG, since)


async def night_reports(make_bot: MakeBot, n: int, brief_time: str) -> RunningBot:
    """Monday 22:00, 李 (20-08) on duty: ``n`` reports, none taken, wait for her; then 06:30 on Tuesday."""
    bot = await make_bot(
        parse_community(DAY_NIGHT_TOML, "t"), Clock(START + timedelta(hours=12)), daily_brief_time=brief_time
    )
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(LI)
    said = ["1号楼路灯不亮了", "2号楼门禁坏了", "3号楼电梯坏了", "4号楼垃圾没人收", "5号楼楼道灯坏了"]
    for i in range(n):
        fake.send_message(GROUP_A, (RESIDENT, RESIDENT2, RESIDENT3)[i % 3], said[i])
        await bot.settle()
    await bot.settle(timers=True)
    await bot.advance(hours=8, minutes=30)
    return bot


async def test_a_brief_firing_with_the_hand_off_never_says_nothing_is_open(make_bot: MakeBot) -> None:
    bot = await night_reports(make_bot, 1, "07:00")
    since = bot.fake.mark()
    await bot.advance(hours=1, minutes=31)  # 08:01: the 07:00 brief and the 08:00 hand-off fire in one second
    morning = morning_of(bot, since)
    assert plain("zh-Hans", "brief.none") not in morning, morning
    assert "新事件 #1" in morning[0] and (await bot.event(1)).assignee_id == WANG, morning


async def test_a_brief_does_not_list_again_what_the_hand_off_notice_brought(make_bot: MakeBot) -> None:
    bot = await night_reports(make_bot, 5, "08:00")
    since = bot.fake.mark()
    await bot.advance(hours=1, minutes=31)  # 08:01: three cards, then the notice of five with '#4', '#5'
    morning = morning_of(bot, since)
    [notice] = [text for text in morning if "李姐已下班" in text]
    assert "#4 " in notice and "#5 " in notice
    assert not [text for text in morning if "早上好" in text], morning  # nothing left for a brief to add
    assert {(await bot.event(i)).assignee_id for i in range(1, 6)} == {WANG}


# 王 the day (08-20) and 李 the night in grid A; 李 all day in grid B too, where three reports give her three cards
# just before 20:00, so 王's one event comes to her as the hand-off notice's '#1' alone
ONE_ON_A_NOTICE_TOML = (
    DAY_NIGHT_TOML
    + f"""
[[shifts]]
worker = {LI}
grid = "B"
start = "00:00"
end = "24:00"
"""
)


async def one_on_a_notice(make_bot: MakeBot) -> tuple[RunningBot, dict]:
    """Monday 19:30: #1 in grid A waits for 王; at 19:55 three reports in grid B (#2-#4) bring 李 three cards; at
    20:00 #1 is handed to her on the notice, as its '#1' button only. The notice."""
    bot = await make_bot(parse_community(ONE_ON_A_NOTICE_TOML, "t"), Clock(START + timedelta(hours=9, minutes=30)))
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(LI)
    fake.send_message(GROUP_A, RESIDENT, "1号楼路灯不亮了")
    await bot.settle()
    await bot.advance(minutes=25)
    for writer, words in ((RESIDENT, "6号楼门禁坏了"), (RESIDENT2, "7号楼电梯坏了"), (RESIDENT3, "8号楼垃圾没人收")):
        fake.send_message(GROUP_B, writer, words)
        await bot.settle()
    await bot.advance(minutes=6)
    notice = fake.find_message(LI, "王师傅已下班")
    assert data_of(fake, LI, notice["message_id"]) == [Callback(Action.SHOW, 1).encode()]
    assert not fake.find_message(LI, "新事件 #1")  # its card did not come
    return bot, notice


async def test_taken_under_a_hand_off_notice_of_one_event_takes_it(make_bot: MakeBot) -> None:
    bot, notice = await one_on_a_notice(make_bot)
    answer = await answer_under(bot.fake, LI, "收到", notice["message_id"])
    assert answer["text"] == plain("zh-Hans", "worker_words.taken", id=1, words="收到"), answer["text"]
    assert (await bot.event(1)).status is Status.ACCEPTED and (await bot.event(1)).assignee_id == LI
    await bot.settle()
    card = bot.fake.find_message(LI, "新事件 #1")  # its card came, to close it from
    assert card is not None and Callback(Action.CLOSE, 1).encode() in data_of(bot.fake, LI, card["message_id"])


async def test_fixed_under_a_hand_off_notice_of_one_event_brings_its_outcomes(make_bot: MakeBot) -> None:
    bot, notice = await one_on_a_notice(make_bot)
    answer = await answer_under(bot.fake, LI, "修好了", notice["message_id"])
    assert answer["text"] == plain("zh-Hans", "worker_words.taken_choose", id=1), answer["text"]
    await bot.settle()
    card = bot.fake.find_message(LI, "新事件 #1")
    assert Callback(Action.CLOSE_FIXED, 1).encode() in data_of(bot.fake, LI, card["message_id"])


async def test_under_a_hand_off_notice_which_one_names_those_that_came_as_buttons(make_bot: MakeBot) -> None:
    await asked_which_under_the_notice(make_bot, "收到")


async def asked_which_under_the_notice(make_bot: MakeBot, words: str) -> None:
    """王's ``words`` under the 08:01 notice of #1-#4 (cards of #1-#3, the notice's '#4') ask which, naming all four
    with a '#N' button each."""
    bot = await night_reports(make_bot, 4, "08:00")
    await bot.advance(hours=1, minutes=31)
    notice = bot.fake.find_message(WANG, "李姐已下班")
    answer = await answer_under(bot.fake, WANG, words, notice["message_id"])
    which = plain("zh-Hans", "worker_words.which", words=words, ids="#1、#2、#3、#4", first=1)
    assert answer["text"] == which, answer["text"]
    assert data_of(bot.fake, WANG, answer["message_id"]) == [Callback(Action.SHOW, i).encode() for i in range(1, 5)]


async def test_a_colour_raised_by_her_edit_tells_the_worker_her_words(make_bot: MakeBot) -> None:
    bot = await make_bot(None, Clock(START))
    fake = bot.fake
    fake.user_starts_bot(WANG)
    report = fake.send_message(GROUP_A, RESIDENT, "3号楼楼道灯坏了")
    await fake.wait_for(lambda: fake.find_message(WANG, "新事件 #1"))
    await bot.settle()
    since = fake.mark()
    edited = "3号楼楼道灯坏了，已经一个星期了"
    fake.edit_message(GROUP_A, report["message_id"], edited)
    await bot.settle()
    assert (await bot.event(1)).urgency is Urgency.YELLOW
    told = [text for text in sent_texts(fake, WANG, since) if t("zh-Hans", "dm.raised", id=1) in text]
    assert len(told) == 1 and f"「{escape(edited)}」" in told[0], sent_texts(fake, WANG, since)


async def accepted_light(console_bot: MakeBot) -> RunningBot:
    """A green light reported in grid A (#1), accepted by 王师傅; the console on."""
    bot = await console_bot()
    fake = bot.fake
    fake.send_message(GROUP_A, RESIDENT, "3号楼楼道灯坏了")
    card = await fake.wait_for(lambda: fake.find_message(WANG, "新事件 #1"))
    await bot.settle()
    press(fake, WANG, WANG, card["message_id"], Action.ACCEPT)
    await bot.settle()
    return bot


async def raised_in_console(bot: RunningBot, http: ClientSession, note: str) -> None:
    """The admin signs in on ``http`` and raises #1 from green to yellow with a note."""
    me = await sign_in(bot, http, ADMIN)
    body = {"urgency": "yellow", "note": note, "shown": {"category": "repair", "urgency": "green"}}
    headers = {"X-CSRF-Token": me["csrf"], "Content-Type": "application/json"}
    async with http.post(bot.console_base + "/console/api/events/1/correct", json=body, headers=headers) as r:
        assert r.status == 200 and (await r.json())["ok"]
    await bot.settle()


async def test_a_colour_raised_in_the_console_names_who_and_their_note(console_bot: MakeBot) -> None:
    bot = await accepted_light(console_bot)
    fake = bot.fake
    since = fake.mark()
    async with client() as http:
        await raised_in_console(bot, http, "住户家里有老人")
    told = [text for text in sent_texts(fake, WANG, since) if t("zh-Hans", "dm.raised", id=1) in text]
    assert len(told) == 1, sent_texts(fake, WANG, since)
    assert t("zh-Hans", "dm.raised_by", name="居委会张主任") in told[0]
    assert t("zh-Hans", "dm.raised_note", note="住户家里有老人") in told[0]


@pytest.mark.parametrize("chat", [GROUP_A, RESIDENT])
async def test_a_pin_sent_after_her_words_places_her_acknowledgement_too(make_bot: MakeBot, chat: int) -> None:
    """Her report of no place asks "where is it?"; her pin sent after it was added ("📍 已把位置加到 #1") but the
    acknowledgement went on saying "未注明" and asking where. Now it shows the pin and stops asking."""
    bot = await make_bot(None, Clock(START))
    fake = bot.fake
    for person in (WANG, RESIDENT):
        fake.user_starts_bot(person, send_start=person == RESIDENT)
    fake.send_message(GROUP_A, RESIDENT, "大家早上好")  # known in a residents' group: private reports are taken
    ack = await exchange(fake, chat, RESIDENT, "电梯坏了", "已登记 #1")
    assert plain("zh-Hans", "ack.where") in ack["text"]
    fake.send_message(chat, RESIDENT, extra=PIN)
    await bot.settle()
    now = next(m for m in fake.messages(chat) if m["message_id"] == ack["message_id"])
    assert "有定位" in now["text"] and plain("zh-Hans", "ack.where") not in now["text"], now["text"]
