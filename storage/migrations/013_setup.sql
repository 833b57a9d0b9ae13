-- Set-up inside Telegram (issue 15): groups the bot was added to before the community file lists them,
-- reports written there while they wait (kept, never dropped), and shifts admins add by chat command.
CREATE TABLE waiting_chats (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,  -- short id for the bind buttons' callback_data
    chat_id    INTEGER NOT NULL UNIQUE,
    title      TEXT,
    added_at   INTEGER NOT NULL,
    grid_id    TEXT,                               -- set once an admin binds it (then it is bound)
    bound_by   INTEGER,
    bound_at   INTEGER
);

CREATE TABLE waiting_reports (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    chat_id      INTEGER NOT NULL,
    message_id   INTEGER NOT NULL,
    user_id      INTEGER NOT NULL,
    user_name    TEXT,
    username     TEXT,
    language     TEXT,
    text         TEXT NOT NULL,
    received_at  INTEGER NOT NULL,
    done_at      INTEGER,                          -- handled as a report once the group was bound
    UNIQUE (chat_id, message_id)
);
CREATE INDEX waiting_reports_pending ON waiting_reports (chat_id) WHERE done_at IS NULL;

CREATE TABLE added_shifts (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    worker_id  INTEGER NOT NULL,
    unit       TEXT NOT NULL,                      -- a grid id or a team id
    days       TEXT NOT NULL,
    start      TEXT NOT NULL,
    end        TEXT NOT NULL,
    role       TEXT NOT NULL,
    added_by   INTEGER NOT NULL,
    added_at   INTEGER NOT NULL
);

-- When the bot first started on this database: no scheduled weekly digest for a week that ended before
-- it (a fresh install or the demo must not open with an empty digest of a week before the bot existed).
-- An existing database ran at least since its first event or digest.
CREATE TABLE bot_meta (
    key    TEXT PRIMARY KEY,
    value  INTEGER NOT NULL
);
INSERT INTO bot_meta (key, value)
SELECT 'first_started_at', MIN(t) FROM (
    SELECT MIN(created_at) AS t FROM events UNION ALL SELECT MIN(queued_at) FROM digests_sent
) WHERE t IS NOT NULL HAVING MIN(t) IS NOT NULL;
