-- Linli schema v1. Times are integer epoch seconds (UTC).

CREATE TABLE chats (
    chat_id      INTEGER PRIMARY KEY,
    grid_id      TEXT,
    title        TEXT,
    language     TEXT,
    active       INTEGER NOT NULL DEFAULT 1,
    migrated_to  INTEGER
);

CREATE TABLE people (
    user_id     INTEGER PRIMARY KEY,
    name        TEXT,
    username    TEXT,
    language    TEXT,
    started     INTEGER NOT NULL DEFAULT 0,
    blocked     INTEGER NOT NULL DEFAULT 0,
    updated_at  INTEGER
);

CREATE TABLE workers (
    user_id     INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    phone       TEXT,
    source      TEXT NOT NULL DEFAULT 'file',
    grid_id     TEXT,
    active      INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE duty_overrides (
    id          INTEGER PRIMARY KEY,
    worker_id   INTEGER NOT NULL,
    grid_id     TEXT,
    on_duty     INTEGER NOT NULL,
    until       INTEGER,
    created_at  INTEGER NOT NULL
);

CREATE TABLE invites (
    code        TEXT PRIMARY KEY,
    created_by  INTEGER NOT NULL,
    grid_id     TEXT,
    created_at  INTEGER NOT NULL,
    used_by     INTEGER,
    used_at     INTEGER
);

CREATE TABLE events (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    chat_id       INTEGER NOT NULL,
    message_id    INTEGER NOT NULL,
    reporter_id   INTEGER NOT NULL,
    reporter_name TEXT,
    text          TEXT NOT NULL,
    category      TEXT NOT NULL,
    urgency       TEXT NOT NULL,
    building      TEXT,
    unit          TEXT,
    room          TEXT,
    grid_id       TEXT,
    status        TEXT NOT NULL,
    assignee_id   INTEGER,
    created_at    INTEGER NOT NULL,
    accepted_at   INTEGER,
    closed_at     INTEGER,
    outcome       TEXT,
    outcome_note  TEXT,
    ack_message_id INTEGER,
    language      TEXT,
    UNIQUE (chat_id, message_id)
);
CREATE INDEX events_status ON events (status);
CREATE INDEX events_assignee ON events (assignee_id, status);
CREATE INDEX events_created ON events (created_at);

CREATE TABLE event_log (
    id        INTEGER PRIMARY KEY,
    event_id  INTEGER NOT NULL REFERENCES events (id),
    at        INTEGER NOT NULL,
    actor_id  INTEGER,
    action    TEXT NOT NULL,
    detail    TEXT
);
CREATE INDEX event_log_event ON event_log (event_id, id);

-- Which private messages about an event went to which worker (to edit their buttons later).
CREATE TABLE notifications (
    id          INTEGER PRIMARY KEY,
    event_id    INTEGER NOT NULL REFERENCES events (id),
    user_id     INTEGER NOT NULL,
    chat_id     INTEGER NOT NULL,
    message_id  INTEGER NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX notifications_event ON notifications (event_id);

-- Every message to Telegram is a row here first; one sender delivers them.
CREATE TABLE outbox (
    id           INTEGER PRIMARY KEY,
    created_at   INTEGER NOT NULL,
    not_before   INTEGER NOT NULL,
    method       TEXT NOT NULL,
    chat_id      INTEGER NOT NULL,
    payload      TEXT NOT NULL,
    purpose      TEXT,
    event_id     INTEGER,
    dedup_key    TEXT UNIQUE,
    status       TEXT NOT NULL DEFAULT 'pending',
    attempts     INTEGER NOT NULL DEFAULT 0,
    last_error   TEXT,
    sent_at      INTEGER,
    result_message_id INTEGER
);
CREATE INDEX outbox_pending ON outbox (status, not_before, id);

-- Every timer is a row; the scheduler runs one job per pending row.
CREATE TABLE timers (
    id          INTEGER PRIMARY KEY,
    event_id    INTEGER REFERENCES events (id),
    kind        TEXT NOT NULL,
    due_at      INTEGER NOT NULL,
    status      TEXT NOT NULL DEFAULT 'pending',
    payload     TEXT,
    created_at  INTEGER NOT NULL,
    fired_at    INTEGER
);
CREATE INDEX timers_pending ON timers (status, due_at);

-- Low-confidence messages the bot asked the writer about ("Report it" / "Not a report").
CREATE TABLE confirmations (
    id          INTEGER PRIMARY KEY,
    chat_id     INTEGER NOT NULL,
    message_id  INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    user_name   TEXT,
    text        TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    status      TEXT NOT NULL DEFAULT 'open',
    event_id    INTEGER,
    UNIQUE (chat_id, message_id)
);

-- A worker asked to type something (a reason for closing, a referral, a duplicate number).
CREATE TABLE pending_inputs (
    user_id     INTEGER PRIMARY KEY,
    event_id    INTEGER NOT NULL REFERENCES events (id),
    kind        TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);
