"""One week in 滨海社区 (2026-W48, Monday 23 to Sunday 29 November, Asia/Shanghai), driven through the real bot, and
its weekly digest checked line by line against figures worked out by hand (docs: README "The committee's weekly
digest"; definitions in bot/core/digest.py).

Over 300 lines: the week is one story (fourteen events, each step timed), told once and read by both tests.

The week, each time local (Monday 00:00 = 2026-11-22 16:00 UTC); residents R1 刘阿姨, R3 孙奶奶, R4 周大爷,
R5 吴阿姨, R6 郑先生, R7 冯女士; all but R7 started the bot (their questions come privately):

 #1 Mon 10:00 R1 3号楼2单元楼道灯 green repair; Mon 10:10 R3 says it too: joins #1 (no event of its own);
    王 accepts 10:15 (15 min), fixes 12:15 (2 h 15); questions 14:15: R1 satisfied, R3 not satisfied
 #2 Mon 11:00 R4 5号楼垃圾 yellow sanitation; 王 accepts 11:05 (5 min), fixes 16:05 (5 h 05); unanswered
 #3 Tue 09:00 R1 2号楼3单元电梯困人 red repair; 王 accepts 09:02 (2 min), fixes 10:02 (1 h 02, due 13:02);
    satisfied
 #4 Tue 10:00 R5 1号楼屋顶漏水 green repair; 王 accepts 10:10, hands it back 11:00; 李 accepts 11:30 (1 h 30
    from the report: the resident waited on), fixes Wed 10:00 (24 h); satisfied
 #5 Tue 14:00 R4 4号楼路灯 green repair; nobody accepts: 王 reminded 14:30, backup 李 paged 15:00 and accepts
    15:10 (1 h 10), fixes 17:10 (3 h 10); not satisfied
 #6 Wed 09:00 R6 1号楼杂物 green sanitation; 王 accepts 09:05 (5 min), closes "cannot fix" 11:05 (2 h 05);
    question left unanswered
 #7 Wed 14:00 R1 3号楼2单元楼道灯又坏了 yellow repair; 王 accepts 14:05 (5 min), fixes 15:05; 17:05 question,
    18:00 R1 "not solved": reopened; 王 accepts again 18:20 (20 min from the reopening), fixes Thu 10:00
    (20 h from the report); the second question Thu 12:00: satisfied
 #8 Thu 09:00 R5 4号楼煤气泄漏 red safety; 王 accepts 09:01 (1 min), fixes 15:01 (6 h 01, due 13:01: late);
    unanswered
 #9 Fri 10:00 R6 3号楼2单元楼道灯不亮 green repair; 王 accepts 10:05 (5 min); due Sun 10:05: open and past
    due at the week's end
#10 Fri 15:00 R4 7号楼1单元下水道 green sanitation in grid B's group; 赵 accepts 15:30 (30 min), fixes
    17:30 (2 h 30); not satisfied
#11 Sat 10:00 R7 2号楼噪音 green noise; 10:01 "不好意思发错了" under its acknowledgement: withdrawn
#12 Sat 14:00 R6 2号楼噪音 green noise; 王 accepts 14:20 (20 min), fixes 16:20 (2 h 20); question 18:20 still
    open at the week's end
#13 Sun 10:00 R5 5号楼垃圾 yellow sanitation; 王 accepts 10:03 (3 min), fixes 11:03 (1 h 03); satisfied
#14 Sun 23:50 R1 4号楼路灯 green repair; 王 accepts Monday 30 November 00:10 (the next week's acceptance)

By hand (HAND below): new 13 (the withdrawn #11 is none): 🔴 2 · 🟡 3 · 🟢 8; 设施报修 8 · 环境卫生 4 · 噪音 1;
第一网格 12 · 第二网格 1. Closed 11 (fixed 10, cannot fix 1): #1-#8, #10, #12, #13. Open at the end 2 (#9, #14),
past due 1 (#9 🟢; #14 waited 10 minutes of the hour a green may wait). Reopened 1 (#7, 设施报修).
To accept, 12 acceptances in the week (#14's is the next week's; #7's is the one that led to its close, from its
reopening): 15m 5m 2m 90m 70m 5m 20m 1m 5m 30m 20m 3m → sorted 1 2 3 5 5 5 15 20 20 30 70 90: median
(5+15)/2 = 10 min, p90 = ceil(10.8) = 11th = 70 min. To close, 11 closes from the report: 135 305 62 1440 190 125
1200 361 150 140 63 (minutes) → sorted 62 63 125 135 140 150 190 305 361 1200 1440: median 150 min = 2.5 h,
p90 = 10th = 1200 min = 20 h. Closed late 1 (#8). Surveys asked in the week 13 (one per reporter asked: #1 twice,
#7 twice), answered 9: satisfied 5 (#1 R1, #3, #4, #7 second, #13), not satisfied 3 (#1 R3, #5, #10), not solved 1
(#7 first): satisfied 5/9 = 56 %, not solved 1/9 = 11 %, answered 9/13 = 69 %. Hot spot: 3号楼2单元 设施报修 ×3
(#1, #7, #9; R3's words joined #1 and are no event). Chart: Mon 🟢1 🟡1, Tue 🔴1 🟢2, Wed 🟢1 🟡1, Thu 🔴1,
Fri 🟢2, Sat 🟢1, Sun 🟡1 🟢1: 13.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

from harness import Clock, MakeBot, RunningBot, button_data, press
from ids import ADMIN, COMMITTEE, GROUP_A, GROUP_B, LI, RESIDENT, RESIDENT3, WANG, ZHAO
from openpyxl import load_workbook

from bot.core import weeks
from bot.core.callbacks import Action, decode
from bot.render import export
from bot.render.i18n import plain
from bot.services import digest
from storage import export as export_store

MONDAY = datetime(2026, 11, 22, 16, 0, tzinfo=UTC)  # Monday 23 November 00:00 in Shanghai: W48 begins
R1, R3, R4, R5, R6, R7 = RESIDENT, RESIDENT3, 5004, 5005, 5006, 5007
DAYS = dict(mon=0, tue=1, wed=2, thu=3, fri=4, sat=5, sun=6, next_mon=7)
MIN = 60

# What the digest of W48 must say, worked out by hand (see the module's docstring)
HAND = dict(
    new=13,
    by_urgency={"red": 2, "yellow": 3, "green": 8},
    by_category={"repair": 7, "sanitation": 4, "safety": 1, "noise": 1},
    by_grid={"A": 12, "B": 1},
    closed=11,
    by_outcome={"fixed": 10, "cannot_fix": 1},
    open=2,
    reopened=1,
    accept=(12, 10 * MIN, 70 * MIN),
    close=(11, 150 * MIN, 1200 * MIN),
    overdue_open=1,
    overdue_events=[(9, "green")],
    closed_late=1,
    satisfaction=(13, 9, 5, 3, 1),  # asked, answered, satisfied, not satisfied, not solved
    per_day=[
        {"red": 0, "yellow": 1, "green": 1},
        {"red": 1, "yellow": 0, "green": 2},
        {"red": 0, "yellow": 1, "green": 1},
        {"red": 1, "yellow": 0, "green": 0},
        {"red": 0, "yellow": 0, "green": 2},
        {"red": 0, "yellow": 0, "green": 1},
        {"red": 0, "yellow": 1, "green": 1},
    ],
    hot_spots=[("3", "2", "repair", 3)],
)
# each worker: accepted, closed, median to accept, median to close, (answered, satisfied)
HAND_WORKERS = {
    WANG: (
        9,
        8,
        5 * MIN,
        (135 + 140) / 2 * MIN,
        (6, 4),
    ),  # #1 #2 #3 #6 #7 #8 #9 #12 #13 accepted; #1 #2 #3 #6 #7 #8 #12 #13
    LI: (2, 2, 80 * MIN, (1440 + 190) / 2 * MIN, (2, 1)),  # #4 #5
    ZHAO: (1, 1, 30 * MIN, 150 * MIN, (1, 0)),  # #10
}

# The digest's lines that carry those figures, as the committee reads them (zh-Hans)
HAND_LINES = [
    "📊 社区周报 2026-W48（11-23 至 11-29）",
    # the bot's first week (it started 11-23 10:00): no "（上周 0）" for a week it was not running in
    "🆕 机器人 11-23 起开始运行：本周只统计这之后的事件，没有上周的数据可比。",
    "新报 13 · 办结 11 · 未办结 2 · 重开 1",
    "新报颜色：🔴 2 · 🟡 3 · 🟢 8",
    "新报类别：设施报修 7 · 环境卫生 4 · 噪音 1 · 安全隐患 1",
    "新报网格：第一网格 12 · 第二网格 1",
    "未办结：设施报修 2",
    "重开：设施报修 1",
    "办结结果：问题已解决 10 · 暂时无法解决 1",
    "⏱ 接单用时：一半在10分钟内 · 九成在1.2小时内",  # no week before: no "上周"
    "⏱ 办结用时：一半在2.5小时内 · 九成在20小时内",
    "⏰ 超时：未办结 1 件 · 本周超时办结 1 件",
    "\u3000\u3000超时未办结：#9 🟢",
    "🙂 满意 5（56%）· 不满意 3 · 未解决 1 · 回访回复率 69%（13 份中回复 9 份）（上周满意 —）",
    "王师傅：9 · 8 · 一半在5分钟内 · 一半在2.3小时内 · 67%（6）",
    "李姐：2 · 2 · 一半在1.3小时内 · 一半在13.6小时内 · 50%（2）",
    "赵师傅：1 · 1 · 一半在30分钟内 · 一半在2.5小时内 · 0%（1）",
    "3号楼2单元 · 设施报修 ×3",
    # points: 10 a resident for each report of hers closed fixed (R1 #1 #3 #7, R4 #2 #5 #10, R5 #4 #8 #13, R6 #12;
    # #6 "cannot fix" earns none by default); 5 a worker for each close by its fix-by time (王 #1 #2 #3 #6 #7 #12 #13,
    # not #8; 李 #4 #5; 赵 #10), 3 for each "satisfied" (王 #1 #3 #7 #13, 李 #4)
    "居民：刘阿姨 30 · 周大爷 30 · 吴阿姨 30 · 郑先生 10",
    "网格员：王师傅 47 · 李姐 13 · 赵师傅 5",
]


def button_for(bot: RunningBot, chat_id: int, action: Action, event_id: int) -> int | None:
    """The latest message of the bot's in the chat with this action's button for this event (a satisfaction
    question's buttons carry the survey's id: the question naming the event)."""
    for m in reversed(bot.fake.messages(chat_id)):
        for b in bot.fake.buttons(chat_id, m["message_id"]):
            cb = decode(b.get("callback_data"))
            ours = f"#{event_id}（" in m.get("text", "") if action is Action.RATE else cb and cb.id == event_id
            if cb is not None and cb.action is action and ours:
                return m["message_id"]
    return None


async def tap(bot: RunningBot, user: int, action: Action, event_id: int, arg: str | None = None) -> None:
    """`user` presses, in private, the button for this action on the latest message about the event."""
    mid = await bot.fake.wait_for(lambda: button_for(bot, user, action, event_id))
    if arg is not None:
        await bot.fake.wait_for(lambda: button_data(bot.fake, user, mid, action, arg) or None)
    press(bot.fake, user, user, mid, action, arg)
    await bot.settle()


async def at(bot: RunningBot, day: str, hh: int, mm: int = 0) -> None:
    """Move the clock on to that local time of the week (timers firing on the way)."""
    target = MONDAY + timedelta(days=DAYS[day], hours=hh, minutes=mm)
    assert isinstance(bot.clock, Clock) and target >= bot.clock.at
    await bot.advance(seconds=(target - bot.clock.at).total_seconds())


async def asked(bot: RunningBot, words: str, reply: str, after: int) -> dict:
    """The admin writes `words` in the committee chat; the bot's next message there after `after` holding `reply`."""
    bot.fake.send_message(COMMITTEE, ADMIN, words)

    def answer() -> dict | None:
        return next(
            (m for m in bot.fake.messages(COMMITTEE) if m["message_id"] > after and reply in m.get("text", "")), None
        )

    return await bot.fake.wait_for(answer)


