"""Why a message is in the outbox: one name per kind of row (stored in outbox.purpose)."""

from __future__ import annotations

from enum import StrEnum


class Purpose(StrEnum):
    """The kind of an outbox row; delivery decides what follows a sent or failed row by it."""

    ACK = "ack"  # the acknowledgement of a report, in its chat (its message id is remembered)
    AFTER_ASK = "after_ask"
    ASK_NOTE = "ask_note"
    BRIEF = "brief"
    COMMITTEE = "committee"
    CLOSED_FOR_WORKER = "closed_for_worker"  # a worker told the committee closed their event
    CONFIRM_ASK = "confirm_ask"
    CONFIRM_EDIT = "confirm_edit"
    DIGEST = "digest"
    DUE_REMIND = "due_remind"
    EDIT = "edit"  # an edit of a message the bot sent (its id known)
    EDIT_ACK = "edit_ack"
    EDIT_DM = "edit_dm"
    EDIT_MARKUP = "edit_markup"
    EMERGENCY_CONTACT = "emergency_contact"
    EMERGENCY_GROUP = "emergency_group"
    GROUP_POST = "group_post"
    HANDOFF = "handoff"
    LATE_EDIT = "late_edit"  # a resident's edit after acceptance, told to the worker on it
    MEDIA_ADDED = "media_added"
    MENTION_WORKER = "mention_worker"
    MENU = "menu"  # a person's own command menu (setMyCommands for one chat)
    MENU_BUTTON = "menu_button"
    MERGED = "merged"
    NUDGE_LIST = "nudge_list"  # one list of the events still waiting that chasing timers due together owe a worker
    OVERDUE = "overdue"
    PHOTO = "photo"
    POINTS = "points"
    POST_ASK = "post_ask"
    POST_EDIT = "post_edit"
    RAISED = "raised"  # the worker on an accepted event told it was raised to red
    REPLY = "reply"
    REPORTER_DM = "reporter_dm"  # a private word to the reporter
    REPORTER_GROUP = "reporter_group"
    REPORTER_NOTE = "reporter_note"  # a reporter's words in reply to their event, sent to the worker on it
    ROTA = "rota"
    ROTA_PAGE = "rota_page"
    SETUP = "setup"  # set-up inside Telegram: a waiting group, an invited worker
    SURVEY = "survey"  # the "is it fixed?" question (its message id is remembered)
    SURVEY_EDIT = "survey_edit"
    SURVEY_WITHDRAWN = "survey_withdrawn"
    TEAM_ALERT = "team_alert"
    WORKER_DM = "worker_dm"  # a worker's DM about an event (remembered in notifications)


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
    }
)


def urgent(purpose: Purpose | None, red_event: bool) -> bool:
    """Whether a row of this purpose goes before its chat's routine rows: the emergency numbers always, and
    anything about a red event (its acknowledgement, the workers' DMs, the committee's alert, its edits) but
    what is routine by nature. A row with no purpose is routine unless its caller says otherwise."""
    return purpose in URGENT or (red_event and purpose is not None and purpose not in ROUTINE)
