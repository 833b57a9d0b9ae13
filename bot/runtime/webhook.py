"""Webhook mode: Telegram posts updates to us; every request must carry the secret token header."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import urlparse

from bot.config import Settings, SettingsError

_SECRET_OK = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


def secret_token(settings: Settings) -> str:
    """The X-Telegram-Bot-Api-Secret-Token value: WEBHOOK_SECRET, else one derived from the bot token."""
    secret = settings.webhook_secret.get_secret_value()
    if secret:
        if not _SECRET_OK.match(secret):
            raise SettingsError("WEBHOOK_SECRET may only hold 1-256 letters, digits, _ and -.")
        return secret
    return hashlib.sha256(f"linli-webhook:{settings.token}".encode()).hexdigest()[:48]


def webhook_params(settings: Settings, url: str) -> dict:
    """Arguments for PTB's start_webhook/run_webhook: listen locally, tell Telegram the public URL."""
    parsed = urlparse(url)
    if parsed.scheme != "https" or not parsed.netloc:
        # Telegram delivers webhooks over https only (to ports 443, 80, 88 or 8443).
        raise SettingsError(
            f"--webhook needs a public https URL such as https://bot.example.org/telegram, not {url!r}."
        )
    path = settings.webhook_path.strip("/")
    return {
        "listen": settings.webhook_listen,
        "port": settings.webhook_port,
        "url_path": path,
        "webhook_url": url,
        "secret_token": secret_token(settings),
    }


def path_mismatch(settings: Settings, url: str) -> str | None:
    """The warning when Telegram will POST to a path the bot does not listen on: right only behind a proxy
    that rewrites it (nginx's `proxy_pass http://127.0.0.1:8443;` and Caddy's `reverse_proxy` pass it as it is,
    and every update would get 404, retried by Telegram and never seen)."""
    public = "/" + urlparse(url).path.strip("/")
    local = "/" + settings.webhook_path.strip("/")
    if public == local:
        return None
    return (
        f"Telegram will POST updates to {public} and the bot listens on {local}: unless your reverse proxy"
        f" rewrites the path, set WEBHOOK_PATH={public.strip('/') or '/'}."
    )
