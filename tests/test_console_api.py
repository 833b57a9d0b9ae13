"""The console served by the running bot: signing in, sessions, CSRF, who sees and changes what, each
page's data, and that admins' changes reach Telegram like the chat buttons' do.

Over 300 lines: every console route with every role.
"""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlparse

import pytest
from console_client import ask_link, client, free_port, link_in, sign_in
from harness import MakeBot, RunningBot, press
from ids import ADMIN, COMMITTEE, GROUP_A, GROUP_B, LI, RESIDENT, WANG, ZHAO

from bot.cli.corrections import corpus_lines
from bot.core.callbacks import Action
from bot.fakeapi import FakeTelegram
from storage import corrections, events

API = "/console/api/"
PUBLIC = "https://console.example.org"


class Clock:
    """The bot's clock, which only a test moves on (the board's version counts minutes: a real clock crossing a
    minute between two looks made "nothing changed" a 200 under load)."""

    def __init__(self) -> None:
        self.start = datetime.now(UTC)
        self.offset = timedelta()

    def __call__(self) -> datetime:
        return self.start + self.offset


async def report(bot: RunningBot, chat: int, text: str, user: int = RESIDENT) -> int:
    """A resident reports in a group; returns the new event's id."""
    msg = bot.fake.send_message(chat, user, text)
    await bot.settle()
    async with bot.ctx.db.read() as c:
        ev = await events.by_message(c, chat, msg["message_id"])
    assert ev is not None, text
    return ev.id


def headers(me: dict, **extra: str) -> dict:
    return {"X-CSRF-Token": me["csrf"], "Content-Type": "application/json", **extra}


async def test_console_answers_staff_in_private_with_link_button_and_menu(
    fake_tg: FakeTelegram, console_bot: MakeBot
) -> None:
    clock = Clock()
    bot = await console_bot(console_public_url=PUBLIC, clock=clock)
    link = await ask_link(bot, ADMIN)
    answer = next(m for m in fake_tg.messages(ADMIN) if link_in(m))
    assert link_in(answer).startswith(PUBLIC + "/console/login?t=")
    assert fake_tg.web_app_buttons(ADMIN)[-1]["web_app"]["url"] == PUBLIC + "/console/tg"
    menu = await fake_tg.wait_for_call("setChatMenuButton")
    assert menu.ok and fake_tg.menu_buttons[ADMIN]["web_app"]["url"] == PUBLIC + "/console/tg"
    await ask_link(bot, WANG)  # a worker gets the link and the button, but no menu button
    assert fake_tg.web_app_buttons(WANG) and WANG not in fake_tg.menu_buttons
    fake_tg.send_message(RESIDENT, RESIDENT, "/console")
    fake_tg.send_message(GROUP_A, ADMIN, "/console")
    await bot.settle()
    assert not any(link_in(m) for m in fake_tg.messages(RESIDENT) + fake_tg.messages(GROUP_A))
    assert not fake_tg.web_app_buttons(RESIDENT) and not fake_tg.web_app_buttons(GROUP_A)

    token = link.split("t=", 1)[1]
    async with client() as http:
        async with http.get(link) as resp:
            assert resp.status == 200 and 'name="t"' in await resp.text()
        login = bot.console_base + "/console/login"
        async with http.post(login, data={"t": token}, allow_redirects=False) as resp:
            assert resp.status == 303 and resp.headers["Location"] == "/console/#/board"
            cookie = resp.headers["Set-Cookie"]
            assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie
            assert "Path=/console" in cookie
        async with http.post(login, data={"t": token}, allow_redirects=False) as resp:
            assert resp.status == 410  # a link works once
        user, expires, nonce, sig = token.split(".")
        async with http.post(login, data={"t": f"{WANG}.{expires}.{nonce}.{sig}"}, allow_redirects=False) as resp:
            assert resp.status == 410  # bound to its person: another id breaks the signature
        late = (await ask_link(bot, WANG)).split("t=", 1)[1]
        clock.offset = timedelta(seconds=bot.ctx.settings.console_link_s + 1)
        async with http.get(bot.console_base + "/console/login?t=" + late) as resp:
            assert resp.status == 410
        async with http.post(login, data={"t": late}, allow_redirects=False) as resp:
            assert resp.status == 410  # expired


