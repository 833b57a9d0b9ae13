"""Bindings and shifts added inside Telegram (bot/core/additions.py): the file wins, and never stops a start."""

from __future__ import annotations

from harness import COMMUNITY_TOML, community
from ids import COMMITTEE, WANG
from test_e2e_teams import MAINT, TEAMS_TOML

from bot.core.additions import in_file, left_out, with_additions
from bot.core.community_file import parse_community

NEW_GROUP = -1005550001111


def test_a_binding_of_the_committee_chat_is_left_out() -> None:
    """A group bound by button that the file later names as the committee chat stays the committee chat."""
    base = community()
    added = with_additions(base, bindings=[(COMMITTEE, "A"), (NEW_GROUP, "A")])
    assert added.grid_for_chat(COMMITTEE) is None
    assert added.grid_for_chat(NEW_GROUP) is not None


def test_a_shift_the_file_no_longer_allows_is_left_out_and_the_others_kept() -> None:
    teams = parse_community(TEAMS_TOML, "teams.toml")
    bad = (WANG, "maint", "mon-sun", "00:00", "24:00", "primary")  # not a member of the team
    good = (MAINT, "A", "mon-sun", "00:00", "24:00", "backup")
    added = with_additions(teams, shifts=[bad, good])
    assert not any(s.worker == WANG and s.team == "maint" for s in added.shifts)
    assert any(s.worker == MAINT and s.grid == "A" for s in added.shifts)
    assert left_out(teams, bad) and not left_out(teams, good)


def test_a_shift_the_file_has_is_not_added_twice() -> None:
    """Found in the configuration review: the [[shifts]] lines /shift gave, pasted into the file, counted twice."""
    base = parse_community(COMMUNITY_TOML, "c.toml")
    have = next(s for s in base.shifts if s.worker == WANG)
    same = (WANG, have.desk, "sun,mon-sat" if have.days == "mon-sun" else have.days, have.start, have.end, "primary")
    assert have.role.value == "primary" and in_file(base, same) and not left_out(base, same)
    assert with_additions(base, shifts=[same]) is base
    other = (WANG, "B", "sat,sun", "08:00", "12:00", "backup")
    twice = with_additions(base, shifts=[other, other])
    assert len(twice.shifts) == len(base.shifts) + 1 and not in_file(base, other) and in_file(twice, other)


def test_nothing_to_add_is_the_same_community() -> None:
    base = parse_community(COMMUNITY_TOML, "c.toml")
    assert with_additions(base) is base


def test_a_telegram_name_with_control_characters_pastes_into_the_file() -> None:
    import tomllib

    from bot.core.additions import toml_str

    for name in ("王师傅", 'say "hi" \\ bye', "bell\x07 tab\t new\nline del\x7f", "😀 Ann"):
        assert tomllib.loads(f"name = {toml_str(name)}")["name"] == name
