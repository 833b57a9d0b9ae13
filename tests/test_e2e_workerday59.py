"""A grid worker's day, the loose ends (worker day review 59), read on his phone through the real bot.

A report that came with a map pin and named no building read "未注明" (not given) on every list line: /my, the
reminder list, the hand-off list. It reads "📍 有定位", a link to the pin's map.

A report in English was cut inside a word on a list line ("The light in the st…"): English is cut at a word's end.

A worker on two grids going off duty handed off in two "1 个未办结事件" notices to the one coming on: one lists all. And
nothing told him what stayed his: one message lists the events he accepted, which stay his.

"马上到" replied under a reminder list of three had the hint for any words: it asks which one, or takes the one it can
be about, or the one named.

The morning brought a night's report as its card and as the brief's line within a second: the card says it.
"""

from __future__ import annotations

from datetime import timedelta

from harness import (
    COMMUNITY_TOML,
    DAY_NIGHT_TOML,
    Clock,
    MakeBot,
    RunningBot,
    answer_under,
    data_of,
    exchange,
    press,
    sent_texts,
    shown,
    toml_tables,
)
from ids import ADMIN, COMMITTEE, GROUP_A, GROUP_B, LI, RESIDENT, RESIDENT2, RESIDENT3, START, WANG

from bot.core.callbacks import Action, Callback
from bot.core.community_file import parse_community
from bot.core.types import Status
from bot.render.i18n import plain
from bot.render.reports import snippet

PIN = {"location": {"latitude": 31.23, "longitude": 121.47}}
MAP = "https://www.openstreetmap.org/?mlat=31.230000&mlon=121.470000#map=18/31.230000/121.470000"


async def pinned_and_plain(bot: RunningBot) -> None:
    """刘阿姨 sends a pin and "这里路面塌了一个坑" (#1: no building), 孙奶奶 "5号楼门口垃圾堆了好几天了" (#2)."""
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(LI)
    fake.send_message(GROUP_A, RESIDENT, extra=PIN)
    fake.send_message(GROUP_A, RESIDENT, "这里路面塌了一个坑")
    await fake.wait_for(lambda: fake.find_message(WANG, "新事件 #1"))
    fake.send_message(GROUP_A, RESIDENT3, "5号楼门口垃圾堆了好几天了")
    await fake.wait_for(lambda: fake.find_message(WANG, "新事件 #2"))
    await bot.settle()


def line_of_1(message: dict) -> str:
    """The list line of #1 in a list message, checked to link the pin's map."""
    [line] = [line for line in message["text"].splitlines() if "#1 " in line]
    assert MAP in [e.get("url") for e in message.get("entities", [])], message
    return line


async def test_a_pinned_report_reads_pinned_in_my_list_and_the_reminder_list(make_bot: MakeBot) -> None:
    bot = await make_bot(None, Clock(START))
    await pinned_and_plain(bot)
    fake = bot.fake
    listed = await exchange(fake, WANG, WANG, "/my", plain("zh-Hans", "my.head", n=2))
    line = line_of_1(listed)
    assert "📍 有定位" in line and plain("zh-Hans", "loc.none") not in line, line
    await bot.advance(minutes=31)  # neither taken: one reminder of both
    reminded = fake.find_message(WANG, plain("zh-Hans", "nudge.head", n=2))
    line = line_of_1(reminded)
    assert "📍 有定位" in line and plain("zh-Hans", "loc.none") not in line, line


async def test_a_pinned_report_reads_pinned_in_the_hand_off_list(make_bot: MakeBot) -> None:
    bot = await make_bot(parse_community(DAY_NIGHT_TOML, "t"), Clock(START + timedelta(hours=9, minutes=30)))
    await pinned_and_plain(bot)  # Monday 19:30, with 王 (08-20); 李 comes on at 20:00
    await bot.advance(minutes=31)
    notice = bot.fake.find_message(LI, "交接班")
    line = line_of_1(notice)
    assert "📍 有定位" in line and plain("zh-Hans", "loc.none") not in line, line


def words_of(line: str) -> str:
    """The words of a reminder list's line ("🟢 #1 3号楼 · The light in the…")."""
    return line.rsplit(" · ", 1)[1]


