"""Privacy: /forget_me, and neither the token nor message texts in the logs at the default level.

Over 300 lines: /forget_me reaches every place a resident's words are kept, and each place is a test of its own."""

from __future__ import annotations

import json
import logging
import sqlite3
from pathlib import Path

import pytest
from harness import Clock, MakeBot, RunningBot, accept_and_fix, button_data, exchange, post_anonymously, with_button
from ids import ADMIN, COMMITTEE, GROUP_A, GROUP_B, RESIDENT, RESIDENT2, WANG, ZHAO
from steps import known_in_a_group
from test_reader import constant_reader
from unsure_examples import UNSURE

from bot.core import digest as maths
from bot.core.callbacks import Action
from bot.core.timeutil import to_epoch
from bot.fakeapi import FakeTelegram
from bot.runtime.logging_setup import quieten
from storage import digest, events, surveys

SECRET_TEXT = "3号楼2单元楼道灯坏了，我家孩子差点摔倒"


async def test_forget_me_keeps_counts_but_not_names_or_texts(running: RunningBot) -> None:
    fake = running.fake
    fake.user_starts_bot(WANG)
    await exchange(fake, GROUP_A, RESIDENT, SECRET_TEXT, "#1", where=WANG)
    await exchange(fake, RESIDENT, RESIDENT, "/forget_me", "/forget_me confirm")
    async with running.ctx.db.read() as c:
        assert (await events.get(c, 1)).text == SECRET_TEXT  # nothing happens without confirm
    await exchange(fake, RESIDENT, RESIDENT, "/forget_me confirm", "已删除")
    async with running.ctx.db.read() as c:
        ev = await events.get(c, 1)
        assert ev is not None and ev.text == "" and ev.reporter_name == ""
        assert ev.category and ev.urgency and ev.building == "3"  # the anonymous facts stay for the counts


async def test_logs_hold_no_token_and_no_texts(running: RunningBot, caplog: pytest.LogCaptureFixture) -> None:
    quieten()
    caplog.set_level(logging.INFO)
    fake = running.fake
    fake.user_starts_bot(WANG)
    dm = await exchange(fake, GROUP_A, RESIDENT, SECRET_TEXT, "#1", where=WANG)
    fake.press_button(WANG, WANG, dm["message_id"], "v1:acc:1")
    await exchange(fake, RESIDENT, RESIDENT, "/status 1", "进展")
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert fake.token not in text
    assert "楼道灯" not in text and "孩子" not in text


