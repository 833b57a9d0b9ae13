-- This database's tag, stamped into every button it sends (bot/core/callbacks.py): a press on a card another
-- database sent (a second copy of the bot on the same token, a copy started on a backup) is refused, not taken for
-- this database's event of the same number. Made once here, for a new database and an existing one alike; a backup
-- copy and a restored database keep none, and are given a new one at their first start (storage/meta.py).
INSERT INTO bot_meta (key, value) VALUES ('button_tag', random() & 2147483647) ON CONFLICT (key) DO NOTHING;
-- A press without this database's tag is taken only on a message this database sent, whatever it was about.
DROP INDEX outbox_sent_message;
CREATE INDEX outbox_sent_message ON outbox (chat_id, result_message_id) WHERE status = 'sent';
