"""What a worker's words typed under his card of an event say he is doing: taking it ("收到", "马上去"), done with it
("修好了"), or unable to take it ("今天去不了"). Workers answer a task the way they answer one in any work chat,
and the bot had only pointed them to the buttons while the event waited and the backup was called. Pure: the
service (``services/worker_replies``) decides what each means for the event as it is now."""

from __future__ import annotations

import re
from enum import Enum

from bot.core.followup import plain


class Said(Enum):
    """What his words under the card say."""

    TAKE = "take"  # he takes it: as Accept
    DONE = "done"  # it is fixed: as Close, its outcome to choose
    CANNOT = "cannot"  # he cannot take it: as Hand back, his to press


# Matched on normalised text (``followup.plain``: Simplified script, lower case). Taking it must be all the message
# says ("收到，下午去修" takes it; "收到，3号楼的灯我看过了，是线路问题，要电工来" is his note, not a tap); done and
# cannot only bring the right buttons, so a short message that says it is read so ("灯换好了", "我在外面，今天去不了").
_WHEN = (  # when he goes: "马上", "下午", "10分钟后", "等阵" (Cantonese)
    r"马上|立刻|立即|这就|现在|而家|即刻|等下|等一下|等阵|一会儿?|稍后|待会儿?|上午|中午|下午|晚上|今晚|明早|明天|今天"
    r"|(还有|再过?)?\s?(\d+|半|一|两|十|二十|三十)\s?(分钟|分|个?小时|个?钟)(后|内|左右)?"
    r"|([上下]午|晚上|早上)?(\d{1,2}|[一两二三四五六七八九十]{1,3})\s?(点|點)(钟|半|\d{1,2}分?)?"  # "下午两点"
    r"|in \d+\s?(min(ute)?s?|hours?)|(right )?now|today|later|soon"
)
_TAKE = (  # an acknowledgement, his going, or the job under way
    r"收到了?|好的?|好滴|好嘞|得嘞|行|可以|明白了?|了解|知道了?|ok+(ay)?|👌|👍|🫡|🙏|接单|我接了?|交给我|我来"
    r"|(去|过去|过来|到|来|赶过去|赶到|处理|安排(人)?|修|看看|看一下|睇下|睇睇|过嚟|嚟)(去|过去)?(看看|看一下|一下|处理|睇下|修)?"
    r"|(已经?)?在路上了?|路上了?|出发了?|过去看|得|(go|come|coming)( over| there)?"
    r"|已?到(现场|了)|正在(去|赶|处理|修|弄|看)(的?路上)?|(处理|维修)中|在(修|弄|处理|看)了?"
    r"|等我(一下)?|稍等|嚟紧"
    r"|on (my|the) way|coming|heading (there|over)( now)?|got it|will do|roger( that)?|copy( that)?|sure|noted|on it"
    r"|(i'?ll|i will|will) (go|check|handle|take|look|come)( it| a look| have a look| over| there)?|taking it|mine"
)
_DONE = re.compile(
    r"(修|弄|搞|换|处理|整|清理|疏通|装|清|通|修复|维修|关)(好|完|掂|通|妥|干净)(了|咗|啦)?|搞定|搞掂"
    r"|关(掉|上|闭)(了|咗|啦)"  # "燃气关掉了": a leak's valve shut
    r"|换(了|上了|新了)|完工|恢复(正常|供水|供电|通电)|(修复|更换|换上|清理|清走|清运|疏通|处理|完成|解决|办结)(完毕|了|咗|啦)"
    r"|已经?(修复|更换|换|清理|清走|疏通|维修|修|处理|完成|解决|办结)"
    r"|\b(done|fixed|sorted|resolved|finished|all good|replaced|repaired)\b"
)
_CANNOT = re.compile(
    r"(去|来|过|赶|做)不了|(过|去)不去|走不开|抽不(出|开)(身|空|时间)|(去|嚟|来)唔到|没(空|时间)|唔得闲"
    r"|忙不过来|不归我|唔关我事|不是(我|我们)(的|负责|管)"
    r"|不(在|是)(我|我们)(的)?(片区|网格|区域|小区)|(修|处理|搞|弄)不(了|好|定)|请假|休假|休息|在外地|我?(今天|明天)?不在"
    r"|\b(can'?t|cannot) (go|come|make it|take it|do it)\b|\bnot (mine|my (area|grid|job))\b"
    r"|\bi'?m (off|busy|on leave)\b|\bday off\b"
)
_STILL_WRONG = re.compile(r"还是|仍然|不行|没用|又坏|一半|继续")  # "修了半天还是不行", "修好一半": not done
_NEGATION = re.compile(r"没|不|未|别|冇|唔|\bno\b|\bnot\b")  # "还没修好", "没有修好" is not "修好"
# "修好了吗？", "搞定了没有", "要不要我去": a question, not a report
_ASKS = re.compile(
    r"吗|么|[?？]|(了|好)(没有?|未)$|要不要|是不是|有没有|行不行|好不好|去不去|\b(is|are|can|do|does|did)\b.*\?"
)
# "修好了，不过2单元水管也漏了", "收到，另外3楼窗户碎了": more than his answer (a report, his note), read as before
_BESIDE = re.compile(
    r"但|不过|可是|另外|还有(?![\d一两二三四五六七八九十半]|\s\d)|顺便|发现|同时|而且|\b(but|also|another)\b"
)
# the same words as typed (either script), where his answer ends and what he adds begins
_BESIDE_TYPED = re.compile(
    r"但是|但|不過|不过|可是|另外|還有|还有|順便|顺便|發現|发现|聽說|听说|同時|同时|而且|\b(but|also)\b", re.IGNORECASE
)
_FILLER = r"[\s,.!?，。！？、~～…:：;；()（）\"'“”「」]*"
_POLITE = (  # words around an answer that add nothing to it
    r"师傅|领导|老师|主任|您|你|哈|哦|噢|啊|呀|啦|了|的|吧|嗯+|嗯呢|哈哈|谢谢|多谢|唔该|辛苦了?|thanks|thank you|sir"
    r"|这个|这单|这件|那个|好|我|我们|人|就|先|再|那|that|now|it|ok|there"
)
_TAKES = re.compile(f"^({_FILLER}({_TAKE}|{_WHEN}|{_POLITE}))+{_FILLER}$")
_TAKE_WORD = re.compile(_TAKE)


