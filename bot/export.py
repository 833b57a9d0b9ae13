"""Writing exported events as CSV, XLSX or Open311 GeoReport v2 service requests (no database access)."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.core.community import Community
from bot.i18n import plain

TIME_COLUMNS = ("created_at", "accepted_at", "closed_at", "due_at")
FORMATS = ("csv", "xlsx", "open311")


def local_iso(epoch: int | None, tz: ZoneInfo) -> str | None:
    """Epoch seconds → ISO 8601 with the community's offset."""
    return None if epoch is None else datetime.fromtimestamp(epoch, tz).isoformat()


def table_rows(rows: list[dict], tz: ZoneInfo) -> list[dict]:
    """Rows with readable local times."""
    return [{k: (local_iso(v, tz) if k in TIME_COLUMNS else v) for k, v in r.items()} for r in rows]


def to_csv(rows: list[dict], columns: tuple[str, ...], tz: ZoneInfo) -> bytes:
    """UTF-8 CSV with a BOM, so spreadsheet programs read Chinese correctly."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(table_rows(rows, tz))
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def to_xlsx(rows: list[dict], columns: tuple[str, ...], tz: ZoneInfo) -> bytes:
    """One sheet, one row per event."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("events")
    ws.append(list(columns))
    for r in table_rows(rows, tz):
        ws.append([r[c] for c in columns])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _address(lang: str, r: dict, community: Community) -> str:
    parts = []
    if r["building"]:
        parts.append(plain(lang, "loc.building", b=r["building"]))
    if r["unit"]:
        parts.append(plain(lang, "loc.unit", u=r["unit"]))
    if r["room"]:
        parts.append(plain(lang, "loc.room", r=r["room"]))
    place = plain(lang, "loc.sep").join(parts)
    return f"{community.community.name} {place}".strip()


def open311(rows: list[dict], community: Community, lang: str) -> list[dict]:
    """Open311 GeoReport v2 service requests."""
    tz = community.tz
    out = []
    for r in rows:
        grid = community.grid(r["grid_id"])
        agency = community.community.name + (f" {grid.name}" if grid else "")
        notes = r["outcome_note"] or (plain(lang, f"outcome.{r['outcome']}") if r["outcome"] else None)
        updated = max(v for v in (r["created_at"], r["accepted_at"], r["closed_at"]) if v is not None)
        out.append({
            "service_request_id": str(r["id"]),
            "status": "closed" if r["status"] in ("closed", "cancelled") else "open",
            "status_notes": notes,
            "service_name": plain(lang, f"category.{r['category']}"),
            "service_code": r["category"],
            "description": r["text"],
            "agency_responsible": agency,
            "requested_datetime": local_iso(r["created_at"], tz),
            "updated_datetime": local_iso(updated, tz),
            "address": _address(lang, r, community),
        })
    return out


def render(fmt: str, rows: list[dict], columns: tuple[str, ...], community: Community, lang: str) -> bytes:
    """The export file's bytes."""
    if fmt == "csv":
        return to_csv(rows, columns, community.tz)
    if fmt == "xlsx":
        return to_xlsx(rows, columns, community.tz)
    return json.dumps(open311(rows, community, lang), ensure_ascii=False, indent=1).encode("utf-8")
