"""Use case: a resident asks the bot to forget them."""

from __future__ import annotations

import logging

from bot.context import AppContext
from storage import people, reporters

log = logging.getLogger(__name__)


async def forget_me(ctx: AppContext, user_id: int) -> int:
    """Erase the user's name, username and message texts; events stay as anonymous counts."""
    async with ctx.db.tx() as c:
        touched = await people.forget(c, user_id)
        await reporters.forget(c, user_id)
    log.info("forgot a user (%s events anonymised)", touched)
    return touched
