"""What every handler and service needs: the database, the community, settings and the clock."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from bot.config import Settings
from bot.core.community import Community
from bot.core.timeutil import utcnow
from storage.database import Database


@dataclass
class AppContext:
    """Shared state of one running bot."""

    db: Database
    community: Community
    settings: Settings
    clock: Callable[[], datetime] = utcnow
    bot_username: str = ""
    outbox_wakeup: asyncio.Event = field(default_factory=asyncio.Event)
    timers_hook: Callable[[], None] | None = None
    inbox_hook: Callable[[], None] | None = None
    console_url: str = ""  # where people open the console (set by the runtime when it serves it; "" = off)
    committee_moves: dict[int, int] = field(default_factory=dict)  # committee chats upgraded: old id -> new id
    # when getUpdates began failing (time.monotonic), None while Telegram answers the poller (runtime/poller.py): a
    # reminder the sender could send then may be answered by a press Telegram keeps for the bot (runtime/sender.py)
    deaf_since: float | None = None
    telegram_skew_s: float = 0.0  # how far this clock runs ahead of Telegram's (runtime/sender.py learns it)
    # privacy mode off (getMe's can_read_all_group_messages, read at start): residents' words reach the bot in groups
    sees_group_messages: bool = True
    button_tag: str = ""  # this database's tag, stamped into its buttons by the sender (read at start; "": none)
    backup_lock: asyncio.Lock = field(default_factory=asyncio.Lock)  # one backup at a time (runtime/backups.py)
    refused_tags: set[str] = field(default_factory=set)  # tags of presses refused as not ours (each logged once)
    console_exports: dict[int, tuple[tuple, asyncio.Future]] = field(default_factory=dict)  # user id -> the export
    # being made for them and what they asked (bot/services/console_export.py)

    def __post_init__(self) -> None:
        self.db.on_commit("outbox", self.wake_outbox)  # a commit that queued messages wakes the sender
        self.db.on_commit("timers", self.wake_timers)  # and one that wrote timer rows, the scheduler

    def now(self) -> datetime:
        """The current time (tests pass their own clock)."""
        return self.clock()

    def wake_outbox(self) -> None:
        """Tell the sender that new rows are waiting."""
        self.outbox_wakeup.set()

    def wake_timers(self) -> None:
        """Tell the scheduler that new timer rows were committed (it schedules a job per row)."""
        if self.timers_hook is not None:
            self.timers_hook()

    def wake_inbox(self) -> None:
        """Tell the inbox runner that rows are waiting (e.g. failed updates queued again)."""
        if self.inbox_hook is not None:
            self.inbox_hook()

    @property
    def committee_chat_id(self) -> int:
        """The committee chat: the file's committee_chat_id, or the supergroup it became (kept in the database
        until the file names the new id). Every use of the committee chat's id goes through here."""
        chat_id, seen = self.community.community.committee_chat_id, set()
        while chat_id in self.committee_moves and chat_id not in seen:  # a group upgraded, then its supergroup…
            seen.add(chat_id)
            chat_id = self.committee_moves[chat_id]
        return chat_id

    @property
    def language(self) -> str:
        """The community's default language."""
        return getattr(self.community.community, "language", None) or self.settings.default_language
