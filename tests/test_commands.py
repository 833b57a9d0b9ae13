"""/help and the command menus come from the one command table that registers the handlers
(bot/core/commands.py): every role's help and menu, in every language, names only handled commands, and
every handled command a role may use is in its help."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest
from harness import COMMUNITY_TOML, MakeBot, RunningBot, all_day_staff, exchange
from ids import ADMIN, COMMITTEE, LI, RESIDENT, WANG, ZHAO
from telegram.ext import CommandHandler

from bot.core.commands import COMMANDS, Place, listed, roles_of
from bot.core.community import Community
from bot.core.community_file import parse_community
from bot.core.permissions import Role
from bot.fakeapi import FakeTelegram
from bot.render.help import help_text
from bot.render.i18n import LANGUAGES, t
from bot.runtime import setup
from handlers import HANDLERS

ROLE_SETS = {
    "resident": roles_of(admin=False, worker=False),
    "worker": roles_of(admin=False, worker=True),
    "admin": roles_of(admin=True, worker=False),
    "admin-worker": roles_of(admin=True, worker=True),
}
COMMAND = re.compile(r"(?m)^/([a-z_]+)")

WITHOUT_LI = (  # the test community with 李姐 taken out of the file
    COMMUNITY_TOML.split("[[workers]]")[0] + all_day_staff((WANG, "A", "primary"), (ZHAO, "B", "primary"))
)


def registered(running: RunningBot) -> dict[str, CommandHandler]:
    """Command name → the CommandHandler the running PTB Application holds for it."""
    return {
        name: h
        for hs in running.app.handlers.values()
        for h in hs
        if isinstance(h, CommandHandler)
        for name in h.commands
    }


def test_every_command_in_the_table_has_a_handler_and_every_handler_a_row() -> None:
    assert [c.name for c in COMMANDS] == list(HANDLERS)
    for command in COMMANDS:  # every command has a description (menus) and, if it takes any, arguments (help)
        for lang in LANGUAGES:
            assert t(lang, f"cmd.{command.name}") != f"cmd.{command.name}"
            assert not command.args or t(lang, f"args.{command.name}") != f"args.{command.name}"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("who", ROLE_SETS)
@pytest.mark.parametrize("console", [False, True])
def test_help_lists_exactly_the_commands_a_role_may_use(lang: str, who: str, console: bool) -> None:
    roles = ROLE_SETS[who]
    text = help_text(lang, roles, console)
    expected = [c.name for c in listed(roles, console=console, for_help=True)]
    assert list(dict.fromkeys(COMMAND.findall(text))) == expected, text  # each line a handled command
    for command in COMMANDS:  # nothing a role may not use (and /start, which opens the chat, is in no help)
        if command.name not in expected:
            assert f"/{command.name} " not in text + " " and f"/{command.name}\n" not in text + "\n", command.name


def test_the_known_mismatches_are_gone() -> None:
    resident = help_text("zh-Hans", ROLE_SETS["resident"])
    assert "/forget_me" in resident and "/whoami" in resident and "/my" not in resident
    worker = help_text("zh-Hans", ROLE_SETS["worker"])
    assert "/skip" in worker and "/offduty [网格] [小时]" in worker and "/onduty [网格] [小时]" in worker
    assert "/offduty [grid] [hours]" in help_text("en", ROLE_SETS["worker"])
    private = [c.name for c in listed(ROLE_SETS["resident"], Place.PRIVATE)]
    assert "report" in private and not {"my", "duty", "onduty", "cover"} & set(private)


def recorded_menus(fake: FakeTelegram) -> dict[tuple[str, str], list[dict]]:
    """(scope type[:chat id], language code) → commands, from the recorded setMyCommands calls."""
    found = {}
    for call in fake.calls_to("setMyCommands", ok=True):
        scope = call.params.get("scope") or {"type": "default"}
        scope = json.loads(scope) if isinstance(scope, str) else scope
        commands = call.params["commands"]
        commands = json.loads(commands) if isinstance(commands, str) else commands
        key = scope["type"] + (f":{scope['chat_id']}" if "chat_id" in scope else "")
        found[(key, call.params.get("language_code") or "")] = commands
    return found


async def test_each_role_has_its_menu_in_each_language_and_each_item_is_handled(running: RunningBot) -> None:
    fake = running.fake
    wanted = setup.menus(running.ctx)
    await fake.wait_for(lambda: len(recorded_menus(fake)) >= 3 * len(wanted) or None)
    menus = recorded_menus(fake)
    handled = registered(running)
    private_only = {c.name for c in COMMANDS if c.private_only}
    languages = {"": "zh-Hans", "zh": "zh-Hans", "en": "en"}
    for scope, commands in wanted:
        key = scope.type + (f":{scope.chat_id}" if hasattr(scope, "chat_id") else "")
        private = scope.type == "all_private_chats" or (hasattr(scope, "chat_id") and scope.chat_id > 0)
        for code, lang in languages.items():
            menu = menus[(key, code)]
            assert [c["command"] for c in menu] == list(commands), (key, code)
            assert [c["description"] for c in menu] == [t(lang, f"cmd.{c}") for c in commands], (key, code)
        for name in commands:
            assert name in handled, name
            assert private or name not in private_only, (key, name)  # a group menu offers nothing ignored there
    by_scope = {
        scope.type + (f":{scope.chat_id}" if hasattr(scope, "chat_id") else ""): set(cmds) for scope, cmds in wanted
    }
    assert by_scope["all_private_chats"] == {"start", "help", "report", "status", "points", "whoami", "forget_me"}
    assert {"my", "skip", "onduty", "offduty", "rota", "cover", "swap"} <= by_scope[f"chat:{WANG}"]
    assert "invite" not in by_scope[f"chat:{LI}"] and "invite" in by_scope[f"chat:{ADMIN}"]
    assert "lang" in by_scope["all_chat_administrators"] and "lang" not in by_scope["all_group_chats"]
    assert {"digest", "duty", "lang"} <= by_scope[f"chat:{COMMITTEE}"] and "invite" not in by_scope[f"chat:{COMMITTEE}"]
    assert Role.RESIDENT in roles_of(admin=True, worker=False)


async def test_help_in_chat_follows_the_role(running: RunningBot) -> None:
    fake = running.fake
    resident = await exchange(fake, RESIDENT, RESIDENT, "/help", "怎么报事")
    assert "/forget_me" in resident["text"] and "/my" not in resident["text"]
    worker = await exchange(fake, WANG, WANG, "/help", "网格员命令")
    assert "/skip" in worker["text"] and "/invite" not in worker["text"]


def test_the_example_community_file_names_only_commands_that_exist() -> None:
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / "community.example.toml").read_text(encoding="utf-8")
    named = set(re.findall(r"(?<![\w/])/([a-z_]+)\b", text))
    assert {"whoami", "invite", "shift"} <= named and named <= set(HANDLERS), named - set(HANDLERS)


async def run_once(make_bot: MakeBot, **options: object) -> RunningBot:
    """One whole run of the bot: started with these options, settled and stopped."""
    bot = await make_bot(**options)
    await bot.settle()
    await bot.stop()
    return bot


def with_admin(user_id: int) -> Community:
    """The test community with this user made an admin too."""
    return parse_community(COMMUNITY_TOML.replace(f"admins = [{ADMIN}]", f"admins = [{ADMIN}, {user_id}]"), "c")


async def test_a_restart_sends_the_menus_again_only_when_they_changed(make_bot: MakeBot) -> None:
    """Telegram keeps menus: a start with the same ones sends none; a new admin's menu is sent at the next start."""
    first = await make_bot()
    fake = first.fake
    wanted = 3 * len(setup.menus(first.ctx))  # three menu languages per scope
    await fake.wait_for(lambda: len(fake.calls_to("setMyCommands", ok=True)) >= wanted or None)
    await first.settle()
    await first.stop()
    sent = len(fake.calls_to("setMyCommands"))
    assert sent == wanted

    await run_once(make_bot)
    assert len(fake.calls_to("setMyCommands")) == sent

    changed = await make_bot(comm=with_admin(RESIDENT))
    await fake.wait_for(lambda: len(fake.calls_to("setMyCommands")) >= sent + 3 or None)
    await changed.settle()
    assert len(fake.calls_to("setMyCommands")) == sent + 3  # the new admin's menu alone
    assert all(str(RESIDENT) in str(call.params.get("scope")) for call in fake.calls_to("setMyCommands")[sent:])


