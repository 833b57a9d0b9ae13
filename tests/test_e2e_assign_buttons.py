"""The committee can give an event nobody will take to a worker from its note, without the console (found in the
UX review: every worker handed #1 back, the note said "请居委会安排" with no button, and nothing in Telegram could
move the event: not the workers' old cards, not /onduty, and the console is off by default)."""

from __future__ import annotations

from harness import COMMUNITY_TOML, Clock, MakeBot, RunningBot, answer_to, exchange, press, shown, toml_tables
from ids import ADMIN, COMMITTEE, GROUP_A, LI, RESIDENT, START, WANG, ZHAO
from steps import handed_back_by_wang

from bot.core.callbacks import Action, decode, id_arg
from bot.core.community_file import parse_community
from bot.core.types import Status
from bot.render.i18n import plain, t
from bot.services import steering

LAMP = "4号楼的路灯不亮了"  # green
LEAK = "3号楼2单元楼道里水管漏水，水流到楼梯上了"  # yellow
# 王 alone on duty in grid A (all day), 赵 in grid B
WANG_ALONE = COMMUNITY_TOML.split("[[shifts]]")[0] + toml_tables(
    "shifts",
    {"worker": WANG, "grid": "A", "days": "mon-sun", "start": "00:00", "end": "24:00", "role": "primary"},
    {"worker": ZHAO, "grid": "B", "days": "mon-sun", "start": "00:00", "end": "24:00", "role": "primary"},
)
# nobody on duty in grid A
NOBODY_IN_A = COMMUNITY_TOML.split("[[shifts]]")[0] + toml_tables(
    "shifts", {"worker": ZHAO, "grid": "B", "days": "mon-sun", "start": "00:00", "end": "24:00", "role": "primary"}
)


def assign_targets(bot: RunningBot, message_id: int) -> list[str]:
    """The workers' ids (as button arguments) of the note's "send to …" buttons."""
    found = [decode(b.get("callback_data")) for b in bot.fake.buttons(COMMITTEE, message_id)]
    return [cb.arg for cb in found if cb is not None and cb.action is Action.ASSIGN and cb.arg]


def answers(bot: RunningBot) -> list[str]:
    return [c.params.get("text", "") for c in bot.fake.calls_to("answerCallbackQuery")]


async def handed_back_by_all(make_bot: MakeBot) -> tuple[RunningBot, dict]:
    """王, alone on duty, hands #1 (the lamp) back; the committee's note about it."""
    bot = await handed_back_by_wang(make_bot, WANG_ALONE, LAMP)
    note = bot.fake.find_message(COMMITTEE, "退回")
    assert note is not None
    return bot, note


async def test_the_committee_sends_an_event_everyone_handed_back_to_a_worker(make_bot: MakeBot) -> None:
    bot, note = await handed_back_by_all(make_bot)
    fake = bot.fake
    first_card = fake.messages(WANG)[-1]["message_id"]
    # those on duty for it first (王), then the other workers
    assert assign_targets(bot, note["message_id"]) == [id_arg(w) for w in (WANG, LI, ZHAO)]
    labels = [b["text"] for b in fake.buttons(COMMITTEE, note["message_id"])]
    assert plain("zh-Hans", "btn.assign", worker="王师傅") in labels

    press(fake, ADMIN, COMMITTEE, note["message_id"], Action.ASSIGN, id_arg(WANG))  # the committee phoned him
    await bot.settle(timers=True)
    ev = await bot.event(1)
    assert ev.status is Status.DISPATCHED and ev.assignee_id == WANG
    assert fake.buttons(COMMITTEE, note["message_id"]) == []  # done: the note keeps no buttons
    told = t("zh-Hans", "committee.assigned", id=1, admin="{admin}", worker="王师傅").split("{admin}")[1]
    assert fake.find_message(COMMITTEE, told) is not None
    assert plain("zh-Hans", "cb.assigned", worker="王师傅") in answers(bot)

    card = fake.messages(WANG)[-1]  # a new card, which he may accept
    assert card["message_id"] != first_card and "#1" in card["text"]
    # the old card is gone, not left saying "请点「接单」" with no button (UX review), nor a pointer (worker review)
    assert first_card not in [m["message_id"] for m in fake.messages(WANG)]
    press(fake, WANG, WANG, card["message_id"], Action.ACCEPT)
    await bot.settle(timers=True)
    ev = await bot.event(1)
    assert ev.status is Status.ACCEPTED and ev.assignee_id == WANG


async def test_only_a_member_of_the_committee_chat_may_send_it(make_bot: MakeBot) -> None:
    bot, note = await handed_back_by_all(make_bot)
    fake = bot.fake
    press(fake, ZHAO, COMMITTEE, note["message_id"], Action.ASSIGN, id_arg(ZHAO))  # a worker not in the chat
    await bot.settle(timers=True)
    assert plain("zh-Hans", "cb.only_committee") in answers(bot)
    # the same button's data pressed by an admin under a message of another chat: forged
    data = f"v1:asg:1:{id_arg(ZHAO)}"
    fake.press_button(ADMIN, WANG, fake.find_message(WANG, "#1")["message_id"], data)
    await bot.settle(timers=True)
    assert (await bot.event(1)).assignee_id is None
    assert len(assign_targets(bot, note["message_id"])) == 3  # still there for the committee


