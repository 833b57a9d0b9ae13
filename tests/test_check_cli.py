"""`linli check` against the fake Bot API: what is ready, what is not, and what to do.
Over 300 lines: every check's lines, and check as the process the README's start-up chain runs, read alike."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from harness import COMMUNITY_TOML, MakeFake, community, toml_tables
from ids import ADMIN, COMMITTEE, GROUP_A, GROUP_B, LI, WANG, ZHAO

from bot.cli import check as check_cli
from bot.cli.check import backup_lines, building_lines, check, records, rota_lines, verdict
from bot.config import Settings
from bot.core.community_file import parse_community
from bot.fakeapi import FakeTelegram
from bot.runtime.checks import Line
from storage import people, setup
from storage.db import open_db

TOKEN = "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef"


def settings(fake: FakeTelegram, tmp_path: Path) -> Settings:
    return Settings(
        telegram_bot_token=fake.token, telegram_api_base_url=f"{fake.url}/bot", database_path=tmp_path / "x.db"
    )


async def test_everything_ready_and_not(make_fake: MakeFake, tmp_path: Path) -> None:
    fake = await make_fake(token=TOKEN)
    fake.group(COMMITTEE, "居委会", type="supergroup")
    fake.group(GROUP_A, "A群", type="supergroup")  # GROUP_B: the bot was never added
    for worker in (WANG, ZHAO):
        fake.user(worker, f"w{worker}")
    fake.user(LI, "李", met=False)  # Telegram: 400 "chat not found" for someone the bot has never seen
    fake.user_starts_bot(WANG, send_start=True)  # waiting for the first run, which answers it
    lines = await check(settings(fake, tmp_path), community())
    text = "\n".join(map(str, lines))
    assert "✓ the token works" in text and "✓ privacy mode is off" in text
    assert f"✓ committee chat {COMMITTEE}" in text and f"✓ grid A group {GROUP_A}" in text
    assert f"✗ grid B group {GROUP_B}" in text and "add the bot" in text
    assert f"✓ worker 王师傅 ({WANG}) pressed Start" in text
    assert f"⚠ worker 赵师傅 ({ZHAO}): not known to have pressed Start" in text
    assert f"⚠ worker 李姐 ({LI}) has not pressed Start yet" in text
    assert "✓ all 8 buildings are read" in text


async def test_an_emergency_contact_who_is_no_worker_is_checked_too(make_fake: MakeFake, tmp_path: Path) -> None:
    """Told of every red event by DM only: one who never started the bot is named, as a worker would be."""
    fake = await make_fake(token=TOKEN)
    fake.user(ADMIN, "主任")  # an admin, not a worker, who never started the bot
    fake.user(WANG, "w")
    fake.user_starts_bot(WANG, send_start=True)
    toml = COMMUNITY_TOML.replace("[community]\n", f"[community]\nemergency_contacts = [{ADMIN}, {WANG}]\n", 1)
    text = "\n".join(map(str, await check(settings(fake, tmp_path), parse_community(toml, "c.toml"))))
    assert f"⚠ emergency contact ({ADMIN}): not known to have pressed Start" in text
    assert f"✓ worker 王师傅 ({WANG})" in text and f"emergency contact ({WANG})" not in text


async def test_privacy_mode_and_a_rejected_token(make_fake: MakeFake, tmp_path: Path) -> None:
    fake = await make_fake(token=TOKEN, can_read_all_group_messages=False)
    lines = await check(settings(fake, tmp_path), community())
    bad = Settings(
        telegram_bot_token="999999:ZZZZZZZZZZZZZZZZZZZZZZZZZZZZ",
        telegram_api_base_url=f"{fake.url}/bot",
        database_path=tmp_path / "x.db",
    )
    rejected = await check(bad, community())
    assert any(not line.ok and "privacy mode is ON" in line.text for line in lines)
    assert not rejected[0].ok and "rejected the token" in rejected[0].text


def test_a_building_the_reader_cannot_find_is_named() -> None:
    comm = parse_community(COMMUNITY_TOML.replace('"1", "2", "3", "4", "5"', '"1", "2", "东区大楼"'), "c.toml")
    lines = building_lines(comm)
    assert len(lines) == 1 and not lines[0].ok and "东区大楼" in lines[0].text


def test_a_span_of_buildings_in_the_file_is_to_be_listed_building_by_building() -> None:
    """Committee secretary review: buildings = ["1-30"] in community.toml loads as one building named "1-30"; check
    said only "write it as residents do", which "1-30" is to whoever typed it."""
    comm = parse_community(COMMUNITY_TOML.replace('"1", "2", "3", "4", "5"', '"1-30"'), "c.toml")
    [line] = building_lines(comm)
    assert not line.ok and "list each building of the span: '1', '2', '3', … '30'" in line.text, line.text


async def test_a_database_path_that_is_not_a_database_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_text("not a database " * 100)
    found = await records(Settings(telegram_bot_token=TOKEN, database_path=bad), community())
    assert len(found.lines) == 1 and not found.lines[0].ok and "not a Linli database" in str(found.lines[0])
    assert found.community == community()


def linli(tmp_path: Path, command: str, **env: str) -> subprocess.CompletedProcess:
    """`linli COMMAND` as a process in tmp_path, with the test community and only these settings."""
    (tmp_path / "community.toml").write_text(COMMUNITY_TOML, encoding="utf-8")
    base = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "COMMUNITY_", "DATABASE_"))}
    base = {k: v for k, v in base.items() if k not in ("LEXICON_FILES", "BACKUP_DIR")}
    base.update(env, TELEGRAM_BOT_TOKEN=TOKEN, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", command], cwd=tmp_path, env=base, capture_output=True, text=True, timeout=60
    )


def test_lexicon_files_run_would_refuse_are_refused_with_its_sentence(tmp_path: Path) -> None:
    """A words file `linli run` refuses (malformed, or missing) is not "ready.": exit 2, run's own sentence."""
    (tmp_path / "our_words.toml").write_text('[category]\nrepairs = ["喷泉不喷"]\n', encoding="utf-8")
    for words, needle in (("our_words.toml", "unknown tag 'category.repairs'"), ("missing.toml", "missing.toml")):
        checked, ran = linli(tmp_path, "check", LEXICON_FILES=words), linli(tmp_path, "run", LEXICON_FILES=words)
        sentence = ran.stderr.strip().removeprefix("linli: ")
        assert ran.returncode == 2 and sentence.startswith("LEXICON_FILES: ") and needle in sentence
        assert checked.returncode == 2, checked.stdout
        assert checked.stdout.strip().splitlines()[-1] == f"✗ {sentence}"
        assert "ready." not in checked.stdout and "Traceback" not in checked.stdout + checked.stderr


