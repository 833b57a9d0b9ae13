"""Runs the real bot (PTB Application + SQLite file + outbox) against the fake Bot API server.

Over 300 lines: the one harness every end-to-end test shares (the bot, its clock, waiting for it to settle).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from pathlib import Path

import aiosqlite
import pytest
from ids import ADMIN, COMMITTEE, GROUP_A, GROUP_B, LI, RESIDENT, RESIDENT2, START, WANG, ZHAO

from bot.context import AppContext
from bot.core.callbacks import Action, Callback, decode
from bot.core.community import Community, CommunityError
from bot.core.community_file import parse_community
from bot.core.types import Category, Event, Incoming, ParsedReport, Status, Urgency
from bot.fakeapi import FakeTelegram
from bot.runtime import setup
from bot.runtime.embedded import EmbeddedBot
from storage import events, inbox, outbox
from storage import timers as timer_rows


def toml_tables(name: str, *rows: dict[str, object]) -> str:
    """TOML `[[name]]` entries, one per row (values written as JSON, which TOML reads alike)."""
    return "".join(
        f"\n[[{name}]]\n" + "".join(f"{key} = {json.dumps(value, ensure_ascii=False)}\n" for key, value in row.items())
        for row in rows
    )


def worker_tables(names: dict[int, str]) -> str:
    """The `[[workers]]` entries of these workers, by Telegram id."""
    return toml_tables("workers", *({"telegram_id": uid, "name": name} for uid, name in names.items()))


ALL_DAY = {"days": "mon-sun", "start": "00:00", "end": "24:00"}
STAFF = {WANG: "王师傅", LI: "李姐", ZHAO: "赵师傅"}  # the test community's workers, by Telegram id


def all_day_staff(*shifts: tuple[int, str, str]) -> str:
    """The `[[workers]]` entries of the workers of these shifts (of STAFF) and their all-day `[[shifts]]`, each
    shift given as (worker, grid, role)."""
    workers = {uid: STAFF[uid] for uid, _, _ in shifts}
    return worker_tables(workers) + toml_tables(
        "shifts", *({"worker": uid, "grid": grid, **ALL_DAY, "role": role} for uid, grid, role in shifts)
    )


COMMUNITY_TOML = (
    f"""
[community]
name = "滨海社区"
timezone = "Asia/Shanghai"
committee_chat_id = {COMMITTEE}
admins = [{ADMIN}]
"""
    + toml_tables(
        "grids",
        {"id": "A", "name": "第一网格", "buildings": ["1", "2", "3", "4", "5"], "chats": [GROUP_A]},
        {"id": "B", "name": "第二网格", "buildings": ["6", "7", "8"], "chats": [GROUP_B]},
    )
    + all_day_staff((WANG, "A", "primary"), (LI, "A", "backup"), (ZHAO, "B", "primary"))
)

# the test community with grid A split into a day shift (王师傅, 08:00-20:00) and a night shift (李姐)
DAY_NIGHT_TOML = COMMUNITY_TOML.split("[[shifts]]")[0] + toml_tables(
    "shifts",
    {"worker": WANG, "grid": "A", "start": "08:00", "end": "20:00"},
    {"worker": LI, "grid": "A", "start": "20:00", "end": "08:00"},
)


# the head of the small community files the core tests write: the community and a grid "A" opened
TEST_HEAD = """\
[community]
name = "测试"
timezone = "Asia/Shanghai"
committee_chat_id = -100900
admins = [1]

[[grids]]
id = "A"
"""


def make_event(**fields: object) -> Event:
    """An event without a database: a green repair in grid A, building 3, reported by 刘阿姨 in grid A's
    group at START and dispatched to 王师傅; `fields` change any of it."""
    base: dict[str, object] = dict(
        id=1,
        chat_id=GROUP_A,
        message_id=1,
        reporter_id=RESIDENT,
        reporter_name="刘阿姨",
        text="灯坏了",
        category=Category.REPAIR,
        urgency=Urgency.GREEN,
        building="3",
        unit=None,
        room=None,
        grid_id="A",
        status=Status.DISPATCHED,
        assignee_id=WANG,
        created_at=START,
    )
    return Event(**{**base, **fields})  # type: ignore[arg-type]


def incoming(chat_id: int, message_id: int, user_id: int, user_name: str, text: str) -> Incoming:
    """A resident's message as the handlers pass it on (no username, no language)."""
    return Incoming(chat_id, message_id, user_id, user_name, username=None, language_code=None, text=text)


