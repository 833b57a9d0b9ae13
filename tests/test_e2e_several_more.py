"""Several problems in one message, the loose ends (split60): the English door as the Chinese 门 (the lift's, one
problem); a private or confirmed report cut as a group's; a message joining an open event cut of its other problems;
her edit followed by each problem; her reply under a cut message asking which problem it is about."""

from __future__ import annotations

from harness import MakeBot
from ids import GROUP_A
from test_e2e_several import several_reported


async def test_the_lifts_door_in_english_is_one_problem(make_bot: MakeBot) -> None:
    bot, _ = await several_reported(make_bot, "The lift in block 3 is broken and the door won't close")
    assert await bot.event_count() == 1
    assert "#2" not in bot.fake.find_message(GROUP_A, "#1")["text"]
