"""A worker on duty who never started the bot (Telegram answers 403 to every DM to him).

Ten reports made ten "王师傅，请查看事件 #N" in the residents' group and ten "⚠️ 无法私信王师傅" in the committee
chat, and each report waited on a worker who could not get it. Now, once the bot knows he cannot be messaged, a new
report goes to the next on duty it can reach (his backup), whose card says why; the committee hears of him once a day
(one note, edited to name the day's events); with no one else to take them, the group is asked to remind him once a
day. When he starts the bot, reports go to him again."""

from __future__ import annotations

import re

from harness import Clock, MakeBot, RunningBot, data_of
from ids import COMMITTEE, GROUP_A, LI, RESIDENT, WANG

from bot.core.types import Status
from bot.fakeapi import FakeTelegram

# ten problems in grid A, none the same as another (no merging), none red
TEN = (
    "1号楼楼道灯坏了",
    "2号楼电梯按钮坏了",
    "3号楼2单元水管漏水",
    "4号楼门禁坏了",
    "5号楼门口垃圾满了没人清",
    "1号楼3单元下水道堵了",
    "2号楼的路灯不亮了",
    "3号楼屋顶漏水",
    "4号楼车棚的门锁坏了",
    "5号楼2单元楼梯扶手松了",
)
MENTION = "请查看事件"


def sends(fake: FakeTelegram, chat_id: int, needle: str, since: int = 0) -> list[dict]:
    """The messages sent to a chat whose text held ``needle`` when sent (not edits), since a call mark."""
    return [
        c.result
        for c in fake.calls[since:]
        if c.ok and c.method == "sendMessage" and int(c.params["chat_id"]) == chat_id and needle in c.params["text"]
    ]


def named(note: str, head: str) -> set[int]:
    """The events a line of a note that starts with ``head`` names."""
    line = next((x for x in note.splitlines() if x.startswith(head)), "")
    return {int(i) for i in re.findall(r"#(\d+)", line)}


async def report(bot: RunningBot, text: str, n: int) -> None:
    """A neighbour reports in grid A's group (each report its own: one writing ten would be told to slow down); #n
    is registered (its acknowledgement came) and all is sent."""
    fake = bot.fake
    fake.send_message(GROUP_A, RESIDENT + n, text)
    await fake.wait_for(lambda: fake.find_message(GROUP_A, f"#{n}"))
    await bot.settle()


async def started_bot(make_bot: MakeBot, *started: int) -> RunningBot:
    """The test community (王师傅 on duty in grid A, 李姐 his backup), each card sent at once (no storm lists)."""
    bot = await make_bot(clock=Clock(), first_dm_cards=0)
    for person in started:
        bot.fake.user_starts_bot(person, send_start=True)
    await bot.settle()
    return bot


async def test_ten_reports_go_to_the_reachable_backup_and_the_committee_is_told_once(make_bot: MakeBot) -> None:
    bot = await started_bot(make_bot, LI)
    fake = bot.fake
    for n, text in enumerate(TEN, 1):
        await report(bot, text, n)
    # the first one found him out (its card refused): the backup was asked, the group once
    assert len(fake.calls_to("sendMessage", ok=False)) == 1
    assert [m["text"] for m in fake.messages(GROUP_A) if MENTION in m["text"]] == [
        sends(fake, GROUP_A, MENTION)[0]["text"]
    ]
    assert "#1" in sends(fake, GROUP_A, MENTION)[0]["text"] and len(sends(fake, GROUP_A, MENTION)) == 1
    # the nine after it went to 李姐, each card saying why
    for n in range(2, 11):
        ev = await bot.event(n)
        assert (ev.status, ev.assignee_id) == (Status.DISPATCHED, LI), n
        card = fake.find_message(LI, f"#{n} ")
        assert card is not None and "王师傅无法接收私信" in card["text"], n
        assert f"v1:acc:{n}" in data_of(fake, LI, card["message_id"])
    assert fake.find_message(LI, "#1 ") is not None  # the first too (asked when his card was refused)
    # the committee: one note, with what to do, naming the ten events (edited: its chat is not pinged ten times)
    notes = sends(fake, COMMITTEE, "无法私信王师傅")
    assert len(notes) == 1, [m["text"] for m in notes]
    note = fake.find_message(COMMITTEE, "无法私信王师傅")
    assert note is not None and note["message_id"] == notes[0]["message_id"]
    assert "点「开始」" in note["text"] and "@linli_test_bot" in note["text"]
    assert named(note["text"], "今天涉及的事件") == set(range(1, 11))
    assert named(note["text"], "仍无人接单") == {1}  # still his, 李姐 asked: until someone accepts it


