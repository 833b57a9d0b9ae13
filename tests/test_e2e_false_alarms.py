"""A worker who goes and finds nothing closes as "nothing found" (🔍), and a reporter whose alarms keep being false is
made visible to the worker and the committee, never held back: end to end through the fake Bot API."""

from __future__ import annotations

import pytest
from harness import COMMUNITY_TOML, Clock, MakeBot, RunningBot, accept_and_close, answer_to, exchange, press, shown
from ids import ADMIN, COMMITTEE, GROUP_A, LI, RESIDENT, RESIDENT3, WANG

from bot.core import weeks
from bot.core.callbacks import Action
from bot.core.community_file import parse_community
from bot.core.console_query import Visibility
from bot.core.permissions import Role
from bot.core.types import Outcome, Status
from bot.fakeapi import FakeTelegram
from bot.render.i18n import plain
from bot.services import console_stats, digest
from bot.services.console_auth import Reader
from storage import events, points


@pytest.fixture
async def bot(make_bot: MakeBot) -> RunningBot:
    """The bot on a moving clock, the question asked at once after closing."""
    return await make_bot(clock=Clock(), survey_delay_s=0)


async def test_nothing_found_tells_the_reporter_logs_it_and_her_still_there_reopens_it(bot: RunningBot) -> None:
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(RESIDENT, send_start=True)  # she started the bot: told privately
    dm = await exchange(fake, GROUP_A, RESIDENT, "5号楼2单元楼道灯坏了", "#1", where=WANG)
    await accept_and_close(fake, WANG, dm["message_id"], Action.CLOSE_NOTHING_FOUND)
    told = await fake.wait_for(lambda: fake.find_message(RESIDENT, "没有发现这个问题"))
    assert "#1" in told["text"] and "问题还在" in told["text"] and "已解决" not in told["text"]
    ack = await fake.wait_for(lambda: fake.find_message(GROUP_A, "未发现这个问题"))
    assert "已登记 #1" in ack["text"] and "问题已解决" not in ack["text"]
    ev = await bot.event(1)
    assert ev.status is Status.CLOSED and ev.outcome is Outcome.NOTHING_FOUND and ev.outcome_note is None
    async with bot.ctx.db.read() as c:
        closed = await events.last_logged(c, 1, "closed")
        assert closed is not None and closed.actor_id == WANG and closed.detail == "nothing_found"
        assert await points.balance(c, RESIDENT) == 0  # no report confirmed
    # asked whether it is still there: the answer that it is opens it again, as "not solved" does after "fixed"
    ask = await fake.wait_for(lambda: fake.find_message(RESIDENT, "问题还在吗"))
    labels = [b["text"] for b in fake.buttons(RESIDENT, ask["message_id"])]
    assert labels == [plain("zh-Hans", k) for k in ("btn.found_ok", "btn.found_meh", "btn.found_no")]
    await answer_to(fake, press(fake, RESIDENT, RESIDENT, ask["message_id"], Action.RATE, "no"))
    await fake.wait_for(lambda: fake.find_message(WANG, "重新打开"))
    assert (await bot.event(1)).status is Status.DISPATCHED


async def test_all_fine_after_nothing_found_is_thanked_as_such(bot: RunningBot) -> None:
    """In the group (she never started the bot): the acknowledgement says nothing was found, the question asks if
    it is still there, and "all fine" is recorded satisfied, the event staying closed."""
    fake = bot.fake
    fake.user_starts_bot(WANG)
    dm = await exchange(fake, GROUP_A, RESIDENT, "5号楼2单元楼道灯坏了", "#1", where=WANG)
    await accept_and_close(fake, WANG, dm["message_id"], Action.CLOSE_NOTHING_FOUND)
    ask = await fake.wait_for(lambda: fake.find_message(GROUP_A, "问题还在吗"))
    await answer_to(fake, press(fake, RESIDENT, GROUP_A, ask["message_id"], Action.RATE, "ok"))
    await bot.settle()
    assert (await bot.event(1)).status is Status.CLOSED
    assert not fake.find_message(GROUP_A, "已解决，满意")


async def test_the_digest_counts_nothing_found_apart_from_fixed(bot: RunningBot) -> None:
    fake = bot.fake
    fake.user_starts_bot(WANG)
    dm1 = await exchange(fake, GROUP_A, RESIDENT, "5号楼2单元楼道灯坏了", "#1", where=WANG)
    await accept_and_close(fake, WANG, dm1["message_id"], Action.CLOSE_FIXED)
    dm2 = await exchange(fake, GROUP_A, RESIDENT, "3号楼门口的下水道堵了", "#2", where=WANG)
    await accept_and_close(fake, WANG, dm2["message_id"], Action.CLOSE_NOTHING_FOUND)
    await bot.settle()
    assert (await bot.event(2)).outcome is Outcome.NOTHING_FOUND
    d = await digest.compute(bot.ctx.db, weeks.week_of(bot.ctx.now(), bot.ctx.community.tz), bot.ctx.community)
    assert d.this.closed.total == 2 and d.this.closed.by_outcome == {"fixed": 1, "nothing_found": 1}