async def test_mini_app_signs_in_with_telegrams_init_data(fake_tg: FakeTelegram, console_bot: MakeBot) -> None:
    bot = await console_bot(console_public_url=PUBLIC)
    url = bot.console_base + API + "session"

    def init_data(user: int, **kw: object) -> str:
        launch = fake_tg.open_web_app(user, PUBLIC + "/console/tg", **kw)
        return parse_qs(urlparse(launch).fragment)["tgWebAppData"][0]

    async with client() as http:
        async with http.post(url, json={"init_data": init_data(ADMIN)}) as resp:
            assert resp.status == 200
            opened = await resp.json()
        async with http.get(
            bot.console_base + API + "me", headers={"Authorization": "Bearer " + opened["session"]}
        ) as resp:
            assert resp.status == 200 and (await resp.json())["role"] == "admin"
        refused = [
            init_data(ADMIN).replace(str(ADMIN), str(WANG), 1),  # tampered
            init_data(ADMIN, token="654321:another-bots-token"),  # another bot's
            init_data(ADMIN, auth_date=int(datetime.now(UTC).timestamp()) - 2 * 86400),  # expired
            init_data(RESIDENT),  # signed, but residents have no console
            "user=%7B%22id%22%3A1001%7D&auth_date=1&hash=00",
        ]
        for data in refused:
            async with http.post(url, json={"init_data": data}) as resp:
                assert resp.status == 401, data
        async with http.post(url, data="init_data=x") as resp:
            assert resp.status == 403  # a form post from anywhere is not the Mini App


async def test_nothing_without_a_session_and_no_change_without_csrf(
    fake_tg: FakeTelegram, console_bot: MakeBot
) -> None:
    bot = await console_bot()
    event_id = await report(bot, GROUP_A, "3号楼2单元楼道灯坏了")
    base = bot.console_base
    async with client() as http:
        for path in (
            "me",
            "board",
            f"events/{event_id}",
            "events?days=30",
            "media/1",
            "hotspots",
            "trends",
            "rota",
            "export?format=csv",
        ):
            async with http.get(base + API + path) as resp:
                assert resp.status == 401, path
        for path in (
            f"events/{event_id}/reassign",
            f"events/{event_id}/correct",
            f"events/{event_id}/close",
            "rota",
            "lang",
            "logout",
        ):
            async with http.post(base + API + path, json={}) as resp:
                assert resp.status == 401, path
        async with http.get(base + API + "board", headers={"Authorization": "Bearer forged"}) as resp:
            assert resp.status == 401
        async with http.get(base + "/console/", allow_redirects=False) as resp:
            assert resp.status == 303 and resp.headers["Location"] == "/console/signin"
        async with http.get(base + "/console/tg") as resp:
            page = await resp.text()
            assert resp.status == 200 and "楼道灯" not in page  # the Mini App shell holds no data
            assert "script-src 'self'" in resp.headers["Content-Security-Policy"]

        me = await sign_in(bot, http, ADMIN)
        url = base + API + f"events/{event_id}/reassign"
        body = json.dumps({"worker": LI})
        bad = [
            {"Content-Type": "application/json"},
            {"Content-Type": "application/json", "X-CSRF-Token": "forged"},
            {"Content-Type": "application/json", "X-CSRF-Token": me["csrf"], "Origin": "https://evil.example"},
        ]
        for h in bad:
            async with http.post(url, data=body, headers=h) as resp:
                assert resp.status == 403 and (await resp.json())["error"] == "console.err.csrf"
        async with http.post(
            url,
            data="worker=2002",
            headers={"X-CSRF-Token": me["csrf"], "Content-Type": "application/x-www-form-urlencoded"},
        ) as resp:
            assert resp.status == 415
        async with bot.ctx.db.read() as c:
            ev = await events.get(c, event_id)
            log = await events.timeline(c, event_id)
        assert ev.assignee_id == WANG and all(x.action != "reassigned" for x in log)
        async with http.post(base + API + "logout", json={}, headers=headers(me)) as resp:
            assert resp.status == 200
        async with http.get(base + API + "board") as resp:
            assert resp.status == 401  # signed out


