"""The console's credentials: Telegram's initData check and the one-time link tokens (pure)."""

from __future__ import annotations

import hashlib
import hmac
import json
from urllib.parse import quote, urlencode

import pytest

from bot.core import webauth
from bot.core.webauth import AuthError

TOKEN = "123456:TEST-token-of-this-bot"
OTHER = "654321:TEST-token-of-another-bot"
NOW = 1_800_000_000
DAY = 86400


def telegram_init_data(token: str, fields: dict[str, str]) -> str:
    """initData as Telegram documents it, written out step by step (independent of bot/ and bot/fakeapi/):
    secret_key = HMAC_SHA256(<bot_token>, "WebAppData") — the key is "WebAppData";
    hash = hex(HMAC_SHA256(data_check_string, secret_key)); data_check_string = sorted "key=value" lines."""
    data_check_string = "\n".join(f"{key}={fields[key]}" for key in sorted(fields))
    secret_key = hmac.new(key=b"WebAppData", msg=token.encode(), digestmod=hashlib.sha256).digest()
    digest = hmac.new(key=secret_key, msg=data_check_string.encode(), digestmod=hashlib.sha256).hexdigest()
    return urlencode({**fields, "hash": digest}, quote_via=quote)


def fields(user_id: int = 1001, auth_date: int = NOW - 60, **extra: str) -> dict[str, str]:
    user = {"id": user_id, "first_name": "张主任", "username": "zhang", "language_code": "zh-hans"}
    return {
        "query_id": "AAHdF6IQAAAAAN0XohDhrOrc",
        "user": json.dumps(user, ensure_ascii=False),
        "auth_date": str(auth_date),
        **extra,
    }


def test_valid_init_data_names_the_user() -> None:
    user = webauth.verify_init_data(telegram_init_data(TOKEN, fields()), TOKEN, NOW, DAY)
    assert (user.user_id, user.first_name, user.username, user.language_code) == (1001, "张主任", "zhang", "zh-hans")


def test_every_field_counts_including_signature() -> None:
    data = telegram_init_data(TOKEN, fields(signature="abc-_def", chat_type="private", start_param="x y"))
    assert webauth.verify_init_data(data, TOKEN, NOW, DAY).user_id == 1001


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.replace("1001", "1002", 1),  # another user
        lambda d: d.replace("auth_date=" + str(NOW - 60), "auth_date=" + str(NOW)),  # a fresher date
        lambda d: d + "&extra=1",  # a field added after signing
        lambda d: d[:-1] + ("0" if d[-1] != "0" else "1"),  # the hash itself
    ],
)
def test_tampered_init_data_is_refused(change) -> None:  # noqa: ANN001
    data = change(telegram_init_data(TOKEN, fields()))
    with pytest.raises(AuthError) as err:
        webauth.verify_init_data(data, TOKEN, NOW, DAY)
    assert err.value.reason == "bad_hash"


def test_expired_init_data_is_refused() -> None:
    data = telegram_init_data(TOKEN, fields(auth_date=NOW - DAY - 1))
    with pytest.raises(AuthError) as err:
        webauth.verify_init_data(data, TOKEN, NOW, DAY)
    assert err.value.reason == "expired"
    assert webauth.verify_init_data(data, TOKEN, NOW, DAY + 10).user_id == 1001


def test_init_data_from_the_future_is_refused() -> None:
    data = telegram_init_data(TOKEN, fields(auth_date=NOW + 3600))
    with pytest.raises(AuthError, match="expired"):
        webauth.verify_init_data(data, TOKEN, NOW, DAY)


def test_another_bots_init_data_is_refused() -> None:
    with pytest.raises(AuthError) as err:
        webauth.verify_init_data(telegram_init_data(OTHER, fields()), TOKEN, NOW, DAY)
    assert err.value.reason == "bad_hash"


@pytest.mark.parametrize("data", ["", "hash", "user=1&auth_date=2", "a=1&a=2&hash=00", "%%%"])
def test_malformed_init_data_is_refused(data: str) -> None:
    with pytest.raises(AuthError):
        webauth.verify_init_data(data, TOKEN, NOW, DAY)


def test_a_repeated_key_cannot_sneak_past_the_check() -> None:
    good = telegram_init_data(TOKEN, fields())
    with pytest.raises(AuthError, match="malformed"):
        webauth.verify_init_data(good + "&user=" + quote('{"id":1}'), TOKEN, NOW, DAY)


def test_signed_data_without_a_user_is_refused() -> None:
    data = telegram_init_data(TOKEN, {"query_id": "q", "auth_date": str(NOW)})
    with pytest.raises(AuthError, match="no_user"):
        webauth.verify_init_data(data, TOKEN, NOW, DAY)


def test_the_fake_telegram_signs_like_the_documentation() -> None:
    from bot.fakeapi import webapp

    data = webapp.init_data(TOKEN, {"id": 2001, "first_name": "王师傅"}, auth_date=NOW)
    assert webauth.verify_init_data(data, TOKEN, NOW, DAY).user_id == 2001


def test_link_tokens_are_bound_signed_and_expire() -> None:
    key = webauth.link_key(TOKEN)
    token, nonce = webauth.make_link_token(key, 2001, NOW + 600)
    claim = webauth.read_link_token(key, token, NOW)
    assert (claim.user_id, claim.expires_at, claim.nonce) == (2001, NOW + 600, nonce)
    with pytest.raises(AuthError, match="expired"):
        webauth.read_link_token(key, token, NOW + 600)
    user, expires, nonce_, sig = token.split(".")
    for forged in (f"1001.{expires}.{nonce_}.{sig}", f"{user}.{int(expires) + 3600}.{nonce_}.{sig}"):
        with pytest.raises(AuthError, match="bad_signature"):
            webauth.read_link_token(key, forged, NOW)
    with pytest.raises(AuthError, match="bad_signature"):
        webauth.read_link_token(webauth.link_key(OTHER), token, NOW)
    for junk in ("", "x", "1.2.3.4", token + "."):
        with pytest.raises(AuthError, match="malformed"):
            webauth.read_link_token(key, junk, NOW)


def test_sessions_keep_only_a_hash_and_tokens_compare_safely() -> None:
    sid = webauth.new_session_id()
    assert len(sid) >= 40 and webauth.session_hash(sid) != sid and len(webauth.session_hash(sid)) == 64
    csrf = webauth.new_csrf_token()
    assert webauth.same_token(csrf, csrf) and not webauth.same_token(None, csrf) and not webauth.same_token("", csrf)
    tampered = csrf[:-1] + ("y" if csrf.endswith("x") else "x")  # one character changed, whatever it was
    assert not webauth.same_token(tampered, csrf)
