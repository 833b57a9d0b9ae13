"""The callback codec: round trips, 64-byte limit, forged data refused; the database's tag stamped in."""

import pytest

from bot.core.callbacks import (
    MAX_BYTES,
    PATTERN,
    TAG_BITS,
    Action,
    Callback,
    decode,
    encode,
    id_arg,
    stamp,
    stamp_markup,
    tag_text,
)
from bot.render import messages, rota
from bot.render.i18n import LANGUAGES


@pytest.mark.parametrize("action", list(Action))
def test_round_trip_with_the_largest_id(action: Action) -> None:
    data = encode(action, 999_999_999_999)
    assert len(data.encode()) <= MAX_BYTES
    assert decode(data) == Callback(action, 999_999_999_999)


def test_round_trip_with_an_argument() -> None:
    assert decode(encode(Action.RATE, 7, "s1")) == Callback(Action.RATE, 7, "s1")


@pytest.mark.parametrize(
    "data",
    [
        None,
        "",
        "v1",
        "v1:acc",
        "v1:acc:",
        "v1:acc:x",
        "v2:acc:1",
        "v1:zzz:1",
        "v1:acc:1:",
        "v1:acc:-1",
        "v1:acc:1:" + "a" * 80,
        "x" * 65,
        "v1:acc:1\n",
        "v1:ACC:1",
        "v1:acc:１",
        "v2:acc:1",
        "v2::acc:1",
        "v2:abcdefg:acc:1",
        "v2:AB:acc:1",
        "v2:ab:acc:1:",
        "v1:ab:acc:1",
    ],
)
def test_malformed_or_forged_data_is_refused(data: str | None) -> None:
    assert decode(data) is None


LARGEST_TAG = tag_text(2**TAG_BITS - 1)


def test_a_tag_is_six_characters_at_most() -> None:
    assert (tag_text(0), len(LARGEST_TAG)) == ("0", 6)
    with pytest.raises(ValueError):
        tag_text(2**TAG_BITS)


@pytest.mark.parametrize("action", list(Action))
def test_stamped_data_round_trips_with_the_largest_id_tag_and_argument(action: Action) -> None:
    arg = id_arg(2**52)  # the longest argument a button carries (a Telegram id)
    data = stamp(encode(action, 999_999_999_999, arg), LARGEST_TAG)
    assert data.startswith("v2:") and len(data.encode()) <= 40 <= MAX_BYTES
    assert decode(data) == Callback(action, 999_999_999_999, arg, LARGEST_TAG)
    assert stamp(data, "other") == data  # stamped once: another sender keeps the first tag


def test_untagged_data_decodes_without_a_tag_and_both_reach_the_handler() -> None:
    import re

    assert decode("v1:acc:7") == Callback(Action.ACCEPT, 7) and decode("v1:acc:7").tag is None  # type: ignore[union-attr]
    assert decode("v2:k3x9:acc:7") == Callback(Action.ACCEPT, 7, None, "k3x9")
    assert all(re.match(PATTERN, d) for d in ("v1:acc:7", "v2:k3x9:acc:7"))


def test_stamp_markup_stamps_callback_buttons_only() -> None:
    markup = {
        "inline_keyboard": [
            [{"text": "a", "callback_data": "v1:acc:1"}, {"text": "b", "url": "https://example.org"}],
            [{"text": "c", "callback_data": "v1:rt:2:s1"}],
        ]
    }
    assert stamp_markup(markup, "ab") == {
        "inline_keyboard": [
            [{"text": "a", "callback_data": "v2:ab:acc:1"}, {"text": "b", "url": "https://example.org"}],
            [{"text": "c", "callback_data": "v2:ab:rt:2:s1"}],
        ]
    }
    assert markup["inline_keyboard"][0][0]["callback_data"] == "v1:acc:1"  # the stored payload is left as it was
    assert stamp_markup({"inline_keyboard": []}, "ab") == {"inline_keyboard": []}
    assert stamp_markup({"force_reply": True}, "ab") == {"force_reply": True}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_keyboard_fits_telegram_limits(lang: str) -> None:
    big = 999_999_999_999
    for kb in (
        messages.dispatched_keyboard(lang, big),
        messages.accepted_keyboard(lang, big),
        messages.close_keyboard(lang, big),
        messages.confirm_keyboard(lang, big),
        rota.page_keyboard(lang, big - 1, big, 99_999_999),
        messages.show_keyboard(lang, [big - i for i in range(200)]),
    ):
        assert kb["inline_keyboard"] and all(kb["inline_keyboard"])  # buttons to check: the loop below cannot be empty
        for row in kb["inline_keyboard"]:
            for b in row:
                assert 0 < len(b["callback_data"].encode()) <= 64
                assert decode(b["callback_data"]) is not None
                sent = stamp(b["callback_data"], LARGEST_TAG)  # as the sender sends it
                assert len(sent.encode()) <= 64 and decode(sent) is not None
                assert b["text"]
        assert sum(len(row) for row in kb["inline_keyboard"]) <= 100


def test_every_button_action_has_a_use_case() -> None:
    from handlers.callbacks import ROUTES

    assert set(ROUTES) == set(Action)
