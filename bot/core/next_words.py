"""Her next words just after her own report, not written as a reply (``followup.ADDS_WITHIN``), as the readers
read them: more of the same problem, which join it, or a thing broken of their own, which is a report of its own;
and her later words that can only be about a report already made (``about_a_report``).
Pure: ``services.continuation`` decides what to do with them.

Over 300 lines: one reading of her next words, whose word tests (a chase, her thing, its family) the rules share.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from bot.core import followup, merge, parser, symptoms, thing_table
from bot.core.parser_lexicon import default_lexicon
from bot.core.parser_location import Location, extract_location
from bot.core.types import Category, ParsedReport, Urgency


def tells_more(parsed: ParsedReport) -> bool:
    """Words no report on their own that tell more of one just made: how long ("已经两天了"), again, nobody came."""
    return bool(followup.kinds(parsed.reasons) & TELLS_MORE)


TELLS_MORE = frozenset({"short", "long", "recur", "nobody"})


def about_a_report(parsed: ParsedReport, text: str) -> bool:
    """Words that tell of no new problem but of a report already made: taking it back by words of a mistake or a
    withdrawal ("撤回", "不好意思发错了"; not a bare "不用了" or "算了", which may answer a neighbour, or the bot's own
    "post it in your group?"; with its why, "撤回，刚才看错了，灯是好的": ``followup.takes_back_saying_why``),
    chasing it ("怎么还没人来", "什么时候来修", "还是不亮"), or saying it is over ("不用了，已经好了"; a bare "好了" is
    an OK), her visit ("师傅什么时候来啊", "明天上午在家": ``followup.about_her_visit``), or that her problem is as it
    was ("漏水一点没改善": ``followup.NO_CHANGE`` and a problem's words); not "again" of nothing named ("又下雨了":
    ``again_alone``), or no visit wanted ("不用来了", "水龙头我自己拧紧了，不用来了": ``followup.NO_VISIT``).
    Words naming a place or a danger of their own are a report wherever they are written; a question the reader takes
    for no report ("请问楼道灯修好了吗") asks how it stands, which her open reports' list answers."""
    visit = followup.about_her_visit(text)
    # "有人管吗？？" reads red only for the reader's doubt (no danger word): her visit chased, not a danger
    red = parsed.urgency is Urgency.RED and not (visit and merge.doubted_red(parsed))
    if parsed.building or parsed.unit or parsed.room or red or followup.answer(text):
        return False
    if visit:  # "师傅什么时候来啊", "明天上午在家": for her worker, a question or not
        return True
    if followup.takes_back_saying_why(text):  # "撤回，刚才看错了，灯是好的" ("灯亮着呢" is no question)
        return True
    if followup.asks_about_her_report(text):  # "我的报修怎么样了？": in a group too, not only her private list
        return True
    norm = followup.plain(text)
    if followup.NO_VISIT.search(norm) and not (parsed.is_report or followup.ASKING.search(norm)):
        return True  # "水龙头我自己拧紧了，不用来了", "不用派人了": for her worker to read (he may close it)
    if (not parsed.is_report and "question" in followup.kinds(parsed.reasons)) or again_alone(parsed):
        return False  # "又要开会了": "again" of nothing of hers
    if followup.takes_back(text):
        return bool(MISTAKE.search(followup.plain(text)))
    if followup.kinds(parsed.reasons) & ABOUT_A_REPORT or followup.insists(parsed, text):
        return True  # "没有看错，灯确实坏了": she insists it is real
    # her problem as it was: "漏水一点没改善", "电梯还不能用"; not "今天和之前一样冷"
    as_it_was = followup.NO_CHANGE.search(norm) or followup.STILL.search(norm)
    return bool(as_it_was and (problem_words(parsed) or symptoms.signs(norm)))


ABOUT_A_REPORT = frozenset({"nobody", "recur", "intent", "resolved"})
ASKS = ABOUT_A_REPORT - {"recur"}  # a chase, a visit asked, "it is over": of a report, whatever its kind
MISTAKE = re.compile(  # a take-back said outright: a mistake, or "withdraw"
    r"(?:发|看|搞|弄|写|打|说)错|撤回|撤销|不用登记|不用处理|\b(?:wrong (?:message|chat|group)|my mistake)\b"
)


def more_of_it(parsed: ParsedReport, text: str, said: Iterable[str], category: Category) -> bool:
    """Words typed a while after her report (``said``, of ``category``) that can only tell more of it: how long,
    naming no problem ("已经一个礼拜了", "差不多一周了吧"), or her thing by another name ("声控灯不亮", "樓梯燈唔著"
    after "楼道灯坏了"). Not with "also" or "again" ("门口的灯也不亮", "楼下的路灯又坏了": of their own, or "still
    broken", ``about_a_report``'s), nor a chase or a visit asked (``about_a_report``'s: it knows her open reports)."""
    found = followup.kinds(parsed.reasons)
    if found & (ASKS | {"recur"}) or followup.ANOTHER.search(followup.plain(text)):
        return False
    if found & {"short", "long"} and not problem_words(parsed):
        return True
    return names_its_thing(parsed, text, said, category)


def place_told(parsed: ParsedReport, text: str, said: Iterable[str]) -> Location | None:
    """The place her words name when they say where her report of no place (``said``) is and tell no problem but
    hers: "3号楼2单元5楼", "我住3号楼2单元，就是我们单元的", "3棟2單元四樓", "是3号楼2单元的楼道" (her answer to "在哪
    里？" with a floor or a word more, which ``parser.only_place`` leaves out). None when they name a problem her
    words did not ("3号楼2单元电梯也坏了"), say "also" ("5号楼也有这个问题": another place), ask, or tell a danger."""
    if parsed.building is None or (parsed.urgency is Urgency.RED and not merge.doubted_red(parsed)):
        return None
    norm = followup.plain(text)
    if followup.ANOTHER.search(norm) or "question" in followup.kinds(parsed.reasons):
        return None
    seen = _plain_said(said)
    if any(not _said(word, seen) for word in problem_words(parsed)):
        return None
    return Location(parsed.building, parsed.unit, parsed.room)


