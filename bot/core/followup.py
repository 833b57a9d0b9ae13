"""What a message written around a report says, read by rules: a reply under an event (the same problem still
there, "mine too", another problem of its own) and a staff member's words in a group (news of work, or a problem
of their own). Pure: the services decide what to do with it.

Over 300 lines: one reading of the words around a report, whose patterns the rules share (still, mine too, solved).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import timedelta

from bot.core import merge, parser, symptoms
from bot.core.text_norm import normalize
from bot.core.types import Category, Event, ParsedReport, Urgency

REOPEN_WITHIN = timedelta(days=7)  # "还没修好" under an event closed longer ago is a report of its own
# her next words, not written as a reply: a place alone this soon after her report of no place fills it ("楼道灯坏
# 了", then "3号楼2单元" when the acknowledgement asks where); a place alone this soon before her report is its place
PLACE_AFTER = timedelta(minutes=10)
PLACE_BEFORE = timedelta(minutes=2)
# a report typed over quick messages ("楼道的灯" / "坏了好几天了，晚上黑漆漆的"): the later parts, this soon after her
# report and about no problem of their own, are its words
ADDS_WITHIN = timedelta(minutes=2)
# later, up to this long after it, such words naming no place reach its worker ("声控灯不亮", "已经一个礼拜了")
MORE_WITHIN = timedelta(hours=1)
# The patterns below are matched on normalised text (``plain``: Simplified script, NFKC, lower case), so "燈還是不亮"
# reads as "灯还是不亮"; Cantonese words are written as OpenCC makes them ("仲係" → "仲系").
# the same problem, still there ("还不能用", "还不亮": still not working; not "还不错", "还不如")
STILL = re.compile(
    r"还在|仍然|依然|依旧|一直|还是|还没|还不(?=能|亮|动|通|灵|转|走|出水|来水)|仲系|仲喺|仲未|\bstill\b"
)
# "就是这个灯", "这是楼道的灯", "如图": words pointing at the event replied to (or at the photo they are written on)
THIS_ONE = re.compile(r"就是这|这就是|这是|这盏|就系呢|呢个就系|如图|看图|照片|\b(this is|here it is)\b")
ANOTHER = re.compile(r"也|还有|另外|\b(also|too|another)\b")  # "…也坏了": maybe a problem of its own
SMALL_TALK = frozenset({"thanks", "greeting", "chat"})  # "谢谢", "收到", "哈哈" under a report: nothing to add
STILL_THERE = frozenset({"recur", "nobody"})  # "还是没修好", "怎么还没人来": a neighbour affected too
# "问题还在", "還在", "仲喺度", "it is still there": a yes to "is it still there?" (asked after "nothing found")
STILL_HERE = re.compile(r"还在|仍在|仍然在|依然在|依旧在|仲喺度|仲喺|仲在|\bstill (there|here)\b")
ME_TOO = re.compile(  # "我家也是", "我们楼也一样", "+1", "同上", "我屋企都系", "me too": the message says "mine too"
    r"^\W*(\+\s*1|同上|同样|一样|(我|我们|我哋)?(家|屋企|楼层|楼|这层|那层|这边|那边|这里|那里|这|那|呢度"
    r"|\d{1,2}\s?(?:楼|层|樓|層)(?:这边|呢度)?)?"
    r"(也|都)(是|系)?(一样|这样|咁)?"
    r"(呀|啊|啦|喇|喎|咯|啰|嘅|呢)?|me too|same here|same|(us|we|mine|ours) too|ditto)"  # "我都係呀" (Cantonese)
    r"(\W|\s|same|problem|here|issue|too|这个|情况|问题)*$"
)
# The writer's words under their own "Report it?" question, read whole, piece by piece: a no ("不用了", "是我看错了"),
# polite words around an answer ("谢谢", "对不起"), a yes ("是的", "麻烦处理一下"), or what stands between them. A no
# is tried first ("不是" holds "是"), polite words before a yes ("对不起" starts with "对").
_NO = (
    r"唔使|唔駛|唔洗|唔係|唔要|冇事|"
    r"(?:就是|是)?(?:我|刚才|剛才|刚刚|剛剛)*(?:看|发|發|搞|弄|说|說|写|寫|打)(?:错|錯)(?:群|地方)?(?:了|咗)?"
    r"|(?:已经|已經|已)?(?:撤回|撤销|撤銷)了?"
    r"|(?:不是|不用|不要|不需要|不必|无需|無需|别|別)(?:登记|登記|处理|處理|报修|報修|报|報|这个|這個|这样|這樣|了|的|啦)*"
    r"|(?:我)?(?:只是|就是)?(?:随便|隨便|随口|隨口)(?:说说|說說|问问|問問|聊聊)(?:而已)?|闲聊|閒聊"
    r"|没事|沒事|算了|否|没有|沒有"
    r"|(?:no|nope|not (?:a report|needed)|wrong (?:message|chat|group)|my mistake|just (?:saying|chatting|asking))\b"
)
_POLITE = (
    r"对不起|對不起|不好意思|唔好意思|抱歉|谢谢|謝謝|多谢|多謝|唔该|唔該|辛苦|你们|你們|您|你|了|啊|呀|吧|哦|噢|呢|啦|喇|嘛|哈|的"
    r"|一下|(?:sorry|thanks|thank you)\b"
)
_YES = (
    r"係呀|係啊|係|是的|是啊|是呀|是|对的|对|對的|對|要的|需要|要|好的|好|行|可以|嗯+|恩|没错|沒錯|确认|確認|麻烦|麻煩"
    r"|(?:请|請)?(?:登记|登記|处理|處理)|(?:来|來|过来|過來)?(?:看看|看一下)|(?:尽快|儘快|赶紧|趕緊|快)(?:点|點)?(?:来|來)?|(?:请|請)?(?:帮忙|幫忙)"
    r"|(?:yes|yeah|yep|ok|okay|sure|please|log it|report it)\b"
)
# greetings and exclamations that hold a "yes" or "no" word but answer nothing ("你好" holds 好, "不是吧" 不是)
NOT_AN_ANSWER = re.compile(
    r"你好|您好|大家好|不是吧|不会吧|不會吧|好吧|是吗|是嗎|是不是|真的吗|真的嗎|\b(?:hi|hello)\b", re.I
)
ANSWER_PIECE = re.compile(rf"(?P<no>{_NO})|(?P<polite>{_POLITE})|(?P<yes>{_YES})|(?P<gap>[\W_]+)", re.I)
CLAUSE_END = re.compile(r"[，,。.！!？?；;：:\s]+")
# Her words that can only be about her visit (matched on ``plain`` text): when someone comes ("师傅什么时候来啊",
# "催一下", "有人跟进吗", "點解仲未有人嚟", "anyone coming?"), or when and how she can be visited ("明天上午在家",
# "今晚7点后有人", "随时可以来", "来之前打个电话", "I'm home after 6pm"); the reader has no word for most of them
_WHEN = r"(?:什么|啥|甚么)时候|几时|几点|多久|何时"
_COMES = r"(?:来|到|嚟|过来|上门|处理|修|派人)"
_LATER = (  # a time she will be there: a day to come, a part of the day, a clock time, or any time
    r"明天|明早|明晚|后天|今晚|今天|听日|下昼|朝早|上午|下午|中午|晚上|早上|周末|周[一二三四五六日天]|星期[一二三四五六日天]"
    r"|礼拜[一二三四五六日天]|[\d一二三四五六七八九十两]+\s?点|随时|全天|整天"
)
_PRESENT = r"(?:都|一直|会|也)?(?:在家|在屋里|喺屋企|喺度|家里有人|有人在家|有人)"
VISIT = re.compile(
    rf"(?:{_WHEN})\s?(?:能|可以|会|才|再|先)?(?:有人)?{_COMES}|催(?:一下|一催|催|下)|(?:有没有|有冇|有)人(?:管|理|跟进|处理|睇)"
    rf"|跟进(?:了)?(?:吗|没|沒|未)|(?:还|仍|仲)(?:没|没有|未|未有)(?:有)?人|没有人{_COMES}"
    rf"|(?:{_LATER})[^,，。.!！?？;；]{{0,6}}?{_PRESENT}\s?(?:呢|的|哦|啊|呀|喔|噢|啦)?\s?(?:$|[,，。.!！~～;；])"
    rf"|(?:随时|都)(?:可以|能)?(?:来|过来|上门)|(?:可以|能|方便)(?:过来|来|上门)(?:了)?\s?(?:$|[,，。.!！;；])"
    rf"|(?:来|上门|到)(?:之前|前|的时候)[^,，。.!！]{{0,4}}?(?:打|联系|电话|说一声|通知)"
    r"|提前(?:打|联系|电话|说)|\b(?:any(?:one|body)|some(?:one|body)) (?:coming|come|here)\b"
    r"|\bwhen (?:will|is|are|can|do) (?:some|any|you|the|they)\w*\b.*\bcom(?:e|ing)\b|\bany (?:update|news|progress)\b"
    r"|\bstill waiting\b|\b(?:i'?m|i am|we'?re|we are|someone is|somebody is) (?:at )?home\b"
    r"|\bhome (?:after|before|from|until|all)\b"
    r"|\bcall (?:me )?(?:before|first|ahead)\b"
    # her visit put off: "今天别来了", "明天上午来吧", "改天再来", "no need to come today", "come tomorrow morning",
    # "I'm not home", "reschedule" (sweep: the English was dropped, the Chinese typed below her report too)
    rf"|(?:今天|今日|今晚|现在|这会)(?:先)?(?:别|不要|唔好|不用|先别)(?:来|过来|上门|嚟)"
    rf"|(?:改天|过两天|下次|晚点|晚些|{_LATER})(?:再)?(?:来|过来|上门|嚟)(?:吧|啦|嘞|呀|啊|好了|可以)"
    r"|\b(?:don'?t|do not|no need to|not to) (?:come|visit)\b[^.!?]{0,12}\b(?:today|tonight|now|this \w+)\b"
    r"|\bcome (?:\w+ ){0,2}?(?:tomorrow|tmrw?|tonight|later|another day|next week|after \d|(?:on )?\w+day\b)"
    r"|\b(?:(?:i'?m|i am|we'?re|we are) not|(?:i|we) won'?t be|nobody(?:'s| is)?|no one(?:'s| is)?) (?:at )?home\b"
    r"|\breschedul\w*|\bnot (?:convenient|a good time) (?:today|now)\b|\b(?:today|now) is not (?:convenient|good)\b"
)
# what staff write in a group that is news of work, not a problem of their own
NEWS_TAGS = frozenset({"notice", "future", "over"})
THEIR_OWN = re.compile(r"我家|我们家|我的|我屋企|我哋|\b(my|our)\b")
WORK_NEWS = re.compile(
    r"正在(抢修|维修|修理|处理|更换)|预计|抢修|维修中|已经(修好|换好|处理好|恢复)|请(大家|居民)"
    r"|working on|will be|restored"
)


# she takes back her report by name ("取消报修", "撤回我的报修", "cancel my report"): no neighbour's chat says that
CANCELS_HER_REPORT = re.compile(
    r"(?:取消|撤回|撤销|撤掉)(?:了)?(?:我的|我|刚才的|刚刚的|之前的|这个|那个|这条|那条)?(?:报修|报事|报告|反映|投诉|工单)"
    r"|\b(?:cancel|withdraw) (?:my|the|this) (?:report|request|complaint)\b"
)


def cancels_her_report(text: str) -> bool:
    """She takes back her report naming it ("取消报修", "cancel my report"), not "发错了" that may answer anyone."""
    return bool(CANCELS_HER_REPORT.search(plain(text)))


def asks_about_her_report(text: str) -> bool:
    """She asks how her report stands, naming it ("我的报修怎么样了？", "any update on my report?")."""
    return bool(ASKS_ABOUT_HER_REPORT.search(plain(text)))


def plain(text: str) -> str:
    """The text the patterns above read: normalised (Simplified script, NFKC, lower case, single spaces)."""
    return normalize(text)


def kinds(reasons: Iterable[str]) -> frozenset[str]:
    """What the rules found in a reading, by kind ("thanks", "recur", "notice"…), the model's scores left out."""
    return frozenset(r.split(":", 1)[0] for r in reasons if not r.startswith("model:"))


