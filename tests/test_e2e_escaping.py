"""Hostile names, titles, notes and arguments through the whole loop: 0 messages refused for markup, no live
link the bot did not build (the real bot against the fake Bot API)."""

from __future__ import annotations

import re

import pytest
from harness import COMMUNITY_TOML, MakeBot, RunningBot, answer_to, exchange
from ids import ADMIN, COMMITTEE, GROUP_A, GROUP_B, LI, RESIDENT, RESIDENT2, WANG, ZHAO

from bot.core.callbacks import Action, encode
from bot.core.community_file import parse_community
from bot.fakeapi import FakeTelegram
from storage import outbox

LINK = '<a href="http://x">x</a>'
NOTE = "水压<0.1 & " + LINK + " </b>"
NEWCOMER = 2009
NAMES = {  # user id → a hostile display name
    WANG: "王<b>师傅 " + LINK,
    LI: "李&姐 </b>",
    ZHAO: "赵</a>师傅 <i>",
    RESIDENT: "刘</b>阿姨 " + LINK,
    RESIDENT2: "陈&lt;先生 <code>",
    NEWCOMER: "新人</a><b>" + LINK,
}
TITLE_A = "幸福里 <b>1-5</b> & " + LINK
TITLE_B = "6-8号楼</b>群 " + LINK


def hostile_community() -> str:
    text = COMMUNITY_TOML
    for uid, plain_name in ((WANG, "王师傅"), (LI, "李姐"), (ZHAO, "赵师傅")):
        text = text.replace(f'name = "{plain_name}"', f"name = '{NAMES[uid]}'")
    return text


@pytest.fixture
async def bot(fake_tg: FakeTelegram, make_bot: MakeBot) -> RunningBot:
    fake_tg.group(GROUP_A, TITLE_A, type="supergroup")
    fake_tg.group(GROUP_B, TITLE_B, type="supergroup")
    for uid, name in NAMES.items():
        fake_tg.user(uid, name, language_code="en" if uid == RESIDENT2 else None)
    return await make_bot(parse_community(hostile_community(), "hostile.toml"), merge_window_s=3600, survey_delay_s=0)


async def press(
    fake: FakeTelegram, user: int, chat: int, message_id: int, action: Action, id_: int, arg: str | None = None
) -> dict:
    qid = fake.press_button(user, chat, message_id, encode(action, id_, arg))
    return await answer_to(fake, qid)


def dm(fake: FakeTelegram, user: int, event_id: int) -> dict | None:
    return next(
        (
            m
            for m in reversed(fake.messages(user))
            if re.search(rf"#{event_id}\b", m.get("text", "")) and m.get("reply_markup")
        ),
        None,
    )


async def failures(bot: RunningBot) -> list[outbox.Failure]:
    async with bot.ctx.db.read() as c:
        return await outbox.failures(c)


def live_links(fake: FakeTelegram) -> list[tuple[int, dict]]:
    """Every link in every message the bot sent that it did not build itself."""
    found = []
    for call in fake.calls:
        if not call.ok or not isinstance(call.result, dict):
            continue
        for e in call.result.get("entities", []) + call.result.get("caption_entities", []):
            url = e.get("url", "")
            if e["type"] == "text_link" and not url.startswith(("https://t.me/c/", "https://www.openstreetmap.org/")):
                found.append((call.result["chat"]["id"], e))
            if e["type"] == "url" and "http://x" in call.result.get("text", "")[e["offset"] :][: e["length"]]:
                found.append((call.result["chat"]["id"], e))
    return found


