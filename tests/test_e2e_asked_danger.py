"""A message the reader is unsure is a report but that may tell of a danger ("rubbish chute on fire"):
its writer is asked "Report it?" and told the committee will check, and the committee is told at once, so a writer
who never taps still reaches a person; a yes raises it red. A vague message that reads as no danger only asks."""

from __future__ import annotations

import pytest
from harness import RunningBot, press
from ids import COMMITTEE, GROUP_A, RESIDENT, RESIDENT2, WANG
from steps import asked_with_wang_on, her_private_chat_open, known_in_a_group
from test_e2e_kinds import NEWS, answer_to
from unsure_examples import ALL_CLEAR_DANGER, UNSURE_DANGER, UNSURE_LIGHT

from bot.core.callbacks import Action
from bot.core.types import Urgency
from bot.render.i18n import plain


def _words(key: str) -> str:
    """The fixed words of a committee notice between its group (or name) and the quoted text."""
    template = plain("zh-Hans", key)
    return template.split("}", template.count("}") - 1)[-1].split("{text}")[0]


def _committee_checks(bot: RunningBot, text: str = UNSURE_DANGER) -> list[str]:
    """The committee's "may be a danger, please check" notices about ``text`` (not a red event's alert)."""
    words = (_words("committee.asked_danger"), _words("committee.asked_danger_private"))
    texts = [m.get("text", "") for m in bot.fake.messages(COMMITTEE)]
    return [x for x in texts if text in x and any(w in x for w in words)]


async def test_a_possible_danger_asked_in_the_group_is_checked_by_the_committee(running: RunningBot) -> None:
    fake = running.fake
    ask = await asked_with_wang_on(running, RESIDENT2, UNSURE_DANGER)
    assert plain("en", "confirm.ask_danger") in ask["text"]  # an English writer in a Chinese group: both languages
    assert plain("zh-Hans", "confirm.ask_danger") in ask["text"]
    checks = _committee_checks(running)
    assert len(checks) == 1 and fake.chats[GROUP_A].chat["title"] in checks[0], checks
    assert await running.event_count() == 0
    assert not any("119" in m.get("text", "") for m in fake.messages(GROUP_A))  # no numbers before a yes
    await answer_to(fake, press(fake, RESIDENT2, GROUP_A, ask["message_id"], Action.CONFIRM_YES))
    await running.settle()
    ev = await running.event(1)
    assert ev.urgency is Urgency.RED
    assert len(_committee_checks(running)) == 1  # told once, not again by the redelivered update or the yes


async def test_a_possible_danger_in_private_is_checked_too(running: RunningBot) -> None:
    fake = running.fake
    await her_private_chat_open(running)
    fake.send_message(RESIDENT, RESIDENT, UNSURE_DANGER)
    await fake.wait_for(lambda: _committee_checks(running) or None)
    await running.settle()
    (check,) = _committee_checks(running)
    assert fake.chats[GROUP_A].chat["title"] not in check
    assert any(plain("zh-Hans", "confirm.ask_danger_private") in m.get("text", "") for m in fake.messages(RESIDENT))


async def test_a_vague_message_that_reads_as_no_danger_only_asks(running: RunningBot) -> None:
    fake = running.fake
    ask = await asked_with_wang_on(running, RESIDENT, UNSURE_LIGHT)
    assert ask["text"] == plain("zh-Hans", "confirm.ask")
    assert not [m for m in fake.messages(COMMITTEE) if UNSURE_LIGHT in m.get("text", "")]


async def test_a_possible_danger_forwarded_is_checked_as_a_forwarded_danger(running: RunningBot) -> None:
    fake = running.fake
    fake.user_starts_bot(WANG)
    fake.send_message(GROUP_A, RESIDENT, UNSURE_DANGER, extra={"forward_origin": NEWS})
    words = _words("committee.forwarded_red")
    await fake.wait_for(lambda: [m for m in fake.messages(COMMITTEE) if words in m.get("text", "")] or None)
    await running.settle()
    assert any(plain("zh-Hans", "confirm.ask_forwarded_red") in m.get("text", "") for m in fake.messages(GROUP_A))
    assert await running.event_count() == 0


