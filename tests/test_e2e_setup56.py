"""A new community's first hour, as its people do it with no manual read (set-up sweep 56): the chair who added
the bot to her groups but never wrote to it, a worker put on a rota who never pressed Start, a rota that leaves a
grid's days empty, a worker told to "start the bot" typing /start in the group."""

from __future__ import annotations

import re
from datetime import timedelta

from harness import COMMUNITY_TOML, Clock, MakeBot, RunningBot, answer_under, exchange, press, toml_tables
from ids import ADMIN, COMMITTEE, GROUP_A, GROUP_B, LI, RESIDENT, START, WANG, ZHAO

from bot.core.callbacks import Action
from bot.core.community_file import parse_community
from bot.render.i18n import plain

NEW_GROUP = -1005550001111
NEWCOMER = 2010  # 孙强, whom the chair wants as a worker: not in the file


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


# grid B is worked on weekdays only: 赵师傅 08:00-20:00, Monday to Friday
WEEKDAYS_B = parse_community(
    COMMUNITY_TOML.split("[[shifts]]")[0]
    + toml_tables(
        "shifts",
        {"worker": WANG, "grid": "A", "days": "mon-sun", "start": "00:00", "end": "24:00"},
        {"worker": ZHAO, "grid": "B", "days": "mon-fri", "start": "08:00", "end": "20:00"},
    ),
    "community.toml",
)


async def test_a_worker_put_on_a_rota_who_never_pressed_start_is_said_to_the_chair(make_bot: MakeBot) -> None:
    """/shift answered "✅ 已为赵师傅排班" and nothing more, while 赵师傅 had never pressed Start: every page of his
    shift went nowhere, and she learnt it from the first resident left waiting."""
    bot = await make_bot(WEEKDAYS_B)
    fake = bot.fake
    name = bot.ctx.bot_username
    unstarted = plain("zh-Hans", "shift.not_started", name="赵师傅", bot=name)
    said = await answer_under(fake, ADMIN, "/shift 赵师傅 A sat", None)
    assert unstarted in said["text"], said["text"]

    await exchange(fake, ZHAO, ZHAO, "/start", "赵师傅")  # he does what she tells him
    said = await answer_under(fake, ADMIN, "/shift 赵师傅 A sun", None)
    assert 'days = "sun"' in said["text"], said["text"]  # added
    assert unstarted not in said["text"], said["text"]


async def test_a_rota_that_leaves_a_grids_day_empty_says_which_days(make_bot: MakeBot) -> None:
    """/shift 李姐 B sat left grid B's Sundays with nobody on duty, and nothing said so: each Sunday's reports went to
    the committee as "no one is on duty" with the chair never told why."""
    bot = await make_bot(WEEKDAYS_B)
    fake = bot.fake
    fake.user_starts_bot(LI, send_start=True)

    def gap(days: list[int]) -> str:
        shown = "、".join(plain("zh-Hans", f"rota.wd.{d}") for d in days)
        return plain("zh-Hans", "shift.empty_days", unit="第二网格", days=shown, grid="B")

    said = await answer_under(fake, ADMIN, "/shift 李姐 B sat", None)
    assert gap([6]) in said["text"], said["text"]
    said = await answer_under(fake, ADMIN, "/shift 李姐 B sun 20:00-08:00", None)  # into Monday morning too
    assert plain("zh-Hans", "shift.empty_days", unit="第二网格", days="", grid="B")[:6] not in said["text"]
    said = await answer_under(fake, ADMIN, "/shift 李姐 clear", None)
    assert gap([5, 6]) in said["text"], said["text"]


async def test_start_typed_in_a_group_says_where_to_press_start(running: RunningBot) -> None:
    """A worker told "start the bot" typed /start in the residents' group and got silence: he believed it done, and
    his pages never reached him. Now he is told to open the bot's private chat and press Start; a neighbour too."""
    fake = running.fake
    bot = running.ctx.bot_username
    sent = fake.send_message(GROUP_A, ZHAO, "/start")
    told = await fake.wait_for(lambda: fake.find_message(GROUP_A, f"@{bot}"))
    assert told["text"] == plain("zh-Hans", "start.in_group_worker", name="赵师傅", bot=bot)
    assert told["reply_to_message"]["message_id"] == sent["message_id"]
    sent = fake.send_message(COMMITTEE, ADMIN, "/start")  # the chair, in the committee chat
    await fake.wait_for(
        lambda: next(
            (
                m
                for m in fake.messages(COMMITTEE)
                if m.get("reply_to_message", {}).get("message_id") == sent["message_id"]
            ),
            None,
        )
    )
    assert fake.find_message(COMMITTEE, plain("zh-Hans", "start.in_group", name="居委会张主任", bot=bot))
    fake.send_message(GROUP_A, RESIDENT, f"/start@{bot}")  # what Telegram sends when the bot joins by link
    await running.settle()
    assert fake.find_message(GROUP_A, plain("zh-Hans", "start.in_group", name="刘阿姨", bot=bot)) is None


