"""Every action a line of an event's log is written with has its /status line ("log.<action>") in every language:
staff's /status reads each line by it, and one missing made /status fail for every event holding such a line."""

from __future__ import annotations

import re
from pathlib import Path

from test_i18n import CATALOGUES

from bot.render import i18n

ROOT = Path(__file__).resolve().parent.parent


# events.log(c, <event>, <time>, "action" | NAME | module.NAME, ...): the action of a line of an event's log
LOGGED = re.compile(
    r"""events\.log\(\s*c,\s*[^,]+,\s*[^,]+,\s*"""
    r"""(?:(?P<q>["'])(?P<action>[a-z_]+)(?P=q)|(?:(?P<module>[a-z_]+)\.)?(?P<name>[A-Z][A-Z_]+)\b)"""
)


def _constant(name: str, texts: list[str]) -> str | None:
    """The value of a module constant ``NAME = "value"`` in the first of these module texts defining it."""
    found = (re.search(rf'^{name} = "([a-z_]+)"', text, re.M) for text in texts)
    return next((m[1] for m in found if m), None)


def test_every_logged_action_has_a_status_line():
    """Staff's /status shows each line of an event's log by its action's "log." key: one missing made /status fail
    for every event holding such a line (her words kept under "which one?", "which_asked"; an edited caption)."""
    found, unread = set(), []
    for folder in ("bot", "handlers"):
        for path in (ROOT / folder).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            for m in LOGGED.finditer(text):
                if m["action"]:
                    found.add(m["action"])
                    continue
                homes = (
                    [text]
                    if m["module"] is None
                    else [p.read_text(encoding="utf-8") for p in ROOT.glob(f"bot/*/{m['module']}.py")]
                )
                if action := _constant(m["name"], homes):
                    found.add(action)
                else:
                    unread.append(f"{path.relative_to(ROOT)}: {m[0]}")
    assert len(found) > 30 and not unread, unread
    for lang in i18n.LANGUAGES:
        missing = sorted(a for a in found if f"log.{a}" not in CATALOGUES[lang])
        assert not missing, f"{lang}.toml has no /status line for these logged actions: {missing}"
