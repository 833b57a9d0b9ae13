"""What people new to the bot type instead of a command (pure): a command in full-width characters from a Chinese
input method ("／ｈｅｌｐ", "／report 3号楼灯坏了"), a word asking how it works ("帮助", "怎么用", "设置", "@bot 帮助"),
or a would-be worker saying who they are ("我是网格员王强"). Each is read here; what is answered is decided by the
handlers and services."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Typed:
    """A command read from a message Telegram did not take for one: its name, the bot it names, its words after."""

    name: str
    addressed: str
    args: list[str]


_COMMAND = re.compile(r"/([A-Za-z][A-Za-z0-9_]{0,31})(?:@(\w+))?")


def typed_command(text: str) -> Typed | None:
    """A command typed with a full-width slash or letters ("／ｓｅｔｕｐ", "／report …", "/ｈｅｌｐ@bot"), read as
    Telegram would read it typed half-width; None for anything else (a half-width command is Telegram's)."""
    words = text.strip().split(maxsplit=1)
    if not words or words[0][0] not in "/／":
        return None
    first = unicodedata.normalize("NFKC", words[0])
    if first == words[0]:  # already half-width: Telegram marked it a command, or it is no command
        return None
    found = _COMMAND.fullmatch(first)
    if found is None:
        return None
    rest = words[1].split() if len(words) > 1 else []
    return Typed(found.group(1).lower(), found.group(2) or "", rest)


# Words asking how the bot works, alone (a mention of the bot before them is dropped; "?" after them too).
HELP_WORDS = frozenset(
    {
        "帮助",
        "幫助",
        "怎么用",
        "怎麼用",
        "如何使用",
        "怎么使用",
        "怎麼使用",
        "使用说明",
        "使用說明",
        "说明",
        "說明",
        "菜单",
        "菜單",
        "命令",
        "指令",
        "功能",
        "设置",
        "設置",
        "设定",
        "設定",
        "怎么设置",
        "怎麼設置",
        "怎么设定",
        "怎麼設定",
        "如何设置",
        "如何設置",
        "绑定",
        "綁定",
        "怎么绑定",
        "怎麼綁定",
        "添加网格员",
        "添加網格員",
        "邀请网格员",
        "邀請網格員",
        "怎么排班",
        "怎麼排班",
        "不会用",
        "不會用",
        "教我用",
        "點用",
        "点用",
        "點樣用",
        "点样用",
        "help",
        "menu",
        "commands",
        "howtouse",
        "howdoesthiswork",
        "howdoesitwork",
        "howdoiusethis",
        "howdoiuseit",
        "setup",
    }
)
_MENTION = re.compile(r"^[@＠]\w+")
_AROUND = re.compile(r"[\s?？。.,，、~～…]+")
# said around the question ("请问这个怎么用啊？", "我不会用呀"): dropped before it is looked up
_LEAD = re.compile(r"^(?:请问|請問|你好|您好|机器人|機器人|小助手)*(?:我)?(?:这个|這個|这|這|你|您|它)?(?:要|该|該)?")
_TAIL = re.compile(r"(?:啊|呀|呢|吧|哦|嘛|啦|呐|吖|啊啊|㗎|嘅|呀呀)+$")


def asks_for_help(text: str, bot_username: str = "") -> bool:
    """Whether the words only ask how the bot works ("帮助", "怎么用？", "请问这个怎么用啊", "我不会用", "@bot 设置",
    "help", "how does this work?"), a mention of this bot before them or not. "help!" is no such question (a cry,
    which the report reader hears)."""
    said = _AROUND.sub("", mention_dropped(text, bot_username)[0]).casefold()
    return bool(said) and (said in HELP_WORDS or _TAIL.sub("", _LEAD.sub("", said)) in HELP_WORDS)


def without_mention(text: str, bot_username: str) -> str:
    """Her words without a mention of this bot before or after them, as she wrote them otherwise ("@bot 3号楼电梯坏了":
    "3号楼电梯坏了"; a sweep: the workers' cards and lists read "内容：@linli_bot 3号楼…"); unchanged when they are the
    mention alone or do not begin or end with it."""
    if not bot_username:
        return text
    name = rf"[@＠]{re.escape(bot_username)}(?![A-Za-z0-9_])"
    said = re.sub(rf"^\s*{name}[\s,，:：]*|[\s,，]*{name}\s*$", "", text, flags=re.IGNORECASE)
    return said if said.strip() else text


def mention_dropped(text: str, bot_username: str) -> tuple[str, bool]:
    """The words after a leading mention of this bot (full-width "＠" too), and whether there was one."""
    said = unicodedata.normalize("NFKC", text).strip()
    found = _MENTION.match(said)
    if found is None or not bot_username or found.group(0)[1:].lower() != bot_username.lower():
        return said, False
    return said[found.end() :].strip(), True


_WORKER = re.compile(
    r"^(?:(?:你好|您好|hi|hello)[\s,，!！.。]*)?"
    r"(?:我是|我係|我系|i am|i'm|im)\s*(?:新来的|新來的|新的|新|the new |a new |the |a |your )?\s*"
    r"(?:社区|社區)?(?:网格员|網格員|网格长|網格長|grid worker|worker)",
    re.IGNORECASE,
)


def says_is_worker(text: str) -> bool:
    """A would-be worker telling the bot who they are ("我是网格员王强", "你好，我是新来的网格员", "I'm the new grid
    worker"), as people do when told to "start the bot" and nothing more."""
    return _WORKER.match(unicodedata.normalize("NFKC", text).strip()) is not None
