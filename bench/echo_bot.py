"""The PTB ceiling: an echo bot (one handler that replies once), run as its own process.

    python bench/echo_bot.py BASE_URL TOKEN [CONCURRENCY] [httpx|aiohttp]

CONCURRENCY (default 8, Linli's sender's) is both PTB's concurrent updates and the connection pool, so
at most that many sendMessage calls are in flight, as in Linli. The HTTP client is PTB's default
HTTPXRequest unless `aiohttp` (Linli's bot/runtime/http.py) is asked for.
"""

from __future__ import annotations

import sys
from pathlib import Path

from telegram import Update
from telegram.ext import Application, ContextTypes, MessageHandler, filters


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Reply once with the same text."""
    await update.effective_message.reply_text(update.effective_message.text)


def main() -> None:
    """Poll until killed."""
    base_url, token = sys.argv[1], sys.argv[2]
    concurrency = int(sys.argv[3]) if len(sys.argv) > 3 else 8
    client = sys.argv[4] if len(sys.argv) > 4 else "httpx"
    builder = Application.builder().token(token).base_url(base_url).concurrent_updates(concurrency)
    if client == "aiohttp":
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from bot.runtime.http import AiohttpRequest

        builder = builder.request(AiohttpRequest(connection_pool_size=concurrency)).get_updates_request(
            AiohttpRequest(connection_pool_size=1)
        )
    else:
        builder = builder.connection_pool_size(concurrency)
    app = builder.build()
    app.add_handler(MessageHandler(filters.TEXT, echo))
    app.run_polling(poll_interval=0, timeout=1)


if __name__ == "__main__":
    main()
