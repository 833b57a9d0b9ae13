-- The sender reads the queue a chat at a time (storage/outbox.py pending_chats): each chat with pending rows and
-- its latest retry time, by index seeks, so a throttled chat's backlog of thousands of rows is never read while
-- it waits (a window of the first 2,000 rows held every other chat back behind it).
CREATE INDEX outbox_pending_wait ON outbox (chat_id, not_before) WHERE status = 'pending';
-- A chat's urgent rows (1: a red event's acknowledgement, its emergency numbers, the committee's alert; decided
-- when the row is queued, bot/core/purpose.py urgent) go before its routine ones (0), each in queue order; rows
-- queued before this column are routine.
ALTER TABLE outbox ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
CREATE INDEX outbox_pending_lane ON outbox (chat_id, priority DESC, id) WHERE status = 'pending';
