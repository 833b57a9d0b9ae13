"""A neighbour's words about another resident's report just made in the residents' group, typed just after it or
written under it: agreeing with it ("是的，晚上黑漆漆的很危险"), asking when it is fixed ("物业什么时候来修？"), or
saying theirs is so too with how long or how it is ("我们楼也是，好几天了", "同上，晚上黑漆漆的"). Sweep of
neighbours' words after "3号楼2单元楼道灯坏了" (merging on): each opened a second event, of safety or of no place, for
the one light. They are that report's words (the neighbour one more resident affected); words naming a problem,
thing, danger or place of their own stay a report of their own. Pure: the caller picks the report.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from bot.core import followup, merge, next_words, parser, symptoms
from bot.core.types import Category, ParsedReport, Urgency

# a danger told at a thing ("电梯困人了", safety or care): a neighbour's repair of that thing just after, naming no
# place, is the same problem ("电梯还是不能用"; a sweep: #2 of no place beside the trapped lift's red)
DANGER_AT_THING = frozenset({Category.SAFETY, Category.CARE})

_END = r"(?:\W+|$)"  # a word's end: a stop, a space, an emoji, or the end ("我也是刚下班" goes on)
# "是的", "对", "确实", "係呀", "yes": agreeing with what was just said (said twice: "是的是的")
AGREES = re.compile(
    r"^\W*(?:(?:是的|是啊|是呀|是滴|对的|对啊|对呀|对头|对|确实|的确|真的|没错|冇错|系呀|系啊|系啰|系"
    r"|yes|yeah|yep|true|indeed|agreed|right)\W*)+?" + _END
)
# "我家这边也是", "我们单元也是", "我哋𠮶度都系", "一样一样", "我也发现了", "same on my floor": theirs so too, said with
# where they live (never a person or thing of theirs: "我家孩子也是这样" is chat)
TOO = re.compile(
    r"^\W*(?:(?:我们|我哋|咱们|我家|我)?(?:家|屋企|这边|那边|这里|那里|这儿|那儿|呢度|𠮶度|嗰度|这层|那层|楼层|单元|楼上"
    r"|楼下|楼|层|这|那)*(?:也|都)(?:(?:是|系)(?:这样|咁|一样)?|一样|这样|咁)|(?:一样|同样|同上)+|\+\s*1"
    r"|我也(?:发现|注意到|看到|遇到)了?|same here|me too|same (?:on|for|at|in|with) [a-z0-9' ]{1,20})" + _END
)
# how bad it is, said of her problem ("很危险", "吓人", "dangerous"): no danger of its own
HOW_BAD = re.compile(r"危险|吓人|不安全|dangerous|unsafe|scary")
PITCH_DARK = re.compile(r"黑灯瞎火")  # "pitch dark", read by its 火 as a fire's sign
# a fix or a visit asked for ("有人来修了吗", "請問物業什麼時候會來修理？"): no thing of its own
ASKS_FIX = re.compile(r"来修|修好|修理|维修|来整|处理|fix|repair")
# the lists' pleas that ask whether a problem is the writer's alone, not of a fix
ONLY_ME = frozenset({"just me", "only me", "只有我家", "就我家", "只是我家"})
# Whether it is known and seen to, asked by a neighbour (matched on ``followup.plain`` text): the office told or
# knowing ("物业知道了吗？", "師傅知道了没", "物業知唔知㗎？", "有人跟物业说了吗", "报上去了没有"), someone on it or an
# answer given ("有人负责吗", "物业有人回复了吗", "有回音吗", "物业管不管", "物业那边怎么说"), staff able to come
# ("师傅今天能来吗"), or in English ("has anyone told the office?", "does the management know?", "is anyone handling
# this?"). Sweep of neighbours' questions: the reporter's own were answered with how it stands, a neighbour's dropped.
_WHO = r"物业|管理处|管理员|管理|居委会?|工作人员|师傅|保安|客服|值班|有人|他们|那边|上面"
_ASKED = r"\s*(?:吗|嘛|么|没有|没|未|吧|冇|㗎|[?？])"  # the question's end
_TOLD = r"(?:报|反映|上报|报修|报告|投诉)(?:了|过|咗)?(?:给|上去|上|到)?"
STANDING = re.compile(
    rf"(?:{_WHO})(?:那边|那里|方面)?(?:已经)?(?:知道|知唔知|知不知道|晓得|收到|了解)(?:了|咗)?(?:这个|这件|这|此)?"
    rf"(?:事情|事|情况)?(?:了|咗)?{_ASKED}"
    rf"|{_TOLD}(?:{_WHO})?(?:了|咗|过)?\s*(?:吗|嘛|么|没有|没|未|吧|冇|[?？])"
    rf"|(?:跟|和|给|向|同|告诉|通知)(?:{_WHO})(?:说|讲|反映|打电话|打过电话)?(?:了|过|咗)\s*(?:吗|嘛|么|没有|没|未|吧|冇|[?？])"
    rf"|(?:{_WHO})(?:那边)?(?:有人)?(?:回复|回音|答复|回应|回话|理|管|负责|跟进)(?:了|咗|过)?{_ASKED}"
    r"|有(?:回音|回复|消息|下文|回应|答复)(?:了)?\s*(?:吗|没有|没|未|吧|[?？])"
    r"|(管|理|负责|处理)(?:不|唔)\1|(?:物业|管理处|师傅|居委会?|那边)(?:那边)?(?:怎么说|咋说|点讲|点讲法)"
    rf"|(?:{_WHO})(?:今天|今晚|明天|下午|上午|晚上)?(?:能|会|可以)(?:派人)?(?:来|过来|上门|嚟)(?:修|看|看看|处理)?"
    r"(?:一下)?\s*(?:吗|嘛|么|不|[?？])"
    r"|\b(?:has|have|did|does|do|is|are|was)\s+(?:anyone|anybody|someone|somebody|management|wuye|they|it|this"
    r"|(?:the\s+)?(?:office|management|property(?:\s+(?:office|management))?|estate(?:\s+office)?|committee|guard"
    r"|security|workers?|repairman|handyman|staff))\b(?:\s+\w+){0,3}?\s+(?:told|tell|report(?:ed)?|notif(?:ied|y)"
    r"|know|aware|handl\w*|repl(?:y|ied)|respond\w*|heard|logged|contact(?:ed)?|informed)\b"
    r"|\bany (?:reply|response|word) (?:from|on|yet)\b"
)


def head(text: str) -> tuple[str, str] | None:
    """Its first words, if they agree ("agrees") or say theirs is so too ("too"), and the words after them."""
    norm = followup.plain(text)
    for kind, pattern in (("agrees", AGREES), ("too", TOO)):
        if found := pattern.match(norm):
            rest = norm[found.end() :].strip()
            if kind == "agrees" and (too := TOO.match(rest)):  # "yeah same here, …", "对，我们楼也是": theirs too
                return "too", rest[too.end() :].strip()
            return kind, rest
    return None


def may_be(parsed: ParsedReport, text: str) -> bool:
    """Words that may be a neighbour's about a report (``of_it``): agreeing, "mine too", or asking when it is fixed."""
    return head(text) is not None or asks_when(parsed, text)


