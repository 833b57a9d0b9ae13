"""Builds the PTB Application: handlers, start-up checks, the outbox sender."""

from __future__ import annotations

import asyncio
import logging

from telegram import Update
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder

from bot.config import Settings
from bot.context import AppContext
from bot.core.community import Community
from bot.runtime import digest_jobs, no_chat, setup
from bot.runtime.http import AiohttpRequest
from bot.runtime.inbox_runner import MAX_BACKOFF_S as INBOX_MAX_BACKOFF_S
from bot.runtime.scheduler import TimerScheduler
from bot.runtime.sender import MAX_BACKOFF_S as SENDER_MAX_BACKOFF_S
from bot.runtime.sender import OutboxSender
from bot.services import departures, duty, onboarding
from storage import inbox, outbox
from storage.database import Database

log = logging.getLogger(__name__)


def build_application(settings: Settings, community: Community, clock=None) -> Application:  # noqa: ANN001
    """The PTB Application with every handler; bot/runtime/runner.py starts and feeds it."""
    base = settings.telegram_api_base_url.rstrip("/")
    builder = (
        ApplicationBuilder()
        .token(settings.token)
        .base_url(base)
        .base_file_url(base.replace("/bot", "/file/bot", 1) if base.endswith("/bot") else base + "/file")
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .updater(None)  # updates arrive through the inbox (bot/runtime), never PTB's own poller
    )
    if settings.http_client == "aiohttp":
        # Cheaper per call than PTB's httpx default (docs/benchmarks.md, "HTTP"); the long poll has its own.
        builder = builder.request(AiohttpRequest()).get_updates_request(AiohttpRequest(connection_pool_size=1))
    if settings.rate_limiter:
        # The overall 30/s only: the sender paces each group itself (bot/runtime/sender.py), so a busy
        # group waits in its own lane; no retries here, the outbox retries durably and honours retry_after.
        builder = builder.rate_limiter(AIORateLimiter(group_max_rate=0, max_retries=0))
    app = builder.build()
    app.bot_data["settings"] = settings
    app.bot_data["community"] = community
    app.bot_data["clock"] = clock
    from handlers import register

    register(app)
    app.add_error_handler(_on_error)
    return app


def _warm_parser() -> None:
    """Load the parser's word lists and model and compile its expressions (about a second of CPU)."""
    from bot.core.parser import parse

    parse("3号楼2单元楼道灯坏了")


async def _post_init(app: Application) -> None:
    settings: Settings = app.bot_data["settings"]
    # On a worker thread while the steps below wait on the database and the network; done before the first
    # update is handled, so the first report after a start is not the one that pays for it.
    warm = asyncio.create_task(asyncio.to_thread(_warm_parser))
    db = await Database.open(settings.database_path, settings.database_busy_timeout_ms)
    ctx = AppContext(db=db, community=app.bot_data["community"], settings=settings)
    if app.bot_data.get("clock"):
        ctx.clock = app.bot_data["clock"]
    app.bot_data["ctx"] = ctx
    db.clock = ctx.clock
    me = await app.bot.get_me()
    ctx.bot_username = me.username or ""
    ctx.sees_group_messages = bool(me.can_read_all_group_messages)
    if not me.can_read_all_group_messages:
        log.warning(
            "Privacy mode is on: the bot only sees commands and replies in groups. "
            "Turn it off in BotFather (/setprivacy → Disable) or make the bot a group admin."
        )
    await setup.sync_community(ctx)
    if not me.can_read_all_group_messages:
        await onboarding.privacy_on(ctx)
    await duty.load_invited(ctx)
    await onboarding.load(ctx)  # groups bound by button and shifts added by /shift (after invited workers)
    await no_chat.look_up(app.bot, ctx)  # before the first report: whom a red's card cannot reach
    await setup.set_commands(app.bot, ctx)
    await _clamp_waits(ctx)
    await departures.at_start(ctx)  # open work of people and grids no longer in the file
    sender = OutboxSender(ctx, app.bot, pace_groups=settings.rate_limiter)
    app.bot_data["sender"] = sender
    sender.start()
    scheduler = TimerScheduler(app, ctx)
    app.bot_data["scheduler"] = scheduler
    await scheduler.start()
    await onboarding.flush(ctx)  # kept reports of a group bound just before a crash
    digest_jobs.schedule(app, ctx)
    await warm
    log.info("Linli ready as @%s for %s", ctx.bot_username, ctx.community.community.name)


async def _clamp_waits(ctx: AppContext) -> None:
    """A retry due further ahead than the longest backoff is due now: the clock was set back while the bot was
    down (an NTP step), and a wait written by the old clock would hold a chat's queue for the size of the step."""
    now = int(ctx.now().timestamp())
    async with ctx.db.tx() as c:
        moved = await outbox.clamp_waits(c, now + SENDER_MAX_BACKOFF_S)
        moved += await inbox.clamp_waits(c, now + INBOX_MAX_BACKOFF_S)
    if moved:
        log.warning("%d queued retries were due further ahead than any backoff (the clock set back?): due now", moved)


async def stop_sending(app: Application) -> None:
    """Stop the timers and the sender, its calls in flight answered and written: before the Application
    closes its HTTP session, or a call Telegram already applied is cut off and sent again at the next start."""
    scheduler: TimerScheduler | None = app.bot_data.get("scheduler")
    if scheduler:
        scheduler.stop()
    sender: OutboxSender | None = app.bot_data.get("sender")
    if sender:
        await sender.stop()


async def _post_shutdown(app: Application) -> None:
    await stop_sending(app)  # already done by BotRuntime.stop; here for any other way the Application stops
    ctx: AppContext | None = app.bot_data.get("ctx")
    if ctx:
        await ctx.db.close()


async def _on_error(update: object, context) -> None:  # noqa: ANN001
    from bot.runtime.inbox_runner import handling

    state = handling.get()
    if state is not None:  # an inbox update: the runner decides to retry or keep it, and logs it
        state.error = context.error
        return
    log.error("error outside an update (a job): %s", context.error, exc_info=context.error)


ALLOWED_UPDATES = Update.ALL_TYPES
