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
_TAKE = (
    r"收到了?|好的?|好嘞|得嘞|行|可以|明白了?|知道了?|ok(ay)?|👌|👍|🫡|接单|我接了?|我来(处理|弄|修|看看)?|交给我"
    r"|(我|我们)?(马上|立刻|立即|这就|现在|等下|等一下|一会儿?|稍后|下午|晚上|明天|今天)?(就)?"
    r"(去|过去|到|来|赶过去|赶到|处理|安排|去看看|过去看看|去处理|去修)(看看|一下|处理)?"
    r"|在路上了?|正在(去|赶)的?路上|出发了?|即刻去|而家去|on (my|the) way|coming|got it|will do|roger|copy|sure"
    r"|i'?ll (go|check|handle|take)( it| a look)?|taking it|mine"
)
_DONE = re.compile(
    r"(修|弄|搞|换|处理|整|清理|疏通|装|清|通)(好|完|掂|通)了?|(疏通|更换|换新|清走|清理)了|搞定|已?(处理|完成|办结|解决)(完毕|了)"
    r"|已(处理|完成|办结|解决)|\b(done|fixed|sorted|resolved|finished|all good)\b"
)
_CANNOT = re.compile(
    r"(去|来|过|赶)不了|没(空|时间)|忙不过来|不归我|不是我(的|负责|管)|不在我(的)?(片区|网格|区域)"
    r"|(修|处理|搞|弄)不(了|好|定)|请假|休假|休息|在外地"
    r"|\b(can'?t|cannot) (go|come|make it|take it|do it)\b|\bnot (mine|my (area|grid|job))\b|\bi'?m (off|busy)\b"
)
_NEGATION = re.compile(r"没|不|未|别|冇|no\b|not\b")  # "还没修好", "没有修好" is not "修好"
_ASKS = re.compile(r"吗|么|[?？]|\b(is|are|can|do|does|did)\b.*\?")  # "修好了吗？": a question, not a report
_FILLER = r"[\s,.!?，。！？、~～…:：;；()（）\"'“”「」]*"
_POLITE = r"师傅|领导|老师|主任|您|你|哈|哦|噢|啊|呀|啦|了|的|吧|嗯|谢谢|辛苦了?|thanks|thank you|sir|这个|这单|这件|好"
_NOW = r"马上|立刻|这就|现在|等下|稍后|下午|晚上|明天|今天|就"
_TAKES = re.compile(f"^({_FILLER}({_TAKE}|{_POLITE}|{_NOW}))+{_FILLER}$")
_TAKE_WORD = re.compile(_TAKE)


def said(text: str) -> Said | None:
    """What the words say he does, or None when they are more than that (his notes, a question, a report)."""
    words = plain(text).strip()
    if not words or len(words) > 40 or _ASKS.search(words):
        return None
    if _CANNOT.search(words):
        return Said.CANNOT
    if (done := _DONE.search(words)) and not _NEGATION.search(words[: done.start()]):
        return Said.DONE
    if _TAKES.match(words) and _TAKE_WORD.search(words):
        return Said.TAKE
    return None
