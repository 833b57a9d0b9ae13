"""Voice messages sent to the bot in private, and copies passed to the committee chat (resident review: an elderly
resident who cannot type sent her report to the bot in private by voice, and was only told to type; a voice message
passed to the committee chat could be logged only from her group)."""

from __future__ import annotations

from harness import COMMUNITY_TOML, Clock, MakeBot, RunningBot, answer_to, exchange, press, shown, toml_tables
from ids import ADMIN, COMMITTEE, GROUP_A, RESIDENT, RESIDENT3, START, WANG, ZHAO

from bot.core.callbacks import Action
from bot.core.community_file import parse_community
from bot.render.i18n import plain
from storage import media

VOICE = {"voice": {"file_id": "AwACpriv1", "file_unique_id": "up1", "duration": 9, "mime_type": "audio/ogg"}}
NOBODY_IN_A = COMMUNITY_TOML.split("[[shifts]]")[0] + toml_tables(
    "shifts", {"worker": ZHAO, "grid": "B", "days": "mon-sun", "start": "00:00", "end": "24:00", "role": "primary"}
)


def voices(bot: RunningBot, chat_id: int) -> list[dict]:
    return [m for m in bot.fake.messages(chat_id) if m.get("voice")]


async def she_and_wang_started(make_bot: MakeBot, toml: str | None = None) -> RunningBot:
    """The bot (of the community `toml`, the test community unless given), 王师傅 and 刘阿姨 having started it."""
    bot = await make_bot(parse_community(toml, "t") if toml else None, Clock(START))
    bot.fake.user_starts_bot(WANG)
    bot.fake.user_starts_bot(RESIDENT)
    return bot


async def neighbour_voice_in_private(make_bot: MakeBot, toml: str | None = None) -> tuple[RunningBot, dict]:
    """刘阿姨, who chats in grid A's group, sends the bot a voice message in private: the bot, and its answer."""
    bot = await she_and_wang_started(make_bot, toml)
    fake = bot.fake
    fake.send_message(GROUP_A, RESIDENT, "大家早上好")
    await bot.settle()
    fake.send_message(RESIDENT, RESIDENT, extra=VOICE)
    hint = await fake.wait_for(lambda: fake.find_message(RESIDENT, "听不了语音"))
    return bot, hint


async def test_her_voice_in_private_goes_to_the_worker_on_duty_and_he_logs_it_for_her(make_bot: MakeBot) -> None:
    """The answer under her voice message has the button; her press sends it to 王师傅, on duty for her group's grid,
    who replies under it with what she said: #1 is her report, made in private as if she had typed it there, its
    acknowledgement under her voice message."""
    bot, hint = await neighbour_voice_in_private(make_bot)
    fake = bot.fake
    assert hint["text"] == plain("zh-Hans", "private.voice_button")
    await shown(fake, RESIDENT, hint["message_id"], Action.PASS_VOICE)
    query = press(fake, RESIDENT, RESIDENT, hint["message_id"], Action.PASS_VOICE)
    assert (await answer_to(fake, query))["text"] == plain("zh-Hans", "cb.voice_passed")
    [heard] = await fake.wait_for(lambda: voices(bot, WANG) or None)
    assert heard["voice"]["file_id"] == "AwACpriv1"
    assert heard["caption"] == plain("zh-Hans", "voice.passed_caption_private", name="刘阿姨")
    told = await fake.wait_for(lambda: fake.find_message(RESIDENT, "已转给值班的"))
    assert told["message_id"] == hint["message_id"]
    assert told["text"] == plain("zh-Hans", "group.voice_sent_worker", name="刘阿姨", worker="王师傅")
    fake.send_message(WANG, WANG, "3号楼2单元楼道灯坏了", reply_to_message_id=heard["message_id"])
    done = await fake.wait_for(lambda: fake.find_message(WANG, "已替刘阿姨登记"))
    assert done["text"] == plain("zh-Hans", "voice.logged", name="刘阿姨", id=1)
    ev = await bot.event(1)
    assert (ev.reporter_id, ev.chat_id, ev.building, ev.unit) == (RESIDENT, RESIDENT, "3", "2")
    ack = await fake.wait_for(lambda: fake.find_message(RESIDENT, "已登记 #1"))
    mine = [m for m in fake.chats[RESIDENT].messages.values() if m.get("voice")][0]
    assert ack["reply_to_message"]["message_id"] == mine["message_id"]


