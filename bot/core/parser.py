"""Resident message -> ParsedReport: is it a report, what kind, how urgent, where.

Over 300 lines: the rules reader and the way it joins the learned one stay together.

Two readers work together (docs/parser.md):

- the rules: one normalisation pass, one pass of the word lists (``bot/lexicon/*.toml``) and one of
  the location reader as the model was trained with it (``parser_location_trained``; a report's place is then
  read anew by ``parser_location``: ``place_anew``). The location always comes from them; their findings (hazard
  words, "again", "fixed now", ...) are features of the model, and a hazard they are sure of keeps a report red;
- the learned heads (``bot/core/reader_model.py``, trained on ``data/corpus`` by
  ``tools/train_reader.py``): report or not, category, urgency, and red or not, with thresholds
  chosen on writers the model never saw. Without the model files the rules read alone.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from bot.core.parser_lexicon import CATEGORIES, KNOWN_TAGS, Hit, Lexicon, default_lexicon
from bot.core.parser_location import Location, extract_location
from bot.core.parser_location_trained import trained_location
from bot.core.parser_parts import ask_on_part, parts, problem_place, reads_parts
from bot.core.reader_model import Reader, Scores, default_reader
from bot.core.types import Category, ParsedReport, Urgency

MAX_CHARS = 4096 * 4  # longer input is cut: Telegram messages are at most 4096 characters
REPORT_AT = 1.5  # rules alone: score from which a message is a report
CONFIRM_BELOW = 0.7  # confidence under which the bot asks "Report it / Not a report"
MAX_MATCHES = 400  # enough words to decide; stops pathological input ("又又又...") from costing more
MAX_REASONS = 24
AT_LEAST_YELLOW = frozenset({Category.SAFETY, Category.SECURITY, Category.DISPUTE})
# "又脏又乱", "又臭又脏": "both ... and ...", not "again"
_BOTH_AND = re.compile(r"又[^\W\d又]又")
# "是水管还是暖气": "还是" meaning "or", not "still": "是" (or "不知道") earlier in the same clause
_OR_CLAUSE = re.compile(r"(?:是|不知道|不清楚)[^,.!?;:~\n]*$")
_OR_LOOKBACK = 24  # characters looked at before "还是"
_LEN_BOUNDS = (4, 8, 16, 32, 64, 10**9)  # the "len:" feature: the first bound the length is within
_LEN_TAGS = tuple(f"len:{b}" for b in _LEN_BOUNDS)
PERSON_ALERT_RULE = "rule:person_alert"  # a person and an alert about them ("老人走失"): read as red
TRAPPED_INSIDE_RULE = "rule:trapped_inside"  # a broken lift and someone inside it
_FILLER = re.compile(r"[\s\W_的了啊呀呢吧嘛哦哈在是]+")  # what a message holding only a place has besides it
_CATEGORY = {c.value: c for c in Category}
_CATEGORY_REASON = {c: f"category:{c.value}" for c in Category}
_URGENCY_REASON = {u: f"urgency:{u.value}" for u in Urgency}


class _Signals:
    """What the matched words say, gathered in one pass."""

    __slots__ = (
        "strong",
        "weak",
        "tags",
        "reasons",
        "nobody_starts",
        "short_ends",
        "problems",
        "notices",
        "last_recur",
        "last_resolved",
        "last_over",
        "last_danger",
        "last_live_danger",
        "over_denied",
        "masked",
        "red_words",
        "_norm",
        "_both_and",
    )

    def __init__(self, hits: Sequence[Hit], norm: str = "") -> None:
        self.strong: set[str] = set()
        self.weak: set[str] = set()
        self.tags: set[str] = set()
        self.reasons: dict[str, None] = {}  # ordered, without repeats
        self.nobody_starts: list[int] = []
        self.short_ends: list[int] = []
        self.problems = 0
        self.notices = 0
        self.last_recur = self.last_resolved = -1
        self.last_over = self.last_danger = -1  # where the last "it is over" and the last danger word start
        self.last_live_danger = -1  # the last danger word not negated ("没人受伤" is none): danger_goes_on
        self.over_denied = False  # "不是虚惊一场": an over word negated
        self.masked = False  # a word the lists know is harmless ("猫走丢", "fire drill"): vetoes the model
        self.red_words: set[str] = set()  # what made the "red" tag: words, and "rule:…" for the rules below
        self._norm = norm
        self._both_and: set[int] | None = None
        for hit in hits[:MAX_MATCHES]:
            self._add(*hit)

    def _add(self, start: int, end: int, word: str, tags: tuple[str, ...]) -> None:
        if "signal.mask" in tags:
            self.masked = True
            return
        problem = False
        for tag in tags:
            kind, name = _SPLIT.get(tag) or _split(tag)
            if kind == "category":
                problem = True
                if name.endswith("_weak"):
                    self.weak.add(name[:-5])
                else:
                    self.strong.add(name)
            else:
                if name == "recur" and not self._recurs(word, start):
                    continue
                self.tags.add(name)
                if name == "red":
                    self.red_words.add(word)
                if name == "recur":
                    self.last_recur = start
                elif name == "over":
                    before = (self._norm, max(0, start - 8), start)
                    if _ASKED_OVER.search(*before):
                        pass  # "是不是误报？": a question, neither over nor denied
                    elif _NOT_OVER.search(*before):  # "不是虚惊一场", "NOT a false alarm"
                        self.last_danger = max(self.last_danger, start)
                        self.last_live_danger = max(self.last_live_danger, start)
                        self.over_denied = True
                    else:
                        self.last_over = start
                elif name in _DANGER:
                    self.last_danger = max(self.last_danger, start)
                    if not _NEGATED.search(self._norm, max(0, start - 10), start):
                        self.last_live_danger = max(self.last_live_danger, start)
                elif name == "resolved":
                    self.last_resolved = start
                elif name == "notice":
                    self.notices += 1
                elif name == "nobody":
                    self.nobody_starts.append(start)
                elif name == "short":
                    self.short_ends.append(end)
            if len(self.reasons) < MAX_REASONS:
                self.reasons[f"{name}:{word}"] = None
        self.problems += problem

    def _recurs(self, word: str, start: int) -> bool:
        """'又' and '还是' say "again / still", except in "又脏又乱" (both ... and) and "是A还是B" (or)."""
        if word == "又":
            if self._both_and is None:
                self._both_and = {i for b in _BOTH_AND.finditer(self._norm) for i in (b.start(), b.end() - 1)}
            return start not in self._both_and
        if word == "还是":
            return _OR_CLAUSE.search(self._norm, max(0, start - _OR_LOOKBACK), start) is None
        return True

    def fixed_now(self) -> bool:
        """A "fixed" word after the last "again" word: "又坏的问题…目前正常" is fixed,
        "修好了没两天又坏了" is not."""
        return self.last_resolved > self.last_recur

    def has(self, name: str) -> bool:
        return name in self.tags

    def over_now(self) -> bool:
        """The danger is over: an "over" word after the last danger word. "电梯困人，已经救出来了" is over;
        "已经救出来一个，还有一个困在电梯里" is not (someone is still trapped)."""
        return self.last_over > self.last_danger

    def danger_goes_on(self) -> bool:
        """An "over" word, then the danger told as still there: "火已经灭了但是还有人困在里面", "false alarm earlier
        but NOW there is real smoke", "不是虚惊一场" (only negated over words). A danger word after the over word
        with no "but / still / now" between them explains what is over ("false alarm: the fire alarm was set off
        by toast"), and a negated one is no danger ("火灭了，没人受伤")."""
        if "red" not in self.tags or "over" not in self.tags:
            return False
        if self.last_over < 0:
            return self.over_denied  # no over word stands: only denied or asked about
        return self.last_live_danger > self.last_over and bool(
            _GOES_ON.search(self._norm, self.last_over, self.last_live_danger)
        )

    def nobody(self) -> bool:
        """'没人管' counts, but not '两天没人清' (a short time, not a complaint)."""
        return any(all(not 0 <= s - e <= 1 for e in self.short_ends) for s in self.nobody_starts)


def _split(tag: str) -> tuple[str, str]:
    kind, _, name = tag.partition(".")
    return kind, name


_SPLIT = {tag: _split(tag) for tag in KNOWN_TAGS}
_DANGER = frozenset({"red", "trapped", "inside", "person_alert"})  # words that say a danger is there
# "but / still / now / again" between an over word and a later danger word: the danger goes on
# (the text is normalised: Simplified characters, lower case)
_GOES_ON = re.compile(r"但|可是|不过|然而|还有|仍|依然|还在|又|结果|现在|而家|\b(?:but|still|now|again|however)\b")
# a danger word negated: "没人受伤", "冇人受傷", "no one hurt", "not trapped"
_NEGATED = re.compile(r"(?:没|冇|无|未|不)[有得人个]*$|\b(?:no|not|nobody|no one|none)\b[\w ]{0,3}$")
_ASKED_OVER = re.compile(r"(?:是不是|是否|会不会|有没有可能|\b(?:is it|was it|maybe)(?: a| an| just)?)\s*$")
_NOT_OVER = re.compile(r"(不是|并非|并不是|not(?: a| an| just)?|isn'?t(?: a| an)?|wasn'?t(?: a| an)?)\s*$")


def _category(s: _Signals) -> Category | None:
    for pool in (s.strong, s.weak):
        for name in CATEGORIES:
            if name in pool:
                return Category(name)
    return None


def _score(s: _Signals) -> float:
    t = s.tags
    strength = 2.0 if s.strong else 1.0 if s.weak else 0.0
    pos = strength + (0.5 if s.problems >= 2 else 0.0)
    if "intent" in t or ("red" in t and not strength):
        pos += 1.0
    if strength:
        pos += 1.0 if "recur" in t or "nobody" in t else 0.0
        pos += 0.5 if "long" in t else 0.0
        pos += 1.0 if "red" in t else 0.0
    neg = 0.0
    if "thanks" in t:
        neg += 1.0 if s.strong else 2.0
    if "resolved" in t and s.fixed_now():
        neg += 3.0
    if "greeting" in t or "chat" in t:
        neg += 0.5 if s.strong else 2.0
    neg += 1.5 * min(s.notices, 2)
    asks = "question" in t or "info" in t
    if "future" in t:
        neg += 2.5 if asks or "notice" in t else 0.5
    if "question" in t and "intent" not in t and "red" not in t:
        neg += 1.0
    if "info" in t:
        neg += 0.5 if "red" in t and strength else 2.0  # "有没有人看到…走丢了" is an appeal
    if "ad" in t:
        neg += 3.0
    return pos - neg


def _urgency(s: _Signals, category: Category, loc: Location) -> Urgency:
    if s.has("red") and (not s.has("over") or s.danger_goes_on()):
        return Urgency.RED
    if (
        s.has("red")  # the danger is over ("已经扑灭了"): still serious
        or category in AT_LEAST_YELLOW
        or s.has("yellow")
        # no water / no power named for a building or unit, not one flat: many households
        or (s.has("outage") and (loc.building or loc.unit) and not loc.room)
        or s.has("recur")
        or s.has("long")
        or (s.has("nobody") and s.nobody())
    ):
        return Urgency.YELLOW
    return Urgency.GREEN


def _rule_confidence(score: float, any_signal: bool) -> float:
    if not any_signal:
        return 0.97
    if score >= REPORT_AT:
        return round(min(0.99, 0.5 + 0.2 * (score - 1.0)), 2)
    return round(min(0.99, 0.5 + 0.2 * (REPORT_AT - score)), 2)


@dataclass(frozen=True, slots=True)
class RuleReading:
    """What the word lists and the location reader found in one message."""

    norm: str
    signals: _Signals
    score: float
    location: Location
    community: tuple[str, ...] = ()  # tags of the community's own words found (LEXICON_FILES)

    @property
    def community_category(self) -> Category | None:
        """The first category, by the guide's precedence, that a community word names."""
        if not self.community:
            return None
        named = {t.split(".", 1)[1].removesuffix("_weak") for t in self.community if t.startswith("category.")}
        return next((Category(c) for c in CATEGORIES if c in named), None)

    @property
    def problem_there(self) -> bool:
        """Names a problem that it does not say is fixed or over ("3栋的灯修好了" names one that is)."""
        s = self.signals
        settled = ("resolved" in s.tags and s.fixed_now()) or ("over" in s.tags and s.over_now())
        return _names_a_problem(self) and not settled

    @property
    def hazard(self) -> bool:
        """A danger word or rule fired and the danger is not over: the report stays red."""
        return "red" in self.signals.tags and "over" not in self.signals.tags

    def sure_hazard(self, sure: frozenset[str] | None) -> bool:
        """A hazard (above) found by a word or rule in ``sure``, the ones the corpus shows are red when they stand
        (``Reader.sure_hazards``), or by a community word; every hazard when ``sure`` is None (a model without it)."""
        if not self.hazard or sure is None:
            return self.hazard
        return not sure.isdisjoint(self.signals.red_words) or any(t.endswith(".red") for t in self.community)

    @property
    def danger_goes_on(self) -> bool:
        """After an "over" word the danger is told as still there (``_Signals.danger_goes_on``): a red report."""
        return self.signals.danger_goes_on()

    def tags(self) -> list[str]:
        """The rules' findings as model features (the same list in training and at run time)."""
        s = self.signals
        t = s.tags
        out = [f"s:{x}" for x in t]
        out += [f"c:{c}" for c in s.strong] + [f"cw:{c}" for c in s.weak]
        out.append("rs:report" if self.score >= REPORT_AT else "rs:near" if self.score >= REPORT_AT - 1 else "rs:no")
        if self.hazard:
            out.append("hazard")
        if "resolved" in t and s.fixed_now():
            out.append("fixed_now")
        if "nobody" in t and s.nobody():
            out.append("nobody_long")
        loc = self.location
        out += [k for k, v in (("loc:b", loc.building), ("loc:u", loc.unit), ("loc:r", loc.room)) if v]
        # how long the message is: one-liners read differently from long accounts
        out.append(_LEN_TAGS[bisect_left(_LEN_BOUNDS, len(self.norm))])
        return out


def read_rules(text: str, lexicon: Lexicon | None = None) -> RuleReading:
    """Run the rules over one message (the first half of ``parse``; the trainer uses it too)."""
    lex = lexicon or default_lexicon()
    norm = lex.normalize(text[:MAX_CHARS])
    hits = lex.hits(norm)
    s = _Signals(hits, norm)
    community = tuple(t for _, _, word, tags in hits if word in lex.community for t in tags) if lex.community else ()
    if s.has("person_alert") and s.has("person"):
        s.strong.add("care")
        s.tags.add("red")
        s.red_words.add(PERSON_ALERT_RULE)
        s.problems += 1
    if s.has("inside") and "repair" in s.strong:  # "电梯卡住了，里面有人": someone trapped
        s.strong.add("safety")
        s.tags.add("red")
        s.red_words.add(TRAPPED_INSIDE_RULE)
        s.tags.add("trapped")
    if s.has("trapped") and s.has("person") and s.has("red"):  # a child or an elderly person trapped: care first
        s.strong.add("care")
    return RuleReading(norm, s, _score(s), trained_location(norm), community)


def parse(
    text: str,
    lang: str | None = None,
    lexicon: Lexicon | None = None,
    reader: Reader | None | bool = True,
    said_report: bool = False,
) -> ParsedReport:
    """Read one resident message. Never raises; ``lang`` is a hint only (all word lists apply).

    ``reader``: True for the packaged model, a ``Reader``, or None/False for the rules alone. ``said_report``: its
    writer said it is a report (answering "Report it?"): read as one, with the category, colour and place the
    readers find, though the report head doubted it.
    """
    try:
        text = text if isinstance(text, str) else str(text)
        rules = read_rules(text, lexicon)
        model = default_reader() if reader is True else reader or None
        if model is None:
            plain = by_rules(rules)
            read = [said(rules, None, {}) if said_report and not plain.is_report else plain]
            return _placed([text], read, [rules], lexicon)[0]
        msgs, rows = model.pairs([rules.norm], [rules.tags()])
        scores = model.scores(model.logits_pairs(1, msgs, rows))
        plain = decide(rules, scores, model.thresholds, model.sure_hazards)
        if said_report and not plain.is_report:
            read = [_said_of_part(text, plain, rules, scores, model, lexicon)]
        else:
            read = _read_parts([text], [plain], model, lexicon, [rules])
        return _placed([text], read, [rules], lexicon)[0]
    except Exception:  # noqa: BLE001 - a parser bug must not drop a resident's message
        return ParsedReport(is_report=False, confidence=0.0, reasons=("error",))


def parse_many(
    texts: Sequence[str], lexicon: Lexicon | None = None, reader: Reader | None | bool = True
) -> list[ParsedReport]:
    """``parse`` for many messages, with the model's arithmetic done once for the batch."""
    model = default_reader() if reader is True else reader or None
    if model is None:
        return [parse(t, lexicon=lexicon, reader=None) for t in texts]
    readings: list[RuleReading | None] = []
    for text in texts:
        try:
            readings.append(read_rules(text if isinstance(text, str) else str(text), lexicon))
        except Exception:  # noqa: BLE001
            readings.append(None)
    msgs, rows = model.pairs([r.norm if r else "" for r in readings], [r.tags() if r else () for r in readings])
    scores = model.scores_all(model.probabilities(model.logits_pairs(len(readings), msgs, rows)))
    out = []
    for r, sc in zip(readings, scores, strict=True):
        try:
            out.append(decide(r, sc, model.thresholds, model.sure_hazards) if r else _error())
        except Exception:  # noqa: BLE001
            out.append(_error())
    return _placed(texts, _read_parts(texts, out, model, lexicon, readings), readings, lexicon)


def _placed(
    texts: Sequence[str], read: list[ParsedReport], wholes: Sequence[RuleReading | None], lexicon: Lexicon | None
) -> list[ParsedReport]:
    """Each report placed where its problem is (``_at_problem_places``), its place then read anew (``place_anew``)."""
    placed = _at_problem_places(texts, read, wholes, lexicon)
    return [place_anew(p, whole) for p, whole in zip(placed, wholes, strict=True)]


def place_anew(p: ParsedReport, whole: RuleReading | None) -> ParsedReport:
    """A report placed by its whole message gets the place the location reader reads now (``parser_location``);
    the rules and the model read places as they were trained (``parser_location_trained``). A place a part of the
    message gave stays as that part's reading. Never raises: on a failure the reading stands."""
    if not p.is_report or whole is None:
        return p
    trained = whole.location
    if (p.building, p.unit, p.room) != (trained.building, trained.unit, trained.room):
        return p  # placed by a part of the message
    try:
        loc = extract_location(whole.norm)
    except Exception:  # noqa: BLE001 - a parser bug must not drop a resident's message
        return p
    return p if loc == trained else _with_place(p, loc)


def _with_place(p: ParsedReport, loc: Location) -> ParsedReport:
    """``p`` with its place, and the place words among its reasons, from ``loc``."""
    kept = tuple(x for x in p.reasons if not x.startswith(_PLACE_REASON))
    return dataclasses.replace(
        p, building=loc.building, unit=loc.unit, room=loc.room, reasons=kept + _place_reasons(loc)
    )


def _at_problem_places(
    texts: Sequence[str], read: list[ParsedReport], wholes: Sequence[RuleReading | None], lexicon: Lexicon | None
) -> list[ParsedReport]:
    """Each report placed where its problem is when its first building is named in a part that holds none
    (``parser_parts.problem_place``); on any failure there, the reading stands."""
    out = list(read)
    for i, (p, whole) in enumerate(zip(read, wholes, strict=True)):
        if not p.is_report or whole is None or whole.location.building is None:
            continue
        if p.building != whole.location.building:  # placed by a part already (a yes to a part)
            continue
        try:
            found = parts(str(texts[i])[:MAX_CHARS])
            if len(found) < 2:
                continue
            lex = lexicon or default_lexicon()
            places = [trained_location(lex.normalize(part)) for part in found]
            live = functools.partial(_problem_there, found, lexicon)
            loc = problem_place(whole.location, places, live)
        except Exception:  # noqa: BLE001 - a parser bug must not drop a resident's message
            continue
        if loc is not whole.location:
            out[i] = _with_place(p, loc)
    return out


def _problem_there(found: Sequence[str], lexicon: Lexicon | None, k: int) -> bool:
    """Whether part k of a message names a problem that is still there (``RuleReading.problem_there``)."""
    return read_rules(found[k], lexicon).problem_there


def _said_of_part(
    text: str, plain: ParsedReport, rules: RuleReading, scores: Scores, model: Reader, lexicon: Lexicon | None
) -> ParsedReport:
    """``said`` for a text its writer says is a report. When the text was not asked about as a whole but one of its
    parts reads as a report (the question came from that part, ``_read_parts``), the part is what was confirmed: its
    kind, colour and place ("5号楼的停水恢复了，谢谢。另外7号楼电梯坏了" is building 7's lift), the whole's place when
    the part names none."""
    th = model.thresholds
    if not reads_parts(plain, th):
        return said(rules, scores, th)
    try:
        best = best_parts([text], model, lexicon, [rules])[0]
    except Exception:  # noqa: BLE001 - the whole message's reading stands
        best = None
    if best is None or not ask_on_part(plain, best.pair, th).ask:
        return said(rules, scores, th)
    part = best.rules if best.rules.location.evidence else dataclasses.replace(best.rules, location=rules.location)
    return said(part, best.scores, th)


def _read_parts(
    texts: Sequence[str],
    plain: list[ParsedReport],
    model: Reader,
    lexicon: Lexicon | None,
    wholes: Sequence[RuleReading | None],
) -> list[ParsedReport]:
    """The readings, each one that is neither a report nor asked read again part by part (``parser_parts``); on
    any failure there, the whole messages' readings stand."""
    todo = [i for i, p in enumerate(plain) if reads_parts(p, model.thresholds) and "error" not in p.reasons]
    if not todo:
        return plain
    try:
        best = best_parts([str(texts[i]) for i in todo], model, lexicon, [wholes[i] for i in todo])
    except Exception:  # noqa: BLE001 - a parser bug must not drop a resident's message
        return plain
    out = list(plain)
    for i, b in zip(todo, best, strict=True):
        out[i] = ask_on_part(plain[i], b.pair if b else None, model.thresholds)
    return out


@dataclass(frozen=True, slots=True)
class Part:
    """A message's part that names a problem, read alone (``best_parts``)."""

    rules: RuleReading
    scores: Scores

    @property
    def pair(self) -> tuple[float, float]:
        """(P(report), P(red)), as ``parser_parts.ask_on_part`` takes them."""
        return self.scores.report, self.scores.red


def best_parts(
    texts: Sequence[str],
    model: Reader,
    lexicon: Lexicon | None = None,
    wholes: Sequence[RuleReading | None] | None = None,
) -> list[Part | None]:
    """For each text, its part that names a problem and reads most like a report on its own; None for a text of one
    part, or whose parts name none (``_names_a_problem``). ``wholes``: the texts' own readings, when known: a text
    whose whole names no problem is not split (none of its parts names one either, on every line of the corpus and
    the final exams)."""
    owner: list[int] = []
    readings: list[RuleReading] = []
    for k, text in enumerate(texts):
        if wholes is not None and (wholes[k] is None or not _names_a_problem(wholes[k])):
            continue
        for part in parts(text):
            r = read_rules(part, lexicon)
            if _names_a_problem(r):
                owner.append(k)
                readings.append(r)
    best: list[Part | None] = [None] * len(texts)
    if not readings:
        return best
    msgs, rows = model.pairs([r.norm for r in readings], [r.tags() for r in readings])
    scores = model.scores_all(model.probabilities(model.logits_pairs(len(readings), msgs, rows)))
    for k, r, sc in zip(owner, readings, scores, strict=True):
        if (b := best[k]) is None or sc.report > b.scores.report:
            best[k] = Part(r, sc)
    return best


def part_scores(
    texts: Sequence[str],
    model: Reader,
    lexicon: Lexicon | None = None,
    wholes: Sequence[RuleReading | None] | None = None,
) -> list[tuple[float, float] | None]:
    """``best_parts`` as (P(report), P(red)) pairs (what the trainer keeps of each held-out line)."""
    return [b.pair if b else None for b in best_parts(texts, model, lexicon, wholes)]


def _error() -> ParsedReport:
    return ParsedReport(is_report=False, confidence=0.0, reasons=("error",))


def said(r: RuleReading, sc: Scores | None, th: dict[str, float]) -> ParsedReport:
    """A text the readers do not take for a report, though its writer said it is one ("Report it?" answered yes,
    /report; a text they do take is read as always): the kind the words name (a community word, the word lists),
    else other; red only on a hazard rule, a danger told as going on, or a red head that is sure (a yes to a vague
    message raises no alarm); the place from the rules, a bare place included."""
    s = r.signals
    named = {Category(c) for c in s.strong | s.weak}
    top = _CATEGORY[sc.top_category()] if sc is not None else None  # the model's, when the words name it too
    category = r.community_category or (top if top in named else None) or _category(s) or Category.OTHER
    sure = sc is not None and sc.red >= th.get("red_sure", 1.0)
    if r.hazard or r.danger_goes_on or sure:
        urgency = Urgency.RED
    else:  # never red here: _urgency is red only on a hazard or a danger going on, handled above
        urgency = _urgency(s, category, r.location)
    return _report(r, category, urgency, 1.0, ("said_report",), red_unsure=False)


def by_rules(r: RuleReading) -> ParsedReport:
    """The word lists alone (no model files): the reading before the learned heads existed."""
    s = r.signals
    confidence = _rule_confidence(r.score, bool(s.reasons))
    ask = confidence < CONFIRM_BELOW
    if r.score < REPORT_AT and not r.danger_goes_on:
        return ParsedReport(is_report=False, confidence=confidence, reasons=tuple(s.reasons), ask=ask)
    category = _category(s) or Category.OTHER
    urgency = _urgency(s, category, r.location)
    return _report(r, category, urgency, confidence, (), red_unsure=False, ask=ask and urgency is not Urgency.RED)


def decide(
    r: RuleReading, sc: Scores, th: dict[str, float], sure_hazards: frozenset[str] | None = None
) -> ParsedReport:
    """The learned heads' reading, with the rules' location and their floor for red.

    Report when P(report) reaches its threshold, or when P(red) is sure enough (a danger is a
    report whatever else the message says) unless P(report) is under ``not_report`` (the report head sure it is
    none: an all-clear, a joke); a little under the threshold, or a sure red the rules read as over or the report
    head doubts, the writer is asked (and, when P(red) reaches the red floor, the reading says ``maybe_danger``: a
    person checks it).
    Red when P(red) reaches the floor chosen for red recall on writers left out of training (their held-out
    predictions, so not unseen), or when a hazard rule fired that the corpus shows is red when it stands
    (``sure_hazards``; never demoted by the model alone; None: every hazard rule); a red the
    model is not sure of is marked ``red_unsure`` so the writer may say it is not urgent. Otherwise yellow when
    the urgency head leans to yellow and red ``yellow_ratio`` times as much as to green (or the category is at
    least yellow).
    """
    model_reasons = (f"model:report {sc.report:.2f}", f"model:red {sc.red:.2f}")
    certain = r.community_category  # the committee's own word: a report of that kind, whatever the model says
    goes_on = r.danger_goes_on  # "火已经灭了但是还有人困在里面": the model learned over words mean "no report"
    sure_red = sc.red >= th["red_sure"]
    danger = sure_red and _names_a_problem(r)
    # a sure red the report head is sure is no report ("刚才的火警铃是消防演练", "the man who fainted is fine now"):
    # asked, and a person checks it, rather than paged as red
    doubted = danger and sc.report < th.get("not_report", 0.0)
    is_report = sc.report >= th["report"] or (danger and not doubted) or certain is not None or goes_on
    over = is_report and certain is None and sc.report < th["report"] and r.signals.over_now()
    if over:
        is_report = False  # the danger is over ("已经救出来了", "false alarm"): an update, not a report (the guide)
    if certain is None and not goes_on and _place_only(r):  # "7号楼" (an answer to "您住几号楼?"): no problem named,
        return ParsedReport(is_report=False, confidence=0.9, reasons=(*model_reasons, "place_only"))  # nor asked
    confidence = round(max(sc.report, 1.0 - sc.report), 2)
    if not is_report:
        # close under the line: the writer is asked "Report it / Not a report"; when it may be a danger (P(red) at
        # the floor that keeps red recall), a person is asked to check it too, in case the writer never answers
        # a sure red the rules read as over is asked too: the rules can misread what is over ("一号电梯的人救出来了，
        # 二号电梯还关着一个人"), and a person should look before it is dropped; so is a sure red the report head doubts
        ask = sc.report >= th["report"] - th["ask_margin"] or over or doubted
        return ParsedReport(
            is_report=False,
            confidence=confidence,
            ask=ask,
            maybe_danger=ask and sc.red >= th["red_floor"],
            reasons=model_reasons + tuple(r.signals.reasons),
        )
    category = certain or _CATEGORY[sc.top_category()]
    red = sc.red >= th["red_floor"] or r.sure_hazard(sure_hazards) or goes_on
    if red:
        urgency = Urgency.RED
    elif (
        category in AT_LEAST_YELLOW
        or sc.urgency["yellow"] + sc.urgency["red"] >= th.get("yellow_ratio", 1.0) * sc.urgency["green"]
    ):
        urgency = Urgency.YELLOW
    else:
        urgency = Urgency.GREEN
    if sure_red:
        confidence = max(confidence, 0.99)  # a sure danger is never held back by a question
    return _report(r, category, urgency, confidence, model_reasons, red_unsure=red and not sure_red)


def _names_a_problem(r: RuleReading) -> bool:
    """The word lists found a problem, a danger or a person in danger: the red head's certainty alone does not make
    a report of a message that names none ("👍！", "Wow!": short cries the red head learned from "Fire!!")."""
    return bool(r.signals.strong or r.signals.weak or r.signals.tags & _PROBLEM_SIGNALS)


_PROBLEM_SIGNALS = frozenset({"red", "yellow", "trapped", "inside", "person", "person_alert", "outage", "nobody"})


def _place_only(r: RuleReading) -> bool:
    """The message names a place and nothing else (particles and punctuation aside): not a report by the guide,
    however often places come with problems in the corpus the model learned from."""
    if not r.location.evidence:
        return False
    rest = r.norm
    for found in r.location.evidence:
        rest = rest.replace(found, " ")
    return not _FILLER.sub("", rest)


def only_place(text: str, lexicon: Lexicon | None = None) -> Location | None:
    """The place a message names when it names a building and nothing else ("3号楼2单元", "在5号楼"): her answer
    to "where?"; None for anything more or less."""
    r = read_rules(text, lexicon)
    return r.location if r.location.building and _place_only(r) else None


_PLACE_REASON = "loc:"


def _place_reasons(loc: Location) -> tuple[str, ...]:
    """The place words read, as a reading's reasons ("loc:3号楼")."""
    return tuple(f"{_PLACE_REASON}{e}" for e in loc.evidence)


def _report(
    r: RuleReading,
    category: Category,
    urgency: Urgency,
    confidence: float,
    extra: tuple[str, ...],
    red_unsure: bool,
    ask: bool = False,
) -> ParsedReport:
    loc = r.location
    reasons = (_CATEGORY_REASON[category], _URGENCY_REASON[urgency], *extra, *r.signals.reasons)
    reasons += _place_reasons(loc)
    return ParsedReport(
        is_report=True,
        category=category,
        urgency=urgency,
        building=loc.building,
        unit=loc.unit,
        room=loc.room,
        confidence=confidence,
        reasons=reasons,
        red_unsure=red_unsure,
        ask=ask,
    )


def needs_confirmation(p: ParsedReport) -> bool:
    """True when the bot should ask the writer "Report it / Not a report" (never for a red report)."""
    return p.ask and p.urgency is not Urgency.RED
