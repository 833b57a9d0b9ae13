-- The survey whose question in a group this one is answered by: everyone a close asks in the same group shares
-- one question (its first survey's id; that survey points at itself). NULL: asked in private, or asked alone
-- before this column.
ALTER TABLE surveys ADD COLUMN asked_with INTEGER;