# "确实坏了", "真的不亮", "没有看错", "it really is broken": she insists her problem is real, with no "still" word
INSISTS = re.compile(
    r"(?:确实|的确)(?:系|是)?|真的|真系|真是|(?:没|没有|冇|不是)(?:我)?(?:(?:看|搞|弄|说|睇)错|乱说)|不骗你|没骗|骗你|我确定|我肯定"
    # "灯是真坏了", "真唔得": really broken or not working; "不是开玩笑", "唔系讲笑": no joke (resident sweep: asked
    # "Report it?", or a red #2 of no place, after her open report)
    r"|真(?=的?(?:坏|不|没|冇|唔|漏|堵|停))|(?:不是|没|冇|唔系)(?:在)?(?:开玩笑|讲笑|骗人|乱讲)"
    r"|\b(?:really|definitely|truly|i'?m sure|i am sure|not a mistake|i (?:have )?checked|no mistake)\b"
    r"|\b(?:not (?:making (?:it|this) up|lying|joking|kidding))\b"
)


def insists(parsed: ParsedReport, text: str) -> bool:
    """Words insisting her problem is real, naming a problem or a sign of one and not "fixed" ("没有看错，灯确实坏了",
    "我没搞错，真的不亮", "it really is broken, please come"; resident sweep: each opened #2 of no place after her
    open report). Not "真的修好了" (solved), nor a question ("真的吗？"), nor a mistake said ("确实是我看错了")."""
    norm = plain(text)
    said = kinds(parsed.reasons)
    if not INSISTS.search(norm) or "resolved" in said or "question" in said or _ASKS.search(norm):
        return False
    if MISTAKE_SAID.search(norm) and not NOT_A_MISTAKE.search(norm):
        return False
    return parsed.is_report or names_a_problem(parsed) or bool(symptoms.signs(norm))


