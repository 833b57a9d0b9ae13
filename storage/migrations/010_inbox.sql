-- The inbox: every update from Telegram is a row before Telegram is told it arrived (issue 12).
-- payload is cleared once the update is handled; the highest update_id stays as the polling offset.
CREATE TABLE inbox (
    update_id INTEGER PRIMARY KEY,
    received_at INTEGER NOT NULL,
    lane INTEGER NOT NULL DEFAULT 0,          -- chat (or user) the update belongs to: handled in order per lane
    user_id INTEGER,                          -- who sent it, so /forget_me can clear a failed row
    payload TEXT,
    status TEXT NOT NULL DEFAULT 'pending',   -- pending | done | failed
    attempts INTEGER NOT NULL DEFAULT 0,
    not_before INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    done_at INTEGER
);
CREATE INDEX inbox_pending ON inbox (update_id) WHERE status = 'pending';
CREATE INDEX inbox_failed ON inbox (update_id) WHERE status = 'failed';
