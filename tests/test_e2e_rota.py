"""/cover, /swap and /rota through real HTTP: they change who gets the next event; refusals are clear."""

from __future__ import annotations

from harness import Clock, MakeBot, RunningBot, exchange
from ids import ADMIN, GROUP_A, GROUP_B, LI, RESIDENT, WANG, ZHAO

from bot.render.i18n import t


async def test_cover_changes_who_gets_the_next_event(running: RunningBot) -> None:
    fake = running.fake
    for uid in (WANG, LI):
        fake.user_starts_bot(uid)
    await exchange(fake, LI, LI, "/cover 王师傅 today", "李姐替王师傅")
    await fake.wait_for(lambda: fake.find_message(WANG, "排班有变动"))  # the covered worker is told
    await exchange(fake, GROUP_A, RESIDENT, "3号楼垃圾没人收", "#1", where=LI)
    assert fake.find_message(WANG, "#1") is None
    rota = await exchange(fake, WANG, WANG, "/rota", "第一网格")
    lines = rota["text"].splitlines()
    assert "第一网格" in lines and "第二网格" in lines
    assert len([x for x in lines if x.startswith("周")]) == 14  # 7 days × 2 grids
    assert "李姐 🔁" in lines[2] and "🔁 表示" in lines[-1]
    assert "王师傅 00–24" in lines[3]  # tomorrow is his again


async def test_swap_changes_both_grids(running: RunningBot) -> None:
    fake = running.fake
    for uid in (WANG, ZHAO):
        fake.user_starts_bot(uid)
    await exchange(fake, ZHAO, ZHAO, "/swap 王师傅 today", "已换班")
    await exchange(fake, GROUP_A, RESIDENT, "3号楼垃圾没人收", "#1", where=ZHAO)
    await exchange(fake, GROUP_B, RESIDENT, "7号楼路灯不亮", "#2", where=WANG)


async def test_admin_may_arrange_a_cover_for_others(running: RunningBot) -> None:
    fake = running.fake
    done = await exchange(fake, ADMIN, ADMIN, "/cover 王师傅 tomorrow 赵师傅", "赵师傅替王师傅")
    # the same cover sent again: already covered, by whom (a sweep: "王师傅 has no shift that day" misled)
    day = done["text"].split("上 ")[1].split(" 的班")[0]
    said = t("zh-Hans", "rota.covered_already", name="王师傅", day=day, b="赵师傅")
    await exchange(fake, ADMIN, ADMIN, "/cover 王师傅 tomorrow 李姐", said)
    rota = await exchange(fake, ADMIN, ADMIN, "/rota B", "第二网格")
    assert "第二网格" in rota["text"] and "第一网格" not in rota["text"]


async def test_refusals(running: RunningBot) -> None:
    fake = running.fake
    cases = [
        (RESIDENT, "/cover 王师傅 today", "仅供网格员和居委会"),
        (RESIDENT, "/rota", "仅供网格员和居委会"),
        (ZHAO, "/cover 王师傅 today 李姐", "只有涉及的两位"),
        (WANG, "/cover", "用法：/cover"),
        (WANG, "/swap 李姐", "用法：/swap"),
        (WANG, "/cover 小明 today", "找不到网格员「小明」"),
        (WANG, "/cover 李姐 2020-01-01", "已经过去"),
        (WANG, "/cover 李姐 13-40", "看不懂日期"),
        (WANG, "/cover 王师傅 today", "两位不同的网格员"),
        (WANG, "/rota C", "没有「C」"),
        (ADMIN, "/cover 王师傅 today", "请写明由谁来替王师傅"),  # an admin who is not a worker names the coverer
    ]
    for user, command, answer in cases:
        fake.send_message(user, user, command)
        await fake.wait_for(lambda u=user, a=answer: fake.find_message(u, a))


