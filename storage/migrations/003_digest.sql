-- Weekly digest: which weeks were sent, files for the outbox (the chart), indexes for the figures.

-- One row per digested week, written in the same transaction as the digest's outbox rows.
CREATE TABLE digests_sent (
    week        TEXT PRIMARY KEY,          -- ISO week reported on, e.g. 2026-W47
    chat_id     INTEGER NOT NULL,
    queued_at   INTEGER NOT NULL
);

-- A file to upload with an outbox row (sendPhoto/sendDocument): kept in the database so it survives restarts.
CREATE TABLE outbox_files (
    outbox_id   INTEGER PRIMARY KEY REFERENCES outbox (id),
    field       TEXT NOT NULL,             -- the Bot API parameter: photo | document
    filename    TEXT NOT NULL,
    data        BLOB NOT NULL
);

CREATE INDEX events_closed ON events (closed_at);
CREATE INDEX events_accepted ON events (accepted_at);
CREATE INDEX event_log_action ON event_log (action, at);
CREATE INDEX surveys_created ON surveys (created_at);
