"""Her words after a close that did not fix her problem ("cannot fix", "referred elsewhere"), where she is asked only
whether she is satisfied with how it was handled: words saying she is not, or that it goes on and she does not know
who will see to it ("那怎么办呢？水一直在滴，谁来管啊", "不满意", "唔該，點算好", "so what now? it's still leaking").
Day-in-the-life review: such words were asked "Report it?", and her "not satisfied" reached no one but the digest.
Pure: ``services/surveys`` decides what they do."""

from __future__ import annotations

import re

from bot.core.followup import plain

# matched on plain text (Simplified script, lower case): not satisfied, not acceptable, "what now", "who will see to it"
_DISPLEASED = re.compile(
    r"不满意?|唔满意?|不接受|不能接受|接受不了|不合理|不行|唔得|太差|差评|敷衍|推来推去|踢皮球"
    r"|(那|咁)?(怎么|点|咋)(办|算|搞)|谁(来|去)?管|没人管|冇人理|没人理|不管了|就这样(算了)?[吗?？]"
    r"|\b(?:not (?:happy|satisfied|acceptable|ok|okay|good enough)|unhappy|unacceptable|dissatisfied)\b"
    r"|\bwhat (?:now|should i do|do i do|am i (?:supposed|meant) to do|happens now)\b"
    r"|\bwho (?:will|is going to|should) (?:fix|handle|deal with|sort)\b|\bso that'?s it\b"
)


def displeased(text: str) -> bool:
    """Whether her words say she is not satisfied with the handling, or ask what now and who will see to it."""
    return bool(_DISPLEASED.search(plain(text)))
