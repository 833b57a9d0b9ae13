"""Use cases on their own: a real SQLite file, a fixed clock, no Telegram; each test reads what the use
case queued in the outbox (rule 5 of the architecture: Telegram is reached only through the outbox)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from harness import MakeCtx
from ids import ADMIN, GROUP_A, LI, RESIDENT, WANG
from test_reader import constant_reader

import bot.core.parser as parser_mod
from bot.context import AppContext
from bot.core import lifecycle
from bot.core.purpose import Purpose
from bot.core.types import Incoming, Outcome, Status
from bot.runtime.setup import sync_community
from bot.services import delivery, notify, reports, workflow
from storage import events, outbox

NOW = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)  # a Monday, 09:30 in Shanghai


@pytest.fixture
async def ctx(make_ctx: MakeCtx) -> AppContext:
    """The services' context over a fresh database, the test community and a clock that stays put."""
    app = await make_ctx(lambda: NOW, digest_enabled=False, merge_window_s=0)
    await sync_community(app)
    return app


async def queued(ctx: AppContext) -> list[tuple[Purpose | None, int]]:
    """(purpose, chat) of every row waiting in the outbox, in queue order; then each is settled as the
    sender settles a delivered row (so a DM's message id is known to later edits)."""
    async with ctx.db.tx() as c:
        rows = await outbox.pending(c)
        await outbox.mark_sent_many(c, [(row.id, 1000 + row.id) for row in rows], NOW)
        await delivery.on_sent(ctx, c, [(row, 1000 + row.id) for row in rows])
    return [(r.purpose, r.chat_id) for r in rows]


def message(text: str, message_id: int = 10, user_id: int = RESIDENT) -> Incoming:
    return Incoming(GROUP_A, message_id, user_id, "刘阿姨", None, "zh-Hans", text)


async def reported(ctx: AppContext) -> int:
    """A report in group A, dispatched to 王师傅; its event id (the outbox emptied)."""
    result = await reports.report_received(ctx, message("4号楼的路灯不亮了"))
    assert result.fate is reports.Fate.CREATED and result.event_id is not None
    await queued(ctx)
    return result.event_id


async def test_a_report_queues_the_acknowledgement_and_the_workers_dm(ctx: AppContext) -> None:
    result = await reports.report_received(ctx, message("4号楼的路灯不亮了"))
    assert result.fate is reports.Fate.CREATED
    assert await queued(ctx) == [(Purpose.WORKER_DM, WANG), (Purpose.ACK, GROUP_A)]  # the worker first
    async with ctx.db.read() as c:
        ev = await events.get(c, result.event_id)
    assert ev is not None and ev.status is Status.DISPATCHED and ev.assignee_id == WANG


async def test_the_same_message_twice_is_one_event_and_one_set_of_messages(ctx: AppContext) -> None:
    await reports.report_received(ctx, message("4号楼的路灯不亮了"))
    await queued(ctx)
    again = await reports.report_received(ctx, message("4号楼的路灯不亮了"))
    assert again.fate is reports.Fate.DUPLICATE and await queued(ctx) == []


async def test_chit_chat_queues_nothing(ctx: AppContext) -> None:
    result = await reports.report_received(ctx, message("大家早上好"))
    assert result.fate is reports.Fate.IGNORED and await queued(ctx) == []


async def test_accept_edits_the_acknowledgement_and_the_dm(ctx: AppContext) -> None:
    event_id = await reported(ctx)
    answer = await workflow.accept(ctx, event_id, WANG)
    assert answer.key == "cb.accepted" and not answer.alert
    assert await queued(ctx) == [(Purpose.EDIT_ACK, GROUP_A), (Purpose.EDIT_DM, WANG)]


async def test_accept_by_a_resident_is_refused_and_queues_nothing(ctx: AppContext) -> None:
    event_id = await reported(ctx)
    answer = await workflow.accept(ctx, event_id, RESIDENT)
    assert answer.alert and await queued(ctx) == []
    async with ctx.db.read() as c:
        assert (await events.get(c, event_id)).status is Status.DISPATCHED


async def test_the_second_accept_loses(ctx: AppContext) -> None:
    event_id = await reported(ctx)
    first = await workflow.accept(ctx, event_id, WANG)
    second = await workflow.accept(ctx, event_id, ADMIN)
    assert not first.alert and second.alert and second.key == "cb.already_taken"
    async with ctx.db.read() as c:
        assert (await events.get(c, event_id)).assignee_id == WANG


