"""The one result of a use case that answers a person: a locale key with its values, and how it went."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.callbacks import Action


@dataclass(frozen=True, slots=True)
class Button:
    """A button an answer carries: its label's locale key, what a press does, to which event, and its argument."""

    key: str
    action: Action
    event_id: int
    arg: str | None = None


@dataclass(frozen=True, slots=True)
class Answer:
    """What to tell the person who asked.

    ``alert``: a refusal they must notice (shown as an alert on a button press); ``retry``: refused
    words they may correct and send again (e.g. a wrong original # for a duplicate); ``buttons``: what the answer
    offers to press (a typed answer's, not a press's: an alert has no room for buttons). Callers decide
    on these flags, never on the locale key.
    """

    key: str
    alert: bool = False
    values: tuple[tuple[str, object], ...] = ()
    retry: bool = False
    buttons: tuple[Button, ...] = ()  # under the answer, in its language (a press works as on the card)

    @classmethod
    def of(cls, key: str, alert: bool = False, **values: object) -> Answer:
        """An answer with its values given as keywords."""
        return cls(key, alert, tuple(values.items()))