FIRE = "3号楼着火了，好大的烟！"
WARNING = "⚠️ 此居民近30天有{n}次报告现场未发现问题"


def notices(fake: FakeTelegram) -> list[dict]:
    return [m for m in fake.messages(COMMITTEE) if "到现场都未发现问题" in m.get("text", "")]


async def false_alarm(bot: RunningBot, event_id: int) -> None:
    """刘阿姨 reports a fire; 王师傅 accepts #event_id and closes it "nothing found"; the next night comes."""
    fake = bot.fake
    dm = await exchange(fake, GROUP_A, RESIDENT, FIRE, f"#{event_id}", where=WANG)
    await accept_and_close(fake, WANG, dm["message_id"], Action.CLOSE_NOTHING_FOUND)
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "未发现这个问题"))
    await bot.settle()
    assert (await bot.event(event_id)).outcome is Outcome.NOTHING_FOUND
    await bot.advance(hours=20)


async def test_repeated_false_alarms_are_shown_and_the_committee_told_once(make_bot: MakeBot) -> None:
    bot = await make_bot(clock=Clock())
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(LI)
    await false_alarm(bot, 1)
    assert not notices(fake)  # one is no pattern
    await false_alarm(bot, 2)
    told = notices(fake)
    assert len(told) == 1 and "刘阿姨" in told[0]["text"] and f"ID {RESIDENT}" in told[0]["text"]
    assert "#1 #2" in told[0]["text"] and "近30天有 2 次报告" in told[0]["text"]
    # her third fire is paged as ever (the backup too, the committee at once), each with the warning line
    card = await exchange(fake, GROUP_A, RESIDENT, FIRE, "#3", where=WANG)
    assert WARNING.format(n=2) in card["text"]
    assert WARNING.format(n=2) in (await fake.wait_for(lambda: fake.find_message(LI, "#3")))["text"]
    alert = await fake.wait_for(lambda: fake.find_message(COMMITTEE, "紧急事件 #3"))
    assert WARNING.format(n=2) in alert["text"]
    assert (await bot.event(3)).status is Status.DISPATCHED
    # closed "nothing found" too, and a fourth fire: its card says 3, and the committee is not told again
    await accept_and_close(fake, WANG, card["message_id"], Action.CLOSE_NOTHING_FOUND)
    await bot.settle()
    await bot.advance(hours=20)
    card4 = await exchange(fake, GROUP_A, RESIDENT, FIRE, "#4", where=WANG)
    assert WARNING.format(n=3) in card4["text"]
    await bot.settle()
    assert len(notices(fake)) == 1
    # another resident's fire carries no warning
    card5 = await exchange(fake, GROUP_A, RESIDENT3, "5号楼着火了，快来人！", "#5", where=WANG)
    alert5 = await fake.wait_for(lambda: fake.find_message(COMMITTEE, "紧急事件 #5"))
    assert "⚠️ 此居民" not in card5["text"] and "⚠️ 此居民" not in alert5["text"]


async def test_with_the_setting_at_0_no_warning_and_no_notice(make_bot: MakeBot) -> None:
    bot = await make_bot(clock=Clock(), false_alarms_notice=0)
    fake = bot.fake
    fake.user_starts_bot(WANG)
    await false_alarm(bot, 1)
    await false_alarm(bot, 2)
    card = await exchange(fake, GROUP_A, RESIDENT, FIRE, "#3", where=WANG)
    alert = await fake.wait_for(lambda: fake.find_message(COMMITTEE, "紧急事件 #3"))
    await bot.settle()
    assert "⚠️ 此居民" not in card["text"] and "⚠️ 此居民" not in alert["text"]
    assert not notices(fake)


CONTACT = 3302  # an emergency contact who is neither a worker nor an admin


async def test_an_emergency_contact_outside_the_staff_reads_no_false_alarms_line(make_bot: MakeBot) -> None:
    """Found in review: the warning went with every text made from the worker's card, so an emergency contact
    outside the staff (a neighbour on the list: told "a resident", never her name) read that this resident's alarms
    had been false, a judgement of her for the worker and the committee only, and on a fire a reason to wait."""
    toml = COMMUNITY_TOML.replace("[community]\n", f"[community]\nemergency_contacts = [{CONTACT}]\n", 1)
    bot = await make_bot(parse_community(toml, "t"), clock=Clock())
    fake = bot.fake
    fake.user(CONTACT, "老钱")
    fake.user_starts_bot(CONTACT)
    fake.user_starts_bot(WANG)
    await false_alarm(bot, 1)
    await false_alarm(bot, 2)
    card = await exchange(fake, GROUP_A, RESIDENT, FIRE, "#3", where=WANG)
    assert WARNING.format(n=2) in card["text"]  # the worker reads it
    told = await fake.wait_for(lambda: fake.find_message(CONTACT, "#3"))
    assert "刘阿姨" not in told["text"] and "⚠️ 此居民" not in told["text"]


