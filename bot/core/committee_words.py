"""What staff's words under the committee chat's notes say (pure): which event they are about when the note lists
several ("#3 明天修" under an overdue list or the weekly digest), whether they are only for the chat ("收到",
"谢谢", "辛苦了": kept, not sent to the worker), whether they ask how the event stands ("谁在处理？": the bot
knows, and answers), and whether they name its worker ("王师傅修好了吗？": a question to him, passed on). Anything else
("请王师傅今天之内一定处理好") is for the worker on the event (committee review: kept on its record, it never reached
him)."""

from __future__ import annotations

import re

from bot.core.followup import plain
from bot.core.rota import bare_name
from bot.core.worker_words import numbered

_EVENT = re.compile(r"[#＃]\s?(\d{1,9})(?!\d)")

# only for the chat: an acknowledgement, thanks or praise for all, each piece of the message one of these
_CHAT_ONLY = re.compile(
    r"(?:(?:好的?|好滴|好嘞|行|收到了?|了解|知道了?|明白了?|嗯+|哦+|ok+(?:ay)?|谢谢(?:大家)?|多谢|感谢(?:大家)?"
    r"|辛苦(?:了|大家了|各位了)?|大家辛苦了|各位辛苦了|thanks?(?: all| everyone)?|thank you|noted|got it|roger)\s*)+"
)
_PIECES = re.compile(r"[^\w\s]+|_")  # punctuation and emoji between the pieces

# a question the bot answers from the event's state: who has it, how it stands
_ASKS_STATE = re.compile(
    r"谁在(?:处理|跟进?|管|负责|弄|修|办)|谁负责|谁跟进|谁接(?:了|的)?|(?:什么|啥|甚么)情况|进展|进度|怎么样了"
    r"|(?:处理|办|修)(?:好)?了(?:吗|没|没有)|修好(?:了)?吗|接单了?(?:吗|没)|有(?:没有)?人(?:接|管|去|处理|跟)(?:了)?(?:吗|没)"
    r"|怎么还没(?:有)?人?(?:接|来|处理|修|管)"
    r"|\bwho(?:'s| is) (?:on|handling|dealing)|\bstatus\b|\bany (?:update|news)\b"
)


def listed(note_text: str) -> list[int]:
    """The events a bot's note names ("#3", "#12"), each once, in order."""
    found: list[int] = []
    for m in _EVENT.finditer(note_text):
        if (n := int(m[1])) not in found:
            found.append(n)
    return found


def named(words: str) -> int | None:
    """The one event staff's words name ("#3 明天修", "3号楼的 #3 今天处理"); None when none, or more than one."""
    found = listed(words)
    return found[0] if len(found) == 1 else None


def put_first(words: str) -> int | None:
    """The event staff's words start with ("#2 谁负责？" under #1's note: about #2), or None."""
    return numbered(words)[0]


def for_chat_only(words: str) -> bool:
    """Whether the words only acknowledge or thank ("收到", "好的，谢谢", "辛苦了", "👍"): nothing for the worker."""
    pieces = [p.strip() for p in _PIECES.split(plain(words)) if p.strip()]
    return all(_CHAT_ONLY.fullmatch(p) for p in pieces)


def asks_state(words: str) -> bool:
    """Whether the words ask how the event stands ("谁在处理？", "现在什么情况", "修好了吗", "who is on this?")."""
    return bool(_ASKS_STATE.search(plain(words)))


_HAN = re.compile(r"[\u4e00-\u9fff]")
_DOUBLE_SURNAMES = frozenset(
    {"欧阳", "歐陽", "司马", "司馬", "上官", "诸葛", "諸葛", "东方", "東方", "慕容", "令狐", "皇甫"}
)
# how staff call a worker by his surname: 王师傅, 老王, 小王, 王工, 王姐…
_BY_SURNAME = ("老{}", "小{}", "{}师傅", "{}師傅", "{}工", "{}姐", "{}哥", "{}叔", "{}阿姨", "{}大姐", "{}大哥")


def name_forms(name: str) -> frozenset[str]:
    """The ways staff write a worker's name (compared as ``rota.bare_name`` compares names): as the file has it,
    and, for a Chinese name, by his surname: 王强 is also 王师傅, 老王, 小王 (and 王师傅 is 老王 too; 李姐 is
    小李). An English name: each of its words of three letters or more."""
    bare = bare_name(name)
    if not bare:
        return frozenset()
    if not _HAN.match(bare):
        return frozenset({bare, *(w for w in re.findall(r"[a-z]{3,}", name.casefold()))})
    surname = bare[:2] if bare[:2] in _DOUBLE_SURNAMES else bare[0]
    return frozenset({bare, *(form.format(surname) for form in _BY_SURNAME)})


def names_worker(words: str, name: str) -> bool:
    """Whether staff's words name this worker ("王师傅修好了吗？", "老王到了没", "小李呢" for 李姐), by ``name_forms``:
    a Chinese form anywhere in the words, an English one as a word of its own."""
    said = bare_name(words)
    latin = set(re.findall(r"[a-z]+", words.casefold()))
    return any(form in latin if form.isascii() else form in said for form in name_forms(name))
