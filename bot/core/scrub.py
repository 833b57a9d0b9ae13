"""Removing a person's name and words from message texts already queued (for /forget_me). Pure."""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape, unescape

from bot.core.callbacks import map_buttons

PLACEHOLDER = "…"
MIN_MATCH = 4  # a shorter piece of a text is not looked for (it would match ordinary words)


_TAG = re.compile(r"(<[^>]*>)")


def _variants(needle: str, raw: bool = False) -> list[str]:
    flat = " ".join(needle.split())
    forms = (needle, flat) if raw else (needle, flat, escape(needle), escape(flat))
    return list(dict.fromkeys(v for v in forms if len(v) >= 2))


def scrub(text: str, names: Iterable[str], texts: Iterable[str], html: bool = False) -> str:
    """The text with every name and every (possibly shortened) quoted text replaced by a placeholder.

    A queued message may hold a text shortened to a preview ("…" at the end) and HTML-escaped, so a
    quoted text is found by its longest prefix present, from MIN_MATCH characters on. html: the text is
    Telegram HTML, where whatever came from outside stands escaped between the tags: only the text between
    the tags is changed (read unescaped, escaped again if changed), so a name such as "<b>", "href" or "amp"
    never breaks the markup.
    """
    if not html:
        return _scrub_plain(text, names, texts)
    names, texts = list(names), list(texts)
    parts = _TAG.split(text)
    for i in range(0, len(parts), 2):  # the text between the tags
        plain = unescape(parts[i])
        if (done := _scrub_plain(plain, names, texts, raw=True)) != plain:
            parts[i] = escape(done, quote=False)
    return "".join(parts)


def _scrub_plain(text: str, names: Iterable[str], texts: Iterable[str], raw: bool = False) -> str:
    for name in names:
        for v in _variants(name, raw):
            text = text.replace(v, PLACEHOLDER)
    for words in texts:
        for v in _variants(words, raw):
            if len(v) < MIN_MATCH:
                continue
            start = text.find(v[:MIN_MATCH])
            while start != -1:
                end = start + MIN_MATCH
                while end < len(text) and end - start < len(v) and text[end] == v[end - start]:
                    end += 1
                text = text[:start] + PLACEHOLDER + text[end:]
                start = text.find(v[:MIN_MATCH], start + len(PLACEHOLDER))
    return text


def search_keys(names: Iterable[str], texts: Iterable[str]) -> list[str]:
    """Pieces that every message `scrub` would change contains: each name's forms, and the first
    MIN_MATCH characters of each text's forms (so stored messages can be found before scrubbing)."""
    keys = [v for name in names for v in _variants(name)]
    keys += [v[:MIN_MATCH] for words in texts for v in _variants(words) if len(v) >= MIN_MATCH]
    return list(dict.fromkeys(keys))


def scrub_payload(payload: dict, names: Iterable[str], texts: Iterable[str]) -> dict:
    """A Bot API payload with the names and texts scrubbed from its text, its caption and its buttons' labels."""
    names, texts = list(names), list(texts)
    out = dict(payload)
    html = str(out.get("parse_mode", "")).upper() == "HTML"
    for key in ("text", "caption"):
        if isinstance(out.get(key), str):
            out[key] = scrub(out[key], names, texts, html)
    if "reply_markup" in out:
        out["reply_markup"] = map_buttons(out["reply_markup"], "text", lambda text: scrub(text, names, texts))
    return out
