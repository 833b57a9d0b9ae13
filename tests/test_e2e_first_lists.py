"""A storm's new events on the worker's phone (found in the storm review, left open at stop 28): 30 outages sent
the worker on duty 30 cards, each with its own Accept, within minutes. Now the first few come as cards and the
rest, held up to two minutes, in one list with a '#N' button each; a red comes at once, on its own; every event
still reaches the worker, and each is taken from its card as before. The same at a hand-off, and when events that
waited for no one come to whoever comes on duty.

Over 300 lines: one storm's setup and its helpers serve every case; split, they would be written twice."""

from __future__ import annotations

import json
import re

import pytest
from harness import (
    ALL_DAY,
    COMMUNITY_TOML,
    Clock,
    MakeBot,
    RunningBot,
    answer_to,
    button_data,
    press,
    shown,
    text_in,
    toml_tables,
    worker_tables,
)
from ids import COMMITTEE, GROUP_A, GROUP_B, LI, RESIDENT, WANG, ZHAO

from bot.core.callbacks import Action, decode
from bot.core.community_file import parse_community
from bot.core.types import Status, Urgency
from bot.fakeapi import FakeTelegram
from bot.render.i18n import plain
from storage import events, outbox

# grid A holds buildings 11-40 too: 30 outages in 30 buildings, none the same problem as another
STORM_TOML = COMMUNITY_TOML.replace(
    'buildings = ["1", "2", "3", "4", "5"]',
    "buildings = " + json.dumps(["1", "2", "3", "4", "5", *map(str, range(11, 41))]),
)
BUILDINGS = range(11, 41)
FIRST_CARDS = 3  # cards a worker gets in ten minutes before the rest come in lists


@pytest.fixture
async def bot(make_bot: MakeBot) -> RunningBot:
    assert "11" in STORM_TOML
    running = await make_bot(parse_community(STORM_TOML, "t"), Clock())
    for worker in (WANG, LI):
        running.fake.user_starts_bot(worker)
    return running


def named_today(note: str) -> set[int]:
    """The events the committee's note of the day about a worker the bot cannot message names."""
    return {int(i) for i in re.findall(r"#(\d+)", next(x for x in note.splitlines() if x.startswith("今天涉及的事件")))}


def dms(fake: FakeTelegram, chat_id: int, since: int = 0) -> list[dict]:
    """The messages the bot sent a person since a call mark, as sent."""
    return [
        c.result
        for c in fake.calls[since:]
        if c.ok and c.method == "sendMessage" and int(c.params["chat_id"]) == chat_id and isinstance(c.result, dict)
    ]


def cards(fake: FakeTelegram, chat_id: int, since: int = 0) -> list[dict]:
    """Event cards (with Accept when sent) among them."""
    return [m for m in dms(fake, chat_id, since) if _has(m, Action.ACCEPT)]


def lists(fake: FakeTelegram, chat_id: int, since: int = 0) -> list[dict]:
    """Lists with a '#N' button per event among them."""
    return [m for m in dms(fake, chat_id, since) if _has(m, Action.SHOW)]


def _has(msg: dict, action: Action) -> bool:
    rows = (msg.get("reply_markup") or {}).get("inline_keyboard") or []
    return any((cb := decode(b.get("callback_data"))) is not None and cb.action is action for r in rows for b in r)


def show_button(msg: dict, event_id: int) -> str:
    """The callback data of a list's '#N' button for an event."""
    for row in msg["reply_markup"]["inline_keyboard"]:
        for b in row:
            if (cb := decode(b.get("callback_data"))) is not None and cb.action is Action.SHOW and cb.id == event_id:
                return b["callback_data"]
    raise AssertionError(f"no #{event_id} button")


def offered(fake: FakeTelegram, chat_id: int, since: int = 0) -> set[int]:
    """The events the lists sent to a worker offer as '#N' buttons."""
    return {
        cb.id
        for m in lists(fake, chat_id, since)
        for row in m["reply_markup"]["inline_keyboard"]
        for b in row
        if (cb := decode(b.get("callback_data"))) is not None and cb.action is Action.SHOW
    }


def card_id(msg: dict) -> int:
    return int(re.search(r"#(\d+)", msg["text"]).group(1))


def listed_ids(msg: dict) -> list[int]:
    return [int(x) for x in re.findall(r"#(\d+) ", msg["text"])]


