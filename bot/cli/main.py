"""The `linli` command: run the bot, read messages, digests, exports, backups and health checks."""

from __future__ import annotations

import argparse
import gc
import logging
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path

from bot.cli.lexicon import use_lexicon_files
from bot.config import SettingsError, load_settings, unknown_keys
from bot.core.community import CommunityError
from bot.core.community_file import load_community
from bot.runtime.logging_setup import setup_logging


def collect_from_now_on() -> None:
    """Once the bot is up: freeze what start-up made (it lives as long as the bot) and let the collector run.

    `linli` pauses the collector during start-up (bot.cli.launch); nothing changes when it was running.
    """
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def _first_start() -> bool:
    """Nothing set up in this folder, no token in the environment, and a person at the terminal to ask."""
    fresh = not Path(".env").exists() and not Path("community.toml").exists()
    return fresh and "TELEGRAM_BOT_TOKEN" not in os.environ and sys.stdin.isatty()


def cmd_run(args: argparse.Namespace) -> int:
    """run the bot (settings from the environment and .env)

    Run the bot: long polling, or a webhook behind a reverse proxy.
    """
    code = _run(args)
    if code == 2 and args.hold:
        _hold()
    return code


def _hold() -> None:
    """Stay stopped until told to stop (SIGTERM or SIGINT): a supervisor that restarts a process whatever its exit
    code (Docker's `--restart unless-stopped`) would otherwise start again what a person must fix first: a bad token
    tried again and again, or two copies on one token stopping each other in turn."""
    signals = {signal.SIGTERM, signal.SIGINT}
    signal.pthread_sigmask(signal.SIG_BLOCK, signals)
    print("linli: stopped; waiting to be stopped (fix the above, then restart)", file=sys.stderr, flush=True)
    signal.sigwait(signals)


def _run(args: argparse.Namespace) -> int:
    if _first_start():  # the README's one command on a fresh checkout: the set-up questions, then the bot
        print("linli: no .env and community.toml here yet: a few questions first (`linli init`).")
        from bot.cli import init

        if (done := init.main()) != 0:
            return done
    try:
        settings = load_settings()
        settings.check_token()
        community = load_community(settings.community_file, settings.timezone, settings.default_language)
        use_lexicon_files(settings)
    except (SettingsError, CommunityError) as exc:
        print(f"linli: {exc}", file=sys.stderr)
        return 2
    except (ValueError, OSError) as exc:  # LexiconError is a ValueError
        print(f"linli: LEXICON_FILES: {exc}", file=sys.stderr)
        return 2
    setup_logging(settings.log_level, secrets=[settings.token], message_texts=settings.log_message_texts)
    for sentence in unknown_keys():
        logging.getLogger("linli").warning("%s", sentence)
    import asyncio

    from bot.runtime.runner import BotRuntime
    from bot.runtime.startup import exit_code, start_failure

    webhook = None
    if args.webhook:
        from bot.runtime.webhook import webhook_params

        try:
            webhook_params(settings, args.webhook)
        except SettingsError as exc:
            print(f"linli: {exc}", file=sys.stderr)
            return 2
        webhook = args.webhook
    from bot.render import digest_chart

    digest_chart.ISOLATED = True  # charts drawn by a child process: matplotlib never stays in the bot's memory
    runtime = BotRuntime(settings, community, webhook_url=webhook)
    try:
        asyncio.run(runtime.run_until_signal(on_ready=collect_from_now_on))
    except Exception as exc:  # noqa: BLE001 - every start-up failure becomes one sentence (and exit code 2 or 1)
        print(f"linli: {start_failure(exc, settings)}", file=sys.stderr)
        return exit_code(exc)
    if runtime.fatal:
        print(f"linli: {runtime.fatal}", file=sys.stderr)
        return 2
    return 0


def cmd_parse(args: argparse.Namespace) -> int:
    """read messages (JSON Lines from stdin, or the TEXTs given), one reading per line out

    Read resident messages: JSON Lines {id, text} in, one reading a line out; or `linli parse TEXT...` to read
    the texts given (ids 1, 2, ...).
    """
    import io

    from bot.cli import parse

    try:
        use_lexicon_files(load_settings())
    except (SettingsError, ValueError, OSError) as exc:
        print(f"linli: LEXICON_FILES: {exc}", file=sys.stderr)
        return 2
    if args.texts:
        return parse.main(io.StringIO("\n".join(parse.texts_as_lines(args.texts))))
    return parse.main()


