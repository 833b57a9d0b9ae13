"""`linli init`: the few questions a committee secretary can answer, each checked at once, then `.env`
and `community.toml` written (never overwritten without --force). `linli check` tells what is left. When the token
works, the Telegram ids are read from Telegram as people press Start and the bot is added to the groups
(`init_telegram`); else they are typed.

Over 300 lines: the questions, each answer's check and the files they make, read in the order a secretary meets
them."""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Callable, Collection
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.cli.init_telegram import Rejected, Seen, Telegram, Unreachable
from bot.config import LANGUAGES, PLACEHOLDER_RE, TOKEN_RE
from bot.core.community import CommunityError, normalise_building
from bot.core.community_file import parse_community

TRIES = 3


class Stop(Exception):
    """Input ended or an answer was refused too often; the message is one sentence."""


def ask(
    question: str, check: Callable[[str], str | None], default: str | None = None, read: Callable[[str], str] = input
) -> str:
    """Ask until the answer passes ``check`` (which returns a complaint, or None when the answer is fine)."""
    prompt = f"{question}" + (f" [{default}]" if default else "") + ": "
    for _ in range(TRIES):
        try:
            answer = unicodedata.normalize("NFKC", read(prompt)).strip()  # full-width digits and commas too
        except EOFError:
            raise Stop("input ended before every question was answered") from None
        answer = answer or (default or "")
        problem = check(answer)
        if problem is None:
            return answer
        print(f"  ✗ {problem}")
    raise Stop(f"no usable answer to “{question}”")


def _token(v: str) -> str | None:
    if PLACEHOLDER_RE.search(v) or not TOKEN_RE.match(v):
        return "that is not a bot token; BotFather gives one like 123456789:AAH… (/mybots → API Token)"
    return None


def _name(v: str) -> str | None:
    return None if v else "please type a name"


def _tz(v: str) -> str | None:
    try:
        ZoneInfo(v)
    except (ZoneInfoNotFoundError, ValueError):
        return "not a time zone; use a name like Asia/Shanghai"
    return None


def _lang(v: str) -> str | None:
    return None if v in LANGUAGES else f"one of {', '.join(LANGUAGES)}"


def _group_id(v: str) -> str | None:
    return None if re.fullmatch(r"-[0-9]{5,16}", v) else "a group chat id is a negative number such as -1001234567890"


def _user_ids(v: str) -> str | None:
    ids = [x for x in re.split(r"[,、\s]+", v) if x]
    return (
        None
        if ids and all(re.fullmatch(r"[0-9]{3,15}", x) for x in ids)
        else (
            "user ids are positive numbers, separated by commas (a person learns theirs by sending /whoami to the"
            " bot once it runs, or from @userinfobot)"
        )
    )


# "1-30" (or 1~30, 1至30, 1到30): a secretary of thirty buildings types the span, not thirty numbers
_SPAN = re.compile(r"(\d{1,4})\s*(?:-|–|~|至|到)\s*(\d{1,4})")


def building_names(v: str) -> list[str]:
    """The buildings of an answer, a span of numbers ("1-30") read as each of its buildings."""

    def each(m: re.Match[str]) -> str:
        first, last = int(m[1]), int(m[2])
        return " ".join(map(str, range(first, last + 1))) if first < last <= first + 500 else m[0]

    return [x for x in re.split(r"[,，、\s]+", _SPAN.sub(each, v)) if x]


def _buildings(v: str) -> str | None:
    names = building_names(v)
    if not names:
        return "name at least one building, e.g. 1, 2, 3 or 10A, 10B"
    seen = [normalise_building(x) for x in names]
    return None if len(set(seen)) == len(seen) else "a building is named twice"


def _workers(v: str) -> str | None:
    for part in _worker_parts(v):
        if not re.fullmatch(r"[0-9]{3,15}\s+\S.*", part):
            return "write each worker as 'id name', separated by commas: 2001 王师傅, 2002 李姐"
    return None if v.strip() else "name at least one worker"


def _workers_once(v: str) -> str | None:
    """Each worker's id once: a repeated id would only be refused when the file is checked, every answer lost."""
    problem = _workers(v)
    ids = [part.split()[0] for part in _worker_parts(v)]
    twice = next((x for x in ids if ids.count(x) > 1), None)
    return problem or (f"the id {twice} is typed twice; each worker has their own" if twice else None)


