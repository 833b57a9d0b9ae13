"""The test community's chats and people, by Telegram id (tests/harness.py writes its community file)."""

from __future__ import annotations

from datetime import UTC, datetime

START = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # Monday 10:00 in Shanghai: where moved clocks begin
COMMITTEE = -1001000000001
GROUP_A = -1001234567890
GROUP_B = -1009876543210
ADMIN = 1001
WANG = 2001  # 王师傅: primary, grid A
LI = 2002  # 李姐: backup, grid A
ZHAO = 2003  # 赵师傅: primary, grid B
RESIDENT = 5001  # 刘阿姨
RESIDENT2 = 5002  # 陈先生, who reads English
RESIDENT3 = 5003  # 孙奶奶
