"""Steps several end-to-end stories begin with (tests/harness.py runs the bot): who started it, the report they
make, how far it has gone; each settled before the test reads what came of it."""

from __future__ import annotations

from harness import Clock, MakeBot, RunningBot, accept_and_fix, answer_to, exchange, press
from ids import ADMIN, GROUP_A, RESIDENT, RESIDENT2, RESIDENT3, START, WANG, ZHAO
from unsure_examples import UNSURE

from bot.core.callbacks import Action
from bot.core.community_file import parse_community
from bot.core.types import Status
from bot.fakeapi import FakeTelegram
from storage import reporters, surveys

# 刘阿姨's private report of a leak in her flat: its words name her room and her neighbours upstairs
PRIVATE_WORDS = "5号楼2单元302室卫生间漏水了，楼上那家一直不管"


def known_in_a_group(fake: FakeTelegram, user_id: int) -> None:
    """The resident started the bot and has written in a residents' group (so may report in private)."""
    fake.user_starts_bot(user_id, send_start=True)
    fake.send_message(GROUP_A, user_id, "大家好")


async def asked_report_it(bot: RunningBot, resident: int, text: str = UNSURE) -> dict:
    """The resident's unsure words in grid A's group, and the bot's "Report it?" under them."""
    m = bot.fake.send_message(GROUP_A, resident, text)

    def question() -> dict | None:
        under = (q for q in bot.fake.messages(GROUP_A) if q.get("reply_to_message", {}).get("message_id"))
        return next((q for q in under if q["reply_to_message"]["message_id"] == m["message_id"]), None)

    return await bot.fake.wait_for(question)


async def asked_with_wang_on(bot: RunningBot, writer: int, text: str) -> dict:
    """王师傅 started the bot; `writer` writes `text` in grid A's group: the bot's "Report it?" under it, once
    settled."""
    bot.fake.user_starts_bot(WANG)
    ask = await asked_report_it(bot, writer, text)
    await bot.settle()
    return ask


async def her_private_chat_open(bot: RunningBot) -> None:
    """王师傅 started the bot; 刘阿姨 is known in grid A's group, so may report in private; settled."""
    bot.fake.user_starts_bot(WANG)
    known_in_a_group(bot.fake, RESIDENT)
    await bot.settle()


async def merging_bot(make_bot: MakeBot, **settings: object) -> RunningBot:
    """The bot on a moving clock with same-problem merging on (a day) and these settings, 王师傅 having started it."""
    bot = await make_bot(clock=Clock(), merge_window_s=86400, **settings)
    bot.fake.user_starts_bot(WANG)
    return bot


HALL_LIGHT = "3号楼2单元楼道灯坏了"


async def report_then(
    make_bot: MakeBot,
    words: str,
    *,
    first: str = HALL_LIGHT,
    writer: int = RESIDENT2,
    minutes: float = 3,
    chat: int = GROUP_A,
    under: bool = False,
    also: str | None = None,
) -> tuple[RunningBot, int]:
    """Merging on, 刘阿姨 reports `first` in grid A's group (#1, 王师傅 paged), and `also` just after if told (#2);
    `minutes` later `writer` (陈先生 unless told) writes `words` in `chat`, replying to nothing (or, ``under``, under
    her first report): the bot, and the call mark before those words."""
    bot = await merging_bot(make_bot)
    report = bot.fake.send_message(GROUP_A, RESIDENT, first)
    await bot.settle()
    if also is not None:
        bot.fake.send_message(GROUP_A, RESIDENT, also)
        await bot.settle()
    await bot.advance(minutes=minutes)
    mark = bot.fake.mark()
    bot.fake.send_message(chat, writer, words, reply_to_message_id=report["message_id"] if under else None)
    await bot.settle()
    return bot, mark


async def joined(make_bot: MakeBot, first: str, words: str) -> tuple[bool, int]:
    """陈先生's words 3 minutes after 刘阿姨's report `first`: whether he joined #1, and how many events there are."""
    bot, _ = await report_then(make_bot, words, first=first)
    return await he_joined(bot)


async def he_joined(bot: RunningBot) -> tuple[bool, int]:
    """Whether 陈先生 is among #1's reporters, and how many events there are."""
    async with bot.ctx.db.read() as c:
        neighbours = {r.user_id for r in await reporters.for_event(c, 1)}
    return RESIDENT2 in neighbours, await bot.event_count()


