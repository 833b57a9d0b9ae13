"""Rules of shared/data/LABELING.md, one table per rule, with examples written for these tests.

Over 300 lines: one table of examples per labelling rule, kept in one file like the rules.
"""

from __future__ import annotations

import pytest
from parser_scoring import parse_by_rules as parse

from bot.core.parser import needs_confirmation
from bot.core.parser import parse as parse_with_model

# (text, category, urgency) — simplified, traditional, English, mixed, run-on, emoji
REPORTS = [
    ("5号楼302的王爷爷好几天没下楼了，敲门也没人应，大家帮忙看看", "care", "red"),
    ("独居老人刘奶奶家暖气坏了，她自己弄不了，能不能找人帮下", "care", "green"),
    ("有个小朋友在小区里哭，找不到妈妈了，穿蓝色衣服，在北门", "care", "red"),
    ("我妈在8栋楼下晕倒了！！快来人", "care", "red"),
    ("3单元有位老人在楼梯上摔了，头流血了", "care", "red"),
    ("An elderly lady in Block 7 lives alone and needs someone to check on her weekly", "care", "green"),
    ("My neighbour, an old man in 4-2-301, hasn't answered the door for two days", "care", "red"),
    ("Child missing near the playground, 5 years old, red jacket, please help", "care", "red"),
    ("老人走失了，穿灰色外套，有看到的请联系", "care", "red"),
    ("12號樓的陳伯伯暈倒在電梯口，已經叫了救護車", "care", "red"),
    ("Neighbour's dog bit my son near Block 2, the owner just walked away", "care", "red"),
    ("我爸一个人在家，电话打不通，我在外地，谁能帮忙去3-2-502看看", "care", "red"),
    ("A-1-1201的独居老人需要有人定期探望", "care", "green"),
    ("楼道里有人在给电瓶车充电，线拉得到处都是", "safety", "yellow"),
    ("2号楼3单元楼道里好大一股煤气味，谁家没关阀门", "safety", "red"),
    ("9栋地下室着火了，好多烟！", "safety", "red"),
    ("消防通道又被堆满了杂物", "safety", "yellow"),
    ("楼上又往下扔垃圾，差点砸到人", "safety", "red"),
    ("小区西门那个井盖坏了一半，晚上看不见很危险", "safety", "yellow"),
    ("6号楼外墙裂了一条大缝，看着挺吓人", "safety", "yellow"),
    ("灭火器都过期了，4栋每层都是", "safety", "yellow"),
    ("电梯困人了，7号楼2单元，里面有个老人", "care", "red"),  # a vulnerable person trapped: care first
    ("配电箱在冒火花，噼里啪啦的响", "safety", "red"),
    ("There's a strong smell of gas on the 4th floor of Block A", "safety", "red"),
    ("Someone is charging an e-bike battery in the stairwell of building 3 again", "safety", "yellow"),
    ("The fire exit in Tower C is locked with a chain", "safety", "yellow"),
    ("Fire on the balcony of 1203!! building 5", "safety", "red"),
    ("Someone is stuck in the lift in block 2, been there 20 min", "safety", "red"),
    ("消防栓被车挡住了", "safety", "yellow"),
    ("8棟樓道有人堆放雜物擋住逃生通道", "safety", "yellow"),
    ("廚房著火了！！3號樓5樓", "safety", "red"),
    ("有辆车停在5栋门口的消防车道上", "safety", "yellow"),
    ("求助！！！9号楼1单元有人家里冒黑烟", "safety", "red"),
    ("家里闻到一股烧焦的味道，不知道哪里来的，6栋3楼", "safety", "red"),
    ("Hello, smoke alarm beeping nonstop in 3-1-402, nobody home", "safety", "yellow"),
    ("有人在5號樓樓下燒東西，煙很大", "safety", "red"),
    ("昨晚有人撬了我家的门，3-1-201，丢了现金", "security", "yellow"),
    ("车库里有个人在挨个拉车门，看着很可疑", "security", "yellow"),
    ("有人冒充物业上门收费，大家小心骗子", "security", "yellow"),
    ("我的快递被偷了三次了", "security", "yellow"),
    ("两个人在小区门口打架，有一个拿着刀", "security", "red"),
    ("My car was broken into last night in the garage", "security", "yellow"),
    ("Suspicious guy taking photos of the doors in Block 4", "security", "yellow"),
    ("Someone keyed three cars near Building 2", "security", "yellow"),
    ("有陌生人跟着小孩进了单元门", "security", "yellow"),
    ("小区车库有人偷电瓶，已经第二次了", "security", "yellow"),
    ("楼上邻居装修把我家天花板弄漏了，找他赔偿他不肯", "dispute", "yellow"),
    ("物业乱收费，停车费涨了一倍也不解释", "dispute", "yellow"),
    ("对门把垃圾放我门口，说了好几次都不听，还骂人", "dispute", "yellow"),
    ("My upstairs neighbour refuses to fix his leaking pipe, we argued twice", "dispute", "yellow"),
    ("Property company charged us a fee nobody agreed to, can the committee mediate?", "dispute", "yellow"),
    ("隔壁为了车位跟我吵起来了，请社区来调解", "dispute", "yellow"),
    ("我的车位又被人占了！", "parking", "yellow"),
    ("地库B2有辆车堵住我的车出不去了，车牌京A12345", "parking", "green"),
    ("小区门口电动车乱停乱放，人都走不过去", "parking", "green"),
    ("Someone parked in my spot again, car plate ABC123", "parking", "yellow"),
    ("An abandoned car has been sitting near Block 9 for months", "parking", "yellow"),
    ("A van is blocking the driveway of Building 6", "parking", "green"),
    ("楼下那辆破自行车放了一年多了，能不能清理掉", "parking", "yellow"),
    ("楼下KTV天天唱到半夜，吵死了", "noise", "green"),
    ("周末早上七点就开始装修，电锤声音太吵", "noise", "green"),
    ("3栋有户人家的狗叫了一整晚", "noise", "green"),
    ("广场舞的音响又开到最大了，跟他们说了好几次都没用", "noise", "yellow"),
    ("Loud music from 802 every night until 2am", "noise", "green"),
    ("Construction noise at midnight next to Block 3, again", "noise", "yellow"),
    ("樓上每晚都很吵，拖椅子的聲音", "noise", "green"),
    ("樓下有車一直按喇叭，吵死人", "noise", "green"),
    ("2单元门口有一大坨狗屎，谁家的狗", "sanitation", "green"),
    ("楼道里全是小广告，贴得到处都是", "sanitation", "green"),
    ("垃圾桶旁边的垃圾堆了一个多月了，没人管", "sanitation", "yellow"),
    ("地下室好多蟑螂", "sanitation", "green"),
    ("绿化带杂草长得比人还高了", "sanitation", "green"),
    ("The bins at Block 4 haven't been emptied for two weeks and smell terrible", "sanitation", "yellow"),
    ("Cockroaches everywhere in the basement of building 11", "sanitation", "green"),
    ("Dog poop all over the lawn by block 2", "sanitation", "green"),
    ("垃圾站好臭啊，夏天根本受不了", "sanitation", "green"),
    ("樓梯間很髒，好久沒人打掃了", "sanitation", "yellow"),
    ("Good morning, there is a big pile of rubbish next to block 6 since last week", "sanitation", "green"),
    ("晚上有人在楼下烧烤，烟都飘进屋了", "sanitation", "green"),
    ("Someone is smoking in the lift every morning, the smell is terrible", "sanitation", "green"),
    ("4栋2单元的电梯卡在6楼不动了，里面没人", "repair", "green"),
    ("家里没水了，是整个小区停水吗", "repair", "yellow"),
    ("1号楼全楼停电了，冰箱都停了", "repair", "yellow"),
    ("下水道堵了，污水都冒出来了，在5栋后面", "repair", "green"),
    ("单元门的门禁坏了好几天了，谁都能进", "repair", "green"),
    ("小区里的路灯一半都不亮", "repair", "green"),
    ("702卫生间漏水漏到602了", "repair", "green"),
    ("屋顶漏水，下雨天家里到处接水，第三次报了", "repair", "yellow"),
    ("二十一号楼三单元的对讲机坏了", "repair", "green"),
    ("十二栋电梯按钮失灵", "repair", "green"),
    ("３号楼２单元１楼大门关不上了", "repair", "green"),
    ("The lift in Building 5 has been out of order for a week", "repair", "yellow"),
    ("Street light outside block 8 keeps flickering", "repair", "green"),
    ("Leak from the ceiling in flat 1102, Tower A", "repair", "green"),
    ("No hot water in 3-2-502 since yesterday", "repair", "green"),
    ("The gate barrier at the north entrance is stuck open", "repair", "green"),
    ("Pipe burst in the basement of block 6, water is pouring into the garage", "repair", "red"),
    ("5棟電梯又壞了，已經第三次了", "repair", "yellow"),
    ("水管爆了！！2-1-101家里全是水", "repair", "red"),
    ("Water's off in the whole building, Block 10", "repair", "yellow"),
    ("elevator broken in bldg 3 pls fix", "repair", "green"),
    ("大门的锁坏了，还是没人修", "repair", "yellow"),
    ("又停水了！", "repair", "yellow"),
    ("那个就是说我们家楼上那个水一直往下滴啊滴到我家卧室了你们物业能不能来看一下", "repair", "green"),
    ("喂喂喂 7栋那个电梯又停了 老人上不去楼啊 都一个礼拜了", "repair", "yellow"),
    ("@物业客服 8-2-1101 卫生间马桶堵了", "repair", "green"),
    ("lift又坏了 in building 4, 真的受不了", "repair", "yellow"),
    ("Block 3 楼道灯不亮 pls check", "repair", "green"),
    ("电梯坏了，麻烦尽快修一下，谢谢", "repair", "green"),
    ("你好，我是5栋的，我们单元的门禁坏了，麻烦处理下", "repair", "green"),
    ("大家好，11号楼门口的路灯坏了好久了，一直没人修", "repair", "yellow"),
    ("Hi, the lift in Block 8 is not working, can someone come?", "repair", "green"),
    ("the drain outside building 5 is blocked and theres water everywhere on the path", "repair", "red"),
    ("Thanks in advance - the hallway light on 7th floor of Bldg 2 is flickering", "repair", "green"),
    ("電梯又壞了！！！每個月都壞", "repair", "yellow"),
    ("B棟1單元樓梯燈不亮很久了", "repair", "yellow"),
    ("小区健身器材好多都坏了，能不能换新的", "repair", "green"),
    ("3栋楼下有个大坑，下雨全是积水", "repair", "green"),
    ("11栋和12栋之间的路灯不亮", "repair", "green"),
    ("小区门口的台阶碎了，老人容易绊倒", "repair", "green"),
    ("楼顶太阳能热水器的管子漏水，水顺着墙流下来", "repair", "green"),
    ("建议在小区里装几个充电桩", "other", "green"),
    ("希望能在儿童乐园旁边加个遮阳棚", "other", "green"),
    ("It would be nice to have more bike racks near Block 3", "other", "green"),
]

