"""`linli init` reads the Telegram ids from Telegram (first-day review: it asked the secretary for her own
Telegram id, the committee chat's and the residents' group's ids and each worker's, which she learns from the
bot's /whoami or a group's web address, while the bot cannot run before init has written its files: a newcomer
stopped at the fifth question). Now each admin and worker presses Start and the bot is added to each group
while init waits, and the ids Telegram saw are offered as the answers; the first `linli run` still gets those
updates: it answers each Start and greets each group."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest
from harness import MakeFake, RunningBot
from ids import ADMIN, COMMITTEE, GROUP_A, LI, RESIDENT, WANG

from bot.cli import init
from bot.core.community_file import parse_community
from bot.fakeapi import FakeTelegram

TOKEN = "7712345678:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0"


async def interview(fake: FakeTelegram, answers: list[str], done: list[Callable[[], object]]) -> dict:
    """init's questions answered with `answers`; at each "Press Enter when that is done" the next of `done` is
    done in Telegram first (on the fake's own loop, as a person's taps are)."""
    loop = asyncio.get_running_loop()
    typed, deeds, prompts = iter(answers), iter(done), []

    async def do(deed: Callable[[], object]) -> None:
        deed()

    def read(prompt: str) -> str:
        prompts.append(prompt)
        if prompt.startswith("Press Enter"):
            asyncio.run_coroutine_threadsafe(do(next(deeds)), loop).result(30)
            return ""
        return next(typed)

    found = await asyncio.to_thread(init.interview, read)
    assert next(deeds, None) is None, prompts
    return found


@pytest.fixture
async def telegram(make_fake: MakeFake, monkeypatch: pytest.MonkeyPatch) -> FakeTelegram:
    fake = await make_fake(token=TOKEN, bot_username="xingfuli_bot")
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", f"{fake.url}/bot")
    for uid, name in ((ADMIN, "张书记"), (WANG, "王师傅"), (LI, "李姐"), (RESIDENT, "刘阿姨")):
        fake.user(uid, name, met=False)
    fake.group(COMMITTEE, "幸福里居委会", bot_status="left")
    fake.group(GROUP_A, "幸福里1-6号楼居民群", bot_status="left")
    return fake


async def test_the_ids_are_read_from_telegram_and_the_first_run_still_gets_the_updates(
    telegram: FakeTelegram, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake = telegram
    # Enter keeps every offered answer: the secretary types the token, the name and the buildings only
    answers = [TOKEN, "幸福里社区", "", "", "", "", "", "1-6", "", ""]
    done = [
        lambda: fake.send_message(ADMIN, ADMIN, "/start"),
        lambda: fake.add_bot(COMMITTEE, ADMIN),
        lambda: fake.add_bot(GROUP_A, ADMIN),
        lambda: (fake.send_message(WANG, WANG, "/start"), fake.send_message(LI, LI, "/start")),
    ]
    found = await interview(fake, answers, done)
    out = capsys.readouterr().out
    assert "the bot is @xingfuli_bot" in out and "幸福里居委会" in out and "幸福里1-6号楼居民群" in out
    assert (found["admins"], found["committee"], found["group"]) == (str(ADMIN), str(COMMITTEE), str(GROUP_A))
    assert found["workers"] == f"{WANG} 王师傅, {LI} 李姐"
    community = parse_community(init.community_toml(found), "community.toml")
    assert [w.name for w in community.workers] == ["王师傅", "李姐"] and community.is_admin(ADMIN)
    assert fake.updates_pending() == 5  # read, not confirmed

    bot = RunningBot(fake, tmp_path / "linli.db", community)
    await bot.start()
    try:
        await fake.wait_for(lambda: fake.find_message(ADMIN, "居委会管理员"))
        await fake.wait_for(lambda: fake.find_message(WANG, "网格员"))
        await fake.wait_for(lambda: fake.find_message(COMMITTEE, "居委会群"))
        await fake.wait_for(lambda: fake.find_message(GROUP_A, "直接在群里说"))
    finally:
        await bot.stop()


async def test_a_token_telegram_does_not_know_is_asked_again(telegram: FakeTelegram) -> None:
    answers = ["123456789:ABCDEFGHIJKLMNOPQRSTUVWXYZabcd", TOKEN, "幸福里社区", "", "", "1001", "-1001000000001"]
    answers += ["", "1-6", "-1001234567890", "2001 王师傅"]
    nothing: Callable[[], object] = lambda: None  # noqa: E731 - nobody pressed anything
    found = await interview(telegram, answers, [nothing] * 4)
    assert found["token"] == TOKEN and found["workers"] == "2001 王师傅"


async def test_someone_who_only_wrote_in_a_group_is_not_offered(telegram: FakeTelegram) -> None:
    """A resident chatting in the group is no worker; a group the bot was removed from again is not offered."""
    fake = telegram
    fake.group(-1009999, "隔壁小区群", bot_status="left")
    answers = [TOKEN, "幸福里社区", "", "", "", "", "", "1-6", "", "2001 王师傅"]
    done = [
        lambda: fake.send_message(ADMIN, ADMIN, "/start"),
        lambda: (fake.add_bot(-1009999, ADMIN), fake.kick_bot(-1009999, ADMIN), fake.add_bot(COMMITTEE, ADMIN)),
        lambda: (fake.add_bot(GROUP_A, ADMIN), fake.send_message(GROUP_A, RESIDENT, "大家好")),
        lambda: None,
    ]
    found = await interview(fake, answers, done)
    assert (found["committee"], found["group"], found["workers"]) == (str(COMMITTEE), str(GROUP_A), "2001 王师傅")


async def test_privacy_mode_is_turned_off_before_the_groups_are_added(
    telegram: FakeTelegram, capsys: pytest.CaptureFixture[str]
) -> None:
    """Step 2 of the BotFather section skipped: init, which has the bot added to the groups, says so right after the
    token, before any group is added (turned off later, each group needs the bot removed and added again)."""
    fake = telegram
    fake.can_read_all_group_messages = False
    answers = [TOKEN, "幸福里社区", "", "", "1001", "-1001000000001", "", "1-6", "-1001234567890", "2001 王师傅"]

    def turn_off() -> None:
        fake.can_read_all_group_messages = True

    found = await interview(fake, answers, [turn_off, *[lambda: None] * 4])
    out = capsys.readouterr().out
    assert out.count("privacy mode is on") == 1 and "Group Privacy → Turn off" in out
    assert out.index("privacy mode is on") < out.index("Add @xingfuli_bot to the committee")
    assert found["workers"] == "2001 王师傅"


async def test_init_reads_the_bot_api_server_from_dot_env_as_the_bot_does(
    telegram: FakeTelegram, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """First-day review: init read TELEGRAM_API_BASE_URL from the environment only, while `linli run` reads `.env`
    too (pydantic-settings): with the local Bot API server named in `.env`, init asked api.telegram.org, and
    `init --force` wrote a `.env` without it. Now init reads the settings the bot reads, and keeps that line."""
    fake = telegram
    monkeypatch.delenv("TELEGRAM_API_BASE_URL")
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text(f"TELEGRAM_API_BASE_URL={fake.url}/bot\nLOG_LEVEL=DEBUG\n", encoding="utf-8")
    answers = [TOKEN, "幸福里社区", "", "", "", "", "", "1-6", "", ""]
    done = [
        lambda: fake.send_message(ADMIN, ADMIN, "/start"),
        lambda: fake.add_bot(COMMITTEE, ADMIN),
        lambda: fake.add_bot(GROUP_A, ADMIN),
        lambda: fake.send_message(WANG, WANG, "/start"),
    ]
    found = await interview(fake, answers, done)
    assert "the bot is @xingfuli_bot" in capsys.readouterr().out
    assert found["workers"] == f"{WANG} 王师傅"
    monkeypatch.setattr(init, "interview", lambda: found)
    assert init.main(folder=tmp_path, force=True) == 0
    from bot.config import load_settings

    settings = load_settings()
    assert settings.telegram_api_base_url == f"{fake.url}/bot" and settings.log_level == "DEBUG"
    assert settings.token == TOKEN
