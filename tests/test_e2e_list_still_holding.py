"""A list of several events queued while Telegram could not be reached, some of whose events moved on before it
could be sent (first-day review: a reminder of three events went whole after one was accepted): it goes with only
the events it still holds for, its head counting them and a '#' button each. So do a page of reds (one given to
someone since is no longer "nobody has it") and a list cut short to fit (firstday60 left both going whole)."""

from __future__ import annotations

from harness import Clock, MakeBot, MakeCtx, RunningBot, press, sent_texts, store_report, until
from ids import ADMIN, COMMITTEE, GROUP_A, LI, RESIDENT, START, WANG
from test_e2e_committee57 import ids, new_texts
from test_e2e_committee60 import LIFT, page_of, red_at_night
from test_e2e_outage_notices import status_is
from test_e2e_piled_chasers import fire_due_timers, telegram_back

from bot.core.callbacks import Action
from bot.core.purpose import Purpose
from bot.core.types import Status
from bot.render.i18n import plain
from bot.services import nudges
from storage import outbox

LITTER = ("1号楼门口垃圾没人收", "3号楼门口垃圾没人收", "5号楼门口垃圾没人收")  # yellow: reminded at 15 minutes


async def three_cards(make_bot: MakeBot, clock: Clock) -> tuple[RunningBot, list[dict]]:
    """Three yellow reports, each a card to 王师傅 (李姐 his backup), their first timers settled."""
    bot = await make_bot(clock=clock, first_dm_cards=0)
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(LI)
    cards = []
    for i, words in enumerate(LITTER):
        fake.send_message(GROUP_A, RESIDENT + i, words)
        cards.append(await fake.wait_for(lambda k=i + 1: fake.find_message(WANG, f"#{k}")))
    await bot.settle(timers=True)
    return bot, cards


async def test_a_reminder_list_goes_with_only_the_events_still_waiting(make_bot: MakeBot) -> None:
    clock = Clock()
    bot, cards = await three_cards(make_bot, clock)
    fake = bot.fake
    fake.fail_next(None, 502, times=10**6)  # every send fails; getUpdates still works
    await fire_due_timers(bot, clock, 15)  # the three reminders: one list of #1, #2 and #3
    press(fake, WANG, WANG, cards[1]["message_id"], Action.ACCEPT)  # #2 taken before the list could go
    await status_is(bot, 2, Status.ACCEPTED)
    mark = await telegram_back(bot, clock)
    head = plain("zh-Hans", "nudge.head", n=2)
    lists = [x for x in sent_texts(fake, WANG, mark) if x.startswith(head[:4])]
    assert len(lists) == 1 and lists[0].split("\n")[0] == head, lists
    assert "#1 " in lists[0] and "#3 " in lists[0] and "#2 " not in lists[0], lists[0]
    sent = next(m for m in fake.messages(WANG) if m["text"] == lists[0])
    labels = [b["text"] for row in sent["reply_markup"]["inline_keyboard"] for b in row]
    assert labels == [plain("zh-Hans", "btn.show", id=1), plain("zh-Hans", "btn.show", id=3)], labels


async def test_the_committees_list_and_the_backups_go_with_only_the_events_still_waiting(make_bot: MakeBot) -> None:
    """The three escalated together while Telegram failed: the committee's list and 李姐's call for help, both of
    three, go with #1 and #3 once 王师傅 took #2 meanwhile, and no "#2 派给…" button."""
    clock = Clock()
    bot, cards = await three_cards(make_bot, clock)
    fake = bot.fake
    await bot.advance(minutes=15)  # reminded
    fake.fail_next(None, 502, times=10**6)
    await fire_due_timers(bot, clock, 15)  # escalated: the committee's list and 李姐's, of three each
    press(fake, WANG, WANG, cards[1]["message_id"], Action.ACCEPT)
    await status_is(bot, 2, Status.ACCEPTED)
    mark = await telegram_back(bot, clock)
    committee_head = plain("zh-Hans", "nudge.committee_head", n=2)
    [note] = [x for x in sent_texts(fake, COMMITTEE, mark) if x.startswith(committee_head[:4])]
    assert note.split("\n")[0] == committee_head and "#2 " not in note and "#1 " in note and "#3 " in note, note
    sent = next(m for m in fake.messages(COMMITTEE) if m["text"] == note)
    labels = [b["text"] for row in sent["reply_markup"]["inline_keyboard"] for b in row]
    assert labels and not any("#2" in x for x in labels), labels
    help_head = plain("zh-Hans", "nudge.help_head", n=2)
    [help_list] = [x for x in sent_texts(fake, LI, mark) if x.startswith(help_head[:4])]
    assert help_list.split("\n")[0] == help_head and "#2 " not in help_list, help_list


