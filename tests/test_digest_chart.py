"""The chart: a PNG, drawn with the shipped CJK font, whose Chinese labels are glyphs and not empty boxes."""

from __future__ import annotations

import io

import pytest
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.ft2font import FT2Font
from test_digest_core import digest

from bot import fonts
from bot.render import i18n
from bot.render.digest_chart import render_png

PNG = b"\x89PNG\r\n\x1a\n"


def chart_strings(lang: str) -> str:
    cat = i18n.catalogue(lang)
    return "".join(v for k, v in cat.items() if k.startswith(("chart.", "urgency."))) + "红黄绿"


def test_font_is_found_by_matplotlib():
    family = fonts.register()
    found = font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
    assert found == str(fonts.font_path())
    assert fonts.font_path().stat().st_size < 5_000_000


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_chart_character_has_a_glyph(lang):
    font = FT2Font(str(fonts.font_path()))
    missing = sorted({c for c in chart_strings(lang) if not c.isspace() and font.get_char_index(ord(c)) == 0})
    assert not missing, f"rerun tools/make_cjk_font.py: no glyph for {''.join(missing)}"


def _ink(text: str, family: str) -> bytes:
    fig = Figure(figsize=(2, 1), dpi=50)
    fig.text(0.05, 0.3, text, fontfamily=family, fontsize=30)
    buf = io.BytesIO()
    fig.savefig(buf, format="rgba")
    return buf.getvalue()


@pytest.mark.filterwarnings("ignore:Glyph")
def test_labels_are_not_tofu():
    family = fonts.register()
    # Two different characters with no glyph render as the same box; real glyphs differ.
    assert _ink("红", family) != _ink("绿", family)
    assert _ink("红", family) != _ink("\uf8ff", family)  # a private-use code point: the font's notdef box


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_render_png(lang):
    png = render_png(lang, digest())
    assert png.startswith(PNG) and len(png) > 10_000


def test_the_bot_draws_in_a_child_process(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from bot.render import digest_chart

    monkeypatch.setattr(digest_chart, "ISOLATED", True)
    monkeypatch.setattr(digest_chart, "_draw", None)  # this process must not draw
    png = digest_chart.render_png("zh-Hans", digest())
    assert png.startswith(PNG) and len(png) > 10_000
    monkeypatch.setattr(sys, "executable", "/bin/false")  # a child that fails is an error, never an empty chart
    with pytest.raises(RuntimeError, match="chart process failed"):
        digest_chart.render_png("zh-Hans", digest())