async def first_report(
    bot: RunningBot,
    text: str,
    *started: int,
    where: int = WANG,
    needle: str = "#1",
    timers: bool = False,
) -> tuple[dict, dict]:
    """The users `started` start the bot; 刘阿姨 writes `text` in grid A's group: her message and the bot's latest
    in the chat `where` holding `needle` (王师傅's card of #1 unless told), once settled (with `timers`, also
    until no timer is due)."""
    fake = bot.fake
    for user in started:
        fake.user_starts_bot(user)
    report = fake.send_message(GROUP_A, RESIDENT, text)
    seen = await fake.wait_for(lambda: fake.find_message(where, needle))
    await bot.settle(timers=timers)
    return report, seen


async def closed_lift(bot: RunningBot) -> dict:
    """刘阿姨 reports the building 3 unit 2 lift; 王师傅 fixes it. The group's acknowledgement of #1."""
    fake = bot.fake
    fake.send_message(GROUP_A, RESIDENT, "3号楼2单元电梯坏了")
    await bot.settle()
    await accept_and_fix(fake, WANG, fake.find_message(WANG, "新事件 #1")["message_id"])
    await bot.settle()
    assert (await bot.event(1)).status is Status.CLOSED
    return fake.find_message(GROUP_A, "已登记 #1")


async def accepted_by_wang(bot: RunningBot, *started: int) -> dict:
    """The users `started` start the bot; 刘阿姨 reports the hall light of building 3 unit 2 in grid A's group and
    王师傅 accepts #1 from his card: the card, once settled."""
    fake = bot.fake
    for user in started:
        fake.user_starts_bot(user)
    card = await exchange(fake, GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了", "#1", where=WANG)
    await answer_to(fake, press(fake, WANG, WANG, card["message_id"], Action.ACCEPT))
    await bot.settle()
    return card


async def handed_back_by_wang(make_bot: MakeBot, community_toml: str, text: str) -> RunningBot:
    """The community of `community_toml` on a clock at Monday 10:00, 王师傅, 赵师傅 and the admin having started
    the bot; 刘阿姨 reports `text` in grid A's group and 王师傅 hands #1 back: nobody has it (settled, timers too)."""
    bot = await make_bot(parse_community(community_toml, "t"), Clock(START))
    for user in (WANG, ZHAO, ADMIN):
        bot.fake.user_starts_bot(user)
    dm = await exchange(bot.fake, GROUP_A, RESIDENT, text, "#1", where=WANG)
    await bot.settle(timers=True)
    press(bot.fake, WANG, WANG, dm["message_id"], Action.HAND_BACK)
    await bot.settle(timers=True)
    assert (await bot.event(1)).assignee_id is None
    return bot


async def private_report_joined_in_the_group(
    make_bot: MakeBot,
    choice: str | None,
    *,
    neighbour_started: bool = False,
    joined: str = "已把您加入",
    **settings: object,
) -> RunningBot:
    """刘阿姨 reports a leak in her flat (PRIVATE_WORDS) to the bot in private and presses `choice` on "post it in
    your group?" (None: she never answers); 孙奶奶 (having started the bot if `neighbour_started`) writes the same
    problem in the group: it joins #1, the bot's answer there holding `joined`. Settled."""
    bot = await make_bot(merge_window_s=86400, **settings)
    fake = bot.fake
    fake.user(RESIDENT3, "孙奶奶")
    if neighbour_started:
        fake.user_starts_bot(RESIDENT3, send_start=True)
    await her_private_chat_open(bot)
    ask = await exchange(fake, RESIDENT, RESIDENT, PRIVATE_WORDS, "居民群")
    if choice:
        press(fake, RESIDENT, RESIDENT, ask["message_id"], Action.POST, choice)
    await bot.settle()
    await exchange(fake, GROUP_A, RESIDENT3, "5号楼2单元卫生间漏水了", joined)
    await bot.settle()
    return bot


async def status_answer(bot: RunningBot, chat_id: int, user_id: int, number: int) -> str:
    """The bot's answer to /status <number> sent by `user_id` in `chat_id`."""
    fake = bot.fake
    before = len(fake.messages(chat_id))
    fake.send_message(chat_id, user_id, f"/status {number}")
    await fake.wait_for(lambda: len(fake.messages(chat_id)) > before)
    return fake.messages(chat_id)[-1]["text"]


async def her_closed(make_bot: MakeBot, first: str) -> tuple[RunningBot, int]:
    """Her report `first` fixed by 王师傅, "is it fixed?" asked in the group at once: the bot and its message id."""
    bot = await merging_bot(make_bot, survey_delay_s=0)
    bot.fake.send_message(GROUP_A, RESIDENT, first)
    await bot.settle()
    await accept_and_fix(bot.fake, WANG, bot.fake.find_message(WANG, "#1")["message_id"])
    await bot.settle()
    async with bot.ctx.db.read() as c:
        asked = [s.message_id for s in await surveys.for_event(c, 1) if s.user_id == RESIDENT]
    assert asked and asked[0] is not None
    return bot, asked[0]