NON_REPORTS = [
    "明天停水吗？",
    "下周二上午8点到12点停水，请大家提前储水",
    "电梯修好了，谢谢物业",
    "灯修好了，谢谢",
    "Thanks for fixing the lift so fast!",
    "Is the water going to be off tomorrow?",
    "Reminder: the lift in Block 2 will be serviced tomorrow 9-11am",
    "好的，收到",
    "早上好各位邻居🌞",
    "谁家有多余的纸箱，搬家要用",
    "团购的大米到了，3号楼的来取",
    "晚上一起去跳广场舞吗",
    "请问物业办公室几点下班",
    "社区周六组织消防演练，请大家配合",
    "新年快乐！🧧",
    "谢谢大家的关心，我妈已经出院了",
    "Happy Mid-Autumn festival everyone",
    "Anyone want to join the badminton group?",
    "Selling a fridge, good condition, DM me",
    "The water is back on, thanks everyone",
    "停电的问题已经解决了",
    "家人们，今天菜市场的菜好便宜",
    "👌",
    "谢谢师傅",
    "知道了，谢谢提醒",
    "垃圾分类新规定下个月开始实施",
    "收到，辛苦了",
    "電梯好了，感謝",
    "請問明天會停電嗎",
    "明天几点停电啊？",
    "今天停水到几点？",
    "物业电话多少？",
    "电梯公司的人来了吗",
    "辛苦王师傅了，下水道通了👍👍",
    "问题已经处理好了，大家放心",
    "Thanks! All sorted now",
    "lift is working again, thanks property team",
    "Will the lift maintenance finish today?",
    "有人知道哪里可以修电动车吗",
    "谁家的猫丢了？在3栋楼下看到一只橘猫",
    "本周六上午9点，社区将在中心广场开展免费理发活动",
    "【通知】因管道维修，6月5日全天停水，请提前储水",
    "恭喜3号楼李阿姨喜得孙子",
    "哈哈哈，笑死我了😂",
    "好",
    "嗯嗯",
    "👍",
    "",
    "家里装修，请问有推荐的装修公司吗",
    "I'm selling my parking space in the garage, DM me",
    "Who's coming to the BBQ on Saturday?",
    "快递放哪了？",
    "物业费在哪交",
]

