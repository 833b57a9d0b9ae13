"""Keeping messages within Telegram's limits: 4,096 characters after entities parsing, 100 buttons.

Lists that grow (merged reports, rosters, timelines, digests) are cut with an "…and N more" line
by ``fit``; ``clip`` and ``cap_buttons`` are the last resort the outbox helpers apply to everything.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Sequence

from bot.render.i18n import Html, esc, join, plain, t

log = logging.getLogger(__name__)

MAX_TEXT = 4096  # characters of text after entities parsing (what the fake API counts too)
MAX_BUTTONS = 100  # inline buttons in one keyboard
MAX_CAPTION = 1024  # characters of a photo's caption
_TAG = re.compile(r"<[^<>]*>")
_TAG_NAME = re.compile(r"<(/?)[a-zA-Z][a-zA-Z0-9-]*")


def visible_len(text: str) -> int:
    """Characters Telegram counts in an HTML text: tags dropped, entities decoded."""
    return len(html.unescape(_TAG.sub("", text)))


def fit(
    lang: str,
    head: Sequence[str],
    items: Sequence[str],
    tail: Sequence[str] = (),
    *,
    limit: int = MAX_TEXT,
    most: int | None = None,
    latest: bool = False,
    more_key: str = "fit.more",
) -> Html:
    """Head lines, as many items as fit (at most `most`), a line for the rest, then tail lines.

    Each line is Html, or plain text that is escaped. latest: keep the last items instead of the first
    (a timeline), the line for the rest before them.
    """
    head, tail = [esc(h) for h in head], [esc(x) for x in tail]
    order = [esc(i) for i in (reversed(items) if latest else items)]
    room = limit - visible_len(join([*head, *tail])) - (1 if head or tail else 0)
    shown = _take(order, room, most, visible_len(t(lang, more_key, n=len(order))) + 1)
    cut = len(order) - len(shown)
    more = [t(lang, more_key, n=cut)] if cut else []
    body = [*more, *reversed(shown)] if latest else [*shown, *more]
    return clip(join([*head, *body, *tail]), limit)


def _take(items: Sequence[Html], room: int, most: int | None = None, reserve: int = 0) -> list[Html]:
    """The leading items that fit in `room` characters (a newline each); `reserve` kept free if some are left out."""
    if most is None or most >= len(items):
        total = sum(visible_len(i) + 1 for i in items)
        if total <= room:
            return list(items)
    shown: list[Html] = []
    used = 0
    for item in items[:most]:
        cost = visible_len(item) + 1
        if used + cost + reserve > room:
            break
        shown.append(item)
        used += cost
    return shown


def names(lang: str, items: Sequence[str], most: int, people: bool = False) -> Html:
    """Names (or other short items) joined the language's way ("、" or ", "), at most `most` of them, then
    "…and N more" (counted as people when they are)."""
    more = "fit.more_people" if people else "fit.more"
    shown = [*items[:most], t(lang, more, n=len(items) - most)] if len(items) > most else list(items)
    return join(shown, plain(lang, "list.sep"))


def clip(text: str, limit: int = MAX_TEXT) -> Html:
    """The text if it fits, else its leading whole lines that do and "…" (never inside a tag pair)."""
    if visible_len(text) <= limit:
        return Html(text)
    out: list[str] = []
    kept, used, depth = 0, 0, 0
    for line in text.split("\n"):
        used += visible_len(line) + 1
        if used + 1 > limit:
            break
        out.append(line)
        for m in _TAG_NAME.finditer(line):
            depth += -1 if m.group(1) else 1
        if depth == 0:
            kept = len(out)
    log.warning("a message of %s characters was cut to fit Telegram's limit", visible_len(text))
    room = limit - sum(visible_len(line) + 1 for line in out[:kept]) - 1
    if kept == len(out) and kept < len(lines := text.split("\n")) and room >= MIN_CUT:
        return Html("\n".join([*out, _cut(lines[kept], room)]))  # a long line (a pasted list): its start, not "…"
    return Html("\n".join([*out[:kept], "…"]))


MIN_CUT = 40  # the fewest characters of a long line worth showing before its "…"
_PIECE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*>|&#?[a-zA-Z0-9]+;|.", re.S)


def _cut(line: str, room: int) -> str:
    """The start of a line of HTML that shows at most ``room`` characters with its "…", cut outside any tag or
    entity, the tags still open there closed."""
    out: list[str] = []
    shown, open_tags = 0, []
    for m in _PIECE.finditer(line):
        if m.group(2):
            if m.group(1):
                if open_tags:
                    open_tags.pop()
            else:
                open_tags.append(m.group(2))
            out.append(m.group(0))
            continue
        if shown >= room - 1:
            break
        out.append(m.group(0))
        shown += 1
    return "".join(out) + "…" + "".join(f"</{name}>" for name in reversed(open_tags))


def pieces(text: str, room: int) -> list[str]:
    """Plain text in pieces of at most `room` characters, nothing left out: each ends at a line's end when one
    is in its second half, else where the room ends."""
    out: list[str] = []
    while len(text) > room:
        end = text.rfind("\n", room // 2, room)
        end = room if end < 0 else end
        out.append(text[:end])
        text = text[end:].lstrip("\n")
    return [*out, text] if text else out


def cap_buttons(markup: dict | None, most: int = MAX_BUTTONS) -> dict | None:
    """An inline keyboard with at most `most` buttons (whole rows first, then the row that is cut)."""
    if not markup or "inline_keyboard" not in markup:
        return markup
    rows, left = [], most
    for row in markup["inline_keyboard"]:
        if left <= 0:
            break
        rows.append(list(row[:left]))
        left -= len(rows[-1])
    if rows != markup["inline_keyboard"]:
        log.warning("an inline keyboard was cut to %s buttons", most)
        return {**markup, "inline_keyboard": rows}
    return markup
