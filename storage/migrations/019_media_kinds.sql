-- How a resident's picture came: NULL a photo, 'document' an image sent as a file, 'video' a video. Each goes
-- out again by its own method (sendPhoto, sendDocument, sendVideo): Telegram takes a file id as its own type only.
ALTER TABLE event_media ADD COLUMN sent_as TEXT;
-- The albums (Telegram's media_group_id: one post of several photos, each its own message) whose photos went
-- to an event: the album's other photos join that event, and the album is answered once.
CREATE TABLE albums (
    chat_id         INTEGER NOT NULL,
    media_group_id  TEXT NOT NULL,
    event_id        INTEGER NOT NULL,
    at              INTEGER NOT NULL,
    PRIMARY KEY (chat_id, media_group_id)
);
