"""The committee's loose ends (committee review 57): a yellow reported at night with nobody on duty is told to the
committee once, saying when the next shift starts, and waits for it (no "nobody accepted" at 30 minutes);
an overdue list lets the chair act on each event; members of the committee chat may press its "派给…" buttons,
and no one else; a state question naming the event's worker is passed to him."""

from __future__ import annotations

from datetime import timedelta

from harness import COMMUNITY_TOML, Clock, MakeBot, RunningBot, answer_to, button_data, exchange, press, toml_tables
from ids import ADMIN, COMMITTEE, GROUP_A, LI, RESIDENT, START, WANG

from bot.core.callbacks import Action, decode, id_arg
from bot.core.community_file import parse_community
from bot.core.types import Status
from bot.render.i18n import plain

DAYTIME = COMMUNITY_TOML.split("[[shifts]]")[0] + toml_tables(
    "shifts",
    {"worker": WANG, "grid": "A", "days": "mon-fri", "start": "08:30", "end": "17:30", "role": "primary"},
    {"worker": LI, "grid": "A", "days": "mon-fri", "start": "08:30", "end": "17:30", "role": "backup"},
)
MONDAY_22 = START + timedelta(hours=12)  # START is Monday 10:00 in Shanghai


def ids(bot: RunningBot, chat_id: int) -> set[int]:
    return {m["message_id"] for m in bot.fake.messages(chat_id)}


def new_texts(bot: RunningBot, chat_id: int, before: set[int]) -> list[str]:
    return [m.get("text", "") for m in bot.fake.messages(chat_id) if m["message_id"] not in before]


async def yellow_at_night(make_bot: MakeBot) -> tuple[RunningBot, dict]:
    """Monday 22:00, nobody on duty until Tuesday 08:30: 刘阿姨 reports a yellow; the committee's one note."""
    bot = await make_bot(parse_community(DAYTIME, "t"), Clock(MONDAY_22))
    bot.fake.user_starts_bot(WANG)
    bot.fake.user_starts_bot(LI)
    bot.fake.send_message(GROUP_A, RESIDENT, "4号楼停水了，一整天都没水")
    await bot.fake.wait_for(lambda: bot.fake.find_message(GROUP_A, "#1"))
    await bot.settle(timers=True)
    assert (await bot.event(1)).urgency.value == "yellow"
    [note] = bot.fake.messages(COMMITTEE)
    return bot, note


async def test_a_yellow_at_night_is_told_once_with_the_next_shift_and_waits_for_it(make_bot: MakeBot) -> None:
    bot, note = await yellow_at_night(make_bot)
    when = plain("zh-Hans", "when.tomorrow", hm="08:30")
    assert f"下一班{when} 上班" in note["text"] and "#1" in note["text"], note["text"]
    assert {b["text"] for b in bot.fake.buttons(COMMITTEE, note["message_id"])} >= {"👉 派给王师傅", "👉 派给李姐"}
    await bot.advance(hours=2)  # past the 30 minutes that told it again "nobody accepted"
    assert ids(bot, COMMITTEE) == {note["message_id"]}
    await bot.advance(hours=8, minutes=30)  # Tuesday 08:30: handed to the worker coming on, as a green is
    card = await bot.fake.wait_for(lambda: bot.fake.find_message(WANG, "#1"))
    assert "4号楼停水了" in card["text"]
    assert ((ev := await bot.event(1)).status, ev.assignee_id) == (Status.DISPATCHED, WANG)
    before = ids(bot, COMMITTEE)
    await bot.advance(minutes=31)  # chased from the shift's start: he did not accept, the backup and committee hear
    told = new_texts(bot, COMMITTEE, before)
    assert len(told) == 1 and told[0].startswith("⏫") and "王师傅" in told[0], told


async def test_a_night_note_s_button_gives_it_to_a_worker_at_once(make_bot: MakeBot) -> None:
    bot, note = await yellow_at_night(make_bot)
    query = press(bot.fake, ADMIN, COMMITTEE, note["message_id"], Action.ASSIGN, id_arg(LI))
    assert (await answer_to(bot.fake, query)).get("text") == plain("zh-Hans", "cb.assigned", worker="李姐")
    await bot.settle(timers=True)
    assert (await bot.event(1)).assignee_id == LI
    await bot.fake.wait_for(lambda: bot.fake.find_message(LI, "#1"))


