"""Pure rules of committee review 57: when someone next comes on duty for an event nobody is on duty for
(``routing.next_shift``, which a yellow waits for with the committee told), and whether staff's words name the event's
worker (``committee_words.names_worker``)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from harness import COMMUNITY_TOML, toml_tables
from ids import START, WANG

from bot.core import routing
from bot.core.callbacks import Action, Callback
from bot.core.committee_words import names_worker
from bot.core.community_file import parse_community
from bot.core.types import Category, Urgency
from bot.services.assign_buttons import LIST_SHOWN

DAYTIME = parse_community(
    COMMUNITY_TOML.split("[[shifts]]")[0]
    + toml_tables(
        "shifts", {"worker": WANG, "grid": "A", "days": "mon-fri", "start": "08:30", "end": "17:30", "role": "primary"}
    ),
    "t",
)


def test_the_next_shift_is_found_for_any_colour_but_only_a_green_waits_quietly() -> None:
    night = START + timedelta(hours=12)  # Monday 22:00
    found = routing.next_shift(DAYTIME, Category.REPAIR, "A", night)
    assert found is not None and found.astimezone(DAYTIME.tz).strftime("%a %H:%M") == "Tue 08:30"
    assert routing.waits_for_shift(DAYTIME, Category.REPAIR, "A", Urgency.YELLOW, night) is None
    assert routing.waits_for_shift(DAYTIME, Category.REPAIR, "A", Urgency.GREEN, night) == found
    assert routing.next_shift(DAYTIME, Category.REPAIR, "A", START) is None  # Monday 10:00: on duty


@pytest.mark.parametrize(
    ("words", "name"),
    [
        ("王师傅修好了吗？", "王强"),
        ("老王到了没", "王强"),
        ("小王去了吗", "王强"),
        ("王强处理了吗", "王强"),
        ("小李到了没", "李姐"),
        ("老王修好了吗", "王师傅"),
        ("has Tom fixed it?", "Tom Chen"),
    ],
)
def test_words_naming_the_worker_as_staff_call_him(words: str, name: str) -> None:
    assert names_worker(words, name)


@pytest.mark.parametrize(
    ("words", "name"),
    [("谁在处理？", "王强"), ("李姐去了吗", "王强"), ("施工队来了吗", "王强"), ("tomorrow?", "Tom Chen")],
)
def test_words_naming_no_one_or_someone_else(words: str, name: str) -> None:
    assert not names_worker(words, name)


def test_a_list_s_send_to_button_fits_telegram_s_limits() -> None:
    """A list's "#N 派给…" (an ASSIGN with no worker), with the largest event number and tag, within 64 bytes; at most
    ten of them under a list, within Telegram's 100 buttons."""
    assert len(Callback(Action.ASSIGN, 10**12 - 1, None, "zzzzzz").encode().encode()) <= 64
    assert LIST_SHOWN <= 100