async def storm(bot: RunningBot, texts: list[str]) -> list[dict]:
    """Residents report these in group A within a moment; their messages."""
    sent = [bot.fake.send_message(GROUP_A, RESIDENT + i, text) for i, text in enumerate(texts)]
    await bot.settle(timers=True)
    assert await bot.event_count() == len(texts)
    return sent


async def no_stray_failures(bot: RunningBot) -> None:
    async with bot.ctx.db.read() as c:
        assert await outbox.failures(c) == []


async def test_thirty_outages_come_as_three_cards_and_one_list_each_event_acceptable(bot: RunningBot) -> None:
    fake = bot.fake
    await storm(bot, [f"{b}号楼停电了" for b in BUILDINGS])
    first = cards(fake, WANG)
    assert [card_id(m) for m in first] == list(range(1, FIRST_CARDS + 1))
    assert lists(fake, WANG) == []  # the rest held for their list (up to two minutes)
    await bot.advance(minutes=2)
    [listed] = lists(fake, WANG)
    assert listed_ids(listed) == list(range(FIRST_CARDS + 1, 31))  # every other event, once
    assert "新来 27 个事件" in listed["text"] and "报修" in listed["text"] and "17号楼" in listed["text"]
    assert len(cards(fake, WANG)) == FIRST_CARDS  # no card of a listed event came with it
    # '#20' brings its card, the live copy, with Accept; accepting it works as from any card
    mark = len(fake.calls)
    fake.press_button(WANG, WANG, listed["message_id"], show_button(listed, 20))
    await bot.settle()
    [card] = cards(fake, WANG, mark)
    assert card_id(card) == 20
    await shown(fake, WANG, card["message_id"], Action.ACCEPT)
    press(fake, WANG, WANG, card["message_id"], Action.ACCEPT)
    await bot.settle()
    assert (await bot.event(20)).status is Status.ACCEPTED
    assert button_data(fake, WANG, card["message_id"], Action.CLOSE)  # the card now offers Close
    await no_stray_failures(bot)
    async with bot.ctx.db.read() as c:  # a listed event is 'notified' as a carded one
        assert any(line.action == "notified" for line in await events.timeline(c, 25))


async def test_a_red_in_the_storm_comes_at_once_on_its_own(bot: RunningBot) -> None:
    fake = bot.fake
    texts = [f"{b}号楼停电了" for b in range(11, 21)]
    await storm(bot, texts)
    mark = len(fake.calls)
    fake.send_message(GROUP_A, RESIDENT, "21号楼着火了！")
    await bot.settle()  # no clock moved: nothing held
    assert (await bot.event(11)).urgency is Urgency.RED
    [red] = cards(fake, WANG, mark)
    assert card_id(red) == 11 and lists(fake, WANG) == []
    await bot.advance(minutes=2)
    [listed] = lists(fake, WANG)
    assert listed_ids(listed) == list(range(FIRST_CARDS + 1, 11))  # the red is not in it


async def test_a_held_event_changed_before_its_list_edits_nothing_and_a_red_one_comes_at_once(
    bot: RunningBot,
) -> None:
    """State changes of an event whose card was never sent edit no message of the worker (none "never sent"); a
    held event raised to red by its reporter's edit gets its card at once, and its list does not name it."""
    fake = bot.fake
    sent = await storm(bot, [f"{b}号楼停电了" for b in range(11, 17)])  # #4-#6 held
    mark = len(fake.calls)
    fake.edit_message(GROUP_A, sent[4]["message_id"], "15号楼停电了，楼道也黑了")  # #5: edited, still yellow
    fake.edit_message(GROUP_A, sent[5]["message_id"], "16号楼停电了，电梯里有人被困！")  # #6: red now
    await bot.settle()
    assert (await bot.event(6)).urgency is Urgency.RED
    assert [card_id(m) for m in cards(fake, WANG, mark)] == [6]
    async with bot.ctx.db.read() as c:  # the edits queued for the worker: of #6's card alone (now sent)
        rows = await c.execute_fetchall(
            "SELECT DISTINCT event_id FROM outbox WHERE chat_id = ? AND method LIKE 'edit%'", (WANG,)
        )
    assert [r[0] for r in rows] == [6]
    await bot.advance(minutes=2)
    [listed] = lists(fake, WANG)
    assert listed_ids(listed) == [4, 5] and "楼道也黑了" in listed["text"]  # as it is now
    await no_stray_failures(bot)


