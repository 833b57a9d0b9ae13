"""Long content end to end: an event with ~120 merged reporters, and a community of 1,000 workers asking /duty,
/rota (paged) and /cover. Every answer arrives: the fake API refuses texts over 4,096 characters."""

from __future__ import annotations

import re

import pytest
from harness import COMMUNITY_TOML, MakeBot, RunningBot, answer_to, exchange, untagged
from ids import ADMIN, COMMITTEE, GROUP_A, LI, WANG

from bot.core.callbacks import Action, encode
from bot.core.community_file import parse_community
from bot.fakeapi import FakeTelegram
from bot.render.fit import MAX_BUTTONS, MAX_TEXT
from bot.render.reports import MERGED_SHOWN
from storage import outbox

MERGED = 120


async def failures(bot: RunningBot) -> list[outbox.Failure]:
    async with bot.ctx.db.read() as c:
        return await outbox.failures(c)


def buttons(msg: dict) -> int:
    return sum(len(row) for row in msg.get("reply_markup", {}).get("inline_keyboard", []))


def dm(fake: FakeTelegram, user: int, event_id: int) -> dict | None:
    return next(
        (m for m in reversed(fake.messages(user)) if f"#{event_id} " in m.get("text", "") and m.get("reply_markup")),
        None,
    )


@pytest.fixture
async def merging_bot(make_bot: MakeBot) -> RunningBot:
    return await make_bot(merge_window_s=24 * 3600)


async def test_an_event_with_120_merged_reporters(merging_bot: RunningBot) -> None:
    """The worker's DM lists the first reports with split buttons and counts the rest; hand back and /status work."""
    bot, fake = merging_bot, merging_bot.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(LI)
    fake.send_message(GROUP_A, 6000, "3号楼电梯坏了，困在里面")
    await fake.wait_for(lambda: dm(fake, WANG, 1), timeout=30)
    for i in range(1, MERGED + 1):
        fake.user(6000 + i, f"居民{i}号 " + "<很长的名字>" * 6)
        # the same words from each neighbour: numbered ("困在里面 101"), some read as room 101, and a room may move
        # the reading to another category, so a report of its own
        fake.send_message(GROUP_A, 6000 + i, "3号楼电梯坏了，困在里面")
    await bot.settle(timeout=120)
    first = dm(fake, WANG, 1)
    assert f"{MERGED + 1} 位居民" in first["text"]
    assert len(first["text"]) <= MAX_TEXT and buttons(first) == 2 + MERGED_SHOWN <= MAX_BUTTONS
    assert f"……还有 {MERGED - MERGED_SHOWN} 条" in first["text"]
    qid = fake.press_button(WANG, WANG, first["message_id"], encode(Action.HAND_BACK, 1))
    await answer_to(fake, qid, 30)
    second = await fake.wait_for(lambda: dm(fake, LI, 1), timeout=30)  # the backup gets the whole thing, cut to fit
    assert f"{MERGED + 1} 位居民" in second["text"] and buttons(second) <= MAX_BUTTONS
    fake.user_starts_bot(ADMIN)
    status = await exchange(fake, ADMIN, ADMIN, "/status 1", "进展：", timeout=30)
    assert "……等" in status["text"] and len(status["text"]) <= MAX_TEXT  # 121 reporters: the first few named
    assert re.search(r"……更早的 \d+ 条未显示", status["text"])  # a timeline of 120 merges: the latest shown
    await bot.settle()
    assert await failures(bot) == []
    assert not fake.find_message(GROUP_A, "无法私信") and not fake.find_message(COMMITTEE, "无法私信")


def thousand_workers_toml() -> str:
    lines = [COMMUNITY_TOML[: COMMUNITY_TOML.index("[[workers]]")]]  # the test community's grids and chats
    for i in range(1000):
        lines.append(f'[[workers]]\ntelegram_id = {100000 + i}\nname = "工人{i:04d}号 <甲>"\n')
        lines.append(
            f'[[shifts]]\nworker = {100000 + i}\ngrid = "{"A" if i < 500 else "B"}"\ndays = "mon-sun"\n'
            f'start = "{"08:00" if i % 3 else "00:00"}"\nend = "24:00"\n'
            f'role = "{"primary" if i % 2 == 0 else "backup"}"\n'
        )
    return "\n".join(lines)


