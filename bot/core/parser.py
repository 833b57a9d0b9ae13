"""Resident message -> ParsedReport: is it a report, what kind, how urgent, where.

Pure and fast: one normalisation pass, one pass of the lexicon matcher, one pass of the
location matcher, then a few additions. The word lists live in ``bot/lexicon/*.toml``
(see docs/parser.md); the rules below follow shared/data/LABELING.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from bot.core.parser_lexicon import CATEGORIES, Lexicon, Match, default_lexicon
from bot.core.parser_location import Location, extract_location
from bot.core.parser_model import default_model, features
from bot.core.types import Category, ParsedReport, Urgency

MAX_CHARS = 4096 * 4  # longer input is cut: Telegram messages are at most 4096 characters
REPORT_AT = 1.5  # score from which a message is a report
CONFIRM_BELOW = 0.7
MAX_MATCHES = 400  # enough words to decide; stops pathological input ("又又又...") from costing more
MAX_REASONS = 24  # confidence under which the bot asks "Report it / Not a report"
AT_LEAST_YELLOW = frozenset({Category.SAFETY, Category.SECURITY, Category.DISPUTE})
# "又脏又乱", "又臭又脏": "both ... and ...", not "again"
_BOTH_AND = re.compile(r"又[^\W\d又]又")
# "是水管还是暖气": "还是" meaning "or", not "still": "是" (or "不知道") earlier in the same clause
_OR_CLAUSE = re.compile(r"(?:是|不知道|不清楚)[^,.!?;:~\n]*$")
_OR_LOOKBACK = 24  # characters looked at before "还是"
# Learned fallback (bot/core/parser_model.py, docs/parser.md): consulted only where the word lists are unsure.
MODEL_BAND = 1.0  # a non-report scoring within this much under REPORT_AT (or with no word at all) is unsure
MODEL_REPORT_AT = 0.999  # ... and becomes a report when the model is at least this sure (chosen by 5-fold CV)
MODEL_CONFIDENCE = 0.6  # below CONFIRM_BELOW: the bot asks the writer to confirm a model-made report
# words that rule a message out whatever the model says (an ad, a thank-you, "fixed now", a notice)
_MODEL_VETO = frozenset({"ad", "thanks", "notice", "greeting", "chat", "future", "info"})


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
        "masked",
        "_norm",
        "_both_and",
    )

    def __init__(self, matches: Iterable[Match], norm: str = "") -> None:
        self.strong: set[str] = set()
        self.weak: set[str] = set()
        self.tags: set[str] = set()
        self.reasons: dict[str, None] = {}  # ordered, without repeats
        self.nobody_starts: list[int] = []
        self.short_ends: list[int] = []
        self.problems = 0
        self.notices = 0
        self.last_recur = self.last_resolved = -1
        self.masked = False  # a word the lists know is harmless ("猫走丢", "fire drill"): vetoes the model
        self._norm = norm
        self._both_and: set[int] | None = None
        for i, m in enumerate(matches):
            if i >= MAX_MATCHES:
                break
            self._add(m)

    def _add(self, m: Match) -> None:
        if "signal.mask" in m.tags:
            self.masked = True
            return
        problem = False
        for tag in m.tags:
            kind, name = _split(tag)
            if kind == "category":
                problem = True
                if name.endswith("_weak"):
                    self.weak.add(name[:-5])
                else:
                    self.strong.add(name)
            else:
                if name == "recur" and not self._recurs(m):
                    continue
                self.tags.add(name)
                if name == "recur":
                    self.last_recur = m.start
                elif name == "resolved":
                    self.last_resolved = m.start
                elif name == "notice":
                    self.notices += 1
                elif name == "nobody":
                    self.nobody_starts.append(m.start)
                elif name == "short":
                    self.short_ends.append(m.end)
            if len(self.reasons) < MAX_REASONS:
                self.reasons[f"{name}:{m.word}"] = None
        self.problems += problem

    def _recurs(self, m: Match) -> bool:
        """'又' and '还是' say "again / still", except in "又脏又乱" (both ... and) and "是A还是B" (or)."""
        if m.word == "又":
            if self._both_and is None:
                self._both_and = {i for b in _BOTH_AND.finditer(self._norm) for i in (b.start(), b.end() - 1)}
            return m.start not in self._both_and
        if m.word == "还是":
            return _OR_CLAUSE.search(self._norm, max(0, m.start - _OR_LOOKBACK), m.start) is None
        return True

    def fixed_now(self) -> bool:
        """A "fixed" word after the last "again" word: "又坏的问题…目前正常" is fixed,
        "修好了没两天又坏了" is not."""
        return self.last_resolved > self.last_recur

    def has(self, name: str) -> bool:
        return name in self.tags

    def nobody(self) -> bool:
        """'没人管' counts, but not '两天没人清' (a short time, not a complaint)."""
        return any(all(not 0 <= s - e <= 1 for e in self.short_ends) for s in self.nobody_starts)


@lru_cache(maxsize=256)
def _split(tag: str) -> tuple[str, str]:
    kind, _, name = tag.partition(".")
    return kind, name


def _category(s: _Signals) -> Category | None:
    for pool in (s.strong, s.weak):
        for name in CATEGORIES:
            if name in pool:
                return Category(name)
    return None


def _score(s: _Signals) -> float:
    strength = 2.0 if s.strong else 1.0 if s.weak else 0.0
    pos = strength + (0.5 if s.problems >= 2 else 0.0)
    if s.has("intent") or (s.has("red") and not strength):
        pos += 1.0
    if strength:
        pos += 1.0 if s.has("recur") or s.has("nobody") else 0.0
        pos += 0.5 if s.has("long") else 0.0
        pos += 1.0 if s.has("red") else 0.0
    neg = 0.0
    if s.has("thanks"):
        neg += 1.0 if s.strong else 2.0
    if s.has("resolved") and s.fixed_now():
        neg += 3.0
    if s.has("greeting") or s.has("chat"):
        neg += 0.5 if s.strong else 2.0
    neg += 1.5 * min(s.notices, 2)
    asks = s.has("question") or s.has("info")
    if s.has("future"):
        neg += 2.5 if asks or s.has("notice") else 0.5
    if s.has("question") and not s.has("intent") and not s.has("red"):
        neg += 1.0
    if s.has("info"):
        neg += 0.5 if s.has("red") and strength else 2.0  # "有没有人看到…走丢了" is an appeal
    if s.has("ad"):
        neg += 3.0
    return pos - neg


def _urgency(s: _Signals, category: Category, loc: Location) -> Urgency:
    if s.has("red") and not s.has("over"):
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


def _confidence(score: float, any_signal: bool) -> float:
    if not any_signal:
        return 0.97
    if score >= REPORT_AT:
        return round(min(0.99, 0.5 + 0.2 * (score - 1.0)), 2)
    return round(min(0.99, 0.5 + 0.2 * (REPORT_AT - score)), 2)


def parse(text: str, lang: str | None = None, lexicon: Lexicon | None = None) -> ParsedReport:
    """Read one resident message. Never raises; ``lang`` is a hint only (all lists apply)."""
    try:
        return _parse(text if isinstance(text, str) else str(text), lexicon or default_lexicon())
    except Exception:  # noqa: BLE001 - a parser bug must not drop a resident's message
        return ParsedReport(is_report=False, confidence=0.0, reasons=("error",))


def _parse(text: str, lex: Lexicon) -> ParsedReport:
    norm = lex.normalize(text[:MAX_CHARS])
    s = _Signals(lex.find(norm), norm)
    if s.has("person_alert") and s.has("person"):
        s.strong.add("care")
        s.tags.add("red")
        s.problems += 1
    if s.has("inside") and "repair" in s.strong:  # "电梯卡住了，里面有人": someone trapped
        s.strong.add("safety")
        s.tags.add("red")
        s.tags.add("trapped")
    if s.has("trapped") and s.has("person") and s.has("red"):  # a child or an elderly person trapped: care first
        s.strong.add("care")
    score = _score(s)
    confidence = _confidence(score, bool(s.reasons))
    if score < REPORT_AT:
        model = default_model() if _model_may_report(s, score) else None
        p_report = model.p_report(features(norm)) if model is not None else 0.0
        if p_report < MODEL_REPORT_AT:
            return ParsedReport(is_report=False, confidence=confidence, reasons=tuple(s.reasons))
        confidence = MODEL_CONFIDENCE
        s.reasons[f"model:report {p_report:.2f}"] = None
    category = _category(s) or Category.OTHER
    loc = extract_location(norm)
    urgency = _urgency(s, category, loc)
    reasons = (f"category:{category.value}", f"urgency:{urgency.value}", *s.reasons)
    reasons += tuple(f"loc:{e}" for e in loc.evidence)
    return ParsedReport(
        is_report=True,
        category=category,
        urgency=urgency,
        building=loc.building,
        unit=loc.unit,
        room=loc.room,
        confidence=confidence,
        reasons=reasons,
    )


def _model_may_report(s: _Signals, score: float) -> bool:
    """The word lists are unsure: close under the line, or no word at all; no word that rules it out."""
    if s.masked:
        return False
    if not s.reasons:
        return True
    return score >= REPORT_AT - MODEL_BAND and not (s.tags & _MODEL_VETO) and not (s.has("resolved") and s.fixed_now())


def needs_confirmation(p: ParsedReport) -> bool:
    """True when the bot should ask the writer "Report it / Not a report"."""
    return p.confidence < CONFIRM_BELOW
