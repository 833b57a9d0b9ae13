"""TIMEZONE and DEFAULT_LANGUAGE: the community file may leave out its time zone and language, and then
these settings apply (to shifts, the group messages, `linli demo`); the file's own values win."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from harness import COMMUNITY_TOML, MakeBot, exchange
from ids import GROUP_A, RESIDENT, WANG

from bot.cli.demo import default_language
from bot.config import load_settings
from bot.core import roster
from bot.core.community_file import load_community, parse_community
from bot.fakeapi import FakeTelegram

NO_ZONE = COMMUNITY_TOML.replace('timezone = "Asia/Shanghai"\n', "")
ALL_DAY = 'start = "00:00"\nend = "24:00"\nrole = "primary"'
DAY_SHIFT = NO_ZONE.replace(ALL_DAY, 'start = "08:00"\nend = "10:00"\nrole = "primary"', 1)  # 王师傅, grid A


def community_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "community.toml"
    path.write_text(text, encoding="utf-8")
    return path


def settings_from_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, **env: str):  # noqa: ANN201
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef")
    for key in ("TIMEZONE", "DEFAULT_LANGUAGE"):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return load_settings()


def test_timezone_setting_places_the_shifts(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    nine_london = datetime(2026, 7, 1, 8, 0, tzinfo=UTC)  # 09:00 in London (BST), 16:00 in Shanghai
    for zone, on in (("Europe/London", True), ("Asia/Shanghai", False)):
        s = settings_from_env(monkeypatch, tmp_path, TIMEZONE=zone)
        comm = load_community(community_file(tmp_path, DAY_SHIFT), s.timezone, s.default_language)
        assert comm.community.timezone == zone
        assert bool(roster.on_duty(comm, "A", nine_london, []).primary) is on, zone


def test_the_file_wins_over_the_settings() -> None:
    comm = parse_community(
        COMMUNITY_TOML.replace("admins", 'language = "zh-Hant"\nadmins'),
        "c.toml",
        timezone="Europe/London",
        language="en",
    )
    assert (comm.community.timezone, comm.community.language) == ("Asia/Shanghai", "zh-Hant")


async def test_default_language_setting_speaks_in_the_groups(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fake_tg: FakeTelegram, make_bot: MakeBot
) -> None:
    s = settings_from_env(monkeypatch, tmp_path, DEFAULT_LANGUAGE="en")
    comm = load_community(community_file(tmp_path, COMMUNITY_TOML), s.timezone, s.default_language)
    await make_bot(comm, default_language=s.default_language)
    fake_tg.user_starts_bot(WANG)
    ack = await exchange(fake_tg, GROUP_A, RESIDENT, "The stairwell light in block 3 unit 2 is broken", "#1")
    assert "Logged #1" in ack["text"], ack["text"]


def test_default_language_setting_chooses_the_demos_language(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DEFAULT_LANGUAGE", raising=False)
    assert default_language() == "zh-Hans"
    monkeypatch.setenv("DEFAULT_LANGUAGE", "zh-Hant")
    assert default_language() == "zh-Hant"