async def test_timers_chase_held_events_as_any(bot: RunningBot) -> None:
    """A listed event is dispatched and chased as any: at 15 minutes the reminders of all 8 come as one list."""
    fake = bot.fake
    await storm(bot, [f"{b}号楼停电了" for b in range(11, 19)])
    await bot.advance(minutes=2)
    mark = len(fake.calls)
    await bot.advance(minutes=13)
    reminders = lists(fake, WANG, mark)
    assert [sorted(listed_ids(m)) for m in reminders] == [list(range(1, 9))]
    assert "仍无人接单" in reminders[0]["text"]


async def test_a_worker_who_blocked_the_bot_is_handled_as_before(bot: RunningBot) -> None:
    """The cards fail as today (each goes to the next on duty); the list fails once: one list to the next on duty.
    The committee hears of him once that day, in one note naming every event (edited as more fail)."""
    fake = bot.fake
    fake.fail_next(None, 403, "Forbidden: bot was blocked by the user", times=100, chat_id=WANG)
    await storm(bot, [f"{b}号楼停电了" for b in range(11, 21)])
    await bot.advance(minutes=2)
    to_li = dms(fake, LI)
    reached = {card_id(m) for m in cards(fake, LI)} | {i for m in lists(fake, LI) for i in listed_ids(m)}
    assert reached == set(range(1, 11)), [m["text"][:60] for m in to_li]
    committee = [m["text"] for m in dms(fake, COMMITTEE) if "无法私信" in m["text"]]
    assert len(committee) == 1, committee
    note = text_in(fake, COMMITTEE, "无法私信王师傅")  # as edited since
    assert named_today(note) == set(range(1, 11)), note


async def test_those_held_within_two_minutes_come_in_one_list_none_early_none_later_than_two_minutes(
    bot: RunningBot,
) -> None:
    """Reported apart: #4 is held till 2:00 and #5, held at 1:30, joins its list at 2:00 (not at 3:30, nor was
    it taken before its own time); #6, held after that list went, comes at its own two minutes, as its card; no
    timer fired before its time."""
    fake = bot.fake
    await storm(bot, [f"{b}号楼停电了" for b in range(11, 15)])  # #1-#3 cards, #4 held
    await bot.advance(seconds=90)
    fake.send_message(GROUP_A, RESIDENT + 10, "15号楼停电了")  # #5
    await bot.settle(timers=True)
    assert lists(fake, WANG) == [] and len(cards(fake, WANG)) == FIRST_CARDS
    await bot.advance(seconds=30)
    [listed] = lists(fake, WANG)
    assert listed_ids(listed) == [4, 5]
    await bot.advance(seconds=10)
    fake.send_message(GROUP_A, RESIDENT + 11, "16号楼停电了")  # #6, held on its own
    await bot.settle(timers=True)
    mark = len(fake.calls)
    await bot.advance(seconds=119)
    assert dms(fake, WANG, mark) == []
    await bot.advance(seconds=1)
    assert [card_id(m) for m in cards(fake, WANG, mark)] == [6]  # the only one held: its card
    async with bot.ctx.db.read() as c:
        early = await c.execute_fetchall("SELECT id FROM timers WHERE fired_at < due_at")
    assert early == []


async def test_a_red_re_ping_due_with_a_list_of_new_events_stays_a_card_of_its_own(bot: RunningBot) -> None:
    """A list of new events takes only held first messages: the red's re-ping due at the same moment comes as
    it always does, its own card with Accept, and the list does not name it."""
    fake = bot.fake
    for i, text in enumerate(("11号楼着火了！", "12号楼停电了", "13号楼停电了")):  # #1 red (re-ping at 5:00), cards
        fake.send_message(GROUP_A, RESIDENT + 30 + i, text)
    await bot.settle(timers=True)
    await bot.advance(minutes=3)
    for i, b in enumerate((14, 15)):  # #4, #5: held till 5:00
        fake.send_message(GROUP_A, RESIDENT + 20 + i, f"{b}号楼停电了")
    await bot.settle(timers=True)
    mark = len(fake.calls)
    await bot.advance(minutes=2)
    [listed] = lists(fake, WANG, mark)
    assert listed_ids(listed) == [4, 5] and "新来 2 个事件" in listed["text"]
    [reping] = cards(fake, WANG, mark)
    assert card_id(reping) == 1 and "#4" not in reping["text"]


