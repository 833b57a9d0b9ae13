"""A danger written in private by someone the bot never saw in a residents' group is passed to the committee to
check, and she is told so (day review: 孙奶奶, alone, "雨水顺着墙往下流", was told only that private reports are taken
from group members, though the committee had her words); a stranger's plain report is told where to write."""

from __future__ import annotations

from harness import MakeBot, answer_under
from ids import COMMITTEE

from bot.render.i18n import plain

STRANGER = 7002


async def test_a_strangers_danger_is_passed_on_and_she_is_told_so(make_bot: MakeBot) -> None:
    bot = await make_bot(None)
    fake = bot.fake
    fake.user(STRANGER, "孙奶奶")
    fake.user_starts_bot(STRANGER)
    said = await answer_under(fake, STRANGER, "5号楼1单元着火了，烟很大，我一个人在家走不了", None)
    assert said["text"] == plain("zh-Hans", "report.stranger_passed"), said["text"]
    assert [m for m in fake.messages(COMMITTEE) if str(STRANGER) in m["text"]]
    again = await answer_under(fake, STRANGER, "快来人啊 着火了", None)  # the committee has her: told the same
    assert again["text"] == plain("zh-Hans", "report.stranger_passed"), again["text"]
    plain_report = await answer_under(fake, STRANGER, "3号楼门口的路灯不亮了", None)
    assert plain_report["text"] == plain("zh-Hans", "report.stranger"), plain_report["text"]
    assert await bot.event_count() == 0
