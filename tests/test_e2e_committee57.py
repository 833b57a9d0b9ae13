"""The committee's loose ends (committee review 57): a yellow reported at night with nobody on duty is told to the
committee once, saying when the next shift starts, and waits for it (no "nobody accepted" at 30 minutes);
an overdue list lets the chair act on each event; members of the committee chat may press its "派给…" buttons,
and no one else; a state question naming the event's worker is passed to him."""

from __future__ import annotations

from datetime import timedelta

from harness import COMMUNITY_TOML, Clock, MakeBot, RunningBot, answer_to, press, toml_tables
from ids import ADMIN, COMMITTEE, GROUP_A, LI, RESIDENT, START, WANG

from bot.core.callbacks import Action, id_arg
from bot.core.community_file import parse_community
from bot.core.types import Status
from bot.render.i18n import plain

DAYTIME = COMMUNITY_TOML.split("[[shifts]]")[0] + toml_tables(
    "shifts",
    {"worker": WANG, "grid": "A", "days": "mon-fri", "start": "08:30", "end": "17:30", "role": "primary"},
    {"worker": LI, "grid": "A", "days": "mon-fri", "start": "08:30", "end": "17:30", "role": "backup"},
)
MONDAY_22 = START + timedelta(hours=12)  # START is Monday 10:00 in Shanghai


def ids(bot: RunningBot, chat_id: int) -> set[int]:
    return {m["message_id"] for m in bot.fake.messages(chat_id)}


def new_texts(bot: RunningBot, chat_id: int, before: set[int]) -> list[str]:
    return [m.get("text", "") for m in bot.fake.messages(chat_id) if m["message_id"] not in before]


async def yellow_at_night(make_bot: MakeBot) -> tuple[RunningBot, dict]:
    """Monday 22:00, nobody on duty until Tuesday 08:30: 刘阿姨 reports a yellow; the committee's one note."""
    bot = await make_bot(parse_community(DAYTIME, "t"), Clock(MONDAY_22))
    bot.fake.user_starts_bot(WANG)
    bot.fake.user_starts_bot(LI)
    bot.fake.send_message(GROUP_A, RESIDENT, "4号楼停水了，一整天都没水")
    await bot.fake.wait_for(lambda: bot.fake.find_message(GROUP_A, "#1"))
    await bot.settle(timers=True)
    assert (await bot.event(1)).urgency.value == "yellow"
    [note] = bot.fake.messages(COMMITTEE)
    return bot, note


async def test_a_yellow_at_night_is_told_once_with_the_next_shift_and_waits_for_it(make_bot: MakeBot) -> None:
    bot, note = await yellow_at_night(make_bot)
    when = plain("zh-Hans", "when.tomorrow", hm="08:30")
    assert f"下一班{when} 上班" in note["text"] and "#1" in note["text"], note["text"]
    assert {b["text"] for b in bot.fake.buttons(COMMITTEE, note["message_id"])} >= {"👉 派给王师傅", "👉 派给李姐"}
    await bot.advance(hours=2)  # past the 30 minutes that told it again "nobody accepted"
    assert ids(bot, COMMITTEE) == {note["message_id"]}
    await bot.advance(hours=8, minutes=30)  # Tuesday 08:30: handed to the worker coming on, as a green is
    card = await bot.fake.wait_for(lambda: bot.fake.find_message(WANG, "#1"))
    assert "4号楼停水了" in card["text"]
    assert ((ev := await bot.event(1)).status, ev.assignee_id) == (Status.DISPATCHED, WANG)
    before = ids(bot, COMMITTEE)
    await bot.advance(minutes=31)  # chased from the shift's start: he did not accept, the backup and committee hear
    told = new_texts(bot, COMMITTEE, before)
    assert len(told) == 1 and told[0].startswith("⏫") and "王师傅" in told[0], told


async def test_a_night_note_s_button_gives_it_to_a_worker_at_once(make_bot: MakeBot) -> None:
    bot, note = await yellow_at_night(make_bot)
    query = press(bot.fake, ADMIN, COMMITTEE, note["message_id"], Action.ASSIGN, id_arg(LI))
    assert (await answer_to(bot.fake, query)).get("text") == plain("zh-Hans", "cb.assigned", worker="李姐")
    await bot.settle(timers=True)
    assert (await bot.event(1)).assignee_id == LI
    await bot.fake.wait_for(lambda: bot.fake.find_message(LI, "#1"))
