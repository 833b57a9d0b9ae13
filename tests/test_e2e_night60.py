"""The committee's night and morning, the last loose ends (night review 60): accepted work passing its fix-by time
with nobody on duty is told its worker at once and the committee when the next shift starts, not at 02:24."""

from __future__ import annotations

from datetime import timedelta

from harness import COMMUNITY_TOML, Clock, MakeBot, RunningBot, answer_to, button_data, press, sent_texts, toml_tables
from ids import ADMIN, COMMITTEE, GROUP_A, LI, RESIDENT, RESIDENT2, START, WANG
from test_e2e_committee57 import DAYTIME, MONDAY_22, arranged, overdue_list, yellow_at_night
from test_e2e_committee58 import said_under
from test_e2e_committee60 import red_at_night

from bot.core.callbacks import Action, id_arg
from bot.core.community_file import parse_community
from bot.core.types import Status, Urgency
from bot.render.i18n import Waited, plain
from bot.render.messages import urgency_label

GAS = "2号楼1单元燃气泄漏了，味道很大"
# 王师傅 on duty 14:00-23:00, 李姐 08:00-14:00: from 23:00 to 08:00 nobody is
EVENING = COMMUNITY_TOML.split("[[shifts]]")[0] + toml_tables(
    "shifts",
    {"worker": WANG, "grid": "A", "days": "mon-sun", "start": "14:00", "end": "23:00", "role": "primary"},
    {"worker": LI, "grid": "A", "days": "mon-sun", "start": "08:00", "end": "14:00", "role": "primary"},
)
RED = urgency_label("zh-Hans", Urgency.RED)
MONDAY_2220 = START + timedelta(hours=12, minutes=20)  # START is Monday 10:00 in Shanghai


async def red_accepted_late(make_bot: MakeBot) -> RunningBot:
    """Monday 22:20 a gas leak; 王师傅, the last on duty (until 23:00), accepts it at 22:24: fix by Tuesday 02:24."""
    bot = await make_bot(parse_community(EVENING, "t"), Clock(MONDAY_2220))
    bot.fake.user_starts_bot(WANG)
    bot.fake.user_starts_bot(LI)
    bot.fake.send_message(GROUP_A, RESIDENT, GAS)
    await bot.settle(timers=True)
    await bot.advance(minutes=4)
    card = bot.fake.find_message(WANG, "#1")
    assert card is not None
    press(bot.fake, WANG, WANG, card["message_id"], Action.ACCEPT)
    await bot.settle(timers=True)
    assert (await bot.event(1)).status is Status.ACCEPTED
    return bot


async def until_morning(bot: RunningBot, mark: int) -> list[tuple[str, int, str]]:
    """Half an hour at a time to Tuesday 08:30: what the committee and 王师傅 were sent, each with the local time."""
    said = []
    while bot.ctx.now() < MONDAY_2220 + timedelta(hours=10, minutes=10):
        await bot.advance(minutes=30)
        hour = (bot.ctx.now() + timedelta(hours=8)).strftime("%H:%M")
        said += [(hour, chat, text) for chat in (COMMITTEE, WANG) for text in sent_texts(bot.fake, chat, mark)]
        mark = bot.fake.mark()
    return said


async def test_accepted_work_overdue_at_night_waits_for_the_morning_for_the_committee(make_bot: MakeBot) -> None:
    """Night review: a red accepted at 22:24 woke the committee at 02:24 with "⌛ 已超过办结时限" while nobody was on
    duty; the member could do nothing then that 王师傅, who has it, was not already told."""
    bot = await red_accepted_late(make_bot)
    said = await until_morning(bot, bot.fake.mark())
    to_committee = [(hour, text) for hour, chat, text in said if chat == COMMITTEE and text.startswith("⌛")]
    due = plain("zh-Hans", "committee.overdue", id=1, urgency=RED, due="11-24 02:24", worker="王师傅")
    assert to_committee == [("08:24", due)], to_committee  # the shift started at 08:00: the first half hour after
    [(hour, told)] = [(hour, text) for hour, chat, text in said if chat == WANG and text.startswith("⌛")]
    assert hour == "02:24" and "#1" in told and "不打扰居委会" in told and "已告知居委会" not in told, told


