"""`linli demo` plays the whole loop against the built-in fake Bot API."""

from __future__ import annotations

import pytest

from bot.cli.demo import run_demo


@pytest.mark.parametrize("lang", ["zh-Hans", "en"])
async def test_demo_plays_the_whole_loop(lang: str) -> None:
    lines: list[str] = []
    assert await run_demo(lang, out=lines.append, pause=0)
    text = "\n".join(lines)
    assert "#1" in text
    assert ("接单" in text) if lang == "zh-Hans" else ("Accept" in text)
    assert "v1:" not in text and "v2:" not in text  # button labels, never raw callback data
    assert text.count("👤") >= 5  # the people's side is shown too
