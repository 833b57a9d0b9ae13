-- A close's award for the worker is taken back when the event opens again (the residents say it is not fixed) and
-- earned again by the close after: each close of an event is a round of its own (the event's reopened_count when
-- it was closed). An event still earns each reason once per user and round: a re-fired timer adds nothing, a
-- reporter's "report confirmed" and a good rating stay in round 0, once per event.
CREATE TABLE points_ledger_033 (
    id        INTEGER PRIMARY KEY,
    user_id   INTEGER NOT NULL,
    delta     INTEGER NOT NULL,
    reason    TEXT NOT NULL,      -- report_confirmed | closed_in_time | close_reopened | good_rating | award | deduct | redeem
    event_id  INTEGER REFERENCES events (id),   -- NULL for an admin's award, deduction or redemption
    by_user   INTEGER,            -- the admin who made a manual change
    note      TEXT,
    at        INTEGER NOT NULL,
    round     INTEGER NOT NULL DEFAULT 0,   -- the close it is about: the event's reopened_count then
    -- (SQLite treats NULL event ids as distinct, so manual rows never collide.)
    UNIQUE (user_id, event_id, reason, round)
);
INSERT INTO points_ledger_033 (id, user_id, delta, reason, event_id, by_user, note, at)
    SELECT id, user_id, delta, reason, event_id, by_user, note, at FROM points_ledger ORDER BY id;
DROP TABLE points_ledger;
ALTER TABLE points_ledger_033 RENAME TO points_ledger;
CREATE INDEX points_user ON points_ledger (user_id, id);
CREATE INDEX points_at ON points_ledger (at);
