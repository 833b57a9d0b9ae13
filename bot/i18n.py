"""The one translation layer: every text the bot shows comes from a locale catalogue."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources

LANGUAGES = ("zh-Hans", "zh-Hant", "en")
DEFAULT = "zh-Hans"


@cache
def catalogue(lang: str) -> dict[str, str]:
    """All strings of one language, from bot/locales/<lang>.toml."""
    raw = (resources.files("bot") / "locales" / f"{lang}.toml").read_text(encoding="utf-8")
    return tomllib.loads(raw)


def normalize(code: str | None, default: str = DEFAULT) -> str:
    """Map a Telegram language_code (zh-hans, zh-CN, zh-TW, en-US, ...) to a supported language."""
    if not code:
        return default
    c = code.lower().replace("_", "-")
    if c in ("zh-hant", "zh-tw", "zh-hk", "zh-mo") or c.startswith("zh-hant"):
        return "zh-Hant"
    if c.startswith("zh"):
        return "zh-Hans"
    if c.startswith("en"):
        return "en"
    for lang in LANGUAGES:
        if c == lang.lower():
            return lang
    return default


def t(lang: str | None, key: str, **kwargs: object) -> str:
    """The text for `key` in `lang` (falling back to zh-Hans), formatted with kwargs."""
    lang = lang if lang in LANGUAGES else DEFAULT
    text = catalogue(lang).get(key) or catalogue(DEFAULT).get(key)
    if text is None:
        raise KeyError(f"missing translation key {key!r}")
    return text.format(**kwargs) if kwargs else text