MARKS = re.compile(r"[!！]+")  # exclamation marks, which the learned reader may take for a danger by themselves


def calmed(parsed: ParsedReport, text: str, lang: str | None = None) -> ParsedReport | None:
    """Her words read without their exclamation marks, when only the marks made them red: the reader's red with no
    danger word ("真的不亮！！！", "还是不亮啊！！！", "lift still not working!!", "電梯仲係壞㗎！！": resident sweep,
    each after her own report opened a red #2 of no place, paging everyone), and neither the words whole nor any
    clause of them, read without the marks, red or maybe a danger ("电梯里关着人了！！！", "着火了！！" and
    "电梯还是坏的，里面关着人！！！" stay red). None when the marks are not all that made them red. The caller reads
    the calm words only as words about her own report; a report of its own keeps its colour."""
    if parsed.urgency is not Urgency.RED or not MARKS.search(text) or any(r.startswith("red:") for r in parsed.reasons):
        return None
    calm = parser.parse(MARKS.sub("", text), lang)
    clauses = [c for c in CLAUSES.split(text) if has_words(c)]
    readings = [calm] + [parser.parse(c, lang) for c in clauses if len(clauses) > 1]
    if any(r.urgency is Urgency.RED or r.maybe_danger for r in readings):
        return None
    return calm


def has_words(text: str) -> bool:
    """Whether a text says anything in words: "🙏🙏", "👍👍" or "！！" under a report say nothing to pass on (digits
    count: "+1" says "mine too", "302" may be the reporter's room)."""
    return any(ch.isalnum() for ch in text)


def answer(text: str) -> bool | None:
    """A written answer to "Report it?", only when the words are just that: True for a yes ("是的，麻烦处理一下",
    "对", "係呀"), False for a no ("不用了，谢谢", "对不起，发错了", "是我看错了，不用登记", "唔使"), None for anything
    that says more ("对，3号楼还在冒烟", "不是，是3号楼着火了", "好像没事了"), both, or is no answer at all ("你好",
    "不是吧", "好吧")."""
    if NOT_AN_ANSWER.search(text):
        return None
    said: set[bool] = set()
    at = 0
    while at < len(text):
        piece = ANSWER_PIECE.match(text, at)
        if piece is None or piece.end() == at:
            return None
        if piece.lastgroup in ("yes", "no"):
            said.add(piece.lastgroup == "yes")
        at = piece.end()
    return said.pop() if len(said) == 1 else None


