"""Locale catalogues: same keys and placeholders in every language, and every key the code uses exists."""

from __future__ import annotations

import itertools
import re
import string
import tomllib
import unicodedata
from collections import Counter
from collections.abc import Collection
from pathlib import Path

import pytest

from bot.core.types import Urgency
from bot.render import i18n
from bot.render.i18n import t

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "bot" / "locales"
SOURCE = "zh-Hans"

# t(<first arg>, "key" ...) or t(<first arg>, f"prefix.{...}" ...), with either quote style.
T_CALL = re.compile(r"""\bt\(\s*[^,()]+,\s*(?P<f>f?)(?P<q>["'])(?P<key>[^"'\n]*?)(?P=q)""")
# Any "ns.key" string literal: keys also travel through helpers, e.g. notify.committee(ctx, c, "committee.x").
KEYLIKE = re.compile(r"""(?<![\w.])(?P<f>f?)(?P<q>["'])(?P<key>[a-z_]+\.[a-z_.]*(?:\{[^"'\n]*)?)(?P=q)""")
TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9]*)")


def load(lang: str) -> dict[str, str]:
    with (LOCALES / f"{lang}.toml").open("rb") as fh:
        return tomllib.load(fh)


CATALOGUES = {lang: load(lang) for lang in i18n.LANGUAGES}


def placeholders(text: str) -> set[str]:
    names = set()
    for _literal, field, _spec, _conv in string.Formatter().parse(text):
        if field is not None:
            names.add(re.split(r"[.\[]", field, maxsplit=1)[0])
    return names


def tags(text: str) -> Counter[tuple[str, str]]:
    return Counter((slash, name.lower()) for slash, name in TAG.findall(text))


def code_keys() -> tuple[set[str], set[str]]:
    literal, prefixes = set(), set()
    for folder in ("bot", "handlers"):
        for path in (ROOT / folder).rglob("*.py"):
            for m in T_CALL.finditer(path.read_text(encoding="utf-8")):
                key = m["key"]
                if m["f"]:
                    prefix = key.split("{", 1)[0]
                    if prefix:
                        prefixes.add(prefix)
                    elif "{" not in key:
                        literal.add(key)
                else:
                    literal.add(key)
    return literal, prefixes


def test_all_languages_have_a_catalogue():
    for lang in i18n.LANGUAGES:
        assert CATALOGUES[lang], f"{lang}.toml is empty"
        assert all(isinstance(v, str) for v in CATALOGUES[lang].values()), f"{lang}.toml has non-string values"


@pytest.mark.parametrize(("lang", "other"), list(itertools.permutations(i18n.LANGUAGES, 2)))
def test_same_keys(lang, other):
    # singular forms (`<key>.one`, picked for n == 1) exist only where a language has them
    missing = sorted(k for k in set(CATALOGUES[lang]) - set(CATALOGUES[other]) if not k.endswith(i18n.PLURAL_ONE))
    assert not missing, f"keys of {lang}.toml missing from {other}.toml: {missing}"


@pytest.mark.parametrize("lang", [lang for lang in i18n.LANGUAGES if lang != SOURCE])
def test_same_placeholders(lang):
    for key, text in CATALOGUES[lang].items():  # a singular form says what its plural says
        if key.endswith(i18n.PLURAL_ONE):
            assert placeholders(text) == placeholders(CATALOGUES[lang][key.removesuffix(i18n.PLURAL_ONE)]), key
    bad = {
        key: (sorted(placeholders(src)), sorted(placeholders(CATALOGUES[lang].get(key, ""))))
        for key, src in CATALOGUES[SOURCE].items()
        if key in CATALOGUES[lang] and placeholders(src) != placeholders(CATALOGUES[lang][key])
    }
    assert not bad, f"{lang}: placeholders differ from {SOURCE} (source, {lang}): {bad}"


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_value_formats(lang):
    for key, text in CATALOGUES[lang].items():
        kwargs = {name: "X" for name in placeholders(text)}
        try:
            text.format(**kwargs)
        except (KeyError, IndexError, ValueError, AttributeError) as exc:
            pytest.fail(f"{lang}.toml {key!r} does not format: {exc!r}")


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_html_tags_match_source(lang):
    for key, text in CATALOGUES[lang].items():
        found = tags(text)
        for name in {n for _, n in found}:
            assert found[("", name)] == found[("/", name)], f"{lang}.toml {key!r}: unbalanced <{name}>"
        if key in CATALOGUES[SOURCE]:
            assert found == tags(CATALOGUES[SOURCE][key]), f"{lang}.toml {key!r}: HTML tags differ from {SOURCE}"


