-- Telegram said at the bot's start that it has no private chat with the person (getChat: "chat not found"), as
-- `linli check` asks: a message to them would be refused, so a red whose only worker on duty is one of them is
-- acknowledged as the committee's from the start. Cleared when they start the bot or a message reaches them.
ALTER TABLE people ADD COLUMN no_chat INTEGER NOT NULL DEFAULT 0;