async def test_a_button_pressed_after_the_event_was_taken_changes_nothing(make_bot: MakeBot) -> None:
    bot, note = await handed_back_by_all(make_bot)
    fake = bot.fake
    second = dict(note)  # two admins read the same note: the first sends it to 赵, who accepts
    press(fake, ADMIN, COMMITTEE, note["message_id"], Action.ASSIGN, id_arg(ZHAO))
    await bot.settle(timers=True)
    card = fake.messages(ZHAO)[-1]
    press(fake, ZHAO, ZHAO, card["message_id"], Action.ACCEPT)
    await bot.settle(timers=True)
    # a stale copy of the button (the note's old data) pressed now
    fake.press_button(ADMIN, COMMITTEE, second["message_id"], f"v1:asg:1:{id_arg(WANG)}")
    await bot.settle(timers=True)
    ev = await bot.event(1)
    assert ev.status is Status.ACCEPTED and ev.assignee_id == ZHAO
    assert plain("zh-Hans", "cb.assign_changed", id=1) in answers(bot)


async def test_a_note_written_before_the_event_moved_on_no_longer_moves_it(make_bot: MakeBot) -> None:
    """Diff review: the console gave #1 to 李姐 (not yet accepted); the note written before still offered
    "派给王师傅", and a second admin's press silently took it from her. The note remembers whom it saw the event
    with (nobody): the press is refused, as the console refuses a stale choice, and the note loses its buttons."""
    bot, note = await handed_back_by_all(make_bot)
    assert (await steering.reassign(bot.ctx, ADMIN, 1, LI, shown_assignee=None)).ok  # the console: to 李姐
    await bot.settle(timers=True)
    press(bot.fake, ADMIN, COMMITTEE, note["message_id"], Action.ASSIGN, id_arg(WANG))
    await bot.settle(timers=True)
    assert (await bot.event(1)).assignee_id == LI
    assert plain("zh-Hans", "cb.assign_changed", id=1) in answers(bot)
    assert bot.fake.buttons(COMMITTEE, note["message_id"]) == []


async def test_a_report_with_nobody_on_duty_is_one_alert_with_the_buttons(make_bot: MakeBot) -> None:
    """Found in the UX review: the committee read "⚠️ …当前无人值班" and then "…已通知值班人员（无）" ("the worker on
    duty (none) has been notified"). One alert now says nobody is on duty, with the buttons."""
    bot = await make_bot(parse_community(NOBODY_IN_A, "t"), Clock(START))
    for u in (ZHAO, ADMIN):
        bot.fake.user_starts_bot(u)
    bot.fake.send_message(GROUP_A, RESIDENT, LEAK)
    await bot.settle(timers=True)
    ev = await bot.event(1)
    assert ev.assignee_id is None
    texts = [m.get("text", "") for m in bot.fake.messages(COMMITTEE)]
    assert not [x for x in texts if "（无）" in x], texts
    assert not [x for x in texts if x.startswith("⚠️ 事件 #1")], texts  # no second, shorter note
    alert = bot.fake.find_message(COMMITTEE, "当前没有网格员负责")
    assert alert is not None and "#1" in alert["text"]
    assert assign_targets(bot, alert["message_id"]) == [id_arg(w) for w in (WANG, LI, ZHAO)]
    press(bot.fake, ADMIN, COMMITTEE, alert["message_id"], Action.ASSIGN, id_arg(LI))
    await bot.settle(timers=True)
    assert (await bot.event(1)).assignee_id == LI


async def test_a_green_report_with_nobody_on_duty_has_its_note_with_the_buttons(make_bot: MakeBot) -> None:
    bot = await make_bot(parse_community(NOBODY_IN_A, "t"), Clock(START))
    bot.fake.user_starts_bot(ADMIN)
    bot.fake.send_message(GROUP_A, RESIDENT, LAMP)
    await bot.settle(timers=True)
    note = bot.fake.find_message(COMMITTEE, "无人值班")
    assert note is not None and "#1" in note["text"]
    assert id_arg(WANG) in assign_targets(bot, note["message_id"])


async def test_hand_back_tapped_twice_with_no_one_to_take_it_says_it_was_handed_back(make_bot: MakeBot) -> None:
    """王师傅, alone on duty, taps ↩️ Hand back twice on bad signal: the first gives #1 to the committee, the second
    popped up "这不是您的任务，无法操作" (found reviewing the change: only a hand-back to a colleague was answered
    with who has it now), as if his hand-back had failed. It says #1 was handed back."""
    bot = await make_bot(parse_community(WANG_ALONE, "t"), Clock(START))
    fake = bot.fake
    fake.user_starts_bot(WANG)
    dm = await exchange(fake, GROUP_A, RESIDENT, LAMP, "#1", where=WANG)
    await bot.settle(timers=True)
    data = await shown(fake, WANG, dm["message_id"], Action.HAND_BACK)
    taps = [fake.press_button(WANG, WANG, dm["message_id"], data) for _ in range(2)]
    assert [(await answer_to(fake, tap))["text"] for tap in taps] == [t("zh-Hans", "cb.handed_back", id=1)] * 2
    assert (await bot.event(1)).assignee_id is None
