"""Her words about her closed report, under her "问题解决了吗？" (or typed while it waits), read part by part where the
reader, reading them whole, finds a problem of another kind in them: an answer and a second problem ("灯好了谢谢，还有
一个事，单元门的门禁坏了"), a part fixed ("好一点了，但是还有点渗水", "亮是亮了但一闪一闪的"), a "not fixed" it takes
for a dispute ("不满意，没修好"), a fix blamed for its handling ("修好了，态度差评"). Pure: the services decide.
(Sweep of residents' answers after a close: each was recorded "satisfied" with the second problem lost, or opened a
new event at her building.)
Over 300 lines: the reading of one answer after a close, whose rules (a second matter, a part fixed, her thanks
and what is still wrong) call each other.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from bot.core import followup, merge, next_words, parser, symptoms
from bot.core.types import Category, ParsedReport, Urgency

# words that begin a second matter after her answer ("另外", "还有一个事", "顺便说一下", "对了", "仲有", "btw",
# "also", "one more thing": after a stop, a space or her thanks, "谢谢王师傅还有…"; "我还想反映一下" anywhere); not
# "还有点渗水" (still a little), read on the text as written
SECOND = re.compile(
    r"(?:^|(?<=[\W_])|(?<=谢谢|謝謝|多谢|多謝|谢啦|謝啦|谢了|謝了|师傅|師傅|辛苦|苦了|你们|你們|大家))(?:另外|(?:我)?(?:还|還)有(?:一个|一個|个|個|一件|件)?(?:事情|事|问题|問題)?(?![点點些])"
    r"|(?:顺|順)便(?:说|說|讲|講|提|反映|问|問)?(?:一下)?"
    r"|(?:对|對)了|再就是|再有|仲有(?![啲些点點]))|我(?:还|還)(?:想|要)(?:说|說|讲|講|反映|问|問)(?:一下)?"
    r"|\b(?:also|btw|by the way|one more thing|another thing|plus)\b",
    re.I,
)
# the reply says "too" or "another": a problem of its own, not hers still there
ANOTHER = re.compile(r"也|另外|另一|别的|其他|\b(?:also|too|another|other)\b")
# a part fixed, said before what is still wrong ("好一点了", "好多了", "亮是亮了", "修了一半", "better", "partly")
PART = re.compile(
    rf"{followup.BETTER}|好些|好多了|稍微好|略好|比(?:之前|以前|原来|刚才)好|一半|部分|(\w{{1,2}})(?:是|系)\1"
    r"|是\w{1,3}(?:了|咗)[,\s]*(?=但|可是|不过|就是)"
    r"|\b(?:better|partly|partially|somewhat|half)\b"
)
_BUT = re.compile(r"但是|但系|但|可是|不过|就是|\b(?:but|though)\b")
# "still" ("还是", "仲系", "still"); a bare 还 after how often ("偶尔还闪")
_STILL = re.compile(
    r"还有一?点|还是|还会|还在|还不|还没|仍然|仍|仲系|仲|(?<=偶尔|有时|时候|不时|间中)还|\b(?:still|yet)\b"
)
# after "fixed" or "works", words of it not quite right ("亮度不够", "不太灵", "时好时坏", "not bright enough")
_NOT_QUITE = re.compile(
    r"不够|不太|不怎么|不稳|不灵|时好时坏|\b(?:not (?:enough|quite|very|properly)|doesn'?t|won'?t)\b"
    # "还是有点暗", "还有点闪", "偶尔会响": still a little wrong; not "还有点事" or "有点想问" (another matter)
    r"|(?:有(?:一)?点|有些|有一些|有啲|有少少|少少|偶尔|有时候?|时不时)(?:儿)?(?!事|问题|情况|东西|话|想|要|需要|不好意思)\w"
    r"|\b(?:a (?:bit|little)|slightly|sometimes)\b"
)
# how often, said before "still" ("灯偶尔还会闪", "电梯有时候还停一下", "sometimes still flickers"): a little wrong
_NOW_AND_THEN = re.compile(r"(?:偶尔|有时候?|时不时|间中|不时|\bsometimes\b)\s*$")
_FIXED = re.compile(  # "修好了", "好了", "没事了", "冇事喇", "fixed", "the lift works"
    r"(?:修|弄|搞|整)好(?:了|咗|啦)|好了|好咗|(?:没|冇)有?事(?:了|喇|啦|咯)|\b(?:fixed|repaired|works)\b"
)
# what a fix's handling is blamed for, not the thing: manner, waiting, a mess left ("态度差评", "等了三天才来",
# "师傅把地弄脏了", "the worker was rude", "took too long")
HANDLING = re.compile(
    r"态度|差评|不满|服务|太慢|好慢|很慢|才来|等了|太久|时间太长|(?:弄|搞)得?\w{0,2}(?:脏|乱)|麻麻|来得?(?:有点|太|很)?(?:晚|慢)"
    r"|贵|收费|费用|价格|价钱|要钱|花了\w{0,4}钱"  # what it cost: the handling too ("修好了，但是有点贵")
    r"|\b(?:rude|attitude|slow|late|waited|took (?:too|so) long|mess|messy|unfriendly|impolite|expensive|charged)\b"
)


_CLAUSE = re.compile(r"[，,。.！!？?；;：:]+")


def split_second(text: str) -> tuple[str, str]:
    """Her words before a second matter and the matter ("灯好了谢谢，还有一个事，单元门的门禁坏了": ("灯好了谢谢",
    "单元门的门禁坏了")), or ("", "") when no words begin one after some words."""
    for found in SECOND.finditer(text):
        head, rest = text[: found.start()].strip(), text[found.end() :].strip(" ，,。.：:；;！!~～、")
        if followup.has_words(head) and followup.has_words(rest):
            return head, rest
    return "", ""


def fixed(parsed: ParsedReport, text: str) -> bool:
    """Words that say it is fixed or works, whatever follows ("修好了", "灯亮了", "works now")."""
    return (
        "resolved" in followup.kinds(parsed.reasons)
        or followup.works_now(text)
        or bool(_FIXED.search(followup.plain(text)))
    )


def second_problem(
    text: str, lang: str, said: Sequence[str], category: Category, building: str | None
) -> tuple[str, str] | None:
    """Her answer and a second problem told after it, as (answer, problem): after words that begin a second matter
    ("修好了。另外3楼楼道的扶手松了", "fixed thanks, btw the gate intercom is broken too"), or after a "but" naming
    another place or saying "too" ("修好了，但是5号楼的灯也坏了"). The answer must answer "is it fixed?" by itself, and
    the problem be one by itself (a report, or words to ask about); not words of her problem still there ("修好了，还
    有就是师傅人很好" has no second problem). None when the words are not so."""
    head, rest = split_second(text)
    if not head and (found := _unmarked(text, lang, said, category)) is not None:
        return found
    if not head:
        rest = followup.after_contrast(text)
        cut = list(followup.CONTRAST.finditer(text))
        head = text[: cut[-1].start()].strip() if rest and cut else ""
        if not rest or not followup.has_words(head):
            return None
        own = parser.parse(rest, lang)
        elsewhere = own.building and building and own.building != building
        if not (
            ANOTHER.search(followup.plain(rest))
            or elsewhere
            or _another_thing_after_but(own, rest, lang, said, category)
        ):
            return None
    own = parser.parse(rest, lang)
    if not (own.is_report or parser.needs_confirmation(own) or followup.names_a_problem(own)):
        return None
    said_head = parser.parse(head, lang)
    if not (
        fixed(said_head, head) or followup.says_not_fixed(said_head, head) or followup.bare_no(head) or thanks(head)
    ) or followup.kinds(said_head.reasons) & {"question"}:
        return None
    return head, rest


def _another_thing_after_but(own: ParsedReport, rest: str, lang: str, said: Sequence[str], category: Category) -> bool:
    """The words after her "fixed" and a "but" name another thing broken ("灯亮了，但是电梯坏了", "the lift works, but
    the gate intercom is broken"), not its handling ("fixed but the worker was rude") nor how hers shows ("It works
    now but makes a loud noise"); an English clause by a thing the word lists know (its first words name none)."""
    if HANDLING.search(followup.plain(rest)):
        return False
    if _NOT_QUITE.search(followup.plain(rest)) and not next_words.names_a_known_thing(rest):
        return False  # "灯亮了，但是偶尔会闪": hers, still a little wrong, no other thing named
    if rest.isascii() and not next_words.names_a_known_thing(rest):
        return False
    return next_words.of_its_own(own, rest, lang, said, category, by_family=False)


def thanks(words: str) -> bool:
    """Words of thanks and nothing more, maybe to whom ("谢谢", "多謝晒", "thanks", "谢谢王师傅", "辛苦物业了")."""
    polite = THANKED.sub(" ", words)  # "师傅" alone thanks no one
    return followup.has_words(polite) and not followup.says_more(polite)


# whom she thanks: a worker by his name ("王师傅", "師傅"), the estate's staff or everyone
THANKED = re.compile(
    r"[^\W谢謝了你您们們]?(?:师傅|師傅)|物业|物業|工作人员|工作人員|大家|各位|居委会|居委會|居委"
    r"|\b(?:guys|all|everyone|team)\b",
    re.I,
)


_IF = re.compile(r"下次|如果|要是|万一|以后|\b(?:if|next time|in case)\b")  # a problem that may come, none now


def _unmarked(text: str, lang: str, said: Sequence[str], category: Category) -> tuple[str, str] | None:
    """Her answer that it is fixed (or her thanks), then a second problem with no word introducing it, after a
    clause end or a space ("灯好了谢谢 单元门的门禁坏了", "修好了，谢谢！电梯坏了", "fixed, thanks. the lift is broken
    now"): the problem a thing of its own, not of her report's (``said``, of ``category``) nor how it still shows
    ("好了一点点，还有点滴水": a part fixed; "修好了谢谢王师傅 人很好": no problem)."""
    for cut in followup.CLAUSES.finditer(text):
        head, rest = text[: cut.start()].strip(), text[cut.end() :].strip()
        if not (followup.has_words(head) and followup.has_words(rest)):
            continue
        said_head = parser.parse(head, lang)
        if followup.kinds(said_head.reasons) & {"question"} or PART.search(followup.plain(head)):
            return None
        if not (fixed(said_head, head) or thanks(head)):
            continue
        if thanks(followup.CLAUSES.split(rest, maxsplit=1)[0]):
            continue  # "灯修好了，谢谢！电梯坏了": her thanks are her answer's
        norm = followup.plain(rest)
        if _BUT.match(norm) or _IF.search(norm):
            return None  # "灯亮了，但是一闪一闪的": the "but" rules'; "下次坏了再找你们": no problem now
        own = parser.parse(rest, lang)
        if not (own.is_report or parser.needs_confirmation(own) or followup.names_a_problem(own)):
            continue
        return (head, rest) if next_words.of_its_own(own, rest, lang, said, category) else None
    return None


def partly_fixed(
    parsed: ParsedReport, text: str, lang: str, said: Sequence[str] | None = None, category: Category | None = None
) -> bool:
    """Words of a part fixed, or of her thing working, then of what is still wrong: "好一点了，但是还有点渗水",
    "亮是亮了但一闪一闪的", "能用是能用，就是有异响", "修了一半，三楼的还不亮", "灯亮了，但是亮度不够，很暗", "It
    works now but makes a loud noise", "better but still shaking". After "fixed" or "works" the words after the "but"
    must name a problem or a sign of one ("修好了，还是王师傅靠谱" is praise; "修好了，但是师傅态度不好" blames the
    handling). Thanks, then her thing still a little wrong ("谢谢，电梯还有点晃": ``_thanked_still_a_bit``), is hers
    when her report's words (``said``, of ``category``) name that thing; with none given, it may be."""
    norm = followup.plain(text)
    if followup.kinds(parsed.reasons) & {"question"} or "?" in norm or "吗" in norm:
        head = before_question(norm)  # "水来了但是是黄的，能喝吗": a part fixed, then her question
        return bool(head) and partly_fixed(parser.parse(head, lang), head, lang, said, category)
    part = PART.search(norm)
    head = part or followup.WORKS_NOW.search(norm) or _FIXED.search(norm)
    if head is None:
        return _thanked_still_a_bit(norm, said, category)
    wrong = _BUT.search(norm, head.end()) or _STILL.search(norm, head.end())
    if wrong is None:
        return False
    rest = norm[wrong.end() :] if wrong.re is _BUT else norm[wrong.start() :]
    if not followup.has_words(rest) or HANDLING.search(rest):
        return False
    if part is not None:
        return True
    own = parser.parse(rest, lang)
    return own.is_report or followup.names_a_problem(own) or bool(symptoms.signs(rest) or _NOT_QUITE.search(rest))


def before_question(norm: str) -> str:
    """Her words before the clause that asks ("水来了但是是黄的，能喝吗": "水来了但是是黄的"), or "" when she asks
    first ("好一点了吗？但是还在响") or asks nothing."""
    start = 0
    for cut in _CLAUSE.finditer(norm + "。"):
        clause = norm[start : cut.start()]
        if "吗" in clause or "?" in cut.group():
            return norm[:start].strip(" ，,。.；;：:")
        start = cut.end()
    return ""


def _thanked_still_a_bit(norm: str, said: Sequence[str] | None, category: Category | None) -> bool:
    """Thanks, then her thing still a little wrong, naming no other thing ("谢谢师傅，还有点暗", "thanks, still a bit
    dim"), or naming her thing first ("谢谢，电梯还有点晃", "thanks, the light still flickers a bit",
    "多謝師傅，盞燈仲有啲閃": sweep of answers after a close, each was read as nothing, her question left waiting), her
    thanks ending with no stop and how often before "still" ("谢谢王师傅 灯偶尔还会闪", "唔該晒，部電梯仲有少少震":
    residents57 sweep, read as praise or a #2 of no place):
    hers when her report's words (``said``) name it, by its name, its kind's or a part of it, or show its family's
    sign ("天花板还有一点点渗水" after her leak). Not "谢谢，还有点事想问" (another matter), "谢谢还有门禁坏了" (a
    second problem) nor "谢谢，电梯好了" (praise)."""
    first, rest = _thanks_first(norm)
    still = _STILL.search(rest)
    if still is None:
        return False
    often = _NOW_AND_THEN.search(rest[: still.start()])  # "灯偶尔还会闪"
    quite = _NOT_QUITE.search(rest, still.start())
    if not (often or quite):
        return False
    named = next_words.MEASURE.sub("", rest[: often.start() if often else still.start()].strip())  # "电梯", "部电梯"
    if not named:  # "偶尔还会闪", not "偶尔还有人来问"
        return not next_words.names_a_known_thing(rest) and bool(quite or followup.names_a_problem(parser.parse(rest)))
    signs = symptoms.signs(rest)  # "天花板还有一点点渗水": a leak still showing
    if not (next_words.names_a_known_thing(named) or signs) or next_words.names_a_known_thing(rest[still.end() :]):
        return False  # "谢谢，那个还有点…", "谢谢，电梯还有点问题，门禁也坏了"
    if said is None or category is None:
        return True  # may be hers: the caller who knows her report asks again
    own = replace(parser.parse(rest), category=category)  # "电梯还有点晃": hers, whatever kind the reader says
    if signs and signs <= next_words.families(" ".join(followup.plain(t) for t in said), category):
        return not next_words.another_thing(own, rest, said, category)
    return next_words.names_its_thing(own, rest, said, category, by_family=False)


def _thanks_first(norm: str) -> tuple[str, str]:
    """Her thanks and the words after them, at a clause end or where her thanks end with none ("谢谢王师傅 灯偶尔还会
    闪", "谢谢师傅灯还是有点暗": voice typing leaves no stop): ("", "") when she thanks no one first."""
    first, rest = (_CLAUSE.split(norm, maxsplit=1) + [""])[:2]
    if thanks(first):
        return first, rest.strip()
    cut = next((at for at in range(len(first) - 1, 0, -1) if thanks(first[:at])), 0)
    return (norm[:cut], norm[cut:].strip()) if cut else ("", "")


def complains(parsed: ParsedReport, text: str) -> bool:
    """Words saying it is fixed and blaming its handling ("修好了，态度差评", "修好了，但是师傅态度很不好",
    "好了，不过等了三天才来", "fixed but the worker was rude"): solved, not satisfied. Not when they say it is not (all)
    fixed, nor a question."""
    norm = followup.plain(text)
    if not fixed(parsed, text) or followup.kinds(parsed.reasons) & {"question"} or "?" in norm or "吗" in norm:
        return False
    if followup.says_not_fixed(parsed, text):
        return False
    # "修是修好了，但是师傅来得太慢了": fixed, conceded before blaming the handling (it read as a part fixed, and her
    # words counted as satisfied)
    part = PART.search(norm)
    if part is None:
        return bool(HANDLING.search(norm))
    conceded = part.group(1) is not None or part.group(0).startswith("是")  # not "好一点"
    but = _BUT.search(norm, part.end()) if conceded else None
    return bool(but and HANDLING.search(norm, but.end()))


def hers_not_fixed(
    parsed: ParsedReport, text: str, lang: str, said: Sequence[str], category: Category, building: str | None
) -> bool:
    """Her words under her closed report saying it is not (all) fixed, whatever kind of problem the reader takes them
    for ("不满意，没修好" a dispute, "It works now but makes a loud noise" noise, "no, it's not working"): about her
    report unless they name another building, a danger, "too" or another thing or family of problems than her
    report's words (``said``, of ``category``) name."""
    if parsed.building and building and parsed.building != building:
        return False
    if parsed.urgency is Urgency.RED and not merge.doubted_red(parsed):
        return False
    norm = followup.plain(text)
    if ANOTHER.search(norm) or split_second(text)[0]:
        return False
    if partly_fixed(parsed, text, lang, said, category):
        return True
    first, rest = (_CLAUSE.split(text.strip(), maxsplit=1) + [""])[:2]  # "no, it's not working": not "no more"
    if followup.answer(first) is False and followup.has_words(rest):  # "no, it's not working", "不是，还是不亮"
        own = parser.parse(rest, lang)
        if own.is_report or followup.names_a_problem(own):
            return not next_words.another_thing(own, rest, said, category)
    # "真的不亮", "it really is broken": insisting it is not working, after "fixed"
    broken = followup.says_not_fixed(parsed, text) or followup.insists(parsed, text)
    if not broken or next_words.another_family(text, said, category):
        return False
    if next_words.new_outage(parsed, said):  # "又停电了" after the hall light's
        return False
    # a thing of its own, not hers by a name she said or its kind's ("楼下的路灯又坏了" after the hall light's)
    own = next_words.names_own_thing(parsed, text, said)
    return not own or next_words.names_its_thing(parsed, text, said, category, by_family=False)


def shows_hers(parsed: ParsedReport, text: str, said: Sequence[str], category: Category | None = None) -> bool:
    """Words of a part fixed that show her problem by a sign or name her thing ("灯是亮了，就是有点闪" after her hall
    light's, "比之前好多了，可是下雨还会渗"): typed, not replied under her question, nothing else makes them hers
    ("今天好一点了，但是还有点咳嗽"). ``category``: her report's, whatever kind the reader takes the words for ("谢谢，
    电梯还有点晃" reads as safety)."""
    if category is not None:
        parsed = replace(parsed, category=category)
    category = parsed.category
    named = category is not None and next_words.names_its_thing(parsed, text, said, category, by_family=False)
    return named or bool(symptoms.signs(followup.plain(text)))