# under a close's question for words ("请回复无法解决的原因"): he does not close it after all ("取消", "算了，先不关",
# "cancel"), the whole of what he writes
_CANCELS = re.compile(
    rf"^({_FILLER}((?:取消|撤销)(?:办结|关闭)?|算了|不关了?|先不关|不办结了?|先不办结|不用了|返回|点错了?|按错了?|搞错了?|弄错了?"
    rf"|cancel(led)?|never ?mind|nvm|back|wrong button|mistake|[\U0001F300-\U0001FAFF]|{_POLITE}))+{_FILLER}$"
)

_CANCEL_WORD = re.compile(
    r"取消|撤销|算了|不关|不办结|不用了|返回|[点按搞弄]错|cancel|never ?mind|nvm|back|wrong|mistake"
)


_NUMBERED = re.compile(r"^\s*[#＃]\s*(\d{1,9})\s*[:：,，.。、]?\s*(.*)$", re.S)


# a taking that says he goes or handles it ("收到，马上过去", "on my way"), not a bare "好的" or "收到": typed under no
# message in a residents' group, only such words are read as his taking its one event (a bare "好的" answers anyone)
_GOING = re.compile(r"去|过来|赶到|到了|来|处理|修|看看|看一下|路上|出发|马上|on (?:my|the) way|coming|heading|i'?ll")


def says_going(text: str) -> bool:
    """Whether his taking says he goes to it or handles it, more than "OK"."""
    return bool(_GOING.search(plain(text)))


# his visit found nobody in ("家里没人，敲门没人应", "nobody home"): news of the job, which the reader takes for an
# unresponsive person (red) when no event of care is his
_NOBODY_HOME = re.compile(
    r"(?:家里|屋里|屋企|家中)(?:没|冇|无)人|敲(?:了)?(?:半天|好久|很久|几次)?门(?:都|也)?(?:没|冇|无)人"
    r"|(?:没|冇|无)人(?:开门|应门|在家)|\b(?:nobody|no one|no-one) (?:home|in|answered|answers|opened)\b"
)


def nobody_home(text: str) -> bool:
    """Whether his words say the visit found nobody in ("敲门没人应", "nobody home")."""
    return bool(_NOBODY_HOME.search(plain(text)))


def numbered(text: str) -> tuple[int | None, str]:
    """The event a message names first ("#3 修好了": 3) and the words after it; (None, the text) when none."""
    found = _NUMBERED.match(text)
    return (int(found[1]), found[2]) if found else (None, text)


def said(text: str) -> Said | None:
    """What the words say he does, or None when they are more than that (his notes, a question, a report)."""
    words = plain(text).strip()
    if not words or len(words) > 40 or _ASKS.search(words) or _BESIDE.search(words):
        return None
    if _CANNOT.search(words):
        return Said.CANNOT
    done = _DONE.search(words)
    if done and not _NEGATION.search(words[: done.start()]) and not _STILL_WRONG.search(words):
        return Said.DONE
    if _TAKES.match(words) and _TAKE_WORD.search(words):
        return Said.TAKE
    return None


def cancels(text: str) -> bool:
    """Whether his words under a close's question take the close back ("取消", "算了，先不关", "点错了", "cancel")."""
    words = plain(text).strip()
    return bool(_CANCELS.match(words) and _CANCEL_WORD.search(words)) and not _TAKES.match(words)


def beside(text: str) -> tuple[str, str] | None:
    """His answer and the words he adds after it, as typed ("修好了，不过2单元那边水管也漏了": "修好了" and
    "2单元那边水管也漏了"), for the words to be read alone; None when the message does not begin with an answer."""
    found = _BESIDE_TYPED.search(text)
    if found is None:
        return None
    answer, rest = (
        text[: found.start()].strip(" ,.!，。！、~～…:：;；"),
        text[found.end() :].strip(" ,.!，。！、~～…:：;；"),
    )
    return (answer, rest) if rest and said(answer) is not None else None