async def test_with_no_one_reachable_on_duty_the_group_is_asked_once_a_day_and_the_committee_told_once_a_day(
    make_bot: MakeBot,
) -> None:
    bot = await started_bot(make_bot)  # neither 王师傅 nor 李姐 started the bot
    fake = bot.fake
    for n, text in enumerate(TEN[:5], 1):
        await report(bot, text, n)
    for n in range(1, 6):
        assert (await bot.event(n)).assignee_id == WANG  # no one to give them to: his, as before
    wang = [m for m in sends(fake, GROUP_A, MENTION) if "王师傅" in m["text"]]
    assert len(wang) == 1 and "#1" in wang[0]["text"], [m["text"] for m in wang]
    assert len(sends(fake, COMMITTEE, "无法私信王师傅")) == 1
    note = fake.find_message(COMMITTEE, "无法私信王师傅")
    assert note is not None
    assert named(note["text"], "今天涉及的事件") == named(note["text"], "仍无人接单") == set(range(1, 6))
    assert len(sends(fake, COMMITTEE, "无法私信李姐")) == 1  # the backup asked of #1: told of her once too

    # the next day (in the community's time): told again, once
    await bot.advance(days=1)
    mark = len(fake.calls)
    for n, text in enumerate(TEN[5:8], 6):
        await report(bot, text, n)
    again = [m for m in sends(fake, GROUP_A, MENTION, mark) if "王师傅" in m["text"]]
    assert len(again) == 1 and "#6" in again[0]["text"], [m["text"] for m in again]
    assert len(sends(fake, COMMITTEE, "无法私信王师傅", mark)) == 1
    today = fake.find_message(COMMITTEE, "无法私信王师傅")
    assert today is not None and named(today["text"], "今天涉及的事件") == {6, 7, 8}


async def test_once_he_starts_the_bot_reports_go_to_him_again(make_bot: MakeBot) -> None:
    bot = await started_bot(make_bot, LI)
    fake = bot.fake
    for n, text in enumerate(TEN[:3], 1):
        await report(bot, text, n)
    assert (await bot.event(3)).assignee_id == LI
    fake.user_starts_bot(WANG, send_start=True)
    await fake.wait_for(lambda: fake.find_message(WANG, "欢迎回来"))  # his open event (#1) is listed for him
    await bot.settle()
    note = fake.find_message(COMMITTEE, "无法私信王师傅")  # the day's note says it was done, at its foot
    assert note is not None
    assert re.fullmatch(r"✅ 王师傅已在 \d\d:\d\d 打开机器人，新事件照常私信给王师傅。", note["text"].splitlines()[-1])
    mark = len(fake.calls)
    await report(bot, TEN[3], 4)
    ev = await bot.event(4)
    assert ev.assignee_id == WANG
    card = fake.find_message(WANG, "#4 ")
    assert card is not None and "无法接收私信" not in card["text"]
    assert not sends(fake, LI, "#4", mark) and not sends(fake, COMMITTEE, "无法私信", mark)
    assert not sends(fake, GROUP_A, MENTION, mark)