async def test_with_first_dm_cards_0_nothing_is_held(make_bot: MakeBot) -> None:
    """FIRST_DM_CARDS=0 (the fault suite, the benchmarks): every new event's card at once, as before."""
    running = await make_bot(parse_community(STORM_TOML, "t"), Clock(), first_dm_cards=0)
    running.fake.user_starts_bot(WANG)
    await storm(running, [f"{b}号楼停电了" for b in range(11, 21)])
    assert [card_id(m) for m in cards(running.fake, WANG)] == list(range(1, 11))
    async with running.ctx.db.read() as c:
        [(held,)] = await c.execute_fetchall("SELECT COUNT(*) FROM timers WHERE kind = 'first_dm'")
    assert held == 0


async def test_a_list_of_new_events_that_fails_is_told_to_the_committee_as_their_cards_would_be(
    bot: RunningBot,
) -> None:
    """The list of held events refused for a reason other than 403 (a 400, or attempts given up) was their only word
    to the worker, and the committee, told "the worker on duty was notified", heard nothing; a card failing so is
    told. Now the committee hears it once, naming the list's events."""
    fake = bot.fake
    await storm(bot, [f"{b}号楼停电了" for b in range(11, 16)])  # #4, #5 held
    fake.fail_next("sendMessage", 400, "Bad Request: can't parse entities", chat_id=WANG)
    await bot.advance(minutes=2)
    await bot.settle()
    assert lists(fake, WANG) == []
    [told] = [m["text"] for m in dms(fake, COMMITTEE) if "未能送达" in m["text"]]
    assert "#4、#5" in told and "王师傅" in told, told


async def test_a_hand_off_of_a_storm_brings_a_few_cards_and_the_rest_as_buttons_on_its_notice(
    bot: RunningBot,
) -> None:
    """王 goes off duty with ten events waiting, one of them red: 李 gets the hand-off notice naming all ten, the
    red's card and the first few others' cards, and a '#N' button on the notice for each of the rest (was: a card
    for each of the ten, eleven messages at once)."""
    fake = bot.fake
    await storm(bot, [f"{b}号楼停电了" for b in range(11, 20)])
    fake.send_message(GROUP_A, RESIDENT + 20, "20号楼着火了！")
    await bot.settle(timers=True)
    assert (await bot.event(10)).urgency is Urgency.RED
    mark = len(fake.calls)
    fake.send_message(WANG, WANG, "/offduty")
    await bot.settle(timers=True)
    assert [(await bot.event(i)).assignee_id for i in range(1, 11)] == [LI] * 10
    to_li = dms(fake, LI, mark)
    carded = sorted(card_id(m) for m in cards(fake, LI, mark))
    assert 10 in carded and len(carded) == FIRST_CARDS + 1, carded  # the red, and the first few
    [notice] = [m for m in to_li if "交接班" in m["text"] and _has(m, Action.SHOW)]
    assert sorted(listed_ids(notice)) == list(range(1, 11))  # every event named
    rest = [i for i in range(1, 11) if i not in carded]
    for i in rest:
        show_button(notice, i)
    assert len(to_li) == 1 + len(carded), [m["text"][:40] for m in to_li]
    # a '#N' of the notice brings its card, which takes it
    mark = len(fake.calls)
    fake.press_button(LI, LI, notice["message_id"], show_button(notice, rest[-1]))
    await bot.settle()
    [card] = cards(fake, LI, mark)
    assert card_id(card) == rest[-1]
    press(fake, LI, LI, card["message_id"], Action.ACCEPT)
    await bot.settle()
    assert (await bot.event(rest[-1])).status is Status.ACCEPTED
    await no_stray_failures(bot)


async def test_events_that_waited_for_no_one_come_to_whoever_comes_on_duty_as_a_few_cards_and_a_list(
    bot: RunningBot,
) -> None:
    """Nobody on duty through a storm of eight outages: the first worker to come on duty gets the first few as
    cards and the rest in one list (was: eight cards at once); each listed one is taken from its card."""
    fake = bot.fake
    for worker in (WANG, LI):
        fake.send_message(worker, worker, "/offduty")
    await bot.settle(timers=True)
    await storm(bot, [f"{b}号楼停电了" for b in range(11, 19)])
    assert [(await bot.event(i)).assignee_id for i in range(1, 9)] == [None] * 8
    mark = len(fake.calls)
    fake.send_message(LI, LI, "/onduty")
    await bot.settle(timers=True)
    assert [(await bot.event(i)).assignee_id for i in range(1, 9)] == [LI] * 8
    assert [card_id(m) for m in cards(fake, LI, mark)] == list(range(1, FIRST_CARDS + 1))
    [listed] = lists(fake, LI, mark)
    assert listed_ids(listed) == list(range(FIRST_CARDS + 1, 9))
    mark = len(fake.calls)
    fake.press_button(LI, LI, listed["message_id"], show_button(listed, 8))
    await bot.settle()
    [card] = cards(fake, LI, mark)
    press(fake, LI, LI, card["message_id"], Action.ACCEPT)
    await bot.settle()
    assert (await bot.event(8)).status is Status.ACCEPTED
    await no_stray_failures(bot)


