"""The committee's and the worker's loose ends (committee review): a chair's words under a note about one event reach
its worker, and she is told who got them; words under a note about several events name one or are told how; an
overdue note moves accepted work in one tap; the Hand back button under a worker's "今天去不了" goes once pressed; the
worker's answer under the committee's words goes back to the committee.

Over 300 lines: one story per kind of note the committee writes under, and per way a worker answers it."""

from __future__ import annotations

from harness import (
    COMMUNITY_TOML,
    Clock,
    MakeBot,
    RunningBot,
    all_day_staff,
    answer_to,
    answer_under,
    button_data,
    exchange,
    press,
    with_button,
)
from ids import ADMIN, COMMITTEE, GROUP_A, LI, RESIDENT, RESIDENT2, START, WANG, ZHAO

from bot.core.callbacks import Action, decode, id_arg
from bot.core.community_file import parse_community
from bot.core.types import Status
from bot.render.i18n import plain
from storage import events


async def lamp(make_bot: MakeBot, *reports: str, started: tuple[int, ...] = (WANG, LI, ZHAO)) -> RunningBot:
    """Grid A's group reports each of ``reports`` (#1, #2…); those in ``started`` have started the bot."""
    bot = await make_bot(None, Clock(START))
    for who in started:
        bot.fake.user_starts_bot(who)
    for n, words in enumerate(reports or ("3号楼2单元楼道灯坏了",), 1):
        await exchange(bot.fake, GROUP_A, RESIDENT + n - 1, words, f"已登记 #{n}")
    await bot.settle()
    return bot


async def escalated(make_bot: MakeBot, **kw: object) -> tuple[RunningBot, dict]:
    """A green lamp nobody accepts for 61 minutes: the committee's note that it waits (王师傅 has it)."""
    bot = await lamp(make_bot, **kw)
    await bot.advance(minutes=61)
    note = bot.fake.find_message(COMMITTEE, "⏫")
    assert note is not None and "#1" in note["text"]
    return bot, note


async def accepted(make_bot: MakeBot, *reports: str) -> RunningBot:
    """王师傅 accepts each report as its card comes."""
    bot = await lamp(make_bot, *reports)
    for n in range(1, len(reports) + 1):
        card = await bot.fake.wait_for(lambda n=n: bot.fake.find_message(WANG, f"#{n}"))
        press(bot.fake, WANG, WANG, card["message_id"], Action.ACCEPT)
    await bot.settle(timers=True)
    return bot


async def overdue(bot: RunningBot, needle: str) -> dict:
    """Days pass until the committee's message holding ``needle`` about accepted work past its fix-by time."""
    for _ in range(8):
        await bot.advance(hours=12)
        if (note := bot.fake.find_message(COMMITTEE, needle)) is not None:
            return note
    raise AssertionError("no overdue note")


def said_under(bot: RunningBot, sent: dict) -> list[str]:
    """The bot's answers in the committee chat to staff's message ``sent``."""
    return [
        m.get("text", "")
        for m in bot.fake.messages(COMMITTEE)
        if m.get("reply_to_message", {}).get("message_id") == sent["message_id"]
    ]


def new_texts(bot: RunningBot, chat_id: int, before: set[int]) -> list[str]:
    return [m.get("text", "") for m in bot.fake.messages(chat_id) if m["message_id"] not in before]


def ids(bot: RunningBot, chat_id: int) -> set[int]:
    return {m["message_id"] for m in bot.fake.messages(chat_id)}


async def notes_on(bot: RunningBot, event_id: int) -> list[str | None]:
    async with bot.ctx.db.read() as c:
        return [x.detail for x in await events.timeline(c, event_id) if x.action == "committee_note"]


def noted_told(event_id: int, workers: str) -> str:
    return plain("zh-Hans", "committee.noted", id=event_id) + plain("zh-Hans", "committee.note_told", workers=workers)


async def test_a_chair_s_order_under_the_note_reaches_the_worker_once_and_she_is_told_who_got_it(
    make_bot: MakeBot,
) -> None:
    bot, note = await escalated(make_bot)
    before = ids(bot, WANG)
    order = "请王师傅今天之内一定处理好 <b>"
    sent = bot.fake.send_message(COMMITTEE, ADMIN, order, reply_to_message_id=note["message_id"])
    await bot.settle()
    assert await notes_on(bot, 1) == [order]
    assert said_under(bot, sent) == [noted_told(1, "王师傅")]
    [dm] = new_texts(bot, WANG, before)
    assert dm.startswith("📣") and "#1" in dm and "3号楼2单元" in dm and order in dm  # escaped, shown as written
    assert "居委会张主任" in dm  # who wrote, by his Telegram name (the community file knows the admin by id)
    assert new_texts(bot, LI, ids(bot, LI)) == []  # the backup asked too, but it is 王师傅's
    # a second line a minute later reaches him too; the chair is not answered line by line
    before = ids(bot, WANG)
    again = bot.fake.send_message(COMMITTEE, ADMIN, "他说下午三点到就行", reply_to_message_id=note["message_id"])
    await bot.settle()
    assert len(new_texts(bot, WANG, before)) == 1 and said_under(bot, again) == []


