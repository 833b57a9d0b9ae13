"""Who may do what: roles, acting on an event, and seeing it. Pure: the callers pass what they know."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from enum import StrEnum
from typing import Protocol

from bot.core.accept_undo import UNDONE
from bot.core.community import Community
from bot.core.console_query import Desk, Visibility, visible
from bot.core.types import Event, Status


class Role(StrEnum):
    """A person's role in the community, by the current community file (and current invitations)."""

    ADMIN = "admin"
    WORKER = "worker"
    RESIDENT = "resident"


class Act(StrEnum):
    """What a button or command does to an event."""

    ACCEPT = "accept"
    HAND_BACK = "hand_back"
    CLOSE = "close"
    SPLIT = "split"


def role(community: Community, user_id: int) -> Role:
    """Admin, worker (listed in the file or invited and not removed) or resident."""
    if community.is_admin(user_id):
        return Role.ADMIN
    return Role.WORKER if community.worker(user_id) is not None else Role.RESIDENT


def may_act(
    who: Role, user_id: int, ev: Event, act: Act, asked: Collection[int] = (), handed_back: Collection[int] = ()
) -> bool:
    """Whether this person may do ``act`` on the event as it is now.

    Admins may do anything. A worker may accept a waiting event that was assigned or sent to them,
    unless they handed it back; every other act needs them to be the current assignee. Residents and
    people no longer in the community file may do nothing.
    """
    if who is Role.ADMIN:
        return True
    if who is not Role.WORKER:
        return False
    if act is Act.ACCEPT:
        return (
            ev.status is Status.DISPATCHED
            and user_id not in handed_back
            and (ev.assignee_id == user_id or user_id in asked)
        )
    if act is Act.SPLIT:
        return ev.assignee_id == user_id or user_id in asked
    return ev.assignee_id == user_id


def gave_up(history: Iterable[tuple[str, int | None, str | None]]) -> frozenset[int]:
    """Who handed the event back, or had it moved away from them (an admin's reassignment, a shift's
    hand-off), and was not given it again since: they may not accept it from an old message.

    ``history``: (action, actor, detail) of the event's log since it was last reopened, oldest first; the
    actions that move it are "dispatched" and "reassigned" (detail: the new assignee), "handed_off" and "left"
    (detail: "from>to"), "handed_back" (actor: who gave it up), "accepted" (actor: who took it) and "accept_undone"
    (detail: who has it again, if anyone: an Accept undone bars nobody).
    """
    return _moves(history)[0]


CHOSEN_OFF_DUTY = "chosen_off_duty"  # the log line after an admin's reassignment to someone off duty for the event


def handed_back(history: Iterable[tuple[str, int | None, str | None]]) -> frozenset[int]:
    """Who gave the event up (pressed "hand back", or had an admin do it for them) since it was last reopened:
    it is not routed to them again. Those a shift change or an admin only moved it away from may have it back."""
    return _moves(history)[1]


def _moves(history: Iterable[tuple[str, int | None, str | None]]) -> tuple[frozenset[int], frozenset[int]]:
    """One walk of the history: (who lost the event and was not given it again, who handed it back)."""
    lost: set[int] = set()
    back: set[int] = set()
    current: int | None = None
    for action, actor, detail in history:
        given: int | None = None
        if action == "handed_back":  # by the assignee, or by an admin for them: both gave it up
            givers = {x for x in (actor, current) if x is not None}
            lost |= givers
            back |= givers
            current = None
        elif action == "accepted":
            given = actor
        elif action == UNDONE:  # a mis-tapped Accept undone: the event is with whoever had it before, or nobody
            current = _user(detail)
            lost.discard(current)  # type: ignore[arg-type]
        elif action in ("dispatched", "reassigned"):
            given = _user(detail)
            if action == "reassigned" and current is not None and current != given:
                lost.add(current)
        elif action in ("handed_off", "left"):  # a shift's hand-off; a worker no longer listed
            before, _, after = (detail or "").partition(">")
            if (old := _user(before)) is not None:
                lost.add(old)
            given = _user(after)
        if given is not None:
            lost.discard(given)
            current = given
    return frozenset(lost), frozenset(back)


def chosen_by_admin(history: Iterable[tuple[str, int | None, str | None]]) -> bool:
    """The event's last move was an admin's reassignment (from the console) to a worker off duty for it then:
    that choice stands (the event is kept for them and still chased). A choice of someone on duty is an ordinary
    assignment: when their shift ends it moves on like any other."""
    moves = [(action, actor) for action, actor, _ in history if action not in ("accepted", UNDONE)]
    if len(moves) < 2 or moves[-1][0] != CHOSEN_OFF_DUTY:
        return False
    return moves[-2][0] == "reassigned" and moves[-2][1] is not None


def _user(text: str | None) -> int | None:
    try:
        return int(text) if text else None
    except ValueError:
        return None


def needs_history(who: Role, act: Act) -> bool:
    """Whether ``may_act`` needs who was asked and who handed back: only for a worker's accept or split
    (for anything else the role and the assignee decide, and callers skip reading them)."""
    return who is Role.WORKER and act in (Act.ACCEPT, Act.SPLIT)


def is_staff(who: Role) -> bool:
    """Workers and admins (/duty, /rota and the like)."""
    return who is not Role.RESIDENT


class Report(Protocol):
    """One report of an event (storage's event_reporters row): whose it is."""

    @property
    def user_id(self) -> int: ...