async def store_report(c: aiosqlite.Connection, message_id: int, now: datetime, **fields: object) -> Event | None:
    """A report stored straight in the database, no bot (events.insert): 刘阿姨's "楼道灯坏了" in chat -100 of
    grid A; `fields` change any of insert's keyword arguments, or the message's (`chat_id`, `user_id`, …)."""
    said = {
        k: fields.pop(k, v) for k, v in dict(chat_id=-100, user_id=1, user_name="刘阿姨", text="楼道灯坏了").items()
    }
    msg = incoming(message_id=message_id, **said)  # type: ignore[arg-type]
    parsed = fields.pop("parsed", ParsedReport(True))
    return await events.insert(c, msg, parsed, now=now, **{"grid_id": "A", **fields})  # type: ignore[arg-type]


def community() -> Community:
    """The test community: two grids, three workers, one admin."""
    return parse_community(COMMUNITY_TOML, "test-community.toml")


def community_error(text: str) -> str:
    """The CommunityError a community file's text is refused with, as the operator reads it."""
    with pytest.raises(CommunityError) as info:
        parse_community(text, "community.toml")
    return str(info.value)


def line_of(text: str, snippet: str) -> int:
    """The number of the last line of `text` containing `snippet`."""
    return max(i for i, line in enumerate(text.splitlines(), 1) if snippet in line)


def populate(fake: FakeTelegram, *started: int) -> None:
    """Users and chats of the test community on the fake server; the users `started` have started the bot."""
    fake.group(COMMITTEE, "滨海社区居委会", type="supergroup")
    fake.group(GROUP_A, "幸福里1-5号楼居民群", type="supergroup")
    fake.group(GROUP_B, "幸福里6-8号楼居民群", type="supergroup")
    fake.user(ADMIN, "居委会张主任")
    fake.user(WANG, "王师傅")
    fake.user(LI, "李姐")
    fake.user(ZHAO, "赵师傅")
    fake.user(RESIDENT, "刘阿姨")
    fake.user(RESIDENT2, "陈先生", language_code="en")
    for user in started:
        fake.user_starts_bot(user)


class Clock:
    """A clock that only moves when told (`clock.at += …`)."""

    def __init__(self, at: datetime = START) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


class RunningBot(EmbeddedBot):
    """The whole bot against the test's fake server."""

    def __init__(
        self,
        fake: FakeTelegram,
        db_path: Path,
        comm: Community | None = None,
        clock: Callable[[], datetime] | None = None,
        **settings: object,
    ) -> None:
        # The weekly digest's start-up catch-up would add rows to every test: on only where a test asks.
        settings = {"digest_enabled": False, **settings}
        # Most tests send the same report many times and count one event per message: same-problem
        # merging is off unless a test turns it on (tests/test_e2e_merge.py).
        settings.setdefault("merge_window_s", 0)
        super().__init__(f"{fake.url}/bot", fake.token, db_path, comm or community(), clock, **settings)
        self.fake = fake
        fake.follow_clock(clock)  # her messages dated by the bot's clock: none of them reads as sent long ago

    async def settle(self, timeout: float = 20.0, timers: bool = False) -> None:
        """Wait until Telegram holds nothing more for the bot, every stored update is handled and every
        message that is due has been sent (rows waiting for a later retry do not count); with `timers`,
        also until no timer row is due on the bot's clock."""
        await self.fake.wait_until_updates_consumed(timeout)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        quiet = 0
        while loop.time() < deadline:
            runner = self.runtime.inbox if self.runtime else None
            async with self.ctx.db.read() as c:
                busy = await inbox.due_count(c, time.time()) + await outbox.due_count(c, time.time())
                if timers:
                    due = await timer_rows.pending(c, due_before=self.ctx.now() + timedelta(seconds=1))
                    busy += sum(not self._held(t.id) for t in due)
            busy += len(runner._lanes) if runner else 0
            quiet = quiet + 1 if busy == 0 else 0
            if quiet >= 3:
                return
            await asyncio.sleep(0.02)
        raise AssertionError("the bot did not settle: updates or messages still waiting")

    def _held(self, timer_id: int) -> bool:
        """Whether a due timer row waits, on the bot's clock, for others due just after it (to go in one list)."""
        until = self.app.bot_data["scheduler"].held.get(timer_id) if self.app else None
        return until is not None and until > self.ctx.now()

    async def advance(self, **delta: float) -> None:
        """Move the bot's Clock on by a timedelta's arguments and let the scheduler fire what became due."""
        assert isinstance(self.clock, Clock), "advance() needs a bot started with a harness Clock"
        self.clock.at += timedelta(**delta)
        await self.app.bot_data["scheduler"].resync()
        await self.settle(timers=True)

    async def says(self, chat_id: int, user_id: int, text: str) -> int:
        """A user writes `text` in a chat and the bot is done with it: the call mark before the words."""
        mark = self.fake.mark()
        self.fake.send_message(chat_id, user_id, text)
        await self.settle()
        return mark

    async def event_count(self) -> int:
        """How many events are stored."""
        async with self.ctx.db.read() as c:
            async with c.execute("SELECT COUNT(*) FROM events") as cur:
                row = await cur.fetchone()
        return int(row[0]) if row else 0

    async def event(self, event_id: int) -> Event:
        """An event as stored now (it must exist)."""
        async with self.ctx.db.read() as c:
            ev = await events.get(c, event_id)
        assert ev is not None, f"no event #{event_id}"
        return ev


