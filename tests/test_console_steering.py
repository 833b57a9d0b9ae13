"""The committee steering an event from the console (bot/services/steering.py), as two admins with the same
report open would: a change asked from a page that no longer shows the event as it is is refused, never put
over the newer change."""

from __future__ import annotations

from harness import RunningBot
from ids import ADMIN, GROUP_A, LI, RESIDENT, WANG, ZHAO

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
