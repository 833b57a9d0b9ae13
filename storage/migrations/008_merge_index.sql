-- Candidates for "same problem, one event": open events of a category at a building.
CREATE INDEX events_open_place ON events (category, building, status, created_at);
