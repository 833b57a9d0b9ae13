"""/digest [2026-W47]: the weekly digest on demand, for the committee chat or an admin in private."""

from __future__ import annotations

from bot.services import digest
from handlers.common import command

# The digest (the last complete week, or the week named) is queued to this chat; a refusal is replied.
on_digest = command(lambda a: digest.on_request(a.ctx, a.user_id, a.chat_id, " ".join(a.args) or None, a.lang))