async def test_blocked_again_the_same_day_the_committee_is_told_again(make_bot: MakeBot) -> None:
    """He starts the bot (the day's note says so), then blocks it that afternoon: the committee gets a new note (a
    message, not a silent edit of the one that said all was well) naming only what has happened since."""
    bot = await started_bot(make_bot, LI)
    fake = bot.fake
    for n, text in enumerate(TEN[:2], 1):
        await report(bot, text, n)
    await bot.advance(minutes=20)
    fake.user_starts_bot(WANG, send_start=True)
    await fake.wait_for(lambda: fake.find_message(WANG, "欢迎回来"))
    await bot.settle()
    first = fake.find_message(COMMITTEE, "无法私信王师傅")
    assert first is not None and first["text"].splitlines()[-1].startswith("✅ 王师傅已在")
    await bot.advance(hours=3)  # the afternoon
    fake.block_bot(WANG)
    mark = len(fake.calls)
    await report(bot, TEN[2], 3)
    await report(bot, TEN[3], 4)
    assert (await bot.event(3)).assignee_id == (await bot.event(4)).assignee_id == LI  # blocked: straight to her
    notes = sends(fake, COMMITTEE, "无法私信王师傅", mark)
    assert len(notes) == 1, [m["text"] for m in notes]
    now = fake.find_message(COMMITTEE, "无法私信王师傅")
    assert now is not None and now["message_id"] == notes[0]["message_id"] != first["message_id"]
    assert named(now["text"], "今天涉及的事件") == {3, 4}
    assert not now["text"].splitlines()[-1].startswith("✅")
    earlier = [m for m in fake.messages(COMMITTEE) if m["message_id"] == first["message_id"]]
    assert earlier and earlier[0]["text"].splitlines()[-1].startswith("✅ 王师傅已在")  # the morning's, as it was


async def storm(make_bot: MakeBot, reports: int) -> RunningBot:
    """The first ``reports`` of TEN, 李姐 (started) taking them for 王师傅 (never started): her phone's first card of
    the while sent at once (FIRST_DM_CARDS 1), the rest held for her list of new events."""
    bot = await make_bot(clock=Clock(), first_dm_cards=1)
    bot.fake.user_starts_bot(LI, send_start=True)
    await bot.settle()
    for n, text in enumerate(TEN[:reports], 1):
        await report(bot, text, n)
    return bot


async def test_in_a_storm_the_backups_list_of_new_events_says_why_they_came_to_her(make_bot: MakeBot) -> None:
    """Her phone had its first card of the while (FIRST_DM_CARDS 1): the reports after it that came to her because he
    cannot be messaged are held for her list of new events, and their lines say so, as their cards would."""
    bot = await storm(make_bot, 4)
    fake = bot.fake
    await bot.advance(minutes=3)  # the held cards' list is due
    lists = sends(fake, LI, "🆕")
    assert len(lists) == 1, [m["text"] for m in lists]
    lines = {int(m[1]): line for line in lists[0]["text"].splitlines() if (m := re.match(r"\D*#(\d+) ", line))}
    assert set(lines) == {3, 4}, lists[0]["text"]  # (#2 her first card of the while, at once, saying so)
    assert all("王师傅无法接收私信" in line for line in lines.values()), lists[0]["text"]


async def test_a_card_held_alone_in_a_storm_still_says_why_it_came_to_her(make_bot: MakeBot) -> None:
    """Held past her first card of the while, the one report sent alone when its wait is over is its card: it says it
    came to her because he cannot be messaged, as it would have at once."""
    bot = await storm(make_bot, 3)
    fake = bot.fake
    assert fake.find_message(LI, "#3 ") is None  # held
    await bot.advance(minutes=3)
    card = fake.find_message(LI, "#3 ")
    assert card is not None and "王师傅无法接收私信" in card["text"]
    assert "v1:acc:3" in data_of(fake, LI, card["message_id"])


async def test_a_red_report_still_goes_to_everyone_on_duty_at_once(make_bot: MakeBot) -> None:
    """A red after the bot knows he cannot be messaged: 李姐 gets its card (Accept), the committee its alert, and
    he is tried too (a red goes to everyone on duty at once), with no second mention in the group that day."""
    bot = await started_bot(make_bot, LI)
    fake = bot.fake
    await report(bot, TEN[0], 1)
    mark = len(fake.calls)
    await report(bot, "3号楼2单元302厨房冒烟了！快来人", 2)
    ev = await bot.event(2)
    assert ev.urgency.value == "red" and ev.assignee_id == LI
    card = fake.find_message(LI, "#2 ")
    assert card is not None and "v1:acc:2" in data_of(fake, LI, card["message_id"])
    assert sends(fake, COMMITTEE, "#2", mark)  # the red's alert
    assert [c for c in fake.calls[mark:] if c.method == "sendMessage" and int(c.params["chat_id"]) == WANG]
    assert not sends(fake, GROUP_A, MENTION, mark)