async def test_workers_see_their_grid_and_change_nothing(fake_tg: FakeTelegram, console_bot: MakeBot) -> None:
    bot = await console_bot()
    in_a = await report(bot, GROUP_A, "3号楼2单元楼道灯坏了")
    in_b = await report(bot, GROUP_B, "7号楼门口垃圾堆了三天没人清")
    base = bot.console_base + API
    async with client() as http:
        me = await sign_in(bot, http, ZHAO)  # grid B
        assert me["role"] == "worker" and [g["id"] for g in me["grids"]] == ["B"]
        async with http.get(base + f"events/{in_a}") as resp:
            assert resp.status == 404  # another grid's event: as if it did not exist
        async with http.get(base + f"events/{in_b}") as resp:
            data = await resp.json()
            assert resp.status == 200 and data["can"] == {"reassign": False, "correct": False, "close": False}
            assert data["workers"] == []
        async with http.get(base + "board") as resp:
            assert [e["id"] for e in (await resp.json())["items"]] == [in_b]
        async with http.get(base + "hotspots?days=90") as resp:
            assert (await resp.json())["buildings"] == ["7"]
        async with http.get(base + "export?format=csv") as resp:
            text = (await resp.read()).decode("utf-8-sig")
            assert "垃圾" in text and "楼道灯" not in text
        async with http.get(base + "trends?grid=A") as resp:
            assert resp.status == 404
        async with http.get(base + "events?building=3&category=repair&days=30") as resp:
            assert (await resp.json())["items"] == []
        for path, body in (
            (f"events/{in_b}/reassign", {"worker": ZHAO}),
            (f"events/{in_b}/correct", {"urgency": "red"}),
            (f"events/{in_b}/close", {"outcome": "fixed"}),
            (f"events/{in_a}/reassign", {"worker": ZHAO}),
            ("rota", {"kind": "cover", "a": WANG, "b": ZHAO, "day": "2099-01-01"}),
        ):
            async with http.post(base + path, json=body, headers=headers(me)) as resp:
                assert resp.status in (403, 404), path
        async with http.get(base + "rota") as resp:
            rota = await resp.json()
            assert [u["id"] for u in rota["units"]] == ["B"] and rota["can_change"] is False
    async with bot.ctx.db.read() as c:
        assert (await events.get(c, in_b)).urgency.value != "red"
        assert await corrections.all_rows(c) == []


