-- The report path's look-ups stay fast with millions of events (flood control per resident).
CREATE INDEX events_reporter ON events (reporter_id, created_at);
