"""Removing a person's name and words from message texts already queued (for /forget_me). Pure."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

PLACEHOLDER = "…"
MIN_MATCH = 4  # a shorter piece of a text is not looked for (it would match ordinary words)


def _variants(needle: str) -> list[str]:
    flat = " ".join(needle.split())
    return list(dict.fromkeys(v for v in (needle, flat, escape(needle), escape(flat)) if len(v) >= 2))


def scrub(text: str, names: Iterable[str], texts: Iterable[str]) -> str:
    """The text with every name and every (possibly shortened) quoted text replaced by a placeholder.

    A queued message may hold a text shortened to a preview ("…" at the end) and HTML-escaped, so a
    quoted text is found by its longest prefix present, from MIN_MATCH characters on.
    """
    for name in names:
        for v in _variants(name):
            text = text.replace(v, PLACEHOLDER)
    for words in texts:
        for v in _variants(words):
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
    for key in ("text", "caption"):
        if isinstance(out.get(key), str):
            out[key] = scrub(out[key], names, texts)
    markup = out.get("reply_markup")
    if isinstance(markup, dict) and isinstance(markup.get("inline_keyboard"), list):
        out["reply_markup"] = {
            **markup,
            "inline_keyboard": [
                [
                    {**b, "text": scrub(b["text"], names, texts)}
                    if isinstance(b, dict) and isinstance(b.get("text"), str)
                    else b
                    for b in row
                ]
                if isinstance(row, list)
                else row
                for row in markup["inline_keyboard"]
            ],
        }
    return out