@pytest.fixture
async def big_bot(make_bot: MakeBot) -> RunningBot:
    return await make_bot(parse_community(thousand_workers_toml(), "big.toml"))


async def test_duty_rota_and_cover_with_1000_workers(big_bot: RunningBot) -> None:
    bot, fake = big_bot, big_bot.fake
    fake.user_starts_bot(ADMIN)
    duty = await exchange(fake, ADMIN, ADMIN, "/duty", "当前值班", timeout=30)
    assert "工人0000号 <甲>" in duty["text"] and "……等" in duty["text"] and len(duty["text"]) <= MAX_TEXT
    rota = await exchange(fake, ADMIN, ADMIN, "/rota", "排班", timeout=30)
    pages = int(re.search(r"第 1/(\d+) 页", rota["text"]).group(1))
    assert pages > 2 and "工人0000号 <甲>" in rota["text"]
    assert [untagged(b["callback_data"]) for b in rota["reply_markup"]["inline_keyboard"][0]] == ["v1:rp:1"]
    fake.press_button(ADMIN, ADMIN, rota["message_id"], encode(Action.ROTA_PAGE, pages - 1))
    last = await fake.wait_for(lambda: fake.find_message(ADMIN, f"第 {pages}/{pages} 页"), timeout=30)
    assert "第二网格" in last["text"] and len(last["text"]) <= MAX_TEXT
    assert [untagged(b["callback_data"]) for b in last["reply_markup"]["inline_keyboard"][0]] == [f"v1:rp:{pages - 2}"]
    before = len(fake.messages(ADMIN))
    fake.send_message(ADMIN, ADMIN, "/rota a")  # one grid, turned page by page: each of its 500 workers shows
    page = await fake.wait_for(lambda: fake.messages(ADMIN)[before:] and fake.messages(ADMIN)[-1], timeout=30)
    pages = int(re.search(r"第 1/(\d+) 页", page["text"]).group(1))
    seen = set(re.findall(r"工人(\d{4})号", page["text"]))
    for n in range(1, pages):
        fake.press_button(ADMIN, ADMIN, page["message_id"], encode(Action.ROTA_PAGE, n, "0"))
        shown = await fake.wait_for(lambda n=n: fake.find_message(ADMIN, f"第 {n + 1}/{pages} 页"), timeout=30)
        assert "第二网格" not in shown["text"] and len(shown["text"]) <= MAX_TEXT
        seen |= set(re.findall(r"工人(\d{4})号", shown["text"]))
    assert seen == {f"{i:04d}" for i in range(500)}
    listed = await exchange(fake, ADMIN, ADMIN, "/cover 无此人 sat", "无此人", timeout=30)
    assert "……等 970 人" in listed["text"]
    await bot.settle()
    assert await failures(bot) == []


async def test_a_dm_refused_for_its_content_is_not_taken_for_a_blocked_worker(running: RunningBot) -> None:
    """A 400 (here: too long) on a worker's DM: the committee hears it could not be delivered and why; nobody is
    told the worker never started the bot, and the worker is not marked unreachable."""
    from storage import people

    fake = running.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(LI)
    fake.send_message(GROUP_A, 6000, "5号楼楼道灯坏了")
    first = await fake.wait_for(lambda: dm(fake, WANG, 1))
    await running.settle()
    fake.fail_next("sendMessage", 400, "Bad Request: message is too long")
    qid = fake.press_button(WANG, WANG, first["message_id"], encode(Action.HAND_BACK, 1))
    await answer_to(fake, qid)
    notice = await fake.wait_for(lambda: fake.find_message(COMMITTEE, "未能送达"))
    assert "李姐" in notice["text"] and "message is too long" in notice["text"].lower()
    await running.settle()
    assert not fake.find_message(COMMITTEE, "无法私信") and not fake.find_message(GROUP_A, "无法私信")
    async with running.ctx.db.read() as c:
        person = await people.person(c, LI)
    assert person is None or not person.blocked  # no row marks 李姐 unreachable
    assert [(f.purpose, f.chat_id) for f in await failures(running) if f.error.startswith("400")] == [("worker_dm", LI)]
