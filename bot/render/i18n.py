"""The one translation layer: every text the bot shows comes from a locale catalogue.

Messages are Telegram HTML. ``t()`` escapes every value it is given (names, titles, notes, the
words of a report, command arguments) through the one helper ``esc()``; only ``Html`` values,
markup the renderers built themselves from escaped parts, go in as they are. ``plain()`` is for
the surfaces that are not HTML: callback answers, command menus, button labels, chart labels and
exports.
"""

from __future__ import annotations

import html
import re
import tomllib
from collections.abc import Iterable
from functools import cache
from importlib import resources

from bot.core.text_norm import chinese_script

LANGUAGES = ("zh-Hans", "zh-Hant", "en")
DEFAULT = "zh-Hans"


class Html(str):
    """Trusted Telegram HTML: catalogue text, or markup built from escaped parts (t() keeps it as it is)."""

    __slots__ = ()


def esc(value: object) -> Html:
    """The one escaping helper: a value from outside as Telegram HTML text (Html passes unchanged)."""
    if isinstance(value, Html):
        return value
    return Html(html.escape(str(value)))


def join(parts: Iterable[object], sep: str = "\n") -> Html:
    """Parts joined into one piece of HTML, each escaped unless it is Html already."""
    return Html(esc(sep).join(esc(p) for p in parts))


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


# what a committee member may type after /lang besides a code: the languages' own names
_NAMES = {
    "简体": "zh-Hans", "簡體": "zh-Hans", "简体中文": "zh-Hans", "簡體中文": "zh-Hans", "中文": "zh-Hans",
    "繁体": "zh-Hant", "繁體": "zh-Hant", "繁体中文": "zh-Hant", "繁體中文": "zh-Hant", "正體": "zh-Hant",
    "english": "en", "英文": "en", "英语": "en", "英語": "en",
}  # fmt: skip


def chosen_language(word: str) -> str | None:
    """The language /lang names: a code as Telegram writes them (zh-TW, zh_HK, en-US, zh-Hant) or a language's
    own name (繁體, 简体, English); None when it names none the bot speaks."""
    word = word.strip()
    return _NAMES.get(word.lower()) or normalize(word, "") or None


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def answer_language(chat_lang: str, writer_code: str | None, text: str, community: str = DEFAULT) -> str:
    """The language to answer a resident's words in a group that reads ``chat_lang``: the group's, unless the
    words are in another the bot speaks. English words (at least two, a Chinese place name among them at most:
    "3号楼 lift broken") from a writer whose Telegram is in English (an expat in a Chinese group): English; a
    command, "+1", "ok" or emoji say nothing of it, and many Chinese residents' apps are in English (Telegram's
    apps have no Chinese). Chinese words in a group that reads English: the writer's Chinese if their app says
    it, else the community's, else Simplified. Chinese words written in one script are answered in it, whatever
    the group or an English app reads (``chinese_script``: "3號樓電梯壞咗" in a Simplified group, or in private from
    an English app, is answered in Traditional), unless the app says she reads the other Chinese (forwarded words
    are another's); words that do not tell keep the choice above."""
    writer = normalize(writer_code, chat_lang)
    cjk = len(_CJK.findall(text))
    words = len(_LATIN_WORD.findall(text))
    english = words >= 2 and cjk <= words
    if chat_lang != "en" and writer == "en" and english:
        return "en"
    if cjk and not english:
        chinese = chat_lang
        if chat_lang == "en":
            chinese = writer if writer != "en" else community if community != "en" else DEFAULT
        told = normalize(writer_code, "")  # "" when the app says nothing (or a language the bot does not speak)
        if told == chinese:  # the words' script could only say the same: not read (OpenCC three times over)
            return chinese
        script = chinese_script(text)
        if script and (script == told or not told.startswith("zh")):
            return script
        return chinese
    return chat_lang


def _template(lang: str | None, key: str) -> str:
    lang = lang if lang in LANGUAGES else DEFAULT
    text = catalogue(lang).get(key) or catalogue(DEFAULT).get(key)  # type: ignore[arg-type]
    if text is None:
        raise KeyError(f"missing translation key {key!r}")
    return text


PLURAL_ONE = ".one"  # a key's form for n == 1 in a language that has one (English); Chinese has none


COUNTS = ("n", "days", "hours", "minutes")  # the values a text counts by: its `n`, else a span of time


def _counted(lang: str | None, key: str, values: dict[str, object]) -> str:
    """The key to use: `<key>.one` when the text counts exactly one (its `n`, else its days, hours or minutes, is 1)
    and the language has that form."""
    count = next((values[name] for name in COUNTS if name in values), None)
    if count == 1 and lang in LANGUAGES and key + PLURAL_ONE in catalogue(lang):  # type: ignore[arg-type]
        return key + PLURAL_ONE
    return key


class Waited(int):
    """How many minutes something has waited, told in the reader's language in the unit a person reads it in:
    "45 分钟", "8 小时", "2.5 天" (not "2880 分钟" after a weekend the bot was down)."""

    def told(self, lang: str | None) -> str:
        """The wait as the language writes it: minutes under two hours, hours under two days, then days."""
        if self < 120:
            return plain(lang, "wait.m", n=int(self))
        hours, unit = (self / 60, "wait.h") if self < 48 * 60 else (self / 1440, "wait.d")
        return plain(lang, unit, n=f"{hours:.1f}".removesuffix(".0"))


def _told(lang: str | None, values: dict[str, object]) -> dict[str, object]:
    """The values with each Waited told in `lang`."""
    return {k: v.told(lang) if isinstance(v, Waited) else v for k, v in values.items()}


def _html_value(value: object) -> object:
    """Numbers stay numbers (no markup in them); everything else is escaped unless it is Html."""
    if isinstance(value, int | float):
        return value
    return esc(value)


def t(lang: str | None, key: str, **values: object) -> Html:
    """The HTML text for `key` in `lang` (falling back to zh-Hans), every value escaped unless it is Html.
    A count of 1 (`n`, else `days`, `hours` or `minutes`) picks the singular `<key>.one` where the language has it
    ("1 open report", "within 1 day")."""
    text = _template(lang, _counted(lang, key, values))
    if not values:
        return Html(text)
    return Html(text.format(**{k: _html_value(v) for k, v in _told(lang, values).items()}))


def plain(lang: str | None, key: str, **values: object) -> str:
    """The text for `key` as plain text, values as they are: for callback answers, menus, buttons, charts."""
    text = _template(lang, _counted(lang, key, values))
    return text.format(**_told(lang, values)) if values else text