CLERK = 3001  # 居委会小陈: a member of the committee chat, in neither the file's admins nor its workers


async def test_a_member_of_the_committee_chat_may_press_the_buttons_and_no_one_else(make_bot: MakeBot) -> None:
    """Committee review: only the file's admins could press "派给…", and the committee's staff are not all there."""
    bot, note = await yellow_at_night(make_bot)
    fake = bot.fake
    fake.user(CLERK, "居委会小陈")
    fake.set_member(COMMITTEE, CLERK, "member")
    forged = press(fake, RESIDENT, COMMITTEE, note["message_id"], Action.ASSIGN, id_arg(WANG))  # not in the chat
    refusal = await answer_to(fake, forged)
    assert refusal.get("show_alert") is True and refusal.get("text") == plain("zh-Hans", "cb.only_committee")
    assert (await bot.event(1)).assignee_id is None
    query = press(fake, CLERK, COMMITTEE, note["message_id"], Action.ASSIGN, id_arg(LI))
    assert (await answer_to(fake, query)).get("text") == plain("zh-Hans", "cb.assigned", worker="李姐")
    await bot.settle(timers=True)
    assert (await bot.event(1)).assignee_id == LI
    said = plain("zh-Hans", "committee.assigned", id=1, admin="居委会小陈", worker="李姐")
    assert fake.find_message(COMMITTEE, said) is not None


async def overdue_list(make_bot: MakeBot, n: int) -> tuple[RunningBot, dict]:
    """王师傅 accepts ``n`` hall lights reported at once; two days on, the committee's one list of them overdue."""
    bot = await make_bot(None, Clock(START), first_dm_cards=0)
    bot.fake.user_starts_bot(WANG)
    bot.fake.user_starts_bot(LI)
    for k in range(1, n + 1):
        card = await exchange(bot.fake, GROUP_A, RESIDENT + k, f"{k % 5 + 1}号楼{k}单元楼道灯坏了", f"#{k}", where=WANG)
        press(bot.fake, WANG, WANG, card["message_id"], Action.ACCEPT)
        await bot.settle(timers=True)
    await bot.advance(days=2, minutes=5)
    listing = bot.fake.find_message(COMMITTEE, plain("zh-Hans", "nudge.committee_overdue_head", n=n))
    assert listing is not None
    return bot, listing


def arranged(bot: RunningBot, message_id: int) -> list[int]:
    """The events a list's "#N 派给…" buttons are for."""
    found = [decode(b.get("callback_data")) for b in bot.fake.buttons(COMMITTEE, message_id)]
    return [cb.id for cb in found if cb is not None and cb.action is Action.ASSIGN and not cb.arg]


async def test_an_overdue_list_lets_the_chair_move_each_of_its_events(make_bot: MakeBot) -> None:
    bot, listing = await overdue_list(make_bot, 2)
    fake = bot.fake
    assert arranged(bot, listing["message_id"]) == [1, 2]
    query = press(fake, ADMIN, COMMITTEE, listing["message_id"], Action.ASSIGN)  # the first: "#1 派给…"
    await answer_to(fake, query)
    data = button_data(fake, COMMITTEE, listing["message_id"], Action.ASSIGN)
    two = next(b["callback_data"] for b in fake.buttons(COMMITTEE, listing["message_id"]) if b["callback_data"] != data)
    query = fake.press_button(ADMIN, COMMITTEE, listing["message_id"], two)
    assert (await answer_to(fake, query)).get("text") == plain("zh-Hans", "cb.arrange_below", id=2)
    await bot.settle()
    note = fake.find_message(COMMITTEE, "👉 #2 ·")
    assert note is not None and note["reply_to_message"]["message_id"] == listing["message_id"]
    assert "王师傅" in note["text"]  # how it stands: accepted by him
    before = ids(bot, COMMITTEE)
    again = fake.press_button(ADMIN, COMMITTEE, listing["message_id"], two)  # a second press: no second note
    await answer_to(fake, again)
    await bot.settle()
    assert ids(bot, COMMITTEE) == before
    query = press(fake, ADMIN, COMMITTEE, note["message_id"], Action.ASSIGN, id_arg(LI))  # the note's own buttons
    assert (await answer_to(fake, query)).get("text") == plain("zh-Hans", "cb.assigned", worker="李姐")
    await bot.settle(timers=True)
    assert ((ev := await bot.event(2)).status, ev.assignee_id) == (Status.DISPATCHED, LI)
    assert (await bot.event(1)).assignee_id == WANG