# The week as it happens: (day, hour, minute, what, …), each step at its local time
WEEK = [
    ("mon", 10, 0, "report", GROUP_A, R1, "3号楼2单元楼道灯坏了", 1),
    ("mon", 10, 10, "say", GROUP_A, R3, "3号楼2单元楼道灯也坏了"),  # joins #1
    ("mon", 10, 15, "accept", WANG, 1),
    ("mon", 11, 0, "report", GROUP_A, R4, "5号楼门口垃圾没人清理，很臭", 2),
    ("mon", 11, 5, "accept", WANG, 2),
    ("mon", 12, 15, "close", WANG, 1, Action.CLOSE_FIXED),
    ("mon", 15, 0, "rate", R1, 1, "ok"),  # the questions went out at 14:15
    ("mon", 15, 0, "rate", R3, 1, "meh"),
    ("mon", 16, 5, "close", WANG, 2, Action.CLOSE_FIXED),
    ("tue", 9, 0, "report", GROUP_A, R1, "2号楼3单元电梯坏了，困人了", 3),
    ("tue", 9, 2, "accept", WANG, 3),
    ("tue", 10, 0, "report", GROUP_A, R5, "1号楼屋顶漏水，家里天花板都湿了", 4),
    ("tue", 10, 2, "close", WANG, 3, Action.CLOSE_FIXED),
    ("tue", 10, 10, "accept", WANG, 4),
    ("tue", 11, 0, "hand_back", WANG, 4),
    ("tue", 11, 30, "accept", LI, 4),
    ("tue", 12, 30, "rate", R1, 3, "ok"),
    ("tue", 14, 0, "report", GROUP_A, R4, "4号楼小区门口路灯不亮", 5),
    ("tue", 15, 10, "accept", LI, 5),  # 王 reminded at 14:30, 李 paged at 15:00
    ("tue", 17, 10, "close", LI, 5, Action.CLOSE_FIXED),
    ("tue", 19, 30, "rate", R4, 5, "meh"),
    ("wed", 9, 0, "report", GROUP_A, R6, "1号楼楼道有人乱堆杂物", 6),
    ("wed", 9, 5, "accept", WANG, 6),
    ("wed", 10, 0, "close", LI, 4, Action.CLOSE_FIXED),
    ("wed", 11, 5, "close", WANG, 6, Action.CLOSE_CANNOT),
    ("wed", 11, 5, "say", WANG, WANG, "需要业主自己清理，已通知物业"),  # why
    ("wed", 12, 30, "rate", R5, 4, "ok"),
    ("wed", 14, 0, "report", GROUP_A, R1, "3号楼2单元楼道灯又坏了", 7),
    ("wed", 14, 5, "accept", WANG, 7),
    ("wed", 15, 5, "close", WANG, 7, Action.CLOSE_FIXED),
    ("wed", 18, 0, "rate", R1, 7, "no"),
    ("wed", 18, 20, "accept", WANG, 7),
    ("thu", 9, 0, "report", GROUP_A, R5, "4号楼厨房煤气泄漏，味道很大", 8),
    ("thu", 9, 1, "accept", WANG, 8),
    ("thu", 10, 0, "close", WANG, 7, Action.CLOSE_FIXED),
    ("thu", 12, 30, "rate", R1, 7, "ok"),
    ("thu", 15, 1, "close", WANG, 8, Action.CLOSE_FIXED),
    ("fri", 10, 0, "report", GROUP_A, R6, "3号楼2单元楼道灯不亮了", 9),
    ("fri", 10, 5, "accept", WANG, 9),
    ("fri", 15, 0, "report", GROUP_B, R4, "7号楼1单元下水道堵了，污水冒出来", 10),
    ("fri", 15, 30, "accept", ZHAO, 10),
    ("fri", 17, 30, "close", ZHAO, 10, Action.CLOSE_FIXED),
    ("fri", 20, 0, "rate", R4, 10, "meh"),
    ("sat", 10, 0, "report", GROUP_A, R7, "2号楼楼上邻居半夜噪音太吵", 11),
    ("sat", 10, 1, "take_back", R7, 11, "不好意思发错了"),
    ("sat", 14, 0, "report", GROUP_A, R6, "2号楼楼上邻居半夜噪音太吵", 12),
    ("sat", 14, 20, "accept", WANG, 12),
    ("sat", 16, 20, "close", WANG, 12, Action.CLOSE_FIXED),
    ("sun", 10, 0, "report", GROUP_A, R5, "5号楼门口垃圾没人清理，很臭", 13),
    ("sun", 10, 3, "accept", WANG, 13),
    ("sun", 11, 3, "close", WANG, 13, Action.CLOSE_FIXED),
    ("sun", 13, 30, "rate", R5, 13, "ok"),
    ("sun", 23, 50, "report", GROUP_A, R1, "4号楼小区门口路灯不亮", 14),
    ("next_mon", 0, 10, "accept", WANG, 14),
]


