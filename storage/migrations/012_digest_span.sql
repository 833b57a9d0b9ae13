-- The digest of an old week, bounded (issue 13): "closed after the week's end, reported before it" used
-- to scan every event closed since the week. Events are indexed by how long they took to close (a
-- class: under a day, a week, 30 days, a year, longer) and when they were reported, so each class is
-- read only over the reports that could still have been open at the week's end. The expression must
-- stay identical to storage/digest.py's SPAN for SQLite to use this index.
CREATE INDEX events_closed_span ON events (
    (CASE WHEN closed_at - created_at < 86400 THEN 0
          WHEN closed_at - created_at < 604800 THEN 1
          WHEN closed_at - created_at < 2592000 THEN 2
          WHEN closed_at - created_at < 31536000 THEN 3
          ELSE 4 END),
    created_at
) WHERE closed_at IS NOT NULL;