async def test_thanks_stay_in_the_chat_and_who_has_it_is_answered_from_its_state(make_bot: MakeBot) -> None:
    bot, note = await escalated(make_bot)
    before = ids(bot, WANG)
    thanks = bot.fake.send_message(COMMITTEE, ADMIN, "收到，谢谢", reply_to_message_id=note["message_id"])
    await bot.settle()
    assert said_under(bot, thanks) == [plain("zh-Hans", "committee.noted", id=1)]
    who = bot.fake.send_message(COMMITTEE, ADMIN, "谁在处理？", reply_to_message_id=note["message_id"])
    await bot.settle()
    state = plain("zh-Hans", "state.dispatched") + plain("zh-Hans", "followup.by", worker="王师傅")
    expected = plain("zh-Hans", "committee.noted", id=1) + plain("zh-Hans", "committee.note_state", id=1, state=state)
    assert said_under(bot, who) == [expected]
    assert new_texts(bot, WANG, before) == []  # neither is for the worker
    assert await notes_on(bot, 1) == ["收到，谢谢", "谁在处理？"]


async def test_a_worker_who_blocked_the_bot_is_named_and_the_chair_asked_to_phone(make_bot: MakeBot) -> None:
    bot, note = await escalated(make_bot)
    bot.fake.blocked.add(WANG)  # quietly: the bot learns it from the 403
    sent = bot.fake.send_message(COMMITTEE, ADMIN, "请王师傅今天之内一定处理好", reply_to_message_id=note["message_id"])
    await bot.settle()
    failed = plain("zh-Hans", "committee.note_failed", id=1, worker="王师傅")
    assert said_under(bot, sent) == [noted_told(1, "王师傅")]  # tried: he was not known to be out of reach
    assert bot.fake.find_message(COMMITTEE, failed) is not None
    # known now: the next note says so at once, and nothing is sent to him
    again = bot.fake.send_message(COMMITTEE, ADMIN, "明天上午前务必修好", reply_to_message_id=note["message_id"])
    await bot.settle()
    not_told = plain("zh-Hans", "committee.note_not_told", workers="王师傅")
    assert said_under(bot, again) == [plain("zh-Hans", "committee.noted", id=1) + not_told]


async def test_under_an_overdue_list_words_naming_one_are_its_note_others_are_told_how(make_bot: MakeBot) -> None:
    bot = await accepted(make_bot, "3号楼2单元楼道灯坏了", "4号楼1单元楼道灯坏了")
    listing = await overdue(bot, "个事件已超过办结时限")
    before = ids(bot, WANG)
    named = bot.fake.send_message(COMMITTEE, ADMIN, "#2 明天上午必须修好", reply_to_message_id=listing["message_id"])
    await bot.settle()
    assert await notes_on(bot, 2) == ["#2 明天上午必须修好"] and await notes_on(bot, 1) == []
    assert said_under(bot, named) == [noted_told(2, "王师傅")]
    [dm] = new_texts(bot, WANG, before)
    assert "#2" in dm and "明天上午必须修好" in dm
    loose = bot.fake.send_message(COMMITTEE, ADMIN, "抓紧处理", reply_to_message_id=listing["message_id"])
    await bot.settle()
    which = plain("zh-Hans", "committee.note_which", ids="#1、#2", first=1)
    assert said_under(bot, loose) == [which]
    assert await notes_on(bot, 1) == [] and len(await notes_on(bot, 2)) == 1


async def test_under_the_weekly_digest_words_naming_an_overdue_event_are_its_note(make_bot: MakeBot) -> None:
    bot = await accepted(make_bot, "3号楼2单元楼道灯坏了")
    await overdue(bot, "⌛")
    await bot.advance(days=7)
    await exchange(bot.fake, COMMITTEE, ADMIN, "/digest", "社区周报", timeout=60)  # its chart takes a while
    digest = bot.fake.find_message(COMMITTEE, "社区周报")
    assert "#1" in digest["text"]
    sent = bot.fake.send_message(COMMITTEE, ADMIN, "#1 这个怎么拖了这么久？", reply_to_message_id=digest["message_id"])
    await bot.settle()
    assert await notes_on(bot, 1) == ["#1 这个怎么拖了这么久？"]
    assert said_under(bot, sent) == [noted_told(1, "王师傅")]


