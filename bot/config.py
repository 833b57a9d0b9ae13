"""Settings from the environment and `.env` (pydantic-settings).

Over 300 lines: every setting and its check in the one class pydantic-settings reads, with the clear sentences a
refused one is told in."""

from __future__ import annotations

import difflib
import re
from datetime import time as dt_time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

TOKEN_RE = re.compile(r"^\d{3,20}:[A-Za-z0-9_-]{20,}$")
PLACEHOLDER_RE = re.compile(r"replace|your[-_]?token|botfather|example", re.IGNORECASE)
LANGUAGES = ("zh-Hans", "zh-Hant", "en")
HTTP_CLIENTS = ("aiohttp", "httpx")
DIGEST_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _checked(v: str, ok: object, error: str) -> str:
    """v when ok holds, else a setting validator's ValueError(error)."""
    if not ok:
        raise ValueError(error)
    return v


def _one_of(v: str, allowed: tuple[str, ...]) -> str:
    """v when it is one of allowed."""
    return _checked(v, v in allowed, f"must be one of {', '.join(allowed)}")


class SettingsError(Exception):
    """A setting is missing or malformed; the message is one sentence naming it."""


class Settings(BaseSettings):
    """Every setting of the bot. Durations are in seconds."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr = Field(default=SecretStr(""))
    telegram_api_base_url: str = "https://api.telegram.org/bot"
    database_path: Path = Path("linli.db")
    # How long a write waits while another process holds the database's write lock; past it the
    # update stays in the inbox and is tried again with backoff (the fault tests lower it to run fast).
    database_busy_timeout_ms: int = Field(default=5000, ge=0)
    community_file: Path = Path("community.toml")
    timezone: str = "Asia/Shanghai"
    default_language: str = "zh-Hans"
    log_level: str = "INFO"
    # Message texts and Bot API calls in the log: only at LOG_LEVEL=DEBUG and only when this is true.
    log_message_texts: bool = False
    # Extra parser word lists (comma-separated TOML paths), added to the packaged ones; see docs/parser.md.
    lexicon_files: str = ""
    rate_limiter: bool = True
    # The Bot API client under PTB: "aiohttp" (bot/runtime/http.py, the cheaper; docs/benchmarks.md) or
    # "httpx" (PTB's own HTTPXRequest).
    http_client: str = "aiohttp"
    # A message is recorded as failed (and the committee told) after OUTBOX_MAX_ATTEMPTS tries; while Telegram
    # is unreachable, throttling (429) or failing (5xx), only once it has also been tried for OUTBOX_GIVE_UP_S.
    outbox_give_up_s: int = Field(default=2 * 24 * 3600, gt=0)
    outbox_max_attempts: int = Field(default=12, gt=0)
    # Webhook mode (`linli run --webhook URL`), behind a reverse proxy.
    webhook_secret: SecretStr = Field(default=SecretStr(""))
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = Field(default=8443, gt=0, lt=65536)
    webhook_path: str = "telegram"
    # Escalation and reminders (see docs/timers.md).
    green_remind_s: int = Field(default=30 * 60, gt=0)
    green_escalate_s: int = Field(default=60 * 60, gt=0)
    yellow_remind_s: int = Field(default=15 * 60, gt=0)
    yellow_escalate_s: int = Field(default=30 * 60, gt=0)
    red_reping_s: int = Field(default=5 * 60, gt=0)
    # A red nobody has, with nobody on duty to ping: the committee's alert is paged again this often, this many times
    red_page_s: int = Field(default=10 * 60, gt=0)
    red_pages: int = Field(default=3, ge=0)
    # A worker's new (non-red) events past this many cards in ten minutes wait up to 2 minutes for one list, and a
    # shift hand-off sends this many cards (reds apart), the rest as buttons on its notice (0: never held)
    first_dm_cards: int = Field(default=3, ge=0)
    false_alarms_notice: int = Field(default=2, ge=0)  # "nothing found" closes in 30 days that make a warning (0: off)
    green_due_s: int = Field(default=48 * 3600, gt=0)
    yellow_due_s: int = Field(default=24 * 3600, gt=0)
    red_due_s: int = Field(default=4 * 3600, gt=0)
    due_remind_share: float = Field(default=0.75, ge=0, le=1)
    survey_delay_s: int = Field(default=2 * 3600, ge=0)
    survey_expire_s: int = Field(default=48 * 3600, gt=0)
    daily_brief_time: str = "08:00"
    # The committee's quiet hours (community time): a resident's question or follow-up passed on then waits for
    # their end; the end empty: DAILY_BRIEF_TIME (the committee's day starts with the workers'); the two the same: none.
    office_quiet_from: str = "21:00"
    office_quiet_until: str = ""
    timer_sync_s: int = Field(default=60, gt=0)
    # Same problem, one event: a report joins an open event of the same category and place, reported
    # within MERGE_WINDOW_S, whose wording overlaps at least MERGE_THRESHOLD (0..1; 1 switches merging off
    # for all but identical wording).
    merge_window_s: int = Field(default=24 * 3600, ge=0)
    merge_threshold: float = Field(default=0.6, gt=0, le=1)
    # Community points (社区积分; see README "Points"). 0 switches a rule off.
    points_report_confirmed: int = Field(default=10, ge=0)
    points_closed_in_time: int = Field(default=5, ge=0)
    points_good_rating: int = Field(default=3, ge=0)
    points_confirmed_outcomes: str = "fixed,referred"
    points_history_lines: int = Field(default=5, ge=0, le=50)
    # Nightly backups (community time): a copy of the database in BACKUP_DIR, the newest BACKUP_KEEP kept.
    backup_dir: str = ""
    backup_time: str = "03:30"
    backup_keep: int = Field(default=14, ge=1)
    outbox_keep_days: int = Field(default=30, ge=0)  # sent and asked-about messages keep words this long (0: ever)
    # Weekly digest to the committee chat (community time): a day name and HH:MM (or HH:MM:SS).
    digest_enabled: bool = True
    digest_weekday: str = "mon"
    digest_time: str = "09:00"
    # After a start, the catch-up run (a digest whose time passed while the bot was down) waits this long,
    # so the updates that queued up meanwhile are handled first.
    digest_catch_up_s: int = Field(default=60, ge=0)
    # The committee's console: served by the bot's own web server; in webhook mode on the
    # webhook's address, else on CONSOLE_LISTEN:CONSOLE_PORT. CONSOLE_PUBLIC_URL is where people reach it
    # (https for the Telegram Mini App button); empty: http://CONSOLE_LISTEN:CONSOLE_PORT.
    console_enabled: bool = False
    console_listen: str = "127.0.0.1"
    console_port: int = Field(default=8080, gt=0, lt=65536)
    console_public_url: str = ""
    console_session_s: int = Field(default=12 * 3600, gt=0)
    console_link_s: int = Field(default=600, gt=0, le=3600)
    console_init_data_max_age_s: int = Field(default=24 * 3600, gt=0)

    @field_validator("timezone")
    @classmethod
    def _tz(cls, v: str) -> str:
        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {v!r}") from exc
        return v

    @field_validator("http_client")
    @classmethod
    def _http_client(cls, v: str) -> str:
        return _one_of(v.strip().lower(), HTTP_CLIENTS)

    @field_validator("digest_weekday")
    @classmethod
    def _digest_day(cls, v: str) -> str:
        day = v.strip().lower()
        full = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
        return _one_of(day[:3] if day in full else day, DIGEST_DAYS)  # "mon" or "monday", not "mondayxyz"

    @field_validator("digest_time")
    @classmethod
    def _digest_time(cls, v: str) -> str:
        try:
            dt_time.fromisoformat(v.strip())
        except ValueError:
            raise ValueError("must be a time such as 09:00") from None
        return v.strip()

    def nightly_backup(self) -> bool:
        """Whether a nightly backup runs: BACKUP_DIR is set and there is a database file to copy."""
        return bool(self.backup_dir) and str(self.database_path) != ":memory:"

    def office_quiet_hours(self) -> tuple[dt_time, dt_time]:
        """(start, end) of the committee's quiet hours, local time; the end DAILY_BRIEF_TIME unless set."""
        return dt_time.fromisoformat(self.office_quiet_from), dt_time.fromisoformat(
            self.office_quiet_until or self.daily_brief_time
        )

    def digest_schedule(self) -> tuple[int, dt_time]:
        """(weekday with Monday = 0, local time) of the weekly digest."""
        return DIGEST_DAYS.index(self.digest_weekday), dt_time.fromisoformat(self.digest_time)

    @field_validator("default_language")
    @classmethod
    def _lang(cls, v: str) -> str:
        return _one_of(v, LANGUAGES)

    @field_validator("office_quiet_until")
    @classmethod
    def _hhmm_or_none(cls, v: str) -> str:
        return v.strip() and cls._hhmm(v)

    @field_validator("daily_brief_time", "backup_time", "office_quiet_from")
    @classmethod
    def _hhmm(cls, v: str) -> str:
        h, _, m = v.strip().partition(":")
        if not (h.isdigit() and m.isdigit() and int(h) < 24 and int(m) < 60 and len(m) == 2):
            raise ValueError('must be a time of day like "08:00"')
        return f"{int(h):02d}:{m}"

    @field_validator("points_confirmed_outcomes")
    @classmethod
    def _outcomes(cls, v: str) -> str:
        names = [x.strip() for x in v.split(",") if x.strip()]
        allowed = ("fixed", "cannot_fix", "referred", "duplicate", "nothing_found")
        if any(x not in allowed for x in names):
            raise ValueError(f"must be a comma-separated list of {', '.join(allowed)}")
        return ",".join(names)

    @field_validator("console_public_url")
    @classmethod
    def _console_url(cls, v: str) -> str:
        # the address the console is opened at, pasted whole: its links add /console/ themselves
        v = v.strip().rstrip("/").removesuffix("/console")
        ok = not v or re.match(r"^https?://[^/\s]+(/[^\s]*)?$", v)
        return _checked(v, ok, "must be empty or a URL such as https://console.example.org")

    @field_validator("telegram_api_base_url")
    @classmethod
    def _base_url(cls, v: str) -> str:
        v = v.strip()
        try:
            parts = urlsplit(v)
            parts.port  # noqa: B018 - raises ValueError for a port that is not a number
            ok = parts.scheme in ("http", "https") and bool(parts.hostname)
        except ValueError:  # "http://[::1", "http://host:port"
            ok = False
        # the token is appended to it: without the "/bot" path it would land in the host's port
        ok = ok and v.rstrip("/").endswith("/bot")
        return _checked(v, ok, "must be a full URL ending in /bot, such as https://api.telegram.org/bot")

    @field_validator("log_level")
    @classmethod
    def _level(cls, v: str) -> str:
        v = v.upper()
        return _checked(v, v in ("DEBUG", "INFO", "WARNING", "ERROR"), "must be DEBUG, INFO, WARNING or ERROR")

    @property
    def lexicon_paths(self) -> list[Path]:
        """LEXICON_FILES as paths."""
        return [Path(x.strip()) for x in self.lexicon_files.split(",") if x.strip()]

    @property
    def token(self) -> str:
        """The bot token (secret: never log it)."""
        return self.telegram_bot_token.get_secret_value()

    def check_token(self) -> None:
        """Raise SettingsError unless the token looks like a BotFather token."""
        if not self.token:
            raise SettingsError("TELEGRAM_BOT_TOKEN is not set: put the token BotFather gave you in .env.")
        if PLACEHOLDER_RE.search(self.token):
            raise SettingsError(
                "TELEGRAM_BOT_TOKEN is still the example's placeholder: put the token BotFather gave you in .env."
            )
        if not TOKEN_RE.match(self.token):
            raise SettingsError(
                "TELEGRAM_BOT_TOKEN is malformed: it should look like 123456789:AA... as BotFather gives it."
            )


