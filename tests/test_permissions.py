"""Who may do what: the checks services call (core/permissions.py), as a table."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from harness import community, make_event
from ids import ADMIN, LI, RESIDENT, WANG

from bot.core import permissions
from bot.core.permissions import Act, Role, chosen_by_admin, gave_up, handed_back

EV = make_event(reporter_id=RESIDENT, assignee_id=WANG, created_at=datetime(2026, 3, 2, tzinfo=UTC))


def test_roles_come_from_the_community_file() -> None:
    c = community()
    assert [permissions.role(c, u) for u in (ADMIN, WANG, RESIDENT)] == [Role.ADMIN, Role.WORKER, Role.RESIDENT]


@pytest.mark.parametrize(
    ("who", "user", "act", "asked", "ok"),
    [
        (Role.ADMIN, ADMIN, Act.CLOSE, (), True),
        (Role.WORKER, WANG, Act.ACCEPT, (), True),  # the assignee
        (Role.WORKER, LI, Act.ACCEPT, (), False),  # neither assigned nor asked
        (Role.WORKER, LI, Act.ACCEPT, (LI,), True),  # asked
        (Role.WORKER, LI, Act.HAND_BACK, (LI,), False),  # only the assignee hands back
        (Role.RESIDENT, RESIDENT, Act.ACCEPT, (RESIDENT,), False),
    ],
)
def test_may_act(who: Role, user: int, act: Act, asked: tuple[int, ...], ok: bool) -> None:
    assert permissions.may_act(who, user, EV, act, asked) is ok


WAITING = make_event(reporter_id=RESIDENT, assignee_id=None)


@pytest.mark.parametrize("who", list(Role))
@pytest.mark.parametrize("act", list(Act))
def test_what_needs_no_history_is_decided_without_it(who: Role, act: Act) -> None:
    """Services skip reading who was asked and who handed back when needs_history says so: the answer must
    then be the same whatever those are; where it says they are needed, they change the answer."""
    for user in (ADMIN, WANG, LI, RESIDENT):
        for ev in (EV, WAITING):
            seen = {
                permissions.may_act(who, user, ev, act, asked, gave_up)
                for asked, gave_up in (((), ()), ((user,), ()), ((user,), (user,)), ((), (user,)))
            }
            if not permissions.needs_history(who, act):
                assert len(seen) == 1, (user, ev.assignee_id)
    if permissions.needs_history(who, act):
        assert permissions.may_act(who, LI, WAITING, act, (LI,)) != permissions.may_act(who, LI, WAITING, act, ())


def test_only_the_writer_answers_for_a_report() -> None:
    assert permissions.is_writer(RESIDENT, EV) and not permissions.is_writer(ADMIN, EV)


@pytest.mark.parametrize(
    ("who", "user", "ok"),
    [
        (Role.ADMIN, ADMIN, True),
        (Role.WORKER, WANG, True),
        (Role.WORKER, LI, False),
        (Role.RESIDENT, WANG, False),
    ],
)
def test_rota_changes(who: Role, user: int, ok: bool) -> None:
    assert permissions.may_change_rota(who, user, (WANG, 2003)) is ok


def test_staff() -> None:
    assert permissions.is_staff(Role.WORKER) and permissions.is_staff(Role.ADMIN)
    assert not permissions.is_staff(Role.RESIDENT)


@pytest.mark.parametrize(
    ("who", "chat", "ok"),
    [
        (Role.WORKER, -100, True),  # anyone in the committee chat
        (Role.ADMIN, ADMIN, True),  # an admin in private
        (Role.WORKER, WANG, False),
        (Role.ADMIN, -5, False),  # an admin in a residents' group
    ],
)
def test_digest_on_request(who: Role, chat: int, ok: bool) -> None:
    assert permissions.may_ask_digest(who, chat, committee_chat_id=-100) is ok


def test_gave_up_reads_who_the_event_moved_away_from() -> None:
    assert gave_up([]) == frozenset()
    # dispatched to 1, handed back by 1, dispatched to 2: 1 gave it up
    assert gave_up([("dispatched", None, "1"), ("handed_back", 1, "1"), ("dispatched", None, "2")]) == {1}
    # an admin's reassignment moves it away from whoever had it, accepted or not
    assert gave_up([("dispatched", None, "1"), ("accepted", 1, None), ("reassigned", 9, "2")]) == {1}
    # a shift's hand-off: from>to
    assert gave_up([("dispatched", None, "1"), ("handed_off", None, "1>2")]) == {1}
    # given again (reassigned, handed off or dispatched back): the hand-back is void
    history = [("dispatched", None, "1"), ("handed_back", 1, "1"), ("dispatched", None, "2")]
    assert gave_up([*history, ("reassigned", 9, "1")]) == {2}
    assert gave_up([*history, ("handed_off", None, "2>1")]) == {2}
    # odd details (a forgotten person's, a hand-back to nobody) are skipped, not fatal
    assert gave_up([("dispatched", None, None), ("reassigned", 9, "x"), ("handed_back", None, None)]) == frozenset()


def test_handed_back_is_only_who_gave_it_up_and_an_admins_choice_is_read_from_the_last_move() -> None:
    """Found in the diff review: routing left out everyone the event had moved away from (a shift's hand-off, an
    admin's reassignment), so a waiting event never went back to the weekday worker on Monday."""
    history = [
        ("dispatched", None, "1"),
        ("handed_off", None, "1>2"),  # 1 only went off shift
        ("handed_back", 2, "2"),  # 2 gave it up
        ("dispatched", None, "3"),
        ("left", None, "3>4"),  # 3 left the community
    ]
    assert handed_back(history) == {2}
    assert gave_up(history) == {1, 2, 3}  # none of them may accept it from an old message
    chosen = [("dispatched", None, "1"), ("reassigned", 9, "5"), ("chosen_off_duty", 9, "5")]
    assert chosen_by_admin(chosen) and chosen_by_admin([*chosen, ("accepted", 5, None)])
    assert not chosen_by_admin([*chosen, ("handed_off", None, "5>1")])
    # found in the second diff review: a choice of someone on duty then is an ordinary assignment
    assert not chosen_by_admin([("dispatched", None, "1"), ("reassigned", 9, "5")])
    # a resident's correction of the place moves it too, but chooses no one
    assert not chosen_by_admin([("dispatched", None, "1"), ("reassigned", None, "2")])
