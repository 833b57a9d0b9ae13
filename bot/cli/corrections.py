"""`linli corrections`: staff corrections from the console as labelled lines in the reader's corpus format.

Each corrected event becomes one line like those of data/corpus/*.jsonl (writer "console", its labels as
the staff left them), to be read over and then added to the corpus before retraining (docs/parser.md).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path

from bot.config import SettingsError, load_settings
from storage import corrections
from storage.corrections import Correction
from storage.database import Database


def corpus_lines(rows: list[Correction], default_language: str) -> list[dict]:
    """One corpus line per corrected event (its latest words; the labels it has now)."""
    latest: dict[int, Correction] = {}
    fields: dict[int, list[str]] = {}
    for row in rows:
        latest[row.event_id] = row
        fields.setdefault(row.event_id, [])
        if row.field not in fields[row.event_id]:
            fields[row.event_id].append(row.field)
    return [
        {
            "id": f"console-{event_id}",
            "writer": "console",
            "lang": row.language or default_language,
            "text": row.text,
            "is_report": True,
            "category": row.category,
            "urgency": row.urgency,
            "building": row.building,
            "unit": row.unit,
            "room": row.room,
            "source": "console_correction",
            "corrected": fields[event_id],
        }
        for event_id, row in latest.items()
    ]


async def _read(path: Path) -> list[Correction]:
    db = await Database.open(path)
    try:
        async with db.read() as c:
            return await corrections.all_rows(c)
    finally:
        await db.close()


def cmd_corrections(args: argparse.Namespace) -> int:
    """Write the corrections as JSON Lines."""
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"linli: {exc}", file=sys.stderr)
        return 2
    path = Path(settings.database_path)
    if not path.is_file():
        print(f"linli: the database {path} does not exist: set DATABASE_PATH.", file=sys.stderr)
        return 2
    lines = corpus_lines(asyncio.run(_read(path)), settings.default_language)
    text = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"{len(lines)} corrected reports written to {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def add_command(sub: argparse._SubParsersAction) -> None:
    """Add `corrections` to the `linli` parser."""
    cr = sub.add_parser("corrections", help="staff corrections from the console as corpus lines (JSON Lines)")
    cr.add_argument("--out", metavar="FILE", help="output file (default: standard output)")
    cr.set_defaults(func=cmd_corrections)
