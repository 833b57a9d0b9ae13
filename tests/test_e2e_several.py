"""Several problems at one building in one message: "3号楼电梯坏了，楼道灯也不亮，垃圾也没人收" made one event of the
reader's one kind (sanitation), so the lift and the light reached the grid's worker, never the maintenance team. Each
problem is an event of its own now, for its own team: the first is the message's; each further one is acknowledged
by a short line under her message, and replies to that line reach it."""

from __future__ import annotations

from harness import (
    COMMUNITY_TOML,
    Clock,
    MakeBot,
    RunningBot,
    accept_and_fix,
    sent_texts,
    toml_tables,
    worker_tables,
)
from ids import GROUP_A, RESIDENT, RESIDENT2, RESIDENT3, WANG

from bot.core import weeks
from bot.core.community_file import parse_community
from bot.core.types import Category, Status, Urgency
from bot.services import digest
from storage import reporters

MAINT = 3001
SEVERAL = "3号楼电梯坏了，楼道灯也不亮，垃圾也没人收"
TEAM_TOML = (
    COMMUNITY_TOML
    + worker_tables({MAINT: "物业刘工"})
    + toml_tables("teams", {"id": "maint", "name": "物业维修", "members": [MAINT], "categories": ["repair"]})
    + toml_tables("shifts", {"worker": MAINT, "team": "maint", "start": "00:00", "end": "24:00"})
)


async def maint_bot(make_bot: MakeBot, **settings: object) -> RunningBot:
    """The test community with a maintenance team for repairs; 王师傅 (grid A) and its worker started the bot."""
    bot = await make_bot(parse_community(TEAM_TOML, "teams.toml"), clock=Clock(), **settings)
    bot.fake.user(MAINT, "物业刘工")
    for uid in (MAINT, WANG):
        bot.fake.user_starts_bot(uid)
    return bot


async def several_reported(make_bot: MakeBot, text: str = SEVERAL, **settings: object) -> tuple[RunningBot, dict]:
    """刘阿姨 writes ``text`` in grid A's group; the bot and her message, once settled."""
    bot = await maint_bot(make_bot, **settings)
    said = bot.fake.send_message(GROUP_A, RESIDENT, text)
    await bot.settle()
    return bot, said


async def test_each_problem_is_an_event_for_its_own_team(make_bot: MakeBot) -> None:
    bot, said = await several_reported(make_bot)
    fake = bot.fake
    assert await bot.event_count() == 3
    lift, light, rubbish = [await bot.event(n) for n in (1, 2, 3)]
    assert (lift.category, light.category, rubbish.category) == (Category.REPAIR, Category.REPAIR, Category.SANITATION)
    assert {lift.building, light.building, rubbish.building} == {"3"}
    assert (light.text, rubbish.text) == ("楼道灯也不亮", "垃圾也没人收")
    assert light.reporter_id == rubbish.reporter_id == RESIDENT
    # the lift and the light reach the maintenance team; the rubbish the grid's worker, each card its own problem
    # with her whole words for context
    maint, wang = sent_texts(fake, MAINT), sent_texts(fake, WANG)
    assert any("#1" in text for text in maint) and not any("#1" in text for text in wang)
    card = next(text for text in maint if "#1" in text)
    assert "本单只管「3号楼电梯坏了」" in card  # her whole words above it, and which of them are this card's
    card = next(text for text in maint if "#2" in text)
    assert "楼道灯也不亮" in card and f"原消息：「{SEVERAL}」" in card
    card = next(text for text in wang if "#3" in text)
    assert "垃圾也没人收" in card and SEVERAL in card
    # her acknowledgement names the others by number; each has a short line under her message
    ack = fake.find_message(GROUP_A, "已登记 #1")
    assert ack is not None and "#2" in ack["text"] and "#3" in ack["text"], ack
    assert "「楼道灯也不亮」" in ack["text"] and "「垃圾也没人收」" in ack["text"]
    lines = [m for m in fake.messages(GROUP_A) if "来自刘阿姨的消息" in m["text"]]
    assert [m["text"].splitlines()[0] for m in lines] == [
        "✅ #2 · 🟢 一般 · 3号楼「楼道灯也不亮」（来自刘阿姨的消息）",
        "✅ #3 · 🟡 较急 · 3号楼「垃圾也没人收」（来自刘阿姨的消息）",
    ]
    assert all(m["reply_to_message"]["message_id"] == said["message_id"] for m in lines)
    assert len(sent_texts(fake, GROUP_A)) == 3  # and nothing more in her group


async def test_a_red_problem_stays_red_and_the_calm_ones_calm(make_bot: MakeBot) -> None:
    bot, _ = await several_reported(make_bot, "3号楼楼道灯不亮，单元门口的井盖丢了，有人掉下去了")
    assert await bot.event_count() == 2
    light, manhole = await bot.event(1), await bot.event(2)
    assert (light.category, light.urgency) == (Category.REPAIR, Urgency.GREEN)
    assert manhole.urgency is Urgency.RED and "井盖" in manhole.text


