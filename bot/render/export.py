"""Writing exported events as CSV, XLSX or Open311 GeoReport v2 service requests (no database access)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.core import lifecycle
from bot.core.community import Community
from bot.core.types import Status
from bot.render import places
from bot.render.i18n import plain

TIME_COLUMNS = ("created_at", "accepted_at", "closed_at", "due_at")
FORMATS = ("csv", "xlsx", "open311")


def local_iso(epoch: int | None, tz: ZoneInfo) -> str | None:
    """Epoch seconds → ISO 8601 with the community's offset."""
    return None if epoch is None else datetime.fromtimestamp(epoch, tz).isoformat()


# Columns whose codes are shown in the committee's language: column → catalogue prefix
CODED = {"category": "category", "urgency": "urgency", "status": "state", "outcome": "outcome"}


def table_rows(rows: list[dict], tz: ZoneInfo) -> list[dict]:
    """Rows with readable local times."""
    return [{k: (local_iso(v, tz) if k in TIME_COLUMNS else v) for k, v in r.items()} for r in rows]


def readable(rows: list[dict], community: Community, lang: str, names: Mapping[int, str]) -> list[dict]:
    """Rows as a committee reads them: local times; category, colour, state and outcome in its language;
    the grid by name and the assignee by name (not a Telegram id)."""
    out = []
    for r in table_rows(rows, community.tz):
        row = {**r, **{col: plain(lang, f"{prefix}.{r[col]}") for col, prefix in CODED.items() if r.get(col)}}
        if (grid := community.grid(r.get("grid_id"))) is not None:
            row["grid_id"] = grid.name
        if (who := r.get("assignee_id")) is not None:
            worker = community.worker(who)
            row["assignee_id"] = worker.name if worker else names.get(who, str(who))
        out.append(row)
    return out


def headers(columns: tuple[str, ...], lang: str) -> list[str]:
    """The column titles in the committee's language."""
    return [plain(lang, f"export.col.{c}") for c in columns]


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what makes a spreadsheet cell a formula


def inert(value: object) -> object:
    """A CSV cell a spreadsheet will not run: text that would start a formula ("=HYPERLINK(…)" in a report or a
    note) gets a leading apostrophe, the spreadsheet programs' mark for "this is text"."""
    if isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_START):
        return "'" + value
    return value


def to_csv(rows: list[dict], columns: tuple[str, ...], lang: str) -> bytes:
    """UTF-8 CSV with a BOM, so spreadsheet programs read Chinese correctly (rows from `readable`); no cell is a
    formula (`inert`)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(headers(columns, lang))
    writer.writerows([inert(r[c]) for c in columns] for r in rows)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def to_xlsx(rows: list[dict], columns: tuple[str, ...], lang: str) -> bytes:
    """One sheet, one row per event (rows from `readable`); every text is a text cell, never a formula."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(plain(lang, "export.sheet"))
    ws.append(headers(columns, lang))

    def cell(value: object, column: str) -> object:
        if column in TIME_COLUMNS and isinstance(value, str):  # a real date cell (committee review: text cells
            out = WriteOnlyCell(ws, value=datetime.fromisoformat(value).replace(tzinfo=None))  # could not be
            out.number_format = "yyyy-mm-dd hh:mm"  # filtered nor subtracted); local time, as the column says
            return out
        if not isinstance(value, str):
            return value
        # a control character a resident typed ("\x0b" from a phone's line break) is no XML: openpyxl refused the
        # whole export (committee review); it is dropped from the cell, as Excel could not show it
        out = WriteOnlyCell(ws, value=ILLEGAL_CHARACTERS_RE.sub("", value))
        out.data_type = "s"  # openpyxl would make "=…" a formula
        return out

    for r in rows:
        ws.append([cell(r[c], c) for c in columns])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def open311(rows: list[dict], community: Community, lang: str) -> list[dict]:
    """Open311 GeoReport v2 service requests."""
    tz = community.tz
    out = []
    for r in rows:
        grid = community.grid(r["grid_id"])
        agency = community.community.name + (f" {grid.name}" if grid else "")
        notes = r["outcome_note"] or (plain(lang, f"outcome.{r['outcome']}") if r["outcome"] else None)
        updated = max(v for v in (r["created_at"], r["accepted_at"], r["closed_at"]) if v is not None)
        out.append(
            {
                "service_request_id": str(r["id"]),
                "status": "closed" if Status(r["status"]) in lifecycle.DONE else "open",  # Open311's two states
                "status_notes": notes,
                "service_name": plain(lang, f"category.{r['category']}"),
                "service_code": r["category"],
                "description": r["text"],
                "agency_responsible": agency,
                "requested_datetime": local_iso(r["created_at"], tz),
                "updated_datetime": local_iso(updated, tz),
                "address": places.address(lang, community.community.name, r["building"], r["unit"], r["room"]),
            }
        )
    return out


def render(
    fmt: str,
    rows: list[dict],
    columns: tuple[str, ...],
    community: Community,
    lang: str,
    names: Mapping[int, str] | None = None,
) -> bytes:
    """The export file's bytes: CSV and XLSX as the committee reads them (`readable`); Open311 keeps its
    standard codes. names: people the community file does not list (invited workers), by Telegram id."""
    if fmt in ("csv", "xlsx"):
        table = readable(rows, community, lang, names or {})
        return to_csv(table, columns, lang) if fmt == "csv" else to_xlsx(table, columns, lang)
    return json.dumps(open311(rows, community, lang), ensure_ascii=False, indent=1).encode("utf-8")
