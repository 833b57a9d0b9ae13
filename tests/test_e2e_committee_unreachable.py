"""The committee chat out of reach (the bot removed from it, or its id mistyped in the file): what was meant for
it reaches the admins in private, the first time with why and what to do, and the chat hears when the bot is
back (set-up review: a fire nobody on duty could take was told to no one)."""

from __future__ import annotations

from harness import COMMUNITY_TOML, MakeBot
from ids import ADMIN, COMMITTEE, GROUP_A, RESIDENT, WANG

from bot.core.community_file import parse_community
from bot.render.i18n import plain

NOBODY_ON_DUTY = COMMUNITY_TOML.split("[[shifts]]")[0]
FIRE = "3号楼着火了，浓烟很大！"


def heading(key: str) -> str:
    """The first words of a text of the catalogue, before its first value."""
    return plain("zh-Hans", key, chat="§", reason="§").split("§")[0]


async def test_a_fire_while_the_committee_chat_removed_the_bot_reaches_the_admins(make_bot: MakeBot) -> None:
    bot = await make_bot(comm=parse_community(NOBODY_ON_DUTY, "c"))
    fake = bot.fake
    fake.user_starts_bot(ADMIN)
    fake.kick_bot(COMMITTEE, ADMIN)
    await bot.settle()
    fake.send_message(GROUP_A, RESIDENT, FIRE)
    await bot.settle()
    to_admin = [m["text"] for m in fake.messages(ADMIN)]
    explained = [m for m in to_admin if m.startswith(heading("committee_out.explain"))]
    relayed = [m for m in to_admin if m.startswith(heading("committee_out.relayed"))]
    assert len(explained) == 1, to_admin
    assert relayed and any("#1" in m for m in relayed), to_admin
    fake.send_message(GROUP_A, RESIDENT, "5号楼电梯困人了，里面有老人！")
    await bot.settle()
    to_admin = [m["text"] for m in fake.messages(ADMIN)]
    assert sum(m.startswith(heading("committee_out.explain")) for m in to_admin) == 1, "explained once a streak"
    assert any("#2" in m for m in to_admin if m.startswith(heading("committee_out.relayed"))), to_admin

    fake.add_bot(COMMITTEE, ADMIN)  # added back
    await bot.settle()
    assert fake.find_message(COMMITTEE, heading("committee_out.back"))


async def test_a_mistyped_committee_chat_id_is_named_to_the_admins(make_bot: MakeBot) -> None:
    wrong = "-1001000000002"
    bot = await make_bot(comm=parse_community(NOBODY_ON_DUTY.replace(str(COMMITTEE), wrong), "c"))
    fake = bot.fake
    fake.user_starts_bot(ADMIN)
    fake.send_message(GROUP_A, RESIDENT, FIRE)
    await bot.settle()
    explained = [m["text"] for m in fake.messages(ADMIN) if m["text"].startswith(heading("committee_out.explain"))]
    assert len(explained) == 1 and "committee_chat_id" in explained[0] and wrong in explained[0], explained
    assert any("#1" in m["text"] for m in fake.messages(ADMIN)), "the alert itself reaches the admin"


async def test_a_fire_with_nobody_on_duty_does_not_tell_residents_the_staff_on_duty_were_told(
    make_bot: MakeBot,
) -> None:
    bot = await make_bot(comm=parse_community(NOBODY_ON_DUTY, "c"))
    fake = bot.fake
    fake.send_message(GROUP_A, RESIDENT, FIRE)
    await bot.settle()
    said = fake.find_message(GROUP_A, "119")
    first = said["text"].split("\n")[0] if said else ""
    assert first == plain("zh-Hans", "emergency.head_no_duty", id=1).replace("<b>", "").replace("</b>", ""), first


async def test_the_real_committee_chat_offered_for_binding_names_the_id_to_write(make_bot: MakeBot) -> None:
    """committee_chat_id mistyped: the real committee chat, added, was offered to the admin as a residents' group
    to bind, with nothing about the file's committee_chat_id (set-up review)."""
    wrong = "-1001000000002"
    bot = await make_bot(comm=parse_community(NOBODY_ON_DUTY.replace(str(COMMITTEE), wrong), "c"))
    fake = bot.fake
    fake.user_starts_bot(ADMIN)
    fake.kick_bot(COMMITTEE, ADMIN)
    await bot.settle()
    fake.add_bot(COMMITTEE, ADMIN)
    await bot.settle()
    offered = [m["text"] for m in fake.messages(ADMIN) if m["text"].startswith("🆕") and str(COMMITTEE) in m["text"]]
    assert offered and f"committee_chat_id = {wrong}" in offered[-1], offered


