"""Webhook mode: when Telegram cannot deliver (a broken reverse proxy, a wrong path, the webhook taken by another
instance) the committee is told once, and once when it works again. Before, the updates waited at Telegram and
nobody was told: getWebhookInfo was never asked."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from console_client import free_port
from harness import MakeBot, RunningBot, until
from ids import COMMITTEE, GROUP_A, RESIDENT

from bot.core.webhook_watch import Told, WebhookInfo, judge
from bot.fakeapi import FakeTelegram
from bot.render.i18n import t
from bot.runtime.logging_setup import redact
from bot.runtime.webhook_watch import check_webhook
from storage import outbox

HOOK = "https://bot.example.org/telegram"
FAILING = "⚠️ Telegram 无法连接到机器人"
OK = "✅ Telegram 又能连接到机器人了"


def told(fake: FakeTelegram, start: str) -> list[str]:
    """The committee's messages beginning so."""
    return [m["text"] for m in fake.messages(COMMITTEE) if m.get("text", "").startswith(start)]


async def check(bot: RunningBot) -> WebhookInfo | None:
    """One periodic check, as the job runs it, and whatever it queued sent."""
    assert bot.app is not None
    info = await check_webhook(bot.app.bot, bot.ctx, HOOK)

    async def sent() -> bool:
        async with bot.ctx.db.read() as c:
            return await outbox.due_count(c, time.time()) == 0

    await until(sent)
    return info


