"""A grid worker's day read on his phone (worker day review): what tripped him between jobs.

"收到" typed under no message just after a new card came, while the "after" photo of an event he had closed was still
asked for, was taken as "no photo" ("好的，#1 不附照片。"): the new event went on waiting for him, and a red one
paged everyone on duty again and again. Written so, "收到" takes the new card, and the photo question waits on; it
takes the one card that just came even beside events he already has in hand.

The backup called for several events at once read the duty worker's reminder ("these are still not accepted: accept or
hand back"), as if they were his and he had fallen behind: his list says the worker on duty has not taken them and
asks for his help, as each call alone does.

A report of a pin and words naming no building came to him as "位置：未注明" with "📍 位置：31.23000, 121.47000" three
lines below: the place he was told was not given was there all along. Its place line is the pin's map now."""

from __future__ import annotations

import re
from datetime import timedelta

from harness import Clock, MakeBot, RunningBot, accept_and_fix, shown
from ids import GROUP_A, LI, RESIDENT, RESIDENT3, START, WANG

from bot.core.callbacks import Action
from bot.core.types import Status
from bot.render.i18n import plain


async def closed_and_asked_for_a_photo(make_bot: MakeBot) -> tuple[RunningBot, dict]:
    """王师傅 took 刘阿姨's #1 and closed it as fixed: its "after" photo is asked for on his card (returned)."""
    bot = await make_bot(None, Clock(START))
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.send_message(GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了")
    card = await fake.wait_for(lambda: fake.find_message(WANG, "新事件 #1"))
    await accept_and_fix(fake, WANG, card["message_id"])
    await shown(fake, WANG, card["message_id"], Action.SKIP_PHOTO)
    await bot.settle()
    return bot, card


async def new_card(bot: RunningBot, event_id: int, text: str) -> dict:
    """Ten minutes on, 孙奶奶 reports `text` in grid A's group: 王师傅's card of the new event, once settled."""
    bot.clock.at += timedelta(minutes=10)
    bot.fake.send_message(GROUP_A, RESIDENT3, text)
    card = await bot.fake.wait_for(lambda: bot.fake.find_message(WANG, f"新事件 #{event_id}"))
    await bot.settle()
    return card


async def typed_alone(bot: RunningBot, words: str) -> list[str]:
    """王师傅 writes `words` under no message: the texts of what the bot sent him after them, once settled."""
    since = len(bot.fake.messages(WANG))
    bot.fake.send_message(WANG, WANG, words)
    await bot.settle()
    return [m.get("text", "") for m in bot.fake.messages(WANG)[since:]]


async def test_shou_dao_after_a_new_card_takes_it_and_the_photo_question_waits_on(make_bot: MakeBot) -> None:
    bot, first = await closed_and_asked_for_a_photo(make_bot)
    await new_card(bot, 2, "5号楼门口垃圾堆了好几天了")
    said = await typed_alone(bot, "收到")
    assert said[-1] == plain("zh-Hans", "worker_words.taken", id=2, words="收到")
    assert (await bot.event(2)).status is Status.ACCEPTED
    assert plain("zh-Hans", "after.skipped", id=1) not in said
    await shown(bot.fake, WANG, first["message_id"], Action.SKIP_PHOTO)  # #1's photo is still asked for
    skipped = await typed_alone(bot, "不拍了")
    assert skipped[-1] == plain("zh-Hans", "after.skipped", id=1)


async def test_shou_dao_takes_the_card_that_just_came_beside_one_in_hand(make_bot: MakeBot) -> None:
    """He has #1 in hand and #2 came hours ago, still waiting; #3's card just came: "收到" is #3's."""
    bot = await make_bot(None, Clock(START))
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.send_message(GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了")
    card = await fake.wait_for(lambda: fake.find_message(WANG, "新事件 #1"))
    fake.press_button(WANG, WANG, card["message_id"], await shown(fake, WANG, card["message_id"], Action.ACCEPT))
    await new_card(bot, 2, "5号楼门口垃圾堆了好几天了")
    await bot.advance(hours=3)  # #2's reminders came and went
    await bot.advance(minutes=40)
    await new_card(bot, 3, "2号楼1单元门禁坏了，门关不上")
    said = await typed_alone(bot, "收到")
    assert said[-1] == plain("zh-Hans", "worker_words.taken", id=3, words="收到")
    assert [(await bot.event(i)).status for i in (1, 2, 3)] == [Status.ACCEPTED, Status.DISPATCHED, Status.ACCEPTED]


async def test_the_backup_called_for_several_is_asked_to_help_not_reminded(make_bot: MakeBot) -> None:
    bot = await make_bot(None, Clock(START))
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(LI)
    fake.send_message(GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了")
    fake.send_message(GROUP_A, RESIDENT3, "5号楼门口垃圾堆了好几天了")
    await fake.wait_for(lambda: fake.find_message(WANG, "新事件 #2"))
    await bot.settle()
    await bot.advance(minutes=31)  # 王师傅 reminded of both
    assert fake.find_message(WANG, plain("zh-Hans", "nudge.head", n=2))
    await bot.advance(minutes=30)  # still not taken: 李姐, his backup, is called for both
    [called] = [m["text"] for m in fake.messages(LI)]  # one list, both in it
    assert called.startswith(plain("zh-Hans", "nudge.help_head", n=2)) and "#1 " in called and "#2 " in called
    assert "退回" not in called  # nothing of hers to hand back


async def test_a_pinned_report_with_no_building_shows_the_pin_as_its_place(make_bot: MakeBot) -> None:
    bot = await make_bot(None, Clock(START))
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.send_message(GROUP_A, RESIDENT, extra={"location": {"latitude": 31.23, "longitude": 121.47}})
    fake.send_message(GROUP_A, RESIDENT, "这里路面塌了一个坑")
    card = await fake.wait_for(lambda: fake.find_message(WANG, "新事件 #1"))
    lines = card["text"].split("\n")
    pin = "https://www.openstreetmap.org/?mlat=31.230000&mlon=121.470000#map=18/31.230000/121.470000"
    assert lines[2] == re.sub(r"<[^>]+>", "", plain("zh-Hans", "dm.location_only", link=pin))  # its place: the pin
    assert pin in [e.get("url") for e in card.get("entities", [])]
    assert plain("zh-Hans", "loc.none") not in card["text"]
    assert sum("📍" in line for line in lines) == 1