async def test_a_cover_at_the_same_time_as_ones_own_shift_warns_of_the_post_lost(running: RunningBot) -> None:
    """README review: 王师傅 (primary all day) covering 李姐's backup shift answered "✅ 已安排" alone, and /duty then
    showed no backup: arranged all the same, the answer says the grid has one person fewer that day."""
    fake = running.fake
    fake.user_starts_bot(WANG)
    done = await exchange(fake, WANG, WANG, "/cover 李姐 today", "王师傅替李姐")
    assert t("zh-Hans", "rota.overlap") in done["text"]
    calm = await exchange(fake, ZHAO, ZHAO, "/cover 王师傅 tomorrow", "赵师傅替王师傅")  # grid B's: no overlap
    assert t("zh-Hans", "rota.overlap") not in calm["text"]


async def test_rota_takes_a_grid_by_the_name_it_shows(running: RunningBot) -> None:
    """UX review: "/rota 第一网格" was refused ("可选：A、B"), though /duty and /rota show only the names."""
    fake = running.fake
    rota = await exchange(fake, ADMIN, ADMIN, "/rota 第二网格", "第二网格")
    assert "第一网格" not in rota["text"]
    refused = await exchange(fake, ADMIN, ADMIN, "/rota 第九网格", "没有「第九网格」")
    assert "第一网格 (A)" in refused["text"]


async def test_an_admin_who_is_no_worker_is_told_who_is_missing_from_cover_and_swap(running: RunningBot) -> None:
    """The admin typed the usage's own example, "/cover 王师傅 周六", and got the same usage back: what was missing
    (an admin who is no worker must name who covers, or the second of a swap) was never said (set-up review)."""
    fake = running.fake
    fake.user_starts_bot(ADMIN)
    cover = await exchange(fake, ADMIN, ADMIN, "/cover 王师傅 周六", "您不是网格员")
    assert "/cover 王师傅 20" in cover["text"] and t("zh-Hans", "rota.cover_usage") not in cover["text"]
    swap = await exchange(fake, ADMIN, ADMIN, "/swap 李姐 周六", "和李姐")
    assert "/swap " in swap["text"] and t("zh-Hans", "rota.swap_usage") not in swap["text"]


async def test_a_weeks_leave_is_one_cover_from_its_first_day_to_its_last(make_bot: MakeBot) -> None:
    """Committee secretary review: 王师傅 is on leave next week. /cover took one day, so the week was seven commands
    (a two-day "/cover 王师傅 11-30 12-06 李姐" got the usage back); now the span is one cover, each of its days his
    shifts go to 李姐, he is told once, and his shifts after it are his again."""
    bot = await make_bot(clock=Clock())  # Monday 11-23
    fake = bot.fake
    for uid in (ADMIN, WANG, LI):
        fake.user_starts_bot(uid)
    done = await exchange(fake, ADMIN, ADMIN, "/cover 王师傅 11-30 12-06 李姐", "李姐替王师傅")
    assert "11-30" in done["text"] and "12-06" in done["text"]
    await bot.settle()
    assert len([m for m in fake.messages(WANG) if "排班有变动" in m.get("text", "")]) == 1
    await bot.advance(days=9)  # Wednesday 12-02, in the middle of the leave
    await exchange(fake, GROUP_A, RESIDENT, "3号楼垃圾没人收", "#1", where=LI)
    await bot.settle()
    assert fake.find_message(WANG, "#1") is None
    await bot.advance(days=5)  # Monday 12-07: back
    await exchange(fake, GROUP_A, RESIDENT, "4号楼楼道灯坏了", "#2", where=WANG)


async def test_a_leave_given_by_weekdays_runs_from_its_first_day_on(make_bot: MakeBot) -> None:
    """Monday: 王师傅 is off from Saturday to Monday. "/cover 王师傅 周六 周一 李姐" read 周一 as today, and covered
    today to Saturday (the days he works) and not the Monday he is away; the last day is the first one on or after
    the first day, as a span is said."""
    bot = await make_bot(clock=Clock())  # Monday 11-23
    fake = bot.fake
    for uid in (ADMIN, WANG, LI):
        fake.user_starts_bot(uid)
    done = await exchange(fake, ADMIN, ADMIN, "/cover 王师傅 周六 周一 李姐", "李姐替王师傅")
    assert "11-28" in done["text"] and "11-30" in done["text"] and "11-23" not in done["text"], done["text"]
    rota = (await exchange(fake, ADMIN, ADMIN, "/rota A", "排班 11-23 至 11-29"))["text"].splitlines()
    assert rota[2].startswith("周一 11-23 王师傅"), rota


