"""Headless Chromium for the console's browser test and tools/console_screenshots.py: Debian's chromium
driven by Playwright (Playwright never downloads a browser here)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

# Debian's chromium; LINLI_CHROMIUM names another build of it (a machine without Debian's package)
CHROMIUM = os.environ.get("LINLI_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


async def phone_browser(pw: Any, profile: Path, **options: Any) -> Any:
    """A persistent headless Chromium context (profile in `profile`) at phone size, 390×844, in zh-CN."""
    return await pw.chromium.launch_persistent_context(
        str(profile),
        executable_path=CHROMIUM,
        headless=True,
        args=ARGS,
        viewport={"width": 390, "height": 844},
        locale="zh-CN",
        **options,
    )
