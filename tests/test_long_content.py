"""Long content: messages that grow are cut (with "…and N more") or paged to fit 4,096 characters and
100 buttons, counted as Telegram counts them (the fake API's parser)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from harness import make_event

from bot.core import weeks
from bot.core.callbacks import decode
from bot.core.digest import compute
from bot.core.digest_types import EventRow, SpotRow
from bot.core.types import Event, Status, Urgency
from bot.fakeapi.markup import parse_html
from bot.render import digest_text, i18n, messages, reports
from bot.render.fit import MAX_BUTTONS, MAX_TEXT, cap_buttons, clip, fit, visible_len
from bot.render.i18n import Html, join, t
from bot.render.rota import LINE_CHARS, DeskWeek, page_keyboard, paginate, read_page_arg
from bot.services.duty import NAMES_SHOWN, duty_text

SH = ZoneInfo("Asia/Shanghai")
LANGS = i18n.LANGUAGES


def shown(text: str) -> str:
    """The text as Telegram shows it (raises on markup it would refuse)."""
    return parse_html(text)[0]


def fits(text: str) -> bool:
    return len(shown(text)) <= MAX_TEXT and visible_len(text) == len(shown(text))


def buttons(markup: dict | None) -> int:
    return sum(len(row) for row in (markup or {}).get("inline_keyboard", []))


def event(**kw: object) -> Event:
    return make_event(
        **dict(
            message_id=5,
            reporter_id=1,
            id=42,
            reporter_name="刘阿姨" * 20,
            text="3号楼电梯坏了，" * 100,
            urgency=Urgency.YELLOW,
            status=Status.DISPATCHED,
            unit="2",
            assignee_id=2,
            created_at=datetime(2026, 11, 23, tzinfo=UTC),
        )
        | kw
    )


@pytest.mark.parametrize("lang", LANGS)
def test_a_merged_event_with_150_reporters_fits_and_keeps_under_100_buttons(lang: str) -> None:
    merged = tuple(reports.Merged(i, f"居民{i}号 " + "<名字很长>" * 12, "电梯又坏了 " * 30) for i in range(150))
    x = reports.DmExtras(151, merged, 3, (31.2, 121.4))
    intro = t(lang, "dm.step.handed_back")
    text = i18n.join(
        (
            intro,
            messages.worker_text(
                lang, event(), "幸福里1-5号楼居民群" * 5, "刘阿姨", t(lang, "dm.state.accepted", worker="王师傅"), x
            ),
        )
    )
    markup = messages.dispatched_keyboard(lang, 42)
    markup["inline_keyboard"] += reports.split_rows(lang, merged)
    assert fits(text)
    assert t(lang, "fit.more", n=150 - reports.MERGED_SHOWN) in shown(text)
    assert buttons(markup) <= MAX_BUTTONS
    assert buttons(markup) == 2 + reports.MERGED_SHOWN


def slots(n: int) -> list[i18n.Html]:
    return [i18n.join((t("en", "rota.backup") if i % 2 else "", f"工人{i:04d} 08–20"), "") for i in range(n)]


@pytest.mark.parametrize("workers", [60, 1000])
def test_rota_pages_each_fit_and_show_every_slot(workers: int) -> None:
    days = [(f"Sat 11-{28 + d}", slots(workers)) for d in range(7)]
    units = [DeskWeek("第一网格 <A>", days), DeskWeek("第二网格", [(f"Sun 11-{d}", slots(3)) for d in range(7)])]
    head = t("en", "rota.head", first="11-28", last="12-04")
    pages = paginate("en", head, units, [t("en", "rota.changed_note")])
    assert len(pages) > 1
    text = "\n".join(shown(p) for p in pages)
    for p in pages:
        assert fits(p)
        assert shown(p).startswith(shown(head)) and "🔁" in shown(p)  # head and foot on every page
        assert "第一网格 <A>" in shown(p) or "第二网格" in shown(p)  # every page names its unit
    assert all(f"工人{i:04d} " in text for i in range(workers))
    assert text.count("工人0000 ") == 7 + 7  # each of the first unit's days, and the second unit's
    assert t("en", "rota.page", page=len(pages), pages=len(pages)) in shown(pages[-1])
    assert all(len(line) <= LINE_CHARS + 20 for p in pages for line in shown(p).split("\n"))


def test_rota_page_buttons() -> None:
    assert page_keyboard("en", 0, 1, None) is None
    first, middle, last = (page_keyboard("en", p, 3, 4) for p in (0, 1, 2))
    assert [b["callback_data"] for b in first["inline_keyboard"][0]] == ["v1:rp:1:4"]
    assert [b["callback_data"] for b in middle["inline_keyboard"][0]] == ["v1:rp:0:4", "v1:rp:2:4"]
    assert [b["callback_data"] for b in last["inline_keyboard"][0]] == ["v1:rp:1:4"]
    assert page_keyboard("zh-Hans", 0, 2, None)["inline_keyboard"][0][0]["callback_data"] == "v1:rp:1"
    assert read_page_arg("dzzzzzzzzzzz") == read_page_arg("3d0") == read_page_arg("dzzzzz") == (None, None)  # forged
    for desk, start in ((4, date(2026, 11, 30)), (None, date(2026, 11, 30)), (4, None), (999, date(9000, 12, 31))):
        data = page_keyboard("en", 0, 2, desk, start)["inline_keyboard"][0][0]["callback_data"]
        assert read_page_arg(decode(data).arg) == (desk, start)  # a week from a day ahead keeps its day when turned


@pytest.mark.parametrize("lang", LANGS)
def test_duty_with_1000_workers(lang: str) -> None:
    units = [
        (f"网格{g}", [f"工人{g}-{i}" for i in range(100)], [f"备班{g}-{i} ⚠️" for i in range(100)]) for g in range(10)
    ]
    text = duty_text(lang, "11-28 08:00", units, "linli_bot")
    assert fits(text)
    assert t(lang, "fit.more_people", n=100 - NAMES_SHOWN) in shown(text)
    assert shown(text).endswith(shown(t(lang, "duty.unreachable_note", bot="linli_bot")))
    many = duty_text(lang, "11-28 08:00", [(f"网格{g}", ["王"], ["李"]) for g in range(1000)], None)
    assert fits(many) and "网格0" in shown(many) and "网格999" not in shown(many)
    assert shown(many).split("\n")[-1] == shown(t(lang, "fit.more", n=1000 - shown(many).count("网格")))


def test_fit_keeps_the_latest_of_a_timeline() -> None:
    entries = [f"• 11-23 14:{i % 60:02d} entry {i} · <b>王</b>" for i in range(500)]
    text = fit("en", ["<b>#1</b>", "History:"], entries, most=30, latest=True, more_key="fit.earlier")
    lines = shown(text).split("\n")
    assert lines[2] == "…470 earlier entries not shown" and lines[-1].startswith("• 11-23 14:19 entry 499")
    long = fit("en", ["<b>#1</b>"], [e + " x" * 200 for e in entries], latest=True, more_key="fit.earlier")
    assert fits(long) and "entry 499" in shown(long) and "entry 0 " not in shown(long)


def test_fit_everything_when_it_fits() -> None:
    assert fit("en", ["head"], ["a", "b"], ["tail"]) == "head\na\nb\ntail"
    assert fit("en", ["a <b>"], ["x & y", i18n.Html("<i>z</i>")]) == "a &lt;b&gt;\nx &amp; y\n<i>z</i>"  # plain is text


def test_clip_is_the_last_resort_and_never_splits_a_tag_pair() -> None:
    text = "\n".join(["<b>head"] + ["x" * 100] * 50 + ["</b>"] + ["y" * 100] * 50)
    cut = clip(text)
    assert cut == "…"  # the pair spans every line that could be kept: nothing is kept rather than half a pair
    cut = clip("\n".join(["<b>head</b>"] + ["<i>x</i>" * 20] * 300))
    assert fits(cut) and cut.startswith("<b>head</b>") and cut.endswith("…")


def test_cap_buttons() -> None:
    markup = {"inline_keyboard": [[{"text": str(i), "callback_data": "v1:acc:1"}] * 3 for i in range(40)]}
    capped = cap_buttons(markup)
    assert buttons(capped) == MAX_BUTTONS and len(capped["inline_keyboard"]) == 34
    assert cap_buttons({"inline_keyboard": [[{"text": "a"}]]}) == {"inline_keyboard": [[{"text": "a"}]]}


def at(day: int, hh: int = 9) -> int:
    return int(datetime(2026, 11, day, hh, tzinfo=SH).timestamp())


@pytest.mark.parametrize("lang", LANGS)
def test_the_weekly_digest_fits_with_long_names(lang: str) -> None:
    week = weeks.parse_week("2026-W47", SH)
    prev = weeks.shift(week, -1, SH)
    rows = [
        EventRow(
            i, "repair", "green", f"G{i}", f"楼{i}<" * 30, f"单元{i}", "closed", 100 + i, at(17), at(17, 10), at(17, 12)
        )
        for i in range(40)
    ]
    spots = [SpotRow(r.building or "", r.unit, r.category, r.created_at) for r in rows for _ in range(3)]
    d = compute(week, prev, rows, [], [], weeks.day_starts(week, SH), [(week.label, None)], spots)
    d.points_residents = [(1000 + i, 50 - i) for i in range(5)]
    text = digest_text.render(lang, d, SH, lambda w: f"网格员{w} <b>" + "很长的名字" * 60, lambda g: f"<{g}>")
    assert fits(text)
    assert shown(text).split("\n")[-1].startswith(shown(t(lang, "fit.more", n=1)).split("1")[0])


def test_names_are_joined_and_counted_the_languages_way() -> None:
    from bot.render.fit import names

    assert names("en", ["Wang", "Li"], 5) == "Wang, Li" and names("zh-Hans", ["王", "李"], 5) == "王、李"
    assert names("en", ["a", "b", "c"], 2, people=True) == "a, b, …and 1 other"
    assert names("en", ["a", "b", "c", "d"], 2, people=True) == "a, b, …and 2 others"
    assert names("zh-Hans", ["甲", "乙", "丙"], 2, people=True).endswith("……等 1 人")
    assert names("zh-Hans", ["#1", "#2", "#3"], 2).endswith("……还有 1 条")


def test_a_single_line_too_long_keeps_its_start_not_a_lone_ellipsis() -> None:
    """A refusal quoting a pasted 4,100-character argument was clipped to "…" alone: nothing to read."""
    text = t("zh-Hans", "rota.day_bad", day="王" * 4100)
    out = clip(join([text, "下一行"]))
    assert visible_len(out) <= MAX_TEXT and out.startswith("看不懂日期「王王") and out.rstrip().endswith("…")
    parse_html(out)  # still HTML Telegram can parse
    bold = clip(Html("<b>" + "a&amp;b " * 2000 + "</b>"))
    assert bold.startswith("<b>a&amp;b") and bold.endswith("…</b>") and visible_len(bold) <= MAX_TEXT
    parse_html(bold)


@pytest.mark.parametrize("lang", LANGS)
def test_a_reports_whole_words_come_in_messages_that_fit_and_leave_nothing_out(lang: str) -> None:
    """One line of 9,000 characters (cut where the room ends), or many short lines (cut at a line's end): every
    message fits, and their words together are the report's (`messages.whole_text`)."""
    for words in ("<灯>&坏" * 3000, "\n".join(f"第{n}层的灯不亮 <b>" for n in range(900))):
        parts = messages.whole_text(lang, event(text=words))
        assert len(parts) >= 3 and all(fits(p) for p in parts)
        assert "".join(shown(p).split("\n", 1)[1] for p in parts).replace("\n", "") == words.replace("\n", "")
        assert all(shown(p).split("\n", 1)[1].endswith("<b>") for p in parts[:-1]) == ("\n" in words)
