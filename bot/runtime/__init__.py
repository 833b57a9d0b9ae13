"""The Telegram runtime: receiving updates into the inbox, handling them, and the process around it."""