def targets(bot: RunningBot, message_id: int) -> list[str]:
    found = [decode(b.get("callback_data")) for b in bot.fake.buttons(COMMITTEE, message_id)]
    return [cb.arg for cb in found if cb is not None and cb.action is Action.ASSIGN and cb.arg]


async def test_an_overdue_note_moves_accepted_work_to_another_worker_in_one_tap(make_bot: MakeBot) -> None:
    bot = await accepted(make_bot, "3号楼2单元楼道灯坏了")
    note = await overdue(bot, "⌛")
    assert WANG not in {int(a, 36) for a in targets(bot, note["message_id"])}  # never the late worker himself
    assert targets(bot, note["message_id"])[0] == id_arg(LI)  # on duty first
    stale = button_data(bot.fake, COMMITTEE, note["message_id"], Action.ASSIGN, id_arg(ZHAO))
    refused = press(bot.fake, LI, COMMITTEE, note["message_id"], Action.ASSIGN, id_arg(LI))  # not in the chat
    assert (await answer_to(bot.fake, refused)).get("text") == plain("zh-Hans", "cb.only_committee")
    wang_before, li_before = ids(bot, WANG), ids(bot, LI)
    query = press(bot.fake, ADMIN, COMMITTEE, note["message_id"], Action.ASSIGN, id_arg(LI))
    assert (await answer_to(bot.fake, query)).get("text") == plain("zh-Hans", "cb.assigned", worker="李姐")
    await bot.settle(timers=True)
    ev = await bot.event(1)
    assert (ev.status, ev.assignee_id) == (Status.DISPATCHED, LI)  # paged, waiting for her Accept
    away = plain("zh-Hans", "dm.reassigned_away", id=1, admin=str(ADMIN), worker="李姐").split("（")[0]
    assert any(x.startswith(away) for x in new_texts(bot, WANG, wang_before))
    assert any("#1" in x for x in new_texts(bot, LI, li_before))
    assert bot.fake.buttons(COMMITTEE, note["message_id"]) == []
    second = bot.fake.press_button(ADMIN, COMMITTEE, note["message_id"], stale)  # a second admin's stale copy
    refusal = await answer_to(bot.fake, second)
    assert refusal.get("show_alert") is True and refusal.get("text") == plain("zh-Hans", "cb.assign_changed", id=1)
    assert (await bot.event(1)).assignee_id == LI


async def test_an_overdue_note_s_press_after_the_close_is_refused(make_bot: MakeBot) -> None:
    bot = await accepted(make_bot, "3号楼2单元楼道灯坏了")
    note = await overdue(bot, "⌛")
    to_li = button_data(bot.fake, COMMITTEE, note["message_id"], Action.ASSIGN, id_arg(LI))
    card = await with_button(bot.fake, WANG, Action.CLOSE)
    press(bot.fake, WANG, WANG, card["message_id"], Action.CLOSE)
    await bot.settle()
    press(bot.fake, WANG, WANG, card["message_id"], Action.CLOSE_NOTHING_FOUND)
    await bot.settle(timers=True)
    assert (await bot.event(1)).status is Status.CLOSED
    query = bot.fake.press_button(ADMIN, COMMITTEE, note["message_id"], to_li)
    assert (await answer_to(bot.fake, query)).get("show_alert") is True
    assert (await bot.event(1)).status is Status.CLOSED


async def test_the_hand_back_button_under_his_cannot_go_answer_goes_once_pressed(make_bot: MakeBot) -> None:
    bot = await lamp(make_bot, started=(WANG, LI))
    card = await bot.fake.wait_for(lambda: bot.fake.find_message(WANG, "#1"))
    told = await answer_under(bot.fake, WANG, "我在外面，今天去不了", card["message_id"])
    query = press(bot.fake, WANG, WANG, told["message_id"], Action.HAND_BACK)
    assert (await answer_to(bot.fake, query)).get("text") == plain("zh-Hans", "cb.handed_back", id=1)
    await bot.settle(timers=True)
    ev = await bot.event(1)
    assert (ev.status, ev.assignee_id) == (Status.DISPATCHED, LI)  # as the card's Hand back
    assert bot.fake.buttons(WANG, told["message_id"]) == []  # nothing left to press twice