_WITHDRAW = re.compile(
    r"不用了|不用麻烦|不用麻煩|不要了|算了|没事了|沒事了|不需要了|唔使喇|唔使了|\b(?:no need to|never ?mind)\b", re.I
)


CONTRAST = re.compile(r"但是|但|可是|不过|不過|现在|現在|而家|\b(?:but|now)\b", re.I)


def after_contrast(text: str) -> str:
    """The words after the last "but / now" ("修好了，但是5号楼电梯里还关着人": "5号楼电梯里还关着人"), or ""."""
    found = list(CONTRAST.finditer(text))
    return text[found[-1].end() :].strip(" ，,。.：:") if found else ""


# "不知道好了没有", "还没去看", "I haven't checked": she does not know whether it is fixed; "只修好了一半", "好一点了",
# "partly fixed": it is not all fixed
# a little better ("好一点", "好点了", Cantonese "好返啲"): a part fixed, here and in ``after_close.PART``
BETTER = r"好(?:了)?一点|好(?:一)?点了|好(?:返|咗)(?:啲|少少)"
_UNSURE_OR_PART = re.compile(
    r"不知道|不清楚|不确定|不晓得|唔知|(?:还|仲)?(?:没|未)(?:去|有|回家)?(?:看|试|检查|回去)"
    rf"|一半|部分|{BETTER}|好些了"
    r"|\b(?:not sure|no idea|don'?t know|haven'?t (?:checked|seen|looked|tried)|partly|partially|half)\b"
)


def says_solved(parsed: ParsedReport, text: str) -> bool:
    """Words that clearly say the problem is solved, by the reader ("修好了，谢谢王师傅", "已经好了", "Fixed, thanks"):
    its "resolved", not "still" or "again" broken (``says_not_fixed``; "修好了，还是王师傅靠谱" is praise), nobody
    chased, no report, and no "but" after it ("修好了，不过态度不太好" says more). Not a question ("修好了吗？", "Was it
    really fixed?"), words of not knowing ("我不在家，不知道好了没有") or of a part fixed ("只修好了一半"): sweep of
    residents' words after a close, each was recorded "solved, satisfied" and the question closed."""
    said = kinds(parsed.reasons)
    if not ("resolved" in said or works_now(text)) or "nobody" in said or "question" in said or parsed.is_report:
        return False
    rest = after_contrast(text)  # "修好了，不过态度不太好" says more; "现在安静了，谢谢", "works now, thanks" do not
    if (says_more(rest) and not works_now(rest)) or _ASKS.search(plain(text)):
        return False
    return not _UNSURE_OR_PART.search(plain(text)) and not says_not_fixed(parsed, text)


# Her thing said to work now, with no word of "fixed" ("灯亮了", "电梯能用了", "不漏了", "现在安静了", "lift works now",
# "no more leaking"): sweep of answers after a close, each left the question waiting. Not after a no ("不亮了"), nor
# the day ("天亮了"); a question ("灯亮了吗？") or words after a "but" are not it (``says_solved``).
WORKS_NOW = re.compile(
    r"(?<![不没未冇天])(?:亮|亮堂|能用|可以用|好用|能动|能开|能关|正常|安静)(?:了|喇|啦|嘞)|一切正常|恢复正常|没(?:有)?问题了"
    r"|修得(?:很|挺|非常|真|蛮)?好|(?:修|整)?好咗|(?:修|弄|搞|整)好(?:啦|咯|喽|嘞)|不(?:再)?(?:漏|滴|渗|吵|响|闪|堵|冒)\w{0,2}了"
    # Cantonese: "部電梯郁返喇", "盞燈着返", "冇再漏喇"; not "好返啲" (a little better: a part)
    r"|(?<![不没未冇唔])(?:郁|着|著|开|亮|通|行|用得|正常)返(?:喇|啦|了|嘞|晒)?|好返(?:晒|喇|啦|了)"
    r"|(?:冇|唔)再(?:漏|滴|渗|嘈|响|闪|塞|冒)\w{0,2}(?:了|喇|啦|嘞)?"
    r"|\b(?:works?|working|runs?|running) (?:now|again|fine|well|properly|normally)\b"
    r"|\bis (?:on|back on|working|fixed) (?:now|again)\b|\bno more (?:leak|drip|noise)\w*|\ball good\b"
    # a supply back ("水来了", "来电了", "有水了", "恢复供水", "the water's back"): not "还没来水", "没有水了"
    r"|(?<![不没未冇])(?:(?:水|电|气|暖气|热水|网)(?:来|嚟|通|回来)(?:了|喇|啦|咗)|(?:来|嚟|有|通)(?:水|电|气|暖气|热水|网)(?:了|喇|啦))(?![\s,，]*又)|恢复(?:供水|供电|供气|供暖)"
    r"|\b(?:water|power|electricity|gas|heating|hot water|internet)(?: is|'s| has come| came)? back\b"
)
_ASKS = re.compile(r"[?？]|吗|\b(?:is it|does it)\b")