def menu_chats_set(fake: FakeTelegram, since: int) -> list[str]:
    """The scope of each setMyCommands call after the first `since` ("chat:<id>", or the scope's type)."""
    found = []
    for call in fake.calls_to("setMyCommands")[since:]:
        scope = call.params.get("scope") or {"type": "default"}
        scope = json.loads(scope) if isinstance(scope, str) else scope
        found.append(scope["type"] + (f":{scope['chat_id']}" if "chat_id" in scope else ""))
    return found


async def test_a_workers_new_role_sets_that_chats_menu_alone(make_bot: MakeBot) -> None:
    """Found in the stop 28 review: one menu changed (李姐 made an admin) and every chat's menu in every language
    was set again at the start (a community of many workers spent its Bot API calls and start-up on it)."""
    fake = (await run_once(make_bot)).fake
    sent = len(fake.calls_to("setMyCommands"))
    li_admin = with_admin(LI)
    await run_once(make_bot, comm=li_admin)
    assert menu_chats_set(fake, sent) == [f"chat:{LI}"] * 3
    assert "invite" in [c["command"] for c in recorded_menus(fake)[(f"chat:{LI}", "en")]]
    again = await make_bot(comm=li_admin)
    await again.settle()
    assert len(fake.calls_to("setMyCommands")) == sent + 3  # and nothing at the start after