def again_alone(parsed: ParsedReport) -> bool:
    """ "Again" and nothing of what: "又要开会了", "今天又降温了", "又下雨了" are chat about a meeting or the weather,
    no word about a report, nor "not fixed" (they name no problem, ask nobody, say nothing is over)."""
    found = followup.said_words(parsed)
    again = {word for kind, word in found if kind == "recur"}
    told = {kind for kind, _ in found} & (followup.PROBLEM_KINDS | ASKS)
    return bool(again) and again <= AGAIN and not told


# of no problem by themselves ("照样" too: "明天照样上班" is chat, "灯照样不亮" names her problem)
AGAIN = frozenset({"又", "再次", "再一次", "又一次", "照样", "照旧", "again", "once again"})


def shows_a_sign(parsed: ParsedReport, text: str) -> bool:
    """Words that may tell how her problem looks now, by a sign of a family of problems ("天花板一直在滴水",
    "it's still dark in the hallway": ``symptoms``), and no more than that: no danger, no answer, no question the
    reader takes for no report, no take-back, and no place: words naming one are a report wherever they are written
    ("3号楼楼道灯还是不亮": her report said again, answered where it stands, or one of its own; ``about_a_report``).
    Whether they are about one of her reports is ``same_problem``'s."""
    if parsed.building or parsed.unit or parsed.room:
        return False
    if parsed.urgency is Urgency.RED and not merge.doubted_red(parsed):  # a danger: the rules of reds
        return False
    if followup.answer(text) is not None or followup.takes_back(text):
        return False
    if "resolved" in followup.kinds(parsed.reasons) or (
        not parsed.is_report and "question" in followup.kinds(parsed.reasons)
    ):
        return False  # "漏水修好了吗？", "已经好了": about_a_report's
    return bool(symptoms.signs(followup.plain(text)))


def another_family(text: str, said: Iterable[str], category: Category) -> bool:
    """Words showing a sign of a family of problems her report's words (``said``) show neither a sign nor a thing of:
    "the ceiling is leaking" after "the hallway light in block 3 is out" (a leak, not a light), whatever else they
    say of it ("下水道也堵了" after "家里漏水了"). Words of an outage are the outage rule's ("一滴水都没有")."""
    norm = followup.plain(text)
    if _outage_in(norm):
        return False
    seen = _plain_said(said)
    return not symptoms.signs(norm) <= families(seen, category)


def families(norm: str, category: Category) -> frozenset[str]:
    """The families of problems plain words show by a sign or by a thing of theirs ("楼道灯坏了": a light's)."""
    known = _known_things(category)
    return symptoms.signs(norm) | symptoms.of_things(frozenset(family(w, known) for w in _things_in(norm, known)))


def chases(parsed: ParsedReport, text: str) -> bool:
    """Words saying her problem is still there, back, or as it was: "还在漏水", "又漏水了", "the light is still out",
    "漏水一点没改善" (``followup.NO_CHANGE``; sweep: typed below her leak's question it opened an event of no place)."""
    plain = followup.plain(text)
    return "recur" in followup.kinds(parsed.reasons) or bool(
        followup.STILL.search(plain) or followup.NO_CHANGE.search(plain) or followup.insists(parsed, text)
    )


def same_problem(parsed: ParsedReport, text: str, said: Iterable[str], category: Category) -> bool:
    """Words showing her report's problem (``said``, of ``category``) by a sign of its family and naming nothing else:
    "天花板一直在滴水" or "墙上也在渗水" after "家里漏水了" (a leak drips, seeps, pools, and the ceiling is where it
    shows), "the hallway light is still out" or "it's still dark in the hallway" after "the hallway light in block 3
    is out". Not when they name another kind of problem, a sign or a thing of another family ("楼道灯也不亮了" or
    "下水道堵了" after her leak), an outage her report never told, or a thing or place her words did not name and no
    sign of the family shows on ("楼上也漏水了", "隔壁也在漏水", "电梯里也在漏水", "门口的灯也不亮" after her hall
    light; "2单元也漏水了": a place of its own); a room of her home, when her words named it as a whole, is hers
    ("卫生间也在漏水" after "家里漏水了")."""
    if parsed.category not in (None, category):
        return False
    seen = _plain_said(said)
    if "outage" in followup.kinds(parsed.reasons) and not _outage_in(seen):
        return False
    norm = followup.plain(text)
    theirs, hers = families(norm, category), families(seen, category)
    if not symptoms.signs(norm) or not theirs <= hers:
        return False
    if any(piece not in seen for piece in extract_location(norm).evidence):  # "2单元也漏水了": where she said?
        return False
    return merge.wording(symptoms.cleared(symptoms.rooms_cleared(norm, seen), theirs)) <= merge.wording(seen)


def problem_words(parsed: ParsedReport) -> frozenset[str]:
    """The words the word lists read as a problem or its thing ("停电", "灯", "不亮"), not those asking for a visit
    ("什么时候来修"): words about a report already made that name one tell of that problem, or of one of their own."""
    found = followup.said_words(parsed)
    asked = {word for kind, word in found if kind == "intent"}
    return frozenset(w for kind, w in found if kind in followup.PROBLEM_KINDS and w and w not in asked)


def another_problem(parsed: ParsedReport, text: str, said: Iterable[str], category: Category) -> bool:
    """Words about a report (``said``, of ``category``) that name a problem not its own: a thing of their own
    ("电梯又坏了"), or an outage her report did not name ("又停电了" after the hall light's), or, naming no thing, a
    problem told neither as still there nor as back ("还是不亮", "又坏了" and "又开始滴水了" after her lift's or
    leak's say hers is not fixed: sweep of residents' words after a close, each opened an event of no place), or
    another kind of problem only told again ("又有人在楼道堆东西了" after the hall light's: no word of the lists, but
    litter; not "怎么还没人来", whatever kind the reader guesses for it), or a visit chased for a problem its words
    never said ("怎么还没人来通下水道" after the hall light's; "灯的事有人跟进没" chases hers)."""
    if parsed.is_report and parsed.category not in (None, category) and not followup.kinds(parsed.reasons) & ASKS:
        return True
    seen = _plain_said(said)
    if new_outage(parsed, said):  # "我家还是没水" after the hall light's
        return True
    if another_family(text, said, category):  # "the ceiling is still leaking" after the hall light's
        return True
    # "灯确实坏了！！大家都看到了", "水龙头我自己拧紧了，不用来了": of no kind read, its thing named
    no_visit = bool(followup.NO_VISIT.search(followup.plain(text)))
    if no_visit and things_of(text) & things_of(" ".join(said)):
        return False  # "no need to come for the tap, I tightened it myself": her tap's
    if parsed.category is None and (followup.insists(parsed, text) or no_visit):
        parsed = replace(parsed, category=category)
    if not problem_words(parsed) or names_its_thing(parsed, text, said, category, by_family=False):
        return False
    if followup.about_her_visit(text) and all(word in seen for word in problem_words(parsed)):
        return False  # "灯的事有人跟进没" after the hall light's: her visit chased for her thing
    if any(word not in seen for word in _chased_for(parsed, text)):
        return True
    return bool(_thing_words(parsed, text)[1]) or not chases(parsed, text)


