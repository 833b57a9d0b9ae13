"""The /rota week view as pages that each fit one message, with Previous / Next buttons (no I/O)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bot.core.callbacks import Action, encode
from bot.render.fit import MAX_TEXT, visible_len
from bot.render.i18n import Html, join, plain, t

LINE_CHARS = 1000  # a day whose slots run longer continues on another line


def day_label(lang: str, day: date) -> Html:
    """'周六 11-28' / 'Sat 11-28'."""
    return join((t(lang, f"rota.wd.{day.weekday()}"), day.strftime("%m-%d")), " ")


def weekdays_label(lang: str, weekdays: frozenset[int]) -> Html:
    """A shift's days as people say them: '每天', '周一至周五', '周一、周三至周五' / 'every day', 'Mon–Fri'."""
    if len(weekdays) == 7:
        return t(lang, "rota.every_day")
    runs: list[list[int]] = []
    for day in sorted(weekdays):
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    said = [
        t(lang, "rota.days_run", first=plain(lang, f"rota.wd.{run[0]}"), last=plain(lang, f"rota.wd.{run[-1]}"))
        if len(run) > 2
        else join([t(lang, f"rota.wd.{day}") for day in run], plain(lang, "rota.days_and"))
        for run in runs
    ]
    return join(said, plain(lang, "rota.days_and"))


def span_label(lang: str, first: date, last: date) -> Html:
    """'周一 11-30 至 周日 12-06', or the one day's label."""
    if first == last:
        return day_label(lang, first)
    return t(lang, "rota.span", first=day_label(lang, first), last=day_label(lang, last))


def page_arg(desk: int | None, start: date | None) -> str | None:
    """A page button's argument: the desk's index, and 'd' with the first day's ordinal (base 36) when the week
    asked for begins on a given day ("3", "d" + "fuwq", "3dfuwq")."""
    head = "" if desk is None else str(desk)
    return (head + ("" if start is None else "d" + _base36(start.toordinal()))) or None


def read_page_arg(arg: str | None) -> tuple[int | None, date | None]:
    """(desk index, first day) from a page button's argument (None, None for what it cannot be)."""
    desk, _, day = (arg or "").partition("d")
    try:
        start = date.fromordinal(int(day, 36)) if day else None
    except (ValueError, OverflowError):  # forged data: no such day
        return None, None
    if start is not None and start.year > 9000:  # a week from it would run past the last date there is
        return None, None
    return (int(desk) if desk.isdigit() else None), start


def _base36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while n:
        n, r = divmod(n, 36)
        out = digits[r] + out
    return out or "0"


@dataclass(frozen=True, slots=True)
class DeskWeek:
    """One grid's or team's coming days: its name, then per day a label and the slot texts."""

    name: str
    days: Sequence[tuple[str, Sequence[Html]]]


def day_lines(lang: str, label: str, slots: Sequence[Html], line_chars: int = LINE_CHARS) -> list[Html]:
    """A day's line ('Sat 11-28 Wang 08–20 · bk:Li 08–20'), or several when its slots are many."""
    if not slots:
        return [join((label, t(lang, "duty.nobody")), " ")]
    chunks: list[list[Html]] = [[]]
    used = 0
    for slot in slots:
        cost = visible_len(slot) + 3
        if chunks[-1] and used + cost > line_chars:
            chunks.append([])
            used = 0
        chunks[-1].append(slot)
        used += cost
    return [join((label, join(chunk, " · ")), " ") for chunk in chunks]


def paginate(
    lang: str, head: Html, desks: Sequence[DeskWeek], foot: Sequence[Html] = (), limit: int = MAX_TEXT
) -> list[Html]:
    """The week as message texts: each page has the head, a desk's name again where its days continue,
    the foot and (when there are several) "page i of n"."""
    room = limit - visible_len(join([head, *foot, t(lang, "rota.page", page=9999, pages=9999)])) - 2
    pages: list[list[Html]] = []
    current: list[Html] = []
    titled: DeskWeek | None = None  # the desk whose name the current page shows last
    used = 0
    for desk in desks:
        title = t(lang, "rota.unit", unit=desk.name)
        for label, slots in desk.days:
            for line in day_lines(lang, label, slots):
                cost = visible_len(line) + 1
                title_cost = visible_len(title) + 1 if titled is not desk else 0
                if current and used + cost + title_cost > room:
                    pages.append(current)
                    current, used, titled = [], 0, None
                    title_cost = visible_len(title) + 1
                if titled is not desk:
                    current.append(title)
                    titled = desk
                current.append(line)
                used += cost + title_cost
    pages.append(current)
    texts = []
    for i, lines in enumerate(pages):
        tail = [t(lang, "rota.page", page=i + 1, pages=len(pages))] if len(pages) > 1 else []
        texts.append(join([head, *lines, *foot, *tail]))
    return texts


def page_keyboard(lang: str, page: int, pages: int, desk: int | None, start: date | None = None) -> dict | None:
    """◀ Previous / Next ▶ for a rota page (none when the week fits one message)."""
    if pages <= 1:
        return None
    arg = page_arg(desk, start)
    row = []
    if page > 0:
        row.append({"text": plain(lang, "btn.prev"), "callback_data": encode(Action.ROTA_PAGE, page - 1, arg)})
    if page < pages - 1:
        row.append({"text": plain(lang, "btn.next"), "callback_data": encode(Action.ROTA_PAGE, page + 1, arg)})
    return {"inline_keyboard": [row]}
