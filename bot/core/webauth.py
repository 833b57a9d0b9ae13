"""Who opens the console: Telegram's Mini App ``initData`` and the bot's own one-time sign-in links.

Pure: the time and the secrets are passed in.

``initData`` is checked as Telegram documents it (core.telegram.org/bots/webapps, "Validating data
received via the Mini App"): every field but ``hash``, sorted by key, as ``key=value`` lines joined by
``\\n`` (the data-check-string); secret = HMAC-SHA256(key="WebAppData", msg=bot_token); the data is
Telegram's when hex(HMAC-SHA256(key=secret, msg=data-check-string)) equals ``hash``. ``auth_date``
must be recent, so a copied ``initData`` stops working.

A sign-in link carries ``<user>.<expires>.<nonce>.<signature>``, the signature an HMAC of the rest
under a key derived from the bot token: it cannot be forged or stretched; the database records its
single use.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
from dataclasses import dataclass
from urllib.parse import parse_qsl

from bot.core.errors import Refusal

MAX_CLOCK_SKEW_S = 60  # an auth_date this far in the future is still taken (clocks differ a little)
_TOKEN = re.compile(r"^(\d{1,20})\.(\d{1,12})\.([A-Za-z0-9_-]{16,64})\.([A-Za-z0-9_-]{20,64})$")


class AuthError(Refusal):
    """Why a credential was refused: ``reason`` is one word for the log and the tests."""


@dataclass(frozen=True, slots=True)
class WebAppUser:
    """The person Telegram vouches for in ``initData``."""

    user_id: int
    first_name: str
    username: str | None
    language_code: str | None
    auth_date: int


@dataclass(frozen=True, slots=True)
class LinkClaim:
    """What a valid sign-in link says: whose it is, until when, and its one-time nonce."""

    user_id: int
    expires_at: int
    nonce: str


def webapp_secret(bot_token: str) -> bytes:
    """HMAC-SHA256 with the key "WebAppData" over the bot token."""
    return hmac.new(b"WebAppData", bot_token.encode(), hashlib.sha256).digest()


def data_check_string(fields: dict[str, str]) -> str:
    """Every field except ``hash``, sorted by key, as key=value lines."""
    return "\n".join(f"{k}={v}" for k, v in sorted(fields.items()) if k != "hash")


def verify_init_data(init_data: str, bot_token: str, now: int, max_age_s: int) -> WebAppUser:
    """The user ``initData`` speaks for, or AuthError (malformed, bad_hash, expired, no_user)."""
    try:
        pairs = parse_qsl(init_data, keep_blank_values=True, strict_parsing=True)
    except ValueError:
        raise AuthError("malformed") from None
    fields = dict(pairs)
    if len(fields) != len(pairs) or "hash" not in fields:
        raise AuthError("malformed")  # a repeated key could smuggle a second value past the check
    expected = hmac.new(webapp_secret(bot_token), data_check_string(fields).encode(), hashlib.sha256).hexdigest()
    if not _same(expected, fields["hash"].lower()):
        raise AuthError("bad_hash")
    try:
        auth_date = int(fields.get("auth_date", ""))
    except ValueError:
        raise AuthError("malformed") from None
    if auth_date > now + MAX_CLOCK_SKEW_S or now - auth_date > max_age_s:
        raise AuthError("expired")
    try:
        user = json.loads(fields.get("user", ""))
        user_id = int(user["id"])
    except (ValueError, TypeError, KeyError):
        raise AuthError("no_user") from None
    return WebAppUser(
        user_id, str(user.get("first_name") or ""), user.get("username"), user.get("language_code"), auth_date
    )


def link_key(bot_token: str) -> bytes:
    """The key that signs sign-in links (a new bot token voids every link)."""
    return hmac.new(b"linli-console-link", bot_token.encode(), hashlib.sha256).digest()


def _sign(key: bytes, body: str) -> str:
    digest = hmac.new(key, body.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def make_link_token(key: bytes, user_id: int, expires_at: int, nonce: str | None = None) -> tuple[str, str]:
    """(token, nonce) for a sign-in link of this person, valid until expires_at."""
    nonce = nonce or secrets.token_urlsafe(18)
    body = f"{user_id}.{expires_at}.{nonce}"
    return f"{body}.{_sign(key, body)}", nonce


def read_link_token(key: bytes, token: str, now: int) -> LinkClaim:
    """The claim of a well-signed, unexpired token, or AuthError (malformed, bad_signature, expired)."""
    m = _TOKEN.match(token or "")
    if not m:
        raise AuthError("malformed")
    body = f"{m[1]}.{m[2]}.{m[3]}"
    if not _same(_sign(key, body), m[4]):
        raise AuthError("bad_signature")
    if int(m[2]) <= now:
        raise AuthError("expired")
    return LinkClaim(int(m[1]), int(m[2]), m[3])


def new_session_id() -> str:
    """A session id for the cookie (only its hash is stored)."""
    return secrets.token_urlsafe(32)


def session_hash(session_id: str) -> str:
    """What the database keeps of a session id."""
    return hashlib.sha256(session_id.encode()).hexdigest()


def new_csrf_token() -> str:
    """The per-session token every change must echo in X-CSRF-Token."""
    return secrets.token_urlsafe(24)


def same_token(given: str | None, expected: str) -> bool:
    """Constant-time comparison of a presented token."""
    return bool(given) and _same(given, expected)  # type: ignore[arg-type]


def _same(given: str, expected: str) -> bool:
    """A constant-time comparison that any text from outside can go through (str compare_digest raises
    TypeError on non-ASCII: a 500 instead of a refusal)."""
    return hmac.compare_digest(given.encode("utf-8", "surrogateescape"), expected.encode("utf-8", "surrogateescape"))