async def test_admin_reassigns_corrects_and_closes_like_the_buttons(
    fake_tg: FakeTelegram, console_bot: MakeBot
) -> None:
    bot = await console_bot()
    event_id = await report(bot, GROUP_A, "3号楼2单元楼道灯坏了")
    base = bot.console_base + API
    async with client() as http:
        me = await sign_in(bot, http, ADMIN)
        async with http.get(base + f"events/{event_id}") as resp:
            page = await resp.json()
        assert page["can"]["reassign"] and page["can"]["close"]  # waiting: admins may close it too
        assert page["workers"][0]["on_duty"] and {w["id"] for w in page["workers"]} >= {WANG, LI, ZHAO}

        async with http.post(base + f"events/{event_id}/reassign", json={"worker": LI}, headers=headers(me)) as r:
            assert r.status == 200 and (await r.json())["ok"]
        await bot.settle()
        sent = [m for m in fake_tg.sent_to(LI) if f"#{event_id}" in (m.get("text") or "")]
        assert sent and "居委会把这个事件转派给您" in sent[0]["text"]  # the new worker's DM, as sent
        dm = fake_tg.find_message(LI, f"#{event_id}")
        assert dm is not None and "现在转给您了" in dm["text"]  # …kept up to date, not "passed to 李姐" to 李姐
        assert [b["text"] for b in fake_tg.buttons(LI, dm["message_id"])][0] == "✋ 接单"
        assert fake_tg.find_message(COMMITTEE, "转派给李姐")
        async with http.post(base + f"events/{event_id}/reassign", json={"worker": LI}, headers=headers(me)) as r:
            assert r.status == 409 and (await r.json())["key"] == "console.err.same"

        async with http.post(
            base + f"events/{event_id}/correct",
            json={"category": "safety", "urgency": "yellow"},
            headers=headers(me),
        ) as r:
            assert r.status == 200
        await bot.settle()
        assert fake_tg.find_message(COMMITTEE, f"#{event_id} 已由")
        async with bot.ctx.db.read() as c:
            rows = await corrections.all_rows(c)
            ev = await events.get(c, event_id)
        assert [(r.field, r.old_value, r.new_value) for r in rows] == [
            ("category", "repair", "safety"),
            ("urgency", "green", "yellow"),
        ]
        assert rows[0].text == "3号楼2单元楼道灯坏了"
        assert (ev.category.value, ev.urgency.value) == ("safety", "yellow")
        [line] = corpus_lines(rows, "zh-Hans")  # what `linli corrections` writes for the trainer
        assert line == {
            **line,
            "writer": "console",
            "text": "3号楼2单元楼道灯坏了",
            "is_report": True,
            "category": "safety",
            "urgency": "yellow",
            "building": "3",
            "unit": "2",
            "corrected": ["category", "urgency"],
        }
        ack = fake_tg.find_message(GROUP_A, f"#{event_id}")
        assert ack is not None and "安全隐患" in ack["text"]  # the group's acknowledgement follows

        press(fake_tg, LI, LI, dm["message_id"], Action.ACCEPT)
        await bot.settle()
        close = base + f"events/{event_id}/close"
        shown = {"status": "accepted", "assignee": LI}
        async with http.post(close, json={"outcome": "referred", "shown": shown}, headers=headers(me)) as r:
            assert r.status == 409 and (await r.json())["key"] == "console.err.note_needed"
        async with http.post(close, json={"outcome": "fixed", "shown": shown}, headers=headers(me)) as r:
            assert r.status == 200 and (await r.json())["message"] == f"#{event_id} 已结案。"
        await bot.settle()
        async with http.get(base + f"events/{event_id}") as resp:
            page = await resp.json()
        assert page["status"] == "closed" and page["outcome"] == "fixed"
        actions = [line["action"] for line in page["timeline"]]
        assert actions.count("corrected") == 2 and "reassigned" in actions and actions[-1] == "closed"
        assert fake_tg.find_message(GROUP_A, "已办结") or fake_tg.find_message(GROUP_A, "修好")


async def test_a_page_left_open_does_not_undo_another_admins_change(
    fake_tg: FakeTelegram, console_bot: MakeBot
) -> None:
    bot = await console_bot()
    event_id = await report(bot, GROUP_A, "3号楼2单元楼道灯坏了")
    base = bot.console_base + API + f"events/{event_id}/"
    async with client() as http:
        me = await sign_in(bot, http, ADMIN)
        shown = {"category": "repair", "urgency": "green"}
        async with http.post(base + "correct", json={"urgency": "red", "shown": shown}, headers=headers(me)) as r:
            assert r.status == 200
        async with http.post(base + "correct", json={"category": "safety", "shown": shown}, headers=headers(me)) as r:
            assert r.status == 409 and (await r.json())["key"] == "console.err.changed"
        async with http.post(base + "correct", json={"category": "safety", "shown": {}}, headers=headers(me)) as r:
            assert r.status == 409 and (await r.json())["key"] == "console.err.bad_value"
        async with http.post(
            base + "reassign", json={"worker": LI, "shown": {"assignee": WANG}}, headers=headers(me)
        ) as r:
            assert r.status == 200
        async with http.post(
            base + "reassign", json={"worker": ZHAO, "shown": {"assignee": WANG}}, headers=headers(me)
        ) as r:
            assert r.status == 409 and (await r.json())["key"] == "console.err.changed"
    ev = await bot.event(event_id)
    assert (ev.category.value, ev.urgency.value, ev.assignee_id) == ("repair", "red", LI)


