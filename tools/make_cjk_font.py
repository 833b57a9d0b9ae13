"""Build bot/fonts/LinliSansCJK-Regular.otf: a subset of Noto Sans CJK SC (SIL OFL 1.1) for the charts.

Usage: python tools/make_cjk_font.py path/to/NotoSansCJKsc-Regular.otf

Keeps ASCII, CJK punctuation, the 3,755 common hanzi of GB 2312 level 1 and every character of the
locale catalogues (zh-Hans, zh-Hant, en), and renames the family as the OFL asks of modified fonts.
Run it again after adding chart labels with new characters (tests/test_digest_chart.py checks).
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bot" / "fonts" / "LinliSansCJK-Regular.otf"
FAMILY = "Linli Sans CJK"


def characters() -> set[str]:
    """Every character the charts may need."""
    chars = {chr(c) for c in range(0x20, 0x7F)}
    chars |= {chr(c) for c in range(0x3000, 0x3040)}  # CJK symbols and punctuation
    chars |= {chr(c) for c in range(0xFF01, 0xFF5F)}  # full-width forms
    chars |= set("·—–…‘’“”°×÷±≥≤→←↑↓%")
    for hi in range(0xB0, 0xD8):  # GB 2312 level 1
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    for path in (ROOT / "bot" / "locales").glob("*.toml"):
        chars |= set(path.read_text(encoding="utf-8"))
    return {c for c in chars if c.isprintable()}


def main(source: str) -> None:
    """Subset `source` into OUT."""
    font = TTFont(source)
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    sub = subset.Subsetter(options)
    sub.populate(text="".join(sorted(characters())))
    sub.subset(font)
    name = font["name"]
    for rec in name.names:
        if rec.nameID in (1, 16):
            rec.string = FAMILY
        elif rec.nameID in (3, 4):
            rec.string = f"{FAMILY} Regular"
        elif rec.nameID == 6:
            rec.string = "LinliSansCJK-Regular"
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = ["LinliSansCJK-Regular"]
        top = cff.topDictIndex[0]
        top.FamilyName = FAMILY
        top.FullName = f"{FAMILY} Regular"
    font.save(OUT)
    print(f"{OUT}: {OUT.stat().st_size:,} bytes")


if __name__ == "__main__":
    main(sys.argv[1])
