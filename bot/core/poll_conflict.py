"""Whether getUpdates' 409s mean another copy of the bot polls Telegram with the same token. Pure.

Telegram answers 409 "Conflict: terminated by other getUpdates request" to a long poll that a newer getUpdates
cut off. Right after a restart the old process's last poll may still be open (up to one poll's timeout) and one
or two 409s pass by themselves. Two copies running cut each other's polls off for as long as both run: each
copy's 409s come at most a backoff and a poll apart. A successful poll between them proves nothing (a copy's
poll succeeds whenever an update arrives while it holds the line, so in a busy group both copies succeed now
and then), so a run of 409s ends only with a quiet spell. A process that is stopping stops polling first, and
its last poll was open for at most one poll's timeout: a run that outlasts that is another copy polling (at the
25 s poll and the poller's backoff: the 409 about 31 s after the first). A copy started in webhook mode makes
Telegram refuse every poll too ("can't use getUpdates method while webhook is active"): another copy as well.

Which copy stops: the one that came second. A copy that had polled without a 409 for a while before the run began
(settled: it was the one running) needs a run three times as long, so the newcomer, which sees 409s from its
first minute, stops first and the copy holding the community's history runs on (both settled: whichever first).
"""

from __future__ import annotations

from dataclasses import dataclass

MIN_REFUSALS = 3  # a stray 409 and one more a while later are no run


@dataclass(slots=True)
class ConflictRun:
    """The 409s seen lately (times in seconds on a monotonic clock)."""

    window: float  # a run of 409s this long is another copy
    quiet: float  # no 409 for this long ends a run
    settle: float  # polling without a 409 this long before a run began: this copy was the one running
    first: float = 0.0
    last: float | None = None
    count: int = 0
    alone_since: float | None = None  # the first poll answered since the last 409
    settled: bool = False  # the current run began while this copy was settled

    @classmethod
    def for_polls(cls, poll_timeout: float, max_backoff: float) -> ConflictRun:
        """Another copy once 409s came for longer than a poll; a run ends after a backoff and a poll without one;
        settled after two polls' worth of answered polls."""
        window = poll_timeout + 5
        return cls(window=window, quiet=max_backoff + window, settle=2 * window)

    def polled(self, at: float) -> None:
        """A poll answered at ``at``."""
        if self.alone_since is None:
            self.alone_since = at

    def refused(self, at: float) -> bool:
        """One more 409 at ``at``; True when the run it belongs to shows another copy polling."""
        if self.last is None or at - self.last > self.quiet:
            self.first, self.count = at, 0
            self.settled = self.alone_since is not None and at - self.alone_since >= self.settle
        self.last, self.alone_since = at, None
        self.count += 1
        return self.count >= MIN_REFUSALS and at - self.first >= self.window * (3 if self.settled else 1)

    def lasted(self) -> float:
        """How long the current run has lasted."""
        return 0.0 if self.last is None else self.last - self.first
