-- A photo or location pin sent with no words that joined no event (the photo first, the words a moment later; or
-- sent while its sender's "Report it?" question waits): kept until the same person's words in the same chat open
-- or join an event, which takes it (the row moves to event_media), or the nightly housekeeping forgets it.
CREATE TABLE held_media (
    id         INTEGER PRIMARY KEY,
    chat_id    INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    user_id    INTEGER NOT NULL,
    file_id    TEXT,
    lat        REAL,
    lon        REAL,
    sent_as    TEXT,
    album      TEXT,
    at         INTEGER NOT NULL,
    UNIQUE (chat_id, message_id)
);
CREATE INDEX held_media_person ON held_media (chat_id, user_id, at);