async def test_a_hand_off_notice_that_cannot_reach_its_worker_falls_back_for_each_event_it_lists(
    bot: RunningBot,
) -> None:
    """李 blocked the bot: the cards fail as before, and the notice standing for the others' cards fails as a
    list does (the committee hears of every event, none lost)."""
    fake = bot.fake
    await storm(bot, [f"{b}号楼停电了" for b in range(11, 19)])
    fake.fail_next(None, 403, "Forbidden: bot was blocked by the user", times=100, chat_id=LI)
    mark = len(fake.calls)
    fake.send_message(WANG, WANG, "/offduty")
    await bot.settle(timers=True)
    assert [m["text"] for m in dms(fake, COMMITTEE, mark) if "无法私信" in m["text"]]  # told after the hand-off
    told = text_in(fake, COMMITTEE, "无法私信李姐")  # one note, edited to name each event as its message fails
    assert named_today(told) == set(range(1, 9)), told


# 王 is grid A's and grid B's worker on duty, 李 the backup of both: 王 going off duty makes two hand-offs to 李
GRID_A_MORE, GRID_B_MORE = range(11, 61), range(61, 111)
TWO_GRIDS_TOML = (
    COMMUNITY_TOML.split("[[grids]]")[0]
    + toml_tables(
        "grids",
        {
            "id": "A",
            "name": "第一网格",
            "buildings": ["1", "2", "3", "4", "5", *map(str, GRID_A_MORE)],
            "chats": [GROUP_A],
        },
        {"id": "B", "name": "第二网格", "buildings": ["6", "7", "8", *map(str, GRID_B_MORE)], "chats": [GROUP_B]},
    )
    + worker_tables({WANG: "王师傅", LI: "李姐"})
    + toml_tables(
        "shifts",
        {"worker": WANG, "grid": "A", **ALL_DAY, "role": "primary"},
        {"worker": LI, "grid": "A", **ALL_DAY, "role": "backup"},
        {"worker": WANG, "grid": "B", **ALL_DAY, "role": "primary"},
        {"worker": LI, "grid": "B", **ALL_DAY, "role": "backup"},
    )
)


@pytest.mark.parametrize("each", [5, 45])
async def test_two_hand_offs_to_one_worker_at_once_each_bring_their_listed_events(make_bot: MakeBot, each: int) -> None:
    """王 goes off duty with events waiting in grid A and in grid B, all now 李's: each grid's hand-off lists its
    events past the first few on its notice (past 40 of them, in a list of their own), and 李 gets every one (the
    second grid's notice and list were swallowed as the first's repeats, its listed events told to no one)."""
    running = await make_bot(parse_community(TWO_GRIDS_TOML, "t"), Clock())
    fake = running.fake
    for worker in (WANG, LI):
        fake.user_starts_bot(worker)
    for group, buildings in ((GROUP_A, GRID_A_MORE), (GROUP_B, GRID_B_MORE)):
        for b in buildings[:each]:
            fake.send_message(group, RESIDENT + b, f"{b}号楼停电了")
    await running.settle(timers=True)
    assert await running.event_count() == 2 * each
    mark = len(fake.calls)
    fake.send_message(WANG, WANG, "/offduty")
    await running.settle(timers=True)
    assert {(await running.event(i)).assignee_id for i in range(1, 2 * each + 1)} == {LI}
    carded = {card_id(m) for m in cards(fake, LI, mark)}
    buttons = offered(fake, LI, mark)
    assert carded | buttons == set(range(1, 2 * each + 1)), set(range(1, 2 * each + 1)) - carded - buttons
    await no_stray_failures(running)