def test_keys_used_in_code_exist():
    literal, prefixes = code_keys()
    assert literal and prefixes, "the scan for t(...) calls found nothing; is the regex still right?"
    for lang in i18n.LANGUAGES:
        keys = CATALOGUES[lang]
        missing = sorted(k for k in literal if k not in keys)
        assert not missing, f"{lang}.toml lacks keys used in code: {missing}"
        empty = sorted(p for p in prefixes if not any(k.startswith(p) for k in keys))
        assert not empty, f"{lang}.toml has no key for f-string prefixes used in code: {empty}"


def test_key_like_literals_in_code_exist():
    """A string literal that starts with a catalogue namespace ("cb.", "committee.", ...) must be a key."""
    keys = CATALOGUES[SOURCE]
    namespaces = {k.split(".", 1)[0] for k in keys}
    bad = []
    for folder in ("bot", "handlers"):
        for path in (ROOT / folder).rglob("*.py"):
            for m in KEYLIKE.finditer(path.read_text(encoding="utf-8")):
                key = m["key"]
                if key.split(".", 1)[0] not in namespaces:
                    continue
                if m["f"] or key.endswith("."):
                    prefix = key.split("{", 1)[0]
                    ok = any(k.startswith(prefix) for k in keys)
                else:
                    ok = key in keys
                if not ok:
                    bad.append(f"{path.relative_to(ROOT)}: {m[0]}")
    assert not bad, f"strings that look like translation keys but are not in {SOURCE}.toml: {bad}"


def test_t_formats_and_falls_back():
    assert i18n.t("en", "loc.building", b=3) == "Bldg 3"
    assert i18n.t("zh-Hant", "loc.building", b=3) == "3號樓"
    assert i18n.t("xx", "loc.building", b=3) == "3号楼"
    with pytest.raises(KeyError):
        i18n.t("en", "no.such.key")


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("zh-hans", "zh-Hans"),
        ("zh-CN", "zh-Hans"),
        ("zh", "zh-Hans"),
        ("zh-TW", "zh-Hant"),
        ("zh-HK", "zh-Hant"),
        ("zh-hant", "zh-Hant"),
        ("zh_Hant_TW", "zh-Hant"),
        ("en-US", "en"),
        ("en", "en"),
        (None, i18n.DEFAULT),
        ("", i18n.DEFAULT),
        ("fr", i18n.DEFAULT),
        ("xx-YY", i18n.DEFAULT),
    ],
)
def test_normalize(code, expected):
    assert i18n.normalize(code) == expected


def test_normalize_custom_default():
    assert i18n.normalize("de", default="en") == "en"


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
@pytest.mark.parametrize("urgency", list(Urgency))
def test_a_committee_alert_shows_its_colour_once(lang: str, urgency: Urgency) -> None:
    """Found in the persona walk: "🟡 事件 #1 · 🟡 较急" (the alert's own icon, then the colour's)."""
    from bot.render.messages import URGENCY_ICON, urgency_label

    text = t(
        lang,
        f"committee.alert.{urgency.value}",
        id=1,
        urgency=urgency_label(lang, urgency),
        category="c",
        location="l",
        text="x",
        worker="w",
    )
    assert text.count(URGENCY_ICON[urgency]) == 1, text


# English texts whose {n} is never 1 where they are used, so they need no singular form
NEVER_ONE = {
    "dm.affected": "shown only when more than one resident reported it",
    "merge.added": "the reporter and at least the one added",
    "merge.added_at": "the reporter and at least the one added",
    "committee.flood": "sent past the flood limit (several reports)",
    "console.spots.days": "the console's own day spans (30, 90)",
    "console.spots.legend": "a minimum of two or more",
    "wait.h": "a wait told in hours is two or more (under two hours: minutes)",
    "wait.d": "a wait told in days is two or more (under two days: hours)",
}
COUNTED_NOUN = re.compile(r"\{n\}\s+(?:[a-z]+\s+)?(?!is\b|was\b|has\b)[a-z]+s\b")