async def test_a_name_pasted_with_a_space_or_an_emoji_is_the_worker_and_an_unknown_one_is_told_what_to_do(
    make_bot: MakeBot,
) -> None:
    """The chair pastes names as Telegram shows them ("李姐 🌸") or types them with a space ("王 师傅"): /shift
    answered with its usage, /remove_worker too; a name not yet registered, or /invite given a name, was refused
    without saying that a new worker first opens an /invite link."""
    bot = await make_bot(WEEKDAYS_B)
    fake = bot.fake
    said = await answer_under(fake, ADMIN, "/shift 赵 师傅 A sat", None)
    assert "worker = 2003" in said["text"], said["text"]
    said = await answer_under(fake, ADMIN, "/shift 😀李姐 🌸 B sat,sun", None)
    assert "worker = 2002" in said["text"] and 'days = "sat,sun"' in said["text"], said["text"]
    said = await answer_under(fake, ADMIN, "/shift 王强 A", None)
    assert said["text"] == plain("zh-Hans", "rota.unknown_worker", who="王强", names="王师傅、李姐、赵师傅")
    said = await answer_under(fake, ADMIN, "/invite 王强", None)
    assert said["text"] == plain("zh-Hans", "invite.bad_grid", grid="王强", grids="第一网格 (A)、第二网格 (B)")
    said = await answer_under(fake, ADMIN, "/remove_worker 赵 师傅", None)  # listed in the file: removed there
    assert said["text"] == plain("zh-Hans", "remove_worker.in_file", name="赵师傅")


async def answers(bot: RunningBot, chat_id: int, user_id: int, *words: str) -> list[str]:
    """Each of `words` written in turn by the user in the chat: the text of the bot's answer under each."""
    said = []
    for text in words:
        sent = bot.fake.send_message(chat_id, user_id, text)
        answer = await bot.fake.wait_for(
            lambda sent=sent: next(
                (
                    m
                    for m in bot.fake.messages(chat_id)
                    if m.get("reply_to_message", {}).get("message_id") == sent["message_id"]
                ),
                None,
            )
        )
        said.append(answer["text"])
    return said


async def test_the_chairs_help_words_and_full_width_commands_are_answered_as_the_commands(running: RunningBot) -> None:
    """The chair's phone types Chinese: "帮助", "怎么用", "设置" and "＠bot 帮助" in the committee chat, "／help" and
    "／ｓｅｔｕｐ" with the input method's full-width slash: all silence (only the half-width /help was answered)."""
    fake = running.fake
    bot = running.ctx.bot_username
    help_text, *others = await answers(
        running, COMMITTEE, ADMIN, "/help", "帮助", "怎么用？", "设置", f"＠{bot} 帮助", "／ｈｅｌｐ"
    )
    assert others == [help_text] * 5, others
    [unknown] = await answers(running, COMMITTEE, ADMIN, "／ｓｅｔｕｐ")
    assert unknown == plain("zh-Hans", "committee.unknown_command", command="／ｓｅｔｕｐ")
    # in private too, each time (not once in ten minutes, as a hint is)
    private_help, *again = await answers(running, ADMIN, ADMIN, "/help", "帮助", "怎么用", "／help")
    assert again == [private_help] * 3 and private_help != help_text  # private: no "(私聊我使用)" marks
    # a full-width /report in the residents' group reports its words, not "／report" with them
    fake.user_starts_bot(WANG)
    fake.send_message(GROUP_A, RESIDENT, "／ｒｅｐｏｒｔ 3号楼楼道灯坏了")
    card = await fake.wait_for(lambda: fake.find_message(WANG, "#1"))
    assert "3号楼楼道灯坏了" in card["text"] and "report" not in card["text"], card["text"]
    # a neighbour's "帮助" in the residents' group is no question to the bot: only after its name
    [group_help] = await answers(running, GROUP_A, RESIDENT, f"@{bot} 怎么用")
    assert group_help == (await answers(running, GROUP_A, RESIDENT, "/help"))[0]


