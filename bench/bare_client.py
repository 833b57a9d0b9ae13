"""The floor of the Bot API cost: a bare aiohttp client doing getUpdates + sendMessage, no framework.

    python bench/bare_client.py BASE_URL TOKEN [CONCURRENCY]

Long-polls getUpdates and answers each message with one sendMessage, at most CONCURRENCY (default 8,
Linli's sender's) in flight, until killed.
"""

from __future__ import annotations

import asyncio
import json
import signal
import sys

import aiohttp


async def main(base: str, concurrency: int) -> None:
    """Poll and answer until SIGTERM/SIGINT."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    slots = asyncio.Semaphore(concurrency)
    tasks: set[asyncio.Task] = set()
    connector = aiohttp.TCPConnector(limit=concurrency + 1)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def reply(chat_id: int, text: str) -> None:
            try:
                async with session.post(f"{base}/sendMessage", data={"chat_id": str(chat_id), "text": text}) as r:
                    await r.read()
            finally:
                slots.release()

        offset = 0
        while not stop.is_set():
            poll = asyncio.ensure_future(
                session.post(f"{base}/getUpdates", data={"offset": str(offset), "timeout": "1"})
            )
            done, _ = await asyncio.wait(
                {poll, asyncio.ensure_future(stop.wait())}, return_when=asyncio.FIRST_COMPLETED
            )
            if poll not in done:
                poll.cancel()
                break
            async with poll.result() as r:
                updates = json.loads(await r.read())["result"]
            for u in updates:
                offset = max(offset, u["update_id"] + 1)
                msg = u.get("message")
                if msg and "text" in msg:
                    await slots.acquire()
                    task = asyncio.create_task(reply(msg["chat"]["id"], msg["text"]))
                    tasks.add(task)
                    task.add_done_callback(tasks.discard)
        if tasks:
            await asyncio.wait(tasks, timeout=5)


if __name__ == "__main__":
    base_url, token = sys.argv[1], sys.argv[2]
    asyncio.run(main(f"{base_url.rstrip('/')}{token}", int(sys.argv[3]) if len(sys.argv) > 3 else 8))
