"""Several problems at one place in one message ("3号楼电梯坏了，楼道灯也不亮，垃圾也没人收"): one event of the reader's
one category sent the lift and the light to the sanitation team. The message is cut with the reader's own pieces
(``parser_parts.parts``, ``other_places.pieces``), each read by the parser as it is; a piece is a problem of its own
only when it reads as a report alone and is clearly another matter: it names a thing no earlier piece named, or is
another kind of problem by words of its own kind (parking, noise, sanitation: ``_own_kind``), and does not point back
to what was said ("电梯坏了，里面的灯也不亮": the lift's light) nor only tell more of it ("已经三天了"). The rest
join the piece before them, their colour with them. A message read as red is never cut ("3号楼停电了，电梯里有人
被困！" is one alarm, all its words with it). A piece at another building is ``other_places``' (she is asked to send
it alone). A message its writer said is a report ("Report it?" answered yes, ``/report``) is cut as one the reader
took: a piece of it naming a thing is read as she said, a report.

The first problem stays the message's event; each further one is an event of its own, keyed by ``part_key`` (no
message of Telegram's has that id: it is negative, and beyond what ``storage.events.move_chat`` makes of a real one),
and reached by replies to its own acknowledgement. Pure.
"""

from __future__ import annotations

import dataclasses
import re

from bot.core import followup, next_words, other_places, parser, parser_parts
from bot.core.types import Category, Event, ParsedReport, Urgency

MOST = 4  # problems split out of one message; a longer list is a letter the committee reads whole
MOST_PIECES = 16  # pieces of a message read one by one; a longer one is a letter too
_PARTS = 8  # part keys of one message: -(_BASE + message id × _PARTS + k)
_BASE = 1 << 40  # past any negated Telegram message id (``move_chat``)
_OWN_KINDS = frozenset({Category.PARKING, Category.NOISE, Category.SANITATION})
_SAID = frozenset({"confirmed", "explicit"})  # a reading its writer said is a report ("Report it?" yes, /report)
_HOW_LONG = frozenset({"short", "long"})  # the reader's words of how long ("好几天了", "已经一个礼拜了")
_AND = re.compile(r"\s+and\s+", re.IGNORECASE)  # "the light is out and nobody collects the rubbish": two
# words pointing back to what was said: "里面的灯" (the lift's), "它", "inside it", "its door"
_BACK = re.compile(r"里面|里头|里边|入面|它|佢|其中|\b(?:inside|in it|its|it)\b", re.IGNORECASE)
# her words of every problem of her message at once: "都修好了吗？", "两个都还没人来", "全都没人管", "are both fixed?"
_ALL = re.compile(r"都|两个|两件|全部|\b(?:both|all of them|each)\b", re.IGNORECASE)
# a span of time: "三天", "两个月" (not "both" for its 两个)
_SPAN = r"(?:好|几|两|三|四|五|六|七|八|九|十|半|一|\d)\s?个?多?(?:天|日|晚|周|星期|礼拜|月|年|小时|钟头)"
# times and how often: "每天", "晚上", "到现在", "一直"
_TIMES = (
    r"每(?:天|日|晚|夜|早|次|回|周|月|年|个?(?:星期|礼拜|月|晚上))(?:晚上|早上|夜里)?"
    r"|天天|日日|夜夜|晚晚|年年|一直|总是|老是|经常|常常|成日|整天|整晚|晚上|夜里|白天|早上|今天|昨天|前天|现在|至今"
    r"|最近|这几天|从来|一向|向来|时候|到晚"
)
# 都 of a time, not of her problems: "每天都这样" (every day), "到现在都没人来" (till now), "都三天了" (already)
_WHEN_ALL = re.compile(rf"(?:{_TIMES}|{_SPAN})都|都(?=(?:已经)?{_SPAN})")
# it is so every day, always: of her message as a whole, as how long it has been ("每天都这样", "天天这样")
_SO_OFTEN = re.compile(rf"(?:{_TIMES})都?是?(?:这样|这个样子?|如此|系咁|咁样?)")


@dataclasses.dataclass(frozen=True, slots=True)
class Problem:
    """One problem of a message: her words of it (as quoted back) and how they read, as a report."""

    words: str
    reading: ParsedReport


