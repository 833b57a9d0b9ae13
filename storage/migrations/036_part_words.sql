-- The words of each problem of a message cut into several (bot/core/several.py), kept when its events are made so a
-- worker's card reads them back instead of cutting the message again on every refresh. ``own``, at the message's
-- own event: its own problem's words (her edits of the message, before anyone accepts it, change them). ``whole``,
-- at a further problem's event: her whole message as it was when that problem was made (an edit after it shows on
-- its card as an edit, not as her original words). /forget_me blanks both.
CREATE TABLE IF NOT EXISTS event_words (
    event_id INTEGER PRIMARY KEY REFERENCES events (id),
    own      TEXT,
    whole    TEXT
);