async def test_accepted_work_overdue_at_night_and_closed_before_the_morning_is_never_told(make_bot: MakeBot) -> None:
    bot = await red_accepted_late(make_bot)
    mark = bot.fake.mark()
    await bot.advance(hours=4, minutes=5)  # Tuesday 02:29: past its fix-by time; 王师傅 heard
    assert any(text.startswith("⌛") for text in sent_texts(bot.fake, WANG, mark))
    await close_first(bot)
    assert (await bot.event(1)).status is Status.CLOSED
    said = await until_morning(bot, mark)
    assert not [text for _, chat, text in said if chat == COMMITTEE and text.startswith("⌛")], said


def ack_now(bot: RunningBot, event_id: int) -> str:
    """The group's acknowledgement of the event as it stands (edits applied): "✅ 已登记 #1 · 🔴 紧急…"."""
    first = {m["message_id"]: m.get("text", "").split("\n")[0] for m in bot.fake.messages(GROUP_A)}
    [found] = [i for i, line in first.items() if line.startswith("✅") and f"#{event_id} · " in line]
    return next(m["text"] for m in bot.fake.messages(GROUP_A) if m["message_id"] == found)


async def test_a_night_red_the_committee_gave_to_a_worker_says_the_committee_arranged_it(make_bot: MakeBot) -> None:
    """Night review: given by the committee at night, the red's acknowledgement read "已通知值班人员" with nobody on
    duty; it says who was told, the committee, and that it sent someone, in the writer's language."""
    bot = await make_bot(parse_community(DAYTIME, "t"), Clock(MONDAY_22))
    bot.fake.user_starts_bot(WANG)
    bot.fake.user_starts_bot(LI)
    for event_id, (writer, words) in enumerate(((RESIDENT, GAS), (RESIDENT2, "Gas leak in building 3 unit 2!")), 1):
        bot.fake.send_message(GROUP_A, writer, words)
        await bot.settle(timers=True)
        assert (await bot.event(event_id)).urgency is Urgency.RED
    assert plain("zh-Hans", "ack.committee") in ack_now(bot, 1) and plain("en", "ack.committee") in ack_now(bot, 2)
    for event_id, words in ((1, "让李姐马上去"), (2, "让王师傅马上去")):
        alert = next(m for m in bot.fake.messages(COMMITTEE) if f"#{event_id}" in m.get("text", ""))
        bot.fake.send_message(COMMITTEE, ADMIN, words, reply_to_message_id=alert["message_id"])
        await bot.settle(timers=True)
    assert [(await bot.event(n)).assignee_id for n in (1, 2)] == [LI, WANG]
    for event_id, lang in ((1, "zh-Hans"), (2, "en")):
        ack = ack_now(bot, event_id)
        assert plain(lang, "ack.arranged") in ack and plain(lang, "ack.notified") not in ack, ack


async def test_a_night_yellow_given_for_the_morning_says_the_committee_arranged_it(make_bot: MakeBot) -> None:
    """For the morning ("明早让王师傅去"), his card waits for 08:30: nobody was told, yet it said "已通知值班人员"."""
    bot, note = await yellow_at_night(make_bot)
    bot.fake.send_message(COMMITTEE, ADMIN, "明早让王师傅去", reply_to_message_id=note["message_id"])
    await bot.settle(timers=True)
    assert (await bot.event(1)).assignee_id == WANG
    ack = ack_now(bot, 1)
    assert plain("zh-Hans", "ack.arranged") in ack and plain("zh-Hans", "ack.notified") not in ack, ack