def cmd_backup(args: argparse.Namespace) -> int:
    """write a consistent copy of the live database to FILE

    A consistent copy of the live database (SQLite online backup), safe while the bot runs.
    """
    import sqlite3
    from pathlib import Path

    from storage.backup import backup

    try:
        settings = load_settings()
        n = backup(Path(settings.database_path), Path(args.file))
    except (SettingsError, FileNotFoundError, OSError, sqlite3.Error) as exc:
        print(f"linli: backup failed: {exc}", file=sys.stderr)
        return 2
    print(f"backup written to {args.file} ({n} events)")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    """put a backup FILE back in the database's place (the bot stopped)

    Put a backup (a nightly copy in BACKUP_DIR, or one `linli backup` wrote) in place of the database, the bot
    stopped; the database it replaces is kept beside it, with its -wal and -shm, as <database>.before-restore-<time>.
    """
    import sqlite3
    from datetime import datetime
    from pathlib import Path

    from storage.backup import restore
    from storage.instance_lock import InstanceLock, InstanceLocked

    try:
        settings = load_settings()
        lock = InstanceLock(settings.database_path).acquire()  # held while the files change: no bot starts on them
        try:
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            n, kept, newer = restore(Path(args.file), Path(settings.database_path), stamp)
        finally:
            lock.release()
    except (SettingsError, InstanceLocked, OSError, sqlite3.Error) as exc:
        print(f"linli: restore failed: {exc}", file=sys.stderr)
        return 2
    where = f"; the database it replaced is kept as {kept}" if kept else ""
    print(f"{settings.database_path} restored from {args.file} ({n} events){where}. Start the bot again.")
    if newer:  # never silently: what came after the copy is not the bot's any more (it stays in the kept file)
        ids = f"#{newer[1]}" if newer[1] == newer[2] else f"#{newer[1]}–#{newer[2]}"
        print(f"Not in this copy: reports {ids}, made after it, and every change since; they stay in {kept}.")
    return 0


def cmd_health(args: argparse.Namespace) -> int:
    """exit 0 when a bot is running on the database (for health checks)

    Exit 0 when a bot holds the database's one-instance lock, else 1.
    """  # for a container health check or a supervisor: it reads nothing but the lock file
    from storage.instance_lock import InstanceLock, InstanceLocked

    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"linli: {exc}", file=sys.stderr)
        return 2
    try:
        InstanceLock(settings.database_path).acquire().release()
    except InstanceLocked:
        print("linli: running")
        return 0
    except OSError as exc:
        print(f"linli: cannot read the lock beside {settings.database_path}: {exc}", file=sys.stderr)
        return 1
    print(f"linli: no bot is running on {settings.database_path}", file=sys.stderr)
    return 1


def cmd_init(args: argparse.Namespace) -> int:
    """answer a few questions; writes .env and community.toml

    Ask the questions a committee secretary can answer, check each answer, and write .env and
    community.toml (then run `linli check`).
    """
    from bot.cli import init

    return init.main(force=args.force)


def cmd_check(args: argparse.Namespace) -> int:
    """is everything ready? settings, community file, token, chats, workers

    Check the settings and community file, then with Telegram: the token, privacy mode, the bot in every
    listed chat, every worker reachable, every building readable.
    """
    from bot.cli import check

    return check.main()


def cmd_demo(args: argparse.Namespace) -> int:
    """see the whole product in a minute (no token, no network)

    The real bot against a built-in fake Telegram, printed as it happens.
    """
    import asyncio

    from bot.cli.demo import default_language, run_demo

    return 0 if asyncio.run(run_demo(args.lang or default_language())) else 1


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of `linli`."""
    p = argparse.ArgumentParser(prog="linli", description="Linli (邻里): the neighbourhood grid-duty bot")
    p.add_argument("--version", action="version", version=f"linli {_version()}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    run, parse, init, _, _, backup, restore, demo = (
        _command(sub, f)
        for f in (cmd_run, cmd_parse, cmd_init, cmd_check, cmd_health, cmd_backup, cmd_restore, cmd_demo)
    )
    run.add_argument("--webhook", metavar="URL", help="receive updates by webhook at this public URL (behind a proxy)")
    run.add_argument(
        "--hold",
        action="store_true",
        help="on a stop a person must fix (exit code 2) wait for SIGTERM before exiting, so a supervisor that restarts"
        " on any exit (Docker's --restart unless-stopped) does not start it again",
    )
    parse.add_argument("texts", nargs="*", metavar="TEXT", help="texts to read (default: JSON Lines from stdin)")
    init.add_argument("--force", action="store_true", help="write the files again even if they exist")
    backup.add_argument("file")
    restore.add_argument("file")
    demo.add_argument(
        "--lang",
        choices=["zh-Hans", "zh-Hant", "en"],
        default=None,
        help="the demo's language (default: DEFAULT_LANGUAGE, else zh-Hans)",
    )
    from bot.cli import corrections, report

    report.add_commands(sub)
    corrections.add_command(sub)
    return p


def _command(sub: argparse._SubParsersAction, func: Callable[[argparse.Namespace], int]) -> argparse.ArgumentParser:
    """The subcommand func runs: cmd_x is `linli x`, the first line of its docstring is its help, the rest its
    description."""
    help_line, _, description = (func.__doc__ or "").partition("\n\n")
    parser = sub.add_parser(func.__name__.removeprefix("cmd_"), help=help_line.strip(), description=description.strip())
    parser.set_defaults(func=func)
    return parser


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("linli")
    except PackageNotFoundError:
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