async def test_a_list_s_press_after_the_close_is_refused(make_bot: MakeBot) -> None:
    bot, listing = await overdue_list(make_bot, 2)
    fake = bot.fake
    data = button_data(fake, COMMITTEE, listing["message_id"], Action.ASSIGN)
    for action in (Action.CLOSE, Action.CLOSE_NOTHING_FOUND):  # on his card of #1
        card = next(m for m in fake.messages(WANG) if button_data(fake, WANG, m["message_id"], action).endswith(":1"))
        press(fake, WANG, WANG, card["message_id"], action)
        await bot.settle(timers=True)
    assert (await bot.event(1)).status is Status.CLOSED
    refusal = await answer_to(fake, fake.press_button(ADMIN, COMMITTEE, listing["message_id"], data))
    assert refusal.get("show_alert") is True
    forged = await answer_to(fake, fake.press_button(RESIDENT, COMMITTEE, listing["message_id"], data))
    assert forged.get("text") == plain("zh-Hans", "cb.only_committee")


async def test_a_long_overdue_list_has_ten_buttons_and_says_how_many_more(make_bot: MakeBot) -> None:
    bot, listing = await overdue_list(make_bot, 12)
    assert arranged(bot, listing["message_id"]) == list(range(1, 11))
    assert plain("zh-Hans", "nudge.arrange_more", n=2, most=10) in listing["text"]


WANG_QIANG = COMMUNITY_TOML.replace('name = "王师傅"', 'name = "王强"')  # 王师傅 is 王强 in the file


async def test_a_state_question_naming_the_worker_is_passed_to_him(make_bot: MakeBot) -> None:
    """Committee review: "王师傅修好了吗？" under #1's note was answered from its state and never reached 王强."""
    bot = await make_bot(parse_community(WANG_QIANG, "t"), Clock(START))
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(LI)
    await exchange(fake, GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了", "#1", where=WANG)
    await bot.advance(minutes=61)  # nobody accepted: the committee's note
    note = fake.find_message(COMMITTEE, "⏫")
    state = plain("zh-Hans", "state.dispatched") + plain("zh-Hans", "followup.by", worker="王强")
    stands = plain("zh-Hans", "committee.note_state", id=1, state=state)
    for words in ("王师傅修好了吗？", "老王处理了没有"):
        before = ids(bot, WANG)
        sent = fake.send_message(COMMITTEE, ADMIN, words, reply_to_message_id=note["message_id"])
        await bot.settle()
        [dm] = new_texts(bot, WANG, before)
        assert dm.startswith("📣") and words in dm
        told = plain("zh-Hans", "committee.noted", id=1) + plain("zh-Hans", "committee.note_told", workers="王强")
        assert said_under(bot, sent) == [told + stands]
    before = ids(bot, WANG)
    who = fake.send_message(COMMITTEE, ADMIN, "谁在处理？修好了吗", reply_to_message_id=note["message_id"])
    await bot.settle()
    assert new_texts(bot, WANG, before) == []  # naming no one: answered from its state alone
    assert said_under(bot, who) == [plain("zh-Hans", "committee.noted", id=1) + stands]


def said_under(bot: RunningBot, sent: dict) -> list[str]:
    return [
        m.get("text", "")
        for m in bot.fake.messages(COMMITTEE)
        if m.get("reply_to_message", {}).get("message_id") == sent["message_id"]
    ]
