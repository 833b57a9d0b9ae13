"""Residents' voice messages, which the bot cannot listen to (resident review: an elderly resident who cannot type
reports and adds by voice, and was only told to type). One soon after her open report goes to its worker. One with no
report of hers open: the hint under it has a button that passes it to the worker on duty, only by her, once; the
worker hears it, and may log it for her with /report as a reply to it."""

from __future__ import annotations

from datetime import timedelta

from harness import COMMUNITY_TOML, Clock, MakeBot, MakeCtx, RunningBot, answer_to, exchange, press, shown, toml_tables
from ids import COMMITTEE, GROUP_A, RESIDENT, RESIDENT2, START, WANG, ZHAO

from bot.core.callbacks import Action
from bot.core.community_file import parse_community
from bot.render.i18n import plain
from bot.runtime.housekeeping import run_housekeeping
from bot.services import privacy
from storage import events, media, voice_notes

VOICE = {"voice": {"file_id": "AwACvoice7", "file_unique_id": "uv7", "duration": 12, "mime_type": "audio/ogg"}}
AFTER = {"voice": {"file_id": "AwACvoice1", "file_unique_id": "uv1", "duration": 7, "mime_type": "audio/ogg"}}
NOBODY_IN_A = COMMUNITY_TOML.split("[[shifts]]")[0] + toml_tables(
    "shifts", {"worker": ZHAO, "grid": "B", "days": "mon-sun", "start": "00:00", "end": "24:00", "role": "primary"}
)


async def her_voice(make_bot: MakeBot, toml: str | None = None) -> tuple[RunningBot, dict]:
    """刘阿姨 sends a voice message in grid A's group, no report of hers open: the bot, and the hint under it."""
    bot, _ = await voiced(make_bot, toml)
    return bot, bot.fake.find_message(GROUP_A, "听不了语音")


async def voiced(make_bot: MakeBot, toml: str | None = None) -> tuple[RunningBot, dict]:
    """The same: the bot, and her voice message (once the hint under it came)."""
    bot = await make_bot(parse_community(toml, "t") if toml else None, Clock(START))
    fake = bot.fake
    fake.user_starts_bot(WANG)
    voice = fake.send_message(GROUP_A, RESIDENT, extra=VOICE)
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "听不了语音"))
    return bot, voice


def voices(bot: RunningBot, chat_id: int) -> list[dict]:
    return [m for m in bot.fake.messages(chat_id) if m.get("voice")]


def said(bot: RunningBot, chat_id: int, needle: str) -> list[str]:
    """The bot's messages in a chat holding `needle`."""
    return [t for m in bot.fake.messages(chat_id) if needle in (t := m.get("text") or m.get("caption") or "")]


async def kept(bot: RunningBot, event_id: int) -> list[media.Media]:
    async with bot.ctx.db.read() as c:
        return await media.for_event(c, event_id, media.VOICE)


async def test_her_voice_message_goes_to_the_worker_on_duty_at_her_press(make_bot: MakeBot) -> None:
    bot, hint = await her_voice(make_bot)
    fake = bot.fake
    assert hint["text"] == plain("zh-Hans", "group.voice_button", name="刘阿姨")
    await shown(fake, GROUP_A, hint["message_id"], Action.PASS_VOICE)
    query = press(fake, RESIDENT, GROUP_A, hint["message_id"], Action.PASS_VOICE)
    assert (await answer_to(fake, query))["text"] == plain("zh-Hans", "cb.voice_passed")
    heard = await fake.wait_for(lambda: voices(bot, WANG) or None)
    assert [m["voice"]["file_id"] for m in heard] == ["AwACvoice7"]
    assert heard[0]["caption"] == plain("zh-Hans", "voice.passed_caption", name="刘阿姨", chat="幸福里1-5号楼居民群")
    told = await fake.wait_for(lambda: fake.find_message(GROUP_A, "已转给值班的"))
    assert told["message_id"] == hint["message_id"], "the hint itself says where it went"
    assert told["text"] == plain("zh-Hans", "group.voice_sent_worker", name="刘阿姨", worker="王师傅")
    assert not fake.chats[GROUP_A].messages[hint["message_id"]].get("reply_markup", {}).get("inline_keyboard")


