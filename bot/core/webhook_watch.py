"""Whether Telegram can deliver to the bot's webhook, from what getWebhookInfo says, and what to tell. Pure.

Telegram keeps the updates it cannot deliver (a broken reverse proxy: 502, a wrong path: 404, TLS, connection
refused) and the bot sees nothing: only getWebhookInfo shows it. The committee is told once when deliveries
start failing, once when they work again, and once when the webhook is no longer the bot's own (deleted, or
set by another instance: not set back here, or two instances would take it from each other every few minutes).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import IntEnum


class Told(IntEnum):
    """What the committee last heard (kept in bot_meta as the number)."""

    OK = 0
    FAILING = 1
    NOT_OURS = 2
    DOUBTFUL = 3  # nothing told: one check saw deliveries failing (a single 503 is retried), the next one tells


@dataclass(frozen=True, slots=True)
class WebhookInfo:
    """getWebhookInfo's answer, the part that matters here."""

    url: str
    pending: int
    last_error_at: datetime | None = None
    last_error: str = ""


@dataclass(frozen=True, slots=True)
class Verdict:
    """The state now, the locale key to tell the committee (None: nothing new) and the warning to log (None:
    all is well)."""

    state: Told
    say: str | None
    warning: str | None


def judge(
    info: WebhookInfo, ours: str, told: Told, now: datetime, period: timedelta, stored: datetime | None
) -> Verdict:
    """The webhook as Telegram sees it, compared with ours (``told``: what the committee last heard; ``period``:
    the time between checks; ``stored``: when the bot last stored an update).

    Deliveries fail while updates wait at Telegram and none was stored since its last error, an error of this
    period; once seen, they fail until an update is stored after the last error or none waits (Telegram's
    retries slow down: an error older than the period is no sign that deliveries work). The committee is told
    when the next check finds them failing still: one failed delivery (the database busy a moment) and a check
    before Telegram tried again is no news."""
    if info.url != ours:
        where = f"at {info.url}" if info.url else "deleted"
        warning = f"the webhook is no longer this bot's ({where}); not set back: restart this bot to take it again"
        say = ("ops.webhook_taken" if info.url else "ops.webhook_deleted") if told != Told.NOT_OURS else None
        return Verdict(Told.NOT_OURS, say, warning)
    error_at = info.last_error_at
    failing = (
        info.pending > 0
        and error_at is not None
        and (stored is None or stored < error_at)
        and (told in (Told.FAILING, Told.DOUBTFUL) or now - error_at <= period)
    )
    if failing:
        warning = f"Telegram cannot deliver updates ({info.last_error}); {info.pending} waiting at Telegram"
        if told == Told.NOT_OURS:  # it is ours again, told now; whether deliveries fail, at the next check
            return Verdict(Told.DOUBTFUL, "ops.webhook_ours_again", warning)
        if told not in (Told.FAILING, Told.DOUBTFUL):
            return Verdict(Told.DOUBTFUL, None, warning)
        return Verdict(Told.FAILING, "ops.webhook_failing" if told == Told.DOUBTFUL else None, warning)
    say = {Told.FAILING: "ops.webhook_ok", Told.NOT_OURS: "ops.webhook_ours_again"}.get(told)
    return Verdict(Told.OK, say, None)
