"""A grid is named as the bot shows it (found in the setup and worker reviews): /duty, /rota and every answer say
"第一网格", and /rota took it, but /invite, /shift, /onduty and /offduty took only "A"."""

from __future__ import annotations

from harness import RunningBot
from ids import ADMIN, WANG

from bot.render.i18n import t


async def answer(running: RunningBot, chat: int, user: int, text: str) -> str:
    """The bot's last answer in the chat to what the user wrote there."""
    fake = running.fake
    mark = fake.mark()
    fake.send_message(chat, user, text)
    await running.settle()
    calls = [c for c in fake.calls[mark:] if c.method == "sendMessage" and int(c.params["chat_id"]) == chat]
    sent = [str(c.params.get("text")) for c in calls]
    assert sent, f"no answer to {text!r}"
    return sent[-1]


async def test_commands_take_a_grid_by_the_name_the_bot_shows(running: RunningBot) -> None:
    fake = running.fake
    fake.user_starts_bot(ADMIN)
    fake.user_starts_bot(WANG)
    assert "start=" in await answer(running, ADMIN, ADMIN, "/invite 第一网格")
    assert "已为王师傅排班" in await answer(running, ADMIN, ADMIN, "/shift 王师傅 第二网格")
    on = await answer(running, WANG, WANG, "/onduty 第一网格")
    assert on.startswith(t("zh-Hans", "duty.on_ok", grid="第一网格", until="")[:-2]), on
    off = await answer(running, WANG, WANG, "/offduty 第一网格 2")
    assert "第一网格" in off and "看不懂" not in off, off
    assert "start=" in await answer(running, ADMIN, ADMIN, "/invite a")  # the id still works, in any case


async def test_an_unknown_grid_is_refused_naming_the_grids_by_name_and_id(running: RunningBot) -> None:
    running.fake.user_starts_bot(ADMIN)
    refused = await answer(running, ADMIN, ADMIN, "/invite 第九网格")
    assert "第一网格 (A)" in refused, refused
