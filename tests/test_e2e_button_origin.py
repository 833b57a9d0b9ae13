"""A press on a card another database sent changes nothing here (ops review). A second copy of the bot on the same
token for the half minute before it stops, or a copy started on an older backup, numbers its events as this one does:
王师傅's Accept on the other copy's card of #1 accepted this database's #1, a different problem. Every button now
carries its database's tag; a press with another tag is taken only on a message this database sent, and otherwise
refused with a pop-up, once in the log. Cards sent before buttons carried a tag go on working."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from pathlib import Path

import pytest
from harness import RunningBot, answer_to, populate, press
from ids import GROUP_A, RESIDENT, WANG

from bot.core.callbacks import Action, decode, encode
from bot.core.types import Status
from bot.fakeapi import FakeTelegram
from bot.render.i18n import plain
from bot.services import reports
from storage.backup import backup, restore

REFUSED = plain("zh-Hans", "cb.other_copy")


@pytest.fixture
async def stack() -> AsyncIterator[AsyncExitStack]:
    async with AsyncExitStack() as started:
        yield started


async def started(stack: AsyncExitStack, fake: FakeTelegram, path: Path) -> RunningBot:
    reports.forget_memberships()
    bot = RunningBot(fake, path)
    await bot.start()
    stack.push_async_callback(bot.stop)
    return bot


async def card(bot: RunningBot, text: str, needle: str = "新事件 #1") -> dict:
    """刘阿姨 reports `text` in grid A's group: 王师傅's new card of it, once settled."""
    fake = bot.fake
    before = {m["message_id"] for m in fake.messages(WANG)}
    fake.send_message(GROUP_A, RESIDENT, text)
    dm = await fake.wait_for(
        lambda: next((m for m in fake.messages(WANG) if m["message_id"] not in before and needle in m["text"]), None)
    )
    await bot.settle()
    return dm


async def changes(bot: RunningBot) -> tuple[int, int]:
    """What the database has done: its log lines and its outbox rows."""
    async with bot.ctx.db.read() as c:
        (lines,) = await (await c.execute("SELECT COUNT(*) FROM event_log")).fetchone()
        (rows,) = await (await c.execute("SELECT COUNT(*) FROM outbox")).fetchone()
    return lines, rows


async def taken(bot: RunningBot, message_id: int, number: int = 1, data: str | None = None) -> None:
    """王师傅's Accept on the card ``message_id`` (its own button, or ``data``) is taken: event ``number`` is his."""
    fake = bot.fake
    pressed = (
        fake.press_button(WANG, WANG, message_id, data) if data else press(fake, WANG, WANG, message_id, Action.ACCEPT)
    )
    answer = await answer_to(fake, pressed)
    assert answer["text"] != REFUSED
    await bot.settle()
    assert (await bot.event(number)).status is Status.ACCEPTED


async def test_accept_on_the_other_copys_card_changes_nothing_here(
    fake_tg: FakeTelegram, tmp_path: Path, stack: AsyncExitStack, caplog: pytest.LogCaptureFixture
) -> None:
    """Copy A (stopped since) sent 王师傅 its #1, the hall light; copy B, running, has its own #1, the lift. His
    Accept on A's card is refused with a pop-up; B's #1 stays waiting, nothing logged or sent; B's own card works."""
    fake = fake_tg
    populate(fake, WANG)
    a = await started(stack, fake, tmp_path / "a.db")
    a_card = await card(a, "3号楼2单元楼道灯坏了")
    await a.stop()
    b = await started(stack, fake, tmp_path / "b.db")
    b_card = await card(b, "5号楼1单元电梯坏了，有人被困")
    a_data = decode(fake.buttons(WANG, a_card["message_id"])[0]["callback_data"])
    b_data = decode(fake.buttons(WANG, b_card["message_id"])[0]["callback_data"])
    assert a_data is not None and b_data is not None and a_data.id == b_data.id == 1
    assert a_data.tag and b_data.tag and a_data.tag != b_data.tag  # each database's own tag

    caplog.set_level(logging.INFO)
    before = await changes(b)
    for _ in range(2):  # pressed twice: refused twice, logged once
        answer = await answer_to(fake, press(fake, WANG, WANG, a_card["message_id"], Action.ACCEPT))
        assert (answer["text"], answer["show_alert"]) == (REFUSED, True)
    await b.settle()
    assert (await b.event(1)).status is Status.DISPATCHED
    assert await changes(b) == before
    logged = [r for r in caplog.records if "never sent" in r.getMessage()]
    assert len(logged) == 1 and logged[0].levelno == logging.WARNING

    await taken(b, b_card["message_id"])


async def test_a_card_sent_before_buttons_carried_a_tag_still_works(
    fake_tg: FakeTelegram, tmp_path: Path, stack: AsyncExitStack
) -> None:
    """A card in 王师傅's chat from before the upgrade carries `v1:acc:1`, no tag: it accepts #1 as it did (refusing
    it would break every card already in the chats at the upgrade)."""
    fake = fake_tg
    populate(fake, WANG)
    bot = await started(stack, fake, tmp_path / "linli.db")
    dm = await card(bot, "3号楼2单元楼道灯坏了")
    old = encode(Action.ACCEPT, 1)  # as every button was written before the tag
    assert decode(old) is not None and decode(old).tag is None  # type: ignore[union-attr]
    await taken(bot, dm["message_id"], data=old)


async def test_after_a_restore_only_cards_the_copy_knows_are_taken(
    fake_tg: FakeTelegram, tmp_path: Path, stack: AsyncExitStack
) -> None:
    """Backed up after #1; #2 came after the backup; the database is restored from it and #2 is reported again as
    a new #2. The restored database has a tag of its own: the card of the #1 it holds still works, the lost #2's card
    (same old tag, same number) is refused, and the new #2's card works."""
    fake = fake_tg
    populate(fake, WANG)
    live = tmp_path / "linli.db"
    bot = await started(stack, fake, live)
    first = await card(bot, "3号楼2单元楼道灯坏了")
    backup(live, tmp_path / "copy.db")
    lost = await card(bot, "4号楼1单元门禁坏了", "新事件 #2")
    old_tag = bot.ctx.button_tag
    await bot.stop()
    restore(tmp_path / "copy.db", live, "test")

    bot = await started(stack, fake, live)
    assert bot.ctx.button_tag and bot.ctx.button_tag != old_tag
    again = await card(bot, "5号楼1单元电梯坏了，有人被困", "新事件 #2")

    refused = await answer_to(fake, press(fake, WANG, WANG, lost["message_id"], Action.ACCEPT))
    assert refused["text"] == REFUSED
    await bot.settle()
    assert (await bot.event(2)).status is Status.DISPATCHED
    for dm, number in ((first, 1), (again, 2)):
        await taken(bot, dm["message_id"], number)
