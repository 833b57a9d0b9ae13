"""Escaping in one place: every locale string and renderer with hostile values still parses as Telegram HTML
and holds no link the bot did not build."""

from __future__ import annotations

import re
import string
from datetime import UTC, datetime
from pathlib import Path

import pytest
from harness import make_event

from bot.core.scrub import scrub
from bot.core.types import Event, Outcome, Status, Urgency
from bot.fakeapi.markup import parse_html
from bot.render import i18n, messages, reports
from bot.render.i18n import Html, esc, join, plain, t

ROOT = Path(__file__).resolve().parent.parent
LINK = '<a href="http://x">x</a>'
HOSTILE = ["<", "&", LINK, "</b>", ('<a href="http://x">&amp;</b>' * 200)[:4096]]
PLAIN_PREFIXES = ("cb.", "cmd.", "btn.", "chart.", "urgency.", "digest.caption", "ask.placeholder")
HREF = re.compile(r'href="\{[a-z_]+\}"')


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


def foreign_links(entities: list[dict]) -> list[dict]:
    """Live links to where a hostile value points (the bot's own links are counted apart)."""
    return [e for e in entities if e["type"] == "text_link" and e.get("url", "").startswith("http://x")]


def links(entities: list[dict]) -> list[dict]:
    return [e for e in entities if e["type"] in ("text_link", "text_mention")]


CASES = [(lang, key) for lang in i18n.LANGUAGES for key in i18n.catalogue(lang)]


@pytest.mark.parametrize("hostile", HOSTILE, ids=["lt", "amp", "link", "close-b", "4096"])
def test_every_locale_string_with_hostile_values(hostile: str) -> None:
    """Each string of each language, every placeholder filled with the same hostile value."""
    for lang, key in CASES:
        template = i18n.catalogue(lang)[key]
        text = t(lang, key, **{p: hostile for p in placeholders(template)})
        shown, entities = parse_html(text)  # raises "can't parse entities" like Telegram would
        assert not foreign_links(entities), (lang, key)
        assert len(links(entities)) <= template.count("<a "), (lang, key)
        if placeholders(HREF.sub("", template)):
            assert hostile in shown, (lang, key)  # escaped, not lost: the reader sees what was written


def test_plain_surfaces_carry_no_markup() -> None:
    """Callback answers, menus, buttons and chart labels are plain text: their strings hold no HTML."""
    for lang in i18n.LANGUAGES:
        for key, text in i18n.catalogue(lang).items():
            if key.startswith(PLAIN_PREFIXES):
                assert "<" not in text and "&" not in text, (lang, key)


def test_plain_keeps_values_as_they_are_and_t_escapes_them() -> None:
    assert plain("en", "btn.split", name="<b>&") == "✂️ Split out: <b>&"
    assert t("en", "ack.note", note="水压<0.1 & more") == "Note: 水压&lt;0.1 &amp; more"
    assert t("en", "ack.note", note=Html("<b>x</b>")) == "Note: <b>x</b>"
    withdrawn = t("en", "ack.cancelled")
    assert t("en", "ack.note", note=withdrawn) == f"Note: {withdrawn}"  # nested t() is trusted
    assert t("en", "dm.affected", n=3) == "👥 3 residents affected"
    assert join(["<", Html("<b>b</b>")], " & ") == "&lt; &amp; <b>b</b>"


def test_escaping_lives_in_one_place() -> None:
    """bot/ and handlers/ escape only via render/i18n.py (the fake API plays Telegram; scrub finds escaped names)."""
    allowed = {ROOT / "bot" / "render" / "i18n.py", ROOT / "bot" / "core" / "scrub.py"}
    found = []
    for folder in ("bot", "handlers"):
        for path in (ROOT / folder).rglob("*.py"):
            if path in allowed or "fakeapi" in path.parts:
                continue
            source = path.read_text(encoding="utf-8")
            if re.search(r"from html import escape|html\.escape\(", source):
                found.append(str(path.relative_to(ROOT)))
    assert not found, f"escape through bot.render.i18n.esc / t(), not html.escape: {found}"


def test_forget_me_finds_names_as_the_helper_escapes_them() -> None:
    name = '<a href="x">Tom & Jerry</a>'
    assert name not in scrub(t("en", "post.by", name=name), [name], [])
    assert esc(name) not in scrub(t("en", "post.by", name=name), [name], [])


def event(**kw: object) -> Event:
    return make_event(
        **dict(
            message_id=5,
            reporter_id=1,
            id=7,
            reporter_name=LINK,
            text="水压<0.1 " + LINK,
            urgency=Urgency.RED,
            status=Status.CLOSED,
            building="</b>3",
            unit="<i>",
            room="&",
            assignee_id=2,
            created_at=datetime(2026, 11, 23, tzinfo=UTC),
            outcome=Outcome.CANNOT_FIX,
            outcome_note="水压<0.1 " + LINK,
        )
        | kw
    )


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_renderers_with_hostile_values(lang: str) -> None:
    ev = event()
    extras = reports.DmExtras(3, tuple(reports.Merged(i, LINK, "</b>" + LINK) for i in range(3)), 1, (31.2, 121.4))
    texts = [
        messages.ack_text(lang, ev, "<b>王"),
        messages.ack_text(lang, event(status=Status.ACCEPTED), LINK),
        messages.worker_text(lang, ev, LINK, "</i>", t(lang, "dm.state.accepted", worker="<"), extras),
        reports.group_post_text(lang, ev, LINK, messages.location_label(lang, ev)),
        join(
            (
                messages.mention(1, "</a><b>"),
                t(lang, "reporter.closed.cannot_fix", id=7, outcome="x", note=ev.outcome_note),
            ),
            " ",
        ),
    ]
    for text in texts:
        shown, entities = parse_html(text)
        assert not foreign_links(entities)
    assert "水压<0.1 " + LINK in parse_html(texts[0])[0]  # the close note, as the worker wrote it
    assert "</i> · " + LINK in parse_html(texts[2])[0]  # the reporter and the group title
    shown, entities = parse_html(texts[-1])
    assert [e["type"] for e in links(entities)] == ["text_mention"] and shown.startswith("</a><b>")


def test_button_labels_are_plain() -> None:
    rows = reports.split_rows("en", (reports.Merged(1, "<b>&amp;", "x"),))
    assert rows[0][0]["text"] == "✂️ Split out: <b>&amp;"
