"""The one shape of a refusal raised on purpose: the exception carries its one value as ``reason``."""

from __future__ import annotations


class Refusal(ValueError):
    """Raised to say no; ``reason`` is what the catcher needs (a word for the log, a message key or a text)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