def reporter_ids(ev: Event, reports: Iterable[Report]) -> set[int]:
    """Everyone who reported the event: its first reporter and each whose report was merged into it (``reports``:
    the event's reports, as storage.reporters reads them)."""
    return {ev.reporter_id} | {r.user_id for r in reports}


def reported(user_id: int, ev: Event, reports: Iterable[Report]) -> bool:
    """Whether someone reported the event, first or in a report merged into it: hers, not a neighbour's to join."""
    return user_id in reporter_ids(ev, reports)


def is_writer(user_id: int, ev: Event) -> bool:
    """Only the writer of a report answers the bot's questions about it (anonymity, "not urgent")."""
    return ev.reporter_id == user_id


def answers_reporter(user_id: int, ev: Event) -> bool:
    """Whether someone's words under their private message about an event go on to its reporter: the worker it is
    with now (not one it moved away from), not about his own report, and not one taken back."""
    return ev.assignee_id == user_id and ev.reporter_id != user_id and ev.status is not Status.CANCELLED


def may_change_rota(who: Role, user_id: int, involved: Collection[int]) -> bool:
    """A cover or swap: admins, or a worker who is one of those it moves."""
    return who is Role.ADMIN or (who is Role.WORKER and user_id in involved)


def may_ask_digest(who: Role, chat_id: int, committee_chat_id: int) -> bool:
    """/digest on demand: in the committee chat, or an admin in private."""
    return chat_id == committee_chat_id or (who is Role.ADMIN and chat_id > 0)


def may_view(
    user_id: int,
    ev: Event,
    chat_id: int,
    committee_chat_id: int,
    share: Visibility | None,
    reporters: Collection[int] = (),
    posted_in: int | None = None,
    sent: bool = False,
) -> bool:
    """Whether /status may show the event here (``sent``: as ``in_share``). Anyone sees their own reports, merged
    ones included (``reporters``: everyone whose report is part of the event), and a chat's own events (a private
    report's too, in the group it was posted to: ``posted_in``). A residents' group sees nothing more, whoever asks
    there; in private or the committee chat staff see their share (``share``, ``console_visibility``: admins
    everything, a worker his grids', his teams' and his own), as on the console."""
    here = ev.chat_id == chat_id or (posted_in is not None and posted_in == chat_id)
    if here or ev.reporter_id == user_id or user_id in reporters:
        return True
    if chat_id < 0 and chat_id != committee_chat_id:
        return False
    return in_share(share, ev, sent)


def in_share(share: Visibility | None, ev: Event, sent: bool = False) -> bool:
    """Whether the event is in a staff member's share (``console_visibility``; None: a resident's, nothing):
    the one rule of the console's pages and of /status. ``sent``: the bot sent them the event (a backup of another
    grid paged, a worker the committee chose): theirs to read, whatever their grids."""
    return share is not None and (sent or visible(share, ev.grid_id, ev.category.value, ev.assignee_id))


def sees_private(who: Role, chat_id: int, committee_chat_id: int) -> bool:
    """Reporters' names and anonymous reports' words: staff only, and only in private or the committee chat."""
    return who is not Role.RESIDENT and (chat_id > 0 or chat_id == committee_chat_id)


def public_in_group(ev: Event, posted_in: int | None) -> bool:
    """Whether a residents' group may be told what a report says beyond its number, category and building (its words
    and room, the closer's note, the "after" photo). A report made in the group: yes. A private one: only once its
    writer had it posted there with her name (📢, the post delivered: ``posted_in``); 🙈 anonymous (a post with no
    words and no room), 🔒 not posted, or not chosen yet, the group was told no more, and its neighbours merged into
    it are told no more either, even after it is closed. Once /forget_me erased her name the post reads as an
    anonymous one, and so does the rest."""
    return ev.chat_id < 0 or (not ev.anonymous and bool(ev.reporter_name) and posted_in is not None)


def names_anonymous(who: Role, chat_id: int) -> bool:
    """An anonymous report's writer is named to admins only (the console's rule), and by /status only in private:
    the committee chat may hold workers."""
    return who is Role.ADMIN and chat_id > 0


def console_visibility(community: Community, user_id: int, home_grid: str | None = None) -> Visibility | None:
    """The console's share of a person: admins everything; a worker the grids they have shifts in (or
    were invited to), their teams' desks and what is assigned to them; residents no console (None)."""
    who = role(community, user_id)
    if who is Role.ADMIN:
        return Visibility(everything=True)
    if who is not Role.WORKER:
        return None
    grid_ids = {g.id for g in community.grids}
    shift_desks = [s.desk for s in community.shifts if s.worker == user_id]
    grids = [d for d in shift_desks if d in grid_ids] + ([home_grid] if home_grid in grid_ids else [])
    teams = [t for t in community.teams if user_id in t.members or t.id in shift_desks]
    desks = tuple(Desk(tuple(c.value for c in t.categories), tuple(t.grids)) for t in teams if t.categories)
    return Visibility(grids=tuple(dict.fromkeys(grids)), desks=desks, assignee=user_id)


def may_arrange(who: Role, in_committee_chat: bool | None) -> bool:
    """The committee's "👉 派给…" buttons (give an event to a worker): an admin of the file wherever he sees them (the
    committee chat, its notes relayed to him in private), and anyone Telegram lists as a member of the committee chat
    (``in_committee_chat``; None: not asked): its staff (居委会工作人员) are not all in the file's admins."""
    return who is Role.ADMIN or in_committee_chat is True


def may_steer(who: Role) -> bool:
    """Reassigning, recolouring, recategorising and closing from the console, and rota changes there: admins."""
    return who is Role.ADMIN
