"""A red event's reporter saying its danger is over ("人救出来了，孩子没事", "火灭了，没人受伤", "老人找到了",
"消防说是误报", "they got him out, he is fine", "搵到佢喇"): the rules' words that a danger is over or a problem
resolved, or this module's own words of people out, found or safe and of a fire out, with no danger still told and
nothing asked. Also a neighbour's words around a red: news of it ("消防来了"), a bare urge ("赶紧关总阀"), and which
of several reds they name."""

from __future__ import annotations

import re

from bot.core import followup, hazard_kinds, next_words
from bot.core.types import ParsedReport, Urgency

OVER = frozenset({"over", "resolved"})  # the rules' kinds: "救出来了", "火灭了", "误报"; "找到了", "修好了"

# words the rules' lists lack that say a red's danger is over (the text is normalised: Simplified, lower case): people
# got out, found or safe; a fire out. "is out" alone is no such word ("the light is out", "the power is out"): only
# people ("everyone is out safe") or a fire is out, and "fine" or "safe" is said of people
_PEOPLE = (
    r"(?:he|she|they|we|everyone|everybody|all of us|all of them|the (?:kids?|child|children|boy|girl|baby|old man"
    r"|old lady|old woman|grandma|grandpa|man|woman|lady))"
)
_EN = (
    rf"\b(?:got|get|pulled|brought) (?:him|her|them|everyone|everybody|us|{_PEOPLE[3:-1]}) out\b"
    rf"|\b{_PEOPLE}(?: is| are| was| were|'s|'re)(?: now| all)? (?:out(?: and)? (?:safe|ok|okay|fine)|safe|fine|ok"
    r"|okay|alright|all right|rescued|out of (?:the )?(?:lift|elevator|flat|building))\b"
    r"|\b(?:everyone|everybody|all of us) (?:is|are|got) (?:now )?out\b"
    r"|\bput (?:it|the fire|the flames?) out\b|\b(?:fire|flames?|blaze) (?:is|are|was|has been|'s) (?:now )?out\b"
    r"|\bfound (?:him|her|them|the (?:kids?|child|boy|girl|old man|old lady|old woman))(?= *(?:$|[,.!;]|and\b"
    r"|safe|alive|ok|now|at\b|in\b|on\b))"
)
# Chinese and Cantonese words the rules lack ("人出来了", "火熄灭了", "搵到佢喇", "火熄咗", "人冇事喇"), and a fire out
# as the red's danger alone: the rules' "火灭了" is an "over" word of any problem, and its "灭了" a light out, another
# problem of hers (stop 61's sweep: "火灭了，没人受伤" typed after her fire was silent)
_ZH = (
    r"人(?:已经|都)?出来了|火(?:已经)?熄灭(?:了|咗)|火(?:已经|都)?被?(?:扑|救)?(?:灭|熄)(?:了|咗|掉了)"
    r"|[揾搵]到(?:佢|咗|人)|(?:人|佢|佢哋)冇事(?:喇|啦|了)"
)
_SAID_OVER = re.compile(f"{_EN}|{_ZH}")
# people fine, in Mandarin ("谢谢大家，人没事", "老人都没事"): her answer to "is the danger over?" (stop 62's sweep:
# typed after a neighbour's "已经出来了", it was silent and the red's pages went on); not beside a fire, gas, water,
# electricity or someone not found her words still tell ("火很大，人没事", "还没找到人，大家都没事")
_PEOPLE_FINE = re.compile(r"(?:人|大家|老人|孩子|小孩|他|她|他们|她们|我们)(?:都|也|已经)*没(?:有)?事(?!吧|做|干)")
_STILL_THERE = frozenset({"fire", "gas", "water", "electric"})  # ``hazard_kinds``' rows
_NOT_FOUND = re.compile(
    r"(?:没|未|冇)有?找(?:到|着)|找不到|[搵揾]唔到|仲未[搵揾]到|\b(?:not|haven't|hasn't) (?:been )?found\b"
)
# the words negated before them: "we haven't found her", "they could not get him out", "还没找到", "仲未搵到"
_DENIED = re.compile(r"(?:\b(?:not|never|no)\b|n't|没|未|冇)\W{0,1}(?:\w+ ){0,2}\w*$")


def said(parsed: ParsedReport, text: str) -> bool:
    """Her words say the danger is over: an "over" or "resolved" word or one of ``_SAID_OVER``, and no danger still
    there (a red reading: "一号电梯的人救出来了，二号电梯还关着一个"), no "still" ("还是没找到"), and no question
    ("人救出来了吗？")."""
    kinds = followup.kinds(parsed.reasons)
    norm = followup.plain(text)
    if not (kinds & OVER or own_words(text)) or parsed.urgency is Urgency.RED or "question" in kinds:
        return False
    return not (followup.ASKING.search(norm) or followup.says_not_fixed(parsed, text))


def own_words(text: str) -> bool:
    """One of ``_SAID_OVER`` in the words, not negated just before it, or people fine beside no danger still told:
    words of the red's danger alone, whatever thing the rules' lists find in them ("everyone is out safe": "is out"
    is a repair word there; "人没事，但是电梯还坏着")."""
    return _found(_SAID_OVER, text) or _people_fine(text)


def _people_fine(text: str) -> bool:
    """People fine (``_PEOPLE_FINE``), and no fire, gas, water, electricity nor someone not found told beside them."""
    if not _found(_PEOPLE_FINE, text):  # most words: nothing more to read
        return False
    return not _NOT_FOUND.search(followup.plain(text)) and not dangers(text) & _STILL_THERE