async def test_a_refused_menu_is_tried_again_at_each_start_and_alone(make_bot: MakeBot, fake_tg: FakeTelegram) -> None:
    """A worker the bot has never seen: Telegram refuses their menu ("chat not found"). The start after tries theirs
    again (it was never set), and only theirs: the others were set (they were all sent again at each start while
    one was refused, a restart loop sending them again and again)."""
    fake_tg.user(LI, "李姐", met=False)
    fake = (await run_once(make_bot)).fake
    first_calls = menu_chats_set(fake, 0)
    assert first_calls.count(f"chat:{LI}") == 3 and (f"chat:{LI}", "en") not in recorded_menus(fake)
    sent = len(first_calls)
    await run_once(make_bot)
    assert menu_chats_set(fake, sent) == [f"chat:{LI}"] * 3
    fake.user_starts_bot(LI)
    await run_once(make_bot)
    assert menu_chats_set(fake, sent + 3) == [f"chat:{LI}"] * 3 and (f"chat:{LI}", "en") in recorded_menus(fake)
    fourth = await make_bot()
    await fourth.settle()
    assert len(fake.calls_to("setMyCommands")) == sent + 6


async def test_a_worker_taken_out_of_the_file_loses_the_workers_menu(make_bot: MakeBot) -> None:
    """Telegram keeps a chat's own menu until it is deleted: a start without the worker deletes theirs."""
    first = await make_bot()
    fake = first.fake
    await fake.wait_for(lambda: (f"chat:{LI}", "en") in recorded_menus(fake) or None)
    await first.settle()
    await first.stop()
    without_li = parse_community(WITHOUT_LI, "c")
    assert without_li.worker(LI) is None
    second = await make_bot(comm=without_li)
    await fake.wait_for(lambda: len(fake.calls_to("deleteMyCommands", ok=True)) >= 3 or None)
    await second.settle()
    scopes = {json.dumps(call.params.get("scope"), sort_keys=True) for call in fake.calls_to("deleteMyCommands")}
    assert len(scopes) == 1 and str(LI) in scopes.pop()
    assert not [key for key in fake.commands if f'"chat_id": {LI},' in key]  # back to the residents' menu
    assert any(f'"chat_id": {WANG},' in key for key in fake.commands)


