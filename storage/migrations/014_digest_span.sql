-- The digest of any week at a million events (issue 13).
-- 1. "Closed after the week's end, reported before it" used to scan every event closed since the week.
--    Events are indexed by how long they took to close (a class: under a day, a week, 30 days, a year,
--    longer) and when they were reported, so each class is read only over the reports that could still
--    have been open at the week's end. The expression must stay identical to storage/digest.py's SPAN for
--    SQLite to use this index.
CREATE INDEX events_closed_span ON events (
    (CASE WHEN closed_at - created_at < 86400 THEN 0
          WHEN closed_at - created_at < 604800 THEN 1
          WHEN closed_at - created_at < 2592000 THEN 2
          WHEN closed_at - created_at < 31536000 THEN 3
          ELSE 4 END),
    created_at
) WHERE closed_at IS NOT NULL;
-- 2. The trend of times to close (8 weeks of closings) and the hot spots (30 days of places) are read from
--    the index alone, without a look-up of each event's row. events_closed_trend replaces events_closed
--    (same first column) for every read by closed_at.
DROP INDEX events_closed;
CREATE INDEX events_closed_trend ON events (closed_at, status, created_at);
CREATE INDEX events_spots ON events (created_at, building, unit, category) WHERE building IS NOT NULL;