async def test_a_night_red_handed_to_the_morning_shift_is_told_waiting_since_the_shift_got_it(
    make_bot: MakeBot,
) -> None:
    """Night review: in the morning the committee read "已 10.8 小时无人接单（当前派给：王师傅）" of a red 王师傅 had
    had for twenty minutes; it reads when it was reported and how long since the shift got it."""
    bot, _ = await red_at_night(make_bot)  # Monday 22:00: a red #2, nobody on duty until Tuesday 08:30
    for _ in range(21):
        await bot.advance(minutes=30)  # the pages, then the night: Tuesday 08:30, the shift gives it to 王师傅
    assert (await bot.event(2)).assignee_id == WANG
    mark = bot.fake.mark()
    waiting: list[str] = []
    while not waiting and bot.ctx.now() < MONDAY_22 + timedelta(hours=12):
        await bot.advance(minutes=5)
        waiting = [text for text in sent_texts(bot.fake, COMMITTEE, mark) if "#2" in text and "无人接单" in text]
    [told] = waiting
    minutes = int((bot.ctx.now() - (MONDAY_22 + timedelta(hours=10, minutes=30))).total_seconds() // 60)
    when = {"reported": "昨天 22:00", "given": "08:30", "waited": Waited(minutes)}
    said = plain("zh-Hans", "committee.red_waiting_morning", id=2, urgency=RED, worker="王师傅", **when)
    assert told == said, told


LIFT = "5号楼有人被困在电梯里了"


async def test_a_page_list_loses_the_button_of_each_red_given_to_someone_and_says_so(make_bot: MakeBot) -> None:
    """Night review: the 22:10 page of two reds kept "#1 派给…" and "#2 派给…" after both were given to someone; a
    member reading it in the morning could not tell which still waited."""
    bot, _ = await red_at_night(make_bot)  # 22:00 a red #2 (#1 is a yellow)
    await bot.advance(minutes=3)
    bot.fake.send_message(GROUP_A, RESIDENT + 2, LIFT)
    await bot.settle(timers=True)
    await bot.advance(minutes=7)  # 22:10: one page naming #2 and #3
    [page] = [m for m in bot.fake.messages(COMMITTEE) if m.get("text", "").startswith("🚨 这 2 件")]
    assert arranged(bot, page["message_id"]) == [2, 3]
    sent = bot.fake.send_message(COMMITTEE, ADMIN, "#2 让李姐马上去")
    await bot.settle(timers=True)
    assert (await bot.event(2)).assignee_id == LI and said_under(bot, sent)[0].startswith("👉")
    now = page_now(bot, page)
    assert arranged(bot, page["message_id"]) == [3], now
    assert now["text"].endswith(plain("zh-Hans", "nudge.list_moved.dispatched", id=2, worker="李姐")), now["text"]
    card = bot.fake.find_message(LI, "#2")
    press(bot.fake, LI, LI, card["message_id"], Action.ACCEPT)  # taken since: the line said already stays
    alert = next(m for m in bot.fake.messages(COMMITTEE) if m.get("text", "").startswith("🚨 紧急事件 #3"))
    query = press(bot.fake, ADMIN, COMMITTEE, alert["message_id"], Action.ASSIGN, id_arg(WANG))
    await answer_to(bot.fake, query)
    await bot.settle(timers=True)
    now = page_now(bot, page)
    assert bot.fake.buttons(COMMITTEE, page["message_id"]) == [], now
    lines = now["text"].splitlines()
    assert lines[-2:] == [
        plain("zh-Hans", "nudge.list_moved.dispatched", id=2, worker="李姐"),
        plain("zh-Hans", "nudge.list_moved.dispatched", id=3, worker="王师傅"),
    ], now["text"]
    assert lines[:3] == page["text"].splitlines()[:3]  # the list itself as it was
    assert plain("zh-Hans", "nudge.arrange_tap_page") not in now["text"]  # no button left to tap


def page_now(bot: RunningBot, page: dict) -> dict:
    """The committee's message as it stands (edits applied)."""
    return next(m for m in bot.fake.messages(COMMITTEE) if m["message_id"] == page["message_id"])


async def test_an_overdue_list_loses_the_button_of_an_event_closed_since(make_bot: MakeBot) -> None:
    bot, listing = await overdue_list(make_bot, 2)
    await close_first(bot)
    assert (await bot.event(1)).status is Status.CLOSED
    assert arranged(bot, listing["message_id"]) == [2]
    text = page_now(bot, listing)["text"]
    assert text.endswith("\n" + plain("zh-Hans", "nudge.list_moved.closed", id=1)), text
    assert plain("zh-Hans", "nudge.arrange_tap") in text  # #2's button is still there to tap


async def close_first(bot: RunningBot) -> None:
    """王师傅 closes #1 ("nothing found") from his card."""
    fake = bot.fake
    card = next(m for m in fake.messages(WANG) if button_data(fake, WANG, m["message_id"], Action.CLOSE).endswith(":1"))
    for action in (Action.CLOSE, Action.CLOSE_NOTHING_FOUND):
        press(fake, WANG, WANG, card["message_id"], action)
        await bot.settle(timers=True)
