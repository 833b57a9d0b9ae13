"""Decoding of Bot API request parameters (JSON, form-urlencoded, multipart, query string).

PTB's own HTTPXRequest sends every parameter as a form field: strings verbatim, everything else
``json.dumps``-ed (ints as ``"123"``, bools as ``"true"``, reply_markup as a JSON object string). We
decode such strings back with ``json.loads`` except for keys that are always strings (``text``...).
The bot's AiohttpRequest sends one JSON object instead, which Telegram takes as well.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from multidict import MultiMapping

from .errors import bad_request

# Parameters Telegram always treats as strings: never JSON-decode them ("123" stays a text).
STRING_KEYS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "caption_parse_mode",
        "question",
        "question_parse_mode",
        "callback_query_id",
        "url",
        "description",
        "short_description",
        "name",
        "title",
        "emoji",
        "action",
        "data",
        "inline_message_id",
        "business_connection_id",
        "message_effect_id",
        "explanation",
        "explanation_parse_mode",
        "language_code",
        "secret_token",
        "ip_address",
        "photo",
        "document",
        "video",
        "audio",
        "voice",
        "animation",
        "sticker",
        "thumbnail",
        "file_id",
        "first_name",
        "last_name",
        "phone_number",
        "vcard",
        "address",
        "custom_title",
        "invite_link",
        "sticker_set_name",
    }
)


@dataclass
class Upload:
    """A file uploaded in a multipart request."""

    field: str
    filename: str
    content_type: str
    data: bytes

    def describe(self) -> dict[str, Any]:
        """JSON-friendly stand-in stored in the decoded params."""
        return {"upload": self.filename, "content_type": self.content_type, "size": len(self.data)}


def decode_value(key: str, value: Any) -> Any:
    """Decode one parameter value the way Telegram does."""
    if not isinstance(value, str) or key in STRING_KEYS:
        return value
    try:
        decoded = json.loads(value)
    except ValueError:
        return value
    if isinstance(decoded, float) and decoded != decoded:  # NaN
        return value
    return decoded


@dataclass
class Request:
    """Decoded parameters plus uploaded files of one call."""

    params: dict[str, Any] = field(default_factory=dict)
    files: dict[str, Upload] = field(default_factory=dict)
    encoding: str = "query"  # how the body came: "json", "form" (urlencoded or multipart) or only a query


async def read_request(request: web.Request) -> Request:
    """Collect parameters from query string and body (any encoding PTB or curl could use)."""
    out = Request()
    for key, value in request.query.items():
        out.params[key] = decode_value(key, value)
    if request.method != "POST" or not request.can_read_body:
        return out
    ctype = request.content_type
    out.encoding = "json" if ctype == "application/json" else "form"
    if ctype == "application/json":
        try:
            body = await request.json()
        except ValueError as exc:
            raise bad_request("can't parse JSON object") from exc
        if isinstance(body, dict):
            for key, value in body.items():
                is_nested = isinstance(value, str) and value[:1] in ("{", "[")
                out.params[key] = decode_value(key, value) if is_nested else value
        return out
    form: MultiMapping[Any] = await request.post()
    for key, value in form.items():
        if isinstance(value, web.FileField):
            upload = Upload(key, value.filename, value.content_type, value.file.read())
            out.files[key] = upload
            out.params[key] = upload.describe()
        else:
            out.params[key] = decode_value(key, value)
    return out


class Params:
    """Typed accessors over a decoded parameter dict, raising Telegram-like 400 errors."""

    def __init__(self, req: Request) -> None:
        self.raw = req.params
        self.files = req.files

    def get(self, key: str, default: Any = None) -> Any:
        """Raw decoded value."""
        return self.raw.get(key, default)

    def has(self, key: str) -> bool:
        """Whether the parameter was sent (and is not null)."""
        return self.raw.get(key) is not None

    def int(self, key: str, default: int | None = None, *, missing: str | None = None) -> int:
        """Required integer; ``missing`` is the error text when absent."""
        value = self.raw.get(key)
        if value is None:
            if default is not None:
                return default
            raise bad_request(missing or f"{key} is empty")
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise bad_request(f"invalid {key} specified")
        try:
            return int(value)
        except ValueError as exc:
            raise bad_request(f"invalid {key} specified") from exc

    def opt_int(self, key: str) -> int | None:
        """Optional integer."""
        return self.int(key) if self.has(key) else None

    def str(self, key: str, default: str = "") -> str:
        """String parameter (numbers are stringified)."""
        value = self.raw.get(key)
        if value is None:
            return default
        return value if isinstance(value, str) else json.dumps(value)

    def bool(self, key: str, default: bool = False) -> bool:
        """Boolean parameter."""
        value = self.raw.get(key)
        if value is None:
            return default
        if isinstance(value, str):
            return value.lower() in ("true", "1")
        return bool(value)

    def obj(self, key: str) -> Any:
        """A JSON object/array parameter (decoding strings if a client double-encoded it)."""
        value = self.raw.get(key)
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError as exc:
                raise bad_request(f"can't parse {key} JSON object") from exc
        return value

    def file(self, key: str) -> tuple[str | None, Upload | None]:
        """A media parameter: ``(file_id_or_url, None)`` or ``(None, upload)``."""
        if key in self.files:
            return None, self.files[key]
        value = self.raw.get(key)
        if isinstance(value, str) and value.startswith("attach://"):
            upload = self.files.get(value.removeprefix("attach://"))
            if upload is None:
                raise bad_request(f"wrong file identifier/HTTP URL specified for {key}")
            return None, upload
        if not value:
            raise bad_request(f"there is no {key} in the request")
        return self.str(key), None