def asks_when(parsed: ParsedReport, text: str) -> bool:
    """A question of when it is fixed or someone comes ("物业什么时候来修？", "物業幾時嚟整呀？", "When will they fix
    it?"), naming no thing, place or danger: of the report, not one of its own (the labelling guide: a question of a
    schedule is no report)."""
    if (
        parsed.building
        or parsed.unit
        or parsed.room
        or (parsed.urgency is Urgency.RED and not merge.doubted_red(parsed))
    ):
        return False
    said, words = followup.kinds(parsed.reasons), next_words.problem_words(parsed)
    pleas = {r.split(":", 1)[1] for r in parsed.reasons if r.startswith("intent:")}
    if pleas and pleas <= ONLY_ME:  # "is it just me or is the water pressure low?": whether others have a problem of
        said -= {"intent"}  # its own, not when hers is fixed (day review: it joined a card reader's report)
    asked = followup.about_her_visit(text) or "nobody" in said or ("question" in said and ("intent" in said or words))
    return bool(asked) and all(ASKS_FIX.search(word) for word in words)


def asks_how_it_stands(parsed: ParsedReport, text: str) -> bool:
    """A neighbour's question of how the report stands (``STANDING``: "物业知道了吗？", "有人跟物业说了吗", "has anyone
    told the office?"), naming no thing, place or danger of its own (as ``asks_when``): answered with how it stands,
    not a report and not one more resident affected."""
    red = parsed.urgency is Urgency.RED and not merge.doubted_red(parsed)
    if parsed.building or parsed.unit or parsed.room or red:
        return False
    words = next_words.problem_words(parsed)
    return bool(STANDING.search(followup.plain(text))) and all(ASKS_FIX.search(word) for word in words)


