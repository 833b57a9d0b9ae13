-- The picture a message asked about ("Report it?") came with (a forwarded captioned photo): its file id, how it
-- came (as storage/migrations/019: NULL a photo, 'document', 'video') and its album, so that a yes opens the event
-- with it.
ALTER TABLE confirmations ADD COLUMN photo TEXT;
ALTER TABLE confirmations ADD COLUMN sent_as TEXT;
ALTER TABLE confirmations ADD COLUMN album TEXT;
