"""The texts the console's pages need, from the one translation layer, as plain text (no HTML)."""

from __future__ import annotations

from functools import cache

from bot.render.digest_text import plain
from bot.render.i18n import LANGUAGES, catalogue

# Catalogue namespaces the pages use: their own, and the bot's names of categories, colours, states,
# log lines, outcomes and weekdays, so the console and the chat say the same thing.
NAMESPACES = ("console", "category", "urgency", "state", "log", "outcome", "rota", "loc")


@cache
def strings(lang: str) -> dict[str, str]:
    """Every key of those namespaces in ``lang`` (zh-Hans for a missing one), tags removed."""
    lang = lang if lang in LANGUAGES else LANGUAGES[0]
    merged = {**catalogue(LANGUAGES[0]), **catalogue(lang)}
    return {k: plain(v) for k, v in merged.items() if k.split(".", 1)[0] in NAMESPACES}