async def test_each_page_has_its_data(fake_tg: FakeTelegram, console_bot: MakeBot) -> None:
    clock = Clock()
    bot = await console_bot(clock=clock)
    first = await report(bot, GROUP_A, "3号楼2单元楼道灯坏了")
    await report(bot, GROUP_A, "3号楼1单元楼道灯又坏了", user=5003)
    await report(bot, GROUP_A, "3号楼楼道灯还是坏的", user=5004)
    red = await report(bot, GROUP_B, "7号楼3单元厨房着火了")
    async with bot.ctx.db.tx() as c:
        await events.set_anonymous(c, first, True)
    clock.offset = timedelta(minutes=6)  # the red report waits past its 5 minutes: late; the others are not
    base = bot.console_base + API
    async with client() as http:
        me = await sign_in(bot, http, ADMIN)
        assert me["strings"]["console.nav.board"] == "看板" and me["tz"] == "Asia/Shanghai"
        async with http.get(base + "board") as resp:
            board = await resp.json()
            tag = resp.headers["ETag"]
        assert board["counts"]["total"] == 4 and board["counts"]["by_urgency"]["red"] == 1
        assert [e["id"] for e in board["items"]] == [red, first, first + 1, first + 2]  # late, then oldest
        assert board["counts"]["overdue"] == 1 and board["items"][0]["overdue"]
        anon = next(e for e in board["items"] if e["id"] == first)
        assert anon["anonymous"] and anon["text"] == ""  # an anonymous report's words stay off the board
        async with http.get(base + "board", headers={"If-None-Match": tag}) as resp:
            assert resp.status == 304  # nothing changed
        for query, ids in (
            ("urgency=red", {red}),
            ("grid=B", {red}),
            (f"worker={ZHAO}", {red}),
            ("category=repair&grid=A", {e["id"] for e in board["items"]} - {red}),
        ):
            async with http.get(base + "board?" + query) as resp:
                assert {e["id"] for e in (await resp.json())["items"]} == ids, query
        async with http.get(base + "board?grid=Z") as resp:
            assert resp.status == 400

        async with http.get(base + f"events/{first}") as resp:
            page = await resp.json()
        assert page["text"] == "3号楼2单元楼道灯坏了" and page["reporters"][0]["name"] == "刘阿姨"
        assert page["timeline"][0]["action"] == "reported" and page["surveys"] == []

        async with http.get(base + "hotspots?days=30") as resp:
            spots = await resp.json()
        cell = next(c for c in spots["cells"] if c["building"] == "3")
        assert cell["count"] == 3 and cell["recurring"] and spots["days"] == 30
        async with http.get(base + "events?building=3&category=repair&days=30") as resp:
            assert len((await resp.json())["items"]) == 3

        async with http.get(base + "trends?weeks=8") as resp:
            trends = await resp.json()
        assert len(trends["weeks"]) == 8 and trends["weeks"][-1]["new"] == 4
        assert {g["id"] for g in trends["grids"]} == {"A", "B"}
        async with http.get(base + "trends?weeks=8&grid=B") as resp:
            assert (await resp.json())["weeks"][-1]["new"] == 1

        async with http.get(base + "rota") as resp:
            rota = await resp.json()
        assert [u["id"] for u in rota["units"]] == ["A", "B"] and rota["can_change"]
        assert rota["units"][0]["primary"] == ["王师傅"] and len(rota["days"]) == 7
        day = rota["days"][2]["date"]
        cover = {"kind": "cover", "a": WANG, "b": ZHAO, "day": day}
        async with http.post(base + "rota", json=cover, headers=headers(me)) as resp:
            answer = await resp.json()
            assert resp.status == 200 and answer["ok"] and "赵师傅" in answer["message"]
        await bot.settle()
        assert fake_tg.find_message(WANG, "赵师傅")  # the covered worker is told, as with /cover
        async with http.post(base + "rota", json={**cover, "day": "2000-01-01"}, headers=headers(me)) as resp:
            assert resp.status == 409  # /cover's own rule: no past days
        async with http.get(base + "rota") as resp:
            assert (await resp.json())["changes"][0]["kind"] == "cover"

        for fmt, check in (
            ("csv", lambda b: "楼道灯" in b.decode("utf-8-sig")),
            ("open311", lambda b: len(json.loads(b)) == 4),
            ("xlsx", lambda b: b[:2] == b"PK"),
        ):
            async with http.get(base + f"export?format={fmt}") as resp:
                assert resp.status == 200 and "attachment" in resp.headers["Content-Disposition"]
                assert check(await resp.read()), fmt
        from openpyxl import load_workbook

        async with http.get(base + "export?format=xlsx") as resp:
            sheet = load_workbook(io.BytesIO(await resp.read())).active
            assert sheet.max_row == 5
        async with http.get(base + "export?format=csv&since=2026-02-01&until=2026-01-01") as resp:
            assert resp.status == 400 and (await resp.json())["error"] == "console.err.bad_period"
        async with http.get(base + "export?format=csv&until=9999-12-31") as resp:  # past what dates can add to
            assert resp.status == 400 and (await resp.json())["error"] == "console.err.bad_date"

        async with http.post(base + "lang", json={"lang": "en"}, headers=headers(me)) as resp:
            assert (await resp.json())["strings"]["console.nav.board"] == "Board"
        async with http.get(base + "me") as resp:
            assert (await resp.json())["lang"] == "en"