async def step(bot: RunningBot, what: str, *args: object) -> None:
    """One step of the week."""
    fake = bot.fake
    if what == "report":  # (chat, who, words, the event it makes): acknowledged
        chat, who, words, event_id = args
        fake.send_message(chat, who, words)
        await fake.wait_for(lambda: fake.find_message(chat, f"#{event_id}"))
    elif what == "say":  # (chat, who, words)
        fake.send_message(*args)
    elif what == "take_back":  # (who, event, words) under its acknowledgement
        who, event_id, words = args
        ack = fake.find_message(GROUP_A, f"已登记 #{event_id}")
        fake.send_message(GROUP_A, who, words, reply_to_message_id=ack["message_id"])
    elif what == "close":  # (worker, event, outcome)
        worker, event_id, outcome = args
        await tap(bot, worker, Action.CLOSE, event_id)
        await tap(bot, worker, outcome, event_id)
    else:  # accept / hand_back (worker, event), rate (who, event, answer)
        action = {"accept": Action.ACCEPT, "hand_back": Action.HAND_BACK, "rate": Action.RATE}[what]
        who, event_id, *answer = args
        await tap(bot, who, action, event_id, *answer)  # type: ignore[arg-type]
    await bot.settle()


async def live_the_week(bot: RunningBot) -> None:
    """The week of the docstring, as residents and workers live it, to Monday 30 November 09:00."""
    fake = bot.fake
    for uid, name in ((R4, "周大爷"), (R5, "吴阿姨"), (R6, "郑先生"), (R7, "冯女士"), (R3, "孙奶奶")):
        fake.user(uid, name)
    for uid in (WANG, LI, ZHAO, ADMIN):
        fake.user_starts_bot(uid)
    for uid in (R1, R3, R4, R5, R6):
        fake.user_starts_bot(uid, send_start=True)
    await bot.settle()
    for day, hh, mm, what, *args in WEEK:
        await at(bot, day, hh, mm)
        await step(bot, what, *args)
    await at(bot, "next_mon", 9)


