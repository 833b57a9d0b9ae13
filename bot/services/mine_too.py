"""A neighbour's words typed in the group just after a report there, not as a reply, saying theirs is so too
("我家也是") or since when it has been so ("前天就坏了"): they join it as their reply under it would
(``merging.join``), or, fitting several reports just made, he is asked which (his press: ``mine_too_pick``)."""

from __future__ import annotations

from datetime import timedelta

import aiosqlite

from bot.context import AppContext
from bot.core import followup, lifecycle, neighbour_words, next_words, permissions, several
from bot.core.callbacks import Action, id_arg
from bot.core.purpose import Purpose
from bot.core.types import Event, Incoming, ParsedReport
from bot.render import messages
from bot.render.i18n import join as join_lines
from bot.render.i18n import plain, t
from bot.services import merging, notify
from storage import reporters

TOGETHER = timedelta(minutes=5)  # two reports made this close together: a bare "我家也是" after them may be of either


async def typed(ctx: AppContext, msg: Incoming, parsed: ParsedReport, cut: several.Cut) -> tuple[bool, int] | None:
    """A neighbour's words typed in the group, not as a reply, saying theirs is so too just after a report there
    (``next_words.mine_too_typed``: "我家也是", "same here on 5F", "我们单元也不亮好几天了"; sweep: dropped, asked
    "Report it?", or #2 of no place for the same light), or, the one report just made there, telling since when its
    problem has been so (``next_words.since_of_it``: "前天就坏了", "其实上周就这样了"; residents58 sweep: #2 of no
    place, or dropped): they join it as their reply under it would, and are told which event. The newest open
    event of the chat of up to ``followup.MORE_WITHIN`` ago (a bare "mine too" up to ``merging.ME_TOO_WITHIN``)
    that they did not report and whose building their words do not contradict. Since when with several reports
    just made: the one their words fit ("灯前天就不亮了" after a hall light and a lift), or, fitting more than one
    ("前天就这样了"), they are asked which (residents59: it fell through, and could make a report of its own); so is
    a bare "我家也是" after reports by two residents made together that it fits alike (``_made_with``).
    (True, its id) joined, (False, the first's id) asked which; None: neither."""
    window = min(timedelta(seconds=ctx.settings.merge_window_s), followup.MORE_WITHIN)
    maybe = neighbour_words.may_be(parsed, msg.text)  # "是的，晚上黑漆漆的", "物业什么时候来修？"
    since = next_words.tells_since(msg.text)  # "前天就坏了", "it's been like this since Monday"
    if msg.private or msg.forwarded or not window or not (maybe or since or next_words.says_too(msg.text)):
        return None  # most chat lines: no transaction for them
    if permissions.role(ctx.community, msg.user_id) is not permissions.Role.RESIDENT:
        return None
    if cut.of(parsed):  # her message's problems (``several.Cut``)
        return None  # "3号楼电梯又坏了，楼道灯也还没修": each problem matched on its own (``reports.route``)
    now = ctx.now()
    async with ctx.db.tx() as c:
        recent = [e for e in await merging.just_made(c, msg, now, window) if parsed.building in (None, e.building)]
        if not next_words.problem_words(parsed):  # a bare "我家也是" after a message cut into problems: of its own
            recent = several.own_first(recent)  # event (newest first, its further problems are matched by words)
        every = await reporters.for_events(c, [e.id for e in recent])
        said = {e.id: [e.text] + [r.text for r in every[e.id] if r.text] for e in recent}
        # the reports of the chat just made: a neighbour's agreeing or asking when it is fixed is of the one alone
        near = [e.id for e in recent if now - e.created_at <= merging.ME_TOO_WITHIN]
        fits = [
            e
            for e in recent
            if since and e.id in near and next_words.since_of_it(parsed, msg.text, said[e.id], e.category)
        ]
        for ev in recent:
            mine = next_words.mine_too_typed(parsed, msg.text, said[ev.id], ev.category)
            alone = near == [ev.id]
            agrees = maybe and neighbour_words.of_it(msg.text, said[ev.id], ev.category, typed=True, parsed=parsed)
            of_it = not mine and ((alone and agrees) or fits == [ev])
            if not (mine or of_it):
                continue
            if permissions.reported(msg.user_id, ev, every[ev.id]) or not lifecycle.is_open(ev.status):
                return None  # hers already: the rules of her own words
            if not next_words.problem_words(parsed) and now - ev.created_at > merging.ME_TOO_WITHIN:
                return None  # "我家也是" long after: of the chat since, not of it
            if mine and (alike := _made_with(ev, recent, parsed, msg, said)):
                await ask_which(ctx, c, [*alike[::-1], ev], msg)  # "我家也是" after two just made: which?
                return False, alike[-1].id
            await merging.join(ctx, c, ev, msg, parsed=parsed, placed=of_it and parsed.building is None)
            return True, ev.id
        if len(fits) > 1 and not any(permissions.reported(msg.user_id, e, every[e.id]) for e in fits):
            await ask_which(ctx, c, fits[::-1], msg)  # as they were reported
            return False, fits[-1].id
    return None


def _made_with(
    ev: Event, recent: list[Event], parsed: ParsedReport, msg: Incoming, said: dict[int, list[str]]
) -> list[Event]:
    """The other reports a bare "mine too" may as well be about (neighbour60: "我家也是" just after "3号楼楼道灯坏了"
    and "5号楼停水了" by two residents joined the newest): by another resident, made within ``TOGETHER`` of the one
    it would join, that it fits too, newest first. None when the words name a problem (they choose by it)."""
    if next_words.problem_words(parsed):
        return []
    return [
        e
        for e in recent
        if e.id != ev.id
        and e.reporter_id not in (ev.reporter_id, msg.user_id)
        and abs(e.created_at - ev.created_at) <= TOGETHER
        and next_words.mine_too_typed(parsed, msg.text, said[e.id], e.category)
    ]


async def ask_which(ctx: AppContext, c: aiosqlite.Connection, evs: list[Event], msg: Incoming) -> None:
    """A neighbour's words fit several reports just made: he is asked which under them, a button each with its
    number and its first words that only he may press (``mine_too_pick``; which one is not guessed); once while he
    asks of the same ones."""
    lang = await notify.answer_language_for(ctx, c, msg)
    markup = messages.keyboard(*([_pick(lang, ev, msg.user_id)] for ev in evs))
    text = join_lines([t(lang, "merge.which_head"), t(lang, "merge.which_tap")], "\n")
    once = f"which:{msg.chat_id}:{msg.user_id}:" + ",".join(str(ev.id) for ev in evs)
    await notify.reply(ctx, c, msg, text, purpose=Purpose.REPLY, event_id=evs[0].id, dedup_key=once, markup=markup)


def _pick(lang: str, ev: Event, user_id: int) -> dict:
    """The button of one report under the "which one?" question: its number and first words; only he may press."""
    label = plain(lang, "merge.which_button", id=ev.id, what=messages.preview(ev.text, 16))
    return messages.button(label, Action.MINE_TOO, ev.id, id_arg(user_id))
