"""The `linli` console script and `python -m bot.cli`: the collector waits while start-up builds its objects.

A start imports PTB, pydantic, aiohttp and numpy and loads the reader: about a million objects that live
as long as the process. Collecting while they are made costs ~0.1 s of a ~2 s start and frees nothing, so
the collector is paused until the bot is ready; then those objects are frozen out of its way
(`gc.freeze`, in `bot.cli.main.collect_from_now_on`) and it runs as usual. Other commands turn it back on
when they end.
"""

from __future__ import annotations

import gc


def main() -> int:
    """Run the `linli` command with the collector paused during start-up."""
    gc.disable()
    try:
        from bot.cli.main import main as linli

        return linli()
    finally:
        gc.enable()
