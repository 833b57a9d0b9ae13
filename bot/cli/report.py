"""`linli digest` and `linli export`: read the database and the community file, print or write reports."""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import sys
from datetime import date, datetime, time, timedelta
from pathlib import Path

from bot.config import Settings, SettingsError, load_settings
from bot.core import weeks
from bot.core.community import Community, CommunityError
from bot.core.community_file import load_community
from bot.core.timeutil import FIRST_YEAR, LAST_YEAR, plausible, utcnow
from bot.render import digest_text, export
from storage import export as export_store
from storage import meta
from storage.database import Database

DEFAULT_CHART = "digest" + ".png"  # (spelt apart so the i18n key scan does not take it for a key)


class UsageError(Exception):
    """A bad argument: the message is one sentence."""


def _fail(message: str) -> int:
    print(f"linli: {message}", file=sys.stderr)
    return 2


def _load() -> tuple[Path, Community, Settings]:
    settings = load_settings()
    community = load_community(settings.community_file, settings.timezone, settings.default_language)
    path = Path(settings.database_path)
    if not path.is_file():
        raise UsageError(f"the database {path} does not exist: set DATABASE_PATH to the bot's database file.")
    return path, community, settings


def _check_writable(out: Path) -> None:
    existed = out.exists()
    try:
        with out.open("ab"):
            pass
    except OSError as exc:
        raise UsageError(f"cannot write {out}: {exc.strerror or exc}.") from None
    if not existed:
        out.unlink()


def _language(community: Community) -> str:
    return getattr(community.community, "language", None) or "zh-Hans"


async def _digest(path: Path, community: Community, week: weeks.Week, settings: Settings) -> tuple[str, bytes]:
    from bot.services.chase import policy
    from bot.services.digest import build

    db = await Database.open(path)
    try:
        async with db.read() as c:
            first = await meta.first_started(c)
        if first is not None and week.end <= first.timestamp():  # not "a quiet week", as /digest says
            day = first.astimezone(community.tz).strftime("%Y-%m-%d")
            raise UsageError(f"the bot was not running yet in {week.label} (it has data from {day} on): no digest")
        # how long each colour may wait before it is late: the bot's settings, as /digest reads them
        rendered = await build(db, week, community, _language(community), policy(settings), now=utcnow())
    finally:
        await db.close()
    return digest_text.plain(rendered.text), rendered.png


def cmd_digest(args: argparse.Namespace) -> int:
    """Print a week's digest and write its chart."""
    try:
        path, community, settings = _load()
        tz = community.tz
        week = weeks.read_week(args.week, utcnow(), tz) if args.week else weeks.last_complete(utcnow(), tz)
        if week.start > utcnow().timestamp():  # not a quiet week: one that has not begun (a year mistyped)
            raise UsageError(f"{week.label} has not begun yet: there is no digest of it")
        out = Path(args.out)
        _check_writable(out)
        text, png = asyncio.run(_digest(path, community, week, settings))
        out.write_bytes(png)
    except (SettingsError, CommunityError, UsageError, weeks.WeekError) as exc:
        return _fail(str(exc).rstrip(".") + ".")
    except sqlite3.DatabaseError as exc:  # DATABASE_PATH names a file that is not a database
        return _fail(f"the database file is not a Linli database ({exc}).")
    except OSError as exc:
        return _fail(f"cannot write {args.out}: {exc.strerror or exc}.")
    print(text)
    print(f"\n(chart written to {out})", file=sys.stderr)
    return 0


def _day(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{name} {value!r} is not a date: write it as YYYY-MM-DD.") from None
    if not plausible(day):
        raise UsageError(f"{name} {value!r} is out of range: the year must be {FIRST_YEAR} to {LAST_YEAR}.")
    return day


async def _rows(path: Path, since: int | None, until: int | None) -> tuple[list[dict], dict[int, str]]:
    db = await Database.open(path)
    try:
        async with db.read() as c:
            return await export_store.events(c, since, until), await export_store.names(c)
    finally:
        await db.close()


def cmd_export(args: argparse.Namespace) -> int:
    """Export events reported from --since to --until (inclusive local dates)."""
    try:
        path, community, _ = _load()
        since, until = _day(args.since, "--since"), _day(args.until, "--until")
        if since and until and since > until:
            raise UsageError(f"--since {since} is after --until {until}.")
        if args.format == "xlsx" and not args.out:
            raise UsageError("xlsx is a binary file: give --out FILE.")
        if args.out:
            _check_writable(Path(args.out))
        tz = community.tz

        def start_of(d: date) -> int:
            return int(datetime.combine(d, time(0), tzinfo=tz).timestamp())

        rows, names = asyncio.run(_rows(path, since and start_of(since), until and start_of(until + timedelta(days=1))))
        data = export.render(args.format, rows, export_store.COLUMNS, community, _language(community), names)
        if args.out:
            Path(args.out).write_bytes(data)
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
    except (SettingsError, CommunityError, UsageError) as exc:
        return _fail(str(exc).rstrip(".") + ".")
    except sqlite3.DatabaseError as exc:  # DATABASE_PATH names a file that is not a database
        return _fail(f"the database file is not a Linli database ({exc}).")
    except OSError as exc:
        return _fail(f"cannot write {args.out}: {exc.strerror or exc}.")
    if args.out:
        print(f"{len(rows)} events written to {args.out}", file=sys.stderr)
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Add `digest` and `export` to the `linli` parser."""
    dg = sub.add_parser("digest", help="print a week's digest and write its chart (PNG)")
    dg.add_argument(
        "--week",
        help="ISO week such as 2026-W47, a day in it (2026-11-30) or 'last week' (default: the last complete one)",
    )
    dg.add_argument("--out", default=DEFAULT_CHART, help=f"where to write the chart (default {DEFAULT_CHART})")
    dg.set_defaults(func=cmd_digest)
    ex = sub.add_parser("export", help="export events as CSV, XLSX or Open311 GeoReport v2 JSON")
    ex.add_argument("--format", choices=export.FORMATS, default="csv")
    ex.add_argument("--since", metavar="DATE", help="first day, YYYY-MM-DD (community time)")
    ex.add_argument("--until", metavar="DATE", help="last day, YYYY-MM-DD, included")
    ex.add_argument("--out", metavar="FILE", help="output file (default: standard output; required for xlsx)")
    ex.set_defaults(func=cmd_export)
