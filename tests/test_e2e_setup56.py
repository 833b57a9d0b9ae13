"""A new community's first hour, as its people do it with no manual read (set-up sweep 56): the chair who added
the bot to her groups but never wrote to it, a worker put on a rota who never pressed Start, a rota that leaves a
grid's days empty, a worker told to "start the bot" typing /start in the group."""

from __future__ import annotations

from harness import RunningBot, press
from ids import ADMIN, COMMITTEE

from bot.core.callbacks import Action
from bot.render.i18n import plain

NEW_GROUP = -1005550001111


async def test_a_chair_who_never_wrote_to_the_bot_is_told_to_press_start_for_the_bind_buttons(
    running: RunningBot,
) -> None:
    """She added the bot to a new residents' group; its bind buttons could not reach her (she never pressed Start)
    and the committee chat read "管理员已收到私信": nothing told her how to bind it."""
    fake = running.fake
    bot = running.ctx.bot_username
    fake.group(NEW_GROUP, "幸福里新楼居民群", type="supergroup")
    fake.add_bot(NEW_GROUP, ADMIN)
    note = await fake.wait_for(lambda: fake.find_message(COMMITTEE, str(NEW_GROUP)))
    assert plain("zh-Hans", "setup.committee_admins_start", bot=bot) in note["text"], note["text"]
    assert plain("zh-Hans", "setup.committee_admins_told") not in note["text"]
    await running.settle()
    assert fake.find_message(ADMIN, str(NEW_GROUP)) is None  # her private chat could not be written to

    fake.user_starts_bot(ADMIN, send_start=True)  # she does what it says
    dm = await fake.wait_for(lambda: fake.find_message(ADMIN, str(NEW_GROUP)))
    press(fake, ADMIN, ADMIN, dm["message_id"], Action.BIND, "0")
    await fake.wait_for(lambda: fake.find_message(NEW_GROUP, plain("zh-Hans", "setup.bound_group", grid="第一网格")))

    # once she can be written to, a group added later reads that the buttons were sent to her
    other = NEW_GROUP - 1
    fake.group(other, "幸福里二期居民群", type="supergroup")
    fake.add_bot(other, ADMIN)
    note = await fake.wait_for(lambda: fake.find_message(COMMITTEE, str(other)))
    assert plain("zh-Hans", "setup.committee_admins_told") in note["text"], note["text"]
    await fake.wait_for(lambda: fake.find_message(ADMIN, str(other)))
