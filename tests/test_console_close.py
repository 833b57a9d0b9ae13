"""An admin's Close from the console: a waiting report nobody accepted (a duplicate, a problem gone by itself) is
closed with an outcome, its chasing stopped and its worker's card closed; a Close from a page that no longer
shows the event as it is (a worker accepted it, another admin gave it to someone else) is refused, as a
reassignment or correction from that page is."""

from __future__ import annotations

from console_client import client, sign_in
from harness import MakeBot, RunningBot, press
from ids import ADMIN, COMMITTEE, GROUP_A, LI, RESIDENT, WANG

from bot.core.callbacks import Action
from bot.core.escalation import DISPATCH_KINDS
from bot.fakeapi import FakeTelegram
from storage import timers

API = "/console/api/"


def headers(me: dict) -> dict:
    return {"X-CSRF-Token": me["csrf"], "Content-Type": "application/json"}


async def _reported(bot: RunningBot, fake: FakeTelegram, text: str, user: int = RESIDENT) -> None:
    fake.send_message(GROUP_A, user, text)
    await bot.settle()


async def test_an_admin_closes_a_waiting_duplicate(fake_tg: FakeTelegram, console_bot: MakeBot) -> None:
    """The same lift reported twice, not merged; nobody accepted #2. The committee closes #2 as a duplicate of #1
    from the console: it is closed with nobody on it, no longer chased, 王师傅's card for it says closed (no
    Accept), the committee hears who closed it, and 王师傅 gets no "your job was closed" message (it never was his)."""
    bot = await console_bot()
    await _reported(bot, fake_tg, "3号楼电梯坏了，不动了")
    await _reported(bot, fake_tg, "三号楼的电梯又停了", user=5003)
    card = fake_tg.find_message(WANG, "#2")
    assert card is not None and (await bot.event(2)).status.value == "dispatched"
    before = len(fake_tg.sent_to(WANG))
    async with client() as http:
        me = await sign_in(bot, http, ADMIN)
        async with http.get(bot.console_base + API + "events/2") as resp:  # type: ignore[attr-defined]
            page = await resp.json()
        assert page["can"]["close"]
        shown = {"status": page["status"], "assignee": page["assignee"]}
        async with http.post(
            bot.console_base + API + "events/2/close",  # type: ignore[attr-defined]
            json={"outcome": "duplicate", "note": "#1", "shown": shown},
            headers=headers(me),
        ) as resp:
            answer = await resp.json()
    assert answer["ok"], answer
    await bot.settle()
    ev = await bot.event(2)
    assert (ev.status.value, ev.outcome.value if ev.outcome else None, ev.assignee_id) == ("closed", "duplicate", None)
    async with bot.ctx.db.read() as c:
        chasing = [t for t in await timers.pending(c) if t.event_id == 2 and t.kind in DISPATCH_KINDS]
    assert chasing == []
    assert "✋ 接单" not in [b["text"] for b in fake_tg.buttons(WANG, card["message_id"])]
    assert fake_tg.find_message(COMMITTEE, "#2 已由")
    assert not any("居委会" in (m.get("text") or "") for m in fake_tg.sent_to(WANG)[before:])
    fake_tg.press_button(WANG, WANG, card["message_id"], "v1:acc:2")  # its old Accept, pressed anyway
    await bot.settle()
    assert (await bot.event(2)).status.value == "closed"


async def test_a_close_from_a_stale_page_is_refused(fake_tg: FakeTelegram, console_bot: MakeBot) -> None:
    """Admin 1's page shows #1 accepted by 王师傅; meanwhile admin 2 gives it to 李姐, who accepts it. Admin 1's
    Close is refused as changed ("reload the page"), and so is a Close that does not say what its page showed;
    李姐 keeps her job. From the reloaded page it goes through."""
    bot = await console_bot()
    await _reported(bot, fake_tg, "3号楼2单元楼道灯坏了")
    press(fake_tg, WANG, WANG, fake_tg.find_message(WANG, "#1")["message_id"], Action.ACCEPT)
    await bot.settle()
    close = bot.console_base + API + "events/1/close"  # type: ignore[attr-defined]
    async with client() as one, client() as two:
        me1 = await sign_in(bot, one, ADMIN)
        me2 = await sign_in(bot, two, ADMIN)
        async with two.post(
            bot.console_base + API + "events/1/reassign",  # type: ignore[attr-defined]
            json={"worker": LI, "shown": {"assignee": WANG}},
            headers=headers(me2),
        ) as resp:
            assert resp.status == 200
        await bot.settle()
        press(fake_tg, LI, LI, fake_tg.find_message(LI, "#1")["message_id"], Action.ACCEPT)
        await bot.settle()
        for body in (
            {"outcome": "fixed", "note": "", "shown": {"status": "accepted", "assignee": WANG}},
            {"outcome": "fixed", "note": ""},  # a page that says nothing of what it showed
        ):
            async with one.post(close, json=body, headers=headers(me1)) as resp:
                answer = await resp.json()
            assert (resp.status, answer["key"]) == (409, "console.err.changed"), answer
        ev = await bot.event(1)
        assert (ev.status.value, ev.assignee_id) == ("accepted", LI)
        shown = {"status": "accepted", "assignee": LI}  # reloaded
        async with one.post(close, json={"outcome": "fixed", "shown": shown}, headers=headers(me1)) as resp:
            assert (await resp.json())["ok"]
    assert (await bot.event(1)).status.value == "closed"


async def test_a_waiting_close_refused_once_a_worker_accepted(fake_tg: FakeTelegram, console_bot: MakeBot) -> None:
    """The page showed #1 waiting for 王师傅, who accepts it before the admin's Close arrives: refused as changed,
    his job stays his."""
    bot = await console_bot()
    await _reported(bot, fake_tg, "3号楼2单元楼道灯坏了")
    async with client() as http:
        me = await sign_in(bot, http, ADMIN)
        press(fake_tg, WANG, WANG, fake_tg.find_message(WANG, "#1")["message_id"], Action.ACCEPT)
        await bot.settle()
        async with http.post(
            bot.console_base + API + "events/1/close",  # type: ignore[attr-defined]
            json={"outcome": "nothing_found", "shown": {"status": "dispatched", "assignee": WANG}},
            headers=headers(me),
        ) as resp:
            assert (await resp.json())["key"] == "console.err.changed"
    ev = await bot.event(1)
    assert (ev.status.value, ev.assignee_id) == ("accepted", WANG)


async def test_an_admins_close_of_an_alerted_event_is_told_to_the_committee_once(make_bot: MakeBot) -> None:
    """A fire (the committee alerted) closed by an admin from the console: the committee read the close twice, under
    its alert (committee_news) and on its own (steering._tell_closed) (review of the stop's diff)."""
    from harness import Clock
    from ids import ADMIN, COMMITTEE, GROUP_A, LI, RESIDENT, WANG

    from bot.services import steering

    bot = await make_bot(clock=Clock())
    fake = bot.fake
    for u in (ADMIN, WANG, LI):
        fake.user_starts_bot(u)
    fake.send_message(GROUP_A, RESIDENT, "3号楼着火了，浓烟很大！")
    await bot.settle()
    assert (await steering.close(bot.ctx, ADMIN, 1, "fixed", "已扑灭")).ok
    await bot.settle()
    closes = [m["text"] for m in fake.messages(COMMITTEE) if "#1" in m["text"] and "办结" in m["text"]]
    assert len(closes) == 1, closes
