"""The weekly digest as a phone-sized HTML message in the community's language (no I/O).

Every list is capped (categories, grids, workers, places); whatever still does not fit one message
is cut at a line with "…and N more".
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.core.digest_types import Breakdown, Digest, Durations, HotSpot, Satisfaction, WeekFigures
from bot.render import places
from bot.render.fit import fit
from bot.render.i18n import Html, join, t

MAX_ITEMS = 6  # categories / grids shown per line
MAX_WORKERS = 12
MAX_SPOTS = 8
ICONS = {"red": "🔴", "yellow": "🟡", "green": "🟢"}
MAX_OVERDUE_NAMED = 10  # open events past due named in the digest, reds first
TAG = re.compile(r"<[^>]+>")


def duration(lang: str, seconds: float | None) -> str:
    """'不到1分钟', '25分钟', '3.5小时', '2.1天' (or a dash): each in the unit it rounds to (59¾ minutes: '1小时')."""
    if seconds is None:
        return t(lang, "digest.none")
    minutes = round(seconds / 60)
    if minutes < 1:
        return t(lang, "digest.dur.under_m")
    if minutes < 60:
        return t(lang, "digest.dur.m", n=minutes)
    hours = round(seconds / 3600, 1)
    if hours < 48:
        return t(lang, "digest.dur.h", n=f"{hours:.1f}".removesuffix(".0"))
    return t(lang, "digest.dur.d", n=f"{seconds / 86400:.1f}".removesuffix(".0"))


def pct(value: float | None, lang: str) -> str:
    """'67%' (or a dash)."""
    return t(lang, "digest.none") if value is None else f"{round(value * 100)}%"


def last_week(lang: str, before: int, so_far: bool) -> Html:
    """'（上周 3）' / ' (last week 3)': the week before's count beside this week's, said as such (digest review: a
    bare "(+13)" did not say what it was compared with); ``so_far``: a week under way, compared with as much of the
    week before ('（上周同期 3）')."""
    return t(lang, "digest.last_week_so_far" if so_far else "digest.last_week", n=before)


def _items(table: dict[str, int], label: Callable[[str], str]) -> Html:
    top = sorted(table.items(), key=lambda kv: (-kv[1], kv[0]))
    shown = [join((label(k), n), " ") for k, n in top[:MAX_ITEMS]]
    return join([*shown, "…"] if len(top) > MAX_ITEMS else shown, " · ")


def place(lang: str, spot: HotSpot) -> Html:
    """'3号楼2单元': a hot spot is a building, or a unit of it (``places.label``)."""
    return places.label(lang, spot.building, spot.unit)


def _breakdown_lines(lang: str, b: Breakdown, grid_name: Callable[[str], str]) -> list[str]:
    colours = " · ".join(f"{ICONS[u]} {b.by_urgency.get(u, 0)}" for u in ICONS)
    return [
        t(lang, "digest.by_urgency", items=colours),
        t(lang, "digest.by_category", items=_items(b.by_category, lambda k: t(lang, f"category.{k}"))),
        t(lang, "digest.by_grid", items=_items(b.by_grid, grid_name)),
    ]


def _within(lang: str, seconds: float | None) -> str:
    """A time as "within" it reads: "within 1 min", not "within under 1 min"."""
    return duration(lang, None if seconds is None else max(seconds, 60))


def _half_within(lang: str, seconds: float | None) -> str:
    """A worker's median as the team's line words it, '一半在25分钟内' (a bare '25分钟' read as each time, or as
    all of them); a dash when there is none."""
    return t(lang, "digest.none") if seconds is None else t(lang, "digest.half_within", d=_within(lang, seconds))


def _times(lang: str, key: str, d: Durations, before: Durations) -> str:
    """The line of response or fix times, as "half within" the median and "90% within" the p90 (a chair reads no
    "中位"); said in words when this week, or the last, has none."""
    if d.median is None:
        return t(lang, f"{key}_none")
    if before.median is None:
        return t(lang, f"{key}_noprev", med=_within(lang, d.median), p90=_within(lang, d.p90))
    return t(lang, key, med=_within(lang, d.median), p90=_within(lang, d.p90), prev=_within(lang, before.median))


def _satisfaction(lang: str, s: Satisfaction, before: Satisfaction) -> str:
    if not s.asked:
        return t(lang, "digest.satisfaction_none")
    return t(
        lang,
        "digest.satisfaction",
        sat=pct(s.share_satisfied, lang),  # of the answers: the three counts beside it add up to them
        sat_n=s.satisfied,
        unsat_n=s.unsatisfied,  # said apart (digest57 review: "满意 56% · 未解决 11%" left a third unexplained)
        not_solved_n=s.not_solved,
        answered=pct(s.share_answered, lang),
        n=s.answered,  # how many answers the shares are of (committee review: "满意 0%" was one answer)
        asked=s.asked,
        prev=pct(before.share_satisfied, lang),
    )


def _workers(lang: str, w: WeekFigures, name: Callable[[int], str]) -> list[str]:
    if not w.workers:
        return []
    lines = [t(lang, "digest.workers")]
    for f in w.workers[:MAX_WORKERS]:
        rating = pct(f.rating.share_satisfied, lang)
        if f.rating.answered:  # of how many answers: "67%（6）", in the brackets the rest of the digest uses
            rating = t(lang, "digest.rating", share=rating, n=f.rating.answered)
        lines.append(
            t(
                lang,
                "digest.worker",
                name=name(f.worker_id),
                accepted=f.accepted,
                closed=f.closed,
                acc=_half_within(lang, f.accept.median),
                cls=_half_within(lang, f.close.median),
                rating=rating,
            )
        )
    if len(w.workers) > MAX_WORKERS:  # never cut without a word (committee review: 28 workers, 12 shown)
        lines.append(t(lang, "digest.more", n=len(w.workers) - MAX_WORKERS))
    return lines


def _points(lang: str, d: Digest, name: Callable[[int], str]) -> list[str]:
    lines = [t(lang, "digest.points")] if d.points_residents or d.points_workers else []
    for key, leaders in (("digest.points_residents", d.points_residents), ("digest.points_workers", d.points_workers)):
        if leaders:
            lines.append(t(lang, key, items=join((join((name(u), n), " ") for u, n in leaders), " · ")))
    return lines


def render(
    lang: str,
    d: Digest,
    tz: ZoneInfo,
    worker_name: Callable[[int], str] = str,
    grid_name: Callable[[str], str] = str,
) -> str:
    """The digest message (HTML), cut to fit one message."""
    first = datetime.fromtimestamp(d.start, tz)
    last = datetime.fromtimestamp(d.end, tz) - timedelta(seconds=1)
    lines = [t(lang, "digest.head", week=d.week, start=first.strftime("%m-%d"), end=last.strftime("%m-%d"))]
    w, p = d.this, d.prev
    if d.began is not None:  # the bot's first week: the week before it has no data to compare with
        began = datetime.fromtimestamp(d.began, tz).strftime("%m-%d")
        lines.append(t(lang, "digest.began", date=began))
    if w.quiet:  # no event moved; answers to surveys asked this week and points gained are still news
        # "平安无事" only when nothing waits: a week in which open work sat untouched is the one to hear of
        # (committee review: an overdue red read as a quiet week)
        lines.append(t(lang, "digest.quiet_stalled" if w.open.total else "digest.quiet"))
        if w.open.total:
            lines.append(t(lang, "digest.quiet_open", n=w.open.total, overdue=w.overdue_open))
            lines += _overdue_events(lang, w)
            lines.append(
                t(lang, "digest.open_by", items=_items(w.open.by_category, lambda k: t(lang, f"category.{k}")))
            )
        if w.satisfaction.asked:
            lines.append(_satisfaction(lang, w.satisfaction, p.satisfaction))
        return fit(lang, lines[:1], lines[1:] + _points(lang, d, worker_name) + _hot_spots(lang, d))

    def before(n: int) -> Html:
        return last_week(lang, n, d.under_way) if d.began is None else Html("")

    lines.append(
        t(
            lang,
            "digest.counts",
            new=w.new.total,
            d_new=before(p.new.total),
            closed=w.closed.total,
            d_closed=before(p.closed.total),
            open=w.open.total,
            d_open=before(p.open.total),
            reopened=w.reopened.total,
        )
    )
    lines += _breakdown_lines(lang, w.new, grid_name)
    if w.open.total:
        lines.append(t(lang, "digest.open_by", items=_items(w.open.by_category, lambda k: t(lang, f"category.{k}"))))
    if w.reopened.total:
        lines.append(
            t(lang, "digest.reopened_by", items=_items(w.reopened.by_category, lambda k: t(lang, f"category.{k}")))
        )
    if w.closed.by_outcome:  # how the week's closes ended: "nothing found" is never counted as fixed
        lines.append(t(lang, "digest.closed_by", items=_items(w.closed.by_outcome, lambda k: t(lang, f"outcome.{k}"))))
    lines.append(_times(lang, "digest.accept", w.accept, p.accept))
    lines.append(_times(lang, "digest.close", w.close, p.close))
    lines.append(t(lang, "digest.overdue", open=w.overdue_open, late=w.closed_late))
    lines += _overdue_events(lang, w)
    lines.append(_satisfaction(lang, w.satisfaction, p.satisfaction))
    lines += _workers(lang, w, worker_name)
    lines += _points(lang, d, worker_name)
    lines += _hot_spots(lang, d)
    return fit(lang, lines[:1], lines[1:])


def _overdue_events(lang: str, w: WeekFigures) -> list[str]:
    """Which open events are past due, reds first (committee review: "超时 1 件" named none, and no colour)."""
    if not w.overdue_events:
        return []
    shown = [f"#{i} {ICONS.get(u, '')}".rstrip() for i, u in w.overdue_events[:MAX_OVERDUE_NAMED]]
    more = len(w.overdue_events) - MAX_OVERDUE_NAMED
    return [t(lang, "digest.overdue_which", items=" ".join(shown) + (f" …+{more}" if more > 0 else ""))]


def _hot_spots(lang: str, d: Digest) -> list[str]:
    if not d.hot_spots:
        return []
    lines = [t(lang, "digest.hot")]
    for s in d.hot_spots[:MAX_SPOTS]:
        lines.append(
            t(lang, "digest.hot_item", place=place(lang, s), category=t(lang, f"category.{s.category}"), n=s.count)
        )
    if len(d.hot_spots) > MAX_SPOTS:  # never cut without a word
        lines.append(t(lang, "digest.more", n=len(d.hot_spots) - MAX_SPOTS))
    return lines


def plain(text: str) -> str:
    """The HTML message as plain text (for the command line)."""
    return html.unescape(TAG.sub("", text))
