"""Mini Apps (Web Apps) as Telegram handles them: the rules for web_app buttons and menu buttons, and
what a Telegram client does when a user opens one (the signed launch data in the URL's #fragment).

The signing follows Telegram's documentation ("Validating data received via the Mini App") and is
written here on its own, so the bot's verifier is checked against an independent implementation.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any
from urllib.parse import quote, urlencode

from .errors import bad_request

MENU_TYPES = ("commands", "web_app", "default")
LAUNCH_VERSION = "8.0"
THEME = {
    "bg_color": "#ffffff",
    "text_color": "#000000",
    "hint_color": "#707579",
    "link_color": "#3390ec",
    "button_color": "#3390ec",
    "button_text_color": "#ffffff",
    "secondary_bg_color": "#f4f4f5",
}


def check_web_app(info: Any, where: str) -> None:
    """A WebAppInfo must hold an https URL (Telegram opens nothing else)."""
    url = str(info.get("url", "")) if isinstance(info, dict) else ""
    if not url.startswith("https://"):
        raise bad_request(f"{where} Web App URL '{url}' is invalid: Only HTTPS links are allowed")


def check_menu_button(button: Any) -> dict:
    """setChatMenuButton's menu_button: commands, default, or web_app with text and an https URL."""
    if button is None:
        return {"type": "default"}
    if not isinstance(button, dict) or button.get("type") not in MENU_TYPES:
        raise bad_request("can't parse menu button: unsupported menu button type")
    if button["type"] != "web_app":
        return {"type": button["type"]}
    text = button.get("text")
    if not isinstance(text, str) or not text.strip():
        raise bad_request("can't parse menu button: text is empty")
    check_web_app(button.get("web_app"), "menu button")
    return {"type": "web_app", "text": text, "web_app": {"url": button["web_app"]["url"]}}


def init_data(
    token: str,
    user: dict,
    *,
    auth_date: int | None = None,
    query_id: str = "AAE-fake-query",
    extra: dict[str, str] | None = None,
) -> str:
    """The initData string Telegram gives a Mini App opened by ``user``: fields plus their HMAC ``hash``."""
    fields = {
        "query_id": query_id,
        "user": json.dumps(user, ensure_ascii=False, separators=(",", ":")),
        "auth_date": str(int(time.time()) if auth_date is None else auth_date),
        **(extra or {}),
    }
    check = "\n".join(f"{k}={fields[k]}" for k in sorted(fields))
    secret = hmac.new(b"WebAppData", token.encode(), hashlib.sha256).digest()
    fields["hash"] = hmac.new(secret, check.encode(), hashlib.sha256).hexdigest()
    return urlencode(fields, quote_via=quote)


def launch_url(url: str, data: str, platform: str = "tdesktop") -> str:
    """The address a Telegram client opens: the Mini App's URL with the launch parameters after '#'."""
    params = {
        "tgWebAppData": data,
        "tgWebAppVersion": LAUNCH_VERSION,
        "tgWebAppPlatform": platform,
        "tgWebAppThemeParams": json.dumps(THEME, separators=(",", ":")),
    }
    return url.split("#", 1)[0] + "#" + urlencode(params, quote_via=quote)