@dataclasses.dataclass(slots=True)
class _Group:
    """Pieces read as one problem: the reading of the first that reads as a report alone (None: none yet, a greeting
    before it), and the things they name."""

    pieces: list[str]
    reading: ParsedReport | None
    named: set[str]


def problems(text: str, lang: str, whole: ParsedReport) -> list[Problem]:
    """The problems a report (``whole``: how the message reads) names at its place, in order; none when it is one
    problem (most reports), or more than ``MOST`` (a letter)."""
    if whole.urgency is Urgency.RED:
        return []  # "3号楼停电了，电梯里有人被困！": one alarm, all its words with it, none of it in a calm queue
    pieces = _pieces(text)
    if not 2 <= len(pieces) <= MOST_PIECES:
        # one piece: one problem, not read a second time (most reports); many: a letter, read whole (each piece read
        # costs: not hundreds of them on the bot's loop)
        return []
    groups: list[_Group] = []
    kinds: set[Category] = set()
    said = bool(_SAID & set(whole.reasons))
    for piece in pieces:
        read = parser.parse(piece, lang)
        if read.building not in (None, whole.building):
            continue  # another building's: ``other_places`` asks her to send it on its own
        named = set(next_words.apart_named(piece))
        if said and named and not read.is_report:  # she said it is a report: a piece naming a thing is one
            read = parser.parse(piece, lang, said_report=True)
        # "没人管", "已经三天了": no thing named, only more of the last one (how long, nobody came)
        # the first piece tells more of nothing when it names its own kind ("3号楼门口垃圾没人收，楼道灯也不亮")
        more = not named and next_words.tells_more(read) and (bool(groups) or _own_kind(read) is None)
        own = read.is_report and read.category is not None and not more and not _BACK.search(piece)
        seen = set().union(*(g.named for g in groups))
        new_kind = (kind := _own_kind(read)) is not None and kind not in kinds and not _danger(read, groups)
        other = bool(named) and not named & seen or new_kind
        last = groups[-1] if groups else None
        if last is not None and (last.reading is None or not (own and other)):
            last.pieces.append(piece)  # "大家好，…": a greeting joins the first problem; words of the last, it
            last.named |= named
            last.reading = (read if own else None) if last.reading is None else _hotter(last.reading, read)
        else:
            groups.append(_Group([piece], read if own else None, named))
        if own and read.category is not None:
            kinds.add(read.category)
    kept = [g for g in groups if g.reading is not None]
    found = [Problem(_words(g.pieces), _as_report(g.reading, whole, g is kept[0])) for g in kept]
    return found if 2 <= len(found) <= MOST else []


class Cut:
    """A message's problems (``problems``), cut once for each reading of it (most messages: one): the use cases one
    message passes through (her next words, a neighbour's "mine too", the report) ask it rather than cut it again."""

    __slots__ = ("text", "lang", "_made")

    def __init__(self, text: str, lang: str) -> None:
        self.text, self.lang = text, lang
        self._made: dict[ParsedReport, list[Problem]] = {}

    def of(self, whole: ParsedReport) -> list[Problem]:
        """The message's problems as read by ``whole`` (``problems``), cut the first time it is asked."""
        if whole not in self._made:
            self._made[whole] = problems(self.text, self.lang, whole)
        return self._made[whole]


def _hotter(read: ParsedReport, more: ParsedReport) -> ParsedReport:
    """A problem's reading with the colour of words joined to it when they are the more urgent."""
    if more.urgency is None or (read.urgency is not None and read.urgency.rank >= more.urgency.rank):
        return read
    return dataclasses.replace(read, urgency=more.urgency, red_unsure=more.red_unsure)


def _pieces(text: str) -> list[str]:
    """The message's pieces (``other_places.pieces``), an English one cut at its "and"s too: what reads as no report
    of its own joins the piece before it again."""
    cut = other_places.pieces(parser_parts.parts(text) or [text], english_commas=True)
    return [p for piece in cut for p in (_AND.split(piece) if piece.isascii() else [piece]) if p]


def _own_kind(read: ParsedReport) -> Category | None:
    """A piece's kind of problem when it is another matter by that alone: parking, noise, sanitation, told by a word of
    its own kind ("乱停车", "吵", "狗屎"), not the reader's guess at a few words ("晚上特别黑" read as noise), nor a
    danger or care, which most often say what the problem before does ("老人上下楼很危险")."""
    kind = read.category
    return kind if kind in _OWN_KINDS and any(r.startswith(f"{kind}:") for r in read.reasons) else None


