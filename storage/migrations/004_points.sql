-- Community points (社区积分): every change is a row; a user's balance is the sum of their deltas.

CREATE TABLE points_ledger (
    id        INTEGER PRIMARY KEY,
    user_id   INTEGER NOT NULL,
    delta     INTEGER NOT NULL,
    reason    TEXT NOT NULL,      -- report_confirmed | closed_in_time | good_rating | award | deduct | redeem
    event_id  INTEGER REFERENCES events (id),   -- NULL for an admin's award, deduction or redemption
    by_user   INTEGER,            -- the admin who made a manual change
    note      TEXT,
    at        INTEGER NOT NULL,
    -- An event earns each reason once per user: a re-close or a re-fired timer adds nothing.
    -- (SQLite treats NULL event ids as distinct, so manual rows never collide.)
    UNIQUE (user_id, event_id, reason)
);
CREATE INDEX points_user ON points_ledger (user_id, id);
CREATE INDEX points_at ON points_ledger (at);