def says_more(words: str) -> bool:
    """Words that say more than thanks ("现在安静了，谢谢": after its "now", only thanks)."""
    words = _MORE_THANKS.sub(" ", words)
    at = 0
    while at < len(words):
        piece = ANSWER_PIECE.match(words, at)
        if piece is None or piece.end() == at or piece.lastgroup not in ("polite", "gap"):
            return True
        at = piece.end()
    return False


_MORE_THANKS = re.compile(r"晒|曬|\b(?:a lot|so much|very much)\b", re.I)  # "多謝晒", "thanks a lot"


def works_now(text: str) -> bool:
    """Words saying her thing works now (``WORKS_NOW``), read on plain text."""
    return bool(WORKS_NOW.search(plain(text)))


def answers_if_fixed(parsed: ParsedReport, text: str, nothing_found: bool) -> bool:
    """Words that answer "is it fixed?" by themselves: solved ("修好了，谢谢"), or not ("还没修好", "灯还是不亮",
    "天花板还在滴水"; after "nothing found", whose question asks "问题还在吗？", also "还在")."""
    return says_solved(parsed, text) or says_not_fixed(parsed, text) or (nothing_found and still_here(text))


# "没好", "和原来一样", "老样子", "没有改善": nothing changed, a "not fixed" said with no word of "still" ("照样" is the
# reader's "recur" where it says so, "电梯照样坏"; alone, "明天照样上班", it is chat)
NO_CHANGE = re.compile(
    r"(?:没|未|冇)有?(?:修|弄|搞|整|处理)?(?:好|掂)(?!好)|(?:没|未|冇)有?(?:什么|啥|任何|一点|半点)?(?:改善|改变|变化|好转)"
    r"|(?:跟|和|同|与|像)(?:之前|原来|以前|上次|从前|修之前|没修之前)(?:一样|一模一样|差不多)|老样子"
    r"|(?:跟|和|同|与|像)没修(?:过|之前|的时候)?(?:一样|差不多)|(?:一点|丝毫|根本)(?:都|也)?没(?:有)?(?:变|小|少|减轻|好转)"
    r"|\b(?:same as before|no (?:change|improvement|better|difference)|not (?:any )?better)\b"
    r"|\b(?:still|just) the same\b|\bnot (?:fixed|working|solved|repaired)\b"
)
# a bare no ("没有", "还没", "不是", "nope") under her "问题解决了吗？"
BARE_NO = re.compile(r"^\W*(?:还)?(?:没有|没|未|冇|不是|唔系|否|no|nope|not yet)\W*(?:啊|呀|哦|喔|啦|呢|嘛|哇)?\W*$")


def said_words(parsed: ParsedReport) -> list[tuple[str, str]]:
    """What the word lists found in a message, as (kind, word) from its reasons ("repair", "漏水"); a word the lists
    know by its stem ("leak*": leak, leaks, leaking) as that stem, which is in the text as written."""
    return [(kind, stem(word)) for kind, _, word in (r.partition(":") for r in parsed.reasons)]


def stem(word: str) -> str:
    """A word list's entry as the words it begins ("leak*": "leak"; others as they are)."""
    return word.removesuffix("*")


def bare_no(text: str) -> bool:
    """The whole message is a bare no ("没有", "沒有！", "还没", "nope"): "not solved" written under her question
    whether it is solved (the caller's to know), nothing by itself."""
    return bool(BARE_NO.match(plain(text)))


def says_not_fixed(parsed: ParsedReport, text: str) -> bool:
    """Words saying a problem is not fixed: the reader's "still not" or "again" ("还没修好", "灯还是不亮", "又坏了"), or
    a report, a problem or its sign said with "still" ("天花板还在滴水", "还在漏", "水还一直在流", "still dark":
    resident review, each opened a new event of no place after her leak or light was closed), or words that nothing
    changed ("没好", "和原来一样", "漏水没有改善": ``NO_CHANGE``, not asked nor unsure: "不知道有没有好"). Not "fixed"
    followed by a "还是" that names no problem: "修好了，还是王师傅靠谱" says "after all", and is praise."""
    said = kinds(parsed.reasons)
    norm = plain(text)
    if NO_CHANGE.search(norm) and "question" not in said and not _UNSURE_OR_PART.search(norm):
        return True  # "没好", "和原来一样", "漏水没有改善" (sweep: read as chat, or as a new event of no place)
    if "recur" in said:
        recur = {word for kind, word in said_words(parsed) if kind == "recur"}
        problem = parsed.is_report or names_a_problem(parsed) or bool(symptoms.signs(norm))
        return problem or "resolved" not in said or recur != {"还是"}
    if "resolved" in said and not after_contrast(text):  # "修好了，灯一直亮着": fixed, and it stays so
        return False
    # a sign not said to be gone ("已经不漏了，一直很好" is none), or a report
    return bool(STILL.search(norm)) and (parsed.is_report or bool(symptoms.signs(norm)))


def withdraws(text: str) -> bool:
    """Words after a yes that take it back ("好，谢谢，不用了", "行，那算了"); "fixed already" is the reader's."""
    return bool(_WITHDRAW.search(text))


# words of a mistake or a withdrawal: with them a plain no takes the writer's report back (``takes_back``)
TAKEN_BACK = re.compile(
    r"(?:发|看|搞|弄|写|打|说)错|撤回|撤销|不用了|不需要了|不用登记|不用处理|算了|唔使"
    r"|\b(?:wrong (?:message|chat|group)|my mistake|never ?mind)\b"
)


