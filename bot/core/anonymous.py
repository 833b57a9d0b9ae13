"""A resident asking in her report's own words that her name be kept out ("我想匿名反映", "别说是我说的", "唔好话係我
讲嘅", "please keep my name out of it"): her private report is anonymous from the start, and the question whether to
tell her building's group offers no post with her name."""

from __future__ import annotations

import re

from bot.core import followup

# the words are normalised first (Simplified, lower case); a name kept out, not a question about it ("可以匿名吗？" is
# still a wish to be anonymous: asked in a report, it is hers)
_ASKED = re.compile(
    r"匿名|"
    r"(?:别|不要|不用|唔好|千万别|千万不要)(?:跟\S{0,4})?(?:说|讲|话|透露|告诉\S{0,4})(?:是|係|系)我"
    r"|(?:不要|别|唔好)(?:写|写上|提|暴露|透露|公开)(?:我的?|我嘅)(?:名字|名|姓名|身份)"
    r"|(?:替我|帮我|给我)保密|不想(?:让)?(?:人|别人|邻居|大家)知道是我"
    r"|\banonymous(?:ly)?\b|\bkeep my name out\b"
    r"|\bdon'?t (?:tell|say|mention) (?:\w+ )?(?:it was|it's|that it was) me\b"
    r"|\bdon'?t (?:use|mention|give|share) my name\b|\bwithout my name\b"
)


def asked(text: str) -> bool:
    """Whether her words ask that her name be kept out of what neighbours read."""
    return bool(_ASKED.search(followup.plain(text)))
