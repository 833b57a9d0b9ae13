-- Same problem, one event (every reporter of an event); photos and places; anonymous reports.

-- Everyone who reported an event: the first reporter and each report merged into it.
CREATE TABLE event_reporters (
    id          INTEGER PRIMARY KEY,
    event_id    INTEGER NOT NULL REFERENCES events (id),
    user_id     INTEGER NOT NULL,
    user_name   TEXT,
    chat_id     INTEGER NOT NULL,          -- where they reported (a group or their private chat)
    message_id  INTEGER NOT NULL,
    text        TEXT,
    at          INTEGER NOT NULL,
    merged      INTEGER NOT NULL DEFAULT 0,  -- 1: joined an existing event (may be split out again)
    UNIQUE (chat_id, message_id)
);
CREATE INDEX event_reporters_event ON event_reporters (event_id);

-- Photos and location pins of an event; the Open311 export reads kind='location' (lat, lon).
CREATE TABLE event_media (
    id        INTEGER PRIMARY KEY,
    event_id  INTEGER NOT NULL REFERENCES events (id),
    kind      TEXT NOT NULL,               -- photo | location | after_photo
    file_id   TEXT,
    lat       REAL,
    lon       REAL,
    at        INTEGER NOT NULL,
    by        INTEGER
);
CREATE INDEX event_media_event ON event_media (event_id, kind);

-- 1: the reporter asked not to be named in the group (the committee and workers still see who).
ALTER TABLE events ADD COLUMN anonymous INTEGER NOT NULL DEFAULT 0;