async def test_the_consoles_weeks_count_each_close_by_the_outcome_it_had(bot: RunningBot) -> None:
    """Found in review: the console's trends (and the digest's week before) count a week's closes read from the log
    under the outcome the row has now, so an event closed "nothing found" one week, found still there and fixed the
    next, showed no "nothing found" in the first week (and a fixed close there instead). Since the digest review, a
    close the resident sent back in its own week, the event still open at the week's end, is no close of that week:
    the first week counts none, and the second its fixed close alone (never the row's "nothing found" of before)."""
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(RESIDENT, send_start=True)
    dm = await exchange(fake, GROUP_A, RESIDENT, "5号楼2单元楼道灯坏了", "#1", where=WANG)
    await accept_and_close(fake, WANG, dm["message_id"], Action.CLOSE_NOTHING_FOUND)
    ask = await fake.wait_for(lambda: fake.find_message(RESIDENT, "问题还在吗"))
    await answer_to(fake, press(fake, RESIDENT, RESIDENT, ask["message_id"], Action.RATE, "no"))
    again = await fake.wait_for(lambda: fake.find_message(WANG, "重新打开"))
    await shown(fake, WANG, again["message_id"], Action.ACCEPT)
    press(fake, WANG, WANG, again["message_id"], Action.ACCEPT)
    await shown(fake, WANG, again["message_id"], Action.CLOSE)
    await bot.advance(days=7)  # found, and fixed the week after
    for action in (Action.CLOSE, Action.CLOSE_FIXED):
        await shown(fake, WANG, again["message_id"], action)
        press(fake, WANG, WANG, again["message_id"], action)
    await bot.settle()
    assert (await bot.event(1)).outcome is Outcome.FIXED
    admin = Reader(ADMIN, Role.ADMIN, Visibility(everything=True), "zh-Hans", "", "")
    first, second = (await console_stats.trends(bot.ctx, admin, 2))["weeks"]
    assert (first["closed"], first["nothing_found"]) == (0, 0)
    assert (second["closed"], second["nothing_found"]) == (1, 0)
    d = await digest.compute(bot.ctx.db, weeks.week_of(bot.ctx.now(), bot.ctx.community.tz), bot.ctx.community)
    assert d.prev.closed.by_outcome == {} and d.this.closed.by_outcome == {"fixed": 1}


def reopened_dm(fake: FakeTelegram, old: int) -> dict | None:
    """王师傅's newest message, when it is the card of the event opened again (not ``old``)."""
    last = fake.messages(WANG)[-1]
    return last if last["message_id"] != old and "重新打开" in last["text"] else None


async def test_nothing_found_after_reopens_enough_promises_no_reopening(bot: RunningBot) -> None:
    """Found in review: closed "nothing found" a third time, after her "still there" had opened it twice (as often as
    a resident's answer may), she was still told that answering "still there" would open it again; it is held for the
    committee instead (survey.held), so the message says the committee will check it."""
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(RESIDENT, send_start=True)
    dm = await exchange(fake, GROUP_A, RESIDENT, "5号楼2单元楼道灯坏了", "#1", where=WANG)
    for round_ in (1, 2, 3):
        await accept_and_close(fake, WANG, dm["message_id"], Action.CLOSE_NOTHING_FOUND)
        ask = await fake.wait_for(lambda: fake.find_message(RESIDENT, "问题还在吗"))
        told = [m["text"] for m in fake.messages(RESIDENT) if "已办结：值班人员到现场查看" in m["text"]]
        assert len(told) == round_
        await answer_to(fake, press(fake, RESIDENT, RESIDENT, ask["message_id"], Action.RATE, "no"))
        if round_ < 3:
            assert "事件会重新打开" in told[-1]
            old = dm["message_id"]
            dm = await fake.wait_for(lambda old=old: reopened_dm(fake, old))
    await fake.wait_for(lambda: fake.find_message(RESIDENT, "居委会核实"))
    ev = await bot.event(1)
    assert ev.status is Status.CLOSED and ev.reopened_count == 2  # held, not opened again
    assert "事件会重新打开" not in told[-1] and "居委会" in told[-1]


@pytest.mark.parametrize("words", ["还没修好", "问题还在", "还在", "還在", "仲喺度"])
async def test_still_there_in_words_under_the_question_opens_it_again(bot: RunningBot, words: str) -> None:
    """Found in review: asked "问题还在吗？" after "nothing found", the reporter who wrote back "问题还在" (the
    button's own words) under the question had nothing done: only "还没修好"-like words (recur) reopened, and "还在" is
    not among them. Now under an event closed "nothing found" her "still there" in words reopens it as the button
    does."""
    fake = bot.fake
    fake.user_starts_bot(WANG)
    dm = await exchange(fake, GROUP_A, RESIDENT, "5号楼2单元楼道灯坏了", "#1", where=WANG)
    await accept_and_close(fake, WANG, dm["message_id"], Action.CLOSE_NOTHING_FOUND)
    ask = await fake.wait_for(lambda: fake.find_message(GROUP_A, "问题还在吗"))
    fake.send_message(GROUP_A, RESIDENT, words, reply_to_message_id=ask["message_id"])
    await fake.wait_for(lambda: fake.find_message(WANG, "重新打开"))
    assert (await bot.event(1)).status is Status.DISPATCHED
