"""A red must reach a person, the loose ends (pages review 62): a red every worker on duty handed back is told the
committee at once and paged, as a red nobody can take is; the work a worker keeps at his shift's end says its reminder
waits for his next shift."""

from __future__ import annotations

from harness import Clock, MakeBot, RunningBot, button_data, press, sent_texts
from ids import COMMITTEE, GROUP_A, LI, RESIDENT, WANG
from test_e2e_pages61 import GAS, pages_till_quiet
from test_e2e_pages61_night import yellow_accepted_late

from bot.core.callbacks import Action
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
