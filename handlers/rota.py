"""Rota commands: /cover, /swap, /rota (workers and admins; the service checks who may change what)."""

from __future__ import annotations

from bot.core.rota import ChangeKind
from bot.services import rota
from handlers.common import command

on_cover = command(
    lambda a: rota.change_text(a.ctx, a.user_id, ChangeKind.COVER, a.args, a.lang)
)  # <worker> <day> [<coverer>]
on_swap = command(
    lambda a: rota.change_text(a.ctx, a.user_id, ChangeKind.SWAP, a.args, a.lang)
)  # [<worker>] <worker> <day> [<day2>]
on_rota = command(lambda a: rota.week(a.ctx, a.user_id, a.args, a.lang))  # [grid|team]: the week, paged with buttons
