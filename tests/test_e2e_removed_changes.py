"""/remove_worker ends the covers and swaps that name the worker, and says so (set-up review: a /cover made before a
worker was removed applied again when he was invited back, and the chair was never told the day had changed)."""

from __future__ import annotations

import re

from harness import MakeBot, RunningBot, answer_under
from ids import ADMIN, WANG

from bot.render.i18n import plain
from storage import rota

NEWCOMER = 2010  # 孙强, who joins grid A by an invite link


async def invited(bot: RunningBot) -> None:
    link = await answer_under(bot.fake, ADMIN, "/invite A", None)
    code = re.search(r"start=(w_[\w-]+)", link["text"]).group(1)  # type: ignore[union-attr]
    await answer_under(bot.fake, NEWCOMER, f"/start {code}", None)
    await answer_under(bot.fake, ADMIN, "/shift 孙强 A 每天", None)


async def test_removing_a_worker_ends_his_covers_and_says_which(make_bot: MakeBot) -> None:
    bot = await make_bot(None)
    fake = bot.fake
    fake.user(NEWCOMER, "孙强")
    fake.user_starts_bot(WANG, send_start=True)
    await invited(bot)
    said = await answer_under(fake, ADMIN, "/cover 王师傅 tomorrow 孙强", None)
    assert "孙强替王师傅" in said["text"], said["text"]
    said = await answer_under(fake, ADMIN, "/remove_worker 孙强", None)
    head = plain("zh-Hans", "remove_worker.changes_dropped", name="孙强", changes="")
    assert head.split("：")[0] in said["text"] and "孙强代王师傅" in said["text"], said["text"]
    async with bot.ctx.db.read() as c:
        assert await rota.in_force(c, bot.ctx.now()) == []
    await invited(bot)  # back by a new link: the old cover does not apply again
    week = await answer_under(fake, ADMIN, "/rota A", None)
    assert "🔁" not in week["text"], week["text"]