# category precedence: the first category that fits wins
PRECEDENCE = [
    ("2号楼一单元的独居老人在楼道里摔倒了，楼道灯也坏了", "care"),
    ("楼道灯坏了，电线裸露还冒火花", "safety"),
    ("有人偷电动车的电瓶，还把车位的地锁砸坏了", "security"),
    ("为了车位的事，隔壁跟我吵起来了", "dispute"),
    ("楼下装修的建筑垃圾堆在车位上，车停不进去", "parking"),
    ("装修的噪音太大了，垃圾也乱扔", "noise"),
    ("下水道堵了，臭得不得了", "sanitation"),
    ("Someone stole the bike and then the two owners started shouting at each other", "security"),
    ("The neighbours argued about the leak in 502", "dispute"),
]

# urgency: red only for danger now; yellow for scope, hazards, recurring, long unresolved, nobody deals
URGENCY = [
    ("3号楼楼道灯坏了", "green"),
    ("3号楼楼道灯又坏了", "yellow"),
    ("3号楼楼道灯坏了一个多月了", "yellow"),
    ("3号楼楼道灯坏了，一直没人修", "yellow"),
    ("3号楼楼道灯坏了两天", "green"),
    ("楼下的狗天天叫", "green"),
    ("Dog barking every night at block 4", "green"),
    ("Dog barking every night at block 4, reported it twice already, still not solved", "yellow"),
    ("整栋楼停电了", "yellow"),
    ("No power in the whole building since 8am", "yellow"),
    ("楼道里有人给电动车充电", "yellow"),
    ("楼道里冒烟了", "red"),
    ("Gas smell in the lobby of block 3", "red"),
    ("有个陌生人在楼道里转悠", "yellow"),
    ("物业乱收费，业主意见很大", "yellow"),
    ("老人晕倒在电梯口", "red"),
    ("独居老人想请志愿者帮忙买菜", "green"),
    ("水管爆了，楼道里全是水", "red"),
    ("卫生间天花板渗水", "green"),
    ("昨晚车被划了", "yellow"),
    ("两个人在楼下打起来了", "red"),
    ("垃圾两天没人清了", "green"),
    ("垃圾没人清理，都一周了", "yellow"),
    ("Garbage not collected, no one cleans it", "yellow"),
]