@pytest.mark.parametrize("who", [WANG, ZHAO])
async def test_anonymous_reporters_are_named_to_admins_only(
    fake_tg: FakeTelegram, console_bot: MakeBot, who: int
) -> None:
    bot = await console_bot()
    event_id = await report(
        bot,
        GROUP_A if who == WANG else GROUP_B,
        "3号楼2单元楼道灯坏了" if who == WANG else "7号楼门口垃圾堆了三天没人清",
    )
    async with bot.ctx.db.tx() as c:
        await events.set_anonymous(c, event_id, True)
    async with client() as http:
        await sign_in(bot, http, who)
        async with http.get(bot.console_base + API + f"events/{event_id}") as resp:
            page = await resp.json()
        assert page["reporters"][0] == {**page["reporters"][0], "name": None, "hidden": True}
        assert all(line["actor"] != "刘阿姨" for line in page["timeline"])
    async with client() as http:
        await sign_in(bot, http, ADMIN)
        async with http.get(bot.console_base + API + f"events/{event_id}") as resp:
            assert (await resp.json())["reporters"][0]["name"] == "刘阿姨"


async def test_webhook_mode_serves_the_console_beside_the_webhook(make_bot: MakeBot) -> None:
    port = free_port()
    bot = await make_bot(
        webhook_url="https://bot.example.org/telegram",
        webhook_port=port,
        console_enabled=True,
        console_port=free_port(),
    )
    assert bot.ctx.console_url == f"http://127.0.0.1:{port}"
    async with client() as http:
        async with http.get(f"http://127.0.0.1:{port}/console/signin") as resp:
            assert resp.status == 200 and "/console" in await resp.text()
        async with http.post(f"http://127.0.0.1:{port}/telegram", json={"update_id": 1}) as resp:
            assert resp.status == 403  # the webhook is still there, secret and all


