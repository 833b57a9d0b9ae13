"""What a worker's phone shows after Telegram could not be reached for a while (outage review): a reminder queued
during the outage that is no longer true when Telegram answers again ("已 15 分钟无人接单" after he accepted, "办结时限"
after he closed) is not sent; one still true goes."""

from __future__ import annotations

from datetime import timedelta

from harness import Clock, MakeBot, RunningBot, press, sent_texts, shown, until
from ids import GROUP_A, LI, RESIDENT, RESIDENT2, WANG
from test_e2e_piled_chasers import fire_due_timers, telegram_back

from bot.core.callbacks import Action
from bot.core.types import Status
from storage import outbox

LITTER = "4号楼门口垃圾没人收"  # yellow: its reminder at 15 minutes


async def status_is(bot: RunningBot, event_id: int, status: Status) -> None:
    """Wait until the event is in this state (a press handled while sends fail)."""

    async def there() -> bool:
        return (await bot.event(event_id)).status is status

    await until(there)


async def moot_rows(bot: RunningBot) -> list[tuple[int, str]]:
    """The rows never sent because their events had moved on: (chat, purpose)."""
    async with bot.ctx.db.read() as c:
        rows = await c.execute_fetchall(
            "SELECT chat_id, purpose FROM outbox WHERE status = ? AND last_error LIKE 'moot%'", (outbox.SUPERSEDED,)
        )
    return [(r[0], r[1]) for r in rows]


async def test_a_reminder_queued_in_an_outage_is_not_sent_after_he_accepted(make_bot: MakeBot) -> None:
    """#1 (yellow) reaches 王师傅; Telegram then answers 502 to every send. At 15 minutes its reminder fires and
    queues; at 17 he presses Accept on his card (the press is handled, its answers queue too); a second report
    comes (#2). When Telegram answers again he gets #2's card and his card of #1 edited to accepted, never
    "已 15 分钟无人接单" about #1 (before, it came after his Accept and its copy replaced his card)."""
    clock = Clock()
    bot = await make_bot(clock=clock, first_dm_cards=0)
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(LI)
    fake.send_message(GROUP_A, RESIDENT, LITTER)
    card = await fake.wait_for(lambda: fake.find_message(WANG, "#1"))
    await bot.settle(timers=True)
    fake.fail_next(None, 502, times=10**6)  # every send fails; getUpdates still works
    fake.send_message(GROUP_A, RESIDENT2, "3号楼楼道灯坏了")
    await fake.wait_for(lambda: any(c.status == 502 and c.params.get("chat_id") == WANG for c in fake.calls))
    await fire_due_timers(bot, clock, 15)  # #1's reminder queued
    clock.at += timedelta(minutes=2)
    press(fake, WANG, WANG, card["message_id"], Action.ACCEPT)
    await status_is(bot, 1, Status.ACCEPTED)
    mark = await telegram_back(bot, clock)
    wang = sent_texts(fake, WANG, mark)
    assert len(wang) == 1 and "#2" in wang[0], wang
    assert "已由王师傅接单" in fake.find_message(WANG, "#1")["text"]
    assert "王师傅已接单" in fake.find_message(GROUP_A, "已登记 #1")["text"]
    assert await moot_rows(bot) == [(WANG, "worker_dm")]


async def test_a_reminder_still_true_after_the_outage_goes(make_bot: MakeBot) -> None:
    """The same outage, nobody accepting #1: its reminder goes when Telegram answers again."""
    clock = Clock()
    bot = await make_bot(clock=clock, first_dm_cards=0)
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.send_message(GROUP_A, RESIDENT, LITTER)
    await fake.wait_for(lambda: fake.find_message(WANG, "#1"))
    await bot.settle(timers=True)
    fake.fail_next(None, 502, times=10**6)
    await fire_due_timers(bot, clock, 15)
    mark = await telegram_back(bot, clock)
    wang = sent_texts(fake, WANG, mark)
    assert len(wang) == 1 and "15 分钟无人接单" in wang[0], wang
    assert await moot_rows(bot) == []


async def test_a_fix_by_reminder_queued_in_an_outage_is_not_sent_after_he_closed(make_bot: MakeBot) -> None:
    """A fire accepted by 王师傅, who pressed Close (its outcomes on his card); Telegram answers 502 to every send
    from then on. Three hours on its fix-by reminder queues; he then presses "fixed". When Telegram answers again he
    is not told "事件 #1 的办结时限是…，请抓紧处理" of the event he closed."""
    clock = Clock()
    bot = await make_bot(clock=clock, first_dm_cards=0)
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(LI)
    fake.send_message(GROUP_A, RESIDENT, "3号楼2单元着火了！快来人")
    card = await fake.wait_for(lambda: fake.find_message(WANG, "#1"))
    for action in (Action.ACCEPT, Action.CLOSE):
        await shown(fake, WANG, card["message_id"], action)
        press(fake, WANG, WANG, card["message_id"], action)
    await shown(fake, WANG, card["message_id"], Action.CLOSE_FIXED)
    await bot.settle(timers=True)
    fake.fail_next(None, 502, times=10**6)
    await fire_due_timers(bot, clock, 185)  # 75% of a red's four hours: its fix-by reminder queued
    press(fake, WANG, WANG, card["message_id"], Action.CLOSE_FIXED)
    await status_is(bot, 1, Status.CLOSED)
    mark = await telegram_back(bot, clock)
    assert not [text for text in sent_texts(fake, WANG, mark) if "办结时限" in text], sent_texts(fake, WANG, mark)
    assert await moot_rows(bot) == [(WANG, "due_remind")]


async def test_a_reminder_waits_for_the_press_telegram_kept_while_it_was_out_of_reach(make_bot: MakeBot) -> None:
    """Telegram refuses every connection (polls too) while #1's reminder fires and queues, and while 王师傅 presses
    Accept: Telegram keeps his press for the bot. When it is reachable again the sender could send at once, before
    the poller (waiting out its backoff) fetched the press: the reminder waits until the bot has heard Telegram and
    handled what it kept, so he gets no "已 15 分钟无人接单" after his Accept (before, it came a second before it)."""
    clock = Clock()
    bot = await make_bot(clock=clock, first_dm_cards=0)
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.send_message(GROUP_A, RESIDENT, LITTER)
    card = await fake.wait_for(lambda: fake.find_message(WANG, "#1"))
    await bot.settle(timers=True)
    await fake.refuse_connections()
    await fire_due_timers(bot, clock, 15)  # #1's reminder queued, its send refused
    sender = bot.app.bot_data["sender"]
    await until(lambda: _settled(sender), timeout=30.0)  # each refused send retried and written: slow when loaded
    mark = len(fake.calls)
    press(fake, WANG, WANG, card["message_id"], Action.ACCEPT)  # kept by Telegram
    clock.at += timedelta(minutes=2)
    await fake.accept_connections()
    bot.ctx.wake_outbox()
    await status_is(bot, 1, Status.ACCEPTED)
    await bot.settle()
    assert sent_texts(fake, WANG, mark) == [], sent_texts(fake, WANG, mark)
    assert "已由王师傅接单" in fake.find_message(WANG, "#1")["text"]
    assert await moot_rows(bot) == [(WANG, "worker_dm")]


async def _settled(sender: object) -> bool:
    """No lane at work and no call in flight (each refused send's retry written)."""
    return not sender._lanes and not sender._inflight  # type: ignore[attr-defined]