async def test_only_she_may_pass_it_and_only_once(make_bot: MakeBot) -> None:
    """A neighbour's press is refused and passes nothing; her second press (or a double tap) passes it no more."""
    bot, hint = await her_voice(make_bot)
    fake = bot.fake
    data = await shown(fake, GROUP_A, hint["message_id"], Action.PASS_VOICE)
    other = fake.press_button(RESIDENT2, GROUP_A, hint["message_id"], data)
    answer = await answer_to(fake, other)
    assert answer["text"] == plain("en", "cb.voice_not_yours") and answer.get("show_alert")  # his phone: English
    first = fake.press_button(RESIDENT, GROUP_A, hint["message_id"], data)
    again = fake.press_button(RESIDENT, GROUP_A, hint["message_id"], data)
    assert (await answer_to(fake, first))["text"] == plain("zh-Hans", "cb.voice_passed")
    assert (await answer_to(fake, again))["text"] == plain("zh-Hans", "cb.voice_passed_before")
    await bot.settle()
    assert len(voices(bot, WANG)) == 1


async def test_with_no_one_on_duty_it_goes_to_the_committee(make_bot: MakeBot) -> None:
    bot, hint = await her_voice(make_bot, NOBODY_IN_A)
    fake = bot.fake
    press(fake, RESIDENT, GROUP_A, hint["message_id"], Action.PASS_VOICE)
    heard = await fake.wait_for(lambda: voices(bot, COMMITTEE) or None)
    assert [m["voice"]["file_id"] for m in heard] == ["AwACvoice7"]
    told = await fake.wait_for(lambda: fake.find_message(GROUP_A, "已转给居委会"))
    assert told["text"] == plain("zh-Hans", "group.voice_sent_committee", name="刘阿姨", worker="")
    assert not voices(bot, WANG)


async def test_the_worker_who_heard_it_logs_it_for_her(make_bot: MakeBot) -> None:
    """王师傅 heard her voice message and replies to it in the group with /report and what she said: #1 is her report
    (her name, her question later), its acknowledgement under her voice message; the log says he logged it for her,
    and the voice message goes with it."""
    bot, voice = await voiced(make_bot)
    fake = bot.fake
    fake.send_message(GROUP_A, WANG, "/report 3号楼2单元楼道灯坏了", reply_to_message_id=voice["message_id"])
    ack = await fake.wait_for(lambda: fake.find_message(GROUP_A, "已登记 #1"))
    assert ack["reply_to_message"]["message_id"] == voice["message_id"]
    ev = await bot.event(1)
    assert (ev.reporter_id, ev.reporter_name, ev.building, ev.unit) == (RESIDENT, "刘阿姨", "3", "2")
    async with bot.ctx.db.read() as c:
        logged = await events.last_logged(c, 1, "logged_for")
        kept = await media.for_event(c, 1, media.VOICE)
    assert logged is not None and logged.actor_id == WANG
    assert [m.file_id for m in kept] == ["AwACvoice7"]


async def test_the_worker_logs_it_for_her_by_replying_to_it_in_private(make_bot: MakeBot) -> None:
    """王师傅 (in no residents' group, on his phone between jobs) replies under the voice message passed to him with
    what she said: #1 is her report in her group, acknowledged under her voice message, and he is told its number."""
    bot, hint = await her_voice(make_bot)
    fake = bot.fake
    press(fake, RESIDENT, GROUP_A, hint["message_id"], Action.PASS_VOICE)
    [heard] = await fake.wait_for(lambda: voices(bot, WANG) or None)
    fake.send_message(WANG, WANG, "3号楼2单元楼道灯坏了，她说晚上看不见", reply_to_message_id=heard["message_id"])
    told = await fake.wait_for(lambda: fake.find_message(WANG, "已替刘阿姨登记"))
    assert told["text"] == plain("zh-Hans", "voice.logged", name="刘阿姨", id=1)
    ack = await fake.wait_for(lambda: fake.find_message(GROUP_A, "已登记 #1"))
    voice_id = [m for m in fake.chats[GROUP_A].messages.values() if m.get("voice")][0]["message_id"]
    assert ack["reply_to_message"]["message_id"] == voice_id
    ev = await bot.event(1)
    assert (ev.reporter_id, ev.chat_id, ev.building) == (RESIDENT, GROUP_A, "3")
    async with bot.ctx.db.read() as c:
        logged = await events.last_logged(c, 1, "logged_for")
    assert logged is not None and logged.actor_id == WANG
    fake.send_message(WANG, WANG, "还有5号楼电梯也坏了", reply_to_message_id=heard["message_id"])  # under it again
    again = await fake.wait_for(lambda: fake.find_message(WANG, "没有再登记"))
    assert again["text"] == plain("zh-Hans", "voice.logged_before", id=1), "not 'logged as #1' as if it were"


