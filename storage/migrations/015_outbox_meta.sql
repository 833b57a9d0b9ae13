-- An outbox row's bookkeeping in a column of its own, never in the Bot API payload: which message an
-- edit is about when it was queued before that message was sent (ref: ack | dm), the survey a question
-- belongs to (survey), and a file uploaded with the row (file: the payload field it fills).
-- Older rows keep these as "_ref", "_survey" and "_file" in the payload; storage/outbox.py reads both.
ALTER TABLE outbox ADD COLUMN meta TEXT;