async def test_english_words_are_cut_at_a_word_end_in_a_list(make_bot: MakeBot) -> None:
    bot = await make_bot(None, Clock(START))
    fake = bot.fake
    fake.user_starts_bot(WANG)
    said = {
        1: "The light in the stairwell of building 3 is broken",
        2: "Building 5 entrance rubbish has piled up for days",
    }
    for i, words in said.items():
        fake.send_message(GROUP_A, RESIDENT2, words)
        await fake.wait_for(lambda i=i: fake.find_message(WANG, f"新事件 #{i}"))
    await bot.settle()
    await bot.advance(minutes=31)
    reminded = fake.find_message(WANG, plain("zh-Hans", "nudge.head", n=2))
    for i, words in said.items():
        [line] = [line for line in reminded["text"].splitlines() if f"#{i} " in line]
        shown = words_of(line)
        assert shown.endswith("…") and len(shown) <= 20, line
        start = shown.removesuffix("…")
        assert words.startswith(start) and words[len(start)] == " ", line  # whole words, then "…"


def test_chinese_is_cut_by_characters_and_one_long_word_within_it() -> None:
    assert snippet("3号楼2单元楼道灯坏了好几天了没人修", 12) == "3号楼2单元楼道灯坏了…"
    assert snippet("Supercalifragilisticexpialidocious", 12) == "Supercalifr…"
    assert snippet("3号楼 lift broken again", 15) == "3号楼 lift…"


# 王 works the day (08-20) in both grids, 李 the night (20-08) in both
TWO_GRIDS_TOML = COMMUNITY_TOML.split("[[shifts]]")[0] + toml_tables(
    "shifts",
    *(
        {"worker": worker, "grid": grid, "start": start, "end": end}
        for grid in ("A", "B")
        for worker, start, end in ((WANG, "08:00", "20:00"), (LI, "20:00", "08:00"))
    ),
)


async def two_grids_at_dusk(make_bot: MakeBot, accepted: tuple[int, ...]) -> RunningBot:
    """Monday 19:30: #1 (grid A), #2 (grid B) and #3 (grid A) with 王, who accepted those `accepted`."""
    bot = await make_bot(parse_community(TWO_GRIDS_TOML, "t"), Clock(START + timedelta(hours=9, minutes=30)))
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(LI)
    reports = {
        1: (GROUP_A, "3号楼2单元楼道灯坏了"),
        2: (GROUP_B, "7号楼门口垃圾堆了好几天了"),
        3: (GROUP_A, "2号楼门禁坏了"),
    }
    for i, (group, words) in reports.items():
        fake.send_message(group, RESIDENT, words)
        card = await fake.wait_for(lambda i=i: fake.find_message(WANG, f"新事件 #{i}"))
        if i in accepted:
            await shown(fake, WANG, card["message_id"], Action.ACCEPT)
            press(fake, WANG, WANG, card["message_id"], Action.ACCEPT)
    await bot.settle()
    return bot


def hand_off_notices(bot: RunningBot) -> list[str]:
    """The hand-off notices 李 read (not the cards that came with them)."""
    return [m["text"] for m in bot.fake.messages(LI) if "王师傅已下班" in m.get("text", "")]


async def test_a_worker_on_two_grids_going_off_hands_off_in_one_notice(make_bot: MakeBot) -> None:
    bot = await two_grids_at_dusk(make_bot, accepted=(3,))
    await bot.advance(minutes=31)  # 20:01
    [notice] = hand_off_notices(bot)
    assert notice.startswith(plain("zh-Hans", "handoff.notice", worker="王师傅", n=3, moved=2)), notice
    assert all(f"#{i} " in notice for i in (1, 2, 3)), notice
    assert [(await bot.event(i)).assignee_id for i in (1, 2, 3)] == [LI, LI, WANG]


async def test_at_his_shift_end_a_worker_is_told_what_stays_his(make_bot: MakeBot) -> None:
    bot = await two_grids_at_dusk(make_bot, accepted=(1, 2))
    before = len(bot.fake.messages(WANG))
    await bot.advance(minutes=31)  # 20:01
    [told] = [m for m in bot.fake.messages(WANG)[before:] if "交接班" in m.get("text", "")]
    lines = told["text"].splitlines()
    assert lines[0] == plain("zh-Hans", "handoff.kept", n=2), told["text"]
    assert [i for i in (1, 2, 3) if any(f"#{i} " in line for line in lines)] == [1, 2]  # #3, not taken, went to 李
    assert data_of(bot.fake, WANG, told["message_id"]) == [Callback(Action.SHOW, i).encode() for i in (1, 2)]
    assert [(await bot.event(i)).assignee_id for i in (1, 2, 3)] == [WANG, WANG, LI]


