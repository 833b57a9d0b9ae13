"""/my from an admin who is no worker lists the community's open events (set-up review: the chair was told "您目前
没有待办事件" while reports waited); none open is said as the community's, not hers."""

from __future__ import annotations

from harness import RunningBot, exchange
from ids import ADMIN, GROUP_A, RESIDENT, WANG

from bot.render.i18n import plain


async def test_an_admins_my_lists_every_open_event_oldest_first(running: RunningBot) -> None:
    fake = running.fake
    fake.user_starts_bot(ADMIN)
    none = await exchange(fake, ADMIN, ADMIN, "/my", plain("zh-Hans", "my.none_admin"))
    assert plain("zh-Hans", "my.none") not in none["text"]
    fake.user_starts_bot(WANG, send_start=True)
    fake.send_message(GROUP_A, RESIDENT, "1号楼门口路灯不亮")
    await exchange(fake, GROUP_A, RESIDENT, "2号楼电梯按钮坏了", "#2", where=WANG)
    listed = await exchange(fake, ADMIN, ADMIN, "/my", plain("zh-Hans", "my.head_admin", n=2))
    assert listed["text"].index("#1") < listed["text"].index("#2") and "/status" in listed["text"]
