-- The chats whose own command menu (a chat-scoped setMyCommands: a worker's or an admin's private chat, the
-- committee chat) the bot set: one no longer given a menu at a start has it deleted (deleteMyCommands), so a
-- worker taken out of the community file loses the workers' menu.
CREATE TABLE menu_chats (
    chat_id  INTEGER PRIMARY KEY
);