async def in_grid_a(running: RunningBot, chat_id: int) -> None:
    """A basic group (not a supergroup: no message links, ids of its own) added to grid A's chats."""
    running.fake.group(chat_id, "老群", type="group")
    running.ctx.community = running.ctx.community.model_validate(
        {
            **running.ctx.community.model_dump(),
            "grids": [
                {**g.model_dump(), "chats": [*g.chats, chat_id]} if g.id == "A" else g.model_dump()
                for g in running.ctx.community.grids
            ],
        }
    )
    await setup.sync_community(running.ctx)


async def until(check: Callable[[], Awaitable[bool]], timeout: float = 10.0, what: str = "the check") -> None:
    """Poll an async check until it holds; the test fails when it does not within `timeout` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not await check():
        if loop.time() > deadline:
            raise AssertionError(f"{what} did not hold within {timeout} s")
        await asyncio.sleep(0.02)


def button_data(fake: FakeTelegram, chat_id: int, message_id: int, action: Action, arg: str | None = None) -> str:
    """The callback data of the message's button for this action (and argument), or '' when it has none."""
    for b in fake.buttons(chat_id, message_id):
        cb = decode(b.get("callback_data"))
        if cb is not None and cb.action is action and (arg is None or cb.arg == arg):
            return b["callback_data"]
    return ""


def data_of(fake: FakeTelegram, chat_id: int, message_id: int) -> list[str]:
    """The callback data of the message's buttons as the keyboard was built (`v1:acc:1`), without the tag of the
    database that sent them (`v2:<tag>:acc:1` on Telegram)."""
    return [untagged(b["callback_data"]) for b in fake.buttons(chat_id, message_id) if "callback_data" in b]


def untagged(data: str) -> str:
    """Callback data without its database's tag (data that is no button of ours, as it is)."""
    cb = decode(data)
    return Callback(cb.action, cb.id, cb.arg).encode() if cb else data


def press(
    fake: FakeTelegram, user_id: int, chat_id: int, message_id: int, action: Action, arg: str | None = None
) -> str:
    """A user presses the message's button for this action: found by its callback data, never its label."""
    data = button_data(fake, chat_id, message_id, action, arg)
    if not data:
        raise AssertionError(f"message {message_id} in {chat_id} has no {action.name} button")
    return fake.press_button(user_id, chat_id, message_id, data)


async def shown(fake: FakeTelegram, chat_id: int, message_id: int, action: Action, arg: str | None = None) -> str:
    """Wait until the message shows the button for this action; its callback data."""
    return await fake.wait_for(lambda: button_data(fake, chat_id, message_id, action, arg) or None)


async def with_button(fake: FakeTelegram, chat_id: int, action: Action, arg: str | None = None) -> dict:
    """Wait until a message of the bot's in the chat shows the button for this action; the latest such."""
    return await fake.wait_for(
        lambda: next(
            (m for m in reversed(fake.messages(chat_id)) if button_data(fake, chat_id, m["message_id"], action, arg)),
            None,
        )
    )


async def accept_and_close(fake: FakeTelegram, worker: int, message_id: int, outcome: Action) -> None:
    """The worker accepts the event of the DM `message_id`, presses Close, then the outcome's button (each
    button once shown)."""
    for action in (Action.ACCEPT, Action.CLOSE, outcome):
        await shown(fake, worker, message_id, action)
        press(fake, worker, worker, message_id, action)


async def accept_and_fix(fake: FakeTelegram, worker: int, message_id: int) -> None:
    """The worker accepts the event of the DM `message_id`, presses Close, then Fixed."""
    await accept_and_close(fake, worker, message_id, Action.CLOSE_FIXED)


