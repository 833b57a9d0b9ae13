-- The sender reads the queue a chat at a time (storage/outbox.py pending_chats): each chat with pending rows and
-- its latest retry time, by index seeks, so a throttled chat's backlog of thousands of rows is never read while
-- it waits (a window of the first 2,000 rows held every other chat back behind it).
CREATE INDEX outbox_pending_wait ON outbox (chat_id, not_before) WHERE status = 'pending';
