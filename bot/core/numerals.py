"""Chinese numerals to Arabic digits ("二十一" -> "21", "三零二" -> "302")."""

from __future__ import annotations

# 幺 is one as numbers are spoken digit by digit ("幺零二")
DIGITS = dict(zip("零〇幺一二两三四五六七八九", (0, 0, 1, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9), strict=True))
UNITS = {"十": 10, "百": 100, "千": 1000}
CN_NUMERAL_CHARS = "".join(DIGITS) + "".join(UNITS)


def cn_to_int(text: str) -> int | None:
    """Value of a Chinese numeral up to 9999, or None if ``text`` is not one.

    Digit-by-digit forms without a unit word ("三零二") read as positional digits.
    """
    if not text or any(ch not in DIGITS and ch not in UNITS for ch in text):
        return None
    if not any(ch in UNITS for ch in text):
        value = 0
        for ch in text:
            value = value * 10 + DIGITS[ch]
        return value
    total = 0
    current: int | None = None
    last_unit = 10_000
    for ch in text:
        if ch in DIGITS:
            if current is not None and DIGITS[ch] != 0:
                return None  # two digits in a row inside a unit form ("二三十")
            current = DIGITS[ch] if DIGITS[ch] != 0 else None
        else:
            unit = UNITS[ch]
            if unit >= last_unit:
                return None
            total += (1 if current is None else current) * unit
            current = None
            last_unit = unit
    return total + (current or 0)


def to_digits(token: str) -> str | None:
    """Digits for an Arabic or Chinese number token ("０７" is already NFKC'd), else None."""
    if token.isascii() and token.isdigit():
        return str(int(token)) if len(token) <= 6 else None
    value = cn_to_int(token)
    return None if value is None else str(value)
