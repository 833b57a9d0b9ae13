"""The console shows photos kept by Telegram: the bot downloads them by file id when a page asks."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Awaitable, Callable

from telegram import Bot

CACHE_FILES = 32  # recent photos kept in memory, so a board full of readers asks Telegram once
MAX_BYTES = 10 * 2**20


def file_fetcher(bot: Bot) -> Callable[[str], Awaitable[bytes]]:
    """An async function: Telegram file id → its bytes (getFile, then the download)."""
    cache: OrderedDict[str, bytes] = OrderedDict()

    async def fetch(file_id: str) -> bytes:
        if file_id in cache:
            cache.move_to_end(file_id)
            return cache[file_id]
        file = await bot.get_file(file_id)
        if file.file_size and file.file_size > MAX_BYTES:
            raise ValueError("file too large to show")
        data = bytes(await file.download_as_bytearray())
        cache[file_id] = data
        while len(cache) > CACHE_FILES:
            cache.popitem(last=False)
        return data

    return fetch