def _another_group(committee: str) -> Callable[[str], str | None]:
    """A residents' group's id that is not the committee chat's (pasted twice from Telegram, it was refused only
    at the very end, and every answer was lost)."""

    def check(v: str) -> str | None:
        if v == committee:
            return "that is the committee chat's id; the residents' group is another chat with its own id"
        return _group_id(v)

    return check


def _worker_parts(v: str) -> list[str]:
    """'2001 王师傅, 2002 李姐' (or with 、 or a full-width comma) as its 'id name' parts."""
    return [x.strip() for x in re.split(r"[,，、]", v) if x.strip()]


def _toml_str(v: str) -> str:
    return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'


def community_toml(a: dict) -> str:
    """The community file from the answers (one grid; every worker on duty around the clock to begin with)."""
    buildings = ", ".join(_toml_str(b) for b in building_names(a["buildings"]))
    workers = [p.split(None, 1) for p in _worker_parts(a["workers"])]
    admins = ", ".join(x for x in re.split(r"[,、\s]+", a["admins"]) if x)
    lines = [
        "# Written by `linli init`; edit freely (the example file explains every key).",
        "[community]",
        f"name = {_toml_str(a['name'])}",
        f"timezone = {_toml_str(a['timezone'])}",
        f"language = {_toml_str(a['language'])}",
        f"committee_chat_id = {a['committee']}",
        f"admins = [{admins}]",
        "",
        "[[grids]]",
        'id = "A"',
        f"name = {_toml_str(a['grid_name'])}",
        f"buildings = [{buildings}]",
        f"chats = [{a['group']}]",
    ]
    for wid, name in workers:
        lines += ["", "[[workers]]", f"telegram_id = {wid}", f"name = {_toml_str(name.strip())}"]
    for i, (wid, _) in enumerate(workers):
        lines += [
            "",
            "[[shifts]]",
            f"worker = {wid}",
            'grid = "A"',
            'days = "mon-sun"',
            'start = "00:00"',
            'end = "24:00"',
            f'role = "{"primary" if i == 0 else "backup"}"',
        ]
    return "\n".join(lines) + "\n"


WRITTEN = ("TELEGRAM_BOT_TOKEN", "DATABASE_PATH", "COMMUNITY_FILE")  # the settings init writes in .env


def env_text(token: str, before: str = "") -> str:
    """The .env file: the token, and the two paths (everything else keeps its default); the other lines of the
    .env it replaces (``before``, `linli init --force`) kept, such as the TELEGRAM_API_BASE_URL init itself used."""
    kept = [x for x in before.splitlines() if x.split("=", 1)[0].strip().upper() not in WRITTEN and x.strip()]
    kept = [x for x in kept if x != "# Every other setting: see .env.example and the README."]
    return (
        f"TELEGRAM_BOT_TOKEN={token}\nDATABASE_PATH=linli.db\nCOMMUNITY_FILE=community.toml\n"
        "# Every other setting: see .env.example and the README.\n"
    ) + "".join(f"{x}\n" for x in kept)


def _token_known(found: dict) -> Callable[[str], str | None]:
    """A token's shape, then Telegram's word on it (getMe), when Telegram can be reached."""

    def check(v: str) -> str | None:
        if (problem := _token(v)) is not None:
            return problem
        telegram = Telegram(v)
        try:
            found["username"], found["telegram"] = telegram.username(), telegram
        except Rejected:
            return "Telegram does not know this token; copy it again from BotFather (/mybots → your bot → API Token)"
        except Unreachable as exc:
            found["unreachable"] = str(exc)
        return None

    return check


def _look(telegram: Telegram | None, read: Callable[[str], str], what: str) -> Seen:
    """Ask for something done in Telegram, wait for Enter, then read from Telegram who and what it saw."""
    if telegram is None:
        return Seen()
    print(what)
    _done(read)
    try:
        return telegram.seen()
    except Unreachable as exc:
        print(f"  (could not read it from Telegram: {exc}; type it below)")
        return Seen()


PRIVACY_ON = (
    "  ✗ privacy mode is on: in a group the bot would see commands only, never a resident's report. In BotFather:"
    " /mybots → the bot → Bot Settings → Group Privacy → Turn off. Do it now, before the bot is added to the groups"
    " below: a group it joined before keeps the old mode until it is removed and added again."
)


def _privacy_off(telegram: Telegram, read: Callable[[str], str]) -> None:
    """Privacy mode turned off before the groups are added (set in BotFather after, it needs each group's bot
    removed and added again); asked a few times, then left to `linli check` and the committee's warning."""
    for asked in range(TRIES + 1):
        try:
            if telegram.sees_group_messages():
                return
        except Unreachable:
            return
        if asked < TRIES:
            print(PRIVACY_ON)
            _done(read)
    print("  (privacy mode is still on; `linli check` says so until it is off)")