async def test_replies_reach_the_problem_they_answer(make_bot: MakeBot) -> None:
    bot, said = await several_reported(make_bot)
    fake = bot.fake
    fake.user(RESIDENT2, "陈先生")
    fake.user(RESIDENT3, "孙奶奶")
    line = next(m for m in fake.messages(GROUP_A) if "楼道灯也不亮" in m["text"] and "来自" in m["text"])
    fake.send_message(GROUP_A, RESIDENT2, "我家这边也是", reply_to_message_id=line["message_id"])
    fake.send_message(GROUP_A, RESIDENT3, "我家这边也是", reply_to_message_id=said["message_id"])
    await bot.settle()
    assert await bot.event_count() == 3  # no new event: each neighbour joined the problem answered
    async with bot.ctx.db.read() as c:
        who = {n: {r.user_id for r in await reporters.for_event(c, n)} for n in (1, 2, 3)}
    assert who == {1: {RESIDENT, RESIDENT3}, 2: {RESIDENT, RESIDENT2}, 3: {RESIDENT}}


async def test_her_edit_keeps_the_first_problem_its_own_kind(make_bot: MakeBot) -> None:
    bot, said = await several_reported(make_bot)
    bot.fake.edit_message(GROUP_A, said["message_id"], "3号楼电梯又坏了，楼道灯也不亮，垃圾也没人收")
    await bot.settle()
    lift = await bot.event(1)
    assert lift.category is Category.REPAIR and "又坏了" in lift.text
    assert await bot.event_count() == 3


async def test_her_place_told_after_places_every_problem(make_bot: MakeBot) -> None:
    bot, _ = await several_reported(make_bot, "电梯坏了，楼道灯也不亮，垃圾也没人收")
    assert [(await bot.event(n)).building for n in (1, 2, 3)] == [None, None, None]
    bot.fake.send_message(GROUP_A, RESIDENT, "3号楼2单元")
    await bot.settle()
    assert [(await bot.event(n)).building for n in (1, 2, 3)] == ["3", "3", "3"]
    assert await bot.event_count() == 3


async def test_her_message_taken_back_takes_back_every_problem(make_bot: MakeBot) -> None:
    bot, said = await several_reported(make_bot)
    bot.fake.edit_message(GROUP_A, said["message_id"], "不好意思发错了")
    await bot.settle()
    assert [(await bot.event(n)).status for n in (1, 2, 3)] == [Status.CANCELLED] * 3


async def test_a_neighbours_mine_too_typed_just_after_joins_her_message_or_the_problem_named(make_bot: MakeBot) -> None:
    bot, _ = await several_reported(make_bot, merge_window_s=86400)
    fake = bot.fake
    fake.user(RESIDENT2, "陈先生")
    fake.user(RESIDENT3, "孙奶奶")
    fake.send_message(GROUP_A, RESIDENT2, "我家也是")  # of her message: its own event, as a reply under it
    await bot.settle()
    fake.send_message(GROUP_A, RESIDENT3, "我们单元楼道灯也不亮")  # of the light
    await bot.settle()
    assert await bot.event_count() == 3
    async with bot.ctx.db.read() as c:
        who = {n: {r.user_id for r in await reporters.for_event(c, n)} for n in (1, 2, 3)}
    assert who == {1: {RESIDENT, RESIDENT2}, 2: {RESIDENT, RESIDENT3}, 3: {RESIDENT}}


async def test_the_digest_counts_each_problem_as_an_event(make_bot: MakeBot) -> None:
    bot, _ = await several_reported(make_bot)
    tz = bot.ctx.community.tz
    figures = (await digest.compute(bot.ctx.db, weeks.week_of(bot.ctx.now(), tz), bot.ctx.community)).this
    assert figures.new.total == 3
    assert figures.new.by_category == {"repair": 2, "sanitation": 1}


async def test_a_neighbours_own_report_of_one_of_them_joins_that_one(make_bot: MakeBot) -> None:
    bot, _ = await several_reported(make_bot, merge_window_s=86400)
    bot.fake.user(RESIDENT2, "陈先生")
    bot.fake.send_message(GROUP_A, RESIDENT2, "3号楼楼道灯不亮，黑乎乎的")
    await bot.settle()
    assert await bot.event_count() == 3
    async with bot.ctx.db.read() as c:
        who = {n: {r.user_id for r in await reporters.for_event(c, n)} for n in (1, 2, 3)}
    assert who == {1: {RESIDENT}, 2: {RESIDENT, RESIDENT2}, 3: {RESIDENT}}


async def test_her_question_after_a_problem_closed_is_under_its_line(make_bot: MakeBot) -> None:
    bot, _ = await several_reported(make_bot)
    fake = bot.fake
    await accept_and_fix(fake, WANG, fake.find_message(WANG, "#3")["message_id"])
    await bot.settle()
    await bot.advance(hours=3)
    line = next(m for m in fake.messages(GROUP_A) if "「垃圾也没人收」（来自" in m["text"])
    asked = fake.find_message(GROUP_A, "#3（环境卫生）已办结")
    assert asked is not None and asked["reply_to_message"]["message_id"] == line["message_id"], asked