def test_the_timeline_details_are_words_not_codes() -> None:
    from bot.services.console_event import _detail

    names = {2001: "王师傅", 2002: "李姐"}.get
    assert _detail("closed", "cannot_fix: 需要更换线路", names, "zh-Hans") == "暂时无法解决: 需要更换线路"
    assert "fixed" not in _detail("closed", "fixed", names, "zh-Hans")  # the outcome's words, not its code
    assert _detail("rated", "satisfied", names, "zh-Hans") == "已解决，满意"
    assert _detail("corrected", "urgency:yellow>red", names, "zh-Hans") == "较急 → 紧急"
    assert _detail("handed_off", "2001>2002", names, "zh-Hans") == "王师傅 → 李姐"
    assert "匿名" in _detail("post_chosen", "a", names, "zh-Hans")


async def test_a_video_and_an_image_file_are_served_as_what_they_are(
    fake_tg: FakeTelegram, console_bot: MakeBot
) -> None:
    """A resident's video was kept as a photo: the event page drew it as <img> and the media route served it as
    image/jpeg (a broken picture). The page now says how each came (a video is drawn as <video>) and the route
    answers with the file's own type; an image sent as a file still shows as a picture."""
    bot = await console_bot()
    video = {"file_id": "BAACvid9", "file_unique_id": "uvid9", "width": 720, "height": 1280, "duration": 9}
    fake_tg.send_message(GROUP_A, RESIDENT, caption="5号楼2单元水管爆了，水一直往外冒", extra={"video": video})
    await fake_tg.wait_for(lambda: fake_tg.find_message(GROUP_A, "已登记 #1"))
    doc = {"file_id": "BQACpng1", "file_unique_id": "upng1", "file_name": "IMG_1.png", "mime_type": "image/png"}
    fake_tg.send_message(GROUP_A, RESIDENT, caption="3号楼门口井盖丢了", document=doc)
    await fake_tg.wait_for(lambda: fake_tg.find_message(GROUP_A, "已登记 #2"))
    await bot.settle()
    fake_tg.files["BAACvid9"] = (fake_tg.files["BAACvid9"][0], b"\x00\x00\x00\x18ftypmp42" + bytes(16))
    fake_tg.files["BQACpng1"] = (fake_tg.files["BQACpng1"][0], b"\x89PNG\r\n\x1a\n" + bytes(16))
    async with client() as http:
        await sign_in(bot, http, ADMIN)
        shown, served = [], []
        for event_id in (1, 2):
            async with http.get(bot.console_base + API + f"events/{event_id}") as resp:
                [m] = (await resp.json())["media"]
            shown.append((m["photo"], m["video"], m["sent_as"]))
            async with http.get(bot.console_base + API + f"media/{m['id']}") as resp:
                served.append((resp.status, resp.content_type))
            assert "media-src 'self'" in resp.headers["Content-Security-Policy"]
            # console review: a resident's photo was still served from the browser's cache after sign-out
            assert resp.headers["Cache-Control"] == "no-store"
    assert shown == [(False, True, "video"), (True, False, "document")]
    assert served == [(200, "video/mp4"), (200, "image/png")]


