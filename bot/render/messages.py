"""Messages and inline keyboards as plain Bot API payloads (no Telegram objects, no I/O).

Over 300 lines: an event's acknowledgement, card and alert, and the keyboards under them, are built side by side so
their lines (place, lateness, a merged reporter) agree; the lines they share already live in render/reports.py."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.core import lifecycle, other_places, several
from bot.core.callbacks import Action, encode
from bot.core.private_numbers import public_note
from bot.core.types import Event, Outcome, Status, Urgency, in_chat
from bot.render import places
from bot.render.fit import MAX_TEXT, pieces, visible_len
from bot.render.i18n import Html, Waited, esc, join, plain, t
from bot.render.reports import DmExtras, extras_lines, late_lines, snippet

URGENCY_ICON = {Urgency.RED: "🔴", Urgency.YELLOW: "🟡", Urgency.GREEN: "🟢"}
PREVIEW_CHARS = 300


def button(text: str, action: Action, id_: int, arg: str | None = None) -> dict:
    """One inline button (its label is plain text, not HTML)."""
    return {"text": text, "callback_data": encode(action, id_, arg)}


def mention(user_id: int, name: str) -> Html:
    """A link to a user that notifies them, its name escaped."""
    return Html(f'<a href="tg://user?id={int(user_id)}">{esc(name)}</a>')


def keyboard(*rows: list[dict]) -> dict:
    """An inline keyboard from rows of buttons."""
    return {"inline_keyboard": [list(r) for r in rows]}


def in_rows(buttons: list[dict], per_row: int = 2) -> list[list[dict]]:
    """The buttons as rows of ``per_row`` (two: a worker's name or "👉 #3 派给…" still reads whole on a phone)."""
    return [buttons[i : i + per_row] for i in range(0, len(buttons), per_row)]


def event_ids(lang: str, ids: Iterable[int]) -> str:
    """ "12、#13、#14" (the texts put the first "#"), joined as the language lists things ("12, #13 and #14"); a text
    that reads them as one or several is given their count as ``n``."""
    *first, last = [str(i) for i in ids] or [""]
    head = (plain(lang, "list.sep") + "#").join(first)
    return f"{head}{plain(lang, 'list.last_sep')}#{last}" if first else last


def urgency_label(lang: str, urgency: Urgency) -> Html:
    """'🔴 紧急' and the like."""
    return join((URGENCY_ICON[urgency], t(lang, f"urgency.{urgency.value}")), " ")


def location_label(lang: str, ev: Event) -> Html:
    """'3号楼2单元302室', its pin's map when no building is named ('📍 有定位': a list line read "未注明" of a pinned
    report, worker day review 59), or 'not given' (``places.label``)."""
    return places.label(lang, ev.building, ev.unit, ev.room, ev.pin)


def without_room(ev: Event) -> Event:
    """The event with its room and pin left out (an anonymous report shown in a group)."""
    return replace(ev, room=None, pin=None)


def preview(text: str, limit: int = PREVIEW_CHARS) -> str:
    """The report's text on one line, shortened for a phone screen (``reports.snippet``: English at a word's end;
    plain text: t() escapes it)."""
    return snippet(text, limit)


def cut_short(text: str) -> bool:
    """Whether the card's preview of a report's text leaves words out."""
    return preview(text) != " ".join(text.split())


def whole_below(ev: Event) -> bool:
    """Whether a worker's card about the event says its whole words come under it: the preview is cut and no link
    opens the message (a basic group's, one written in private, one from before the group became a supergroup)."""
    return cut_short(ev.text) and message_link(ev.chat_id, ev.message_id) is None


def whole_text(lang: str, ev: Event) -> list[Html]:
    """The report's whole words in messages within Telegram's limit, numbered when they take more than one."""
    room = MAX_TEXT - visible_len(t(lang, "dm.whole_part", id=ev.id, part=99, parts=99, text=""))
    parts = pieces(ev.text.strip(), room)
    if len(parts) == 1:
        return [t(lang, "dm.whole", id=ev.id, text=parts[0])]
    return [t(lang, "dm.whole_part", id=ev.id, part=n, parts=len(parts), text=p) for n, p in enumerate(parts, 1)]


def message_link(chat_id: int, message_id: int) -> str | None:
    """A t.me link to a supergroup message (basic groups and private chats have none, nor a report left in the
    group before it became a supergroup)."""
    s = str(chat_id)
    if s.startswith("-100") and in_chat(message_id):
        return f"https://t.me/c/{s[4:]}/{message_id}"
    return None


def when_label(lang: str, at: datetime, now: datetime, tz: ZoneInfo) -> Html:
    """'今天 20:00', '明天 08:30', or '周一 11-30 08:30': a time ahead, as a resident reads it."""
    day, today = at.astimezone(tz).date(), now.astimezone(tz).date()
    hm = at.astimezone(tz).strftime("%H:%M")
    if day == today or day == today + timedelta(days=1):
        return t(lang, "when.today" if day == today else "when.tomorrow", hm=hm)
    return join((t(lang, f"rota.wd.{day.weekday()}"), day.strftime("%m-%d"), hm), " ")


def past_label(lang: str, at: datetime, now: datetime, tz: ZoneInfo) -> Html:
    """'23:40' (today), '昨天 23:40', or '11-21 23:40': a time gone by, as a phone's reader takes it in."""
    day, today = at.astimezone(tz).date(), now.astimezone(tz).date()
    hm = at.astimezone(tz).strftime("%H:%M")
    if day == today:
        return Html(hm)
    return t(lang, "when.yesterday", hm=hm) if day == today - timedelta(days=1) else Html(local_time(at, tz))


def local_time(at: datetime, tz: ZoneInfo) -> str:
    """'11-23 14:05' in the community's time zone."""
    return at.astimezone(tz).strftime("%m-%d %H:%M")


def delivered_late(lang: str, reported_at: datetime, late: int, now: datetime, tz: ZoneInfo) -> Html:
    """A card's line when it reaches its worker ``late`` minutes after it was queued: when the report came (its
    hour, with its day when not today) and how late the card is: "🕒 14:05 报告（延迟 12 分钟送达）"."""
    local = reported_at.astimezone(tz)
    at = local.strftime("%H:%M") if local.date() == now.astimezone(tz).date() else local_time(reported_at, tz)
    return t(lang, "dm.delivered_late", at=at, late=Waited(late))


def ack_text(
    lang: str,
    ev: Event,
    worker_name: str | None,
    handed_back: bool = False,
    affected: int = 1,
    waits_until: str | None = None,
    split: Iterable[Event] = (),
    instead: str | None = None,
) -> Html:
    """The acknowledgement (in the group, or in private for a report made there), reflecting the event's current
    state (no private data); ``handed_back``: its worker gave it back with nobody else to take it (not "nobody on
    duty"); ``affected``: how many residents reported it (shown from two on); ``waits_until``: when the shift it
    waits for starts, as ``when_label`` says it (a green one out of hours, nobody on duty: ``routing.waits_for_shift``);
    ``split``: the further problems of its message, events of their own (``core.several``), named by number. A further
    problem's own acknowledgement is a short line under her message, naming it and her (``part_ack``). ``instead``:
    who was told instead of the worker on duty: "arranged", the committee gave it to a worker off duty (at night:
    nobody on duty was told, the committee was); "unreached", a red whose workers the bot cannot message (the
    committee was told, and pages on).
    """
    if several.part_of(ev.message_id) is not None:
        return part_ack(lang, ev, worker_name, handed_back, waits_until, instead)
    head = t(lang, "ack.head", id=ev.id, urgency=urgency_label(lang, ev.urgency))
    lines = [
        head,
        t(lang, "ack.category", category=t(lang, f"category.{ev.category.value}")),
        t(lang, "ack.location", location=location_label(lang, ev)),
        *([t(lang, "dm.affected", n=affected)] if affected > 1 else []),
        *late_lines(lang, ev, "ack.late"),
    ]
    private = ev.chat_id > 0
    lines += state_lines(lang, ev, worker_name, handed_back, private, waits_until=waits_until, instead=instead)
    if ev.building is None and ev.pin is None and ev.status in lifecycle.OPEN:  # her next words, a place, fill it
        lines.append(t(lang, "ack.where"))
    if split := list(split):  # "…，楼道灯也不亮，垃圾也没人收": each its own event, for its own team
        lines.append(t(lang, "ack.split", n=len(split)))
        lines += [
            t(lang, "ack.split_line", id=p.id, urgency=urgency_label(lang, p.urgency), what=preview(p.text, 40))
            for p in split
        ]
    if ev.status in lifecycle.OPEN:  # "另外7号楼门口的井盖丢了": a problem of its own, for the team there
        others = other_places.parts_elsewhere(ev.text, ev.language or lang, ev.building)
        lines += [t(lang, "ack.elsewhere", what=part) for part in others]
    if may_lower_urgency(ev):  # in private she is the only one to read it: spoken to her
        lines.append(t(lang, "ack.unsure_red_private" if ev.chat_id > 0 else "ack.unsure_red"))
    return join(lines)


def part_ack(
    lang: str,
    ev: Event,
    worker_name: str | None,
    handed_back: bool,
    waits_until: str | None,
    instead: str | None = None,
) -> Html:
    """A further problem's acknowledgement ("🟢 #2 3号楼「楼道灯也不亮」（来自王阿姨的消息）" and where it stands; in
    private, where she alone reads it, "from your message"): the message replies to it reach its event."""
    private = ev.chat_id > 0  # under her message to the bot: hers, not named
    head = t(
        lang,
        "ack.part_head_private" if private else "ack.part_head",
        id=ev.id,
        urgency=urgency_label(lang, ev.urgency),
        location=location_label(lang, ev),
        what=preview(ev.text, 60),
        name=ev.reporter_name,
    )
    state = state_lines(lang, ev, worker_name, handed_back, private=private, waits_until=waits_until, instead=instead)
    lines = [head, *state]
    if may_lower_urgency(ev):
        lines.append(t(lang, "ack.unsure_red_private" if private else "ack.unsure_red"))
    return join(lines)


def state_lines(
    lang: str,
    ev: Event,
    worker_name: str | None,
    handed_back: bool,
    private: bool,
    note: bool = True,
    waits_until: str | None = None,
    instead: str | None = None,
) -> list[str]:
    """Where the event stands, as its acknowledgement and a private report's group post say it; ``private``: the
    acknowledgement in private, which hears again only when it is closed (no "updates will appear here");
    ``note``: with the closer's note (not in an anonymous post: written for the resident, it may name her room);
    ``waits_until``, ``instead``: as ``ack_text``'s."""
    lines = []
    status = ev.status
    if ev.reopened_count and status in lifecycle.WITH_WORKER:
        lines.append(t(lang, "ack.reopened"))
    if status is Status.CLOSED and ev.outcome:
        lines.append(t(lang, f"ack.closed.{ev.outcome.value}", worker=worker_name or ""))
        if ev.outcome_note and note:
            said = ev.outcome_note if private else public_note(ev)
            lines.append(t(lang, "ack.note", note=preview(said, 200)))
    elif status is Status.ACCEPTED:
        lines.append(t(lang, "ack.accepted", worker=worker_name or ""))
    elif status is Status.CANCELLED:
        lines.append(t(lang, "ack.cancelled"))
    elif worker_name and instead:  # night review 60, pages review 61: "已通知值班人员" when the committee was told
        lines.append(t(lang, f"ack.{instead}_private" if private else f"ack.{instead}"))
    elif worker_name:
        lines.append(t(lang, "ack.notified_private" if private else "ack.notified"))
    elif waits_until:  # given only for an event nobody has nor gave back
        lines.append(t(lang, "ack.off_hours", when=waits_until))
    else:
        lines.append(t(lang, "ack.handed_back" if handed_back else "ack.committee"))
    return lines


def may_lower_urgency(ev: Event) -> bool:
    """An open red event the reader was not sure of: its writer may still say it is not urgent."""
    return ev.urgency_unsure and ev.urgency is Urgency.RED and ev.status in lifecycle.OPEN


def ack_markup(lang: str, ev: Event) -> dict:
    """The acknowledgement's buttons: "not urgent" while that choice is open, else none."""
    if may_lower_urgency(ev):
        return keyboard([button(plain(lang, "btn.not_urgent"), Action.NOT_URGENT, ev.id)])
    return {"inline_keyboard": []}


def worker_text(
    lang: str,
    ev: Event,
    chat_title: str | None,
    reporter: str,
    state_line: str | None = None,
    extras: DmExtras | None = None,
    whole_follows: bool = True,
) -> Html:
    """The private message to a worker about an event (with merged reports, photos and pin when known).

    whole_follows: a cut preview with no link says the whole words come below (``whole_below``): a worker's card;
    not a message about the event to those told of it, whom they do not follow."""
    chat = plain(lang, "dm.private_chat") if ev.chat_id > 0 else chat_title or "—"  # never a resident's id
    if extras is not None and extras.reachable:
        # reported in private, no group message to open: her name opens a chat with her (Telegram lets a mention by
        # id work for one who wrote to the bot); not for one who asked to stay anonymous (``extras.reachable``)
        reporter = mention(ev.reporter_id, reporter)
    if forgotten := not ev.text and not ev.reporter_name:  # /forget_me: her words and name went, the work stays
        reporter = plain(lang, "dm.forgotten_reporter")
    # a pin and no building named: the pin is its place (it read "未注明", the pin three lines below: day review)
    pin = extras.location if extras is not None and not (ev.building or ev.unit or ev.room) else None
    place = (
        t(lang, "dm.location_only", link=places.map_link(*pin))
        if pin
        else t(lang, "ack.location", location=location_label(lang, ev))
    )
    lines = [
        t(
            lang,
            "dm.head_reopened" if ev.reopened_count and ev.status in lifecycle.WITH_WORKER else "dm.head",
            id=ev.id,
            urgency=urgency_label(lang, ev.urgency),
        ),
        t(lang, "ack.category", category=t(lang, f"category.{ev.category.value}")),
        place,
        t(lang, "dm.forgotten") if forgotten else t(lang, "dm.text", text=preview(ev.text)),
        *([t(lang, "dm.message_whole", text=preview(extras.whole))] if extras is not None and extras.whole else []),
        *([t(lang, "dm.own_part", text=preview(extras.own))] if extras is not None and extras.own else []),
        *([t(lang, "dm.text_cut", id=ev.id)] if whole_follows and whole_below(ev) else []),
        t(lang, "dm.from", reporter=reporter, chat=chat),
    ]
    if ev.false_alarms:  # its reporter's alarms were false lately: said, never held back
        lines.append(t(lang, "dm.false_alarms", n=ev.false_alarms))
    lines += late_lines(lang, ev, "dm.late")
    link = message_link(ev.chat_id, ev.message_id)
    if link:
        lines.append(t(lang, "dm.link", link=link))
    if extras:
        lines.extend(extras_lines(lang, ev, replace(extras, location=None) if pin else extras))
    if state_line:
        lines.append(state_line)
    return join(lines)


def dispatched_keyboard(lang: str, event_id: int, hand_back: bool = True) -> dict:
    """Accept / Hand back; Accept alone for one asked to help (``hand_back`` False: the event is not theirs)."""
    accept = button(plain(lang, "btn.accept"), Action.ACCEPT, event_id)
    return keyboard(
        [accept, button(plain(lang, "btn.hand_back"), Action.HAND_BACK, event_id)] if hand_back else [accept]
    )


def accepted_keyboard(lang: str, event_id: int, undo: bool = False) -> dict:
    """Close / Hand back; ``undo``: just accepted, and Undo below them (a mis-tapped Accept taken back)."""
    rows = [
        [
            button(plain(lang, "btn.close"), Action.CLOSE, event_id),
            button(plain(lang, "btn.hand_back"), Action.HAND_BACK, event_id),
        ]
    ]
    if undo:
        rows.append([button(plain(lang, "btn.undo_accept"), Action.UNDO_ACCEPT, event_id)])
    return keyboard(*rows)


def reopen_keyboard(lang: str, event_id: int) -> dict:
    """The committee's one button under a "still not solved" note held closed: open it again (admins only)."""
    return keyboard([button(plain(lang, "btn.reopen", id=event_id), Action.REOPEN, event_id)])


def close_keyboard(lang: str, event_id: int) -> dict:
    """The outcome choices: closed is not always fixed."""
    return keyboard(
        [button(plain(lang, "btn.fixed"), Action.CLOSE_FIXED, event_id)],
        [button(plain(lang, "btn.nothing_found"), Action.CLOSE_NOTHING_FOUND, event_id)],
        [button(plain(lang, "btn.cannot_fix"), Action.CLOSE_CANNOT, event_id)],
        [button(plain(lang, "btn.referred"), Action.CLOSE_REFERRED, event_id)],
        [button(plain(lang, "btn.duplicate"), Action.CLOSE_DUPLICATE, event_id)],
        [button(plain(lang, "btn.back"), Action.CLOSE_BACK, event_id)],
    )


def one_chinese(lang: str, also: str) -> bool:
    """Whether two languages are Chinese both (Simplified and Traditional): one is said where both would be."""
    return lang != also and lang.startswith("zh") and also.startswith("zh")


def confirm_keyboard(lang: str, conf_id: int, also: str | None = None) -> dict:
    """Report it / Not a report (only the writer may press); ``also``: the writer's language, added to the labels,
    which then take a row each (two of 「📝 是，请登记 / 📝 Yes, log it」 side by side are cut on a phone, his half
    first). Chinese beside Chinese in the other script: the writer's alone (``one_chinese``)."""
    if also is not None and one_chinese(lang, also):
        lang, also = also, None
    both = also is not None and also != lang

    def label(key: str) -> str:
        return f"{plain(lang, key)} / {plain(also, key)}" if both else plain(lang, key)

    yes = button(label("btn.confirm_yes"), Action.CONFIRM_YES, conf_id)
    no = button(label("btn.confirm_no"), Action.CONFIRM_NO, conf_id)
    return keyboard([yes], [no]) if both else keyboard([yes, no])


def outcome_label(lang: str, outcome: Outcome) -> Html:
    """'已修复' and the like."""
    return t(lang, f"outcome.{outcome.value}")


def survey_keyboard(lang: str, survey_id: int, outcome: Outcome | None = None) -> dict:
    """Solved and satisfied / solved but not satisfied / not solved (only the resident asked may press). After
    "nothing found": all fine and satisfied / all fine, not satisfied / it is still there (which reopens it, as
    "not solved" does). After a close that did not fix it ("cannot fix", "referred"): satisfied / not satisfied
    with how it was handled."""
    if outcome is not None and not outcome.asks_if_solved:
        return keyboard(
            [button(plain(lang, "btn.handling_ok"), Action.RATE, survey_id, "ok")],
            [button(plain(lang, "btn.handling_meh"), Action.RATE, survey_id, "meh")],
        )
    kind = "found" if outcome is Outcome.NOTHING_FOUND else "survey"
    return keyboard(
        [button(plain(lang, f"btn.{kind}_ok"), Action.RATE, survey_id, "ok")],
        [button(plain(lang, f"btn.{kind}_meh"), Action.RATE, survey_id, "meh")],
        [button(plain(lang, f"btn.{kind}_no"), Action.RATE, survey_id, "no")],
    )


def nudge_line(lang: str, ev: Event, category: bool = False) -> Html:
    """'🟡 #12 Bldg 5 Unit 6 · no power' for a list of events still waiting (a phone's line: a few words);
    ``category``: '🟡 #12 Repair · Bldg 5 Unit 6 · no power', for an event the list tells for the first time."""
    return t(
        lang,
        "nudge.new_line" if category else "nudge.line",
        icon=URGENCY_ICON[ev.urgency],
        id=ev.id,
        place=location_label(lang, ev),
        words=preview(ev.text, 20),
        **({"category": t(lang, f"category.{ev.category.value}")} if category else {}),
    )


def show_keyboard(lang: str, event_ids: list[int], per_row: int = 5) -> dict:
    """A '#12' button per event (at most 40 events: within Telegram's 100 buttons): its message again."""
    buttons = [button(plain(lang, "btn.show", id=i), Action.SHOW, i) for i in event_ids[:40]]
    return keyboard(*in_rows(buttons, per_row))
