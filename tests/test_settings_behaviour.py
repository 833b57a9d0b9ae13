"""Every setting in the README's table changes what the bot does. The settings below are changed here and
the behaviour checked; COVERED says, for every other setting, which test changes it (a test below keeps
the map complete against the README, and every named test existing).

Over 300 lines: one test per setting, with the map of the others, in one place.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from harness import MakeBot, MakeCtx, make_event, until
from ids import RESIDENT

from bot.config import Settings, SettingsError, load_settings
from bot.core import escalation, merge
from bot.core import points as points_core
from bot.core.escalation import TimerKind
from bot.core.types import Category, Event, Outcome, Status, Urgency
from bot.fakeapi import FakeTelegram
from bot.runtime.logging_setup import setup_logging
from bot.runtime.webhook import webhook_params
from bot.services.chase import policy
from bot.services.points import rules

ROOT = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)
TOKEN = "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef"

COVERED = {
    "TELEGRAM_BOT_TOKEN": "tests/test_config.py::test_bad_tokens_are_one_sentence",
    "TELEGRAM_API_BASE_URL": "tests/test_check_cli.py::test_everything_ready_and_not",
    "DATABASE_PATH": "tests/test_report_cli.py::test_export_csv_range",
    "DATABASE_BUSY_TIMEOUT_MS": "tests/test_fault_suite.py::test_a_locked_database_or_a_full_disk_loses_no_report",
    "COMMUNITY_FILE": "tests/test_report_cli.py::test_digest_prints_text_and_writes_chart",
    "TIMEZONE": "tests/test_settings_fallbacks.py::test_timezone_setting_places_the_shifts",
    "DEFAULT_LANGUAGE": "tests/test_settings_fallbacks.py::test_default_language_setting_speaks_in_the_groups",
    "LOG_MESSAGE_TEXTS": "tests/test_fault_suite.py::test_the_token_is_in_no_log_line_and_texts_only_when_asked",
    "LEXICON_FILES": "tests/test_lexicon_setting.py::test_extra_words_file_is_used",
    "HTTP_CLIENT": "tests/test_http_request.py::test_the_application_uses_the_configured_client",
    # the standard proxy variables (the environment's, not Linli's): the aiohttp client takes the proxy named there
    # (HTTPS_PROXY for an https:// address: the same lookup by scheme, aiohttp's get_env_proxy_for_url)
    "HTTPS_PROXY": "tests/test_http_request.py::test_a_proxy_named_in_the_environment_is_used",
    "HTTP_PROXY": "tests/test_http_request.py::test_a_proxy_named_in_the_environment_is_used",
    "NO_PROXY": "tests/test_http_request.py::test_a_proxy_named_in_the_environment_is_used",
    "DIGEST_CATCH_UP_S": "tests/test_e2e_digest.py::test_the_catch_up_waits_and_reports_go_first",
    "RATE_LIMITER": "tests/test_e2e_hostile.py::test_with_telegrams_rate_limiter_on",
    "MERGE_WINDOW_S": "tests/test_e2e_merge.py::test_two_residents_same_lift_one_event_both_surveyed",
    "FIRST_DM_CARDS": "tests/test_e2e_first_lists.py::test_with_first_dm_cards_0_nothing_is_held",
    "FALSE_ALARMS_NOTICE": "tests/test_e2e_false_alarms.py::test_with_the_setting_at_0_no_warning_and_no_notice",
    "DIGEST_ENABLED": "tests/test_e2e_digest.py::test_scheduled_digest_once_per_week",
    "DIGEST_WEEKDAY": "tests/test_e2e_digest.py::test_scheduled_digest_once_per_week",
    "DIGEST_TIME": "tests/test_e2e_digest.py::test_scheduled_digest_once_per_week",
    "BACKUP_DIR": "tests/test_backups.py::test_a_backup_is_written_and_old_ones_go",
    "BACKUP_KEEP": "tests/test_backups.py::test_a_backup_is_written_and_old_ones_go",
    "WEBHOOK_SECRET": "tests/test_webhook.py::test_secret_and_url_checks",
    "WEBHOOK_PORT": "tests/test_webhook.py::test_requests_without_the_secret_are_rejected",
    "CONSOLE_ENABLED": "tests/test_console_api.py::test_console_answers_staff_in_private_with_link_button_and_menu",
    "CONSOLE_PORT": "tests/test_console_api.py::test_each_page_has_its_data",
    "CONSOLE_PUBLIC_URL": "tests/test_console_api.py::test_console_answers_staff_in_private_with_link_button_and_menu",
    "CONSOLE_LINK_S": "tests/test_console_api.py::test_console_answers_staff_in_private_with_link_button_and_menu",
    # below: changed in this file
    **{
        name: "tests/test_settings_behaviour.py::test_timer_settings_move_the_timers"
        for name in (
            "GREEN_REMIND_S",
            "GREEN_ESCALATE_S",
            "YELLOW_REMIND_S",
            "YELLOW_ESCALATE_S",
            "RED_REPING_S",
            "RED_PAGE_S",
            "RED_PAGES",
            "GREEN_DUE_S",
            "YELLOW_DUE_S",
            "RED_DUE_S",
            "DUE_REMIND_SHARE",
            "SURVEY_DELAY_S",
            "SURVEY_EXPIRE_S",
            "DAILY_BRIEF_TIME",
        )
    },
    **{
        name: "tests/test_settings_behaviour.py::test_points_settings_change_the_awards"
        for name in (
            "POINTS_REPORT_CONFIRMED",
            "POINTS_CLOSED_IN_TIME",
            "POINTS_GOOD_RATING",
            "POINTS_CONFIRMED_OUTCOMES",
        )
    },
    "MERGE_THRESHOLD": "tests/test_settings_behaviour.py::test_merge_threshold_decides_how_alike",
    "WEBHOOK_LISTEN": "tests/test_settings_behaviour.py::test_webhook_listen_and_path",
    "WEBHOOK_PATH": "tests/test_settings_behaviour.py::test_webhook_listen_and_path",
    "LOG_LEVEL": "tests/test_settings_behaviour.py::test_log_level_sets_the_level",
    "POINTS_HISTORY_LINES": "tests/test_settings_behaviour.py::test_points_history_lines",
    "CONSOLE_SESSION_S": "tests/test_settings_behaviour.py::test_console_sign_in_age_and_session",
    "CONSOLE_INIT_DATA_MAX_AGE_S": "tests/test_settings_behaviour.py::test_console_sign_in_age_and_session",
    "BACKUP_TIME": "tests/test_settings_behaviour.py::test_backup_time_is_when_the_nightly_backup_runs",
    "CONSOLE_LISTEN": "tests/test_settings_behaviour.py::test_console_listen_is_the_address_the_console_answers_on",
    "TIMER_SYNC_S": "tests/test_settings_behaviour.py::test_timer_sync_s_is_how_often_and_how_far_the_scheduler_reads",
    "OUTBOX_MAX_ATTEMPTS": "tests/test_settings_behaviour.py::test_outbox_max_attempts_gives_up",
    "OUTBOX_GIVE_UP_S": "tests/test_settings_behaviour.py::test_outbox_max_attempts_gives_up",
    "OUTBOX_KEEP_DAYS": "tests/test_housekeeping.py::test_old_sent_messages_keep_no_words_and_recent_or_queued_ones_do",
    "OFFICE_QUIET_FROM": "tests/test_settings_behaviour.py::test_office_quiet_hours_hold_a_question_until_their_end",
    "OFFICE_QUIET_UNTIL": "tests/test_settings_behaviour.py::test_office_quiet_hours_hold_a_question_until_their_end",
}
# Settings whose test is still missing: each stays listed here until a test changes it, so a gap is visible.
NOT_YET: set[str] = set()


def readme_settings() -> set[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = text[text.index("## Settings") : text.index("## The community file")]
    return {
        name
        for row in re.findall(r"^\| (`[A-Z_]+`(?: / `[A-Z_]+`)*) \|", table, re.M)
        for name in re.findall(r"`([A-Z_]+)`", row)
    }


def test_every_readme_setting_is_covered_by_a_named_test() -> None:
    settings = readme_settings()
    assert len(settings) > 40
    assert settings == set(COVERED) | NOT_YET, sorted(settings ^ (set(COVERED) | NOT_YET))
    assert not set(COVERED) & NOT_YET  # (a test named for a setting above must really change it)
    for node in set(COVERED.values()):
        path, name = node.split("::")
        assert re.search(rf"^(async )?def {name}\(", (ROOT / path).read_text(encoding="utf-8"), re.M), node


def test_timer_settings_move_the_timers() -> None:
    s = Settings(
        telegram_bot_token=TOKEN,
        green_remind_s=60,
        green_escalate_s=120,
        yellow_remind_s=30,
        yellow_escalate_s=90,
        red_reping_s=10,
        red_page_s=20,
        red_pages=2,
        green_due_s=1000,
        yellow_due_s=500,
        red_due_s=100,
        due_remind_share=0.5,
        survey_delay_s=7,
        survey_expire_s=70,
        daily_brief_time="06:30",
    )
    p = policy(s)
    at = [(x.kind, x.due_at - NOW) for x in escalation.dispatch_timers(Urgency.GREEN, NOW, p)]
    assert at == [(TimerKind.REMIND, timedelta(seconds=60)), (TimerKind.ESCALATE, timedelta(seconds=120))]
    at = [(x.kind, x.due_at - NOW) for x in escalation.dispatch_timers(Urgency.YELLOW, NOW, p)]
    assert at == [(TimerKind.REMIND, timedelta(seconds=30)), (TimerKind.ESCALATE, timedelta(seconds=90))]
    [reping] = escalation.dispatch_timers(Urgency.RED, NOW, p)
    assert reping.due_at - NOW == timedelta(seconds=10)
    pages = [escalation.page_timer(NOW, n, NOW, None, p) for n in (1, 2, 3)]
    assert [x.due_at - NOW if x else None for x in pages] == [timedelta(seconds=20), timedelta(seconds=20), None]
    for urgency, due in ((Urgency.GREEN, 1000), (Urgency.YELLOW, 500), (Urgency.RED, 100)):
        assert [x.due_at - NOW for x in escalation.accept_timers(urgency, NOW, p)] == [
            timedelta(seconds=due / 2),
            timedelta(seconds=due),
        ]
    [survey] = escalation.close_timers(Outcome.FIXED, NOW, 1, p)
    assert survey.due_at - NOW == timedelta(seconds=7)
    assert escalation.survey_expiry(NOW, 1, p).due_at - NOW == timedelta(seconds=70)
    assert p.brief_time == time(6, 30) and policy(Settings(telegram_bot_token=TOKEN)).brief_time == time(8, 0)


def _event(outcome: Outcome) -> Event:
    return make_event(
        status=Status.CLOSED,
        created_at=NOW,
        accepted_at=NOW,
        closed_at=NOW,
        outcome=outcome,
        due_at=NOW + timedelta(hours=1),
    )


def test_points_settings_change_the_awards() -> None:
    def total(settings: Settings, outcome: Outcome) -> int:
        return sum(a.delta for a in points_core.for_close(_event(outcome), rules(settings)))

    default = Settings(telegram_bot_token=TOKEN)
    assert total(default, Outcome.FIXED) == 10 + 5 and total(default, Outcome.CANNOT_FIX) == 5
    more = Settings(
        telegram_bot_token=TOKEN,
        points_report_confirmed=20,
        points_closed_in_time=0,
        points_confirmed_outcomes="fixed,referred,cannot_fix",
    )
    assert total(more, Outcome.FIXED) == 20 and total(more, Outcome.CANNOT_FIX) == 20
    rating = Settings(telegram_bot_token=TOKEN, points_good_rating=9)
    assert [a.delta for a in points_core.for_rating(1, 2001, "satisfied", rules(rating))] == [9]
    assert (
        points_core.for_rating(1, 2001, "satisfied", rules(Settings(telegram_bot_token=TOKEN, points_good_rating=0)))
        == []
    )


def test_merge_threshold_decides_how_alike() -> None:
    report = merge.Report(-1, Category.REPAIR, Urgency.GREEN, "3", None, "电梯按钮失灵")
    open_event = merge.Candidate(7, -1, Category.REPAIR, Urgency.GREEN, "3", None, NOW, ["电梯门坏了"])  # half alike
    for threshold, joined in (
        (Settings(telegram_bot_token=TOKEN).merge_threshold, None),
        (Settings(telegram_bot_token=TOKEN, merge_threshold=0.4).merge_threshold, 7),
    ):
        assert merge.decide(report, [open_event], NOW, timedelta(days=1), threshold) == joined, threshold


def test_webhook_listen_and_path() -> None:
    s = Settings(telegram_bot_token=TOKEN, webhook_listen="0.0.0.0", webhook_path="/hooks/linli/")
    params = webhook_params(s, "https://bot.example.org/hooks/linli")
    assert (params["listen"], params["url_path"]) == ("0.0.0.0", "hooks/linli")
    default = webhook_params(Settings(telegram_bot_token=TOKEN), "https://bot.example.org/telegram")
    assert (default["listen"], default["url_path"]) == ("127.0.0.1", "telegram")


@pytest.mark.parametrize("level", ["WARNING", "DEBUG"])
def test_log_level_sets_the_level(level: str) -> None:
    root = logging.getLogger()
    before, handlers = root.level, list(root.handlers)
    try:
        setup_logging(Settings(telegram_bot_token=TOKEN, log_level=level).log_level)
        assert root.level == getattr(logging, level)
    finally:
        for h in list(root.handlers):
            root.removeHandler(h)
        for h in handlers:
            root.addHandler(h)
        root.setLevel(before)


@pytest.mark.parametrize(("attempts", "give_up_s", "delivered"), [(1, 1, False), (12, 1, True), (1, 3600, True)])
async def test_outbox_max_attempts_gives_up(
    fake_tg: FakeTelegram, make_bot: MakeBot, attempts: int, give_up_s: int, delivered: bool
) -> None:
    """Two 500s in a row: given up after OUTBOX_MAX_ATTEMPTS tries, but while Telegram fails (5xx, 429, network)
    only once the message is also OUTBOX_GIVE_UP_S old (a long outage loses nothing)."""
    from storage import outbox

    bot = await make_bot(outbox_max_attempts=attempts, outbox_give_up_s=give_up_s)
    fake_tg.fail_next("sendMessage", 500, times=2, chat_id=RESIDENT)
    fake_tg.send_message(RESIDENT, RESIDENT, "/whoami")
    if delivered:  # retried after a second
        await fake_tg.wait_for(lambda: fake_tg.find_message(RESIDENT, "Telegram ID"))
    else:  # the second try comes a second later, when the row is a second old

        async def failed() -> bool:
            async with bot.ctx.db.read() as c:
                return (await outbox.counts(c)).get("failed") == 1

        await until(failed, what="the row recorded as failed")
        assert fake_tg.find_message(RESIDENT, "Telegram ID") is None


@pytest.mark.parametrize(("lines", "shown"), [(2, 2), (5, 4)])
async def test_points_history_lines(make_ctx: MakeCtx, lines: int, shown: int) -> None:
    from ids import RESIDENT

    from bot.core.points import Reason
    from bot.services import points as points_service
    from storage import points as ledger

    ctx = await make_ctx(lambda: NOW, points_history_lines=lines)
    async with ctx.db.tx() as c:
        for i in range(4):
            await ledger.add(c, RESIDENT, 5, Reason.AWARD, NOW + timedelta(minutes=i), by_user=1001, note=f"n{i}")
    text = await points_service.show(ctx, RESIDENT, "zh-Hans", brief=False)
    assert text.count("• ") == shown and "20" in text


def _init_data(token: str, user_id: int, auth_date: int) -> str:
    """Mini App initData as Telegram signs it."""
    import hashlib
    import hmac
    import json
    from urllib.parse import urlencode

    from bot.core import webauth

    fields = {"auth_date": str(auth_date), "query_id": "q1", "user": json.dumps({"id": user_id, "first_name": "张"})}
    check = webauth.data_check_string(fields).encode()
    fields["hash"] = hmac.new(webauth.webapp_secret(token), check, hashlib.sha256).hexdigest()
    return urlencode(fields)


@pytest.mark.parametrize(("max_age", "session", "signed_in"), [(3600, 600, True), (3600, 7200, True), (60, 600, False)])
async def test_console_sign_in_age_and_session(make_ctx: MakeCtx, max_age: int, session: int, signed_in: bool) -> None:
    from ids import ADMIN

    from bot.services import console_auth

    ctx = await make_ctx(
        lambda: NOW, telegram_bot_token=TOKEN, console_init_data_max_age_s=max_age, console_session_s=session
    )
    opened = await console_auth.from_init_data(ctx, _init_data(TOKEN, ADMIN, int(NOW.timestamp()) - 300))
    assert (opened is not None) is signed_in  # signed five minutes ago
    assert opened is None or opened.expires_at == int(NOW.timestamp()) + session


@pytest.mark.parametrize("at", ["03:30", "04:15"])
async def test_backup_time_is_when_the_nightly_backup_runs(make_bot: MakeBot, tmp_path: Path, at: str) -> None:
    bot = await make_bot(backup_dir=str(tmp_path / "backups"), backup_time=at)
    [job] = bot.app.job_queue.get_jobs_by_name("backup:nightly")
    assert job.next_t.astimezone(bot.ctx.community.tz).strftime("%H:%M") == at
    # crash review: a process paused or late at that minute still backs up that night (the default grace was 1 s)
    assert job.job.misfire_grace_time is None


async def test_console_listen_is_the_address_the_console_answers_on(make_bot: MakeBot) -> None:
    import aiohttp
    from console_client import free_port

    port = free_port()
    await make_bot(console_enabled=True, console_listen="127.0.0.2", console_port=port)
    async with aiohttp.ClientSession() as http:
        async with http.get(f"http://127.0.0.2:{port}/console/") as resp:
            assert resp.status == 200
        with pytest.raises(aiohttp.ClientConnectorError):
            await http.get(f"http://127.0.0.1:{port}/console/")


@pytest.mark.parametrize(("sync", "horizon"), [(60, 300), (400, 800)])
async def test_timer_sync_s_is_how_often_and_how_far_the_scheduler_reads(
    make_bot: MakeBot, sync: int, horizon: int
) -> None:
    bot = await make_bot(timer_sync_s=sync)
    [job] = bot.app.job_queue.get_jobs_by_name("timers:sync")
    assert job.job.trigger.interval == timedelta(seconds=sync)
    assert bot.app.bot_data["scheduler"].horizon == timedelta(seconds=horizon)  # rows given a job now


@pytest.mark.parametrize(
    ("settings", "local", "held_until"),
    [
        ({}, "21:30", "08:00"),
        ({"office_quiet_from": "22:00"}, "21:30", None),
        ({}, "07:30", "08:00"),
        ({"office_quiet_until": "07:00"}, "07:30", None),
        ({"office_quiet_from": "22:00", "office_quiet_until": "06:30"}, "23:00", "06:30"),
        ({"daily_brief_time": "07:00"}, "07:30", None),  # the end follows the committee's morning brief
        ({"office_quiet_from": "08:00", "office_quiet_until": "08:00"}, "02:00", None),  # none
    ],
)
async def test_office_quiet_hours_hold_a_question_until_their_end(
    make_ctx: MakeCtx, settings: dict, local: str, held_until: str | None
) -> None:
    """A resident's question passed on in the committee's quiet hours (OFFICE_QUIET_FROM until OFFICE_QUIET_UNTIL,
    DAILY_BRIEF_TIME unless set) waits for their end; outside them it goes at once. "25:00" is refused clearly."""
    from bot.services import handover
    from storage import office_questions, outbox
    from storage import timers as timer_rows

    tz = ZoneInfo("Asia/Shanghai")
    h, m = (int(x) for x in local.split(":"))
    at = datetime(2026, 11, 24, h, m, tzinfo=tz).astimezone(UTC)
    ctx = await make_ctx(lambda: at, **settings)
    async with ctx.db.tx() as c:
        asked = await office_questions.add(c, RESIDENT, "刘阿姨", 10, "物业费怎么交？", at)
    await handover.pass_on(ctx, asked, RESIDENT, RESIDENT, 11)
    async with ctx.db.read() as c:
        sent = await outbox.keyed(c, f"{handover.KEY}{asked}")
        held = await timer_rows.pending(c, kind=TimerKind.OFFICE_QUESTION)
    assert (sent is None) is (held_until is not None)
    assert [x.due_at.astimezone(tz).strftime("%H:%M") for x in held] == ([held_until] if held_until else [])


@pytest.mark.parametrize("name", ["office_quiet_from", "office_quiet_until"])
def test_office_quiet_hours_refuse_a_time_no_clock_shows(name: str) -> None:
    with pytest.raises(SettingsError, match=rf'Setting {name.upper()} is invalid: must be a time of day like "08:00"'):
        load_settings(telegram_bot_token=TOKEN, **{name: "25:00"})