async def test_a_voice_message_is_played_not_drawn(fake_tg: FakeTelegram, console_bot: MakeBot) -> None:
    """A resident's voice message kept with her report (it went to its worker to listen to) is on the event page as
    a voice message, not a picture, and the media route serves it as Ogg audio."""
    bot = await console_bot()
    fake_tg.user_starts_bot(WANG)
    fake_tg.send_message(GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了")
    await fake_tg.wait_for(lambda: fake_tg.find_message(GROUP_A, "已登记 #1"))
    voice = {"file_id": "AwACvoice5", "file_unique_id": "uv5", "duration": 7, "mime_type": "audio/ogg"}
    fake_tg.send_message(GROUP_A, RESIDENT, extra={"voice": voice})
    await fake_tg.wait_for(lambda: [m for m in fake_tg.messages(WANG) if m.get("voice")] or None)
    await bot.settle()
    fake_tg.files["AwACvoice5"] = (fake_tg.files["AwACvoice5"][0], b"OggS" + bytes(28))
    async with client() as http:
        await sign_in(bot, http, ADMIN)
        async with http.get(bot.console_base + API + "events/1") as resp:
            [m] = (await resp.json())["media"]
        async with http.get(bot.console_base + API + f"media/{m['id']}") as resp:
            served = (resp.status, resp.content_type)
    assert (m["photo"], m["video"], m["voice"]) == (False, False, True)
    assert served == (200, "audio/ogg")


async def test_an_event_open_again_shows_no_close_time(fake_tg: FakeTelegram, console_bot: MakeBot) -> None:
    """Found in the first diff review: a reopened event keeps its last close time in its row (the digest's history
    reads it); the console's board and event page gave it for an open event, as the export did before it was
    mended."""
    bot = await console_bot(clock=Clock())
    event_id = await report(bot, GROUP_A, "3号楼2单元楼道灯坏了")
    async with bot.ctx.db.tx() as c:  # as a reopening leaves it: open, its old close time kept
        await c.execute("UPDATE events SET closed_at = created_at + 60, reopened_count = 1 WHERE id = ?", (event_id,))
    base = bot.console_base + API
    async with client() as http:
        await sign_in(bot, http, ADMIN)
        async with http.get(base + "board") as resp:
            [item] = [e for e in (await resp.json())["items"] if e["id"] == event_id]
        async with http.get(base + f"events/{event_id}") as resp:
            page = await resp.json()
    assert item["closed_at"] is None and page["closed_at"] is None, (item, page)


async def test_the_reassign_answer_names_the_worker_as_written(fake_tg: FakeTelegram, console_bot: MakeBot) -> None:
    """Console review: the file calls 李姐 "李姐 (A&B栋)"; the page (which shows the answer as text) said
    "A&amp;B栋": the console's answers are plain text, not Telegram's HTML."""
    from harness import COMMUNITY_TOML

    from bot.core.community_file import parse_community

    comm = parse_community(COMMUNITY_TOML.replace('"李姐"', '"李姐 (A&B栋)"'), "community.toml")
    bot = await console_bot(comm=comm)
    fake_tg.send_message(GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了")
    await bot.settle()
    async with client() as http:
        me = await sign_in(bot, http, ADMIN)
        async with http.post(
            bot.console_base + API + "events/1/reassign",
            json={"worker": LI},
            headers={"X-CSRF-Token": me["csrf"], "Content-Type": "application/json"},
        ) as resp:
            answer = await resp.json()
    assert answer["ok"] and "李姐 (A&B栋)" in answer["message"], answer["message"]


async def test_a_waiting_fire_is_on_the_board_behind_a_backlog(fake_tg: FakeTelegram, console_bot: MakeBot) -> None:
    """Console review: 120 greens late since yesterday filled the board's 100 cards and a fire reported ten minutes
    ago, accepted by nobody, was not among them. Reds come first."""
    from harness import store_report

    from bot.core.types import Category, ParsedReport, Status, Urgency

    bot = await console_bot()
    now = bot.ctx.now()
    green = ParsedReport(True, Category.REPAIR, Urgency.GREEN, "3")
    red = ParsedReport(True, Category.SAFETY, Urgency.RED, "5")
    async with bot.ctx.db.tx() as c:
        for i in range(120):
            at = now - timedelta(days=1) + timedelta(seconds=i)
            await store_report(
                c, 1000 + i, at, chat_id=GROUP_A, parsed=green, status=Status.DISPATCHED, assignee_id=WANG
            )
        fire = await store_report(
            c,
            5000,
            now - timedelta(minutes=10),
            chat_id=GROUP_A,
            parsed=red,
            status=Status.DISPATCHED,
            assignee_id=WANG,
        )
    async with client() as http:
        await sign_in(bot, http, ADMIN)
        async with http.get(bot.console_base + API + "board") as resp:
            data = await resp.json()
    assert data["items"][0]["id"] == fire.id and len(data["items"]) == 100
