#!/usr/bin/env python3
"""Screenshots of every console page in zh-Hans, zh-Hant and en, into docs/console/.

Run (Debian's chromium and the playwright package; no download):
  .venv/bin/python tools/console_screenshots.py [--out docs/console]

It builds a demo community (tools/console_demo_data.py: community.example.toml, 90 days of reports),
runs the real bot with its console against the built-in fake Bot API, signs in as an admin through a
/console link in headless Chromium, and photographs each page at phone size (390×844), plus the board on
a desk (1280×800). A CJK font must be installed for the Chinese pages (Debian: fonts-noto-cjk).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "tests"))  # the browser set-up and free_port, shared with the browser test

from browser import CHROMIUM, phone_browser  # noqa: E402
from console_client import free_port  # noqa: E402
from console_demo_data import RESIDENTS  # noqa: E402
from console_demo_data import build as build_demo  # noqa: E402

from bot.core.community_file import load_community  # noqa: E402
from bot.fakeapi import FakeTelegram  # noqa: E402
from bot.runtime.embedded import EmbeddedBot  # noqa: E402

LANGS = ("zh-Hans", "zh-Hant", "en")
ADMIN = 1001
# each page: its route, and what shows once it is drawn
PAGES = {
    "board": ("#/board", "#board-list"),
    "event": ("#/event/{showcase}", ".actions"),
    "spots": ("#/spots?days=90", "#spots"),
    "trends": ("#/trends", "#chart-sat .u-wrap"),
    "rota": ("#/rota", "#rota-form"),
    "exports": ("#/exports", "#export-form"),
}


def populate(fake: FakeTelegram) -> None:
    """The example community's people and chats on the fake Telegram."""
    fake.group(-1001000000001, "滨海社区居委会")
    fake.group(-1001234567890, "幸福里1-5号楼居民群")
    fake.group(-1001234567891, "幸福里6-10号楼居民群")
    fake.group(-1001234567892, "幸福里10B号楼居民群")
    fake.user(ADMIN, "居委会张主任")
    fake.user_starts_bot(ADMIN)
    for i, name in enumerate(RESIDENTS):
        fake.user(5000 + i, name)


async def sign_in_link(fake: FakeTelegram, bot: EmbeddedBot, base: str) -> str:
    """The admin sends /console; the one-time link of the answer, on the local server."""
    fake.send_message(ADMIN, ADMIN, "/console")

    def link() -> str | None:
        for msg in fake.messages(ADMIN):
            for entity in msg.get("entities") or []:
                if "/console/login" in entity.get("url", ""):
                    return entity["url"]
        return None

    url = await fake.wait_for(link, timeout=20)
    return base + url[url.index("/console/login") :]


async def shoot(out: Path, keep: Path | None) -> None:
    """Build, serve, photograph."""
    from playwright.async_api import async_playwright

    folder = keep or Path(tempfile.mkdtemp(prefix="linli-console-"))
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "demo.db"
    db.unlink(missing_ok=True)
    showcase = await build_demo(db, int(time.time()))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    async with FakeTelegram() as fake:
        populate(fake)
        bot = EmbeddedBot(
            fake.base_url,
            fake.token,
            db,
            load_community(ROOT / "community.example.toml"),
            console_enabled=True,
            console_port=port,
            digest_enabled=False,
            merge_window_s=0,
        )
        await bot.start(poll_timeout=1)
        try:
            link = await sign_in_link(fake, bot, base)
            async with async_playwright() as pw:
                browser = await phone_browser(pw, folder / "chromium-profile", timezone_id="Asia/Shanghai")
                page = await browser.new_page()
                await page.goto(link)
                await page.click("#continue")
                await page.wait_for_selector("#board-list")
                out.mkdir(parents=True, exist_ok=True)
                for lang in LANGS:
                    await page.select_option("#me select[name=lang]", lang)
                    await page.wait_for_selector(f'html[lang="{lang}"]', state="attached")
                    for name, (route, ready) in PAGES.items():
                        await page.goto(base + "/console/" + route.format(showcase=showcase))
                        await page.wait_for_selector(ready)
                        await page.wait_for_timeout(300)
                        path = out / f"{name}-{lang}.png"
                        await page.screenshot(path=str(path), full_page=name in ("event", "trends"))
                        print(f"{path} ({path.stat().st_size / 1000:.0f} kB)")
                await page.set_viewport_size({"width": 1280, "height": 800})
                await page.select_option("#me select[name=lang]", "zh-Hans")
                await page.goto(base + "/console/#/board")
                await page.wait_for_selector("#board-list")
                await page.wait_for_timeout(300)
                await page.screenshot(path=str(out / "board-desk-zh-Hans.png"))
                await browser.close()
        finally:
            await bot.stop()


def main() -> None:
    """Parse arguments and run."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "console")
    ap.add_argument("--keep", type=Path, help="keep the demo database and browser profile in this folder")
    args = ap.parse_args()
    if not Path(CHROMIUM).exists():
        sys.exit(f"{CHROMIUM} is missing: apt-get install -y chromium fonts-noto-cjk")
    asyncio.run(shoot(args.out, args.keep))


if __name__ == "__main__":
    main()
