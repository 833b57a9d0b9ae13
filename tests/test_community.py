"""The community file: the example loads, every problem is one sentence naming key and line, routing.

Over 300 lines: one case per way the committee can get the file wrong.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from harness import community_error, line_of

from bot.core.community import CommunityError
from bot.core.community_file import load_community, parse_community

ROOT = Path(__file__).resolve().parent.parent

BASE = """\
[community]
name = "测试社区"
timezone = "Asia/Shanghai"
committee_chat_id = -100900
admins = [1001]

[[grids]]
id = "A"
name = "一网格"
buildings = ["1", "2"]
chats = [-100101]

[[grids]]
id = "B"
name = "二网格"
buildings = ["3", "4b"]
chats = [-100102]

[[workers]]
telegram_id = 2001
name = "王师傅"

[[workers]]
telegram_id = 2002
name = "李姐"

[[shifts]]
worker = 2001
grid = "A"
days = "mon-fri"
start = "08:00"
end = "20:00"

[[shifts]]
worker = 2002
grid = "B"
days = "sat,sun"
start = "20:00"
end = "08:00"
role = "backup"
"""


def test_base_is_valid() -> None:
    community = parse_community(BASE)
    assert [g.id for g in community.grids] == ["A", "B"]
    assert community.shifts[1].overnight


def test_example_file_loads() -> None:
    community = load_community(ROOT / "community.example.toml")
    assert len(community.grids) == 2
    assert len(community.workers) >= 3
    assert {s.role for s in community.shifts} == {"primary", "backup"}
    assert any(s.overnight for s in community.shifts)
    assert community.community.emergency_contacts
    assert community.is_admin(community.community.admins[0])


# (case, old, new, expected message after "community.toml[ line N]: ", snippet on the expected line or None)
CASES = [
    (
        "invalid toml",
        'timezone = "Asia/Shanghai"',
        "timezone = Asia/Shanghai",
        "invalid TOML: ",
        "timezone =",
    ),
    ("missing key", "committee_chat_id = -100900\n", "", "[community] committee_chat_id is missing", None),
    (
        "missing table",
        BASE[: BASE.index("[[grids]]")],
        "",
        "the [community] table is missing",
        None,
    ),
    (
        "unknown worker",
        "worker = 2002",
        "worker = 2009",
        "shifts[1].worker 2009 is not a listed worker",
        "2009",
    ),
    ("unknown grid", 'grid = "B"', 'grid = "C"', "shifts[1].grid 'C' is not a listed grid id", '"C"'),
    (
        "duplicate grid",
        'id = "B"',
        'id = "A"  # here',
        "grids[1].id 'A' is already the id of grids[0]",
        "# here",
    ),
    (
        "duplicate worker",
        "telegram_id = 2002",
        "telegram_id = 2001  # here",
        "workers[1].telegram_id 2001 is already listed as workers[0]",
        "# here",
    ),
    (
        "building twice",
        '"3", "4b"',
        '"3", " 1 "',
        "grids[1].buildings[1] ' 1 ' is already in grid 'A'",
        '" 1 "',
    ),
    (
        "chat twice",
        "chats = [-100102]",
        "chats = [-100101]  # here",
        "grids[1].chats[0] -100101 is already",
        "# here",
    ),
    (
        "committee chat",
        "chats = [-100102]",
        "chats = [-100900]",
        "grids[1].chats[0] -100900 is the committee",
        "900]",
    ),
    (
        "bad timezone",
        "Asia/Shanghai",
        "Asia/Shanghia",
        "[community] timezone 'Asia/Shanghia' is not a known",
        "Shanghia",
    ),
    (
        "bad days",
        '"sat,sun"',
        '"sat,sunday,xmas"',
        "shifts[1].days 'sat,sunday,xmas' is not a valid list",
        "xmas",
    ),
    ("bad time", 'start = "08:00"', 'start = "8:60"', "shifts[0].start '8:60' is not a time of day", "8:60"),
    ("hour 25", 'end = "08:00"', 'end = "25:00"', "shifts[1].end '25:00' is not a time of day", "25:00"),
    ("start 24:00", 'start = "20:00"', 'start = "24:00"', 'shifts[1].start cannot be "24:00"', "24:00"),
    (
        "bad role",
        'role = "backup"',
        'role = "boss"',
        "shifts[1].role must be one of 'primary' or 'backup'",
        "boss",
    ),
    (
        "language",
        "admins = [1001]",
        'admins = [1001]\nlanguage = "fr"',
        "[community] language must be one of",
        '"fr"',
    ),
    (
        "chat as text",
        "chats = [-100101]",
        'chats = ["-100101"]',
        "grids[0].chats[0] must be a whole number",
        '"-',
    ),
    (
        "positive chat",
        "chats = [-100101]",
        "chats = [100101]",
        "grids[0].chats[0] must be a group chat id",
        "[100101]",
    ),
    (
        "user id as text",
        "admins = [1001]",
        'admins = ["1001"]',
        "[community] admins[0] must be a whole number",
        '["1001"]',
    ),
    ("no admins", "admins = [1001]", "admins = []", "[community] admins must list at least one", "admins"),
    ("worker id", "worker = 2001", 'worker = "2001"', "shifts[0].worker must be a whole number", '"2001"'),
    (
        "typo key",
        "worker = 2002",
        "wroker = 2002",
        "shifts[1].wroker is not a known key (did you mean worker?)",
        "wroker",
    ),
    (
        "unknown section",
        "[[workers]]",
        "[[staff]]\nx = 1\n[[workers]]",
        "staff is not a known key",
        "[[staff]]",
    ),
    ("missing in entry", 'name = "李姐"\n', "", "workers[1].name is missing", "[[workers]]"),
    (
        "phone as number",
        'name = "李姐"',
        'name = "李姐"\nphone = 138',
        "workers[1].phone must be text in quotes",
        "138",
    ),
    ("empty name", 'name = "李姐"', 'name = ""', "workers[1].name must not be empty", 'name = ""'),
]


@pytest.mark.parametrize(("old", "new", "expected", "snippet"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_errors_name_key_and_line(old: str, new: str, expected: str, snippet: str | None) -> None:
    assert old in BASE
    text = BASE.replace(old, new, 1)
    message = community_error(text)
    prefix = f"community.toml line {line_of(text, snippet)}: " if snippet else "community.toml: "
    assert message.startswith(prefix + expected), message
    assert "\n" not in message
    assert len(re.findall(r"\.(\s|$)", message)) <= 1  # one sentence


def test_grids_written_as_single_table() -> None:
    text = BASE[: BASE.index("[[grids]]")] + '[grids]\nid = "A"\nname = "x"\n'
    assert community_error(text) == "community.toml line 7: grids must be written as [[grids]] tables"


def test_file_not_found(tmp_path: Path) -> None:
    path = tmp_path / "community.toml"
    with pytest.raises(CommunityError, match=r"community.toml: file not found$"):
        load_community(path)


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can read anything")
def test_permission_denied(tmp_path: Path) -> None:
    path = tmp_path / "community.toml"
    path.write_text(BASE, encoding="utf-8")
    path.chmod(0)
    with pytest.raises(CommunityError, match=r"cannot be read: permission denied$"):
        load_community(path)


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "community.toml"
    path.write_bytes(BASE.replace("测试社区", "x").encode() + "# 注释\n".encode("gbk"))
    with pytest.raises(CommunityError, match=r"line \d+: is not UTF-8 text"):
        load_community(path)


def test_bom_and_toml_times_and_unquoted_buildings(tmp_path: Path) -> None:
    text = BASE.replace('start = "08:00"', "start = 08:00:00").replace('["1", "2"]', "[1, 2]")
    path = tmp_path / "community.toml"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    community = load_community(path)
    assert community.shifts[0].start == "08:00"
    assert community.grids[0].buildings == ["1", "2"]


def test_defaults() -> None:
    info = parse_community(BASE).community
    assert info.language == "zh-Hans"
    assert info.emergency_contacts == []
    assert info.emergency_numbers == {"fire": "119", "ambulance": "120", "police": "110"}
    text = BASE.replace("admins = [1001]", 'admins = [1001]\nemergency_numbers = { police = "999" }')
    assert parse_community(text).community.emergency_numbers["police"] == "999"
    assert parse_community(text).community.emergency_numbers["fire"] == "119"


def test_routing() -> None:
    c = parse_community(BASE)
    assert c.grid_for_building(" 4B ").id == "B"
    assert c.grid_for_building("9") is None
    assert c.grid_for_building(None) is None
    assert c.grid_for_chat(-100101).id == "A"
    assert c.grid_for_chat(-1) is None
    assert c.route("4b", -100101).id == "B"  # the building wins over the chat
    assert c.route("9", -100101).id == "A"  # unknown building: the chat's grid
    assert c.route(None, -100102).id == "B"
    assert c.route(None, -1) is None
    assert c.grid_for_chat(-100102).id == "B"


def test_lookups() -> None:
    c = parse_community(BASE)
    assert c.worker(2001).name == "王师傅"
    assert c.worker(9) is None
    assert c.is_admin(1001) and not c.is_admin(2001)
    assert c.tz == ZoneInfo("Asia/Shanghai")
    assert c.grid("B").name == "二网格" and c.grid("Z") is None


def test_the_same_building_written_two_ways_is_one_building() -> None:
    """'3号楼' in one grid and '3' in another are the same building: refused with a sentence."""
    text = BASE.replace('buildings = ["3", "4b"]', 'buildings = ["3", "4b", "1号楼"]')
    with pytest.raises(CommunityError, match="already in grid"):
        parse_community(text, "c.toml")


@pytest.mark.parametrize(
    ("written", "read"),
    [("10A", "10A"), ("10a栋", "10A"), ("A座", "A"), ("5-1号楼", "5-1"), ("三号楼", "3"), ("Block 12", "12")],
)
def test_buildings_as_the_file_writes_them(written: str, read: str) -> None:
    from bot.core.community import normalise_building

    assert normalise_building(written) == read


@pytest.mark.parametrize(
    ("old", "new", "mark"), [('"Asia/Shanghai"', "“Asia/Shanghai”", "“"), ('"1", "2"', '"1"，"2"', "，")]
)
def test_chinese_keyboard_marks_in_the_file_are_named(old: str, new: str, mark: str) -> None:
    """Edited with a Chinese input method: the start said only "Invalid value (column 8)" or "Unclosed array"."""
    from harness import COMMUNITY_TOML

    said = community_error(COMMUNITY_TOML.replace(old, new, 1))
    assert "invalid TOML" in said and mark in said and "input method" in said, said
