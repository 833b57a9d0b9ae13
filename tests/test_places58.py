"""One way to write a place, and no raw coordinates where a person reads (places58).

Before: three helpers wrote a place (the event's texts, the digest's hot spots, the export's address), each its own
copy; a building named by a letter read "A号楼" ("A座" as the resident wrote it), and a pin on a worker's card was
"📍 位置：31.23040, 121.47370", two numbers as its link. Now ``bot/render/places`` writes them all, and a pin is a
short link that opens the map."""

from __future__ import annotations

from dataclasses import replace

import pytest
from harness import RunningBot, community, exchange, make_event
from ids import GROUP_A, RESIDENT, RESIDENT2, WANG
from test_digest_core import SH, digest

from bot.core.digest_types import HotSpot
from bot.core.types import Status
from bot.fakeapi import FakeTelegram
from bot.render import digest_text, export, messages, places

# building, unit, room → zh-Hans, zh-Hant, en: the old outputs where they were right, and the odd cases
PLACES = [
    (("3", "2", "302"), ("3号楼2单元302室", "3號樓2單元302室", "Bldg 3 Unit 2 Rm 302")),
    (("3", "2", None), ("3号楼2单元", "3號樓2單元", "Bldg 3 Unit 2")),
    (("3", None, "302"), ("3号楼302室", "3號樓302室", "Bldg 3 Rm 302")),  # a room, no unit
    ((None, None, "302"), ("302室", "302室", "Rm 302")),  # a room alone
    ((None, "2", None), ("2单元", "2單元", "Unit 2")),  # a unit, no building
    (("A", "1", None), ("A座1单元", "A座1單元", "Block A Unit 1")),  # a building named by a letter
    (("b", None, None), ("B座", "B座", "Block B")),
    (("12A", None, None), ("12A号楼", "12A號樓", "Bldg 12A")),  # a number with a letter is still a number
    (("5-2", None, "1203"), ("5-2号楼1203室", "5-2號樓1203室", "Bldg 5-2 Rm 1203")),
    (("<5>", None, None), ("&lt;5&gt;号楼", "&lt;5&gt;號樓", "Bldg &lt;5&gt;")),  # escaped, as every outside value
    ((None, None, None), ("未注明", "未註明", "Not given")),
]
LANGS = ("zh-Hans", "zh-Hant", "en")


@pytest.mark.parametrize(("where", "said"), PLACES)
def test_a_place_is_written_one_way_in_every_language(where: tuple, said: tuple) -> None:
    """The formatter over the odd cases, and the event's texts saying it the same."""
    building, unit, room = where
    for lang, expected in zip(LANGS, said, strict=True):
        assert places.label(lang, building, unit, room) == expected, lang
        ev = make_event(building=building, unit=unit, room=room)
        assert messages.location_label(lang, ev) == expected, lang


def test_the_digest_and_the_export_write_a_place_as_the_event_does() -> None:
    """A hot spot at 「A座1单元」 in the digest, and the Open311 export's postal address: its community and the
    place, in the committee's language (English: small to large)."""
    week = replace(digest(), hot_spots=[HotSpot("A", "1", "repair", 3), HotSpot("3", None, "noise", 4)])
    for lang, hot, other in (
        ("zh-Hans", "A座1单元 · 设施报修 ×3", "3号楼 · 噪音 ×4"),
        ("zh-Hant", "A座1單元 · 設施報修 ×3", "3號樓 · 噪音 ×4"),
        ("en", "Block A Unit 1 · Repairs ×3", "Bldg 3 · Noise ×4"),
    ):
        lines = digest_text.render(lang, week, SH).splitlines()
        assert hot in lines and other in lines, lines
    row = {
        "id": 1,
        "status": Status.DISPATCHED.value,
        "outcome": None,
        "outcome_note": None,
        "category": "repair",
        "text": "电梯坏了",
        "grid_id": "A",
        "created_at": 1_700_000_000,
        "accepted_at": None,
        "closed_at": None,
    }
    town = community()
    name = town.community.name
    for where, lang, expected in (
        (("3", "2", None), "zh-Hans", f"{name} 3号楼2单元"),  # as before
        (("A", None, "302"), "zh-Hant", f"{name} A座302室"),
        (("A", "2", "302"), "en", f"Block A Unit 2 Rm 302, {name}"),
        ((None, None, None), "en", name),
    ):
        place = dict(zip(("building", "unit", "room"), where, strict=True))
        [request] = export.open311([{**row, **place}], town, lang)
        assert request["address"] == expected


def link_to(message: dict, words: str) -> str | None:
    """The address the text link reading ``words`` in a message opens (Telegram counts in UTF-16 code units)."""
    text = (message.get("text") or "").encode("utf-16-le")
    for e in message.get("entities") or []:
        shown = text[2 * e["offset"] : 2 * (e["offset"] + e["length"])].decode("utf-16-le")
        if e["type"] == "text_link" and shown == words:
            return e["url"]
    return None


@pytest.mark.parametrize(
    ("lang", "report", "card", "tap", "where"),
    [
        ("zh-hans", "5号楼门口井盖没了", "新事件 #1", "在地图上查看", "位置：5号楼"),
        ("en", "The manhole cover outside block A is gone", "#1", "see it on a map", "Where: Block A"),
    ],
)
async def test_a_pin_on_the_workers_card_is_a_tap_that_opens_the_map_and_never_numbers(
    running: RunningBot, lang: str, report: str, card: str, tap: str, where: str
) -> None:
    """A neighbour's pin sent under the acknowledgement: the worker's card reads "📍 收到定位：在地图上查看", a link to
    the map at the pin, no numbers; the group, where every neighbour reads, never shows the resident's coordinates
    (nor did it before: "📍 已把位置加到 #1" names none)."""
    fake: FakeTelegram = running.fake
    fake.user(WANG, "王师傅", language_code=lang)
    fake.user(RESIDENT, "刘阿姨", language_code=lang)
    fake.user_starts_bot(WANG, send_start=True)  # his /start: the bot knows his language
    await running.settle()
    ack = await exchange(fake, GROUP_A, RESIDENT, report, "#1")
    await fake.wait_for(lambda: fake.find_message(WANG, card))
    await running.settle()
    fake.send_message(
        GROUP_A,
        RESIDENT2,
        reply_to_message_id=ack["message_id"],
        extra={"location": {"latitude": 31.2304, "longitude": 121.4737}},
    )
    dm = await fake.wait_for(lambda: next((m for m in fake.messages(WANG) if link_to(m, tap)), None))
    assert card in dm["text"] and where in dm["text"], dm["text"]
    assert "mlat=31.230400&mlon=121.473700" in (link_to(dm, tap) or "")
    await running.settle()
    for m in [*fake.messages(WANG), *fake.messages(GROUP_A)]:
        seen = (m.get("text") or "") + (m.get("caption") or "")
        assert "31.23" not in seen and "121.47" not in seen, seen
    for m in fake.messages(GROUP_A):  # no link to her pin in the group either
        assert not any("mlat" in (e.get("url") or "") for e in m.get("entities") or []), m
