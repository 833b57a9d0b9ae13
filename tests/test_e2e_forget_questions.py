"""Second diff review (stop 46), mended: /forget_me closes a group 'Report it?' question by the chat id in its outbox
payload; once housekeeping blanked that payload (OUTBOX_KEEP_DAYS, 30 by default) the edit goes to her private
chat, and the group's question keeps its buttons."""

from __future__ import annotations

from harness import RunningBot, exchange, until, with_button
from ids import GROUP_A, RESIDENT
from steps import her_private_chat_open
from unsure_examples import UNSURE

from bot.core.callbacks import Action
from bot.render.i18n import plain


async def test_question_closed_after_its_payload_was_blanked(running: RunningBot) -> None:
    fake = running.fake
    await her_private_chat_open(running)
    fake.send_message(GROUP_A, RESIDENT, UNSURE)
    ask = await with_button(fake, GROUP_A, Action.CONFIRM_YES)
    await running.settle()
    async with running.ctx.db.tx() as c:  # as housekeeping leaves a sent row after OUTBOX_KEEP_DAYS
        await c.execute("UPDATE outbox SET payload = '{}' WHERE status = 'sent'")
    await exchange(fake, RESIDENT, RESIDENT, "/forget_me confirm", "已删除")
    await running.settle()
    assert fake.buttons(GROUP_A, ask["message_id"]) == [], fake.chats[GROUP_A].messages[ask["message_id"]]


async def test_question_still_queued_is_closed_once_sent(running: RunningBot) -> None:
    """/forget_me while her group "Report it?" question still waits in the group's queue (Telegram said "too many
    requests"): its edit is queued by the question's row, and the sender's look-up of that row asserted an event id
    the question has not; the group's lane stopped there, its messages stuck. Now the question goes out, then
    loses its buttons."""
    fake = running.fake
    await her_private_chat_open(running)
    fake.fail_next("sendMessage", 429, retry_after=2, chat_id=GROUP_A)
    fake.send_message(GROUP_A, RESIDENT, UNSURE)

    async def asked() -> bool:  # the group's lane and her private chat's are handled side by side: the question first
        async with running.ctx.db.read() as c:
            return bool(await c.execute_fetchall("SELECT 1 FROM confirmations WHERE status = 'open'"))

    await until(asked, what="the question being queued")
    await exchange(fake, RESIDENT, RESIDENT, "/forget_me confirm", "已删除")
    await running.settle()
    closed = plain("zh-Hans", "forget.question_closed")
    ask = await fake.wait_for(lambda: fake.find_message(GROUP_A, closed))
    assert fake.buttons(GROUP_A, ask["message_id"]) == [], ask
