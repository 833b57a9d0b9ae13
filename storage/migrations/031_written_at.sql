-- When a report's words were sent, for one registered LATE_AFTER or more later (the bot down, Telegram out of
-- reach): its acknowledgement, the worker's card and the committee's alert say how late (bot/core/lateness.py).
ALTER TABLE events ADD COLUMN written_at INTEGER;
