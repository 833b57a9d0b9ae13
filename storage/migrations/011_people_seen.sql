-- When a person last wrote in a bound residents' group: private reports are taken from people the
-- bot has seen there (or who are listed in the community file), not from strangers (issue 12).
ALTER TABLE people ADD COLUMN group_seen_at INTEGER;