def without_singular(counting: re.Pattern[str], never_one: Collection[str]) -> list[str]:
    """English texts that count what ``counting`` finds and have no `.one` form (but those whose count is never 1)."""
    en = CATALOGUES["en"]
    return [
        f"{key}: {text[:80]!r}"
        for key, text in en.items()
        if not key.endswith(i18n.PLURAL_ONE)
        and key not in never_one
        and counting.search(text)
        and key + i18n.PLURAL_ONE not in en
    ]


def test_english_counts_have_a_singular_where_n_may_be_one() -> None:
    """Language review: 'These 1 reports are still not accepted', 'the 1 reports it kept were deleted'."""
    bad = without_singular(COUNTED_NOUN, NEVER_ONE)
    assert not bad, "English texts counting {n} things with no `.one` form:\n" + "\n".join(bad)
    assert t("en", "nudge.head", n=1).startswith("⏰ This 1 report is still not accepted"), t("en", "nudge.head", n=1)
    assert "the 1 report it kept was deleted" in t("en", "setup.left_admin", title="x", n=1)


SPAN = re.compile(r"\{(days|hours|minutes)\}\s+(?:days|hours|minutes)\b")
SPAN_NEVER_ONE = {
    "invite.ok": "an invitation is valid a week (INVITE_MAX_AGE_S), never one day",
    "console.spots.legend": "counts by its n (the singular follows n, not the window's days)",
}


def test_english_spans_of_time_have_a_singular_where_they_may_be_one() -> None:
    """Language review: "within 1 days" (BACKUP_KEEP=1), "no answer within 1 hours": a text counting days, hours or
    minutes (and no `n`) reads "1 day" through its `.one` form."""
    bad = without_singular(SPAN, SPAN_NEVER_ONE)
    assert not bad, "English texts counting a span of time with no `.one` form:\n" + "\n".join(bad)
    assert "within 1 day." in t("en", "forget.backups", days=1)
    assert "within 7 days." in t("en", "forget.backups", days=7)
    assert "within 1 hour)" in t("en", "ask.note.lapsed", id=3, hours=1)


def phone_width(text: str) -> int:
    """Columns a label takes: wide (Chinese) characters and pictographs two, the rest one."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" or ord(ch) > 0x1F000 else 1 for ch in text)


@pytest.mark.parametrize(("lang", "also"), [(a, b) for a in i18n.LANGUAGES for b in (None, *i18n.LANGUAGES)])
def test_report_it_buttons_side_by_side_fit_a_phone(lang: str, also: str | None) -> None:
    """Language review: in a Chinese group an English writer's 「📝 是，请登记 / 📝 Yes, log it」 and
    「不是报事 / Not a report」 shared one row, each cut on a phone before its English half."""
    from bot.render.messages import confirm_keyboard

    for row in confirm_keyboard(lang, 1, also)["inline_keyboard"]:
        if len(row) > 1:
            assert all(phone_width(b["text"]) <= 16 for b in row), row


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("zh-Hant", "zh-Hant"),
        ("zh-TW", "zh-Hant"),
        ("zh_HK", "zh-Hant"),
        ("繁體", "zh-Hant"),
        ("繁体", "zh-Hant"),
        ("简体", "zh-Hans"),
        ("zh-CN", "zh-Hans"),
        ("EN", "en"),
        ("en-GB", "en"),
        ("English", "en"),
        ("fr", None),
        ("", None),
    ],
)
def test_lang_takes_codes_as_telegram_writes_them_and_names(word: str, expected: str | None) -> None:
    """Language review: a Hong Kong committee member's '/lang zh-HK' or '/lang 繁體' was answered with the usage."""
    assert i18n.chosen_language(word) == expected


def test_english_emergency_numbers_say_whom_they_call() -> None:
    """Language review: 'In an emergency call 110 / 119 / 120' told an expat three numbers and not which is the
    fire brigade (Chinese residents know them; the zh texts stay short)."""
    named = {"110": "police", "119": "fire", "120": "ambulance"}
    bad = [
        f"{key}: {m[0]!r}"
        for key, text in CATALOGUES["en"].items()
        for m in re.finditer(r"(?<![\d{])(110|119|120)(?!\d)(?: \((\w+)\))?", text)
        if m[2] != named[m[1]]
    ]
    assert not bad, bad
