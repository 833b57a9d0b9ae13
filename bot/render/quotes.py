"""Someone's words quoted in a message whole, as far as Telegram's one message has room (a resident's note to her
worker or the committee, a worker's answer to her): past that, their start and "…"."""

from __future__ import annotations

from bot.render.fit import MAX_TEXT, visible_len
from bot.render.i18n import Html, t
from bot.render.messages import preview


def within(words: str, room: int) -> str:
    """The words whole when they fit in ``room`` characters, else their start and "…" (plain text: t() escapes it)."""
    words = words.strip()
    return words if len(words) <= room else preview(words, room)


def quoted(lang: str, key: str, words: str, **values: object) -> Html:
    """The text of ``key`` with ``words`` as its ``{text}``, whole as far as one message has room."""
    return t(lang, key, text=within(words, MAX_TEXT - visible_len(t(lang, key, text="", **values))), **values)
