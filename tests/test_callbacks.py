"""The callback codec: round trips, 64-byte limit, forged data refused."""

import pytest

from bot.core.callbacks import MAX_BYTES, Action, Callback, decode, encode
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
    ],
)
def test_malformed_or_forged_data_is_refused(data: str | None) -> None:
    assert decode(data) is None


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
                assert b["text"]
        assert sum(len(row) for row in kb["inline_keyboard"]) <= 100


def test_every_button_action_has_a_use_case() -> None:
    from handlers.callbacks import ROUTES

    assert set(ROUTES) == set(Action)