def _danger(read: ParsedReport, groups: list[_Group]) -> bool:
    """Whether a piece or what came before it is a danger: "电梯坏了，有人被困" is one alarm, not two kinds."""
    return Urgency.RED in (read.urgency, *(g.reading.urgency for g in groups if g.reading is not None))


def _words(pieces: list[str]) -> str:
    """A problem's words as quoted back: its pieces, without the word that turned to the first ("另外", "also")."""
    sep = ", " if all(p.isascii() for p in pieces) else "，"
    return other_places.unturned(sep.join(pieces))


def _as_report(read: ParsedReport, whole: ParsedReport, first: bool) -> ParsedReport:
    """A problem's reading as an event takes it: its own kind and colour, the message's building and unit where it
    names none, and its room only for the ``first`` ("我家302水管漏水了，楼道灯也不亮": not the light's)."""
    return dataclasses.replace(
        read,
        is_report=True,
        category=read.category or whole.category or Category.OTHER,
        urgency=read.urgency or Urgency.GREEN,
        building=read.building or whole.building,
        unit=read.unit or whole.unit,
        room=read.room or (whole.room if first else None),
        reasons=(*read.reasons, "several"),
    )


def of_all(text: str) -> bool:
    """Whether her words under her message cut into problems say all of them ("都修好了吗？", "两个都还没人来",
    "全都没人管"): not by a 都 of a time ("每天都这样": every day; "都三天了": already), nor a 两个 of a span
    ("两个月")."""
    norm = followup.plain(text)
    return bool(_ALL.search(re.sub(_SPAN, " ", _WHEN_ALL.sub(" ", norm))))


def of_whole(text: str, read: ParsedReport) -> bool:
    """Whether her words under her message cut into problems, naming none of them, tell how long or how often it has
    been so ("每天都这样", "天天这样", "已经三天了", "从上礼拜一直这样"): more of her message as a whole, as each
    problem's worker would have read them in it; not a question ("修好了吗？": which one?)."""
    if "question" in followup.kinds(read.reasons):
        return False
    norm = followup.plain(text)
    how_long = bool(followup.kinds(read.reasons) & _HOW_LONG)
    return how_long or bool(_SO_OFTEN.search(norm)) or next_words.tells_since(text)


def part_key(message_id: int, k: int) -> int:
    """The message id the ``k``-th further problem of a message (1, 2, …) is stored under: no message's."""
    return -(_BASE + abs(message_id) * _PARTS + k)


def fits(k: int) -> bool:
    """Whether a message has a key for its ``k``-th further problem (edits that drop and add problems use up
    numbers: past the last, a problem stays in the first one's words, never another message's key)."""
    return 0 < k < _PARTS


def part_keys(message_id: int) -> list[int]:
    """The keys a message's further problems are stored under, whether it has any or not (none for a key itself):
    more than a message is cut into, as her edits of it may add a problem after one she dropped."""
    return [] if part_of(message_id) is not None else [part_key(message_id, k) for k in range(1, _PARTS)]


def number(key: int) -> int:
    """The number of the further problem stored under ``key`` (1, 2, …); 0 for a message's own id."""
    part = part_of(key)
    return part[1] if part else 0


def part_of(key: int) -> tuple[int, int] | None:
    """The message id (as stored) and number of the problem stored under ``key``; None for a message's own id."""
    if key > -_BASE:
        return None
    rest = -key - _BASE
    return rest // _PARTS, rest % _PARTS


def own_first(evs: list[Event]) -> list[Event]:
    """Events newest first, as a chat's are read, but each message cut into problems at its own event before its
    further ones: a neighbour's bare "我家也是" just after it is of her message, as said under it."""

    def message(ev: Event) -> tuple[int, int]:
        part = part_of(ev.message_id)
        return ev.chat_id, part[0] if part else abs(ev.message_id)

    first: dict[tuple[int, int], int] = {}
    for k, ev in enumerate(evs):
        first.setdefault(message(ev), k)
    return sorted(evs, key=lambda ev: (first[message(ev)], part_of(ev.message_id) is not None, ev.id))
