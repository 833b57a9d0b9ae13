-- The event a report was made in (its own, or the one a neighbour joined) before a duplicate's close moved it
-- on (NULL: it is still there). Set once: undoing a wrong duplicate takes back every report that came from it,
-- or from a duplicate of it (#3 of #2), and leaves the others where they are.
ALTER TABLE event_reporters ADD COLUMN moved_from INTEGER;