async def test_a_would_be_worker_saying_who_he_is_is_told_how_a_worker_registers(running: RunningBot) -> None:
    """Told "start the bot" and nothing more, 孙强 wrote "我是网格员孙强" and was asked what the problem was; a
    listed worker writing the same is greeted as one."""
    running.fake.user(NEWCOMER, "孙强")
    [said] = await answers(running, NEWCOMER, NEWCOMER, "我是网格员孙强")
    assert said == re.sub("<[^>]+>", "", plain("zh-Hans", "start.not_a_worker", name="孙强", id=NEWCOMER))
    [said] = await answers(running, ZHAO, ZHAO, "你好，我是新来的网格员赵师傅")
    assert said == plain("zh-Hans", "start.worker", name="赵师傅", community="滨海社区")


async def test_removing_the_only_worker_on_duty_says_whose_events_wait_and_which_days_are_left_empty(
    make_bot: MakeBot,
) -> None:
    """/remove_worker answered "其未办结事件 1 个已转给值班人员" on a Saturday with nobody else on grid B's rota: the
    event had gone to nobody, and the weekends 孙强 (who joined by an invite link) worked were left empty, neither
    said to the chair."""
    bot = await make_bot(WEEKDAYS_B, Clock(START + timedelta(days=5)))  # a Saturday: 赵师傅 works weekdays only
    fake = bot.fake
    fake.user(NEWCOMER, "孙强")
    link = await answer_under(fake, ADMIN, "/invite B", None)
    code = re.search(r"start=(w_[\w-]+)", link["text"]).group(1)  # type: ignore[union-attr]
    await answers(bot, NEWCOMER, NEWCOMER, f"/start {code}")
    said = await answer_under(fake, ADMIN, "/shift 孙强 B sat,sun", None)
    assert "⚠️" not in said["text"], said["text"]  # grid B covered every day now
    fake.send_message(GROUP_B, RESIDENT, "7号楼门口路灯不亮了")
    await fake.wait_for(lambda: fake.find_message(NEWCOMER, "#1"))
    said = await answer_under(fake, ADMIN, "/remove_worker 孙强", None)
    assert said["text"].startswith(plain("zh-Hans", "remove_worker.done_nobody", name="孙强", ids="#1")), said["text"]
    weekend = "、".join(plain("zh-Hans", f"rota.wd.{d}") for d in (5, 6))
    assert plain("zh-Hans", "shift.empty_days", unit="第二网格", days=weekend, grid="B") in said["text"]
    said = await answer_under(fake, ADMIN, "/shift 赵师傅 第三网格", None)
    assert said["text"].startswith(
        plain("zh-Hans", "shift.no_desk", desk="第三网格", desks="第一网格 (A)、第二网格 (B)")
    )


async def test_a_cover_or_swap_with_a_worker_who_never_pressed_start_says_so(make_bot: MakeBot) -> None:
    """/cover 王师傅 tomorrow 赵师傅 answered "赵师傅替王师傅" and nothing more, while 赵师傅 had never pressed Start:
    his pages that day went nowhere (the setup helper's kind-1 miss left after /shift learnt to warn)."""
    bot = await make_bot(None)
    fake = bot.fake
    fake.user_starts_bot(WANG, send_start=True)
    unstarted = plain("zh-Hans", "shift.not_started", name="赵师傅", bot=bot.ctx.bot_username)
    said = await answer_under(fake, ADMIN, "/cover 王师傅 tomorrow 赵师傅", None)
    assert "赵师傅替王师傅" in said["text"] and unstarted in said["text"], said["text"]
    swapped = await answer_under(fake, ADMIN, "/swap 王师傅 赵师傅 tomorrow", None)
    assert unstarted in swapped["text"], swapped["text"]
    await exchange(fake, ZHAO, ZHAO, "/start", "赵师傅")
    again = await answer_under(fake, ADMIN, "/cover 王师傅 today 赵师傅", None)
    assert unstarted not in again["text"], again["text"]
