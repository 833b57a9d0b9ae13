-- The queues' indexes held every row ever queued (a year of use, bench/bench_year.py: 108,000 outbox rows and
-- 74,000 timers, a few dozen of them pending): partial ones hold the queue alone and stay as small as it is.
DROP INDEX outbox_pending;
CREATE INDEX outbox_due ON outbox (not_before) WHERE status = 'pending';
DROP INDEX timers_pending;
CREATE INDEX timers_due ON timers (due_at) WHERE status = 'pending';
-- The events with a worker (the morning briefs, a departing worker's events: storage/events.py open_all), oldest
-- first: SQLite uses a partial index only when the query's WHERE names its terms, and events_open_board's
-- (every open status) is not named by "status IN ('dispatched', 'accepted')".
CREATE INDEX events_with_worker ON events (created_at) WHERE status IN ('dispatched', 'accepted');
-- The groups a person was seen writing in (a private report's choice of group, storage/inbox.py groups_seen) and
-- /forget_me's clearing of their updates, without reading the whole inbox.
CREATE INDEX inbox_user ON inbox (user_id);