async def test_a_worker_taken_out_after_an_upgrade_from_before_menu_chats_loses_the_workers_menu(
    make_bot: MakeBot, tmp_path: Path
) -> None:
    """A database of the release before the bot kept which chats have a menu (migration 018): the menus were
    set then, so the upgrade's first start sends none, yet it learns whose they are, and a later start without
    the worker deletes theirs."""
    first = await make_bot()
    fake = first.fake
    await fake.wait_for(lambda: (f"chat:{LI}", "en") in recorded_menus(fake) or None)
    await first.settle()
    await first.stop()
    db = sqlite3.connect(tmp_path / "linli.db")  # as the release before 018 left it: menus set, their chats unknown
    db.executescript(  # and what later migrations added undone, so they run again
        "DROP TABLE menu_chats; DROP TABLE albums; ALTER TABLE event_media DROP COLUMN sent_as;"
        " ALTER TABLE event_reporters DROP COLUMN moved_from;"
        " ALTER TABLE confirmations DROP COLUMN photo; ALTER TABLE confirmations DROP COLUMN sent_as;"
        " ALTER TABLE confirmations DROP COLUMN album; ALTER TABLE confirmations DROP COLUMN language;"
        " DROP INDEX notifications_message; DROP TABLE pending_inputs;"
        " CREATE TABLE pending_inputs (user_id INTEGER PRIMARY KEY, event_id INTEGER NOT NULL REFERENCES events (id),"
        " kind TEXT NOT NULL, created_at INTEGER NOT NULL); DROP INDEX outbox_pending_wait;"
        " DROP INDEX outbox_pending_lane; ALTER TABLE outbox DROP COLUMN priority; DROP INDEX outbox_due;"
        " CREATE INDEX outbox_pending ON outbox (status, not_before, id); DROP INDEX timers_due;"
        " CREATE INDEX timers_pending ON timers (status, due_at); DROP INDEX events_with_worker; DROP INDEX inbox_user;"
        " ALTER TABLE events DROP COLUMN false_alarms; ALTER TABLE people DROP COLUMN member_of;"
        " ALTER TABLE people DROP COLUMN no_chat;"
        " ALTER TABLE surveys DROP COLUMN asked_with; DROP TABLE held_media;"
        " DROP TABLE held_places; ALTER TABLE events DROP COLUMN written_at;"
        " PRAGMA user_version = 17;"
    )
    db.close()
    sent = len(fake.calls_to("setMyCommands"))
    await run_once(make_bot)
    assert len(fake.calls_to("setMyCommands")) == sent  # the same menus: Telegram has them
    without_li = parse_community(WITHOUT_LI, "c")
    second = await make_bot(comm=without_li)
    await fake.wait_for(lambda: len(fake.calls_to("deleteMyCommands", ok=True)) >= 3 or None)
    await second.settle()
    assert not [key for key in fake.commands if f'"chat_id": {LI},' in key]


async def test_menus_an_older_release_set_are_not_set_again(make_bot: MakeBot, tmp_path: Path) -> None:
    """A database whose release kept one fingerprint of all the menus at once: the same menus are not set again at
    the upgrade's first start (and a changed role after it sets that chat's alone)."""
    first = await make_bot()
    fake = first.fake
    legacy = setup.fingerprint(first.app.bot.id, setup._calls(first.ctx))
    await first.settle()
    await first.stop()
    db = sqlite3.connect(tmp_path / "linli.db")
    db.execute("DELETE FROM bot_meta WHERE key LIKE 'menu:%'")
    db.execute("INSERT INTO bot_meta (key, value) VALUES ('menus_fingerprint', ?)", (legacy,))
    db.commit()
    db.close()
    sent = len(fake.calls_to("setMyCommands"))
    await run_once(make_bot)
    assert len(fake.calls_to("setMyCommands")) == sent
    li_admin = with_admin(LI)
    changed = await make_bot(comm=li_admin)
    await changed.settle()
    assert menu_chats_set(fake, sent) == [f"chat:{LI}"] * 3