@pytest.mark.parametrize(
    ("target", "error"),
    [("dead port", "Connection refused"), ("wrong path", "Wrong response from the webhook: 404 Not Found")],
)
async def test_failing_deliveries_are_told_once_and_their_end_once(
    fake_tg: FakeTelegram, make_bot: MakeBot, caplog: pytest.LogCaptureFixture, target: str, error: str
) -> None:
    port = free_port()
    bot = await make_bot(webhook_url=HOOK, webhook_port=port)
    broken = f"http://127.0.0.1:{free_port()}/telegram" if target == "dead port" else f"http://127.0.0.1:{port}/x"
    fake_tg.deliver_webhook_to(broken, retry_s=0.1)
    fake_tg.send_message(GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了")
    await fake_tg.wait_for(lambda: fake_tg.deliveries)
    for _ in range(3):  # three checks while it lasts: one message (told at the second)
        info = await check(bot)
        assert info is not None and info.pending == 1 and info.last_error == error
    assert told(fake_tg, FAILING) == [t("zh-Hans", "ops.webhook_failing", error=error, n=1)]
    assert error in caplog.text and fake_tg.token not in caplog.text
    fake_tg.deliver_webhook_to(f"http://127.0.0.1:{port}/telegram")  # the proxy mended
    await fake_tg.wait_for(lambda: fake_tg.find_message(GROUP_A, "#1"))
    await bot.settle()
    for _ in range(2):
        await check(bot)
    assert len(told(fake_tg, OK)) == 1 and len(told(fake_tg, FAILING)) == 1


async def test_one_failed_delivery_retried_is_not_told(fake_tg: FakeTelegram, make_bot: MakeBot) -> None:
    """One 503 (the database busy a moment) and a check before Telegram tries again: updates wait, none stored since
    the error, an error of this period. Told "Telegram cannot reach the bot" and, five minutes later, "it reaches
    it again"; now a failure is told when the next check finds it still so."""
    port = free_port()
    bot = await make_bot(webhook_url=HOOK, webhook_port=port)
    fake_tg.deliver_webhook_to(f"http://127.0.0.1:{port}/x", retry_s=3)  # one answer of the wrong kind
    fake_tg.send_message(GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了")
    await fake_tg.wait_for(lambda: fake_tg.deliveries)
    info = await check(bot)
    assert info is not None and info.pending == 1 and info.last_error
    fake_tg.deliver_webhook_to(f"http://127.0.0.1:{port}/telegram")  # its retry is answered
    await fake_tg.wait_for(lambda: fake_tg.find_message(GROUP_A, "#1"))
    await bot.settle()
    await check(bot)
    assert told(fake_tg, FAILING) == [] and told(fake_tg, OK) == []


async def test_a_webhook_no_longer_ours_is_told_once_and_not_taken_back(
    fake_tg: FakeTelegram, make_bot: MakeBot
) -> None:
    """Another instance set its own URL: the committee hears it once, the bot does not set its own again (they
    would take it from each other); its next start does, and the committee hears that it is back."""
    bot = await make_bot(webhook_url=HOOK, webhook_port=free_port())
    fake_tg.webhook_url = "https://other.example.org/linli"  # another instance's setWebhook
    for _ in range(2):
        await check(bot)
    taken = "⚠️ Telegram 不再把更新送到本机器人：webhook 已被改为 https://other.example.org/linli"
    assert len(told(fake_tg, taken)) == 1
    assert len(fake_tg.calls_to("setWebhook")) == 1 and fake_tg.webhook_url == "https://other.example.org/linli"
    await bot.restart()  # the operator stopped the other one and restarted this one
    await check(bot)
    assert len(told(fake_tg, "✅ Telegram 又把更新送到本机器人的 webhook 了")) == 1


async def test_a_deleted_webhook_is_told(fake_tg: FakeTelegram, make_bot: MakeBot) -> None:
    bot = await make_bot(webhook_url=HOOK, webhook_port=free_port())
    fake_tg.webhook_url = ""  # deleteWebhook by another instance starting to poll
    await check(bot)
    assert len(told(fake_tg, "⚠️ Telegram 不再把更新送到本机器人：webhook 已被删除")) == 1


NOW = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)
PERIOD = timedelta(minutes=5)


def info(pending: int, error_ago: float | None, url: str = HOOK) -> WebhookInfo:
    at = None if error_ago is None else NOW - timedelta(minutes=error_ago)
    return WebhookInfo(url, pending, at, "Wrong response from the webhook: 502 Bad Gateway")


@pytest.mark.parametrize(
    ("given", "before", "stored_ago", "state", "say"),
    [
        (info(3, 1), Told.OK, None, Told.DOUBTFUL, None),  # maybe one 503, retried soon: the next check tells
        (info(3, 1), Told.DOUBTFUL, None, Told.FAILING, "ops.webhook_failing"),
        (info(3, 20), Told.DOUBTFUL, None, Told.FAILING, "ops.webhook_failing"),  # Telegram's retries slowed down
        (info(3, 1), Told.DOUBTFUL, 0.5, Told.OK, None),  # retried and stored: nothing to tell
        (info(0, 1), Told.DOUBTFUL, None, Told.OK, None),
        (info(3, 1), Told.FAILING, None, Told.FAILING, None),  # once
        (info(0, 1), Told.OK, None, Told.OK, None),  # one 503 (a busy database), delivered since
        (info(3, 1), Told.OK, 0.5, Told.OK, None),  # an update stored after the error: deliveries work
        (info(3, 20), Told.OK, None, Told.OK, None),  # an old error: updates just arrived
        (info(3, 20), Told.FAILING, None, Told.FAILING, None),  # Telegram's retries slowed down: still failing
        (info(0, 20), Told.FAILING, None, Told.OK, "ops.webhook_ok"),
        (info(3, 20), Told.FAILING, 1, Told.OK, "ops.webhook_ok"),
        (info(0, None, url=""), Told.FAILING, None, Told.NOT_OURS, "ops.webhook_deleted"),
        (info(0, None, url="https://x.example/y"), Told.OK, None, Told.NOT_OURS, "ops.webhook_taken"),
        (info(0, None, url="https://x.example/y"), Told.NOT_OURS, None, Told.NOT_OURS, None),
        (info(0, None), Told.NOT_OURS, None, Told.OK, "ops.webhook_ours_again"),
        # ours again with one failed delivery seen: "ours again" is said now, not lost behind the doubt (final read)
        (info(3, 1), Told.NOT_OURS, None, Told.DOUBTFUL, "ops.webhook_ours_again"),
    ],
)
def test_judge(given: WebhookInfo, before: Told, stored_ago: float | None, state: Told, say: str | None) -> None:
    stored = None if stored_ago is None else NOW - timedelta(minutes=stored_ago)
    verdict = judge(given, HOOK, before, NOW, PERIOD, stored)
    assert (verdict.state, verdict.say) == (state, say)
    assert (verdict.warning is None) == (state == Told.OK)


def test_telegrams_words_are_escaped_and_the_token_kept_out() -> None:
    text = t("en", "ops.webhook_failing", error="SSL error {error:0A000086:SSL routines::<certificate>}", n=1)
    assert "&lt;certificate&gt;" in text and "1 update waiting" in text
    assert redact("https://h/123:ABC/hook", ["123:ABC"]) == "https://h/<redacted>/hook"