def takes_back(text: str) -> bool:
    """The whole message takes its writer's report back ("不好意思发错了", "撤回", "sorry, wrong chat", "不用了，谢谢"):
    a plain no, as to "Report it?", with words of a mistake or a withdrawal (a bare "没有" or "不是" under a report
    answers something else; "不用了，我自己修好了" says more, for the worker to read), or a mistake told with its why
    (``takes_back_saying_why``: "撤回，刚才看错了，灯是好的")."""
    return answer(text) is False and bool(TAKEN_BACK.search(plain(text))) or takes_back_saying_why(text)


# A take-back told with its why (matched on ``plain`` text): a mistake said outright ("看错了", "误报", "撤回", "my
# mistake"; not "撤回消息", a chat message taken back), or "no need to come" with the thing said to be fine ("灯是好的",
# "the light is fine") or the trouble her own ("是我家跳闸了"). "已经好了，不用来了" is not one: fixed, it is its
# worker's to read (he may close it).
MISTAKE_SAID = re.compile(
    r"(?:发|看|搞|弄|写|打|说|睇|听)错|误报|报错了|眼花|看花眼|报的不算|不算数|(?:撤回|撤销|取消)(?!了?(?:一|这|那)?(?:条|个)?(?:消息|信息|语音|图片|视频))"
    r"|\b(?:my (?:mistake|bad)|false alarm|i (?:was|am|'m) wrong|wrong (?:info|message|chat|group|report)|mistaken"
    r"|cancel|ignore|disregard)\b"
)
NO_VISIT = re.compile(
    r"(?:不用|不需要|无需|不必|唔使|别|不要)(?:麻烦)?(?:让|叫)?(?:师傅|人|你们)?(?:再)?(?:来|过来|上门|跑|派人|处理|管|修|嚟|麻烦)"
    r"|\b(?:no need (?:to|for)|(?:don'?t|do not) (?:need to )?(?:come|send))\b"
)
NOTHING_WRONG = re.compile(
    r"是好的|好好的|(?:没|冇|未)有?(?:坏|问题)|是亮的|亮着|是正常的|能用|可以用"
    r"|\b(?:is|are|'s|was|were) (?:fine|ok|okay|working|good|on|alright|all right)\b|\bworks?\b|\bworking\b"
    r"|nothing wrong"
)
OWN_CAUSE = re.compile(  # "是我家跳闸了", "是我们家的灯", "我家里跳闸了": the trouble is in her home, not the estate's
    r"(?:是|系)我(?:们|哋)?(?:家|屋企|自己|自家)|我(?:们)?家里?的?(?:跳闸|总闸|电闸|空开|保险)"
    r"|不是(?:楼道|公共|走廊|楼梯)|\b(?:my own|in my (?:flat|home|apartment))\b"
)
NOT_A_MISTAKE = re.compile(
    r"(?:没|没有|不是|冇)(?:我)?(?:看|搞|弄|说|发|睇)错|\b(?:not|wasn'?t|no) (?:a )?mistake\b|\bnot wrong\b"
)
ASKING = re.compile(r"吗|嘛|怎么|怎样|如何|谁|[?？]|\b(?:how|who|why|can i)\b")
# she asks how her report stands, naming it ("我的报修怎么样了？", "我报的事有进展吗", "我之前反映的问题处理了没有",
# "any update on my report?"): of a report already made, whatever the reader takes the question for
_HER_REPORT = (
    r"(?:我|俺|咱)(?:的|家的|之前|刚才|昨天|前天|上次|早上)?(?:报修|报的|报告的|反映的|报事|提的|投诉的|说的)"
    r"|\bmy (?:report|request|complaint|repair|ticket)\b"
)
_HOW_IT_STANDS = (
    r"怎么样|如何|进度|进展|有人(?:管|处理|理|来|跟进)|什么时候|啥时候|几时|处理(?:了|好)|修(?:了|好)|好了|办了"
    r"|\b(?:status|update|news|progress|any|when|done|fixed)\b"
)
ASKS_ABOUT_HER_REPORT = re.compile(
    rf"(?:{_HER_REPORT}).*(?:{_HOW_IT_STANDS})"
    r"|\b(?:status|update|news|progress) (?:on|of|about) my (?:report|request)\b"
)


# her words ask how her report stands or when someone comes ("怎么还没人来", "师傅什么时候来啊", "點解仲未有人嚟",
# "有人管吗？", "any update?"): answered with how it stands, beside being passed on
ASKS_HOW_IT_STANDS = re.compile(
    r"吗|嘛|么|怎么|怎样|如何|什么时候|啥时候|几时|何时|几点|点解|进度|进展|跟进|[?？]"
    r"|\b(?:how|when|why|any (?:update|news)|status)\b"
)
DENIED = re.compile(r"(?:并|也)?不是[^是]*$|\bnot\b(?!.*\b(?:is|are|it'?s)\b)")  # "不是漏水": nothing said broken
CLAUSES = re.compile(r"[，,。.！!？?；;：:\n~～]+|(?<![A-Za-z])\s+|\s+(?![A-Za-z])")  # English words kept together
BUT_IT_IS = re.compile(r"(?<=[^不并])(?=是)")  # "不是楼道灯坏了是电梯坏了": two clauses
IT_IS = re.compile(r"(?:而是|是|系|it'?s)\s*\w")  # the other half of "不是X，是Y": Y
MORE_TO_IT = re.compile(r"但|可是|不过|还有|另外|\b(?:but|however|also|another)\b")