async def test_an_admin_taking_a_worker_off_duty_is_pointed_to_a_cover(running: RunningBot) -> None:
    """Committee secretary review: "/offduty 王师傅" from the committee's admin (王师傅 is ill today) was answered
    "您不在网格员名单中。如需加入，请向居委会索取邀请链接" — ask the committee, told to the committee. The answer now
    says /offduty is a worker's own and how the admin gives him the day off: a cover."""
    fake = running.fake
    fake.user_starts_bot(ADMIN)
    said = await exchange(fake, ADMIN, ADMIN, "/offduty 王师傅", "/cover")
    assert said["text"] == t("zh-Hans", "duty.admin_not_worker")
    await exchange(fake, ADMIN, ADMIN, "/cover 王师傅 今天 李姐", "李姐替王师傅")  # as it says


async def test_rota_shows_the_week_from_a_day_ahead(make_bot: MakeBot) -> None:
    """Committee secretary review: a leave arranged for next week could not be checked in Telegram, /rota showing
    only the coming 7 days ("/rota A 11-30" was read as a grid named "A 11-30"). The week from that day now."""
    bot = await make_bot(clock=Clock())  # Monday 11-23
    fake = bot.fake
    fake.user_starts_bot(ADMIN)
    await exchange(fake, ADMIN, ADMIN, "/cover 王师傅 12-01 李姐", "李姐替王师傅")
    rota = (await exchange(fake, ADMIN, ADMIN, "/rota A 11-30", "排班 11-30 至 12-06"))["text"].splitlines()
    assert "第二网格" not in rota
    assert rota[2].startswith("周一 11-30 王师傅") and rota[3].startswith("周二 12-01 李姐 🔁")
    await exchange(fake, ADMIN, ADMIN, "/rota", "排班 11-23 至 11-29")  # the coming week, as before
    await exchange(fake, ADMIN, ADMIN, "/rota 2020-01-01", "已经过去")


async def test_an_english_cover_says_from_the_first_day_to_the_last_or_on_the_one_day(make_bot: MakeBot) -> None:
    """English review: a leave read "李姐 covers 王师傅's shifts on Mon 11-30 to Sun 12-06". A span now reads "from …
    to …" and one day "on …", in the answer and in what the covered worker is told; the Chinese stays as it was."""
    bot = await make_bot(clock=Clock())  # Monday 11-23
    fake = bot.fake
    fake.user(ADMIN, "Director Zhang", language_code="en")
    fake.user(WANG, "王师傅", language_code="en")
    for uid in (ADMIN, WANG, LI):
        fake.user_starts_bot(uid, send_start=True)  # their /start: the bot knows their language
    await bot.settle()
    leave = "李姐 covers 王师傅's shifts from Mon 11-30 to Sun 12-06."
    done = await exchange(fake, ADMIN, ADMIN, "/cover 王师傅 11-30 12-06 李姐", "covers")
    assert leave in done["text"], done["text"]
    told = await fake.wait_for(lambda: fake.find_message(WANG, "covers"))
    assert leave in told["text"], told["text"]
    one = await exchange(fake, ADMIN, ADMIN, "/cover 王师傅 11-28 李姐", "Sat 11-28")
    assert "李姐 covers 王师傅's shifts on Sat 11-28." in one["text"], one["text"]
    none = await exchange(fake, ADMIN, ADMIN, "/cover 王师傅 11-28 李姐", "nothing more to cover")  # already covered
    assert "王师傅's shifts on Sat 11-28 are already covered by 李姐" in none["text"], none["text"]
    zh = await exchange(fake, LI, LI, "/cover 王师傅 12-14 12-15", "12-14")
    assert "✅ 已安排：李姐替王师傅上 周一 12-14 至 周二 12-15 的班。" in zh["text"], zh["text"]
    zh_one = await exchange(fake, LI, LI, "/cover 王师傅 12-16", "12-16")
    assert "✅ 已安排：李姐替王师傅上 周三 12-16 的班。" in zh_one["text"], zh_one["text"]