def new_outage(parsed: ParsedReport, said: Iterable[str]) -> bool:
    """Words of an outage ("又停电了", "我家还是没水") after a report whose words (``said``) named none."""
    return "outage" in followup.kinds(parsed.reasons) and not _outage_in(_plain_said(said))


def _chased_for(parsed: ParsedReport, text: str) -> frozenset[str]:
    """The problem words said after a chase in its clause: what the visit asked is for ("怎么还没人来通下水道":
    下水道; not "不亮" in "怎么还没人来，一直不亮", which says how her problem still is)."""
    chases = {w for kind, w in followup.said_words(parsed) if kind in ("nobody", "intent") and w}
    words = problem_words(parsed)
    found: set[str] = set()
    for clause in _CLAUSE.split(followup.plain(text)):
        after = [clause.find(w) + len(w) for w in chases if w in clause]
        if after:
            found |= {w for w in words if w in clause[min(after) :]}
    return frozenset(found)


def names_own_thing(parsed: ParsedReport, text: str, said: Iterable[str]) -> bool:
    """Words read as a report (or to be asked about) that name a thing broken of their own, one the words ``said``
    of the report they follow do not name: before the problem word the word lists found, a thing they know
    ("电梯坏了", "3楼的水管也漏了", "the lift is stuck too") or words that say nothing else ("门铃坏了", "下水道堵了"
    after "楼道灯坏了", "also the doorbell is broken"); not the same thing ("灯一闪一闪的"), nor words of the same
    problem that name none ("坏了好几天了", "一直不亮", "从昨天起就坏了", "it has been broken since yesterday": a
    time)."""
    if not (parsed.is_report or parser.needs_confirmation(parsed)):
        return False
    seen = _plain_said(said)
    return any(word not in seen and not named_otherwise(word, seen) for word in _thing_words(parsed, text)[0])


def another_thing(parsed: ParsedReport, text: str, said: Iterable[str], category: Category) -> bool:
    """Words naming a thing broken of their own (``names_own_thing``), not by another name one the words ``said``
    name (``names_its_thing``): "2单元门铃坏了" after "3号楼楼道灯坏了", not "2单元的声控灯不亮"."""
    return names_own_thing(parsed, text, said) and not names_its_thing(parsed, text, said, category)


def names_its_thing(
    parsed: ParsedReport, text: str, said: Iterable[str], category: Category, by_family: bool = True
) -> bool:
    """Words of the same kind of problem as the report's (``category``) that name only things of the family of one
    the words ``said`` name, by whatever name ("声控灯也不亮" after "楼道灯坏了": a light; "轿厢也不动了" after
    "电梯坏了"; "the lights are out on the 2nd floor too" after "the hallway light is out"), or a part of one of them
    ("电梯门关不上" after "电梯坏了": ``part_of``): its thing (``family``). Not ``by_family``: only by a name they
    said, its kind's ("灯" of "楼道灯"), or a part of it."""
    names = _thing_words(parsed, text)[1]
    if parsed.category is not category or not names:
        return False
    known = _known_things(category)
    things = {w for t in said for w in _things_in(t, known)}
    said_families = {family(w, known) for w in things}
    parts = [w for w in names if part_of(w, things, known)]
    if not by_family:  # words typed later: her thing by its name or its kind's ("灯还是不亮"), not "楼下的路灯又坏了"
        seen = _plain_said(said)  # or by the name she said: "hallway light", no word list's
        return all(
            w in things
            or w in said_families
            or _said(w, seen)
            or any(w in part for part in parts)
            or named_otherwise(w, seen)
            for w in names
        )
    seen = _plain_said(said)
    return all(
        family(w, known) in said_families or any(w in part for part in parts) or named_otherwise(w, seen) for w in names
    )


def named_otherwise(name: str, seen: str) -> bool:
    """The plain words ``seen`` name the thing ``name`` names by its name in the other language ("电梯": "lift"; one
    table of a thing's names, ``thing_table``: "电梯还是坏的" after "The lift in building 3 is broken"; sweep of answers
    after a close: each opened an event of no place)."""
    last = name
    if name.isascii() and name.strip():  # "lights stairs" ("the lights in the stairs"): a light
        # by the name the lists know it by: "stairway lighting" is a light (``ALSO_CALLED``)
        words = [ALSO_CALLED.get(w, ALSO_CALLED.get(w.removesuffix("s"), w.removesuffix("s"))) for w in name.split()]
        last = next((w for w in reversed(words) if any(w in names for names in thing_table.THINGS)), words[-1])
    for names in thing_table.THINGS:
        if any(last == n if n.isascii() else name.endswith(n) or name.startswith(n) for n in names):
            return any(_said(n, seen) for n in names if n.isascii() != name.isascii())
    return False


# a thing said to be in another ("电梯里的灯", "電梯入面嘅燈", "升降机入面盏灯", "the light in the lift")
_IN_ZH = re.compile(r"(?:里面|里头|里边|里|内|入面)(?:的|嘅|之)?")
_IN_EN = re.compile(r"\b([a-z]+) (?:in|inside) (?:the |our |my |this |that )?([a-z]+)\b")