async def test_a_week_worked_out_by_hand(make_bot: MakeBot) -> None:
    bot = await make_bot(None, Clock(MONDAY + timedelta(hours=10)), merge_window_s=86400)
    await live_the_week(bot)
    tz = bot.ctx.community.tz
    week = weeks.parse_week("2026-W48", tz)
    d = await digest.compute(bot.ctx.db, week, bot.ctx.community, now=bot.ctx.now())
    w = d.this
    got = dict(
        new=w.new.total,
        by_urgency=w.new.by_urgency,
        by_category=w.new.by_category,
        by_grid=w.new.by_grid,
        closed=w.closed.total,
        by_outcome=w.closed.by_outcome,
        open=w.open.total,
        reopened=w.reopened.total,
        accept=(w.accept.n, w.accept.median, w.accept.p90),
        close=(w.close.n, w.close.median, w.close.p90),
        overdue_open=w.overdue_open,
        overdue_events=w.overdue_events,
        closed_late=w.closed_late,
        satisfaction=tuple(getattr(w.satisfaction, k) for k in ("asked", "answered", "satisfied", "unsatisfied")),
        per_day=d.per_day,
        hot_spots=[(h.building, h.unit, h.category, h.count) for h in d.hot_spots],
    )
    got["satisfaction"] = (*got["satisfaction"], w.satisfaction.not_solved)
    assert got == HAND
    workers = {
        f.worker_id: (f.accepted, f.closed, f.accept.median, f.close.median, (f.rating.answered, f.rating.satisfied))
        for f in w.workers
    }
    assert workers == HAND_WORKERS
    assert d.trend[-1] == ("2026-W48", w.close.median)  # the chart's last point is the text's median
    # the scheduled digest (the job's run at Monday 09:00) and /digest say the same
    assert await digest.send_due(bot.ctx)
    text = await bot.fake.wait_for(lambda: bot.fake.find_message(COMMITTEE, "2026-W48"))
    said = await asked(bot, "/digest", "2026-W48", after=text["message_id"])
    assert said["text"] == text["text"]
    for line in HAND_LINES:  # as a chair reads them
        assert line in text["text"].splitlines(), (line, text["text"])
    # the export of the week: every event reported in it, the withdrawn one too, as it stands
    async with bot.ctx.db.read() as c:
        rows = await export_store.events(c, week.start, week.end)
        names = await export_store.names(c)
    data = export.render("xlsx", rows, export_store.COLUMNS, bot.ctx.community, "zh-Hans", names)
    values = list(load_workbook(io.BytesIO(data)).active.values)
    body = [dict(zip(values[0], r, strict=True)) for r in values[1:]]
    assert [r["编号"] for r in body] == list(range(1, 15))  # #14, reported Sunday 23:50, is this week's
    assert (body[10]["状态"], body[10]["办结结果"]) == (plain("zh-Hans", "state.cancelled"), None)  # withdrawn
    assert [r["编号"] for r in body if r["办结结果"] == plain("zh-Hans", "outcome.fixed")] == [
        1,
        2,
        3,
        4,
        5,
        7,
        8,
        10,
        12,
        13,
    ]
    assert body[5]["办结说明"] == "需要业主自己清理，已通知物业"  # cannot fix, and why
    assert (body[3]["负责人"], body[6]["重新打开次数"], body[8]["办结时间"]) == ("李姐", 1, None)
    assert body[13]["接单时间"] == datetime(2026, 11, 30, 0, 10)  # local time, the next week's acceptance