def found_in_database(db: Path, needles: list[str]) -> list[str]:
    """Every table and column of the database holding any of the needles (also JSON-escaped)."""
    found = []
    forms = {f for n in needles for f in (n, json.dumps(n)[1:-1])}
    with sqlite3.connect(db) as c:
        tables = [r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            for column in [r[1] for r in c.execute(f"PRAGMA table_info({table})")]:
                for form in forms:
                    value = f"CAST({column} AS TEXT)"
                    hits = c.execute(
                        f"SELECT rowid, substr({value}, max(1, instr({value}, ?) - 60), 160) FROM {table}"
                        f" WHERE instr({value}, ?) > 0",
                        (form, form),
                    ).fetchall()
                    found += [f"{table}.{column} row {r[0]}: {form!r} in …{r[1]}…" for r in hits]
    return found


async def test_forget_me_leaves_the_name_and_words_nowhere(
    fake_tg: FakeTelegram, make_bot: MakeBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The resident appears in every place the bot keeps people's names and words; after /forget_me,
    no table and no column of the database holds them (checked directly, table by table)."""
    fake = fake_tg
    fake.user(RESIDENT, "刘阿姨", username="liu_ayi")
    bot = await make_bot(merge_window_s=24 * 3600, survey_delay_s=0)
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(ZHAO)
    mine = {
        "merged": "5号楼电梯又坏了，紫藤花奶奶上不去楼",
        "own": "7号楼2单元楼道灯坏了，我家孩子差点摔倒",
        "unsure": "楼下那个东西是不是有点问题，蓝莓味",
    }
    # Another resident's event, which her report joins (event_reporters, merged DM lines and buttons).
    await exchange(fake, GROUP_A, RESIDENT2, "5号楼电梯坏了", "#1", where=WANG)
    # From now on Telegram throttles 王师傅's chat: the DM edits naming her stay queued (pending rows).
    fake.fail_next(None, 429, retry_after=60, times=1000, chat_id=WANG)
    await exchange(fake, GROUP_A, RESIDENT, mine["merged"], "已登记为 #1")
    # Her own event in group B: closed as fixed by 赵师傅, so the points ledger and the group survey
    # prompt (she never started the bot: asked in the group, by name) hold her too.
    own = fake.send_message(GROUP_B, RESIDENT, mine["own"])
    dm = await fake.wait_for(lambda: fake.find_message(ZHAO, "#2"))
    mine["edited"] = mine["own"] + "，灯罩也掉下来了"  # an edit: the event log keeps the new words
    fake.edit_message(GROUP_B, own["message_id"], mine["edited"])
    await fake.wait_for(lambda: "灯罩" in (fake.find_message(ZHAO, "#2") or {}).get("text", ""))
    await accept_and_fix(fake, ZHAO, dm["message_id"])
    await exchange(fake, ZHAO, ZHAO, "/skip", "问题解决了吗", where=GROUP_B)
    # An admin's award with a note, and its confirmation naming her in the admin's chat.
    await exchange(fake, ADMIN, ADMIN, "/points award @liu_ayi 20 帮刘阿姨的邻居搬东西", "增加 20 分")
    # A message the bot is unsure of: a "Report it?" question keeps her words.
    monkeypatch.setattr(
        "bot.core.parser.default_reader", lambda: constant_reader(report=-0.2, red=-8.0, category="repair")
    )
    await exchange(fake, GROUP_A, RESIDENT, mine["unsure"], "是需要处理的问题吗")
    monkeypatch.undo()
    # An update that cannot be read (a malformed date) is kept in the inbox for the admins, words and all.
    mine["garbled"] = "8号楼地下室有股怪味，芒果干"
    fake.queue_update(
        "message",
        {
            "message_id": 999,
            "date": "yesterday",
            "text": mine["garbled"],
            "chat": {"id": GROUP_A, "type": "supergroup", "title": "幸福里1-5号楼居民群"},
            "from": {"id": RESIDENT, "is_bot": False, "first_name": "刘阿姨", "username": "liu_ayi"},
        },
    )
    await bot.settle()
    needles = ["刘阿姨", "liu_ayi", *mine.values(), "紫藤花", "孩子差点摔倒", "蓝莓味", "灯罩也掉", "芒果干"]
    before = found_in_database(bot.db_path, needles)
    for place in (
        "people.",
        "events.",
        "event_reporters.",
        "confirmations.",
        "points_ledger.note",
        "outbox.payload",
        "event_log.detail",
        "inbox.payload",
    ):
        assert any(hit.startswith(place) for hit in before), f"she never appeared in {place}; proves nothing"

    fake.user_starts_bot(RESIDENT, send_start=True)
    await exchange(fake, RESIDENT, RESIDENT, "/forget_me", "/forget_me confirm")
    await exchange(fake, RESIDENT, RESIDENT, "/forget_me confirm", "已删除")
    await bot.settle()
    async with bot.ctx.db.read() as c:
        async with c.execute("SELECT COUNT(*) FROM outbox WHERE status = 'pending' AND chat_id = ?", (WANG,)) as cur:
            assert (await cur.fetchone())[0] >= 1, "the throttled DM edits are still queued"
    left = found_in_database(bot.db_path, needles)
    assert not left, "\n".join(left)


async def test_an_anonymous_report_stays_anonymous_in_the_group_whoever_asks(running: RunningBot) -> None:
    """A private report posted anonymously: its group post and /status in the residents' group show
    neither the writer's name, nor the room, nor the words, whoever asks (staff too)."""
    bot, fake = running, running.fake
    post = await post_anonymously(bot, "4号楼2单元302室门口有人在楼道里充电动车，很危险")
    secrets = ("刘阿姨", "302", "充电", "很危险")
    shown = {"group post": post["text"]}
    for asker in (RESIDENT2, WANG, ADMIN):  # a neighbour, the worker on duty, the committee's admin
        count = len(fake.messages(GROUP_A))
        fake.send_message(GROUP_A, asker, "/status 1")
        await fake.wait_for(lambda n=count: len(fake.messages(GROUP_A)) > n)
        shown[f"/status by {asker}"] = fake.messages(GROUP_A)[-1]["text"]
    assert all("#1" in text for text in shown.values()), shown
    leaks = {where: [s for s in secrets if s in text] for where, text in shown.items()}
    assert not any(leaks.values()), leaks
    fake.send_message(ADMIN, ADMIN, "/status 1")  # in private, staff see who wrote it
    private = await fake.wait_for(lambda: fake.find_message(ADMIN, "#1"))
    assert "刘阿姨" in private["text"] and "302" in private["text"]


WAITING_GROUP = -1005550001111


async def test_forget_me_reaches_a_report_kept_in_a_group_waiting_to_be_bound(
    fake_tg: FakeTelegram, make_bot: MakeBot
) -> None:
    """Kept until an admin binds the group, it would become an event under her name: it is dropped, and its words
    leave the committee's queued copy too."""
    fake = fake_tg
    fake.user(RESIDENT, "刘阿姨", username="liu_ayi")
    bot = await make_bot()
    fake.user_starts_bot(ADMIN)
    fake.user_starts_bot(WANG)
    fake.group(WAITING_GROUP, "幸福里新楼居民群", type="supergroup")
    fake.add_bot(WAITING_GROUP, RESIDENT)
    await fake.wait_for(lambda: fake.find_message(ADMIN, str(WAITING_GROUP)))
    words = "电梯坏了，有人被困在里面，紫藤花奶奶"
    await exchange(fake, WAITING_GROUP, RESIDENT, words, "已记下")
    await fake.wait_for(lambda: fake.find_message(COMMITTEE, "紫藤花"))
    await bot.settle()
    fake.user_starts_bot(RESIDENT, send_start=True)
    await exchange(fake, RESIDENT, RESIDENT, "/forget_me confirm", "已删除")
    await bot.settle()
    left = found_in_database(bot.db_path, ["刘阿姨", "liu_ayi", words, "紫藤花"])
    assert not left


async def test_forget_me_after_her_merged_report_was_split_out(fake_tg: FakeTelegram, make_bot: MakeBot) -> None:
    """Found in the second diff review: her name and words stayed in the edits of the first event's DMs once her
    report was split out of it (/forget_me read only the events she still belonged to)."""
    from harness import press
    from test_e2e_merge import dm_text

    from bot.core.callbacks import Action

    fake = fake_tg
    fake.user(RESIDENT2, "紫藤花", username="zitenghua")
    bot = await make_bot(merge_window_s=24 * 3600)
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(RESIDENT2)
    await exchange(fake, GROUP_A, RESIDENT, "5号楼电梯坏了", "#1", where=WANG)
    fake.send_message(GROUP_A, RESIDENT2, "5号楼电梯按钮坏了，按了没反应鹦鹉螺")
    await fake.wait_for(lambda: "2 位居民" in dm_text(fake, "新事件 #1") or None)
    press(fake, WANG, WANG, fake.find_message(WANG, "#1")["message_id"], Action.SPLIT)
    await fake.wait_for(lambda: fake.find_message(WANG, "#2"))
    await bot.settle()
    await exchange(fake, RESIDENT2, RESIDENT2, "/forget_me confirm", "已删除")
    await bot.settle()
    left = found_in_database(bot.db_path, ["紫藤花", "zitenghua", "鹦鹉螺"])
    assert not left, "\n".join(left)


@pytest.mark.parametrize("blocked_before_closing", [False, True])
async def test_a_forgotten_resident_who_blocked_the_bot_is_not_asked_in_the_group(
    make_bot: MakeBot, blocked_before_closing: bool
) -> None:
    """刘阿姨 reported in the group, then sent /forget_me and blocked the bot. Her satisfaction question cannot
    go privately, and the group's copy would name nobody ("，您报告的事件 #1…") and tie her to the event again:
    she is not asked, whether the bot learnt of the block before the question was due (a 403 on "closed": no
    question at all) or from the question's own 403 (recorded 'not_asked'); the digest counts no question."""
    bot = await make_bot(clock=Clock())
    fake = bot.fake
    fake.user_starts_bot(WANG, send_start=True)
    dm = await exchange(fake, GROUP_A, RESIDENT, SECRET_TEXT, "#1", where=WANG)
    fake.user_starts_bot(RESIDENT, send_start=True)
    await exchange(fake, RESIDENT, RESIDENT, "/forget_me confirm", "已删除")
    if blocked_before_closing:
        fake.block_bot(RESIDENT)
    await accept_and_fix(fake, WANG, dm["message_id"])
    await bot.settle()  # blocked already: "closed" failed, she is known unreachable (else the question will fail)
    if not blocked_before_closing:  # the bot learns it from the question's 403 (its my_chat_member update, which
        fake.blocked.add(RESIDENT)  # raced the question's timer, would tell it before: no question, as above)
    await bot.advance(hours=3)
    assert not any(button_data(fake, GROUP_A, m["message_id"], Action.RATE) for m in fake.messages(GROUP_A))
    async with bot.ctx.db.read() as c:
        tried = await surveys.for_event(c, 1)
        assert [(s.status, s.user_id) for s in tried] == ([] if blocked_before_closing else [("not_asked", RESIDENT)])
        assert "survey_not_asked" in [x.action for x in await events.timeline(c, 1)]
        rows = await digest.surveys_between(c, 0, to_epoch(bot.ctx.now()) + 1)
    assert maths.satisfaction(rows).asked == 0


async def test_buttons_left_after_forget_me_post_and_register_nothing(running: RunningBot) -> None:
    """Private-chat review: after /forget_me, her private report's "📢 署名" posted "反映人：。" to the group, and a yes
    to a "Report it?" question dispatched an event with no words. Both questions are closed by /forget_me."""
    fake = running.fake
    fake.user_starts_bot(WANG)
    known_in_a_group(fake, RESIDENT)
    await running.settle()
    fake.send_message(RESIDENT, RESIDENT, "5号楼3单元楼道灯坏了")
    ask_post = await with_button(fake, RESIDENT, Action.POST, "n")
    named = button_data(fake, RESIDENT, ask_post["message_id"], Action.POST, "n")
    fake.send_message(GROUP_A, RESIDENT, UNSURE)  # asked "Report it?" in the group
    ask = await with_button(fake, GROUP_A, Action.CONFIRM_YES)
    yes = button_data(fake, GROUP_A, ask["message_id"], Action.CONFIRM_YES)
    await exchange(fake, RESIDENT, RESIDENT, "/forget_me", "/forget_me confirm")
    await exchange(fake, RESIDENT, RESIDENT, "/forget_me confirm", "已删除")
    await running.settle()
    assert fake.buttons(RESIDENT, ask_post["message_id"]) == [] and fake.buttons(GROUP_A, ask["message_id"]) == []
    fake.press_button(RESIDENT, RESIDENT, ask_post["message_id"], named)  # stale copies of the buttons
    fake.press_button(RESIDENT, GROUP_A, ask["message_id"], yes)
    await running.settle()
    assert not fake.find_message(GROUP_A, "居民私信反映") and await running.event_count() == 1


async def test_forget_me_reaches_the_words_on_her_photos(fake_tg: FakeTelegram, make_bot: MakeBot) -> None:
    """Her words on a photo she added to her report (a reply to its acknowledgement), the same caption edited,
    and a photo she added to a neighbour's report: after /forget_me they were still in event_media.caption,
    event_log.detail and the workers' copies of the photos; now none is anywhere in the database."""
    fake = fake_tg
    fake.user(RESIDENT, "紫藤花刘阿姨", username="zitenghua_liu")
    bot = await make_bot()
    fake.user_starts_bot(WANG)
    await exchange(fake, GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了", "#1", where=WANG)
    await exchange(fake, GROUP_A, RESIDENT2, "3号楼门口的垃圾桶满了没人清", "#2", where=WANG)
    for number, caption in ((1, "灯罩掉在我家门口，孩子差点踩到蓝莓味"), (2, "就是这几个桶，在我家窗下草莓味")):
        ack = await fake.wait_for(lambda n=number: fake.find_message(GROUP_A, f"已登记 #{n}"))
        photo = fake.send_message(
            GROUP_A, RESIDENT, None, photo=True, caption=caption, reply_to_message_id=ack["message_id"]
        )
        await bot.settle()
    fake.edit_message(GROUP_A, photo["message_id"], "就是这几个桶，在窗下芒果干")
    await bot.settle()
    needles = ["紫藤花刘阿姨", "zitenghua_liu", "蓝莓味", "草莓味", "芒果干"]
    assert await bot.event_count() == 2  # the photos joined #1 and #2
    before = found_in_database(bot.db_path, needles)
    assert any(h.startswith("event_media.caption") for h in before), before
    fake.user_starts_bot(RESIDENT, send_start=True)
    await exchange(fake, RESIDENT, RESIDENT, "/forget_me confirm", "已删除")
    await bot.settle()
    left = found_in_database(bot.db_path, needles)
    assert not left, "\n".join(left)


@pytest.mark.parametrize("backups", [True, False])
async def test_forget_me_says_the_backups_keep_it_until_they_age_out(
    make_bot: MakeBot, tmp_path: Path, backups: bool
) -> None:
    """The README said her words were erased "everywhere"; the nightly backups made before still held them (privacy
    review). The answer says so, with how long, when there are backups."""
    bot = await make_bot(backup_dir=str(tmp_path / "backups") if backups else "", backup_keep=5)
    fake = bot.fake
    fake.send_message(GROUP_A, RESIDENT, SECRET_TEXT)
    await bot.settle()
    done = await exchange(fake, RESIDENT, RESIDENT, "/forget_me confirm", "已删除")
    said = "此前的夜间备份不会改写" in done["text"] and "5 天" in done["text"]
    assert said is backups, done["text"]
