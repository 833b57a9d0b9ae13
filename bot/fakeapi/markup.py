"""Text helpers: UTF-16 offsets, entity auto-detection and Telegram's HTML / MarkdownV2 parsing.

Only what bots commonly trip on is modelled: unsupported or unbalanced HTML tags and unescaped
MarkdownV2 reserved characters give Telegram's ``can't parse entities`` errors.
"""

from __future__ import annotations

import html
import re
from typing import Any

from .errors import ApiError, bad_request

Entity = dict[str, Any]

HTML_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_TAG_RE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^<>]*)?)\s*>")
_ATTR_RE = re.compile(r"([a-zA-Z-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'>]+))")
_COMMAND_RE = re.compile(r"(?<!\S)/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![^\s.,;:!?])")
_MENTION_RE = re.compile(r"(?<![\w@])@[A-Za-z][A-Za-z0-9_]{3,31}\b")
_URL_RE = re.compile(r"\bhttps?://[^\s<>\"]+")


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units (what Telegram's entity offsets count)."""
    return len(text.encode("utf-16-le")) // 2


def detect_entities(text: str) -> list[Entity]:
    """Entities Telegram's clients/servers add automatically: bot_command, mention, url."""
    found: list[tuple[int, int, str]] = []
    for regex, kind in ((_COMMAND_RE, "bot_command"), (_MENTION_RE, "mention"), (_URL_RE, "url")):
        for m in regex.finditer(text):
            found.append((m.start(), m.end(), kind))
    found.sort()
    return [
        {"type": kind, "offset": utf16_len(text[:start]), "length": utf16_len(text[start:end])}
        for start, end, kind in found
    ]


def _entity_error(what: str) -> ApiError:
    return bad_request(f"can't parse entities: {what}")


def parse_html(source: str) -> tuple[str, list[Entity]]:
    """Strip Telegram-HTML into plain text plus entities; raise Telegram's errors on bad markup."""
    out: list[str] = []
    entities: list[Entity] = []
    stack: list[tuple[str, int, Entity]] = []
    pos = 0
    text_len = 0  # utf-16 length of out so far

    def emit(chunk: str) -> None:
        nonlocal text_len
        plain = html.unescape(chunk)
        out.append(plain)
        text_len += utf16_len(plain)

    while pos < len(source):
        lt = source.find("<", pos)
        if lt < 0:
            emit(source[pos:])
            break
        emit(source[pos:lt])
        offset = len(source[:lt].encode())
        m = _TAG_RE.match(source, lt)
        if not m:
            raise _entity_error(f"Unclosed start tag at byte offset {offset}")
        closing, name, attrs = m.group(1) == "/", m.group(2).lower(), m.group(3) or ""
        if name not in HTML_TAGS:
            kind = "end" if closing else "start"
            raise _entity_error(f'Unsupported {kind} tag "{name}" at byte offset {offset}')
        if closing:
            if not stack or stack[-1][0] != name:
                if not stack:
                    raise _entity_error(f"Unexpected end tag at byte offset {offset}")
                expected = stack[-1][0]
                raise _entity_error(
                    f'Unmatched end tag at byte offset {offset}, expected "</{expected}>", found "</{name}>"'
                )
            _, start, entity = stack.pop()
            entity["offset"], entity["length"] = start, text_len - start
            if entity["length"] > 0:
                entities.append(entity)
        else:
            entity = {"type": HTML_TAGS[name]}
            attr = {k.lower(): a or b or c for k, a, b, c in _ATTR_RE.findall(attrs)}
            if name == "a":
                entity["url"] = html.unescape(attr.get("href", ""))
                if entity["url"].startswith("tg://user?id="):
                    uid = int(entity["url"][13:] or 0)
                    entity = {"type": "text_mention", "user": {"id": uid, "is_bot": False, "first_name": str(uid)}}
            elif name == "span" and attr.get("class") != "tg-spoiler":
                raise _entity_error(f'Unsupported start tag "span" at byte offset {offset}')
            elif name == "code" and stack and stack[-1][0] == "pre" and "class" in attr:
                stack[-1][2]["language"] = attr["class"].removeprefix("language-")
                entity = {"type": "_skip"}
            elif name == "tg-emoji":
                entity["custom_emoji_id"] = attr.get("emoji-id", "")
            stack.append((name, text_len, entity))
        pos = m.end()
    if stack:
        raise _entity_error(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    entities = [e for e in entities if e["type"] != "_skip"]
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


_MD2_RESERVED = set("_*[]()~`>#+-=|{}.!")
_MD2_MARKERS = {"*": "bold", "_": "italic", "__": "underline", "~": "strikethrough", "||": "spoiler"}


def parse_markdown_v2(source: str) -> tuple[str, list[Entity]]:
    """MarkdownV2 subset: bold/italic/underline/strike/spoiler, code, pre, links, escapes."""
    out: list[str] = []
    entities: list[Entity] = []
    stack: list[tuple[str, int]] = []
    i, text_len = 0, 0

    def emit(chunk: str) -> None:
        nonlocal text_len
        out.append(chunk)
        text_len += utf16_len(chunk)

    while i < len(source):
        ch = source[i]
        offset = len(source[:i].encode())
        if ch == "\\" and i + 1 < len(source):
            emit(source[i + 1])
            i += 2
            continue
        if source.startswith("```", i):
            end = source.find("```", i + 3)
            if end < 0:
                raise _entity_error(f"Can't find end of PreCode entity at byte offset {offset}")
            body = source[i + 3 : end]
            lang, _, rest = body.partition("\n") if "\n" in body else ("", "", body)
            start = text_len
            emit(rest.replace("\\`", "`").replace("\\\\", "\\"))
            entity: Entity = {"type": "pre", "offset": start, "length": text_len - start}
            if lang:
                entity["language"] = lang
            entities.append(entity)
            i = end + 3
            continue
        if ch == "`":
            end = source.find("`", i + 1)
            if end < 0:
                raise _entity_error(f"Can't find end of Code entity at byte offset {offset}")
            start = text_len
            emit(source[i + 1 : end].replace("\\`", "`").replace("\\\\", "\\"))
            entities.append({"type": "code", "offset": start, "length": text_len - start})
            i = end + 1
            continue
        marker = source[i : i + 2] if source[i : i + 2] in ("__", "||") else ch
        if marker in _MD2_MARKERS:
            if stack and stack[-1][0] == marker:
                _, start = stack.pop()
                if text_len > start:
                    kind = _MD2_MARKERS[marker]
                    entities.append({"type": kind, "offset": start, "length": text_len - start})
            else:
                stack.append((marker, text_len))
            i += len(marker)
            continue
        if ch == "[":
            stack.append(("[", text_len))
            i += 1
            continue
        if ch == "]" and stack and stack[-1][0] == "[":
            _, start = stack.pop()
            m = re.match(r"\(((?:\\.|[^)\\])*)\)", source[i + 1 :])
            if not m:
                raise _entity_error("Character ']' is reserved and must be escaped with the preceding '\\'")
            url = re.sub(r"\\(.)", r"\1", m.group(1))
            entities.append({"type": "text_link", "offset": start, "length": text_len - start, "url": url})
            i += 1 + m.end()
            continue
        if ch in _MD2_RESERVED and not (ch == ">" and (i == 0 or source[i - 1] == "\n")):
            raise _entity_error(f"Character '{ch}' is reserved and must be escaped with the preceding '\\'")
        emit(ch)
        i += 1
    if stack:
        kind = stack[-1][0]
        names = {"*": "Bold", "_": "Italic", "__": "Underline", "~": "Strikethrough", "||": "Spoiler", "[": "TextUrl"}
        raise _entity_error(f"Can't find end of {names[kind]} entity at byte offset {len(source.encode())}")
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def render(text: str, parse_mode: str | None, entities: list[Entity] | None) -> tuple[str, list[Entity]]:
    """Apply ``parse_mode`` (or explicit entities) like Telegram; returns (plain text, entities)."""
    mode = (parse_mode or "").lower()
    if entities:
        return text, list(entities)
    if mode == "html":
        return parse_html(text)
    if mode == "markdownv2":
        return parse_markdown_v2(text)
    if mode == "markdown":
        plain = re.sub(r"(?<!\\)[*_`]", "", text)
        return plain, detect_entities(plain)
    if mode:
        raise bad_request("unsupported parse_mode")
    return text, detect_entities(text)