async def test_digest_asked_for_a_week_in_the_words_a_chair_uses(make_bot: MakeBot) -> None:
    """ "/digest 上周", "/digest last week" and a date name a week as a chair would; garbage is told how to write one
    (found in the digest57 review: each was refused as "not a week", and "/digest last week" read only "last")."""
    bot = await make_bot(None, Clock(MONDAY - timedelta(days=7)))  # first started in W47
    bot.fake.user_starts_bot(ADMIN)
    await bot.advance(days=14, hours=9)  # Monday 30 November 09:00: W49
    last = 0
    for words, week in (
        ("/digest 上周", "2026-W48"),
        ("/digest last week", "2026-W48"),
        ("/digest 本周", "2026-W49"),
        ("/digest 2026-11-30", "2026-W49"),
        ("/digest 2026-11-22", "2026-W47"),
        ("/digest 2026年11月25日", "2026-W48"),
        ("/digest 2026-w48", "2026-W48"),
    ):
        said = await asked(bot, words, f"社区周报 {week}", after=last)
        last = said["message_id"]
    said = await asked(bot, "/digest 2026-12-07", "还没有开始", after=last)  # next week: not begun
    assert "/digest 2026-W49" in said["text"]
    for garbage in ("/digest 上个月", "/digest 2026-13-45", "/digest abc"):
        said = await asked(bot, garbage, plain("zh-Hans", "digest.bad_week"), after=last)
        last = said["message_id"]
