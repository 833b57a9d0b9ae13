"""The console's export as a committee member opens it in Excel or WPS: a workbook unless CSV is asked for, and a
CSV that starts with the UTF-8 mark, so Excel shows Chinese rather than garbled letters. Both read back."""

from __future__ import annotations

import csv
import io

from console_client import client, sign_in
from harness import MakeBot
from ids import ADMIN, GROUP_A, RESIDENT

from bot.fakeapi import FakeTelegram

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


async def test_an_export_is_a_workbook_unless_csv_is_asked_and_the_csv_opens_in_excel(
    fake_tg: FakeTelegram, console_bot: MakeBot
) -> None:
    """Before: an export with no format named was a CSV. Now it is the .xlsx workbook; CSV is still there when
    asked for, its first bytes the UTF-8 mark (EF BB BF) Excel reads Chinese by."""
    bot = await console_bot()
    fake_tg.send_message(GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了")
    await bot.settle()
    base = bot.console_base + "/console/api/"  # type: ignore[attr-defined]
    async with client() as http:
        await sign_in(bot, http, ADMIN)
        async with http.get(base + "export") as resp:
            assert resp.status == 200 and resp.headers["Content-Type"] == XLSX
            assert resp.headers["Content-Disposition"].endswith('.xlsx"')
            workbook = await resp.read()
        async with http.get(base + "export?format=csv") as resp:
            assert resp.status == 200 and resp.headers["Content-Disposition"].endswith('.csv"')
            text = await resp.read()
    from openpyxl import load_workbook

    rows = list(load_workbook(io.BytesIO(workbook)).active.iter_rows(values_only=True))
    assert rows[0][0] == "编号" and "3号楼2单元楼道灯坏了" in rows[1], rows
    assert text.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(text[3:].decode("utf-8"))))
    assert table[0] == [str(v) for v in rows[0]] and "3号楼2单元楼道灯坏了" in table[1], table
