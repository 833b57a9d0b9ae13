-- A resident's voice message in a group, written with no report of hers open there: the bot cannot listen to it, so
-- the hint under it offers to pass it to the worker on duty (only she may press). Kept until passed on, or until the
-- nightly housekeeping forgets it; /forget_me drops hers.
CREATE TABLE IF NOT EXISTS voice_notes (
    id         INTEGER PRIMARY KEY,
    chat_id    INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    user_id    INTEGER NOT NULL,
    user_name  TEXT NOT NULL,
    file_id    TEXT NOT NULL,
    at         INTEGER NOT NULL,
    passed_to  INTEGER,            -- the worker it went to (NULL: the committee chat, or not passed yet)
    passed_at  INTEGER,            -- when she had it passed on (NULL: not yet)
    UNIQUE (chat_id, message_id)
);
CREATE INDEX IF NOT EXISTS voice_notes_at ON voice_notes (at);
