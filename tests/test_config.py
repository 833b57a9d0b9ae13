"""Settings: defaults, and one clear sentence for each bad value."""

import pytest

from bot.config import SettingsError, load_settings


def test_defaults(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.chdir(tmp_path)
    for k in ("TELEGRAM_BOT_TOKEN", "TIMEZONE", "DEFAULT_LANGUAGE", "DATABASE_PATH"):
        monkeypatch.delenv(k, raising=False)
    s = load_settings()
    assert s.timezone == "Asia/Shanghai"
    assert s.default_language == "zh-Hans"
    assert s.telegram_api_base_url.startswith("https://api.telegram.org")
    assert str(s.database_path).endswith(".db")


@pytest.mark.parametrize("token", ["", "abc", "123:short", "12345:has spaces in it xxxxxxxxx"])
def test_bad_tokens_are_one_sentence(monkeypatch: pytest.MonkeyPatch, token: str) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", token)
    with pytest.raises(SettingsError) as err:
        load_settings().check_token()
    assert "TELEGRAM_BOT_TOKEN" in str(err.value)
    assert token not in str(err.value) or not token


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("TIMEZONE", "Mars/Base"),
        ("DEFAULT_LANGUAGE", "fr"),
        ("OUTBOX_MAX_ATTEMPTS", "many"),
        ("OUTBOX_MAX_ATTEMPTS", "0"),
        ("OUTBOX_GIVE_UP_S", "-1"),
        ("DIGEST_WEEKDAY", "mondayxyz"),
        ("TELEGRAM_API_BASE_URL", "http://localhost:8081"),  # no /bot: the token would land in the port
        ("TELEGRAM_API_BASE_URL", "http://[::1"),
    ],
)
def test_bad_settings_name_the_setting(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as err:
        load_settings()
    assert name in str(err.value)
    assert "\n" not in str(err.value)


def test_token_is_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    s = load_settings()
    assert "ABCDEFGHIJ" not in repr(s) and "ABCDEFGHIJ" not in str(s)


@pytest.mark.parametrize(("value", "day"), [("mon", "mon"), ("Monday", "mon"), (" SUNDAY ", "sun")])
def test_digest_weekday_takes_a_day_short_or_long(monkeypatch: pytest.MonkeyPatch, value: str, day: str) -> None:
    monkeypatch.setenv("DIGEST_WEEKDAY", value)
    assert load_settings().digest_weekday == day
