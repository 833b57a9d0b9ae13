"""`linli demo`: the whole product in a minute, with no token and no network.

Runs the real bot against the built-in fake Bot API server with a small scripted community: a resident
reports, the grid worker accepts and closes, and the satisfaction question comes back. Every message is
printed as it happens.
"""

from __future__ import annotations

import asyncio
import logging
import tempfile
from collections.abc import Callable
from pathlib import Path

from pydantic import ValidationError

from bot.config import Settings
from bot.core.callbacks import Action, decode
from bot.core.community_file import parse_community
from bot.fakeapi import FakeTelegram
from bot.fakeapi.server import Call
from bot.render.i18n import plain
from bot.runtime.embedded import EmbeddedBot

TOKEN = "100000:DEMO-token-not-a-real-bot-xxxxxxx"


def default_language() -> str:
    """DEFAULT_LANGUAGE from the environment or .env, for a demo run without --lang (zh-Hans when unset or
    unreadable: the demo needs no token and no other setting)."""
    try:
        return Settings(telegram_bot_token=TOKEN).default_language
    except ValidationError:
        return "zh-Hans"


COMMITTEE, GROUP, ADMIN, WORKER, RESIDENT = -1001000000001, -1001234567890, 1001, 2001, 5001

SCRIPT = {
    "zh-Hans": ("3号楼2单元楼道灯坏了，晚上上楼看不见，老人容易摔跤", "大家早上好！"),
    "zh-Hant": ("3號樓2單元樓道燈壞了，晚上上樓看不見，老人容易摔跤", "大家早安！"),
    "en": ("The corridor light in Building 3 Unit 2 is broken, it's pitch dark at night", "Morning everyone!"),
}


def community_toml(lang: str) -> str:
    """A tiny community: one grid, one worker on duty around the clock, one committee chat."""
    return f"""
[community]
name = "滨海社区"
timezone = "Asia/Shanghai"
committee_chat_id = {COMMITTEE}
admins = [{ADMIN}]
language = "{lang}"

[[grids]]
id = "A"
name = "第一网格"
buildings = ["1", "2", "3", "4", "5"]
chats = [{GROUP}]

[[workers]]
telegram_id = {WORKER}
name = "王师傅"

[[shifts]]
worker = {WORKER}
grid = "A"
start = "00:00"
end = "24:00"
"""


class Printer:
    """Prints the bot's side of the conversation as the fake server sees it."""

    def __init__(self, fake: FakeTelegram, out: Callable[[str], None], lang: str = "zh-Hans") -> None:
        self.fake = fake
        self.out = out
        self.lang = lang
        self.names = {
            COMMITTEE: plain(lang, "demo.chat.committee"),
            GROUP: plain(lang, "demo.chat.group"),
            WORKER: plain(lang, "demo.chat.worker"),
            RESIDENT: plain(lang, "demo.chat.resident"),
        }

    def say(self, key: str) -> None:
        """A line of the demo's own narration, in its language."""
        self.out(plain(self.lang, key))

    def chat(self, chat_id: object) -> str:
        return self.names.get(chat_id, str(chat_id))  # type: ignore[call-overload]

    def __call__(self, call: Call) -> None:
        if not call.ok or call.method not in (
            "sendMessage",
            "editMessageText",
            "editMessageReplyMarkup",
            "answerCallbackQuery",
            "sendPhoto",
        ):
            return
        res = call.result if isinstance(call.result, dict) else {}
        if call.method == "answerCallbackQuery":
            if call.params.get("text"):
                self.out(f"    {plain(self.lang, 'demo.toast')} {call.params['text']}")
            return
        text = res.get("text") or res.get("caption") or ""
        verb = {"sendMessage": "🤖", "sendPhoto": "🤖🖼", "editMessageText": "🤖✏️", "editMessageReplyMarkup": "🤖🔘"}[
            call.method
        ]
        buttons = [b["text"] for row in (res.get("reply_markup") or {}).get("inline_keyboard", []) for b in row]
        if call.method == "editMessageReplyMarkup":
            text = plain(self.lang, "demo.buttons_changed")
        self.out(f"[{self.chat(call.params.get('chat_id'))}] {verb} " + text.replace("\n", "\n      "))
        if buttons:
            self.out("      " + "  ".join(f"[{b}]" for b in buttons))

    def person(self, chat_id: int, who: str, what: str) -> None:
        self.out(f"\n[{self.chat(chat_id)}] 👤 {who}: {what}")


