"""A worker can reach a resident who reported in private (found in the worker review: his card said only "报告人：刘阿姨
· 私信报告", with no group message to open and reply to, no link, no number): her name on his card opens a chat with
her, unless she asked to stay anonymous."""

from __future__ import annotations

import pytest
from harness import RunningBot, answer_to, exchange, press
from ids import GROUP_A, RESIDENT, WANG

from bot.core.callbacks import Action


def links_to(card: dict, user_id: int) -> bool:
    """Whether the message's text links to the user (a mention by id)."""
    for e in card.get("entities") or []:
        if e.get("url", "") == f"tg://user?id={user_id}" or e.get("user", {}).get("id") == user_id:
            return True
    return False


async def reported_in_private(bot: RunningBot, choice: str) -> dict:
    """刘阿姨 (known in grid A's group) reports to the bot in private and chooses how the group is told; 王师傅
    accepts: his card of #1, as it reads then."""
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(RESIDENT, send_start=True)
    fake.send_message(GROUP_A, RESIDENT, "大家早上好")
    await bot.settle()
    ask = await exchange(fake, RESIDENT, RESIDENT, "3号楼2单元501室门口的楼道灯坏了", "居民群")
    card = await fake.wait_for(lambda: fake.find_message(WANG, "#1"))
    assert links_to(card, RESIDENT), card  # before she chose: hers is a private report
    press(fake, RESIDENT, RESIDENT, ask["message_id"], Action.POST, choice)
    await bot.settle()
    await answer_to(fake, press(fake, WANG, WANG, card["message_id"], Action.ACCEPT))
    await bot.settle()
    return fake.find_message(WANG, "#1")


@pytest.mark.parametrize("choice", ["x", "n"])
async def test_her_name_on_his_card_links_to_her(running: RunningBot, choice: str) -> None:
    card = await reported_in_private(running, choice)
    assert "刘阿姨" in card["text"] and links_to(card, RESIDENT), card


async def test_no_link_to_one_who_asked_to_stay_anonymous(running: RunningBot) -> None:
    card = await reported_in_private(running, "a")
    assert not links_to(card, RESIDENT), card


async def test_a_report_in_the_group_keeps_its_message_link_and_no_mention(running: RunningBot) -> None:
    fake = running.fake
    fake.user_starts_bot(WANG)
    card = await exchange(fake, GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了", "#1", where=WANG)
    assert "查看原消息" in card["text"] and not links_to(card, RESIDENT)
