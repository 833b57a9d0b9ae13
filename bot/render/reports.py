"""Texts and keyboards of merged reports, photos, pins, anonymous reports and reports registered late (plain Bot API
payloads)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.core import lateness
from bot.core.callbacks import Action, encode
from bot.core.types import Event
from bot.render import places
from bot.render.i18n import Html, Waited, join, plain, t

SNIPPET = 18
NAME_CHARS = 24  # a merged reporter's name in the worker's DM
MERGED_SHOWN = 20  # merged reports listed (and split buttons) in a worker's DM; the rest are counted


def late_lines(lang: str, ev: Event, key: str) -> list[Html]:
    """The line ``key`` saying how long after its words were sent the event was registered (in hours or days
    past two hours, as a wait is told), for one
    registered late (``core.lateness``); none for one on time."""
    if ev.written_at is None:
        return []
    return [t(lang, key, late=Waited(lateness.minutes_late(ev.written_at, ev.created_at)))]


@dataclass(frozen=True, slots=True)
class Merged:
    """One report merged into an event: its event_reporters row, who, what."""

    row_id: int
    name: str
    text: str
    anonymous: bool = False  # made anonymously (a duplicate's report that joined this event): not to be named


@dataclass(frozen=True, slots=True)
class DmExtras:
    """What a worker's DM shows beyond the event itself."""

    affected: int = 1
    merged: tuple[Merged, ...] = ()
    photos: int = 0  # photos and images sent as files
    location: tuple[float, float] | None = None
    videos: int = 0
    reachable: bool = False  # the reporter's name links to her: a private report she did not ask to keep anonymous
    whole: str | None = None  # a further problem of a message (``core.several``): the whole message, for context
    own: str | None = None  # a message cut into problems, at its own event: its first problem's words


# a letter or digit of a word written with spaces between words (English): never cut inside one; Chinese, Japanese
# and Korean characters are words of their own, cut anywhere
_SPACED = re.compile(r"[^\W\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")


def snippet(text: str, limit: int = SNIPPET) -> str:
    """A report's first words on one line, at most ``limit`` characters with the "…" that says more follows: the
    one shortening every list line and preview uses. Chinese is cut by characters; English at a word's end (a
    single word longer than the room is cut within it)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = limit - 1
    if _SPACED.match(text[cut]) and _SPACED.match(text[cut - 1]):  # the cut falls inside an English word
        space = text.rfind(" ", 0, cut)
        cut = space if space > 0 else cut
    return text[:cut].rstrip(" ,.;:!?，、") + "…"


def extras_lines(lang: str, ev: Event, x: DmExtras) -> list[Html]:
    """Lines for the worker: residents affected, merged reports (the first few), photos, the pin, anonymity."""
    lines = []
    if ev.anonymous:
        lines.append(t(lang, "dm.anonymous"))
    elif any(m.anonymous for m in x.merged):
        lines.append(t(lang, "dm.anonymous_merged"))
    if x.affected > 1:
        lines.append(t(lang, "dm.affected", n=x.affected))
    for m in x.merged[:MERGED_SHOWN]:
        key = "dm.merged_line_anon" if m.anonymous else "dm.merged_line"
        lines.append(t(lang, key, name=snippet(m.name, NAME_CHARS), text=snippet(m.text)))
    if len(x.merged) > MERGED_SHOWN:
        lines.append(t(lang, "fit.more", n=len(x.merged) - MERGED_SHOWN))
    if x.photos:
        lines.append(t(lang, "dm.photos", n=x.photos))
    if x.videos:
        lines.append(t(lang, "dm.videos", n=x.videos))
    if x.location:
        lines.append(places.pin(lang, *x.location))  # a tap that opens the map, never two numbers
    return lines


def split_rows(lang: str, merged: tuple[Merged, ...]) -> list[list[dict]]:
    """A "split out" button per merged report listed in the DM (for the worker handling the event)."""
    return [
        [{"text": plain(lang, "btn.split", name=snippet(m.name, 12)), "callback_data": encode(Action.SPLIT, m.row_id)}]
        for m in merged[:MERGED_SHOWN]
    ]


def post_choice_keyboard(lang: str, event_id: int, named: bool = True) -> dict:
    """After a private report: post in the group with my name (unless not ``named``) / anonymously / not at all (big
    buttons)."""
    rows = [("btn.post_named", "n")] if named else []
    rows += [("btn.post_anon", "a"), ("btn.post_none", "x")]
    return {
        "inline_keyboard": [
            [{"text": plain(lang, key), "callback_data": encode(Action.POST, event_id, code)}] for key, code in rows
        ]
    }


def skip_photo_keyboard(lang: str, event_id: int) -> dict:
    """The worker may skip the "after" photo."""
    return {
        "inline_keyboard": [
            [{"text": plain(lang, "btn.skip_photo"), "callback_data": encode(Action.SKIP_PHOTO, event_id)}]
        ]
    }


def group_post_text(lang: str, ev: Event, reporter: str | None, location: str, state: Sequence[str] = ()) -> Html:
    """The group notice of a privately reported event; no name (and no words) when anonymous; ``state``: where it
    stands (``messages.state_lines``), kept up to date like an acknowledgement."""
    lines = [
        t(lang, "post.head", id=ev.id),
        t(lang, "ack.category", category=t(lang, f"category.{ev.category.value}")),
        t(lang, "ack.location", location=location),
    ]
    if reporter is None:
        lines.append(t(lang, "post.anonymous"))
    else:
        lines.append(t(lang, "dm.text", text=snippet(ev.text, 200)))
        lines.append(t(lang, "post.by", name=reporter))
    return join([*lines, *state])