@pytest.mark.parametrize(("writer", "text", "told"), [(RESIDENT2, UNSURE_DANGER, 1), (RESIDENT, UNSURE_LIGHT, 0)])
async def test_a_no_is_passed_on_only_when_the_committee_was_asked_to_check(
    running: RunningBot, writer: int, text: str, told: int
) -> None:
    fake = running.fake
    ask = await asked_with_wang_on(running, writer, text)
    await answer_to(fake, press(fake, writer, GROUP_A, ask["message_id"], Action.CONFIRM_NO))
    await running.settle()
    words = _words("committee.asked_danger_no")
    assert len([m for m in fake.messages(COMMITTEE) if words in m.get("text", "")]) == told
    assert len(fake.messages(COMMITTEE)) == 2 * told  # the check and the no, or nothing at all
    assert await running.event_count() == 0


async def test_a_possible_danger_in_private_is_asked_even_with_a_report_open(running: RunningBot) -> None:
    """A resident with an open report is shown it when she writes vaguely in private (her words are likely about
    it); a possible danger is asked about all the same, and checked."""
    fake = running.fake
    fake.user_starts_bot(WANG)
    known_in_a_group(fake, RESIDENT)
    fake.send_message(GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了")
    await running.settle()
    assert await running.event_count() == 1
    fake.send_message(RESIDENT, RESIDENT, UNSURE_DANGER)
    await fake.wait_for(lambda: _committee_checks(running) or None)
    await running.settle()
    assert any(plain("zh-Hans", "confirm.ask_danger_private") in m.get("text", "") for m in fake.messages(RESIDENT))


async def test_an_all_clear_full_of_danger_words_is_asked_and_checked_not_paged(running: RunningBot) -> None:
    """A sure red the report head is sure is no report (an all-clear): no red event, no one on duty paged, no
    emergency numbers; its writer is asked with the danger wording and the committee is told to check it."""
    fake = running.fake
    ask = await asked_with_wang_on(running, RESIDENT, ALL_CLEAR_DANGER)
    assert plain("zh-Hans", "confirm.ask_danger") in ask["text"]
    assert len(_committee_checks(running, ALL_CLEAR_DANGER)) == 1
    assert await running.event_count() == 0
    assert not fake.messages(WANG)  # the worker on duty is not paged
    assert not any("119" in m.get("text", "") for m in fake.messages(GROUP_A))


async def test_danger_taken_back_by_an_edit_is_told_to_the_committee(running: RunningBot) -> None:
    """Diff review: a 'no' to the question tells the committee (committee.asked_danger_no) that the danger it was
    asked to check is no report; the same words taken back by an edit left it checking a danger nobody reports."""
    fake = running.fake
    ask = await asked_with_wang_on(running, RESIDENT2, UNSURE_DANGER)
    fake.edit_message(GROUP_A, ask["reply_to_message"]["message_id"], "不好意思发错了")
    await running.settle()
    now = next(m for m in fake.messages(GROUP_A) if m["message_id"] == ask["message_id"])["text"]
    assert plain("zh-Hans", "confirm.withdrawn") in now
    told = [m.get("text", "") for m in fake.messages(COMMITTEE)]
    head = plain("zh-Hans", "committee.asked_danger_no").split("{")[0]
    assert any(head in x for x in told), told


async def test_withdrawal_speaks_the_writers_language_as_the_question_did(running: RunningBot) -> None:
    """Diff review: the question under 陈先生's English words was in both languages, its withdrawal Chinese only."""
    fake = running.fake
    ask = await asked_with_wang_on(running, RESIDENT2, UNSURE_DANGER)
    assert plain("en", "confirm.ask_danger") in ask["text"]
    fake.edit_message(GROUP_A, ask["reply_to_message"]["message_id"], "Sorry, wrong chat")
    await running.settle()
    now = next(m for m in fake.messages(GROUP_A) if m["message_id"] == ask["message_id"])["text"]
    assert plain("en", "confirm.withdrawn") in now, now