_NAMED = frozenset({"red"} | {c.value for c in Category})  # a problem or a danger named, not a thing alone ("灯")


def takes_back_saying_why(text: str) -> bool:
    """A take-back with more words: a mistake said (``MISTAKE_SAID``), or "no need to come" with the thing fine or
    the trouble her own ("撤回，刚才看错了，灯是好的", "不用来了，是我家跳闸了，已经好了", "sorry my mistake, the light
    is fine, no need to come"), and every clause of it no problem to see to: none the reader takes for a report or
    asks about unless it says why it is none ("是我们家的灯坏了，不是楼道的"). Not a question, not "but", "also" or
    "still" ("灯是好的，但是门禁坏了", "我看错了，是电梯坏了", "没有看错，灯确实坏了"), and no place named
    ("看错了，是3单元的灯": where it is)."""
    norm = plain(text)
    mistake = MISTAKE_SAID.search(norm)
    if not (mistake or NO_VISIT.search(norm) and (NOTHING_WRONG.search(norm) or OWN_CAUSE.search(norm))):
        return False
    if NOT_A_MISTAKE.search(norm) or ASKING.search(norm) or MORE_TO_IT.search(norm) or STILL.search(norm):
        return False
    whole = parser.parse(text)
    if whole.building or whole.unit or whole.room:
        return False
    pieces = (BUT_IT_IS.split(c) if "不是" in plain(c) else [c] for c in CLAUSES.split(text))
    for clause in (piece for split in pieces for piece in split):
        if not has_words(clause):
            continue
        said = plain(clause)
        if MISTAKE_SAID.search(said) or NOTHING_WRONG.search(said) or OWN_CAUSE.search(said) or DENIED.match(said):
            continue
        if IT_IS.match(said):  # "说错了 不是灯 是电梯": what is broken corrected, not her report taken back
            return False
        read = parser.parse(clause)
        named = bool(kinds(read.reasons) & _NAMED) and not NO_VISIT.search(said)  # "不用处理了": no problem said
        if read.is_report or parser.needs_confirmation(read) or named:
            return False
    return True


def leading_answer(text: str) -> tuple[bool | None, str]:
    """The answer in a message's first words and the words after them: (True, "3号楼还在冒烟") for "对，3号楼还在冒烟",
    (None, "") when the first words are no plain yes or no."""
    parts = CLAUSE_END.split(text.strip(), maxsplit=1)
    if len(parts) < 2 or not parts[1].strip():
        return None, ""
    return answer(parts[0]), parts[1].strip()


def is_me_too(text: str) -> bool:
    """The whole message says "mine too"."""
    return bool(ME_TOO.match(plain(text)))


def after_me_too(text: str) -> str:
    """The words after a message's first words saying "mine too" ("我家也是，我们楼层也黑了": "我们楼层也黑了"; "Same
    here, someone is trapped inside!": "someone is trapped inside!", not "here, someone…"), or "" when it does not
    begin so or says no more. They are theirs too unless they name a problem of their own (the caller's test)."""
    text = text.strip()
    rest = ""
    for cut in CLAUSE_END.finditer(text):
        if cut.start() > _ME_TOO_LEAD:
            break
        if is_me_too(text[: cut.start()]):  # the longest such first words: "Same", then "Same here"
            rest = text[cut.end() :].strip()
    return rest


_ME_TOO_LEAD = 24  # "mine too" is said in a few words: first words longer than this are something else


def about_her_visit(text: str) -> bool:
    """Words about her visit, which can only be about a report already made: when someone comes ("师傅什么时候来啊",
    "催一下", "怎麼還沒有人來處理", "anyone coming?") or when and how she can be visited ("明天上午在家",
    "今晚7点后有人", "週末都在家，隨時可以來", "来之前打个电话", "I'm home after 6pm, call before coming"); not
    "有人在吵架" or "我在家带孩子" (someone there, no time of a visit)."""
    return bool(VISIT.search(plain(text)))


def names_a_problem(p: ParsedReport) -> bool:
    """The rules found a kind of problem or a danger in the words, whatever the report head says."""
    return bool(PROBLEM_KINDS & kinds(p.reasons))


PROBLEM_KINDS = frozenset({"red"} | {c.value for c in Category} | {f"{c.value}_weak" for c in Category})


def still_here(text: str) -> bool:
    """The words say the problem is still there ("问题还在"): "not solved" under an event closed as nothing found, whose
    question asks "问题还在吗？" (after "fixed" the words must say it is not fixed: the reader's "recur")."""
    return bool(STILL_HERE.search(plain(text)))


def compare_wording(
    said: frozenset[str], text: str, parsed: ParsedReport, by_reporter: bool, building: str | None, unit: str | None
) -> bool:
    """Whether a reply's wording must be like the event's (at ``building``, ``unit``) to belong to it: "灯还是不亮",
    "水还在往下滴" (still) and "就是这个灯" (pointing at it: often the words on a photo) need not, nor do the reporter's
    own words unless they name another place or say "too" (her "是2单元的，3楼到5楼都不亮" under her "3号楼楼道灯坏了"
    says where it is: ``refines_place``); a neighbour's report is compared ("我家水管漏水了" under the lift's #1 is a
    problem of its own, though both are "repair")."""
    text = plain(text)
    pointing = bool(THIS_ONE.search(text)) and not ANOTHER.search(text)  # "这是另外一个问题" is another
    still = bool(said & STILL_THERE or STILL.search(text) or pointing)
    named = parsed.building or parsed.unit
    another = bool(named and not refines_place(parsed, building, unit) or ANOTHER.search(text))
    return not still and (not by_reporter or another)