async def run_demo(lang: str = "zh-Hans", out: Callable[[str], None] = print, pause: float = 0.4) -> bool:
    """Play the script; True when the whole loop completed."""
    logging.getLogger("telegram").setLevel(logging.ERROR)
    async with FakeTelegram(token=TOKEN, bot_username="linli_demo_bot") as fake:
        fake.group(COMMITTEE, "居委会", type="supergroup")
        fake.group(GROUP, "3号楼居民群", type="supergroup")
        fake.user(ADMIN, "张主任")
        fake.user(WORKER, "王师傅", language_code={"en": "en", "zh-Hant": "zh-hant"}.get(lang, "zh-hans"))
        fake.user(RESIDENT, "刘阿姨", language_code={"en": "en", "zh-Hant": "zh-hant"}.get(lang, "zh-hans"))
        printer = Printer(fake, out, lang)
        with tempfile.TemporaryDirectory() as tmp:
            bot = EmbeddedBot(
                fake.base_url,
                TOKEN,
                Path(tmp) / "linli-demo.db",
                parse_community(community_toml(lang)),
                survey_delay_s=2,
                default_language=lang,
            )
            await bot.start(poll_timeout=0.5)
            fake.listeners.append(printer)
            try:
                return await _script(fake, printer, lang, pause)
            finally:
                fake.listeners.remove(printer)
                await fake.wait_until_updates_consumed(timeout=5)
                await bot.stop()


async def _script(fake: FakeTelegram, p: Printer, lang: str, pause: float) -> bool:
    report, chat = SCRIPT[lang]
    p.say("demo.title")
    p.person(WORKER, "王师傅", "/start")
    fake.send_message(WORKER, WORKER, "/start")
    await fake.wait_for(lambda: fake.find_message(WORKER, "王师傅"))
    await asyncio.sleep(pause)
    p.person(GROUP, "刘阿姨", chat)
    fake.send_message(GROUP, RESIDENT, chat)
    await asyncio.sleep(pause)
    p.out("      " + plain(lang, "demo.silent"))
    p.person(GROUP, "刘阿姨", report)
    fake.send_message(GROUP, RESIDENT, report)
    dm = await fake.wait_for(lambda: fake.find_message(WORKER, "#1"))
    await asyncio.sleep(pause)
    await _press(fake, p, WORKER, WORKER, dm["message_id"], plain(lang, "btn.accept"))
    await fake.wait_for(lambda: _has_button(fake, WORKER, dm["message_id"], plain(lang, "btn.close")))
    await asyncio.sleep(pause)
    await _press(fake, p, WORKER, WORKER, dm["message_id"], plain(lang, "btn.close"))
    await fake.wait_for(lambda: _has_button(fake, WORKER, dm["message_id"], plain(lang, "btn.fixed")))
    await asyncio.sleep(pause)
    await _press(fake, p, WORKER, WORKER, dm["message_id"], plain(lang, "btn.fixed"))
    p.out("\n      " + plain(lang, "demo.later"))
    try:
        survey = await fake.wait_for(lambda: _survey(fake), timeout=15)
    except TimeoutError:
        p.out("      " + plain(lang, "demo.no_survey"))
        return False
    chat_id, message_id, label = survey
    await asyncio.sleep(pause)
    await _press(fake, p, RESIDENT, chat_id, message_id, label, who="刘阿姨")
    await asyncio.sleep(1.0)
    p.person(GROUP, "刘阿姨", "/status 1")
    fake.send_message(GROUP, RESIDENT, "/status 1")
    await fake.wait_for(
        lambda: len(fake.messages(GROUP)) and fake.messages(GROUP)[-1]["text"].startswith("#1"), timeout=5
    )
    await asyncio.sleep(0.3)
    p.out("\n" + plain(lang, "demo.end"))
    return True


async def _press(
    fake: FakeTelegram, p: Printer, user: int, chat: int, message_id: int, label: str, who: str = "王师傅"
) -> None:
    p.person(chat, who, plain(p.lang, "demo.presses", label=label))
    fake.press_button_text(user, chat, message_id, label)
    await asyncio.sleep(0.2)


def _has_button(fake: FakeTelegram, chat: int, message_id: int, label: str) -> bool:
    return any(b["text"] == label for b in fake.buttons(chat, message_id))


def _survey(fake: FakeTelegram) -> tuple[int, int, str] | None:
    """The satisfaction question to the resident: (chat, message, first button's label)."""
    for chat in (RESIDENT, GROUP):
        for msg in reversed(fake.messages(chat)):
            buttons = [b for row in (msg.get("reply_markup") or {}).get("inline_keyboard", []) for b in row]
            if any((cb := decode(b.get("callback_data"))) and cb.action is Action.RATE for b in buttons):
                return chat, msg["message_id"], buttons[0]["text"]
    return None