async def test_a_worker_off_duty_on_two_desks_with_nobody_coming_on_is_told_to_the_committee_for_both(
    make_bot: MakeBot,
) -> None:
    """王 alone holds grids A and B and goes off duty with events waiting in both, nobody coming on: the committee
    hears of every one (the second grid's notice had the first's once-only key, swallowed: B's events unnamed)."""
    toml = TWO_GRIDS_TOML.split("[[shifts]]")[0] + toml_tables(
        "shifts",
        {"worker": WANG, "grid": "A", **ALL_DAY, "role": "primary"},
        {"worker": WANG, "grid": "B", **ALL_DAY, "role": "primary"},
    )
    running = await make_bot(parse_community(toml, "t"), Clock())
    fake = running.fake
    fake.user_starts_bot(WANG)
    fake.send_message(GROUP_A, RESIDENT, "11号楼停电了")
    fake.send_message(GROUP_B, RESIDENT + 1, "61号楼停电了")
    await running.settle(timers=True)
    mark = len(fake.calls)
    fake.send_message(WANG, WANG, "/offduty")
    await running.settle(timers=True)
    told = " ".join(m["text"] for m in dms(fake, COMMITTEE, mark) if "无人接班" in m["text"])
    assert "#1" in told and "#2" in told and "##" not in told, told  # each number marked once ("##1" was shown)


async def test_a_listed_events_button_says_its_card_is_sent_not_sent_again(bot: RunningBot) -> None:
    """'#5' on a list of new events brings a card the worker never had: "sent below", not "sent again below"."""
    fake = bot.fake
    await storm(bot, [f"{b}号楼停电了" for b in range(11, 16)])
    await bot.advance(minutes=2)
    [listed] = lists(fake, WANG)
    answer = await answer_to(fake, fake.press_button(WANG, WANG, listed["message_id"], show_button(listed, 5)))
    assert answer["text"] == plain("zh-Hans", "cb.shown_first", id=5), answer
    await bot.settle()
    [card] = cards(fake, WANG, 0)[-1:]
    assert card_id(card) == 5


def night_both_toml(b_ends: str) -> str:
    """王 holds grid A 08:00-20:00, 赵 grid B 08:00-`b_ends`; 李 comes on in both as their shifts end."""
    return (
        TWO_GRIDS_TOML.split("[[workers]]")[0]
        + worker_tables({WANG: "王师傅", LI: "李姐", ZHAO: "赵师傅"})
        + toml_tables(
            "shifts",
            {"worker": WANG, "grid": "A", "start": "08:00", "end": "20:00"},
            {"worker": ZHAO, "grid": "B", "start": "08:00", "end": b_ends},
            {"worker": LI, "grid": "A", "start": "20:00", "end": "08:00"},
            {"worker": LI, "grid": "B", "start": b_ends, "end": "08:00"},
        )
    )


@pytest.mark.parametrize(("b_ends", "carded"), [("20:00", FIRST_CARDS), ("20:05", FIRST_CARDS), ("20:12", 6)])
async def test_hand_offs_to_one_worker_together_share_her_few_cards(
    make_bot: MakeBot, b_ends: str, carded: int
) -> None:
    """Grid A's day shift (王) and grid B's (赵) end at 20:00, each with five outages waiting, and 李 comes on in
    both: she got each hand-off's first three as cards, six at once (each hand-off had its own budget). Now the
    cards she got in the last ten minutes count: three in all, the rest '#N' buttons on the two notices; a
    hand-off more than ten minutes after the first brings its own few again."""
    running = await make_bot(parse_community(night_both_toml(b_ends), "t"), Clock())
    fake = running.fake
    for worker in (WANG, LI, ZHAO):
        fake.user_starts_bot(worker)
    for group, buildings in ((GROUP_A, GRID_A_MORE), (GROUP_B, GRID_B_MORE)):
        for b in buildings[:5]:
            fake.send_message(group, RESIDENT + b, f"{b}号楼停电了")
    await running.settle(timers=True)
    assert sorted([(await running.event(i)).assignee_id for i in range(1, 11)]) == [WANG] * 5 + [ZHAO] * 5
    await running.advance(hours=9, minutes=59)  # their chasing up to 19:59
    mark = len(fake.calls)
    await running.advance(minutes=1)
    await running.advance(minutes=int(b_ends[-2:]))
    assert {(await running.event(i)).assignee_id for i in range(1, 11)} == {LI}
    got = [card_id(m) for m in cards(fake, LI, mark)]
    buttons = offered(fake, LI, mark)
    assert len(got) == carded, got
    assert set(got) | buttons == set(range(1, 11)), set(range(1, 11)) - set(got) - buttons
    await no_stray_failures(running)
