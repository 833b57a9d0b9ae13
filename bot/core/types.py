"""Core data types shared by the parser, the lifecycle, the roster and storage."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Category(StrEnum):
    """What kind of problem a report is about (precedence order: first that fits wins)."""

    CARE = "care"
    SAFETY = "safety"
    SECURITY = "security"
    DISPUTE = "dispute"
    PARKING = "parking"
    NOISE = "noise"
    SANITATION = "sanitation"
    REPAIR = "repair"
    OTHER = "other"


class Urgency(StrEnum):
    """The three-colour warning."""

    RED = "red"
    YELLOW = "yellow"
    GREEN = "green"

    @property
    def rank(self) -> int:
        """0 green, 1 yellow, 2 red: which of two colours is the more urgent."""
        return (Urgency.GREEN, Urgency.YELLOW, Urgency.RED).index(self)


class Status(StrEnum):
    """Where an event is in its lifecycle."""

    NEW = "new"
    DISPATCHED = "dispatched"
    ACCEPTED = "accepted"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class Outcome(StrEnum):
    """How a closed event ended: closed is not always fixed."""

    FIXED = "fixed"
    CANNOT_FIX = "cannot_fix"
    REFERRED = "referred"
    DUPLICATE = "duplicate"
    NOTHING_FOUND = "nothing_found"  # the worker went and found no such problem (a false alarm, or the wrong place)

    @property
    def asks_if_solved(self) -> bool:
        """The reporter's question after it asks whether the problem is (still) there, and "not solved" (in words
        too: "还没修好") opens it again: after "fixed", and after "nothing found" (she may know better). After
        "cannot fix" or "referred" she is asked only about the handling; a duplicate under its original."""
        return self in (Outcome.FIXED, Outcome.NOTHING_FOUND)


# Closes that say the place had no problem of its own: a duplicate is another event's problem, and where nothing was
# found there was none to see. Hot spots (the digest's, the console's) neither count nor list them.
NO_PROBLEM_HERE = (Outcome.DUPLICATE, Outcome.NOTHING_FOUND)


class Role(StrEnum):
    """A shift's role."""

    PRIMARY = "primary"
    BACKUP = "backup"


def in_chat(message_id: int | None) -> int | None:
    """A message id to reply to or link in its chat now; None for none, or for a report's id kept (negated) from
    the group before it became a supergroup (``storage.events.move_chat``), which there is another message."""
    return message_id if message_id is not None and message_id > 0 else None


@dataclass(frozen=True, slots=True)
class Incoming:
    """A resident's message, as plain data."""

    chat_id: int
    message_id: int
    user_id: int
    user_name: str
    username: str | None
    language_code: str | None
    text: str
    chat_title: str | None = None
    private: bool = False
    photo: str | None = None  # file_id of the largest size, when the report is a captioned photo (or image, video)
    sent_as: str | None = None  # how that picture came when not as a photo: "document" (an image file), "video"
    album: str | None = None  # Telegram's media_group_id: the message is one of an album's photos
    forwarded: bool = False  # someone else's words passed on (a news channel's post, a neighbour's message)
    sent_at: datetime | None = None  # when Telegram says she sent (or last edited) it; None: words the bot kept


@dataclass(frozen=True, slots=True)
class ParsedReport:
    """What the parser read from one message."""

    is_report: bool
    category: Category | None = None
    urgency: Urgency | None = None
    building: str | None = None
    unit: str | None = None
    room: str | None = None
    confidence: float = 0.0
    reasons: tuple[str, ...] = ()
    red_unsure: bool = False  # red because a danger may be present, not because the reader is sure
    ask: bool = False  # unsure whether it is a report at all: the bot asks the writer
    maybe_danger: bool = False  # asked, and P(red) passes the red floor: a person checks it even if none answers


@dataclass(slots=True)
class Event:
    """A report turned into work."""

    id: int
    chat_id: int
    message_id: int
    reporter_id: int
    reporter_name: str
    text: str
    category: Category
    urgency: Urgency
    building: str | None
    unit: str | None
    room: str | None
    grid_id: str | None
    status: Status
    assignee_id: int | None
    created_at: datetime
    accepted_at: datetime | None = None
    closed_at: datetime | None = None
    outcome: Outcome | None = None
    outcome_note: str | None = None
    ack_message_id: int | None = None
    language: str | None = None  # the reporter's language when the event was made
    due_at: datetime | None = None
    reopened_count: int = 0
    anonymous: bool = False
    urgency_unsure: bool = False  # red because a danger may be present: the writer may say "not urgent"
    false_alarms: int = 0  # its reporter's reports closed "nothing found" in the 30 days before it (core.false_alarms)
    written_at: datetime | None = None  # when its words were sent, if registered long after (core.lateness)
    pin: tuple[float, float] | None = None  # the first location pin sent with it (latitude, longitude)