# where a thing is, by the names of a building's stairs and corridors in either language: "楼梯灯" and "the corridor
# light" are where "楼道灯" is; so is the light that wakes at a sound or a step there ("声控灯", "感应灯", "sensor
# light": a stairwell's light by its kind; sweep: "声控灯不亮了" after "3号楼2单元楼道灯坏了" made #2 of no place)
COMMON_PARTS = re.compile(r"楼道|楼梯|走廊|过道|梯间|声控|感应|corridor|hallway|stair|landing|passage|sensor|motion")
_MEASURED = re.compile(next_words.MEASURE.pattern.removeprefix("^") + "$")  # "部", "盏", "呢部": no place
_BEFORE = re.compile(r"(?:([a-z]+)\s+|([\u3400-\u9fff]{1,4}?)(?:的|嘅|里的|里|之)?)$")  # the words just before a name
_FILLER_EN = frozenset({"the", "a", "our", "my", "this", "that", "their", "his", "her"})


def same_thing(parsed: ParsedReport, text: str, said: Iterable[str], category: Category) -> bool:
    """A neighbour's report naming no place names the thing of her report (``said``, of ``category``) where she said it
    is: by its kind ("灯", "light") or her name of it ("楼道灯"), or a name like hers ("楼到灯", a slip of the
    keyboard), said with where it is the same way, by another name of the building's stairs and corridors
    (``COMMON_PARTS``) or not at all ("楼道的灯是坏了，晚上看不见", "樓梯燈壞咗好耐", "the corridor light is out" after
    "3号楼2单元楼道灯坏了"; sweep: each made #2 of no place, its words too unlike hers), or by another name of it
    (``next_words.ALSO_CALLED``, ``COMMON_PARTS``: "声控灯不亮了", "楼道照明坏了", "the lights in the stairs are out",
    "升降机坏咗" after "5号楼电梯坏了"; residents57 sweep). Not another thing or one of another family ("电梯里的灯",
    "楼道的窗户"), a name of its own ("路灯"), or a place of its own ("小区门口的灯")."""
    said = list(said)
    red = parsed.urgency is Urgency.RED and not merge.doubted_red(parsed)
    if parsed.category is not category or parsed.building or parsed.unit or parsed.room or red:
        return False
    if next_words.new_outage(parsed, said) or next_words.another_family(text, said, category):
        return False
    names = next_words.thing_names(parsed, text)
    if not names or not next_words.names_its_thing(parsed, text, said, category):
        return False
    hers = {w for t in said for w in next_words.thing_names(parser.parse(t), t)}
    where = {_where(name, followup.plain(t), category) for t in said for name in hers}
    norm = followup.plain(text)
    return all(_alike(_where(name, norm, category), where) for name in names)


def same_thing_there(parsed: ParsedReport, text: str, said: Iterable[str], category: Category) -> bool:
    """A neighbour's report naming the place of her report (the caller compares the places) names its thing by
    another name (``same_thing``, read without the place): "3号楼楼梯间的照明灯坏了", "the stairway lighting in block 3
    is out", "3号楼声控灯跺脚也不亮" after "3号楼楼道灯坏了" (residents58 sweep: each made #2, their words too unlike
    hers to be compared by them alone)."""
    unplaced = replace(parsed, building=None, unit=None, room=None)
    return same_thing(unplaced, next_words.places_left_out(text), said, category)


