"""Privacy review (stop 47): a private report its writer never chose to post with her name keeps its words and
room out of a residents' group's /status, and out of a merged neighbour's in private, as an anonymous one does."""

from __future__ import annotations

import pytest
from harness import MakeBot, exchange
from ids import GROUP_A, RESIDENT, RESIDENT3
from steps import private_report_joined_in_the_group


@pytest.mark.parametrize("choice", [None, "x", "n"])
async def test_a_private_report_in_a_groups_status(make_bot: MakeBot, choice: str | None) -> None:
    """刘阿姨 reports in private and never answers "post it?" (None), or keeps it out of the group (x), or posts it
    with her name (n); 孙奶奶's group report of the same leak joins #1 and she asks /status 1 in the group. Before
    this, the unanswered choice showed the whole group her room and words."""
    bot = await private_report_joined_in_the_group(make_bot, choice)
    fake = bot.fake
    shown = await exchange(fake, GROUP_A, RESIDENT3, "/status 1", "类别")
    leaked = "302" in shown["text"] or "楼上那家" in shown["text"]
    assert leaked is (choice == "n"), shown["text"]
    if choice is None:  # her own /status in private still shows her words
        mine = await exchange(fake, RESIDENT, RESIDENT, "/status 1", "楼上那家")
        assert "楼上那家" in mine["text"], mine["text"]


@pytest.mark.parametrize("choice", [None, "n"])
async def test_a_private_report_in_a_neighbours_private_status(make_bot: MakeBot, choice: str | None) -> None:
    """The same, 孙奶奶 asking in her private chat with the bot: a report never posted with its writer's name showed
    her there its room and words (and would the closer's note), which her group question leaves out; posted with
    the name (n), the group read them already and so does she."""
    bot = await private_report_joined_in_the_group(make_bot, choice, neighbour_started=True, joined="#1")
    fake = bot.fake
    shown = await exchange(fake, RESIDENT3, RESIDENT3, "/status 1", "类别")
    leaked = "302" in shown["text"] or "楼上那家" in shown["text"]
    assert leaked is (choice == "n"), shown["text"]