async def exchange(
    fake: FakeTelegram,
    chat_id: int,
    user_id: int,
    text: str,
    reply: str,
    *,
    where: int | None = None,
    timeout: float = 10.0,
) -> dict:
    """The user writes `text` in the chat; the bot's latest message there holding `reply` (or in the chat
    `where`), once it came."""
    fake.send_message(chat_id, user_id, text)
    return await fake.wait_for(lambda: fake.find_message(chat_id if where is None else where, reply), timeout)


async def answer_under(fake: FakeTelegram, user_id: int, words: str, reply_to: int | None) -> dict:
    """`user_id` writes `words` in private (under `reply_to`); the bot's answer replying to them, once it came."""
    sent = fake.send_message(user_id, user_id, words, reply_to_message_id=reply_to)

    def answer() -> dict | None:
        mine = (
            m for m in fake.messages(user_id) if m.get("reply_to_message", {}).get("message_id") == sent["message_id"]
        )
        return next(mine, None)

    return await fake.wait_for(answer)


async def post_anonymously(bot: RunningBot, text: str) -> dict:
    """刘阿姨, known in grid A's group, reports `text` to the bot in private and has it posted there
    anonymously (王师傅 has started the bot); the group's post of the new event #1."""
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(RESIDENT, send_start=True)
    fake.send_message(GROUP_A, RESIDENT, "大家早上好")  # known in a residents' group: private reports are taken
    await bot.settle()
    ask = await exchange(fake, RESIDENT, RESIDENT, text, "居民群")
    press(fake, RESIDENT, RESIDENT, ask["message_id"], Action.POST, "a")
    return await fake.wait_for(lambda: fake.find_message(GROUP_A, "#1"))


async def reported(bot: RunningBot, text: str = "3号楼电梯坏了") -> tuple[dict, dict]:
    """刘阿姨 reports `text` (the lift) in grid A's group, 王师傅 having started the bot; her report and the
    group's acknowledgement, once settled."""
    fake = bot.fake
    fake.user_starts_bot(WANG)
    report = fake.send_message(GROUP_A, RESIDENT, text)
    ack = await fake.wait_for(lambda: fake.find_message(GROUP_A, "已登记 #1"))
    await bot.settle()
    return report, ack


async def fixed_by_wang(bot: RunningBot, reporter: int, text: str) -> None:
    """`reporter` writes `text` in grid A's group; 王师傅 accepts the new event #1 from his message about it and
    closes it as fixed: once settled, #1 is closed."""
    fake = bot.fake
    fake.send_message(GROUP_A, reporter, text)
    dm = await fake.wait_for(lambda: fake.find_message(WANG, "新事件 #1"))
    await accept_and_fix(fake, WANG, dm["message_id"])
    await bot.settle()
    assert (await bot.event(1)).status.value == "closed"


def under(fake: FakeTelegram, chat_id: int, message_id: int) -> dict | None:
    """The bot's message in the chat replying to this one, if any."""
    return next(
        (m for m in fake.messages(chat_id) if m.get("reply_to_message", {}).get("message_id") == message_id), None
    )


async def answer_to(fake: FakeTelegram, query_id: str, timeout: float = 10.0) -> dict:
    """The bot's answer to a button press (answerCallbackQuery), once it came."""
    return await fake.wait_for(
        lambda: next((a for a in fake.callback_answers if a["callback_query_id"] == query_id), None), timeout
    )


MakeBot = Callable[..., Awaitable[RunningBot]]  # the make_bot fixture (tests/conftest.py)
MakeFake = Callable[..., Awaitable[FakeTelegram]]  # the make_fake fixture (tests/conftest.py)
MakeCtx = Callable[..., Awaitable[AppContext]]  # the make_ctx fixture (tests/conftest.py)


def text_in(fake: FakeTelegram, chat_id: int, needle: str) -> str:
    """The text of the latest bot message in a chat containing needle, or ''."""
    msg = fake.find_message(chat_id, needle)
    return msg["text"] if msg else ""


def sent_texts(fake: FakeTelegram, chat_id: int, since: int = 0) -> list[str]:
    """The texts of the messages the bot sent to a chat (not edits) since a call mark."""
    return [
        str(c.params.get("text", ""))
        for c in fake.calls[since:]
        if c.ok and c.method == "sendMessage" and int(c.params["chat_id"]) == chat_id
    ]


def photo_chats(fake: FakeTelegram, since: int = 0) -> list[int]:
    """The chats the bot sent a photo (or an album) to since a call mark, in order."""
    sent = (c for c in fake.calls[since:] if c.ok and c.method in ("sendPhoto", "sendMediaGroup"))
    return [int(c.params["chat_id"]) for c in sent]
