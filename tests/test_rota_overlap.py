"""A worker whose shifts overlap (the file's 08–20 and a /shift's 08–18) stands once in a day's rota (set-up review:
/rota listed him twice); shifts apart stay apart, on one line in /rota."""

from __future__ import annotations

from datetime import date

from harness import DAY_NIGHT_TOML, TEST_HEAD, MakeBot, answer_under, toml_tables, worker_tables
from ids import ADMIN

from bot.core.community_file import parse_community
from bot.core.roster import day_rota
from bot.core.types import Role

TOML = (
    TEST_HEAD
    + 'name = "A"\n'
    + worker_tables({1: "王师傅", 2: "李姐"})
    + toml_tables(
        "shifts",
        {"worker": 1, "grid": "A", "days": "mon-fri", "start": "08:00", "end": "20:00"},
        {"worker": 1, "grid": "A", "days": "mon-sun", "start": "08:00", "end": "18:00"},
        {"worker": 1, "grid": "A", "days": "fri", "start": "20:00", "end": "23:00"},
        {"worker": 2, "grid": "A", "days": "sat", "start": "08:00", "end": "12:00"},
        {"worker": 2, "grid": "A", "days": "sat", "start": "14:00", "end": "18:00"},
        {"worker": 2, "grid": "A", "days": "sat", "start": "17:00", "end": "02:00"},
    )
)
COMM = parse_community(TOML)


def hours(day: date) -> list[tuple[int, int, int]]:
    return [(s.worker_id, s.start_minute, s.end_minute) for s in day_rota(COMM, "A", day) if s.role is Role.PRIMARY]


def test_overlapping_or_meeting_shifts_of_one_worker_are_one() -> None:
    assert hours(date(2026, 11, 25)) == [(1, 480, 1200)]  # Wednesday: 08–20 and 08–18
    assert hours(date(2026, 11, 27)) == [(1, 480, 1380)]  # Friday: and 20–23, which meets it


def test_shifts_apart_stay_apart_and_an_overnight_one_joins_what_it_overlaps() -> None:
    assert hours(date(2026, 11, 28)) == [(2, 480, 720), (1, 480, 1080), (2, 840, 120)]  # 14–18 and 17–02 are 14–02


async def test_rota_shows_a_worker_once_a_day_with_his_hours_side_by_side(make_bot: MakeBot) -> None:
    """李姐, on grid A's nights, is given 08–12 and 14–18 as its backup by /shift: /rota A shows her once a day."""
    bot = await make_bot(parse_community(DAY_NIGHT_TOML))
    for hours in ("8-12", "14-18"):
        await answer_under(bot.fake, ADMIN, f"/shift 李姐 A 每天 {hours} 备班", None)
    week = await answer_under(bot.fake, ADMIN, "/rota A", None)
    day = next(line for line in week["text"].splitlines() if "王师傅" in line)
    assert day.count("备：李姐") == 1 and "备：李姐 08–12, 14–18" in day and "李姐 20–08" in day, day
