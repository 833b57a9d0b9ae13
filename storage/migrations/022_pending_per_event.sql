-- A worker may be asked about several events at once (a reason for #1, whom #2 was referred to, an "after" photo
-- for #3): one question per worker and event, where one per worker let each question replace the one before it
-- (the words for #1 closed #2; the reason for #2 was taken as "no photo for #3"). Which is newest is the row's
-- order (a question asked again is written anew).
CREATE TABLE pending_inputs_022 (
    user_id     INTEGER NOT NULL,
    event_id    INTEGER NOT NULL REFERENCES events (id),
    kind        TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (user_id, event_id)
);
INSERT INTO pending_inputs_022 (user_id, event_id, kind, created_at)
    SELECT user_id, event_id, kind, created_at FROM pending_inputs ORDER BY created_at;
DROP TABLE pending_inputs;
ALTER TABLE pending_inputs_022 RENAME TO pending_inputs;
-- A worker's reply to the bot's message about an event (its DM) names the event that question is about.
CREATE INDEX notifications_message ON notifications (chat_id, message_id);