NO_B_SHIFT = COMMUNITY_TOML.replace(f'worker = {ZHAO}\ngrid = "B"', f'worker = {ZHAO}\ngrid = "A"')


async def check_process(fake: FakeTelegram, tmp_path: Path, toml: str, **env: str) -> tuple[int, str]:
    """`linli check` as a real process against the fake Bot API (kept serving by this test's loop)."""
    (tmp_path / "community.toml").write_text(toml, encoding="utf-8")
    base = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "COMMUNITY_", "DATABASE_"))}
    base = {k: v for k, v in base.items() if k not in ("LEXICON_FILES", "BACKUP_DIR")}
    base.update(env, TELEGRAM_BOT_TOKEN=fake.token, TELEGRAM_API_BASE_URL=f"{fake.url}/bot")
    base.update(DATABASE_PATH="linli.db", PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "check", cwd=tmp_path, env=base, stdout=asyncio.subprocess.PIPE
    )
    out, _ = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode is not None
    return proc.returncode, out.decode()


def everyone_ready(fake: FakeTelegram) -> None:
    """Every chat and worker of the test community as `linli check` wants them."""
    for chat in (COMMITTEE, GROUP_A, GROUP_B):
        fake.group(chat, f"group {chat}", type="supergroup")
    for worker in (WANG, LI, ZHAO):
        fake.user(worker, f"w{worker}")
        fake.user_starts_bot(worker, send_start=True)  # the first run answers it


async def test_a_grid_no_shift_covers_is_a_warning_that_names_it(make_fake: MakeFake, tmp_path: Path) -> None:
    """Legal, but every report in grid B would reach nobody on duty: still "ready.", with a warning naming B."""
    fake = await make_fake(token=TOKEN)
    everyone_ready(fake)
    rc, out = await check_process(fake, tmp_path, COMMUNITY_TOML)
    assert rc == 0 and out.strip().endswith("ready.") and "⚠" not in out, out
    rc, out = await check_process(fake, tmp_path, NO_B_SHIFT)
    warnings = [line for line in out.splitlines() if line.startswith("⚠ ")]
    assert rc == 0 and out.strip().endswith("ready, 1 warning (⚠ above)."), out
    assert len(warnings) == 1 and "grid B (第二网格)" in warnings[0] and "no one is on duty" in warnings[0]
    assert "[[shifts]] with grid = 'B'" in warnings[0]