async def test_a_neighbour_s_report_under_her_voice_message_is_his_own(make_bot: MakeBot) -> None:
    """Only staff log for her: a neighbour's /report under her voice message is his report, as before."""
    bot, voice = await voiced(make_bot)
    fake = bot.fake
    fake.send_message(GROUP_A, RESIDENT2, "/report 3号楼2单元楼道灯坏了", reply_to_message_id=voice["message_id"])
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "#1"))
    await bot.settle()
    assert (await bot.event(1)).reporter_id == RESIDENT2


async def test_a_voice_message_after_a_report_goes_to_its_worker(make_bot: MakeBot) -> None:
    """Found in the persona review: 刘阿姨's voice message just after her report (and its photo) got "我听不了语音，
    也看不懂没有说明的照片。要报修请打字写下问题和楼号…": untrue about her photo, and asking for the report again
    while #1 is open. Then (resident review): an elderly resident who cannot type adds by voice, and was only told
    the bot cannot listen. Now her voice message goes to 王师傅, who has #1, as a voice message he can play, with
    #1's number on it; the group is told it went to #1's worker, and a neighbour's voice message with no report of
    hers still hears how to report in words."""
    bot = await make_bot(None, Clock())
    fake = bot.fake
    fake.user_starts_bot(WANG)
    await exchange(fake, GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了", "已登记 #1")
    fake.send_message(GROUP_A, RESIDENT, photo=True)
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "已把照片加到 #1"))
    fake.send_message(GROUP_A, RESIDENT, extra=AFTER)
    told = await fake.wait_for(lambda: fake.find_message(GROUP_A, "#1 的值班人员"))
    assert told["text"] == plain("zh-Hans", "group.voice_passed", name="刘阿姨", id=1)
    heard = await fake.wait_for(lambda: [m for m in fake.messages(WANG) if m.get("voice")] or None)
    assert [m["voice"]["file_id"] for m in heard] == [AFTER["voice"]["file_id"]]
    assert heard[0]["caption"] == plain("zh-Hans", "voice.caption", id=1)
    assert [(m.kind, m.file_id) for m in await kept(bot, 1)] == [(media.VOICE, "AwACvoice1")]
    fake.send_message(GROUP_A, RESIDENT2, extra=AFTER)  # no report of hers: how to report in words
    await fake.wait_for(lambda: said(bot, GROUP_A, "听不了语音") or None)
    other = said(bot, GROUP_A, "听不了语音")[-1]
    assert "要报修请打字" in other and "照片" not in other and "#1" not in other, other


