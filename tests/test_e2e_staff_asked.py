"""A worker's or committee member's own words asked "Report it?" in a residents' group (sweep of staff writing in
the group: 王师傅's "5号楼楼道灯坏了" was answered "…（仅限发消息的居民本人点击）", calling him a resident). The
question now says only the person who posted may tap, whoever that is."""

from __future__ import annotations

import pytest
from harness import Clock, MakeBot, sent_texts
from ids import GROUP_A, LI, RESIDENT, WANG
from test_e2e_urgency import UNSURE_RED

from bot.core import parser as parser_mod


@pytest.mark.parametrize("writer", [WANG, LI, RESIDENT])
async def test_the_question_says_only_the_person_who_posted_may_tap(make_bot: MakeBot, writer: int) -> None:
    bot = await make_bot(clock=Clock())
    bot.fake.user_starts_bot(WANG)
    mark = bot.fake.mark()
    bot.fake.send_message(GROUP_A, writer, "我家楼上漏水了，3号楼2单元402" if writer == LI else "5号楼楼道灯坏了")
    await bot.settle()
    asked = [text for text in sent_texts(bot.fake, GROUP_A, mark) if "请点「是」" in text]
    if writer == RESIDENT:  # a resident's report is no question
        assert not asked
        return
    assert asked and "（仅限发消息的本人点击）" in asked[0] and "居民" not in asked[0], asked


async def test_the_not_urgent_line_says_the_person_who_posted(
    make_bot: MakeBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A red the reader is unsure of, posted by 王师傅: "请发消息的居民点下面的按钮" called him a resident too."""
    monkeypatch.setattr(parser_mod, "default_reader", lambda: UNSURE_RED)
    bot = await make_bot(clock=Clock())
    bot.fake.user_starts_bot(WANG)
    mark = bot.fake.mark()
    bot.fake.send_message(GROUP_A, WANG, "3号楼2单元楼道里好像有点味道，大家注意一下")
    await bot.settle()
    ack = next(text for text in sent_texts(bot.fake, GROUP_A, mark) if "已登记 #1" in text)
    assert "请发消息的本人点下面的按钮" in ack and "居民" not in ack, ack
