"""Webhook mode: every CHECK_EVERY, ask Telegram (getWebhookInfo) whether it can deliver to the bot; the
committee is told when it cannot, when it can again, and when the webhook is no longer this bot's
(bot/services/webhook_watch.py). A broken reverse proxy otherwise leaves residents' reports waiting at
Telegram with nobody told."""

from __future__ import annotations

import logging
from datetime import timedelta

from telegram import Bot
from telegram.error import TelegramError
from telegram.ext import Application, CallbackContext

from bot.context import AppContext
from bot.core.webhook_watch import WebhookInfo
from bot.runtime.errors import brief
from bot.runtime.logging_setup import redact
from bot.services import webhook_watch

log = logging.getLogger(__name__)
CHECK_EVERY = timedelta(minutes=5)


def schedule(app: Application, ctx: AppContext, url: str) -> None:
    """Check the webhook ``url`` (the one this bot set) every CHECK_EVERY."""
    app.job_queue.run_repeating(_run, interval=CHECK_EVERY, first=CHECK_EVERY, name="webhook:watch", data=url)


async def _run(context: CallbackContext) -> None:
    assert isinstance(context.job.data, str)  # type: ignore[union-attr]
    await check_webhook(context.bot, context.application.bot_data["ctx"], context.job.data)  # type: ignore[union-attr]


async def check_webhook(bot: Bot, ctx: AppContext, url: str) -> WebhookInfo | None:
    """One check now: what Telegram said, the token kept out of it (None: it could not be asked, logged)."""
    secrets = (ctx.settings.token,)
    try:
        got = await bot.get_webhook_info()
    except TelegramError as exc:  # Telegram out of reach: the sender and the log say so already
        log.warning("could not ask Telegram about the webhook: %s", redact(brief(exc), secrets))
        return None
    info = WebhookInfo(
        url=redact(got.url, secrets),
        pending=got.pending_update_count,
        last_error_at=got.last_error_date,
        last_error=redact(got.last_error_message or "", secrets),
    )
    verdict = await webhook_watch.check(ctx, info, redact(url, secrets), CHECK_EVERY)
    if verdict.warning:
        log.warning(verdict.warning)
    return info