async def test_words_under_a_note_by_a_resident_or_under_a_note_of_no_event_are_read_as_before(
    make_bot: MakeBot,
) -> None:
    bot, note = await escalated(make_bot)
    before = ids(bot, WANG)
    bot.fake.send_message(COMMITTEE, RESIDENT2, "请王师傅今天处理", reply_to_message_id=note["message_id"])
    await bot.settle()
    assert await notes_on(bot, 1) == [] and new_texts(bot, WANG, before) == []


async def test_words_starting_with_another_event_s_number_are_about_that_event(make_bot: MakeBot) -> None:
    """ "#2 谁负责？" under #1's note is about #2."""
    bot = await lamp(make_bot, "3号楼2单元楼道灯坏了")
    await bot.advance(minutes=61)
    note = bot.fake.find_message(COMMITTEE, "⏫")
    await exchange(bot.fake, GROUP_A, RESIDENT2, "5号楼门口垃圾没人清", "已登记 #2")
    await bot.settle()
    sent = bot.fake.send_message(COMMITTEE, ADMIN, "#2 谁负责？", reply_to_message_id=note["message_id"])
    await bot.settle()
    assert await notes_on(bot, 2) == ["#2 谁负责？"] and await notes_on(bot, 1) == []
    [answer] = said_under(bot, sent)
    assert answer.startswith(plain("zh-Hans", "committee.noted", id=2))


async def test_words_under_the_note_of_a_withdrawn_report_are_kept_not_sent(make_bot: MakeBot) -> None:
    bot, _ = await escalated(make_bot)
    bot.fake.send_message(GROUP_A, RESIDENT, "不好意思，我想取消报修")
    await bot.settle()
    assert (await bot.event(1)).status is Status.CANCELLED
    withdrawn = bot.fake.find_message(COMMITTEE, plain("zh-Hans", "committee.settled.withdrawn", id=1))
    before = ids(bot, WANG)
    sent = bot.fake.send_message(
        COMMITTEE, ADMIN, "请王师傅今天之内处理好", reply_to_message_id=withdrawn["message_id"]
    )
    await bot.settle()
    assert await notes_on(bot, 1) == ["请王师傅今天之内处理好"] and new_texts(bot, WANG, before) == []
    state = plain("zh-Hans", "state.cancelled")
    done = plain("zh-Hans", "committee.note_done", id=1, state=state)
    assert said_under(bot, sent) == [plain("zh-Hans", "committee.noted", id=1) + done]


async def test_the_workers_answer_under_the_committees_words_goes_back_to_the_committee(make_bot: MakeBot) -> None:
    """Day-in-the-life review: his "好的主任，材料还没到，明天上午一定去" under the chair's words sent to him
    reached the resident, as his reply to her. It goes to the committee chat, under the chair's words, and the chair's
    answer under it reaches him again."""
    bot, note = await escalated(make_bot)
    fake = bot.fake
    fake.user_starts_bot(RESIDENT, send_start=True)
    await bot.settle()  # her welcome, before what is counted
    order = fake.send_message(COMMITTEE, ADMIN, "请王师傅今天之内一定处理好", reply_to_message_id=note["message_id"])
    dm = await fake.wait_for(lambda: fake.find_message(WANG, "📣"))
    before = ids(bot, RESIDENT)
    answer = await answer_under(fake, WANG, "好的主任，材料还没到，明天上午一定去", dm["message_id"])
    assert answer["text"] == plain("zh-Hans", "card_reply.to_committee", id=1)
    back = await fake.wait_for(lambda: fake.find_message(COMMITTEE, "材料还没到"))
    assert back["reply_to_message"]["message_id"] == order["message_id"]
    assert new_texts(bot, RESIDENT, before) == []  # not hers
    fake.send_message(COMMITTEE, ADMIN, "那明天上午十点前必须到", reply_to_message_id=back["message_id"])
    await fake.wait_for(lambda: fake.find_message(WANG, "十点前"))


async def test_an_overdue_note_with_no_one_to_move_it_to_says_no_button(make_bot: MakeBot) -> None:
    """A community of one worker: the overdue note said "需要时可点下面的按钮改派他人" and had no button."""
    toml = COMMUNITY_TOML.split("\n[[workers]]")[0] + all_day_staff((WANG, "A", "primary"))
    bot = await make_bot(parse_community(toml, "t"), Clock(START))
    fake = bot.fake
    fake.user_starts_bot(WANG)
    card = await exchange(fake, GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了", "#1", where=WANG)
    press(fake, WANG, WANG, card["message_id"], Action.ACCEPT)
    await bot.settle(timers=True)
    note = await overdue(bot, "已超过办结时限")
    assert note["text"].startswith("⌛ 事件 #1") and "按钮" not in note["text"], note["text"]
    assert not fake.buttons(COMMITTEE, note["message_id"])
