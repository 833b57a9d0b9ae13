"""The one result of a use case that answers a person: a locale key with its values, and how it went."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Answer:
    """What to tell the person who asked.

    ``alert``: a refusal they must notice (shown as an alert on a button press); ``retry``: refused
    words they may correct and send again (e.g. a wrong original # for a duplicate). Callers decide
    on these flags, never on the locale key.
    """

    key: str
    alert: bool = False
    values: tuple[tuple[str, object], ...] = ()
    retry: bool = False

    @classmethod
    def of(cls, key: str, alert: bool = False, **values: object) -> Answer:
        """An answer with its values given as keywords."""
        return cls(key, alert, tuple(values.items()))