def refines_place(parsed: ParsedReport, building: str | None, unit: str | None) -> bool:
    """The place the words name is the event's, or in it: its building (or none) and its unit, or a unit where it
    named none ("2单元" under "3号楼…")."""
    return (parsed.building is None or parsed.building == building) and (unit is None or parsed.unit in (None, unit))


def elsewhere(
    parsed: ParsedReport,
    building: str | None,
    category: Category,
    urgency: Urgency,
    text: str,
    texts: list[str],
    threshold: float,
    compare: bool = True,
    by_reporter: bool = False,
) -> bool:
    """A problem of its own, replied under an event (of this building, category and colour, reported in these
    ``texts``): another building, a danger under an ordinary event (not a red the reader only could not rule out:
    "水还在往下滴" under the leak's #1 names no danger), or a report of another category or (``compare``) about
    something else ("楼道灯也坏了" under the lift's #1)."""
    if parsed.urgency is Urgency.RED and urgency is not Urgency.RED and not merge.doubted_red(parsed):
        return True
    if not parsed.is_report:
        return False
    if parsed.building and building and parsed.building != building:
        return True
    if parsed.category is not None and parsed.category is not category:
        # the reporter's own words under her report ("补充一下，是3楼和4楼之间那盏，晚上特别黑"): another kind only
        # when the word lists name one, not the model's guess at a few words (private-chat review)
        said = problem_kinds_named(parsed)
        if not by_reporter or (said and category.value not in said):
            return True
    words = merge.wording(text)
    if not compare or not words:
        return False
    return max(merge.similarity(words, merge.wording(t)) for t in texts) < threshold


def mine_too_elsewhere(parsed: ParsedReport, building: str | None, category: Category, urgency: Urgency) -> bool:
    """The words after "mine too" ("我家也是，6楼也黑了") name a problem of their own by a danger under an ordinary
    event, another building, or words of another kind of problem the word lists find ("也是，但我家是水管漏水" under a
    light's #1). The model's guess at a few words ("我家在5楼，也黑": care) is no evidence against what the writer
    said first, nor is their wording unlike the event's unless the word lists find a problem in them
    (``names_a_problem``: "我家也是，停电了" under the lift is another problem; "6楼也黑了" names none)."""
    if parsed.urgency is Urgency.RED and urgency is not Urgency.RED and not merge.doubted_red(parsed):
        return True
    if parsed.building and building and parsed.building != building:
        return True
    found = problem_kinds_named(parsed)
    return bool(found) and category.value not in found


def problem_kinds_named(parsed: ParsedReport) -> frozenset[str]:
    """The categories the word lists found words of in a reading (strong or weak), not the model's guess."""
    return frozenset(k.removesuffix("_weak") for k in kinds(parsed.reasons)) & _CATEGORY_VALUES


_CATEGORY_VALUES = frozenset(c.value for c in Category)


def staff_news(said: frozenset[str], text: str) -> bool:
    """A staff member's words that are news of work ("5号楼电梯正在维修，请走楼梯", "楼道灯已经换好了"), not a
    problem of their own ("我家…", whatever words it uses)."""
    text = plain(text)
    return bool(said & NEWS_TAGS or WORK_NEWS.search(text)) and not THEIR_OWN.search(text)


def same_alarm(reds: list[Event], told: dict[int, frozenset[str]], parsed: ParsedReport) -> Event | None:
    """The red (newest first) a person's red report raises again: one in no other building whose reports named the
    kinds of emergency this one names (``told``: by event), or named none, or any when this one names none
    ("3号楼着火了！", then "快来人！", "救命啊！！": one fire; "救命啊！！" then "3号楼着火了！": one). Another kind is
    another emergency ("烟太大了，我妈晕过去了！" or "我爸心脏病犯了" after a fire; "有人趁乱撬门偷东西"), as is another
    building."""
    named = danger_kinds(parsed)
    here = [ev for ev in reds if not (parsed.building and ev.building and parsed.building != ev.building)]
    fits = [ev for ev in here if not named or not told.get(ev.id) or named <= told[ev.id]]
    return next((ev for ev in fits if ev.category is parsed.category), fits[0] if fits else None)


def danger_again(parsed: ParsedReport, before: Iterable[ParsedReport]) -> bool:
    """Her red words naming no thing are more of the danger her report told but was not read red for (sweep: her
    "车库电动车着火了，还好没人受伤，火还在烧" read yellow, then "火越来越大了，快来人啊" made red #2 of no place): her
    report's words named a danger the rules found (a red word), and hers name one and only of its kinds
    (``same_alarm``'s test of one emergency). A danger of another kind ("有人晕倒了" after a fire) is another one."""
    named = danger_kinds(parsed)
    if not named:  # "快来人啊！": no danger named, and her report's words need no reading
        return False
    readings = list(before)
    told = frozenset().union(*(danger_kinds(r) for r in readings))
    return named <= told and any("red" in kinds(r.reasons) for r in readings)


def danger_kinds(p: ParsedReport) -> frozenset[str]:
    """The kinds of emergency a reading's words name (safety, care, security; "出不去了", a parking word, none)."""
    return frozenset(k for k in kinds(p.reasons) if k in _DANGER_KINDS)


_DANGER_KINDS = frozenset({Category.SAFETY.value, Category.CARE.value, Category.SECURITY.value})
