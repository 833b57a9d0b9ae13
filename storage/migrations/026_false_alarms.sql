-- How many of its reporter's reports were closed as "nothing found" in the 30 days before this one, when they
-- reached FALSE_ALARMS_NOTICE (else 0): the worker's card and the committee's alert carry a warning line.
ALTER TABLE events ADD COLUMN false_alarms INTEGER NOT NULL DEFAULT 0;