async def test_hand_back_dispatches_to_the_backup(ctx: AppContext) -> None:
    event_id = await reported(ctx)
    answer = await workflow.hand_back(ctx, event_id, WANG)
    assert not answer.alert
    rows = await queued(ctx)
    # the acknowledgement reads the same (waiting, no name): no edit the group would pay a call for
    assert (Purpose.WORKER_DM, LI) in rows and (Purpose.EDIT_ACK, GROUP_A) not in rows
    async with ctx.db.read() as c:
        ev = await events.get(c, event_id)
    assert ev.status is Status.DISPATCHED and ev.assignee_id == LI


async def test_close_tells_the_group_and_refuses_a_second_close(ctx: AppContext) -> None:
    event_id = await reported(ctx)
    await workflow.accept(ctx, event_id, WANG)
    await queued(ctx)
    closed = await workflow.close(ctx, event_id, WANG, Outcome.FIXED)
    assert closed.key == "cb.closed" and not closed.alert
    # the reporter never started the bot: the edited acknowledgement tells them, and the survey follows
    assert await queued(ctx) == [(Purpose.EDIT_ACK, GROUP_A), (Purpose.EDIT_DM, WANG)]
    again = await workflow.close(ctx, event_id, WANG, Outcome.FIXED)
    assert again.alert and await queued(ctx) == []


async def test_a_duplicate_close_with_an_unknown_original_may_be_retried(ctx: AppContext) -> None:
    event_id = await reported(ctx)
    await workflow.accept(ctx, event_id, WANG)
    answer = await workflow.close(ctx, event_id, WANG, Outcome.DUPLICATE, "#99")
    assert answer.alert and answer.retry
    async with ctx.db.read() as c:
        assert (await events.get(c, event_id)).status is Status.ACCEPTED


async def test_a_transition_returns_the_event_as_it_left_it_and_none_when_it_lost(ctx: AppContext) -> None:
    event_id = await reported(ctx)
    async with ctx.db.tx() as c:
        ev = await events.transition(c, event_id, lifecycle.ACCEPT, assignee_id=WANG, accepted_at=NOW)
        assert ev is not None and (ev.status, ev.assignee_id, ev.accepted_at) == (Status.ACCEPTED, WANG, NOW)
        assert ev == await events.get(c, event_id)
        assert await events.transition(c, event_id, lifecycle.ACCEPT, assignee_id=LI, accepted_at=NOW) is None


async def test_edits_name_the_messages_they_edit_when_these_are_known(ctx: AppContext) -> None:
    """The acknowledgement and the DM were delivered (as message 1000 + their row id): the edits carry those
    ids; an edit of a worker whose new DM is still queued keeps the look-up for the sender (so it edits the new DM),
    and edits the copy sent before by its id."""
    result = await reports.report_received(ctx, message("4号楼的路灯不亮了"))
    async with ctx.db.read() as c:
        first = {r.purpose: r.id for r in await outbox.pending(c)}
    await queued(ctx)
    await workflow.accept(ctx, result.event_id, WANG)
    async with ctx.db.read() as c:
        edits = {r.purpose: r for r in await outbox.pending(c)}
    assert edits[Purpose.EDIT_ACK].payload["message_id"] == 1000 + first[Purpose.ACK]
    assert edits[Purpose.EDIT_DM].payload["message_id"] == 1000 + first[Purpose.WORKER_DM]
    assert edits[Purpose.EDIT_ACK].meta.ref is None and edits[Purpose.EDIT_DM].meta.ref is None
    await queued(ctx)
    async with ctx.db.tx() as c:  # 王师傅 is sent a new DM about it (as after a reopening), not delivered yet
        ev = await events.get(c, result.event_id)
        await notify.worker_dm(ctx, c, ev, WANG, "again", "dm.step.reassigned")
        await notify.edit_worker_dms(ctx, c, ev, None)
        old, new = [r for r in await outbox.pending(c) if r.purpose is Purpose.EDIT_DM]
    assert old.payload["message_id"] == 1000 + first[Purpose.WORKER_DM]  # the copy sent before is edited too
    assert new.meta.ref == "dm" and "message_id" not in new.payload