def inside_another(text: str, said: Iterable[str], category: Category) -> bool:
    """Words naming a thing inside the thing of a report (``said``, of ``category``), not that thing nor one of its
    family: "电梯里的灯坏了" after "5号楼电梯坏了" is the lift's light, not the lift (sweep: it joined the lift, its
    words inside the lift's). Chinese names the thing around first ("电梯里的灯"), English last ("the light in the
    lift"); each said just beside the word of "in"."""
    norm, known = followup.plain(text), _known_things(category)
    hers = {thing_table.canon(family(w, known)) for w in _things_in(_plain_said(said), known)}
    pairs = [(m.group(2), m.group(1)) for m in _IN_EN.finditer(norm)]
    for m in _IN_ZH.finditer(norm):
        head, tail = MEASURE.sub("", norm[m.end() :]), norm[: m.start()]
        pairs += [(w, i) for w in known | ALSO_CALLED.keys() if tail.endswith(w) for i in _things_in(head[:4], known)]
    return any(
        thing_table.canon(family(box, known)) in hers
        and thing_table.canon(family(it, known)) not in hers | {thing_table.canon(family(box, known))}
        for box, it in pairs
    )


def _plain_said(said: Iterable[str]) -> str:
    """Her report's words (``said``), made plain (``followup.plain``) and read as one."""
    return " ".join(followup.plain(t) for t in said)


def _said(name: str, seen: str) -> bool:
    """Whether the words ``seen`` (plain) hold the name, whole words for an English one."""
    return bool(re.search(rf"(?<![a-z]){re.escape(name)}(?![a-z])", seen)) if name.isascii() else name in seen


def _outage_in(text: str) -> bool:
    """Whether words name an outage ("停水", "没电", "no water"): not the same problem as a thing broken."""
    return any("signal.outage" in tags for _, _, _, tags in default_lexicon().hits(text))


def part_of(name: str, things: Iterable[str], known: frozenset[str]) -> bool:
    """A name that begins with one of ``things`` and goes on with no other thing the word lists know names a part
    of it ("电梯门", "电梯按钮" of 电梯; "门禁卡" of 门禁): the thing itself, for the report that named it; not
    "电梯间窗户" (a window) nor "lift lobby light" (a light)."""
    for thing in things:
        rest = name.removeprefix(f"{thing} " if name.isascii() else thing)
        if len(thing) > 1 and rest and rest != name and not any(w in rest for w in known | ALSO_CALLED.keys()):
            return True
    return False


def family(thing: str, known: frozenset[str]) -> str:
    """The thing a name is one of: Chinese names their kind last, so a name ending in a thing the word lists know
    is of it ("声控灯", "楼道灯": 灯; "下水管": 水管); an English one by its last word, singular ("hallway lights":
    light); a few names that share no word with their thing by ``ALSO_CALLED`` ("轿厢": 电梯)."""
    words = thing.split()
    if words and all(w.isascii() for w in words):  # "lights stairs" ("the lights in the stairs"): its light
        named = [w.removesuffix("s") for w in words if w in known or w.removesuffix("s") in known | ALSO_CALLED.keys()]
        last = (named or words)[-1].removesuffix("s")
        return ALSO_CALLED.get(last, last)
    name = kind_said(thing, known)
    return ALSO_CALLED.get(name, name)


def kind_said(thing: str, known: frozenset[str]) -> str:
    """The words a Chinese name of a thing ends in that say its kind ("声控灯": 灯; "楼道照明": 照明): the rest say
    where or which it is."""
    return min((w for w in known | ALSO_CALLED.keys() if thing.endswith(w)), key=len, default=thing)


# A thing called by a name that shares no word with the word lists' name of it: the lift's car and its name in Hong
# Kong ("升降机坏咗" after "5号楼电梯坏了"), the light's lamp, bulb and lighting ("楼道照明坏了" after the hall light's;
# sweep of neighbours' words: each made #2 of no place)
ALSO_CALLED = {
    "轿厢": "电梯",
    "升降机": "电梯",
    "elevator": "lift",
    "照明灯": "灯",
    "照明": "灯",
    "灯泡": "灯",
    "lamp": "light",
    "bulb": "light",
    "lighting": "light",
}


def _known_things(category: Category) -> frozenset[str]:
    """The things the word lists know for a kind of problem (its ``_weak`` words: "电梯", "楼道灯", "light"), read
    from the lexicon in use once, not on every message (the lexicon kept beside them: a new one is read anew)."""
    lexicon = default_lexicon()
    kept = _KNOWN.get(category)
    if kept is None or kept[0] is not lexicon:
        tag = f"category.{category.value}_weak"
        kept = _KNOWN[category] = (
            lexicon,
            frozenset(followup.stem(w) for w, tags in lexicon.words.items() if tag in tags),
        )
    return kept[1]


_KNOWN: dict[Category, tuple[object, frozenset[str]]] = {}


def things_of(text: str) -> frozenset[str]:
    """The things the words name, of any kind of problem, each as its thing (``family``: "声控灯" is a 灯) by its name
    in every language (``thing_table``: "tap", "水喉" and "水龙头" are one tap)."""
    return same_named(text) | thing_table.named_in(followup.plain(text))


def same_named(text: str) -> frozenset[str]:
    """The things of the word lists the words name (``things_of`` without ``thing_table``'s own names: "天花板也在滴水"
    names none, so it is more of "楼上漏水"), each by its row ("lift" is 电梯): what two pieces of one message each
    name, compared."""
    hit, also = _words_said(text)  # one scan for every kind
    stems = hit | also
    found: set[str] = set()
    for category in Category:
        known = _known_things(category)
        found |= {family(w, known) for w in stems if w in known or w in ALSO_CALLED}
    return frozenset(thing_table.canon(w) for w in found)


def apart_named(text: str) -> frozenset[str]:
    """The things the words name as things apart (``same_named``), a part of many things named bare naming none
    ("the door won't close": the thing before's, as "门关不上" is in Chinese; ``thing_table.PARTS``), a door named as
    the building's its own ("the front door" is 单元门): what cuts a message into problems (``core.several``)."""
    named = same_named(text)
    if not named & thing_table.PARTS:
        return named
    own = {thing_table.OWN_DOOR} if thing_table.door_of_its_own(followup.plain(text)) else set()
    return frozenset(named - thing_table.PARTS | own)


