-- The writer's Telegram language when asked "Report it?" (as people.language then): the question is answered and
-- its event made in the language it was asked in, though they wrote from a phone set to another since.
ALTER TABLE confirmations ADD COLUMN language TEXT;