async def reminded_of_three(make_bot: MakeBot) -> tuple[RunningBot, dict, dict[int, dict]]:
    """Three reports waiting for 王 half an hour: his one reminder list of them, and his cards."""
    bot = await make_bot(None, Clock(START))
    fake = bot.fake
    fake.user_starts_bot(WANG)
    cards = {}
    for i, words in {1: "3号楼2单元楼道灯坏了", 2: "5号楼门口垃圾堆了好几天了", 3: "2号楼门禁坏了"}.items():
        fake.send_message(GROUP_A, RESIDENT, words)
        cards[i] = await fake.wait_for(lambda i=i: fake.find_message(WANG, f"新事件 #{i}"))
    await bot.settle()
    await bot.advance(minutes=31)
    return bot, fake.find_message(WANG, plain("zh-Hans", "nudge.head", n=3)), cards


async def test_on_my_way_under_a_list_of_three_asks_which_one(make_bot: MakeBot) -> None:
    bot, reminder, _ = await reminded_of_three(make_bot)
    answer = await answer_under(bot.fake, WANG, "马上到", reminder["message_id"])
    which = plain("zh-Hans", "worker_words.which", words="马上到", ids="#1、#2、#3", first=1)
    assert answer["text"] == which, answer["text"]
    assert data_of(bot.fake, WANG, answer["message_id"]) == [Callback(Action.SHOW, i).encode() for i in (1, 2, 3)]
    assert {(await bot.event(i)).status for i in (1, 2, 3)} == {Status.DISPATCHED}


async def test_on_my_way_under_a_list_takes_its_one_still_waiting_or_the_one_named(make_bot: MakeBot) -> None:
    bot, reminder, cards = await reminded_of_three(make_bot)
    fake = bot.fake
    for i in (1,):
        await shown(fake, WANG, cards[i]["message_id"], Action.ACCEPT)
        press(fake, WANG, WANG, cards[i]["message_id"], Action.ACCEPT)
    await bot.settle()
    answer = await answer_under(fake, WANG, "#3 马上到", reminder["message_id"])
    assert answer["text"] == plain("zh-Hans", "worker_words.taken", id=3, words="#3 马上到"), answer["text"]
    answer = await answer_under(fake, WANG, "马上到", reminder["message_id"])  # #2 is the one still waiting
    assert answer["text"] == plain("zh-Hans", "worker_words.taken", id=2, words="马上到"), answer["text"]
    assert [(await bot.event(i)).status for i in (1, 2, 3)] == [Status.ACCEPTED] * 3


# 王 and 李 work the day (08-20) in grid A, nobody the night
DAY_ONLY_TOML = COMMUNITY_TOML.split("[[shifts]]")[0] + toml_tables(
    "shifts",
    {"worker": WANG, "grid": "A", "start": "08:00", "end": "20:00"},
    {"worker": LI, "grid": "A", "start": "08:00", "end": "20:00", "role": "backup"},
)


async def yellow_in_the_night(make_bot: MakeBot) -> RunningBot:
    """Monday 22:00, nobody on duty until 08:00: 刘阿姨 reports a yellow (#1); the committee's night note."""
    bot = await make_bot(parse_community(DAY_ONLY_TOML, "t"), Clock(START + timedelta(hours=12)))
    bot.fake.user_starts_bot(WANG)
    bot.fake.user_starts_bot(LI)
    bot.fake.send_message(GROUP_A, RESIDENT, "4号楼停水了，一整天都没水")
    await bot.fake.wait_for(lambda: bot.fake.find_message(COMMITTEE, "#1"))
    await bot.settle(timers=True)
    return bot


async def morning_for_wang(bot: RunningBot) -> list[str]:
    """From 07:00 to 08:01 on Tuesday: what 王 was sent."""
    await bot.advance(hours=9)
    since = len(bot.fake.calls)
    await bot.advance(hours=1, minutes=1)
    return sent_texts(bot.fake, WANG, since)


async def test_the_morning_brings_one_message_of_the_event_that_waited_the_night(make_bot: MakeBot) -> None:
    bot = await yellow_in_the_night(make_bot)
    morning = await morning_for_wang(bot)
    assert [text for text in morning if "#1" in text] == [morning[0]], morning  # its card, with its buttons
    assert "新事件 #1" in morning[0] and (await bot.event(1)).assignee_id == WANG


async def test_the_morning_brings_one_message_of_the_event_given_him_in_the_night(make_bot: MakeBot) -> None:
    bot = await yellow_in_the_night(make_bot)
    [note] = bot.fake.messages(COMMITTEE)
    bot.fake.send_message(COMMITTEE, ADMIN, "明早让王师傅去看看", reply_to_message_id=note["message_id"])
    await bot.settle(timers=True)
    morning = await morning_for_wang(bot)
    assert [text for text in morning if "#1" in text] == [morning[-1]], morning  # its card, with its buttons
    assert "新事件 #1" in morning[-1]
