"""Second diff review (stop 46), mended: an admin's Start re-sends the bind buttons of a waiting group the bot has
since been removed from."""

from __future__ import annotations

from harness import RunningBot
from ids import ADMIN, COMMITTEE, RESIDENT
from test_e2e_setup import NEW_GROUP


async def test_no_bind_buttons_for_a_group_the_bot_has_left(running: RunningBot) -> None:
    fake = running.fake
    fake.group(NEW_GROUP, "幸福里新楼居民群", type="supergroup")
    fake.add_bot(NEW_GROUP, RESIDENT)
    await fake.wait_for(lambda: fake.find_message(COMMITTEE, str(NEW_GROUP)))
    await running.settle()
    fake.kick_bot(NEW_GROUP, RESIDENT)  # the group's owner removes the bot again
    await running.settle()
    fake.user_starts_bot(ADMIN, send_start=True)
    await running.settle()
    assert fake.find_message(ADMIN, str(NEW_GROUP)) is None, fake.find_message(ADMIN, str(NEW_GROUP))
