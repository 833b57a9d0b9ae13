""" "Is it just me or is …?" after a neighbour's report asks whether others have a problem of the writer's own, not
when hers is fixed (day review: "Is it just me or is the water pressure really low in 8 today?" joined "the gym door
card reader at Block 7 is dead" as one more resident affected); a neighbour pressing for her fix still joins it,
and so does "yeah same here" (it was dropped)."""

from __future__ import annotations

import pytest
from harness import MakeBot
from steps import report_then

from bot.core import neighbour_words, parser
from storage import reporters

READER = "Hi all, the gym door card reader at Block 7 is dead again, can't get in"


@pytest.mark.parametrize(
    "words", ["Is it just me or is the water pressure really low in 8 today?", "is it only me or is the gym freezing?"]
)
def test_asking_if_it_is_only_me_is_no_question_of_her_fix(words: str) -> None:
    assert not neighbour_words.asks_when(parser.parse(words), words)


@pytest.mark.parametrize("words", ["When will they fix it?", "Can someone please look into it?", "物业什么时候来修？"])
def test_a_question_of_her_fix_still_is_one(words: str) -> None:
    assert neighbour_words.asks_when(parser.parse(words), words)


async def test_the_water_pressure_question_does_not_join_the_card_reader(make_bot: MakeBot) -> None:
    bot, _ = await report_then(make_bot, "Is it just me or is the water pressure really low in 8 today?", first=READER)
    async with bot.ctx.db.read() as c:
        assert len(await reporters.for_event(c, 1)) == 1


@pytest.mark.parametrize("words", ["yeah same here, tried twice this morning", "对，我家也是，好几天了"])
def test_agreeing_then_mine_too_reads_as_mine_too(words: str) -> None:
    """ "yeah" matched first and "same here" was read as the words after an agreement, which typed must show its
    family: the neighbour's "mine too" was dropped (day review)."""
    assert neighbour_words.head(words)[0] == "too"  # type: ignore[index]


async def test_yeah_same_here_joins_the_card_reader(make_bot: MakeBot) -> None:
    bot, _ = await report_then(make_bot, "yeah same here, tried twice this morning", first=READER)
    async with bot.ctx.db.read() as c:
        assert len(await reporters.for_event(c, 1)) == 2