# negations, questions and resolutions decide is_report
NEGATION = [
    ("灯修好了，谢谢", False),
    ("明天停水吗？", False),
    ("又停水了", True),
    ("停水了，也没有通知", True),
    ("电梯修好了又坏了", True),
    ("Thanks, the lift was fixed yesterday", False),
    ("Lift broken again, fixed only last week", True),
    ("Is the water going to be off tomorrow?", False),
    ("电梯坏了，麻烦尽快修一下，谢谢", True),
]


@pytest.mark.parametrize(("text", "category", "urgency"), REPORTS)
def test_report_category_and_urgency(text: str, category: str, urgency: str) -> None:
    p = parse(text)
    assert p.is_report, p.reasons
    assert (p.category, p.urgency) == (category, urgency), p.reasons


@pytest.mark.parametrize("text", NON_REPORTS)
def test_non_reports(text: str) -> None:
    p = parse(text)
    assert not p.is_report, p.reasons
    assert p.category is None and p.urgency is None and p.building is None


@pytest.mark.parametrize(("text", "category"), PRECEDENCE)
def test_category_precedence(text: str, category: str) -> None:
    assert parse(text).category == category


@pytest.mark.parametrize(("text", "urgency"), URGENCY)
def test_urgency(text: str, urgency: str) -> None:
    p = parse(text)
    assert p.is_report and p.urgency == urgency, p.reasons


