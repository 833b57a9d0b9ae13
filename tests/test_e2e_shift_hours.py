"""/shift takes a shift's hours as a chair types them (set-up review: "/shift 王师傅 A 周一至周五 8-18" got the usage
answer, as did "8点到18点", "早8晚6" and "8:00 - 18:00"); the answer says the hours as understood."""

from __future__ import annotations

import pytest
from harness import Clock, MakeBot, answer_under
from ids import ADMIN, START, WANG

from bot.render.i18n import plain


@pytest.mark.parametrize("hours", ["8-18", "8点到18点", "早8晚6", "8:00 - 18:00", "8点 到 6点"])
async def test_a_shifts_hours_typed_as_people_type_them_are_read(make_bot: MakeBot, hours: str) -> None:
    bot = await make_bot(None, Clock(START))
    bot.fake.user_starts_bot(WANG, send_start=True)
    said = await answer_under(bot.fake, ADMIN, f"/shift 王师傅 A 周一至周五 {hours}", None)
    assert "周一至周五 08:00–18:00" in said["text"] and 'start = "08:00"' in said["text"], said["text"]
    assert 'end = "18:00"' in said["text"] and 'days = "mon-fri"' in said["text"], said["text"]


@pytest.mark.parametrize("odd", ["8-25", "08:00-25:00", "周八"])
async def test_a_word_that_is_no_days_nor_hours_is_named_above_the_usage(make_bot: MakeBot, odd: str) -> None:
    """A sweep: "08:00-25:00" got the usage alone, nothing saying which word was not understood."""
    bot = await make_bot(None, Clock(START))
    said = await answer_under(bot.fake, ADMIN, f"/shift 王师傅 A 周一至周五 {odd}", None)
    assert said["text"].startswith(plain("zh-Hans", "shift.word_unread", word=odd)), said["text"]
    assert plain("zh-Hans", "shift.usage") in said["text"], said["text"]
