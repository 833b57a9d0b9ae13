"""/console: staff get a one-time sign-in link for the committee's console (and the Mini App button)."""

from __future__ import annotations

from bot.services import console_auth
from handlers.common import Asked, Said, command, display


@command
async def on_console(a: Asked) -> Said:
    """/console: the link and button for admins and workers, in a private chat."""
    asker = console_auth.Asker(a.user_id, display(a.user), a.user.username, a.user.language_code)
    offer = await console_auth.offer(a.ctx, asker, a.private, a.lang)
    return offer.text, offer.markup
