"""Watching Telegram's webhook deliveries: what getWebhookInfo said, judged (core.webhook_watch), and the
committee told of a change once (what it last heard kept in bot_meta)."""

from __future__ import annotations

from datetime import timedelta

from bot.context import AppContext
from bot.core.webhook_watch import Told, Verdict, WebhookInfo, judge
from bot.services import notify
from storage import health, meta


async def check(ctx: AppContext, info: WebhookInfo, ours: str, period: timedelta) -> Verdict:
    """Judge one getWebhookInfo answer; on a change, remember it and tell the committee (through the outbox)."""
    async with ctx.db.tx() as c:
        told = await meta.webhook_told(c)
        stored = await health.last_received(c)
        verdict = judge(info, ours, _told(told), ctx.now(), period, stored)
        if verdict.state != told:  # written with the message, in one transaction: told once
            await meta.set_webhook_told(c, verdict.state)
        if verdict.say is not None:
            await notify.committee(ctx, c, verdict.say, error=info.last_error, n=info.pending, url=info.url)
    return verdict


def _told(value: int) -> Told:
    try:
        return Told(value)
    except ValueError:  # written by a later release
        return Told.OK