async def test_a_stranger_s_voice_in_private_is_only_told_to_type(make_bot: MakeBot) -> None:
    """Someone the bot never saw in a residents' group: nothing is passed to a worker (anyone could send the bot
    voice messages); the old answer, how to report in words."""
    bot = await she_and_wang_started(make_bot)
    fake = bot.fake
    fake.send_message(RESIDENT, RESIDENT, extra=VOICE)
    hint = await fake.wait_for(lambda: fake.find_message(RESIDENT, "听不了语音"))
    assert hint["text"] == plain("zh-Hans", "private.voice")
    assert not hint.get("reply_markup")


async def test_her_voice_in_private_after_her_report_in_the_group_goes_to_its_worker(make_bot: MakeBot) -> None:
    """She reported in the group, then speaks to the bot in private: her voice message goes with #1 to 王师傅."""
    bot = await she_and_wang_started(make_bot)
    fake = bot.fake
    await exchange(fake, GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了", "已登记 #1")
    fake.send_message(RESIDENT, RESIDENT, extra=VOICE)
    told = await fake.wait_for(lambda: fake.find_message(RESIDENT, "#1 的值班人员"))
    assert told["text"] == plain("zh-Hans", "private.voice_passed", id=1)
    [heard] = await fake.wait_for(lambda: voices(bot, WANG) or None)
    assert heard["caption"] == plain("zh-Hans", "voice.caption", id=1)
    async with bot.ctx.db.read() as c:
        assert [m.file_id for m in await media.for_event(c, 1, media.VOICE)] == ["AwACpriv1"]


async def test_a_voice_message_passed_to_the_committee_chat_is_logged_by_a_reply_there(make_bot: MakeBot) -> None:
    """No one on duty: her voice message goes to the committee chat; the admin who listened replies under it there
    with what she said, and #1 is her report, acknowledged where she spoke."""
    bot, hint = await neighbour_voice_in_private(make_bot, NOBODY_IN_A)
    fake = bot.fake
    press(fake, RESIDENT, RESIDENT, hint["message_id"], Action.PASS_VOICE)
    [heard] = await fake.wait_for(lambda: voices(bot, COMMITTEE) or None)
    assert heard["caption"] == plain("zh-Hans", "voice.passed_caption_private_committee", name="刘阿姨")
    fake.send_message(COMMITTEE, ADMIN, "3号楼2单元楼道灯坏了", reply_to_message_id=heard["message_id"])
    done = await fake.wait_for(lambda: fake.find_message(COMMITTEE, "已替刘阿姨登记"))
    assert done["text"] == plain("zh-Hans", "voice.logged", name="刘阿姨", id=1)
    ev = await bot.event(1)
    assert (ev.reporter_id, ev.chat_id, ev.building) == (RESIDENT, RESIDENT, "3")
    await fake.wait_for(lambda: fake.find_message(RESIDENT, "已登记 #1"))


async def test_a_group_voice_message_passed_to_the_committee_is_logged_there_by_staff_only(make_bot: MakeBot) -> None:
    """Her voice message in the group, passed to the committee chat: a committee member who is no worker or admin
    replying under it is told only staff log it (nothing logged); the admin's reply makes #1 hers, in her group."""
    bot = await make_bot(parse_community(NOBODY_IN_A, "t"), Clock(START))
    fake = bot.fake
    fake.send_message(GROUP_A, RESIDENT, extra=VOICE)
    hint = await fake.wait_for(lambda: fake.find_message(GROUP_A, "听不了语音"))
    press(fake, RESIDENT, GROUP_A, hint["message_id"], Action.PASS_VOICE)
    [heard] = await fake.wait_for(lambda: voices(bot, COMMITTEE) or None)
    fake.send_message(COMMITTEE, RESIDENT3, "3号楼2单元楼道灯坏了", reply_to_message_id=heard["message_id"])
    refused = await fake.wait_for(lambda: fake.find_message(COMMITTEE, "只有网格员或管理员"))
    assert refused["text"] == plain("zh-Hans", "voice.staff_only", name="刘阿姨")
    assert await bot.event_count() == 0
    fake.send_message(COMMITTEE, ADMIN, "3号楼2单元楼道灯坏了", reply_to_message_id=heard["message_id"])
    await fake.wait_for(lambda: fake.find_message(COMMITTEE, "已替刘阿姨登记"))
    ev = await bot.event(1)
    assert (ev.reporter_id, ev.chat_id) == (RESIDENT, GROUP_A)
    ack = await fake.wait_for(lambda: fake.find_message(GROUP_A, "已登记 #1"))
    voice_id = [m for m in fake.chats[GROUP_A].messages.values() if m.get("voice")][0]["message_id"]
    assert ack["reply_to_message"]["message_id"] == voice_id