async def test_a_typed_reason_and_the_close_are_one_transaction(
    ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If closing fails (a crash, the disk full) the question stays, so the words sent again close the event;
    before, the question was taken in a transaction of its own and the words were lost (found in review)."""
    event_id = await reported(ctx)
    await workflow.accept(ctx, event_id, WANG)
    await workflow.request_note(ctx, event_id, WANG, Outcome.CANNOT_FIX)

    async def broken(*args: object, **kw: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(workflow, "close_in", broken)
    with pytest.raises(OSError):
        await workflow.note_received(ctx, WANG, "需要更换整条管道，已报物业")
    monkeypatch.undo()
    answer = await workflow.note_received(ctx, WANG, "需要更换整条管道，已报物业")
    assert answer is not None and answer.key == "cb.closed"
    async with ctx.db.read() as c:
        ev = await events.get(c, event_id)
    assert ev.status is Status.CLOSED and ev.outcome_note == "需要更换整条管道，已报物业"


async def test_forget_me_leaves_other_residents_messages_about_other_events_alone(ctx: AppContext) -> None:
    """Found by the scale review: /forget_me searched every stored message for the first characters of her
    reports and scrubbed a neighbour's own report of the same complaint; it reads only what can be hers."""
    from bot.services import privacy

    mine = await reports.report_received(ctx, message("4号楼的路灯不亮了，晚上很黑", message_id=10))
    theirs = await reports.report_received(ctx, message("4号楼的路灯不亮了，晚上很黑", message_id=11, user_id=5009))
    assert mine.event_id != theirs.event_id  # merging is off in this context: two events
    await privacy.forget_me(ctx, RESIDENT)
    async with ctx.db.read() as c:
        rows = await outbox.pending(c)
    about = {r.event_id: json.dumps(r.payload, ensure_ascii=False) for r in rows if r.purpose is Purpose.WORKER_DM}
    assert "路灯不亮" not in about[mine.event_id] and "路灯不亮" in about[theirs.event_id]


async def test_me_too_in_another_group_counts_on_the_answer_there_queued_or_sent(ctx: AppContext) -> None:
    """A "+1" from another group within the quiet time: the answer given there still queued goes out with the count
    now (no second message); sent, it is edited to it."""
    from ids import GROUP_B

    from bot.services import merging

    event_id = await reported(ctx)
    for user in (6001, 6002, 6003):
        async with ctx.db.tx() as c:
            ev = await events.get(c, event_id)
            assert ev is not None
            said = Incoming(GROUP_B, user, user, "邻居", None, "zh-Hans", "4号楼的路灯也不亮")
            assert await merging.join(ctx, c, ev, said)
    async with ctx.db.read() as c:
        rows = [r for r in await outbox.pending(c) if r.chat_id == GROUP_B]  # (and the worker's DM counts too)
    # the answer goes out with the count; an edit follows it (the sender may be sending it already: 566a88f), one
    # per "+1", of which the sender sends the last only
    assert [r.method for r in rows] == ["sendMessage", "editMessageText", "editMessageText"]
    assert "共 4 位" in rows[0].payload["text"] and "共 4 位" in rows[-1].payload["text"]
    assert {r.meta.ref for r in rows[1:]} == {f"{outbox.ROW_REF}{rows[0].id}"}
    await queued(ctx)
    async with ctx.db.tx() as c:
        ev = await events.get(c, event_id)
        assert ev is not None
        assert await merging.join(ctx, c, ev, Incoming(GROUP_B, 6004, 6004, "邻居", None, "zh-Hans", "也不亮"))
        [*_, edit] = [r for r in await outbox.pending(c) if r.chat_id == GROUP_B]
    assert edit.method == "editMessageText" and edit.payload["message_id"] == 1000 + rows[0].id
    assert "共 5 位" in edit.payload["text"]


@pytest.mark.parametrize("sent", [True, False])
async def test_not_urgent_withdraws_the_emergency_numbers_sent_or_still_queued(
    ctx: AppContext, monkeypatch: pytest.MonkeyPatch, sent: bool
) -> None:
    """The numbers posted under an unsure red say no call is needed once its writer taps "Not urgent": edited when
    sent, and (diff review) when still queued behind the group's limit, by an edit that follows the queued row."""
    monkeypatch.setattr(parser_mod, "default_reader", lambda: constant_reader(report=5.0, red=-0.5, category="safety"))
    result = await reports.report_received(ctx, message("3号楼2单元楼道里好像有点味道，大家注意一下"))
    assert result.event_id is not None
    async with ctx.db.read() as c:
        numbers = await outbox.latest_keyed_of(c, result.event_id, Purpose.EMERGENCY_GROUP)
    assert numbers is not None
    if sent:
        await queued(ctx)
    assert (await reports.not_urgent(ctx, result.event_id, RESIDENT)).key == "cb.not_urgent"
    async with ctx.db.read() as c:
        edits = [r for r in await outbox.pending(c) if r.purpose is Purpose.EDIT and r.chat_id == GROUP_A]
    assert len(edits) == 1
    if sent:
        assert edits[0].payload["message_id"] == 1000 + numbers.id
    else:
        assert edits[0].meta.ref == f"{outbox.ROW_REF}{numbers.id}"
