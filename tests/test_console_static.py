"""The console's pages as files: small, self-contained, no HTML built from data, every text translated."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.render.i18n import LANGUAGES
from bot.runtime.console.app import static_dir
from bot.runtime.console.strings import strings

STATIC = static_dir()
SCRIPTS = sorted((STATIC / "js").glob("*.js"))
PAGE_FILES = ["index.html", "app.css", "vendor/uPlot.min.css", "vendor/uPlot.iife.min.js"]
KEY = re.compile(r"""L\.t\(\s*(["'])([a-z_]+\.[a-z_.0-9]*)\1""")


def test_pages_weigh_under_200_kb_before_images() -> None:
    total = sum((STATIC / name).stat().st_size for name in PAGE_FILES) + sum(p.stat().st_size for p in SCRIPTS)
    assert total < 200_000, f"{total} bytes"


def test_index_loads_only_its_own_files() -> None:
    html = (STATIC / "index.html").read_text(encoding="utf-8")
    refs = re.findall(r"""(?:src|href)="([^"]+)\"""", html)
    assert refs and all(ref.startswith("/console/static/") for ref in refs), refs
    for ref in refs:
        assert (STATIC / ref.removeprefix("/console/static/")).is_file(), ref


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_no_html_from_strings(script: Path) -> None:
    code = script.read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in code, f"{script.name} uses {sink}"


def test_the_vendored_chart_library_keeps_its_licence() -> None:
    assert "MIT License" in (STATIC / "vendor" / "uPlot.LICENSE.txt").read_text(encoding="utf-8")
    assert "uPlot" in (STATIC / "vendor" / "uPlot.iife.min.js").read_text(encoding="utf-8")[:200]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_key_the_pages_use_is_translated(lang: str) -> None:
    keys = strings(lang)
    used = {m[2] for script in SCRIPTS for m in KEY.finditer(script.read_text(encoding="utf-8"))}
    assert len(used) > 50
    missing = sorted(
        k for k in used if (k not in keys if not k.endswith(".") else not any(x.startswith(k) for x in keys))
    )
    assert not missing, missing
    assert not any("<b>" in v or "<a " in v for v in keys.values())  # the bot's HTML tags are stripped