async def test_a_shift_added_with_slash_shift_covers_its_grid(tmp_path: Path) -> None:
    """A grid the file leaves without shifts but /shift put someone on is covered: no warning."""
    db = await open_db(tmp_path / "x.db")
    await setup.add_shift(db, ZHAO, "B", "mon-sun", "00:00", "24:00", "primary", ZHAO, datetime.now(UTC))
    await db.commit()
    await db.close()
    bare = parse_community(NO_B_SHIFT, "c.toml")
    assert [line.text.split(":")[0] for line in rota_lines(bare)] == ["grid B (第二网格)"]
    at = Settings(telegram_bot_token=TOKEN, database_path=tmp_path / "x.db")
    assert rota_lines((await records(at, bare)).community) == []


def test_a_team_that_takes_reports_without_a_shift_is_named_a_team_only_told_is_not() -> None:
    teams = toml_tables(
        "teams",
        {"id": "maint", "name": "物业维修", "members": [WANG], "categories": ["repair", "sanitation"]},
        {"id": "police", "name": "警务联络", "members": [LI], "notify_on": ["red"]},
    )
    lines = rota_lines(parse_community(COMMUNITY_TOML + teams, "c.toml"))
    assert len(lines) == 1 and lines[0].ok and lines[0].warn and str(lines[0]).startswith("⚠ team maint (物业维修)")
    assert "repair, sanitation reports go to the grid's worker" in lines[0].text
    covered = toml_tables("shifts", {"worker": WANG, "team": "maint", "start": "08:00", "end": "18:00"})
    assert rota_lines(parse_community(COMMUNITY_TOML + teams + covered, "c.toml")) == []


async def test_a_backup_folder_that_cannot_be_written_is_not_ready(make_fake: MakeFake, tmp_path: Path) -> None:
    """BACKUP_DIR where no backup can go (under a file, in /proc) is a thing to fix: run would only log it nightly."""
    fake = await make_fake(token=TOKEN)
    everyone_ready(fake)
    (tmp_path / "notes.txt").write_text("a file, not a folder", encoding="utf-8")
    for folder in ("notes.txt/backups", "/proc/nope"):
        rc, out = await check_process(fake, tmp_path, COMMUNITY_TOML, BACKUP_DIR=folder)
        assert rc == 1 and f"✗ BACKUP_DIR {folder}: the nightly backup cannot be written there" in out, out
        assert out.strip().endswith("1 thing to fix (✗ above) before `linli run`.")
    rc, out = await check_process(fake, tmp_path, COMMUNITY_TOML, BACKUP_DIR="backups/nightly")
    assert rc == 0 and "✓ BACKUP_DIR backups/nightly: the nightly backup can be written there" in out, out
    assert not (tmp_path / "backups").exists()  # tried, and left as it was: run makes the folder itself


