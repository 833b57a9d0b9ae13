"""The one callback-data codec: short, versioned, and never trusted for identity.

Format: ``v1:<action>:<id>[:<arg>]`` such as ``v1:acc:42``, as the keyboards are built; the sender stamps every button
it sends with its database's tag, ``v2:<tag>:<action>:<id>[:<arg>]`` (``stamp``), so a press on a card another
database sent (a second copy of the bot on the token, a restored backup) is told from one of this database's own
(``services.button_origin``). Telegram allows at most 64 bytes: the longest, ``v2:`` + a 6-character tag + ``:asg:``
+ 12 digits + ``:`` + an 11-character ``id_arg``, is 38.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

PREFIX = "v1"
TAGGED = "v2"  # v1 with the sending database's tag after it
MAX_BYTES = 64
PATTERN = r"^v[12]:"
TAG_BITS = 31  # a tag is a number below 2**31 (storage/migrations/032_button_tag.sql): 6 characters in base 36


class Action(StrEnum):
    """What a button does."""

    ACCEPT = "acc"
    HAND_BACK = "hb"  # id: an event; arg ANSWERED: the button under the answer to his "今天去不了" (gone once pressed)
    CLOSE = "cls"
    CLOSE_FIXED = "fix"
    CLOSE_CANNOT = "nfx"
    CLOSE_REFERRED = "ref"
    CLOSE_DUPLICATE = "dup"
    CLOSE_NOTHING_FOUND = "nf"  # the worker went and found no such problem
    CLOSE_BACK = "bk"
    CONFIRM_YES = "cy"
    CONFIRM_NO = "cn"
    RATE = "rt"
    SPLIT = "spl"  # id: an event_reporters row merged by mistake
    POST = "pst"  # id: an event reported in private; arg n (named) | a (anonymous) | x (don't post)
    SKIP_PHOTO = "skp"  # id: the event a worker was asked an "after" photo for
    NOT_URGENT = "nu"  # id: an event read as red without certainty; only its writer may press
    ROTA_PAGE = "rp"  # id: a page of the /rota week; arg: the unit's index when one grid or team was asked
    BIND = "bnd"  # id: a waiting group's row; arg: the index of the grid to bind it to (admins only)
    LEAVE = "lv"  # id: a waiting group's row the bot is to leave: not the community's (admins only)
    SHOW = "shw"  # id: an event listed in a worker's list of events waiting: its message sent again, with buttons
    REOPEN = "ro"  # id: an event residents still say is not solved, held closed: the committee opens it (admins only)
    CLOSE_WITHDRAWN = "wdr"  # id: an accepted event its reporter took back; its worker closes it as withdrawn
    ASSIGN = "asg"  # id: a waiting event the committee was asked to arrange; arg: the worker's id (id_arg), admins only
    FORGET = "fgt"  # id: the person whose /forget_me it confirms; only they may press
    UNDO_ACCEPT = "un"  # id: an event just accepted; only who accepted it, within accept_undo.UNDO_WITHIN
    PASS_VOICE = "vc"  # id: a resident's voice message kept (voice_notes); only its sender may press
    PASS_QUESTION = "qs"  # id: a resident's question kept (questions); only its asker may press
    WHICH_PART = "wp"  # id: a problem of her message cut into several; arg: the log line of her words kept (id_arg)
    SAY_IN_GROUP = "sg"  # id: a group's event; arg: the log line of its worker's words kept (id_arg); only he may press
    LOWER_RED = "lwr"  # id: a red a neighbour says is over; staff (workers, admins) lower it to yellow
    HER_OVER = "ovr"  # id: a red a neighbour says is over; only its reporter may press: it is over, yellow
    MINE_TOO = "mt"  # id: one of the reports a neighbour's bare "mine too" may be about; arg: his id (id_arg), only he
    RED_WHICH = (
        "rw"  # id: one of the reds a neighbour's news may be about; arg: the log line of his words kept (id_arg)
    )


ANSWERED = "a"  # a HAND_BACK button's argument under a typed answer, not on the card

_ARG = re.compile(r"[a-z0-9]{1,12}")
_RE = re.compile(r"\A(?:v1|v2:([0-9a-z]{1,6})):([a-z]{1,4}):([0-9]{1,12})(?::([a-z0-9]{1,12}))?\Z")
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


@dataclass(frozen=True, slots=True)
class Callback:
    """A decoded button press."""

    action: Action
    id: int
    arg: str | None = None
    tag: str | None = None  # the tag of the database that sent the button (None: sent before buttons carried one)

    def encode(self) -> str:
        """The callback_data string for this button."""
        head = f"{TAGGED}:{self.tag}" if self.tag else PREFIX
        data = f"{head}:{self.action.value}:{self.id}" + (f":{self.arg}" if self.arg else "")
        if len(data.encode()) > MAX_BYTES:
            raise ValueError("callback data longer than 64 bytes")
        return data


def id_arg(telegram_id: int) -> str:
    """A Telegram id as a button's argument (base 36: a 52-bit id in at most 11 characters)."""
    if telegram_id < 0:
        raise ValueError("a person's Telegram id is positive")
    return _base36(telegram_id)


def tag_text(tag: int) -> str:
    """A database's tag (a number kept in bot_meta) as it stands in callback data."""
    if not 0 <= tag < 2**TAG_BITS:
        raise ValueError("a tag is a number below 2**31")
    return _base36(tag)


def _base36(n: int) -> str:
    out = ""
    while True:
        n, d = divmod(n, 36)
        out = _DIGITS[d] + out
        if n == 0:
            return out


def arg_id(arg: str | None) -> int | None:
    """The Telegram id an argument made by ``id_arg`` stands for; None for anything else."""
    return int(arg, 36) if arg and _ARG.fullmatch(arg) else None


def encode(action: Action, id_: int, arg: str | None = None) -> str:
    """Build callback_data for a button."""
    return Callback(action, id_, arg).encode()


def decode(data: str | None) -> Callback | None:
    """Parse callback_data; None for anything malformed or unknown (a forged or stale press)."""
    if not data or len(data.encode("utf-8", "replace")) > MAX_BYTES:
        return None
    m = _RE.match(data)
    if not m:
        return None
    try:
        action = Action(m.group(2))
    except ValueError:
        return None
    return Callback(action, int(m.group(3)), m.group(4), m.group(1))


def stamp(data: str, tag: str) -> str:
    """Untagged callback data with the sending database's tag put in (tagged data, or anything else, as it is)."""
    cb = decode(data) if data.startswith(f"{PREFIX}:") else None
    return Callback(cb.action, cb.id, cb.arg, tag).encode() if cb else data


def stamp_markup(markup: object, tag: str) -> object:
    """An inline keyboard (as sent to Telegram) with every button's callback data stamped with ``tag``; anything
    else as it is."""
    return map_buttons(markup, "callback_data", lambda data: stamp(data, tag))


def map_buttons(markup: object, field: str, change: Callable[[str], str]) -> object:
    """An inline keyboard (as sent to Telegram) with ``change`` applied to each button's text field ``field``
    ("text", "callback_data"); a markup of any other shape, a row or a button that is not one, as it is."""
    if not isinstance(markup, dict) or not isinstance(markup.get("inline_keyboard"), list):
        return markup
    rows = [
        [{**b, field: change(b[field])} if isinstance(b, dict) and isinstance(b.get(field), str) else b for b in row]
        if isinstance(row, list)
        else row
        for row in markup["inline_keyboard"]
    ]
    return {**markup, "inline_keyboard": rows}
