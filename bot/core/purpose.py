"""Why a message is in the outbox: one name per kind of row (stored in outbox.purpose)."""

from __future__ import annotations

from collections.abc import Collection
from enum import StrEnum, auto

from bot.core import lifecycle
from bot.core.types import Status


class Purpose(StrEnum):
    """The kind of an outbox row; delivery decides what follows a sent or failed row by it. Each is stored as
    its name in lower case (``auto``), so a name is never renamed without a migration of the rows."""

    ACK = auto()  # the acknowledgement of a report, in its chat (its message id is remembered)
    AFTER_ASK = auto()
    ASK_NOTE = auto()
    BRIEF = auto()
    COMMITTEE = auto()
    COMMITTEE_NOTE = auto()  # staff's words under the committee chat's note about an event, sent to its worker
    COMMITTEE_RELAY = auto()  # a message the committee chat refused, sent to an admin in private
    CLOSED_FOR_WORKER = auto()  # a worker told the committee closed their event
    MOVED_FOR_WORKER = auto()  # a worker told the committee gave the event he had accepted to someone else
    CONFIRM_ASK = auto()
    CONFIRM_EDIT = auto()
    DIGEST = auto()
    DUE_REMIND = auto()
    EDIT = auto()  # an edit of a message the bot sent (its id known)
    EDIT_ACK = auto()
    EDIT_DM = auto()
    EDIT_MARKUP = auto()
    EMERGENCY_CONTACT = auto()
    EMERGENCY_GROUP = auto()
    GROUP_POST = auto()
    HANDOFF = auto()
    LATE_EDIT = auto()  # a resident's edit after acceptance, told to the worker on it
    MEDIA_ADDED = auto()
    MENTION_WORKER = auto()
    MENU = auto()  # a person's own command menu (setMyCommands for one chat)
    MENU_BUTTON = auto()
    MERGED = auto()
    NUDGE_LIST = auto()  # one list of the events still waiting that chasing timers due together owe a worker
    OFFICE_ANSWER = auto()  # the committee's reply under a resident's question, sent on to her in private
    OFFICE_QUESTION = auto()  # a resident's question passed, at her press, to the committee chat (or her follow-up)
    OVERDUE = auto()
    PHOTO = auto()
    POINTS = auto()
    POST_ASK = auto()
    POST_EDIT = auto()
    RAISED = auto()  # the worker on an accepted event told it was raised to red
    REPLY = auto()
    RETIRE = auto()  # an older copy of a worker's message about an event deleted (a newer copy was sent)
    REPORTER_DM = auto()  # a private word to the reporter
    REPORTER_GROUP = auto()
    REPORTER_NOTE = auto()  # a reporter's words in reply to their event, sent to the worker on it
    ROTA = auto()
    ROTA_PAGE = auto()
    SETUP = auto()  # set-up inside Telegram: a waiting group, an invited worker
    SURVEY = auto()  # the "is it fixed?" question (its message id is remembered)
    SURVEY_EDIT = auto()
    SURVEY_WITHDRAWN = auto()
    TEAM_ALERT = auto()
    VOICE_PASSED = auto()  # a resident's voice message passed, at her press, to the worker on duty to listen to
    WHOLE_TEXT = auto()  # a report's whole words under a worker's card that shows them cut
    WORKER_DM = auto()  # a worker's DM about an event (remembered in notifications)
    WORKER_REPLY = auto()  # a worker's words under his card, sent on to the reporter of a private report
    WORK_LIST = auto()  # /my, /status alone in private: a worker's open events (his words under it read as a list's)


# A chat's urgent rows go before its routine ones (the sender sends each kind in queue order, and the rows about
# one event in theirs): a red event's acknowledgement, emergency numbers and alerts must not wait behind a storm's
# routine messages to the same group or committee chat (storm review: 60 s and more at 20 messages a minute).
URGENT = frozenset({Purpose.EMERGENCY_GROUP, Purpose.EMERGENCY_CONTACT})  # whatever the event
# never urgent, even about a red event: what follows its end, and what is about no danger at all
ROUTINE = frozenset(
    {
        Purpose.AFTER_ASK,
        Purpose.BRIEF,
        Purpose.CLOSED_FOR_WORKER,
        Purpose.DIGEST,
        Purpose.HANDOFF,
        Purpose.MENU,
        Purpose.MENU_BUTTON,
        Purpose.POINTS,
        Purpose.ROTA,
        Purpose.ROTA_PAGE,
        Purpose.SETUP,
        Purpose.SURVEY,
        Purpose.SURVEY_EDIT,
        Purpose.SURVEY_WITHDRAWN,
        Purpose.WORK_LIST,
    }
)


def urgent(purpose: Purpose | None, red_event: bool) -> bool:
    """Whether a row of this purpose goes before its chat's routine rows: the emergency numbers always, and
    anything about a red event (its acknowledgement, the workers' DMs, the committee's alert, its edits) but
    what is routine by nature. A row with no purpose is routine unless its caller says otherwise."""
    return purpose in URGENT or (red_event and purpose is not None and purpose not in ROUTINE)


FIX_BY = frozenset({Purpose.DUE_REMIND, Purpose.OVERDUE})  # a worker's notice that accepted work is due or late


def still_true(purpose: Purpose | None, chaser: bool, statuses: Collection[Status]) -> bool:
    """Whether a notice still says something true of its events, as they stand when it can be sent: a chaser (a
    reminder, a re-ping, an escalation, "still unaccepted") while one of them waits for someone to take it, a fix-by
    or overdue notice while one is accepted and not closed; anything else always (or events no longer found). A
    notice queued while Telegram could not be reached is untrue by then when the Accept or the Close came in
    meanwhile (outage review: "已 15 分钟无人接单" reached 王师傅 after he had accepted)."""
    if not statuses:
        return True
    if chaser:
        return any(s in lifecycle.EDITABLE for s in statuses)
    if purpose in FIX_BY:
        return Status.ACCEPTED in statuses
    return True