async def test_the_whole_loop_with_hostile_names_titles_and_notes(bot: RunningBot) -> None:
    """Report, merge, accept, hand back, accept, close with a note, survey; and hand back to the committee."""
    fake = bot.fake
    for uid in (WANG, LI):
        fake.user_starts_bot(uid)
    fake.send_message(GROUP_A, RESIDENT, "3号楼电梯坏了 " + LINK)
    first = await fake.wait_for(lambda: dm(fake, WANG, 1))
    fake.send_message(GROUP_A, RESIDENT2, "3号楼的电梯又坏了 </b>")  # merged: a line and a split button
    await fake.wait_for(
        lambda: (
            "2" in (dm(fake, WANG, 1) or {}).get("text", "")
            and len((dm(fake, WANG, 1) or {}).get("reply_markup", {}).get("inline_keyboard", [])) == 2
            or None
        )
    )
    await press(fake, WANG, WANG, first["message_id"], Action.ACCEPT, 1)
    await press(fake, WANG, WANG, first["message_id"], Action.HAND_BACK, 1)
    second = await fake.wait_for(lambda: dm(fake, LI, 1))
    assert NAMES[RESIDENT] in second["text"] and TITLE_A in second["text"]  # shown as written, not as markup
    await press(fake, LI, LI, second["message_id"], Action.ACCEPT, 1)
    await press(fake, LI, LI, second["message_id"], Action.CLOSE, 1)
    await press(fake, LI, LI, second["message_id"], Action.CLOSE_CANNOT, 1)
    await fake.wait_for(lambda: fake.find_message(LI, "#1"))
    fake.send_message(LI, LI, NOTE)
    # the resident never started the bot: the acknowledgement shows the note as written, then the survey
    # names them in the group
    told = await fake.wait_for(lambda: fake.find_message(GROUP_A, "说明：水压<0.1"))
    assert NOTE in told["text"] and "已登记 #1" in told["text"]
    # one question for both, naming them as written
    asked = await fake.wait_for(
        lambda: fake.find_message(GROUP_A, f"{NAMES[RESIDENT]}、{NAMES[RESIDENT2]}：您报告的事件 #1（")
    )
    assert [e["type"] for e in asked["entities"]][:2] == ["text_mention", "text_mention"]
    thanks = await press(fake, RESIDENT, GROUP_A, asked["message_id"], Action.RATE, 1, "ok")
    assert thanks["text"] == "谢谢！"
    # A second event handed back by both workers on duty: the committee is told, with the worker's name.
    fake.send_message(GROUP_A, RESIDENT2, "5号楼楼道灯坏了")
    third = await fake.wait_for(lambda: dm(fake, WANG, 2))
    await press(fake, WANG, WANG, third["message_id"], Action.HAND_BACK, 2)
    fourth = await fake.wait_for(lambda: dm(fake, LI, 2))
    await press(fake, LI, LI, fourth["message_id"], Action.HAND_BACK, 2)
    await fake.wait_for(lambda: fake.find_message(COMMITTEE, f"事件 #2 被{NAMES[LI]}退回"))
    await bot.settle()
    assert [f for f in await failures(bot) if f.error.startswith("400")] == []
    assert live_links(fake) == []


async def test_commands_greetings_invites_and_notices_with_hostile_words(bot: RunningBot) -> None:
    """/start, /onduty and /invite arguments, an invited worker's name, the 403 mention, "bot removed"."""
    fake = bot.fake
    fake.user_starts_bot(RESIDENT2, send_start=True)
    greeting = await fake.wait_for(lambda: fake.find_message(RESIDENT2, "Hi "))
    assert NAMES[RESIDENT2] in greeting["text"]
    fake.user_starts_bot(WANG)
    fake.send_message(WANG, WANG, "/onduty </b><i>&" + LINK.replace(" ", ""))
    assert "</b><i>&" in (await fake.wait_for(lambda: fake.find_message(WANG, "/onduty A 8")))["text"]
    fake.user_starts_bot(ADMIN)
    fake.send_message(ADMIN, ADMIN, "/invite </b>&<i>")
    assert "</b>&<i>" in (await fake.wait_for(lambda: fake.find_message(ADMIN, "第一网格 (A)")))["text"]
    link = await exchange(fake, ADMIN, ADMIN, "/invite A", "start=w_")
    code = re.search(r"start=(w_\S+)", link["text"]).group(1)
    fake.user_starts_bot(NEWCOMER, send_start=True, payload=code)
    welcome = await fake.wait_for(lambda: fake.find_message(NEWCOMER, "网格员"))
    assert NAMES[NEWCOMER] in welcome["text"]
    # 赵师傅 never started the bot: the group is asked to remind him, by a mention the bot built.
    mention = await exchange(fake, GROUP_B, RESIDENT, "7号楼电梯坏了", "@")
    assert mention["text"].startswith(NAMES[ZHAO]) and mention["entities"][0]["type"] == "text_mention"
    await fake.wait_for(lambda: fake.find_message(COMMITTEE, NAMES[ZHAO]))
    fake.kick_bot(GROUP_B, ADMIN)
    removed = await fake.wait_for(lambda: fake.find_message(COMMITTEE, "移出"))
    assert TITLE_B in removed["text"]
    await bot.settle()
    assert [f for f in await failures(bot) if f.error.startswith("400")] == []
    assert live_links(fake) == []