def unknown_keys(env_file: Path = Path(".env")) -> list[str]:
    """Sentences about the keys of the .env file that are no setting (a misspelt DIGEST_DAY for DIGEST_WEEKDAY is
    otherwise ignored in silence, and the bot runs on the default), each with the setting it most likely meant."""
    if not env_file.exists():
        return []
    from dotenv import dotenv_values  # pydantic-settings reads .env with it

    known = [name.upper() for name in Settings.model_fields]
    out = []
    for key in dotenv_values(env_file):
        if key.upper() in known:
            continue
        near = difflib.get_close_matches(key.upper(), known, n=1, cutoff=0.6)
        guess = f" (did you mean {near[0]}?)" if near else ""
        out.append(f"{key} in {env_file} is no setting and is ignored{guess}")
    return out


def load_settings(**overrides: object) -> Settings:
    """Load settings, turning validation errors into one clear sentence."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        err = exc.errors()[0]
        name = str(err["loc"][0]).upper() if err.get("loc") else "a setting"
        msg = str(err.get("msg", "is invalid")).removeprefix("Value error, ")
        raise SettingsError(f"Setting {name} is invalid: {_what_to_write(err, name, msg)}.") from None


# pydantic's words for a value of the wrong kind ("Input should be a valid integer, unable to parse string as an
# integer") say what is wrong, not what to write: a newcomer's GREEN_REMIND_S=30m, CONSOLE_ENABLED=yes please
_KINDS = {"int_parsing": "a whole number", "int_from_float": "a whole number", "float_parsing": "a number"}
_BOUNDS = ("greater_than", "greater_than_equal", "less_than", "less_than_equal")


def _what_to_write(err: Any, name: str, msg: str) -> str:
    """The sentence's end for one refused setting: what is wrong and, for a number or a yes/no, what to write
    instead, with the default as the example (first-day review)."""
    field = Settings.model_fields.get(str(err["loc"][0])) if err.get("loc") else None
    if field is None:
        return msg
    example = f"e.g. {name}={str(field.default).lower() if isinstance(field.default, bool) else field.default}"
    seconds = " of seconds (30 minutes is 1800)" if name.endswith("_S") else ""
    given = str(err.get("input"))
    given = repr(given) if len(given) <= 30 else "the value"  # a long one may be something secret pasted there
    if err["type"] == "bool_parsing":
        return f"{given} is neither true nor false; write {name}=true or {name}=false"
    if err["type"] in _KINDS:
        return f"{given} is not {_KINDS[err['type']]}{seconds}; {example} (the default)"
    if err["type"] in _BOUNDS:
        return f"{msg.replace('Input should be', 'it must be')}{seconds and ', in seconds'}; {example} (the default)"
    return msg