async def test_a_second_voice_message_goes_too_and_is_told_once(make_bot: MakeBot) -> None:
    """She talks in two voice messages: both reach 王师傅; the group is told once."""
    bot = await make_bot(None, Clock())
    fake = bot.fake
    fake.user_starts_bot(WANG)
    await exchange(fake, GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了", "已登记 #1")
    second = {"voice": {**AFTER["voice"], "file_id": "AwACvoice2", "file_unique_id": "uv2"}}
    fake.send_message(GROUP_A, RESIDENT, extra=AFTER)
    fake.send_message(GROUP_A, RESIDENT, extra=second)
    await fake.wait_for(lambda: len([m for m in fake.messages(WANG) if m.get("voice")]) == 2 or None)
    await bot.settle()
    assert len(said(bot, GROUP_A, "#1 的值班人员")) == 1
    assert not said(bot, GROUP_A, "听不了语音")


async def test_a_voice_message_nobody_can_hear_yet_says_how_to_add_in_words(make_bot: MakeBot) -> None:
    """Her report reached no worker (nobody is on duty: the committee has it): her voice message is kept with #1, and
    she is told #1 is registered and how to add to it in words, not that someone will listen."""
    nobody_in_a = COMMUNITY_TOML.split("[[shifts]]")[0] + toml_tables(
        "shifts", {"worker": ZHAO, "grid": "B", "days": "mon-sun", "start": "00:00", "end": "24:00", "role": "primary"}
    )
    bot = await make_bot(parse_community(nobody_in_a, "t"), Clock(START))
    fake = bot.fake
    fake.user_starts_bot(WANG)
    await exchange(fake, GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了", "已登记 #1")
    fake.send_message(GROUP_A, RESIDENT, extra=AFTER)
    told = await fake.wait_for(lambda: fake.find_message(GROUP_A, "听不了语音"))
    assert told["text"] == plain("zh-Hans", "group.voice_open", name="刘阿姨", id=1)
    assert not [m for m in fake.messages(WANG) if m.get("voice")]


async def test_a_kept_voice_message_is_forgotten_after_two_days_and_by_forget_me(make_ctx: MakeCtx) -> None:
    """What the hint's button needs is kept no longer than it is useful: the nightly housekeeping forgets a voice
    message after two days, and /forget_me drops its sender's at once."""
    ctx = await make_ctx(Clock(START))
    async with ctx.db.tx() as c:
        old = await voice_notes.add(c, GROUP_A, 10, RESIDENT, "刘阿姨", "AwACold", START - timedelta(days=3))
        new = await voice_notes.add(c, GROUP_A, 11, RESIDENT, "刘阿姨", "AwACnew", START)
        other = await voice_notes.add(c, GROUP_A, 12, RESIDENT2, "陈先生", "AwACother", START)
    await run_housekeeping(ctx)
    async with ctx.db.read() as c:
        assert [await voice_notes.get(c, n) is not None for n in (old, new, other)] == [False, True, True]
    await privacy.forget_me(ctx, RESIDENT)
    async with ctx.db.read() as c:
        assert [await voice_notes.get(c, n) is not None for n in (new, other)] == [False, True]


async def test_once_she_passed_a_voice_message_on_each_later_one_that_day_has_the_button(make_bot: MakeBot) -> None:
    """Resident review: she reports by voice; her second problem that day got no answer at all (the hint is once a
    day). Once she has passed one on, each later voice message of hers has the button again, in a short line; a
    neighbour who never pressed it is not answered at each voice message of the day (a chatty group)."""
    bot, hint = await her_voice(make_bot)
    fake = bot.fake
    fake.send_message(GROUP_A, RESIDENT2, extra=AFTER)
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "陈先生"))
    press(fake, RESIDENT, GROUP_A, hint["message_id"], Action.PASS_VOICE)
    await fake.wait_for(lambda: voices(bot, WANG) or None)
    second = {"voice": {**AFTER["voice"], "file_id": "AwACvoice8", "file_unique_id": "uv8"}}
    mine = fake.send_message(GROUP_A, RESIDENT, extra=second)
    his = fake.send_message(GROUP_A, RESIDENT2, extra=second)
    again = await fake.wait_for(lambda: fake.find_message(GROUP_A, "也要转给值班人员"))
    assert again["text"] == plain("zh-Hans", "group.voice_button_again", name="刘阿姨")
    assert again["reply_to_message"]["message_id"] == mine["message_id"]
    press(fake, RESIDENT, GROUP_A, again["message_id"], Action.PASS_VOICE)
    await fake.wait_for(lambda: len(voices(bot, WANG)) == 2 or None)
    assert [m["voice"]["file_id"] for m in voices(bot, WANG)] == ["AwACvoice7", "AwACvoice8"]
    await bot.settle()
    under_his = [
        m for m in fake.messages(GROUP_A) if m.get("reply_to_message", {}).get("message_id") == his["message_id"]
    ]
    assert under_his == []
