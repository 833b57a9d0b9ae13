-- A place said alone ("3号楼2单元") by a resident with no report of hers it can fill: kept a moment for the report
-- her next words make ("楼道的灯坏了"), which takes it as its place, or forgotten by the nightly housekeeping.
CREATE TABLE held_places (
    id         INTEGER PRIMARY KEY,
    chat_id    INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    user_id    INTEGER NOT NULL,
    building   TEXT NOT NULL,
    unit       TEXT,
    room       TEXT,
    at         INTEGER NOT NULL,
    UNIQUE (chat_id, message_id)
);
CREATE INDEX held_places_person ON held_places (chat_id, user_id, at);
