"""What Telegram can tell `linli init` before the bot ever ran: whose bot the token is, and who pressed Start or
added the bot to a group since, with their ids (first-day review: init asked for the admins' and workers' Telegram
ids and the groups' ids, which a secretary learns from the bot's /whoami, and the bot cannot run before init).

Updates are read without confirming them (getUpdates with no offset), so the first `linli run` still gets each
of them: it answers the Start presses and greets the groups. Plain HTTP (urllib, which honours HTTPS_PROXY), since
init asks its questions one by one at a terminal."""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from bot.config import Settings, SettingsError, load_settings

GROUPS = ("group", "supergroup")
IN_GROUP = ("member", "administrator", "creator")
WAIT_S = 8.0  # one call; Telegram answers a short getUpdates at once


class Unreachable(Exception):
    """Telegram could not be asked (no network, a proxy needed, a webhook set): the ids are typed by hand."""


class Rejected(Exception):
    """Telegram does not know the token."""


@dataclass
class Seen:
    """People who wrote to the bot in private (in order, by id: their name) and groups it is in (id: title)."""

    people: dict[int, str] = field(default_factory=dict)
    groups: dict[int, str] = field(default_factory=dict)


def base_url() -> str:
    """The Bot API server `linli run` would use: TELEGRAM_API_BASE_URL read as the bot reads its settings (the
    environment, then `.env`: first-day review, init read the environment only and asked api.telegram.org while
    `.env` named a local Bot API server), else Telegram's."""
    try:
        url = load_settings().telegram_api_base_url
    except SettingsError:  # another setting malformed: `linli run` says which; the server is still the one named
        url = os.environ.get("TELEGRAM_API_BASE_URL") or Settings.model_fields["telegram_api_base_url"].default
    return url.strip().rstrip("/")


class Telegram:
    """The Bot API of one token, called by plain HTTP."""

    def __init__(self, token: str, url: str | None = None) -> None:
        self._url = f"{url or base_url()}{token}/"

    def call(self, method: str, **params: Any) -> Any:
        body = json.dumps(params).encode()
        request = urllib.request.Request(self._url + method, body, {"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=WAIT_S) as answer:  # noqa: S310 - the Bot API's URL
                data = json.loads(answer.read())
        except urllib.error.HTTPError as exc:
            if exc.code in (401, 404):
                raise Rejected from None
            raise Unreachable(f"{exc.code} {exc.reason}") from None
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise Unreachable(str(getattr(exc, "reason", exc))) from None
        if not data.get("ok"):
            raise Unreachable(str(data.get("description")))
        return data["result"]

    def username(self) -> str:
        """The bot's @username (getMe)."""
        return str(self.call("getMe")["username"])

    def sees_group_messages(self) -> bool:
        """Whether BotFather's privacy mode is off (getMe), so the bot reads residents' words in groups."""
        return bool(self.call("getMe").get("can_read_all_group_messages"))

    def seen(self) -> Seen:
        """Who pressed Start (or wrote) in private and which groups the bot was added to, oldest first; nothing is
        confirmed, so `linli run` gets the same updates."""
        out = Seen()
        for update in self.call("getUpdates", timeout=0):
            if (message := update.get("message")) is not None:
                chat = message["chat"]
                if chat["type"] == "private" and "from" in message:
                    out.people.setdefault(message["from"]["id"], _name(message["from"]))
                elif chat["type"] in GROUPS:
                    if (new := message.get("migrate_to_chat_id")) is not None:  # upgraded to a supergroup
                        out.groups.pop(chat["id"], None)
                        out.groups[new] = chat.get("title", "")
                    else:
                        out.groups.setdefault(chat["id"], chat.get("title", ""))
            elif (member := update.get("my_chat_member")) is not None and member["chat"]["type"] in GROUPS:
                chat = member["chat"]
                if member["new_chat_member"]["status"] in IN_GROUP:
                    out.groups.setdefault(chat["id"], chat.get("title", ""))
                else:  # removed again
                    out.groups.pop(chat["id"], None)
        return out


def _name(user: dict[str, Any]) -> str:
    """A person's name as the answer 'id name' can hold it (no commas: they separate the workers)."""
    name = " ".join(x for x in (user.get("first_name"), user.get("last_name")) if x)
    for comma in ",，、":
        name = name.replace(comma, " ")
    return " ".join(name.split()) or str(user["id"])
