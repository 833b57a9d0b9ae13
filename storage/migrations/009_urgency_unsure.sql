-- A red event the reader was not sure of: the writer may say it is not urgent (once).
ALTER TABLE events ADD COLUMN urgency_unsure INTEGER NOT NULL DEFAULT 0;
