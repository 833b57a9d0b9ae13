"""The committee steering an event from the console (bot/services/steering.py): two admins with the same
report open (a change asked from a page that no longer shows the event as it is is refused, never put over
the newer change), and an admin closing a worker's event (the worker, the committee and the group are told
who closed it)."""

from __future__ import annotations

from harness import RunningBot, accept_and_fix, press
from ids import ADMIN, COMMITTEE, GROUP_A, LI, RESIDENT, WANG, ZHAO

from bot.core.callbacks import Action
from bot.services import steering
from storage import corrections, events


async def reported(running: RunningBot) -> None:
    """A green repair report in grid A, sent to 王师傅 (#1)."""
    fake = running.fake
    for uid in (WANG, LI, ZHAO):
        fake.user_starts_bot(uid)
    fake.send_message(GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了")
    await fake.wait_for(lambda: fake.find_message(WANG, "#1"))
    await running.settle()


async def test_a_correction_from_a_stale_page_is_refused_not_put_back(running: RunningBot) -> None:
    await reported(running)
    shown = ("repair", "green")  # what both admins' pages show
    assert (await steering.correct(running.ctx, ADMIN, 1, urgency="red", shown=shown)).ok  # A: it is urgent

    # B, on the page loaded before A's change: the category only, or both fields as the old form sent them
    for category, urgency in (("safety", None), ("safety", "green")):
        done = await steering.correct(running.ctx, ADMIN, 1, category, urgency, shown=shown)
        assert (done.ok, done.key) == (False, "console.err.changed")
    ev = await running.event(1)
    assert (ev.category.value, ev.urgency.value) == ("repair", "red")
    async with running.ctx.db.read() as c:
        rows = await corrections.all_rows(c)
    assert [(r.field, r.old_value, r.new_value) for r in rows] == [("urgency", "green", "red")]

    # B reloads: the page shows red now, and the category change goes through, keeping red
    assert (await steering.correct(running.ctx, ADMIN, 1, category="safety", shown=("repair", "red"))).ok
    ev = await running.event(1)
    assert (ev.category.value, ev.urgency.value) == ("safety", "red")


async def test_a_reassign_from_a_stale_page_is_refused(running: RunningBot) -> None:
    await reported(running)
    assert (await steering.reassign(running.ctx, ADMIN, 1, LI, shown_assignee=WANG)).ok  # A gives it to 李姐
    done = await steering.reassign(running.ctx, ADMIN, 1, ZHAO, shown_assignee=WANG)  # B's page: still 王师傅
    assert (done.ok, done.key) == (False, "console.err.changed")
    await running.settle()
    assert (await running.event(1)).assignee_id == LI
    assert running.fake.find_message(ZHAO, "#1") is None
    async with running.ctx.db.read() as c:
        log = [line.action for line in await events.timeline(c, 1)]
    assert log.count("reassigned") == 1


async def test_a_close_from_the_console_tells_the_worker_the_committee_and_names_the_committee(
    running: RunningBot,
) -> None:
    await reported(running)
    fake = running.fake
    press(fake, WANG, WANG, fake.find_message(WANG, "#1")["message_id"], Action.ACCEPT)  # 王师傅 takes it
    await running.settle()
    before = len(fake.sent_to(WANG))
    assert (await steering.close(running.ctx, ADMIN, 1, "fixed", None)).ok
    await running.settle()
    told = [m["text"] for m in fake.sent_to(WANG)[before:]]
    assert any("#1 已由居委会" in text and "工作台办结" in text for text in told), told  # a message, not an edit
    assert fake.find_message(COMMITTEE, "#1 已由") and "办结（工作台）" in fake.find_message(COMMITTEE, "办结")["text"]
    ack = fake.find_message(GROUP_A, "#1")["text"]
    assert "已办结：问题已解决（居委会）" in ack and "王师傅" not in ack


async def test_a_worker_closing_their_own_event_is_named_and_not_told_twice(running: RunningBot) -> None:
    await reported(running)
    fake = running.fake
    before = len(fake.sent_to(WANG))
    assert (await steering.close(running.ctx, WANG, 1, "fixed", None)).key == "console.err.forbidden"
    await accept_and_fix(fake, WANG, fake.find_message(WANG, "#1")["message_id"])
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "已办结"))
    await running.settle()
    assert not any("居委会" in (m.get("text") or "") for m in fake.sent_to(WANG)[before:])
    assert "（王师傅）" in fake.find_message(GROUP_A, "#1")["text"]


async def test_a_reassignment_of_his_accepted_job_tells_the_worker_in_a_message(running: RunningBot) -> None:
    """Worker review: the committee gave 王师傅's accepted #1 to 李姐 from the console; he was sent nothing, his card
    far up the chat was only edited (Telegram rings no phone for an edit), and he might be on his way. He is told in
    a message of its own, as a close from the console already tells him; a job that was only waiting for him is
    not."""
    await reported(running)
    fake = running.fake
    press(fake, WANG, WANG, fake.find_message(WANG, "#1")["message_id"], Action.ACCEPT)
    await running.settle()
    before = len(fake.sent_to(WANG))
    assert (await steering.reassign(running.ctx, ADMIN, 1, LI)).ok
    await running.settle()
    told = [m["text"] for m in fake.sent_to(WANG)[before:]]
    assert len(told) == 1 and "#1" in told[0] and "李姐" in told[0] and "不用再处理" in told[0], told
    before = len(fake.sent_to(LI))
    assert (await steering.reassign(running.ctx, ADMIN, 1, ZHAO)).ok  # 李姐 had not accepted it: no news to her
    await running.settle()
    assert not [m for m in fake.sent_to(LI)[before:] if m.get("text")], fake.sent_to(LI)[before:]
