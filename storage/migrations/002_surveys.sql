-- Satisfaction surveys after closing, reopen counts and due times.

-- One row per resident asked "is it fixed?" about an event.
CREATE TABLE surveys (
    id           INTEGER PRIMARY KEY,
    event_id     INTEGER NOT NULL REFERENCES events (id),
    user_id      INTEGER NOT NULL,
    chat_id      INTEGER NOT NULL,          -- where the question was asked (private chat or group)
    message_id   INTEGER,                   -- the question message, once sent
    poll_id      TEXT,                      -- Telegram poll id when a native poll was used
    worker_id    INTEGER,                   -- who closed the event (ratings per worker)
    status       TEXT NOT NULL DEFAULT 'open',   -- open | answered | unanswered
    choice       TEXT,                      -- satisfied | unsatisfied | not_solved
    created_at   INTEGER NOT NULL,
    answered_at  INTEGER,
    round        INTEGER NOT NULL DEFAULT 1,     -- which closing of the event (after reopen: 2, 3…)
    UNIQUE (event_id, user_id, round)
);
CREATE INDEX surveys_event ON surveys (event_id);
CREATE INDEX surveys_poll ON surveys (poll_id);

ALTER TABLE events ADD COLUMN due_at INTEGER;            -- accepted events: fix-by time
ALTER TABLE events ADD COLUMN reopened_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN escalated_at INTEGER;      -- first escalation to backup/committee
CREATE INDEX timers_event ON timers (event_id, kind, status);