def _where(name: str, norm: str, category: Category) -> str:
    """Where a thing is said to be: the words its name begins with before its kind ("楼道灯": 楼道; "corridor light":
    corridor), else the words just before it ("楼道的灯": 楼道)."""
    kind = next_words.kind_of(name, category)
    if name.isascii():  # its words but its kind's: "corridor light", "lights stairs" ("the lights in the stairs")
        before = " ".join(w for w in name.split() if next_words.kind_of(w, category) != kind)
    else:  # "升降机" is the lift by its name, "楼道照明" the light of the stairs
        before = name.removesuffix(next_words.kind_word(name, category))
    if not before:
        at = norm.find(name)
        found = _BEFORE.search(_MEASURED.sub("", _called_before(norm[:at], name))) if at > 0 else None
        before = (found.group(1) or found.group(2) or "") if found else ""
    return "" if before in _FILLER_EN else before


def _called_before(before: str, name: str) -> str:
    """The words before a name without the rest of another name of its thing they end in ("楼梯间的照明" before "灯":
    照明灯 is a light's name, ``next_words.ALSO_CALLED``; left: "楼梯间的", where it is)."""
    for other in next_words.ALSO_CALLED:
        if other != name and other.endswith(name) and before.endswith(other.removesuffix(name)):
            return before.removesuffix(other.removesuffix(name))
    return before


def _alike(where: str, hers: set[str]) -> bool:
    """Said where she said it is: not at all, by a word of hers, or both by names of the stairs and corridors."""
    if not where:
        return True
    common = bool(COMMON_PARTS.search(where))
    return any(
        (set(where) & set(h) - set(" ") and not where.isascii()) or (common and COMMON_PARTS.search(h)) for h in hers
    )


def of_it(
    text: str, said: Iterable[str], category: Category, *, typed: bool = False, parsed: ParsedReport | None = None
) -> bool:
    """A neighbour's words about the report (``said``: its words, of ``category``): agreeing or "mine too" and, after
    it, nothing, how long, or how it is by a sign of its family ("晚上很黑", "好几天了"), how bad ("很危险"), and no
    problem, thing, danger or place of their own ("是的，而且电梯也坏了", "对，楼道里还有煤气味", "我们楼也是，停水了"),
    or a question of when it is fixed (``asks_when``). ``typed``: not written under it, so agreeing must show its
    family ("是的" typed may answer anyone's words). ``parsed``: the text's reading, if the caller has it."""
    said = list(said)
    found = head(text)
    if found is None:
        return asks_when(parsed or parser.parse(text), text)
    kind, rest = found
    if not rest:
        return kind == "too" or not typed
    rest = PITCH_DARK.sub("黑", rest)
    own = parser.parse(rest)
    if (own.urgency is Urgency.RED and not merge.doubted_red(own)) or own.building or own.unit or own.room:
        return False
    if asks_when(own, rest):  # "是的，物业什么时候来修？"
        return True
    if next_words.new_outage(own, said) or next_words.another_family(rest, said, category):
        return False
    seen = " ".join(followup.plain(s) for s in said)
    norm = HOW_BAD.sub(" ", rest)
    hers = next_words.families(seen, category)  # as a neighbour's mine-too reads them
    shown = next_words.families(norm, category) | symptoms.signs(norm)
    if not shown <= hers or (typed and kind == "agrees" and not (shown or own.is_report)):
        return False  # "是的，好多了" typed may answer anyone: not when it shows nothing of hers nor reads as a report
    own = parser.parse(norm)
    things = [word for word in next_words.problem_words(own) if merge.wording(word)]  # not "坏了"
    if not things and not followup.problem_kinds_named(own) - {category.value}:
        return True  # "好几天了", "晚上黑漆漆的", "晚上回家都得开手机电筒", "已经坏了一周了"
    return next_words.of_hers(norm, seen, category)  # "楼道灯也不亮好几天了": hers by its thing
