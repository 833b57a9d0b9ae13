"""Reading the community file: TOML text (or the file) into a `Community`, or a `CommunityError` with one
sentence naming the key, and the line where it can be found."""

from __future__ import annotations

import difflib
import re
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from bot.core.community import Community, CommunityError, CommunityInfo, Grid, Problem, Shift, Team, Worker

DEFAULT_TIMEZONE = "Asia/Shanghai"
DEFAULT_LANGUAGE = "zh-Hans"


def load_community(path: Path, timezone: str = DEFAULT_TIMEZONE, language: str = DEFAULT_LANGUAGE) -> Community:
    """Read and validate the community file at `path` (timezone and language: used when [community] leaves
    them out; the settings TIMEZONE and DEFAULT_LANGUAGE)."""
    source = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise CommunityError(f"{source}: file not found") from None
    except PermissionError:
        raise CommunityError(f"{source}: cannot be read: permission denied") from None
    except IsADirectoryError:
        raise CommunityError(f"{source}: is a directory, not a file") from None
    except OSError as exc:
        raise CommunityError(f"{source}: cannot be read: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CommunityError(f"{source} line {line}: is not UTF-8 text; save the file as UTF-8") from None
    return parse_community(text, source, timezone, language)


_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")


# typed with a Chinese input method: TOML reads only the plain ASCII marks
_WIDE = {"“": '"', "”": '"', "‘": "'", "’": "'", "，": ",", "＝": "=", "［": "[", "］": "]"}


def _wide_punctuation(text: str, line_no: int) -> str:
    """A hint when the line TOML stopped at holds full-width quotes or commas (the start only said "Invalid
    value (column 8)", which does not say the marks are the wrong kind)."""
    lines = text.splitlines()
    line = lines[line_no - 1] if 0 < line_no <= len(lines) else ""
    found = [ch for ch in _WIDE if ch in line]
    if not found:
        return ""
    marks = ", ".join(f"{ch} for {_WIDE[ch]}" for ch in found)
    return f"; the line has Chinese keyboard marks ({marks}): type them with the input method switched to English"


def parse_community(
    text: str, source: str = "<string>", timezone: str = DEFAULT_TIMEZONE, language: str = DEFAULT_LANGUAGE
) -> Community:
    """Validate community TOML text; `source` names it in error messages. A [community] table without
    `timezone` or `language` gets the ones given (the settings TIMEZONE and DEFAULT_LANGUAGE)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        m = _TOML_POSITION.search(message)
        if m:
            detail, hint = _TOML_POSITION.sub("", message), _wide_punctuation(text, int(m[1]))
            raise CommunityError(f"{source} line {m[1]}: invalid TOML: {detail} (column {m[2]}){hint}") from None
        raise CommunityError(f"{source}: invalid TOML: {message}") from None
    if isinstance(data.get("community"), dict):
        data["community"].setdefault("timezone", timezone)
        data["community"].setdefault("language", language)
    try:
        return Community.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        # a misspelt key also shows up as a missing one: the misspelling is the better hint
        first = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
        loc, message = _describe(first)
        # a key missing from [community] has no line worth naming; one missing from a [[...]] entry does
        missing_here = first["type"] == "missing" and loc[:1] == ("community",)
        line = None if missing_here else find_line(text, loc)
        where = f"{source} line {line}" if line else source
        raise CommunityError(f"{where}: {message}") from None


_SECTIONS: dict[str, type[BaseModel]] = {
    "community": CommunityInfo,
    "grids": Grid,
    "workers": Worker,
    "teams": Team,
    "shifts": Shift,
}
_ARRAYS = ("grids", "workers", "teams", "shifts")


def key_name(loc: tuple[str | int, ...]) -> str:
    """('shifts', 0, 'worker') → 'shifts[0].worker'; ('community', 'admins') → '[community] admins'."""
    if loc and loc[0] == "community":
        rest = key_name(loc[1:])
        return f"[community] {rest}" if rest else "[community]"
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


_WHOLE_NUMBER = "{key} must be a whole number without quotes, not {value!r}"
# pydantic's error type → the sentence, for the errors told by the key, the value and what was expected alone
_SENTENCES = {
    "int_type": _WHOLE_NUMBER,
    "int_parsing": _WHOLE_NUMBER,
    "int_from_float": _WHOLE_NUMBER,
    "greater_than": "{key} must be a Telegram user id (a positive number), not {value!r}",
    "less_than": "{key} must be a group chat id (negative, e.g. -1001234567890), not {value!r}",
    "string_type": "{key} must be text in quotes, not {value!r}",
    "string_too_short": "{key} must not be empty",
    "too_short": "{key} must list at least one entry",
    "literal_error": "{key} must be one of {expected}, not {value!r}",
    "enum": "{key} must be one of {expected}, not {value!r}",
}


def _describe(error: dict[str, Any]) -> tuple[tuple[str | int, ...], str]:
    """One pydantic error → (location, sentence without the file prefix)."""
    kind, loc, value = error["type"], tuple(error["loc"]), error.get("input")
    ctx = error.get("ctx") or {}
    if isinstance(ctx.get("error"), Problem):
        loc = ctx["error"].loc
        return loc, f"{key_name(loc)} {ctx['error'].message}"
    key = key_name(loc)
    if kind == "missing":
        if loc == ("community",):
            return loc, "the [community] table is missing"
        return loc, f"{key} is missing"
    if kind == "extra_forbidden":
        return loc, _unknown_key(loc)
    if kind in _SENTENCES:
        return loc, _SENTENCES[kind].format(key=key, value=value, expected=ctx.get("expected", ""))
    if kind == "list_type":
        if len(loc) == 1 and loc[0] in _ARRAYS:
            return loc, f"{key} must be written as [[{loc[0]}]] tables"
        return loc, f"{key} must be a list in square brackets, e.g. [1, 2], not {value!r}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        if loc == ("community",):
            return loc, "[community] must be a single table written as [community]"
        return loc, f"{key} must be a table"
    if kind == "value_error":
        return loc, f"{key} {ctx.get('error', error['msg'])}"
    return loc, f"{key}: {error['msg']}"


def _unknown_key(loc: tuple[str | int, ...]) -> str:
    name = str(loc[-1])
    if len(loc) == 1:
        allowed = list(_SECTIONS)
        hint = "expected [community], [[grids]], [[workers]], [[teams]] and [[shifts]]"
    else:
        model = _SECTIONS.get(str(loc[0]))
        allowed = list(model.model_fields) if model else []
        hint = "allowed keys: " + ", ".join(allowed)
    close = difflib.get_close_matches(name, allowed, n=1)
    if close:
        hint = f"did you mean {close[0]}?"
    return f"{key_name(loc)} is not a known key ({hint})"


_HEADER = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.\-\"' ]+?)\s*\]\]?\s*(#.*)?$")


def find_line(text: str, loc: tuple[str | int, ...]) -> int | None:
    """Best effort: the 1-based line of the key at `loc` in the TOML text, or None."""
    if not loc:
        return None
    lines = text.splitlines()
    section, nth = str(loc[0]), 0
    rest = loc[1:]
    if section in _ARRAYS and rest and isinstance(rest[0], int):
        nth, rest = rest[0], rest[1:]
    key = next((p for p in rest if isinstance(p, str)), None)
    header = None
    seen = 0
    for i, line in enumerate(lines):
        m = _HEADER.match(line)
        if m and m[1].strip("\"'") == section:
            if seen == nth:
                header = i
                break
            seen += 1
    if header is None:
        # a top-level key written as `name = ...` rather than a table
        pattern = re.compile(rf"^\s*{re.escape(section)}\s*=")
        top = next((i for i, line in enumerate(lines) if pattern.match(line)), None)
        return top + 1 if top is not None else None
    if key is None:
        return header + 1
    pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*[=.]")
    for i in range(header + 1, len(lines)):
        if _HEADER.match(lines[i]):
            break
        if pattern.match(lines[i]):
            return i + 1
    return header + 1
