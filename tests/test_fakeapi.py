"""The fake Bot API, driven by real python-telegram-bot objects.

Over 300 lines: one test per Bot API behaviour the fake promises, side by side.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)
from telegram.request import HTTPXRequest

from bot.fakeapi import FakeTelegram

GROUP = -1001234567890
ANN = 1001


def _bot(fake: FakeTelegram, **request_kwargs: float) -> Bot:
    request = HTTPXRequest(**request_kwargs) if request_kwargs else None
    return Bot(fake.token, base_url=fake.base_url, base_file_url=fake.base_file_url, request=request)


@pytest_asyncio.fixture
async def bot(fake_tg: FakeTelegram) -> AsyncIterator[Bot]:
    async with _bot(fake_tg) as b:
        yield b


async def _echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_text(f"echo: {update.effective_message.text}")


async def _on_press(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer(f"hi {query.from_user.first_name}")


@pytest_asyncio.fixture
async def app(fake_tg: FakeTelegram) -> AsyncIterator[Application]:
    application = (
        ApplicationBuilder()
        .token(fake_tg.token)
        .base_url(fake_tg.base_url)
        .base_file_url(fake_tg.base_file_url)
        .build()
    )
    application.add_handler(MessageHandler(filters.TEXT, _echo))
    application.add_handler(CallbackQueryHandler(_on_press))
    await application.initialize()
    await application.start()
    assert application.updater is not None
    await application.updater.start_polling(poll_interval=0, timeout=1)
    try:
        yield application
    finally:
        # Let the Updater confirm what it fetched: stopping while a getUpdates answer is in flight
        # can leave httpx's single getUpdates connection stuck (1 s pool timeout in PTB's cleanup).
        with contextlib.suppress(TimeoutError):
            await fake_tg.wait_until_updates_consumed(timeout=5)
        await application.updater.stop()
        await application.stop()
        await application.shutdown()


async def test_get_me(bot: Bot, fake_tg: FakeTelegram) -> None:
    me = await bot.get_me()
    assert me.username == "linli_test_bot" and me.id == 123456
    assert me.can_read_all_group_messages and me.can_join_groups
    assert fake_tg.calls[-1].method == "getMe"


async def test_wrong_token_is_unauthorized(fake_tg: FakeTelegram) -> None:
    other = Bot("999:wrong", base_url=fake_tg.base_url)
    with pytest.raises(InvalidToken, match="rejected by the server"):
        await other.initialize()  # initialize() calls getMe
    await other.shutdown()
    assert fake_tg.calls == []  # requests with a wrong token are not recorded


async def test_group_message_reaches_handler_and_reply_recorded(app: Application, fake_tg: FakeTelegram) -> None:
    fake_tg.group(GROUP, "Block 7")
    fake_tg.user(ANN, "Ann", username="ann")
    msg = fake_tg.send_message(GROUP, ANN, "hello")
    call = await fake_tg.wait_for_call("sendMessage", lambda p: p["chat_id"] == GROUP)
    assert call.ok and call.params["text"] == "echo: hello"
    assert call.params["reply_parameters"]["message_id"] == msg["message_id"]
    [reply] = fake_tg.messages(GROUP)
    assert reply["reply_to_message"]["message_id"] == msg["message_id"]
    await fake_tg.wait_until_updates_consumed(timeout=5)
    assert fake_tg.updates_pending() == 0


async def test_button_press_delivers_callback_query(app: Application, fake_tg: FakeTelegram) -> None:
    fake_tg.group(GROUP, "Block 7")
    fake_tg.user(ANN, "Ann")
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Go", callback_data="go:1")]])
    sent = await app.bot.send_message(GROUP, "pick", reply_markup=keyboard)
    assert fake_tg.buttons(GROUP, sent.message_id)[0]["callback_data"] == "go:1"
    query_id = fake_tg.press_button(ANN, GROUP, sent.message_id, "go:1")
    await fake_tg.wait_for_call("answerCallbackQuery", lambda p: p["callback_query_id"] == query_id)
    [answer] = fake_tg.callback_answers
    assert answer["text"] == "hi Ann" and answer["user_id"] == ANN and answer["matched"]
    forged = fake_tg.press_button(ANN, GROUP, sent.message_id, "not-there")
    assert fake_tg.callback_queries[forged]["matched"] is False


async def test_dm_to_user_who_never_started_is_forbidden(bot: Bot, fake_tg: FakeTelegram) -> None:
    fake_tg.user(ANN, "Ann")
    with pytest.raises(Forbidden, match="can't initiate conversation"):
        await bot.send_message(ANN, "hi")
    fake_tg.send_message(ANN, ANN, "/start")
    assert (await bot.send_message(ANN, "hi")).chat.id == ANN
    fake_tg.block_bot(ANN)
    with pytest.raises(Forbidden, match="blocked by the user"):
        await bot.send_message(ANN, "hi")


async def test_unknown_chat(bot: Bot) -> None:
    with pytest.raises(BadRequest, match="[Cc]hat not found"):
        await bot.send_message(-100999, "hi")


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")  # raised inside PTB
async def test_429_raises_retry_after(bot: Bot, fake_tg: FakeTelegram) -> None:
    fake_tg.group(GROUP, "G")
    fake_tg.fail_next("sendMessage", 429, retry_after=7)
    with pytest.raises(RetryAfter) as info:
        await bot.send_message(GROUP, "hi")
    assert "7" in str(info.value)  # .retry_after is an int (deprecated) unless PTB_TIMEDELTA=1
    assert fake_tg.calls[-1].error == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 7",
        "parameters": {"retry_after": 7},
    }
    await bot.send_message(GROUP, "hi")  # only the next call failed
    fake_tg.fail_next(None, 502)
    with pytest.raises(NetworkError):
        await bot.send_message(GROUP, "hi")
    assert len(fake_tg.messages(GROUP)) == 1


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")  # raised inside PTB
async def test_a_fault_for_one_chat_leaves_the_others_alone(bot: Bot, fake_tg: FakeTelegram) -> None:
    fake_tg.group(GROUP, "G")
    fake_tg.group(GROUP - 1, "H")
    fake_tg.fail_next(None, 429, retry_after=60, times=3, chat_id=GROUP)
    await bot.send_message(GROUP - 1, "other chat")
    for _ in range(3):
        with pytest.raises(RetryAfter):
            await bot.send_message(GROUP, "throttled")
    await bot.send_message(GROUP, "after three")
    assert [m["text"] for m in fake_tg.messages(GROUP)] == ["after three"]
    assert [m["text"] for m in fake_tg.messages(GROUP - 1)] == ["other chat"]


async def test_timeout_fault_applies_call_but_client_times_out(fake_tg: FakeTelegram) -> None:
    fake_tg.group(GROUP, "G")
    fake_tg.timeout_delay = 1.0
    fake_tg.fail_next("sendMessage", "timeout")
    async with _bot(fake_tg, read_timeout=0.2) as bot:
        with pytest.raises(TimedOut):
            await bot.send_message(GROUP, "hi")
    assert len(fake_tg.messages(GROUP)) == 1  # Telegram sent it even though the client gave up


async def test_not_modified_and_edits(bot: Bot, fake_tg: FakeTelegram) -> None:
    fake_tg.group(GROUP, "G")
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("A", callback_data="a")]])
    sent = await bot.send_message(GROUP, "one", reply_markup=keyboard)
    with pytest.raises(BadRequest, match="not modified"):
        await bot.edit_message_text("one", GROUP, sent.message_id, reply_markup=keyboard)
    await bot.edit_message_text("one", GROUP, sent.message_id)  # dropping the keyboard is a change
    [msg] = fake_tg.messages(GROUP)
    assert "reply_markup" not in msg and msg["edit_date"]
    with pytest.raises(BadRequest, match="[Mm]essage to edit not found"):
        await bot.edit_message_text("two", GROUP, 999)
    assert await bot.delete_message(GROUP, sent.message_id)
    assert fake_tg.messages(GROUP) == []


async def test_limits(bot: Bot, fake_tg: FakeTelegram) -> None:
    fake_tg.group(GROUP, "G")
    too_long = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="a" * 65)]])
    with pytest.raises(BadRequest, match="(?i)button_data_invalid"):
        await bot.send_message(GROUP, "hi", reply_markup=too_long)
    ok = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="é" * 32)]])  # 64 bytes
    await bot.send_message(GROUP, "hi", reply_markup=ok)
    rows = [[InlineKeyboardButton(str(i), callback_data=str(i))] for i in range(101)]
    with pytest.raises(BadRequest, match="(?i)reply markup is too long"):
        await bot.send_message(GROUP, "hi", reply_markup=InlineKeyboardMarkup(rows))
    await bot.send_message(GROUP, "hi", reply_markup=InlineKeyboardMarkup(rows[:100]))
    with pytest.raises(BadRequest, match="[Mm]essage is too long"):
        await bot.send_message(GROUP, "x" * 4097)
    await bot.send_message(GROUP, "x" * 4096)
    with pytest.raises(BadRequest, match="[Mm]essage text is empty"):
        await bot.send_message(GROUP, " ")
    with pytest.raises(BadRequest, match="[Cc]an't parse entities"):
        await bot.send_message(GROUP, "a <foo> b", parse_mode="HTML")


async def test_migrated_group_raises_chat_migrated(bot: Bot, fake_tg: FakeTelegram) -> None:
    fake_tg.group(-555, "Old", type="group")
    fake_tg.user(ANN, "Ann")
    first, second = fake_tg.migrate_group(-555, GROUP, by_user_id=ANN)
    assert first["migrate_to_chat_id"] == GROUP and second["migrate_from_chat_id"] == -555
    with pytest.raises(ChatMigrated) as info:
        await bot.send_message(-555, "hi")
    assert info.value.new_chat_id == GROUP
    assert (await bot.send_message(GROUP, "hi")).chat.id == GROUP
    updates = await bot.get_updates()
    assert [u.message.migrate_to_chat_id for u in updates if u.message][0] == GROUP


async def test_kicked_bot_is_forbidden(bot: Bot, fake_tg: FakeTelegram) -> None:
    fake_tg.group(GROUP, "G")
    fake_tg.kick_bot(GROUP, ANN)
    with pytest.raises(Forbidden, match="kicked"):
        await bot.send_message(GROUP, "hi")
    [update] = await bot.get_updates()
    assert update.my_chat_member is not None
    assert update.my_chat_member.new_chat_member.status == "kicked"


async def test_refuse_connections_then_recover_on_same_port(fake_tg: FakeTelegram) -> None:
    url = fake_tg.url
    async with _bot(fake_tg, connect_timeout=1) as bot:
        await bot.get_me()
        await fake_tg.refuse_connections()
        with pytest.raises(NetworkError):
            await bot.get_me()
        await fake_tg.accept_connections()
        assert fake_tg.url == url
        assert (await bot.get_me()).username == "linli_test_bot"


async def test_poll_answer_and_stop(bot: Bot, fake_tg: FakeTelegram) -> None:
    fake_tg.group(GROUP, "G")
    sent = await bot.send_poll(GROUP, "Lunch?", ["yes", "no"], is_anonymous=False)
    assert sent.poll is not None
    fake_tg.answer_poll(ANN, sent.poll.id, [0])
    [update] = await bot.get_updates()
    assert update.poll_answer is not None and update.poll_answer.option_ids == (0,)
    stopped = await bot.stop_poll(GROUP, sent.message_id)
    assert stopped.is_closed and stopped.options[0].voter_count == 1


async def test_long_poll_returns_early_and_confirms(bot: Bot, fake_tg: FakeTelegram) -> None:
    fake_tg.group(GROUP, "G")
    task = asyncio.create_task(bot.get_updates(timeout=5))
    await fake_tg.wait_for(lambda: fake_tg.calls_to("getUpdates") == [] and fake_tg._poll_generation)
    fake_tg.send_message(GROUP, ANN, "ping")
    updates = await asyncio.wait_for(task, 2)
    assert [u.message.text for u in updates if u.message] == ["ping"]
    assert fake_tg.updates_pending() == 1
    assert await bot.get_updates(offset=updates[-1].update_id + 1) == ()
    assert fake_tg.updates_pending() == 0


async def test_upload_photo_keeps_bytes(bot: Bot, fake_tg: FakeTelegram) -> None:
    fake_tg.group(GROUP, "G")
    sent = await bot.send_photo(GROUP, photo=b"\x89PNG fake", caption="duty roster")
    assert fake_tg.calls[-1].files["photo"] == b"\x89PNG fake"
    assert fake_tg.find_message(GROUP, "roster")["message_id"] == sent.message_id
    file = await bot.get_file(sent.photo[-1].file_id)
    assert bytes(await file.download_as_bytearray()) == b"\x89PNG fake"


async def test_a_received_file_goes_out_again_only_as_what_it_is(bot: Bot, fake_tg: FakeTelegram) -> None:
    """A resident's image sent as a file, or video, may be sent on by its file_id with sendDocument / sendVideo;
    as a photo Telegram refuses it."""
    fake_tg.group(GROUP, "G")
    doc = {"file_id": "BQACdoc1", "file_unique_id": "ud1", "file_name": "IMG.jpg", "mime_type": "image/jpeg"}
    fake_tg.send_message(GROUP, ANN, caption="井盖", document=doc)
    fake_tg.send_message(
        GROUP,
        ANN,
        extra={"video": {"file_id": "BAACvid1", "file_unique_id": "uv1", "width": 1, "height": 1, "duration": 1}},
    )
    assert (await bot.send_document(GROUP, "BQACdoc1")).document.file_id == "BQACdoc1"
    assert (await bot.send_video(GROUP, "BAACvid1")).video.file_id == "BAACvid1"
    with pytest.raises(BadRequest, match="(?i)of type document as photo"):
        await bot.send_photo(GROUP, "BQACdoc1")


async def test_polling_survives_outage(app: Application, fake_tg: FakeTelegram) -> None:
    fake_tg.group(GROUP, "G")
    await fake_tg.refuse_connections(seconds=0.3)
    fake_tg.send_message(GROUP, ANN, "after outage")
    call = await fake_tg.wait_for_call("sendMessage", timeout=10)
    assert call.params["text"] == "echo: after outage"


async def test_random_faults_are_seeded(bot: Bot, fake_tg: FakeTelegram) -> None:
    fake_tg.group(GROUP, "G")
    fake_tg.set_fault_rate(0.5, kinds=("502",), seed=1)
    failures = 0
    for _ in range(20):
        try:
            await bot.send_chat_action(GROUP, "typing")
        except NetworkError:
            failures += 1
    assert 3 < failures < 17
    assert failures == len([c for c in fake_tg.calls_to("sendChatAction") if c.fault == "502"])
    fake_tg.clear_faults()
    assert await bot.send_chat_action(GROUP, "typing")


async def test_privacy_mode_hides_plain_group_chatter(fake_tg: FakeTelegram) -> None:
    fake_tg.can_read_all_group_messages = False
    fake_tg.group(GROUP, "G")
    fake_tg.send_message(GROUP, ANN, "just chatting")
    fake_tg.send_message(GROUP, ANN, "/help@linli_test_bot")
    fake_tg.send_message(GROUP, ANN, "/help@other_bot")
    assert [u["message"]["text"] for u in fake_tg.pending()] == ["/help@linli_test_bot"]
