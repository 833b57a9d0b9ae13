"""A red must reach a person, the loose ends (pages review 62): a red every worker on duty handed back is told the
committee at once and paged, as a red nobody can take is; the work a worker keeps at his shift's end says its reminder
waits for his next shift; a red whose only worker on duty the bot never met is acknowledged as the committee's from the
start, and a card reaching him after all stops its pages."""

from __future__ import annotations

from harness import Clock, MakeBot, RunningBot, button_data, press, sent_texts
from ids import COMMITTEE, GROUP_A, LI, RESIDENT, WANG
from test_e2e_pages61 import ALONE, GAS, UNREACHED, pages_till_quiet
from test_e2e_pages61_night import yellow_accepted_late

from bot.core.callbacks import Action
from bot.core.community_file import parse_community
from bot.fakeapi import FakeTelegram
from bot.fakeapi.server import Call
from bot.render.i18n import plain


async def handed_back(bot: RunningBot, worker: int) -> None:
    """The worker presses ↩️ on his latest card of #1."""
    [card] = [m for m in bot.fake.sent_to(worker) if "#1" in m.get("text", "")][-1:]
    press(bot.fake, worker, worker, card["message_id"], Action.HAND_BACK)
    await bot.settle(timers=True)


async def test_a_red_every_worker_on_duty_handed_back_is_told_the_committee_at_once_and_paged(
    make_bot: MakeBot,
) -> None:
    """王师傅 gave the gas leak back, then 李姐, to whom it went: the committee read "被李姐退回，且没有其他值班人员"
    (王师傅 was on duty), a re-ping's "也没有可以再提醒的值班人员" five minutes on, and nothing more while nobody had
    it. It hears once that both gave it back, with the "send to …" buttons, and is paged until someone has it."""
    bot = await make_bot(clock=Clock())
    bot.fake.user_starts_bot(WANG)
    bot.fake.user_starts_bot(LI)
    bot.fake.send_message(GROUP_A, RESIDENT, GAS)
    await bot.settle(timers=True)
    await handed_back(bot, WANG)
    assert (await bot.event(1)).assignee_id == LI
    mark = bot.fake.mark()
    await handed_back(bot, LI)
    assert (await bot.event(1)).assignee_id is None
    told = [
        c.result
        for c in bot.fake.calls[mark:]
        if c.ok and c.method == "sendMessage" and c.result["chat"]["id"] == COMMITTEE
    ]
    assert [m["text"].split("\n")[0] for m in told] == [
        plain("zh-Hans", "committee.red_handed_back", id=1, place="2号楼1单元", workers="王师傅、李姐")
    ], told
    assert button_data(bot.fake, COMMITTEE, told[0]["message_id"], Action.ASSIGN), told  # "send to …"
    # the reply hint names one who did not hand it back (it named 王师傅, who had)
    assert plain("zh-Hans", "committee.reply_hint_now", worker="赵师傅") in told[0]["text"], told[0]["text"]
    said = await pages_till_quiet(bot)
    assert [line.split(":")[0] for line in said] == ["10", "20", "30"], said
    assert all("再次提醒" in line or "最后一次提醒" in line for line in said), said  # no re-ping's note besides


async def test_the_work_a_worker_keeps_at_his_shift_s_end_says_its_reminder_waits_for_his_next_shift(
    make_bot: MakeBot,
) -> None:
    """23:00, 王师傅 goes off duty keeping the water outage he accepted: "stays yours… you will be reminded before its
    fix-by time" did not say the reminder, due in the night, now waits for his shift at 14:00
    (``test_e2e_pages61_night``)."""
    bot = await yellow_accepted_late(make_bot)
    mark = bot.fake.mark()
    await bot.advance(minutes=40)  # 23:04
    [kept] = [text for text in sent_texts(bot.fake, WANG, mark) if text.startswith("🔄")]
    assert kept.startswith(plain("zh-Hans", "handoff.kept", n=1)), kept
    assert "下班期间不打扰您：非紧急事件的提醒等您下次上班时再发" in kept, kept
    assert "next shift" in plain("en", "handoff.kept", n=1) and "下次上班" in plain("zh-Hant", "handoff.kept", n=1)


