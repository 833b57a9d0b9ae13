-- The outbox grows with every message and is looked up by more than its queue (found by a scale review at
-- 30,000 and 128,000 events, 336,000 and 1.3 million outbox rows, where each of these lookups scanned it):
-- the event of a delivered message a resident replies to (a neighbour's reply held the write lock 0.6-4 s),
CREATE INDEX outbox_sent_message ON outbox (chat_id, result_message_id) WHERE status = 'sent' AND event_id IS NOT NULL;
-- a later queued edit of the same message, asked before each edit is sent (draining a backlog was quadratic),
CREATE INDEX outbox_pending_chat ON outbox (chat_id, id) WHERE status = 'pending';
-- and an event's rows (who still waits for a DM, a row's state, /forget_me).
CREATE INDEX outbox_event ON outbox (event_id, purpose, id);
