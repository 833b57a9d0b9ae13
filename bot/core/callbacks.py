"""The one callback-data codec: short, versioned, and never trusted for identity.

Format: ``v1:<action>:<id>`` such as ``v1:acc:42``. Telegram allows at most 64 bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

PREFIX = "v1"
MAX_BYTES = 64
PATTERN = r"^v1:"


class Action(StrEnum):
    """What a button does."""

    ACCEPT = "acc"
    HAND_BACK = "hb"
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


_ARG = re.compile(r"[a-z0-9]{1,12}")
_RE = re.compile(r"\Av1:([a-z]{1,4}):([0-9]{1,12})(?::([a-z0-9]{1,12}))?\Z")


@dataclass(frozen=True, slots=True)
class Callback:
    """A decoded button press."""

    action: Action
    id: int
    arg: str | None = None

    def encode(self) -> str:
        """The callback_data string for this button."""
        data = f"{PREFIX}:{self.action.value}:{self.id}" + (f":{self.arg}" if self.arg else "")
        if len(data.encode()) > MAX_BYTES:
            raise ValueError("callback data longer than 64 bytes")
        return data


def id_arg(telegram_id: int) -> str:
    """A Telegram id as a button's argument (base 36: a 52-bit id in at most 11 characters)."""
    if telegram_id < 0:
        raise ValueError("a person's Telegram id is positive")
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        telegram_id, d = divmod(telegram_id, 36)
        out = digits[d] + out
        if telegram_id == 0:
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
        action = Action(m.group(1))
    except ValueError:
        return None
    return Callback(action, int(m.group(2)), m.group(3))