async def red_to_a_worker_never_met(fake_tg: FakeTelegram, make_bot: MakeBot, starts: bool = False) -> RunningBot:
    """A gas leak in grid A, where 王师傅 is alone on duty: the file knows him, the bot never met him (Telegram has no
    private chat of theirs: "chat not found"), as it looks up at its start; ``starts``: he presses Start after it
    (the bot does not see it: pressed on another phone, its update lost)."""
    fake_tg.user(WANG, "王师傅", met=False)
    bot = await make_bot(parse_community(ALONE, "t"), Clock())
    if starts:
        fake_tg.user_starts_bot(WANG)
    bot.fake.send_message(GROUP_A, RESIDENT, GAS)
    await bot.settle(timers=True)
    return bot


def calls_to(fake: FakeTelegram, chat_id: int, method: str = "sendMessage") -> list[Call]:
    return [c for c in fake.calls if c.method == method and int(c.params.get("chat_id", 0)) == chat_id]


async def test_a_red_whose_only_worker_the_bot_never_met_is_acknowledged_truly_from_the_start(
    fake_tg: FakeTelegram, make_bot: MakeBot
) -> None:
    """The group read "已通知值班人员" and a moment later, once his card was refused, "值班人员暂时收不到…": it reads
    the second from the start, never edited; the committee's alert says he cannot be told, with his phone, before his
    card is tried (he may have pressed Start since), and is paged."""
    bot = await red_to_a_worker_never_met(fake_tg, make_bot)
    [ack] = [c for c in calls_to(bot.fake, GROUP_A) if "已登记 #1" in c.params["text"]]
    assert plain("zh-Hans", "ack.unreached") in ack.params["text"], ack.params["text"]
    assert not calls_to(bot.fake, GROUP_A, "editMessageText"), calls_to(bot.fake, GROUP_A, "editMessageText")
    [alert] = [c for c in calls_to(bot.fake, COMMITTEE) if c.params["text"].startswith("🚨")]
    assert UNREACHED in alert.params["text"] and "王师傅的电话：13800000001" in alert.params["text"], alert.params
    [card] = [c for c in calls_to(bot.fake, WANG) if "#1" in c.params["text"]]
    assert not card.ok and bot.fake.calls.index(alert) < bot.fake.calls.index(card)  # tried, after the alert
    said = await pages_till_quiet(bot)
    assert [line.split(":")[0] for line in said] == ["10", "20", "30"], said


async def test_a_red_s_card_reaching_a_worker_the_bot_thought_it_could_not_message_stops_the_pages(
    fake_tg: FakeTelegram, make_bot: MakeBot
) -> None:
    """He pressed Start since the bot looked: his card reaches him. The group's acknowledgement says the worker on
    duty was told, the committee hears it under its alert, and the pages stop (his re-pings ring him)."""
    bot = await red_to_a_worker_never_met(fake_tg, make_bot, starts=True)
    [card] = [c for c in calls_to(bot.fake, WANG) if "#1" in c.params["text"]]
    assert card.ok
    ack = bot.fake.find_message(GROUP_A, "已登记 #1")
    assert ack is not None and plain("zh-Hans", "ack.notified") in ack["text"], ack
    told = [text for text in sent_texts(bot.fake, COMMITTEE) if text.startswith("✅")]
    assert told == [plain("zh-Hans", "committee.red_reached", id=1, worker="王师傅")], told
    mark = bot.fake.mark()
    said = await pages_till_quiet(bot)
    assert not any(UNREACHED in line for line in said), said
    assert any("次提醒" in text for text in sent_texts(bot.fake, WANG, mark))