def _done(read: Callable[[str], str]) -> None:
    """Wait for the secretary's Enter once she did what was asked in Telegram."""
    try:
        read("Press Enter when that is done: ")
    except EOFError:
        raise Stop("input ended before every question was answered") from None


def _shown(seen: dict[int, str], skip: Collection[int] = ()) -> list[int]:
    """The ids seen (but those in skip), each printed with its name or title for the secretary to choose."""
    ids = [x for x in seen if x not in skip]
    for x in ids:
        print(f"  seen: {x} {seen[x]}")
    return ids


def interview(read: Callable[[str], str] = input) -> dict:
    """The questions, in the order a secretary has the answers. When the token works, the ids are read from
    Telegram: each admin and worker presses Start, the bot is added to each group, and the answer is offered."""
    print("Linli set-up: a few questions (Enter keeps the value in [brackets]).")
    found: dict = {}
    a = {"token": ask("Bot token from BotFather", _token_known(found), read=read)}
    telegram, bot = found.get("telegram"), f"@{found.get('username')}"
    if telegram is not None:
        print(f"  ✓ the token works: the bot is {bot}")
        _privacy_off(telegram, read)
    elif "unreachable" in found:
        print(f"  (cannot reach Telegram to check it: {found['unreachable']}; the ids are typed by hand below)")
    a["name"] = ask("Community name (e.g. 滨海社区)", _name, read=read)
    a["timezone"] = ask("Time zone", _tz, "Asia/Shanghai", read=read)
    a["language"] = ask("Language of group messages", _lang, "zh-Hans", read=read)
    seen = _look(
        telegram,
        read,
        f"In Telegram, each committee admin opens {bot} and presses Start (it answers once `linli run` starts).",
    )
    admins = _shown(seen.people)
    default = ", ".join(map(str, admins)) or None
    a["admins"] = ask("Committee admins' Telegram user ids (comma-separated)", _user_ids, default, read=read)
    seen = _look(telegram, read, f"Add {bot} to the committee's group chat (the group → Add members → {bot}).")
    committee = _shown(seen.groups)
    default = str(committee[0]) if committee else None
    a["committee"] = ask("The committee group's chat id", _group_id, default, read=read)
    a["grid_name"] = ask("Name of the first grid", _name, "第一网格", read=read)
    a["buildings"] = ask("Its buildings (e.g. 1, 2, 3, 10A, or 1-30)", _buildings, read=read)
    seen = _look(telegram, read, f"Add {bot} to this grid's residents' group chat.")
    groups = _shown(seen.groups, {int(a["committee"])})
    default = str(groups[-1]) if groups else None
    a["group"] = ask("Its residents' group chat id", _another_group(a["committee"]), default, read=read)
    seen = _look(
        telegram,
        read,
        f"Each grid worker opens {bot} and presses Start (Telegram lets a bot write only to people who did).",
    )
    workers = _shown(seen.people, {int(x) for x in re.split(r"[,、\s]+", a["admins"]) if x})
    default = ", ".join(f"{x} {seen.people[x]}" for x in workers) or None
    a["workers"] = ask("Its grid workers as 'id name', comma-separated", _workers_once, default, read=read)
    return a


def main(argv: list[str] | None = None, folder: Path = Path("."), force: bool = False) -> int:
    """`linli init [--force]`."""
    env, comm = folder / ".env", folder / "community.toml"
    existing = [p.name for p in (env, comm) if p.exists()]
    if existing and not force:
        print(
            f"linli: {', '.join(existing)} already exist; use `linli init --force` to write them again", file=sys.stderr
        )
        return 2
    try:
        answers = interview()
        text = community_toml(answers)
        parse_community(text, str(comm))  # the same checks as at start: refuse to write a file that would not load
    except Stop as exc:
        print(f"linli: {exc}; nothing was written.", file=sys.stderr)
        return 2
    except CommunityError as exc:
        print(f"linli: {exc}; nothing was written.", file=sys.stderr)
        return 2
    before = env.read_text(encoding="utf-8") if env.exists() else ""
    env.write_text(env_text(answers["token"], before), encoding="utf-8")
    comm.write_text(text, encoding="utf-8")
    print(
        f"✓ wrote {env} and {comm}. Next: `linli check` says what is left to do (the bot in each group, each "
        "worker's Start), then `linli run`."
    )
    return 0
