"""The ceiling: a PTB echo bot (one handler that replies once), run as its own process.

python bench/echo_bot.py BASE_URL TOKEN
"""

from __future__ import annotations

import sys

from telegram import Update
from telegram.ext import Application, ContextTypes, MessageHandler, filters


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Reply once with the same text."""
    await update.effective_message.reply_text(update.effective_message.text)


def main() -> None:
    """Poll until killed."""
    base_url, token = sys.argv[1], sys.argv[2]
    app = Application.builder().token(token).base_url(base_url).concurrent_updates(True).build()
    app.add_handler(MessageHandler(filters.TEXT, echo))
    app.run_polling(poll_interval=0, timeout=1)


if __name__ == "__main__":
    main()
