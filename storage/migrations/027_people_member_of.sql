-- The residents' group Telegram said a person is a member of (getChatMember), for one who never wrote there: their
-- private report without a building goes to that group's grid.
ALTER TABLE people ADD COLUMN member_of INTEGER;