def _found(words: re.Pattern[str], text: str) -> bool:
    """``words`` in the text, not negated just before them."""
    norm = followup.plain(text)
    return any(not _DENIED.search(norm, max(0, m.start() - 24), m.start()) for m in words.finditer(norm))


# help come, as a neighbour tells it ("消防来了", "救护车到了", "警察到咗", "the firemen are here"): news for the
# staff of a red, not that it is over
_ARRIVED = re.compile(
    r"(?:消防|救护车|急救|警察|民警|差人|医生|120|119|110)(?:员|车|队|的人)?(?:已经|都|终于)?"
    r"(?:来了|到了|来咗|到咗|嚟咗|赶到|赶来了|到场)"
    r"|\b(?:fire ?(?:men|fighters?|brigade|engines?|trucks?)|ambulances?|police|paramedics)\b"
    r"(?: (?:is|are|has|have|just))? (?:here|arrived|come|on site|on the scene)\b"
)


def news(parsed: ParsedReport, text: str) -> str | None:
    """A neighbour's news of another's red: "over" (``said``: "人救出来了", "火已经灭了"), "arrived" (help came:
    "消防来了", "救护车到了", "the firemen are here"; with a danger still told too, "消防来了，火还很大": news all the
    same), or None (no news; asked, "消防怎么还没来？"; or not come, "消防还没到")."""
    if said(parsed, text):
        return "over"
    norm = followup.plain(text)
    if parsed.urgency is Urgency.RED or "question" in followup.kinds(parsed.reasons) or followup.ASKING.search(norm):
        return None
    found = _found(_ARRIVED, text)
    return "arrived" if found and not followup.says_not_fixed(parsed, text) else None


# an urge to do something now, as a neighbour shouts it under a red ("赶紧关总阀", "快啲閂總掣", "hurry,
# shut the main valve")
_URGE = re.compile(
    r"赶紧|赶快|快点|快些|快啲|快d|尽快|马上|立刻|立即|\b(?:hurry|quick(?:ly)?|asap|right now|right away|at once)\b"
)


def urge(parsed: ParsedReport, text: str) -> bool:
    """A bare urge: words pushing for something done now ("赶紧关总阀", "hurry, shut the main valve"), naming no place,
    telling no danger of their own, asking nothing, and no "nobody came", "again" or "it is over" (which are about a
    report of the writer's, or news): ``red_news.urged`` says whose red they are about."""
    norm = followup.plain(text)
    if not _URGE.search(norm) or parsed.building or parsed.unit or parsed.room or parsed.urgency is Urgency.RED:
        return False
    found = followup.kinds(parsed.reasons)
    return not (found & (OVER | {"question", "nobody", "recur"}) or followup.ASKING.search(norm))


# a chase for help that has not come ("怎么还没人来", "人呢？", "點解仲未有人嚟", "anyone coming?"), beside the rules'
# "nobody" words ("没人管"); not when she can be visited ("明天上午在家": her own report's visit)
_NOBODY_CAME = re.compile(
    r"(?:什么|啥|甚么)时候(?:才|能|会|可以)*(?:有人)?(?:来|到|过来|嚟)|几时(?:先)?(?:有人)?(?:来|到|嚟)"
    r"|(?:还|仍|仲)(?:没|没有|未|未有|冇)(?:有)?人(?:来|到|过来|嚟|管|理)|(?:有没有|有冇)人(?:来|管|理)"
    r"|人(?:呢|去哪了|在哪)\W*$|催(?:一下|一催|催|下)"
    r"|\b(?:any(?:one|body)|some(?:one|body)) (?:coming|here yet)\b|\bstill waiting\b"
    r"|\bwhere (?:is|are) (?:every(?:one|body)|the staff|they)\b|\bwhen (?:will|is|are) (?:some|any)(?:one|body)\b"
)


def nobody_came(parsed: ParsedReport, text: str) -> bool:
    """A chase for help ("怎么还没人来", "师傅什么时候来啊", "人呢？", "anyone coming?"), naming no place and telling no
    danger of its own (no red word: "怎么还没人来啊？快点来人" the reader may take for red), nor that it is over:
    ``red_news.urged`` says whether it is about a red just made (neighbour62: after a neighbour's burst pipe it
    reached the worker of the writer's hall light of the morning)."""
    norm = followup.plain(text)
    found = followup.kinds(parsed.reasons)
    if parsed.building or parsed.unit or parsed.room or "red" in found:  # red by the model alone: no danger
        return False
    return ("nobody" in found or bool(_NOBODY_CAME.search(norm))) and not found & OVER


def dangers(text: str) -> frozenset[str]:
    """The kinds of danger words name ("水管爆了": water; "电梯困人了": lift; ``hazard_kinds``' table)."""
    return hazard_kinds.named(text)


def named_reds(text: str, reds: list[str]) -> list[int]:
    """Which of several reds (``reds``: each one's words) a neighbour's words name by a thing of its words or the kind
    of danger it is ("电梯里的人救出来了": the trapped lift's; "火已经灭了": the fire's): their indexes, none when the
    words name nothing ("人救出来了", "消防来了")."""
    things, kinds = next_words.things_of(text), dangers(text)
    return [i for i, said in enumerate(reds) if things & next_words.things_of(said) or kinds & dangers(said)]
