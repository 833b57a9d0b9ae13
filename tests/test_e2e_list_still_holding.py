"""A list of several events queued while Telegram could not be reached, some of whose events moved on before it
could be sent (first-day review: a reminder of three events went whole after one was accepted): it goes with only
the events it still holds for, its head counting them and a '#' button each."""

from __future__ import annotations

from harness import Clock, MakeBot, RunningBot, press, sent_texts
from ids import COMMITTEE, GROUP_A, LI, RESIDENT, WANG
from test_e2e_outage_notices import status_is
from test_e2e_piled_chasers import fire_due_timers, telegram_back

from bot.core.callbacks import Action
from bot.core.types import Status
from bot.render.i18n import plain

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