def names_a_known_thing(text: str) -> bool:
    """The words name a thing the word lists know, of any kind of problem ("intercom", "门禁", "lift")."""
    return any(_things_in(text, _known_things(category)) for category in Category)


def _things_in(text: str, known: frozenset[str]) -> frozenset[str]:
    """The things of ``known`` and ``ALSO_CALLED`` a text names."""
    hit, also = _words_said(text)
    return frozenset({w for w in hit if w in known} | also)


def _words_said(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """The stems of the word lists' words the text says, and the names of ``ALSO_CALLED`` it says."""
    norm = followup.plain(text)
    hit = frozenset(followup.stem(word) for _, _, word, _ in default_lexicon().hits(norm))
    return hit, frozenset(w for w in ALSO_CALLED if re.search(rf"(?<![a-z]){w}", norm))


def _thing_words(parsed: ParsedReport, text: str) -> tuple[frozenset[str], frozenset[str]]:
    """What is broken, as said before the last problem word of the first clause that has one (up to it, when it is a
    thing: "下水管也在漏"): its tokens, and the names it is said by (the things the word lists know, and the words it
    begins with)."""
    found = {word for kind, word in followup.said_words(parsed) if kind in followup.PROBLEM_KINDS and word}
    things = {word for kind, word in followup.said_words(parsed) if kind.endswith("_weak")}
    # "灯确实坏了", "it really is broken": the words insisting on it name no thing ("确实", "really")
    for clause in _CLAUSE.split(followup.INSISTS.sub("", followup.plain(text))):
        ends = [clause.rfind(word) + _leading_thing(word, things) for word in found if word in clause]
        if ends:
            before = clause[: max(ends)]
            bare = MEASURE.sub("", before)  # "部电梯", "盏灯", "部升降机": the lift, the light
            before = bare if any(bare.startswith(w) for w in things | ALSO_CALLED.keys()) else before
            known = frozenset(w for w in things if w in before)
            first = merge.first_named(before)
            if not (known or first):  # "走廊的照明不亮了": a thing by a name the word lists do not know it by
                known = _other_names_in(before)
            return known | merge.named_first(before), known | ({first} if first else set())
    return frozenset(), frozenset()


def _other_names_in(words: str) -> frozenset[str]:
    """The names of ``ALSO_CALLED`` the plain words say, each whole ("照明灯", not its "照明" too)."""
    said = [w for w in ALSO_CALLED if _said(w, words)]
    return frozenset(w for w in said if not any(w != o and w in o for o in said))


def _leading_thing(word: str, things: Iterable[str]) -> int:
    """How much of a problem word is the thing it begins with: all of a thing's ("电梯"), its thing's name when the
    word lists read the thing and its trouble as one ("升降机坏": 升降机), else none."""
    if word in things:
        return len(word)
    return max((len(w) for w in ALSO_CALLED if not w.isascii() and word.startswith(w)), default=0)


def kind_of(name: str, category: Category) -> str:
    """The thing a name is one of, among those the word lists know for a kind of problem (``family``)."""
    return family(name, _known_things(category))


def kind_word(name: str, category: Category) -> str:
    """The words a Chinese name ends in that say its kind, among those known for a kind of problem (``kind_said``)."""
    return kind_said(name, _known_things(category))


def thing_names(parsed: ParsedReport, text: str) -> frozenset[str]:
    """The names what is broken is said by (``_thing_words``): "楼道灯", "灯", "corridor light"."""
    return _thing_words(parsed, text)[1]


_CLAUSE = re.compile(r"[，,。.！!？?；;：:\n]+")  # not at spaces, which part an English clause's words
# a measure word before a thing, with "this" or "that" or none ("部电梯仲系唔郁", "盏灯仲系唔着", "呢架电梯",
# "那台空调"): the thing, said as Cantonese says it, not a thing of its own (sweep: "部電梯仲係唔郁呀！！！" after her
# closed lift was a red #2)
MEASURE = re.compile(r"^(?:呢|嗰|这|那|个)?(?:部|架|盏|台|把|扇|啲|些|只|支|条|个|座|根|块)")


def tells_since(text: str) -> bool:
    """Words telling since when ("昨晚就开始了", "从上礼拜一直这样", "好几天了都", "it's been like this since Monday"):
    ``since_of_it`` says whether they are about her report."""
    return bool(SINCE.search(followup.plain(text)))


def since_of_it(parsed: ParsedReport, text: str, said: Iterable[str], category: Category) -> bool:
    """Words telling since when her report's problem (``said``, of ``category``) has been so, and nothing else: once
    the time words (``SINCE_WORDS``), generic words and the signs or things of its family are left out, no word her
    report did not say ("前天晚上开始就不亮了", "都一个多星期了，一直没人管" after "楼道灯坏了"; sweep: dropped, asked
    "Report it?", or #2 of no place). Not "昨晚就开始停水了" or "昨晚就开始下雨了" (something else since then), nor with
    "also", a place, a question or a danger."""
    norm = followup.plain(text)
    if not SINCE.search(norm) or parsed.building or parsed.unit or parsed.room:
        return False
    if parsed.urgency is Urgency.RED and not merge.doubted_red(parsed):
        return False
    if followup.ANOTHER.search(norm) or "question" in followup.kinds(parsed.reasons):
        return False
    seen = _plain_said(said)
    if (_outage_in(norm) and not _outage_in(seen)) or another_family(text, said, category):
        return False
    rest = symptoms.cleared(SINCE_WORDS.sub(" ", norm), families(seen, category))
    return merge.wording(rest) <= merge.wording(seen)


# "since when" said (matched on plain text): from a time on ("从上礼拜", "自从…就"), begun ("昨晚就开始了", "it started
# last night"), so since then ("就这样了", "一直这样"), for how long ("好几天了", "三天了", "for about 3 days now")
SINCE = re.compile(
    r"(?:从|自从|打从)[^,，。.!！?？]{0,10}?(?:开始|起|以来|以后|之后|到现在|就|一直)"
    r"|开始(?:的|了|就)|(?:以后|之后)就|就(?:开始|这样|这个样子|系咁|是这样|坏|不亮|黑)|一直(?:这样|系咁|都这样)"
    r"|(?:好|几|两|三|四|五|六|七|八|九|十|半|一|\d)\s?(?:个)?多?(?:天|日|周|星期|礼拜|月|年)(?:了|喇|啦|咯|多)|好久了"
    r"|\bsince\b|\b(?:started|began)\b|\bbeen like (?:this|that)\b|\b(?:days|weeks) (?:now|already)\b"
    r"|\bfor (?:about |over |almost |nearly )?(?:\d+|a|one|two|three|four|five|a few|several|some)"
    r" (?:days?|weeks?|months?)\b"
)
# the words of when and since (left out to see what else the words say)
SINCE_WORDS = re.compile(
    r"(?:昨|前|今|大前)(?:天|晚|早|日|夜)|(?:上|这|前|那)?个?(?:礼拜|星期|周|月(?:底|初|中)?)(?:[一二三四五六日天末](?!直))?|周末"
    r"|(?:这|那|前|头|好|几|两|三|四|五|六|七|八|九|十|半|一|\d)+\s?个?多?(?:天|日|周|星期|礼拜|月|年|小时|钟头)"
    r"|晚上|早上|下午|上午|中午|半夜|凌晨|傍晚|夜里|起来|国庆|春节|过年|元旦|去年|今年|冬天|夏天|搬进来|住进来|入住"
    r"|[月年](?:底|初|中)"
    r"|自从|打从|从|开始|以后|之后|以来|起|就|这个样子|这样|系咁|咁|一直|都|已经|大概|应该|差不多|好久|时好时坏|好像"
    r"|其实|实际上|事实上|[了的喇啦咯吧啊呀着是多]"  # "其实上周就这样了": "actually" says no more
    r"|\b(?:actually|really|in fact|since|for|about|almost|nearly|over|now|already|started|start|began|been|like"
    r"|this|that|it|it's|its|is|has"
    r"|have|had|last|night|week|weekend|month|days?|weeks?|months?|the|a|few|several|some|yesterday|morning|evening"
    r"|afternoon|ago|monday|tuesday|wednesday|thursday|friday|saturday|sunday|one|two|three|four|five|\d+)\b"
)


# since a week or more ago ("其实上周就这样了", "上个月就坏了", "since last week"): as the reader's "long" words
LAST_WEEK = re.compile(r"(?<![楼晚早马路])上(?:一|个|一个)?(?:周|星期|礼拜|月)|去年|\blast (?:week|month|year)\b")


def lasted_long(parsed: ParsedReport, text: str) -> bool:
    """Words telling a problem has lasted a week or more (the labelling guide's yellow cue): the reader's "long" words
    ("已经一个礼拜了", "for weeks") or since a week or more ago ("其实上周就这样了"); not "前天就坏了" nor "since
    Monday"."""
    return "long" in followup.kinds(parsed.reasons) or bool(LAST_WEEK.search(followup.plain(text)))


def says_too(text: str) -> bool:
    """Words that may say "mine too" (``mine_too_typed``): "also", "same", or a clause of "mine too" by itself."""
    clauses = _CLAUSE_OR_SPACE.split(text)
    return bool(ALSO_SAID.search(followup.plain(text))) or any(followup.is_me_too(places_left_out(c)) for c in clauses)


def mine_too_typed(parsed: ParsedReport, text: str, said: Iterable[str], category: Category) -> bool:
    """A neighbour's words typed after a report nearby (``said``, of ``category``), not as a reply, saying theirs is
    so too: "mine too" by itself, maybe with where they live ("我家也是", "+1", "5楼也是", "same here on 5F", "我们那也
    是，晚上上楼都得开手电"), or her problem by a sign of its family or its thing, with "also" ("我们单元也不亮好几天
    了", "我家楼层也黑了", "me too, 4th floor is dark too"), and nothing else named. Not another problem ("电梯也坏了",
    "我家也停电了", "我家也是，水管漏水了"), chat ("我家孩子也是这样，天天玩手机", "我也是刚下班"), a question or a
    danger; the building the caller compares (its own: "5号楼的楼道灯也坏了")."""
    if parsed.urgency is Urgency.RED and not merge.doubted_red(parsed):
        return False
    norm = followup.plain(text)
    clauses = _CLAUSE_OR_SPACE.split(text)
    bare = [followup.is_me_too(places_left_out(clause)) for clause in clauses]
    if not (any(bare) or ALSO_SAID.search(norm)) or ("question" in followup.kinds(parsed.reasons) and not all(bare)):
        return False  # "我哋呢度都係咁" is no question ("呢度": here)
    seen = _plain_said(said)
    if (_outage_in(norm) and not _outage_in(seen)) or another_family(text, said, category):
        return False
    if followup.problem_kinds_named(parsed) - {category.value}:  # "我家也是，水管漏水了" may be read so too
        return False
    if any(bare):  # "5楼也是", "我们那也是 晚上…", "+1 电梯一直停在8楼不动": theirs, unless another thing is named
        rest = " ".join(c for c, b in zip(clauses, bare, strict=True) if not b).strip()
        own = parser.parse(rest) if rest else parsed
        if not rest or not problem_words(own) or of_hers(followup.plain(rest), seen, category):
            return True
        return families(followup.plain(rest), category) <= families(seen, category) and not another_thing(
            own, rest, said, category
        )
    return bool(problem_words(parsed) or symptoms.signs(norm)) and of_hers(norm, seen, category)


def of_hers(norm: str, seen: str, category: Category) -> bool:
    """Plain words that show her problem's family (``seen``: her report's words) and, once its signs and things, the
    places of neighbours and the words of "mine too" are left out, name nothing her words did not."""
    hers = families(seen, category)
    if not families(norm, category) <= hers:
        return False
    rest = symptoms.cleared(places_left_out(norm), hers)
    return merge.wording(NEIGHBOURS.sub(" ", rest)) <= merge.wording(seen)


def places_left_out(text: str) -> str:
    """Plain words with the places they name left out ("same here on 5F": "same here")."""
    norm = followup.plain(text)
    for piece in extract_location(norm).evidence:
        norm = norm.replace(piece, "")
    return re.sub(r"\s+", " ", FLOOR.sub("", norm)).strip()


# a floor and the words before it ("6楼", "四层", "on 5f", "4th floor", "floor 3"): where a neighbour lives
FLOOR = re.compile(
    r"(?:\b(?:on|at|in) (?:the )?)?(?:\d{1,2}\s?(?:f\b|/f\b|(?:st|nd|rd|th)? floor\b|楼(?!道|梯)|层)"
    r"|[一二三四五六七八九十]{1,3}(?:楼(?!道|梯)|层)|\bfloor \d{1,2}\b)|\b(?:on|at|in)\b|在|喺"
)


ALSO_SAID = re.compile(r"也|都|同样|一样|同上|\b(?:too|also|same|as well|ditto)\b")
_CLAUSE_OR_SPACE = re.compile(r"[，,。.！!？?；;：:\n]+|(?<![A-Za-z])\s+(?![A-Za-z])")
# where a neighbour lives, and the words of "mine too" ("我们这层也", "our floor too"): no problem of their own
NEIGHBOURS = re.compile(
    r"我们|我哋|俺们|咱们|我家|俺家|我|家|这边|那边|这里|那里|这儿|那儿|呢度|这层|那层|楼层|层|单元|门口|隔壁|对面|楼上|楼下"
    r"|也|都|同样|一样|同上|是|系|咁|这样|好几天|几天|[了的啊呀啦喇呢😭]|\d+|[一二三四五六七八九十]+"
    r"|\b(?:same|here|too|also|me|my|mine|our|ours|we|us|floor|is|are|the|on|for|days?|\d+(?:st|nd|rd|th|f)?)\b"
)


# the words that lead the problem after her thing said fine ("但是", "就是", "是门禁坏了", "but", "though")
_THEN = re.compile(
    r"^(?:但是|但系|但係|可是|不过|不過|就是|只是|而是|是|係|系|但)\s*|^(?:but|however|though)\b\s*", re.I
)
FINE = re.compile(  # her thing said fine ("灯是好的", "灯没坏", "燈係好嘅", "the light is fine"), or fine now ("灯没事
    # 了", "電梯冇事喇", "灯好了", "the light works": sweep, the new problem after them reached the light's worker)
    r"没(?:有)?坏|冇坏|没(?:有)?问题|是好的|好好的|系好嘅|亮着|是亮的|是正常的|能用|可以用|(?:没|冇)有?事|好了|好咗"
    r"|\b(?:is|are|'s) (?:fine|ok|okay|working|good|alright)\b|\bworks\b"
)


def said_fine(text: str) -> bool:
    """Words saying her thing is fine, or works now (``FINE``, ``followup.works_now``: "灯现在亮了")."""
    return bool(FINE.search(followup.plain(text))) or followup.works_now(text)


def fine_but_another(text: str, lang: str, said: Iterable[str], category: Category) -> tuple[str, str] | None:
    """Her words saying the thing she reported (``said``, of ``category``) is fine, then another thing broken ("灯是
    好的，但是门禁坏了", "灯没坏，是门禁坏了", "燈係好嘅，但係電梯壞咗", "the light is fine, but the gate intercom is
    broken"; resident sweep: the new problem reached the light's worker as a note): (what she says of hers, the
    problem), split at the first clause end after her words of it fine. None when the words after it name no thing of
    their own ("灯是好的，但是有点闪": hers), or nothing is said fine."""
    for cut in followup.CLAUSES.finditer(text):
        head, rest = text[: cut.start()].strip(), _THEN.sub("", text[cut.end() :].strip()).strip()
        if not said_fine(head):
            continue
        if not (followup.has_words(rest) and followup.has_words(head)):
            return None
        own = parser.parse(rest, lang)
        if not (own.is_report or parser.needs_confirmation(own) or followup.names_a_problem(own)):
            return None
        named = {word for kind, word in followup.said_words(own) if kind.endswith("_weak")}
        signs = symptoms.signs(followup.plain(rest))
        if not named and signs and signs <= families(_plain_said(said), category):
            return None  # "灯是好的，但是有点闪": how her light shows, no thing of its own
        if same_problem(own, rest, said, category):
            return None
        return (head, rest) if of_its_own(own, rest, lang, said, category, by_family=False) else None
    return None


def of_its_own(
    own: ParsedReport, words: str, lang: str, said: Iterable[str], category: Category, by_family: bool = True
) -> bool:
    """Words of a problem (``own``: their reading) after hers said fine or fixed, naming one of its own: another
    thing broken ("门禁坏了" after her hall light's; its first words of degree left out, "有点闪" names no thing), an
    outage her report did not name, or (``by_family``) another family of problems ("the drain is blocked" after the
    hall light's; after a "but" a sign alone is how hers still shows: "It works now but makes a loud noise")."""
    thing = bare(words)  # "有点闪": how, not a thing named "有点"
    if another_thing(parser.parse(thing, lang), thing, said, category) or new_outage(own, said):
        return True
    return by_family and another_family(words, said, category)


_DEGREE = re.compile(
    r"^(?:有点|有些|有一点|一点|老是|总是|经常|偶尔|时不时|\b(?:a bit|a little|sometimes|kind of)\b)\s*"
)


def bare(words: str) -> str:
    """Words with their first words of degree left out ("有点闪": "闪"), whose thing is then read (``another_thing``):
    "有点" names no thing."""
    return _DEGREE.sub("", words)


# "不是楼道灯", "唔係燈", "not the light": a thing denied, up to a clause end or "是…" (``corrected``)
NOT_IT = re.compile(
    r"(?:不是|唔系|并不是|\bnot\b(?: the| a| my)?)\s*(?P<it>[^，,。.！!？?；;：:\s]{1,8}?|[a-z ]{1,20}?)"
    r"(?=$|[，,。.！!？?；;：:]|\s*(?:而是|是|系|it'?s|but)|\s)"
)
_CORRECTING = re.compile(  # and the polite words around it ("不好意思说错了", "sorry, correction:")
    r"(?:看|搞|弄|写|打|说|讲|睇)错\w{0,2}|更正|纠正|不好意思|唔好意思|对不起|抱歉"
    r"|\b(?:sorry|correction|my mistake|i mean|i meant)\b"
)


def corrected(text: str, lang: str, said: Iterable[str], category: Category) -> bool:
    """Her words correcting what is broken: the thing her report (``said``, of ``category``) named denied, and
    another thing said broken ("我看错了，不是楼道灯，是电梯坏了", "不是灯，是门禁坏了", "唔係燈，係電梯壞咗"; resident
    sweep: dropped, and the worker sent to the light). Not a cause guessed ("不是灯的问题吧，可能是开关坏了": no
    thing of hers denied whole), her thing placed ("不是我家的灯，是楼道的灯"), or a time ("不是昨天坏的"). Where in
    it her problem is, corrected, is hers too: a word of where her words said it is denied ("不好意思，不是楼上，是我家
    卫生间漏水", "不是楼道，是电梯里的灯": ``_where_denied``; residents57 sweep: dropped), unless an outage her report
    did not tell follows."""
    said = list(said)
    norm = followup.plain(text)
    seen = _plain_said(said)
    known = _known_things(category)
    denied = [m.group("it").strip() for m in NOT_IT.finditer(norm)]
    # "not the light" after "楼道灯坏了": her thing by its name in the other language too
    things = (w for it in denied if it for w in _things_in(it, known))
    if any(it.endswith(("的问题", "问题")) for it in denied):
        return False
    where = any(_where_denied(it, seen, known) for it in denied)  # "不是楼上，是我家卫生间漏水"
    if not (
        where or any(it and it in seen for it in denied) or any(w in seen or named_otherwise(w, seen) for w in things)
    ):
        return False
    words = bare(_CORRECTING.sub(" ", NOT_IT.sub(" ", norm)).strip(" ，,。.:："))
    words = re.sub(r"^[\s，,。.:：]*(?:而是|是|系)?", "", words)
    own = parser.parse(words, lang)
    if not (own.is_report or parser.needs_confirmation(own) or followup.names_a_problem(own)):
        return False
    if where and not new_outage(own, said):  # her problem, where it really is: "是我家卫生间漏水", "是电梯里的灯"
        return True
    if (named := _things_in(words, known)) and all(w in seen or named_otherwise(w, seen) for w in named):
        return False  # "sorry, not my light, the hallway light": hers placed, by its name in the other language
    return of_its_own(own, words, lang, said, category)


def _where_denied(it: str, seen: str, known: frozenset[str]) -> bool:
    """A denied word that is where her report's words (``seen``) said her problem comes from or is, not a thing:
    "楼上" or "楼上漏的" of "楼上漏水到我家", "楼道" of "3号楼2单元楼道灯坏了" (two characters of hers at least)."""
    said = next((it[:n] for n in range(len(it), 1, -1) if it[:n] in seen), "")
    return bool(said) and not it.isascii() and not _things_in(said, known) and not extract_location(said).evidence


# a mistake in where she said it is ("写错了", "打错字了", "说错了", "更正一下", "correction", "I meant", "wrong
# building"), or the place she means said as such ("我是说5号楼", "I mean block 5")
PLACE_MISTAKE = re.compile(
    r"(?:看|搞|弄|写|打|说|讲|睇)错|更正|纠正|我是说|我的意思是"
    r"|\b(?:correction|i mean|i meant|wrong (?:building|block|unit|address))\b"
)
_IT_IS = re.compile(r"(?:应该|应)?(?:是|系)\s*$|\bit'?s\s*$")  # "不好意思，是4号楼…": the place she means
_SAYING_WHERE = re.compile(r"(?:应该|应)?(?:是|系)|楼号|\b(?:it'?s|oops|wrong|building|block)\b")  # no problem said


def may_correct_place(text: str) -> bool:
    """Words that may correct where her report is (``place_corrected``): a mistake, a denial or sorry said."""
    norm = followup.plain(text)
    return bool(PLACE_MISTAKE.search(norm) or NOT_IT.search(norm) or _CORRECTING.search(norm))


def _a_place(found: Location) -> bool:
    """Whether a building, a unit or a room was found."""
    return bool(found.building or found.unit or found.room)


def place_corrected(text: str, lang: str, said: Iterable[str], category: Category) -> Location | None:
    """Her words correcting where her report is: a mistake said ("写错了，是4号楼不是3号楼", "更正一下，是6号楼",
    "oops wrong building, it's building 6"), a place of hers denied ("不是3号楼，是7号楼", "sorry, it's block 5 not
    3"), or, sorry said, the place she means ("不好意思，是4号楼的楼道灯"), with another building named and no problem
    of its own but her report's (``said``, of ``category``): the place, or None (sweep: each did nothing, or made #2
    at the new place while #1 kept paging the wrong grid). "不好意思，4号楼电梯也坏了" is a report of its own."""
    said = list(said)
    norm = followup.plain(text)
    lexicon = default_lexicon()
    # what each "not" denies, to its clause's end ("not unit 1", "不是3号楼")
    denied = [_CLAUSE.split(norm[m.start("it") :], maxsplit=1)[0] for m in NOT_IT.finditer(norm)]
    rest = lexicon.normalize(NOT_IT.sub(" ", norm))
    place = extract_location(rest)
    hers = extract_location(lexicon.normalize(" ".join(followup.plain(t) for t in said)))
    if place.building is None and (place.unit or place.room) and hers.building:  # "sorry, it's unit 2 not unit 1"
        place = replace(place, building=hers.building)
    mine = (hers.building, hers.unit, hers.room)
    if place.building is None or (place.building, place.unit or hers.unit, place.room or hers.room) == mine:
        return None
    at = rest.find(place.evidence[0]) if place.evidence else -1
    meant = _CORRECTING.search(norm) and at >= 0 and _IT_IS.search(rest[:at])
    denies = any(_a_place(extract_location(lexicon.normalize(d))) for d in denied)  # "不是3号楼", "not unit 1"
    if not (PLACE_MISTAKE.search(norm) or denies or meant):
        return None
    words = _CORRECTING.sub(" ", PLACE_MISTAKE.sub(" ", rest))
    for piece in place.evidence:
        words = words.replace(piece, " ")
    words = bare(_SAYING_WHERE.sub(" ", words)).strip(" ，,。.:：")
    own = parser.parse(words, lang)
    if followup.has_words(words) and (own.is_report or followup.names_a_problem(own) or own.urgency is Urgency.RED):
        return None if of_its_own(own, words, lang, said, category) or "也" in words else place
    return place
