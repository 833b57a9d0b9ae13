"""Fault injection: scripted (``fail_next``) and random (``set_fault_rate``) failures."""

from __future__ import annotations

import random
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, Literal

DEFAULT_DESCRIPTIONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    500: "Internal Server Error",
    502: "Bad Gateway",
    504: "Gateway Timeout",
}
FaultKind = Literal["429", "502", "timeout"]


@dataclass
class Fault:
    """One failure to apply to a call: an HTTP error answer, or a delayed ("timeout") answer."""

    code: int | Literal["timeout"]
    description: str = ""
    retry_after: int | None = None

    @property
    def is_timeout(self) -> bool:
        """Delay the answer beyond the client's read timeout (the call still takes effect)."""
        return self.code == "timeout"

    def status(self) -> int:
        """HTTP status to answer with."""
        return 200 if self.code == "timeout" else int(self.code)

    def body(self) -> dict[str, Any]:
        """Telegram-like error body."""
        code = int(self.code) if self.code != "timeout" else 504
        if code == 429:
            retry = self.retry_after if self.retry_after is not None else 1
            return {
                "ok": False,
                "error_code": 429,
                "description": self.description or f"Too Many Requests: retry after {retry}",
                "parameters": {"retry_after": retry},
            }
        out: dict[str, Any] = {
            "ok": False,
            "error_code": code,
            "description": self.description or DEFAULT_DESCRIPTIONS.get(code, "Error"),
        }
        if self.retry_after is not None:
            out["parameters"] = {"retry_after": self.retry_after}
        return out


@dataclass
class _Rule:
    method: str | None
    fault: Fault
    times: int
    chat_id: int | None = None  # only calls to this chat (their ``chat_id`` parameter)

    def matches(self, method: str, chat_id: object) -> bool:
        if self.method != method and not (self.method is None and method != "getUpdates"):
            return False
        return self.chat_id is None or _same_chat(self.chat_id, chat_id)


def _same_chat(wanted: int, given: object) -> bool:
    try:
        return int(str(given)) == wanted
    except ValueError:
        return False


class Faults:
    """Decides, per call, whether and how to fail it."""

    def __init__(self) -> None:
        self._rules: list[_Rule] = []
        self._share = 0.0
        self._kinds: tuple[str, ...] = ()
        self._rng = random.Random(0)
        self._methods: frozenset[str] | None = None
        self._exclude: frozenset[str] = frozenset()
        self._retry_after = 1

    def fail_next(
        self,
        method: str | None,
        code: int | Literal["timeout"],
        description: str = "",
        retry_after: int | None = None,
        times: int = 1,
        chat_id: int | None = None,
    ) -> None:
        """Fail the next ``times`` calls of ``method`` (None = any method except getUpdates); with
        ``chat_id``, only calls to that chat (a throttled or hanging chat while the others work).

        429 answers "Too Many Requests: retry after N" with ``parameters.retry_after``; 502 answers an
        HTTP 502; ``"timeout"`` applies the call but holds the answer ``timeout_delay`` seconds.
        """
        self._rules.append(_Rule(method, Fault(code, description, retry_after), times, chat_id))

    def set_rate(
        self,
        share: float,
        kinds: Collection[FaultKind] = ("429", "502", "timeout"),
        seed: int | None = 0,
        methods: Collection[str] | None = None,
        exclude: Collection[str] = ("getUpdates",),
        retry_after: int = 1,
    ) -> None:
        """Randomly fail ``share`` (0..1) of matching calls with one of ``kinds`` (getUpdates excluded unless
        ``exclude=()``)."""
        if not 0.0 <= share <= 1.0:
            raise ValueError("share must be within 0..1")
        self._share, self._kinds, self._rng = share, tuple(kinds), random.Random(seed)
        self._methods = frozenset(methods) if methods is not None else None
        self._exclude, self._retry_after = frozenset(exclude), retry_after

    def clear(self) -> None:
        """Remove every scripted and random fault."""
        self._rules.clear()
        self._share = 0.0

    def pick(self, method: str, chat_id: object = None) -> Fault | None:
        """The fault to apply to this call of ``method`` (to ``chat_id``), if any (consumes scripted rules)."""
        for rule in self._rules:
            if rule.matches(method, chat_id):
                rule.times -= 1
                if rule.times <= 0:
                    self._rules.remove(rule)
                return rule.fault
        if not self._share or method in self._exclude:
            return None
        if self._methods is not None and method not in self._methods:
            return None
        if self._rng.random() >= self._share:
            return None
        kind = self._rng.choice(self._kinds)
        if kind == "timeout":
            return Fault("timeout")
        if kind == "429":
            return Fault(429, retry_after=self._retry_after)
        return Fault(int(kind))