def test_a_backup_folder_that_exists_is_tried_and_left_as_it_was(tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    (folder / "linli-20260101.db").write_bytes(b"old copy")
    lines = backup_lines(Settings(telegram_bot_token=TOKEN, database_path=tmp_path / "x.db", backup_dir=str(folder)))
    assert len(lines) == 1 and lines[0].ok and [p.name for p in folder.iterdir()] == ["linli-20260101.db"]
    assert backup_lines(Settings(telegram_bot_token=TOKEN, database_path=tmp_path / "x.db")) == []  # off: no line


def test_a_backup_folder_under_one_the_user_cannot_enter_is_a_line_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found in the diff review: under another user's 0700 folder, Path.exists() raised EACCES outside the try and
    `linli check` stopped with a traceback (the test stands in for the folder: root may enter any)."""
    denied = tmp_path / "private"

    def exists(self: Path) -> bool:
        if self == denied or denied in self.parents:
            raise PermissionError(13, "Permission denied", str(self))
        return os.path.lexists(self)

    monkeypatch.setattr(Path, "exists", exists)
    settings = Settings(telegram_bot_token=TOKEN, database_path=tmp_path / "x.db", backup_dir=str(denied / "backups"))
    lines = backup_lines(settings)
    assert len(lines) == 1 and not lines[0].ok and "Permission denied" in lines[0].text, lines


async def test_a_worker_yet_to_press_start_is_a_warning_so_init_check_run_goes_on(
    make_fake: MakeFake, tmp_path: Path
) -> None:
    """First-day review: `linli init && linli check && linli run` stopped at check (exit 1) for a worker who had not
    pressed Start yet, a thing he does on his own phone whenever he gets to it. It is a ⚠ line, exit 0; a chat the
    bot is not in still stops the chain (exit 1)."""
    fake = await make_fake(token=TOKEN)
    for chat in (COMMITTEE, GROUP_A, GROUP_B):
        fake.group(chat, f"group {chat}", type="supergroup")
    for worker in (WANG, LI):
        fake.user(worker, f"w{worker}")
        fake.user_starts_bot(worker, send_start=True)
    fake.user(ZHAO, "赵", met=False)  # never met: Telegram's 400 "chat not found"
    rc, out = await check_process(fake, tmp_path, COMMUNITY_TOML)
    warnings = [line for line in out.splitlines() if line.startswith("⚠ ")]
    assert rc == 0 and out.strip().endswith("ready, 1 warning (⚠ above)."), out
    assert warnings == [
        f"⚠ worker 赵师傅 ({ZHAO}) has not pressed Start yet: ask them to open @linli_test_bot and press Start"
    ]
    fake.kick_bot(GROUP_B, ADMIN)
    rc, out = await check_process(fake, tmp_path, COMMUNITY_TOML)
    assert (
        rc == 1
        and f"✗ grid B group {GROUP_B}" in out
        and out.strip().endswith("1 thing to fix (✗ above) before `linli run`; 1 warning (⚠) besides.")
    )


async def test_check_shows_nothing_on_anyones_phone(make_fake: MakeFake, tmp_path: Path) -> None:
    """First-day review: check sent each worker a chat action to see whether the bot could write to them, so their
    phones showed the bot "typing…" for nothing. It writes to no one now: what the bot's records say (Start
    pressed; a message refused since; blocked), else that it cannot tell (test_everything_ready_and_not)."""
    fake = await make_fake(token=TOKEN)
    for chat in (COMMITTEE, GROUP_A, GROUP_B):
        fake.group(chat, f"group {chat}", type="supergroup")
    for worker in (WANG, LI, ZHAO):
        fake.user(worker, f"w{worker}")
        fake.user_starts_bot(worker)
    at = settings(fake, tmp_path)
    db = await open_db(at.database_path)
    await people.mark_started(db, WANG)  # the running bot saw his /start
    await people.mark_unreachable(db, LI)  # a 403 from her, never seen to start it
    await people.mark_unreachable(db, ZHAO, blocked=True)  # Telegram said he blocked it
    await db.commit()
    await db.close()
    text = "\n".join(map(str, await check(at, community())))
    assert f"✓ worker 王师傅 ({WANG}) pressed Start" in text
    assert f"⚠ worker 李姐 ({LI}): Telegram refused the bot's last message to them" in text
    assert f"⚠ worker 赵师傅 ({ZHAO}) blocked the bot: phone them and ask them to unblock @linli_test_bot" in text
    shown = [c.method for c in fake.calls if c.method.startswith(("send", "edit", "forward", "copy"))]
    assert shown == [], shown


async def test_check_opens_the_database_once(
    make_fake: MakeFake, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review: check opened the bot's database twice, once for what admins set up inside Telegram and once for who
    pressed Start; it reads both in one opening, and still finds both."""
    fake = await make_fake(token=TOKEN)
    everyone_ready(fake)
    at = settings(fake, tmp_path)
    db = await open_db(at.database_path)
    await people.mark_unreachable(db, ZHAO, blocked=True)
    await setup.add_shift(db, ZHAO, "A", "mon-sun", "00:00", "24:00", "backup", ADMIN, datetime.now(UTC))
    await db.commit()
    await db.close()
    opened: list[object] = []

    async def counted(*args: object) -> object:
        opened.append(args)
        return await open_db(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(check_cli, "open_db", counted)
    text = "\n".join(map(str, await check(at, community())))
    assert f"⚠ worker 赵师傅 ({ZHAO}) blocked the bot" in text and "shift added in Telegram (/shift)" in text
    assert len(opened) == 1, opened


def test_the_last_line_counts_the_warnings() -> None:
    """ "ready." said nothing of the ⚠ lines above it: with warnings it says how many."""
    ok, warned, bad = Line(True, "a"), Line(True, "b", warn=True), Line(False, "c")
    assert verdict([ok]) == "ready."
    assert verdict([ok, warned, warned]) == "ready, 2 warnings (⚠ above)."
    assert verdict([ok, bad, warned]) == "1 thing to fix (✗ above) before `linli run`; 1 warning (⚠) besides."