async def given_to_li_while_telegram_fails(bot: RunningBot, alert: dict, minutes: int) -> int:
    """Every send failing, the pages due in ``minutes`` queued; #2 given to 李姐 by a reply under its alert before
    they can go; Telegram back: the call mark."""
    fake = bot.fake
    fake.fail_next(None, 502, times=10**6)
    await fire_due_timers(bot, bot.clock, minutes)
    fake.send_message(COMMITTEE, ADMIN, "让李姐马上去", reply_to_message_id=alert["message_id"])

    async def given() -> bool:
        return (await bot.event(2)).assignee_id == LI

    await until(given)
    return await telegram_back(bot, bot.clock)


async def test_a_page_of_two_reds_goes_with_only_the_one_nobody_has(make_bot: MakeBot) -> None:
    bot, alert = await red_at_night(make_bot)
    await bot.advance(minutes=3)
    bot.fake.send_message(GROUP_A, RESIDENT + 2, LIFT)
    await bot.settle(timers=True)
    before = ids(bot, COMMITTEE)
    await given_to_li_while_telegram_fails(bot, alert, 7)  # one page of #2 and #3 queued
    [page] = [x for x in new_texts(bot, COMMITTEE, before) if page_of(x, 3)]
    head = plain("zh-Hans", "nudge.committee_page_head", n=1)
    assert page.split("\n")[0] == head and "#2 " not in page, page


async def test_a_page_of_a_red_given_to_someone_meanwhile_is_not_sent(make_bot: MakeBot) -> None:
    bot, alert = await red_at_night(make_bot)
    before = ids(bot, COMMITTEE)
    await given_to_li_while_telegram_fails(bot, alert, 10)  # its first page queued
    told = new_texts(bot, COMMITTEE, before)
    assert told and not any(page_of(x, 2) for x in told), told


async def test_a_list_cut_short_to_fit_is_made_again_with_the_events_it_still_holds_for(make_ctx: MakeCtx) -> None:
    """Its last lines one "…and 2 more": the events it did not show take their plain line once it has room."""
    ctx = await make_ctx(Clock(START))
    async with ctx.db.tx() as c:
        evs = [await store_report(c, n, START, text=f"{n}号楼门口垃圾没人收") for n in (1, 3, 5)]
        ids_ = [ev.id for ev in evs if ev is not None]
        lines = [plain("zh-Hans", "nudge.head", n=3), f"🟡 #{ids_[0]} 1号楼", plain("zh-Hans", "fit.more", n=2)]
        payload = {"chat_id": WANG, "text": "\n".join(lines)}
        meta = outbox.Meta(events=ids_, chaser=True, kind=nudges.WAITING, lang="zh-Hans")
        await outbox.enqueue(
            c, method="sendMessage", chat_id=WANG, payload=payload, now=START, purpose=Purpose.NUDGE_LIST, meta=meta
        )
        [row] = await outbox.pending(c)
        made = await nudges.again(ctx, c, row, ids_[1:])
    assert made is not None
    text = made[0]["text"]
    assert text.split("\n")[0] == plain("zh-Hans", "nudge.head", n=2) and f"#{ids_[0]} " not in text, text
    assert f"#{ids_[1]} " in text and f"#{ids_[2]} " in text and "还有" not in text, text
