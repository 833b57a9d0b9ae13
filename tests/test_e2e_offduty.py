"""What "/offduty A B" tells a worker about the accepted events he keeps (found in the earlier review): it listed
all his accepted work, whatever grid it was in, and all of it at once. Now only the events of the grids he leaves,
the first few with a '#N' button each, then "…and N more"."""

from __future__ import annotations

import json

from harness import ALL_DAY, COMMUNITY_TOML, MakeBot, exchange, press, shown, toml_tables, worker_tables
from ids import GROUP_A, GROUP_B, RESIDENT, WANG

from bot.core.callbacks import Action, decode
from bot.core.community_file import parse_community
from bot.render.i18n import t
from bot.services.duty import KEPT_SHOWN

B_MORE = range(41, 61)  # grid B holds these buildings too: a report in each is an event of its own
# 王师傅 is on duty in both grids, the first to get what is reported in either
BOTH_GRIDS_TOML = (
    COMMUNITY_TOML.split("[[workers]]")[0].replace(
        'buildings = ["6", "7", "8"]', "buildings = " + json.dumps(["6", "7", "8", *map(str, B_MORE)])
    )
    + worker_tables({WANG: "王师傅"})
    + toml_tables("shifts", *({"worker": WANG, "grid": grid, **ALL_DAY} for grid in ("A", "B")))
)


def shown_ids(msg: dict) -> list[int]:
    """The events the message's '#N' buttons bring again."""
    rows = (msg.get("reply_markup") or {}).get("inline_keyboard") or []
    return [cb.id for row in rows for b in row if (cb := decode(b.get("callback_data"))) and cb.action is Action.SHOW]


async def test_offduty_from_one_grid_lists_only_its_accepted_events_and_the_first_few(make_bot: MakeBot) -> None:
    """王 has accepted #1 in grid A and #2…#13 in grid B. "/offduty B" names #2 to #(1 + KEPT_SHOWN) with their
    buttons, counts the rest and points to /my, never #1 (was: every accepted event, #1 too, each named); "/offduty A"
    names #1 alone."""
    bot = await make_bot(parse_community(BOTH_GRIDS_TOML, "t"), first_dm_cards=0)
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.send_message(GROUP_A, RESIDENT, "3号楼停电了")
    for i, building in enumerate(B_MORE[:12], 1):
        fake.send_message(GROUP_B, RESIDENT + i, f"{building}号楼停电了")
    await bot.settle()
    assert await bot.event_count() == 13
    cards = {m["message_id"]: m for m in fake.messages(WANG)}
    for message_id in cards:
        await shown(fake, WANG, message_id, Action.ACCEPT)
        press(fake, WANG, WANG, message_id, Action.ACCEPT)
    await bot.settle()
    assert [(await bot.event(i)).status.value for i in range(1, 14)] == ["accepted"] * 13
    kept = list(range(2, 2 + KEPT_SHOWN))
    off_b = await exchange(fake, WANG, WANG, "/offduty B", "已设为休息")
    assert "#1、" not in off_b["text"] and "#1 " not in off_b["text"], off_b["text"]
    assert "、".join(f"#{i}" for i in kept) in off_b["text"], off_b["text"]
    assert t("zh-Hans", "fit.more", n=12 - KEPT_SHOWN) in off_b["text"], off_b["text"]
    assert t("zh-Hans", "duty.keeps_rest") in off_b["text"], off_b["text"]  # where the rest are
    assert shown_ids(off_b) == kept
    off_a = await exchange(fake, WANG, WANG, "/offduty A", "已设为休息：第一网格")
    assert "#1 仍由您负责" in off_a["text"] and "#2" not in off_a["text"], off_a["text"]
    assert shown_ids(off_a) == [1] and t("zh-Hans", "duty.keeps_rest") not in off_a["text"]


async def test_offduty_with_no_one_to_take_his_waiting_event_says_it_stays_his(make_bot: MakeBot) -> None:
    """Worker review: 李姐 off, 王师傅 sends /offduty with #1 waiting for his Accept. Nobody is on to take it, so it
    stays his (the committee is asked to arrange it) and he is reminded of it half an hour later, off duty; his answer
    said only "🌙 已设为休息". It says #1 stays his, with its button."""
    from harness import Clock
    from ids import LI

    bot = await make_bot(clock=Clock())
    fake = bot.fake
    for worker in (WANG, LI):
        fake.user_starts_bot(worker)
    await exchange(fake, LI, LI, "/offduty", "休息")
    await exchange(fake, GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了", "#1", where=WANG)
    await bot.settle()
    answer = await exchange(fake, WANG, WANG, "/offduty", "休息")
    await bot.settle()
    assert (await bot.event(1)).assignee_id == WANG
    assert "#1" in answer["text"], answer["text"]
    assert shown_ids(answer) == [1]
