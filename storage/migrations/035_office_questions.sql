-- A resident's question the bot cannot answer ("物业费怎么交？"), asked in private: kept so that she may have it
-- passed to the committee chat (her press on the offer's button), whose reply under it reaches her in private.
-- A question not passed on is forgotten by the nightly housekeeping; /forget_me drops hers.
CREATE TABLE IF NOT EXISTS office_questions (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL,
    user_name   TEXT NOT NULL,
    message_id  INTEGER NOT NULL,   -- her message in her private chat with the bot
    text        TEXT NOT NULL,
    at          INTEGER NOT NULL,
    passed_at   INTEGER,            -- when she had it passed to the committee (NULL: not yet)
    UNIQUE (user_id, message_id)
);
CREATE INDEX IF NOT EXISTS office_questions_at ON office_questions (at);