@pytest.mark.parametrize(("text", "is_report"), NEGATION)
def test_negation_and_questions(text: str, is_report: bool) -> None:
    assert parse(text).is_report is is_report


@pytest.mark.parametrize(
    "text",
    [
        "收到",
        "谢谢",
        "大家早上好！",
        "明天停水吗？",
        "出售九成新婴儿车一辆，需要的私聊",
        "ok",
        "lol",
        "Reminder: committee meeting tonight at 7pm",
        "灯修好了，谢谢",
        "👍👍",
        "",
    ],
)
def test_confident_non_reports_need_no_confirmation(text: str) -> None:
    p = parse(text)
    assert not p.is_report and not needs_confirmation(p)


@pytest.mark.parametrize("text", ["停水了吗？", "6号楼电梯", "垃圾", "电梯是不是坏了", "Is the lift broken?"])
def test_ambiguous_messages_ask(text: str) -> None:
    assert needs_confirmation(parse(text))


@pytest.mark.parametrize(
    "text", ["7号楼1单元302厨房冒烟了！快来人", "3号楼2单元楼道灯坏了", "Lift in Block 5 broken AGAIN"]
)
def test_clear_reports_need_no_confirmation(text: str) -> None:
    p = parse(text)
    assert p.is_report and not needs_confirmation(p) and 0.0 <= p.confidence <= 1.0


def test_reasons_name_the_deciding_words() -> None:
    p = parse("7号楼冒烟了")
    assert "safety:冒烟" in p.reasons and "red:冒烟" in p.reasons and "loc:7号楼" in p.reasons


def test_lang_hint_is_accepted() -> None:
    assert parse("3號樓2單元樓梯燈壞了", "zh-Hant").category == "repair"
    assert parse("Lift broken", lang="en").is_report


@pytest.mark.parametrize("text", ["3号楼的火还没灭", "3號樓嘅火仲未熄", "火还没扑灭，5栋", "火越烧越大了 快来人 5栋"])
def test_a_fire_not_out_yet_is_red(text: str) -> None:
    """A fire told as still burning is red (it read yellow: no danger word); the model reads it so too."""

    for p in (parse(text), parse_with_model(text)):
        assert p.is_report and p.category == "safety" and p.urgency == "red", (text, p)


@pytest.mark.parametrize("text", ["没灭的烟头到处都是", "1202房嘅朋友，你架车车头灯未熄啊", "3号楼的火已经扑灭了"])
def test_look_alikes_of_a_fire_not_out_are_not_red(text: str) -> None:
    assert parse(text).urgency != "red"