async def test_a_new_group_is_offered_without_the_committee_hint_once_the_committee_chat_is_seen(
    make_bot: MakeBot,
) -> None:
    bot = await make_bot()
    fake = bot.fake
    fake.user_starts_bot(ADMIN)
    fake.kick_bot(COMMITTEE, ADMIN)
    fake.add_bot(COMMITTEE, ADMIN)
    await bot.settle()
    fake.add_bot(-1005550009999, RESIDENT)
    await bot.settle()
    offered = fake.find_message(ADMIN, "-1005550009999")
    assert offered is not None and "committee_chat_id" not in offered["text"], offered


async def test_a_committee_chat_muted_for_a_moment_is_in_reach_again_when_a_message_gets_through(
    make_bot: MakeBot,
) -> None:
    """ "Only admins may write" for a while: a refused message is relayed, and Telegram sends no update when writing
    is allowed again. The chat stayed marked out of reach for good, and admins told of a new group read that
    committee_chat_id may be mistyped (review of the stop's diff)."""
    bot = await make_bot()
    fake = bot.fake
    fake.user_starts_bot(ADMIN)
    fake.user_starts_bot(WANG)
    fake.set_permissions(COMMITTEE, can_send_messages=False)
    fake.send_message(GROUP_A, RESIDENT, FIRE)
    await bot.settle()
    assert fake.find_message(ADMIN, "#1"), "relayed"
    fake.set_permissions(COMMITTEE, can_send_messages=True)
    fake.send_message(GROUP_A, RESIDENT, "5号楼电梯困人了，里面有老人！")
    await bot.settle()
    assert fake.find_message(COMMITTEE, "#2")
    new_group = -1005555555555
    fake.add_bot(new_group, RESIDENT)
    await bot.settle()
    offered = await fake.wait_for(lambda: fake.find_message(ADMIN, str(new_group)))
    assert "committee_chat_id" not in offered["text"], offered["text"]


async def test_the_digest_chart_relayed_to_the_admins_is_sent(make_bot: MakeBot) -> None:
    """The chart's relay kept the chart row's bookkeeping (its file to upload) on a plain message: it failed with
    "the file to upload is missing" (review of the stop's diff)."""
    from bot.core import weeks
    from bot.services import digest

    bot = await make_bot()
    fake = bot.fake
    fake.user_starts_bot(ADMIN)
    fake.kick_bot(COMMITTEE, ADMIN)
    await bot.settle()
    week = weeks.last_complete(bot.ctx.now(), bot.ctx.community.tz)
    assert await digest.send(bot.ctx, week, COMMITTEE, scheduled=True)
    await bot.settle()
    async with bot.ctx.db.read() as c:
        failed = await c.execute_fetchall(
            "SELECT method, last_error FROM outbox WHERE chat_id = ? AND status = 'failed'", (ADMIN,)
        )
    assert not failed, [tuple(r) for r in failed]


async def test_send_to_buttons_relayed_to_an_admin_work_there(make_bot: MakeBot) -> None:
    """The committee chat removed the bot; 王师傅 accepted #1 and blocked the bot. The note with "👉 派给李姐" is
    relayed to the admin, buttons kept; pressing one there answered "unknown button" (review of the stop's diff)."""
    from harness import answer_to, exchange, press
    from ids import LI

    from bot.core.callbacks import Action, id_arg

    bot = await make_bot()
    fake = bot.fake
    for u in (WANG, LI, ADMIN):
        fake.user_starts_bot(u)
    fake.kick_bot(COMMITTEE, ADMIN)
    await bot.settle()
    card = await exchange(fake, GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了", "#1", where=WANG)
    await answer_to(fake, press(fake, WANG, WANG, card["message_id"], Action.ACCEPT))
    await bot.settle()
    fake.block_bot(WANG)
    await bot.settle()
    ack = fake.find_message(GROUP_A, "已登记 #1")
    fake.send_message(GROUP_A, RESIDENT, "怎么还没人来？", reply_to_message_id=ack["message_id"])
    await bot.settle()
    relayed = fake.find_message(ADMIN, "怎么还没人来")
    assert relayed is not None, [m["text"] for m in fake.messages(ADMIN)]
    await answer_to(fake, press(fake, ADMIN, ADMIN, relayed["message_id"], Action.ASSIGN, id_arg(LI)))
    await bot.settle()
    ev = await bot.event(1)
    assert (ev.status.value, ev.assignee_id) == ("dispatched", LI), (ev.status, ev.assignee_id)
