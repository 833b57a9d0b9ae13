"""The CJK font shipped for the charts (a subset of Noto Sans CJK SC, SIL OFL 1.1: see OFL.txt)."""

from __future__ import annotations

import threading
from importlib import resources
from pathlib import Path

FAMILY = "Linli Sans CJK"
FILE = "LinliSansCJK-Regular.otf"
_lock = threading.Lock()
_done = False


def font_path() -> Path:
    """Where the shipped font file is."""
    return Path(str(resources.files("bot.fonts") / FILE))


def register() -> str:
    """Add the font to matplotlib's font manager (once) and return its family name."""
    global _done
    with _lock:
        if not _done:
            from matplotlib import font_manager

            font_manager.fontManager.addfont(str(font_path()))
            _done = True
    return FAMILY
