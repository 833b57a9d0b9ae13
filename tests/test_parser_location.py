"""Location rules: building, unit and room as digits or upper-case letters.

Over 300 lines: one table of place forms a case each, for every way residents name a place.
"""

from __future__ import annotations

import pytest
from parser_scoring import parse_by_rules as parse

from bot.core.numerals import cn_to_int
from bot.core.parser_lexicon import default_lexicon
from bot.core.parser_location import extract_location


def place(expected: str) -> tuple[str | None, str | None, str | None]:
    """An expected location written "building-unit-room", each part empty where there is none."""
    building, unit, room = (part or None for part in expected.split("-"))
    return building, unit, room


def loc(text: str) -> tuple[str | None, str | None, str | None]:
    """Location read from raw text (normalised the way the parser does)."""
    found = extract_location(default_lexicon().normalize(text))
    return found.building, found.unit, found.room


# (text, "building-unit-room")
FORMS = [
    ("三号楼二单元", "3-2-"),
    ("二十一号楼", "21--"),
    ("十二栋", "12--"),
    ("十四栋后面", "14--"),
    ("3號樓2單元", "3-2-"),
    ("12棟", "12--"),
    ("３号楼２单元", "3-2-"),
    ("3-2-302", "3-2-302"),
    ("3-302", "3--302"),
    ("A栋", "A--"),
    ("b座", "B--"),
    ("Block b", "B--"),
    ("Tower B, 3rd floor", "B--"),
    ("Building 3, Unit 2", "3-2-"),
    ("Bldg 8", "8--"),
    ("Entrance 2 of Block 4", "4-2-"),
    ("Apt 302", "--302"),
    ("Room 1203, Bldg 4", "4--1203"),
    ("#302", "--302"),
    ("Flat 1502", "--1502"),
    ("unit 302", "--302"),
    ("1502室", "--1502"),
    ("3号楼2单元502号", "3-2-502"),
    ("3#楼", "3--"),
    ("楼上1502", "--1502"),
    ("5幢", "5--"),
    ("6-1-402 and 6-1-502", "6-1-402"),
    # floors are neither rooms nor buildings
    ("5楼", "--"),
    ("5层", "--"),
    ("5th floor", "--"),
    ("五楼走廊", "--"),
    ("7棟5樓走廊", "7--"),
    # numbers that are not places
    ("2024年", "--"),
    ("电话13812345678", "--"),
    ("叫了120", "--"),
    ("300块", "--"),
    ("10:30", "--"),
    ("一栋楼都停电了", "--"),
    ("building a new bench", "--"),
    ("东门", "--"),
    ("2024-05-01", "--"),
]

REPORTS = [
    ("5号楼302的王爷爷好几天没下楼了，敲门也没人应，大家帮忙看看", "5--302"),
    ("独居老人刘奶奶家暖气坏了，她自己弄不了，能不能找人帮下", "--"),
    ("有个小朋友在小区里哭，找不到妈妈了，穿蓝色衣服，在北门", "--"),
    ("我妈在8栋楼下晕倒了！！快来人", "8--"),
    ("3单元有位老人在楼梯上摔了，头流血了", "-3-"),
    ("An elderly lady in Block 7 lives alone and needs someone to check on her weekly", "7--"),
    ("My neighbour, an old man in 4-2-301, hasn't answered the door for two days", "4-2-301"),
    ("Child missing near the playground, 5 years old, red jacket, please help", "--"),
    ("老人走失了，穿灰色外套，有看到的请联系", "--"),
    ("12號樓的陳伯伯暈倒在電梯口，已經叫了救護車", "12--"),
    ("楼道里有人在给电瓶车充电，线拉得到处都是", "--"),
    ("2号楼3单元楼道里好大一股煤气味，谁家没关阀门", "2-3-"),
    ("9栋地下室着火了，好多烟！", "9--"),
    ("消防通道又被堆满了杂物", "--"),
    ("楼上又往下扔垃圾，差点砸到人", "--"),
    ("小区西门那个井盖坏了一半，晚上看不见很危险", "--"),
    ("6号楼外墙裂了一条大缝，看着挺吓人", "6--"),
    ("灭火器都过期了，4栋每层都是", "4--"),
    ("电梯困人了，7号楼2单元，里面有个老人", "7-2-"),
    ("配电箱在冒火花，噼里啪啦的响", "--"),
    ("There's a strong smell of gas on the 4th floor of Block A", "A--"),
    ("Someone is charging an e-bike battery in the stairwell of building 3 again", "3--"),
    ("The fire exit in Tower C is locked with a chain", "C--"),
    ("Fire on the balcony of 1203!! building 5", "5--1203"),
    ("Someone is stuck in the lift in block 2, been there 20 min", "2--"),
    ("消防栓被车挡住了", "--"),
    ("8棟樓道有人堆放雜物擋住逃生通道", "8--"),
    ("廚房著火了！！3號樓5樓", "3--"),
    ("昨晚有人撬了我家的门，3-1-201，丢了现金", "3-1-201"),
    ("车库里有个人在挨个拉车门，看着很可疑", "--"),
    ("有人冒充物业上门收费，大家小心骗子", "--"),
    ("我的快递被偷了三次了", "--"),
    ("两个人在小区门口打架，有一个拿着刀", "--"),
    ("My car was broken into last night in the garage", "--"),
    ("Suspicious guy taking photos of the doors in Block 4", "4--"),
    ("Someone keyed three cars near Building 2", "2--"),
    ("有陌生人跟着小孩进了单元门", "--"),
    ("楼上邻居装修把我家天花板弄漏了，找他赔偿他不肯", "--"),
    ("物业乱收费，停车费涨了一倍也不解释", "--"),
    ("对门把垃圾放我门口，说了好几次都不听，还骂人", "--"),
    ("My upstairs neighbour refuses to fix his leaking pipe, we argued twice", "--"),
    ("Property company charged us a fee nobody agreed to, can the committee mediate?", "--"),
    ("隔壁为了车位跟我吵起来了，请社区来调解", "--"),
    ("有辆车停在5栋门口的消防车道上", "5--"),
    ("我的车位又被人占了！", "--"),
    ("地库B2有辆车堵住我的车出不去了，车牌京A12345", "--"),
    ("小区门口电动车乱停乱放，人都走不过去", "--"),
    ("Someone parked in my spot again, car plate ABC123", "--"),
    ("An abandoned car has been sitting near Block 9 for months", "9--"),
    ("A van is blocking the driveway of Building 6", "6--"),
    ("楼下KTV天天唱到半夜，吵死了", "--"),
    ("周末早上七点就开始装修，电锤声音太吵", "--"),
    ("3栋有户人家的狗叫了一整晚", "3--"),
    ("广场舞的音响又开到最大了，跟他们说了好几次都没用", "--"),
    ("Loud music from 802 every night until 2am", "--802"),
    ("Construction noise at midnight next to Block 3, again", "3--"),
    ("樓上每晚都很吵，拖椅子的聲音", "--"),
    ("2单元门口有一大坨狗屎，谁家的狗", "-2-"),
    ("楼道里全是小广告，贴得到处都是", "--"),
    ("垃圾桶旁边的垃圾堆了一个多月了，没人管", "--"),
    ("地下室好多蟑螂", "--"),
    ("绿化带杂草长得比人还高了", "--"),
    ("The bins at Block 4 haven't been emptied for two weeks and smell terrible", "4--"),
    ("Cockroaches everywhere in the basement of building 11", "11--"),
    ("Dog poop all over the lawn by block 2", "2--"),
    ("垃圾站好臭啊，夏天根本受不了", "--"),
    ("樓梯間很髒，好久沒人打掃了", "--"),
    ("4栋2单元的电梯卡在6楼不动了，里面没人", "4-2-"),
    ("家里没水了，是整个小区停水吗", "--"),
    ("1号楼全楼停电了，冰箱都停了", "1--"),
    ("下水道堵了，污水都冒出来了，在5栋后面", "5--"),
    ("单元门的门禁坏了好几天了，谁都能进", "--"),
    ("小区里的路灯一半都不亮", "--"),
    ("702卫生间漏水漏到602了", "--702"),
    ("屋顶漏水，下雨天家里到处接水，第三次报了", "--"),
    ("二十一号楼三单元的对讲机坏了", "21-3-"),
    ("十二栋电梯按钮失灵", "12--"),
    ("３号楼２单元１楼大门关不上了", "3-2-"),
    ("The lift in Building 5 has been out of order for a week", "5--"),
    ("Street light outside block 8 keeps flickering", "8--"),
    ("Leak from the ceiling in flat 1102, Tower A", "A--1102"),
    ("No hot water in 3-2-502 since yesterday", "3-2-502"),
    ("The gate barrier at the north entrance is stuck open", "--"),
    ("Pipe burst in the basement of block 6, water is pouring into the garage", "6--"),
    ("5棟電梯又壞了，已經第三次了", "5--"),
    ("水管爆了！！2-1-101家里全是水", "2-1-101"),
    ("Water's off in the whole building, Block 10", "10--"),
    ("elevator broken in bldg 3 pls fix", "3--"),
    ("大门的锁坏了，还是没人修", "--"),
    ("建议在小区里装几个充电桩", "--"),
    ("希望能在儿童乐园旁边加个遮阳棚", "--"),
    ("It would be nice to have more bike racks near Block 3", "3--"),
    ("又停水了！", "--"),
    ("那个就是说我们家楼上那个水一直往下滴啊滴到我家卧室了你们物业能不能来看一下", "--"),
    ("喂喂喂 7栋那个电梯又停了 老人上不去楼啊 都一个礼拜了", "7--"),
    ("@物业客服 8-2-1101 卫生间马桶堵了", "8-2-1101"),
    ("求助！！！9号楼1单元有人家里冒黑烟", "9-1-"),
    ("lift又坏了 in building 4, 真的受不了", "4--"),
    ("Block 3 楼道灯不亮 pls check", "3--"),
    ("电梯坏了，麻烦尽快修一下，谢谢", "--"),
    ("你好，我是5栋的，我们单元的门禁坏了，麻烦处理下", "5--"),
    ("大家好，11号楼门口的路灯坏了好久了，一直没人修", "11--"),
    ("家里闻到一股烧焦的味道，不知道哪里来的，6栋3楼", "6--"),
    ("小区车库有人偷电瓶，已经第二次了", "--"),
    ("楼下那辆破自行车放了一年多了，能不能清理掉", "--"),
    ("Hi, the lift in Block 8 is not working, can someone come?", "8--"),
    ("the drain outside building 5 is blocked and theres water everywhere on the path", "5--"),
    ("Thanks in advance - the hallway light on 7th floor of Bldg 2 is flickering", "2--"),
    ("Good morning, there is a big pile of rubbish next to block 6 since last week", "6--"),
    ("Hello, smoke alarm beeping nonstop in 3-1-402, nobody home", "3-1-402"),
    ("電梯又壞了！！！每個月都壞", "--"),
    ("B棟1單元樓梯燈不亮很久了", "B-1-"),
    ("有人在5號樓樓下燒東西，煙很大", "5--"),
    ("樓下有車一直按喇叭，吵死人", "--"),
    ("小区健身器材好多都坏了，能不能换新的", "--"),
    ("3栋楼下有个大坑，下雨全是积水", "3--"),
    ("晚上有人在楼下烧烤，烟都飘进屋了", "--"),
    ("11栋和12栋之间的路灯不亮", "11--"),
    ("小区门口的台阶碎了，老人容易绊倒", "--"),
    ("楼顶太阳能热水器的管子漏水，水顺着墙流下来", "--"),
    ("Neighbour's dog bit my son near Block 2, the owner just walked away", "2--"),
    ("Someone is smoking in the lift every morning, the smell is terrible", "--"),
    ("我爸一个人在家，电话打不通，我在外地，谁能帮忙去3-2-502看看", "3-2-502"),
    ("A-1-1201的独居老人需要有人定期探望", "A-1-1201"),
]


@pytest.mark.parametrize(("text", "expected"), FORMS)
def test_location_forms(text: str, expected: str) -> None:
    assert loc(text) == place(expected)


@pytest.mark.parametrize(("text", "expected"), REPORTS)
def test_location_of_reports(text: str, expected: str) -> None:
    p = parse(text)
    assert (p.building, p.unit, p.room) == place(expected), p.reasons


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("三", 3),
        ("十", 10),
        ("十二", 12),
        ("二十一", 21),
        ("一百零五", 105),
        ("三零二", 302),
        ("幺零二", 102),
        ("两", 2),
        ("一千一百零一", 1101),
        ("二三十", None),
        ("十十", None),
        ("", None),
        ("abc", None),
    ],
)
def test_chinese_numerals(text: str, value: int | None) -> None:
    assert cn_to_int(text) == value


def test_non_report_has_no_location() -> None:
    p = parse("3号楼的张阿姨做的包子真好吃")
    assert (p.building, p.unit, p.room) == (None, None, None)


# a flat number that ends a sentence: "。" is normalised to ".", which is a decimal point only between digits
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3号楼1单元202。", "3-1-202"),
        ("楼上每天半夜唱K。7号楼，应该是1203。", "7--1203"),
        ("Flat above is flooding. Building 8, we're 1203.", "8--1203"),
        ("Tower B, 1603.", "B--1603"),
        ("水费单上写着3.502元", "--"),  # a decimal point between digits
        ("Block 7, 0.502 of the bill", "7--"),
        # a year, not a flat: after a month or a word of time, or ending a clause after "in"
        ("The extinguisher in Block 7 expired in 2021.", "7--"),
        ("Next inspection due March 2023. Overdue!", "--"),
        ("Our tree went up in flames in 2015. Never again", "--"),
        ("Since 2019 the pipe leaks in 1502", "--1502"),
        ("The lady in 1903, Block 6 lives alone", "6--1903"),
        ("The guy in 2002 is arguing again", "--2002"),
    ],
)
def test_room_at_a_sentence_end(text: str, expected: str) -> None:
    assert loc(text) == place(expected)


# flats said in other ways, and numbers that are not flats
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4座1903個煤氣錶嗰度嘶嘶聲", "4--1903"),  # right after its building, even before 個
        ("5栋601个阿伯一个人住，三日冇见佢", "5--601"),
        ("五零一家的麻将声一打就是通宵", "--501"),  # digit by digit with a zero
        ("幺五零二的邻居把婴儿车堆在消防通道里", "--1502"),  # 幺: one, as numbers are spoken
        ("我家十八栋四零三，厕所堵了", "18--403"),
        ("二零二三年装修的时候就这样", "--"),  # a year
        ("一二三木头人", "--"),  # no zero: not a flat
        ("楼上1502天天晚上拖椅子", "--1502"),  # 天天 is every day, not days
        ("1203楼上凌晨还在拖椅子", "--1203"),  # the flat's upstairs, not floor 1203
        ("smoke from 1402 window!!", "--1402"),
        ("The gas alarm in 604 went off", "--604"),
        ("车牌尾号368，车主看到请挪一下", "--"),  # a plate
        ("Plate ending 873. Please move", "--"),
        ("Someone parked in my space #112 AGAIN", "--"),  # a parking space
        ("B区036号车位被占了", "--"),
        ("地库156车位被占了", "--"),
        ("有看到的请马上联系我 139xxxx5621", "--"),  # a phone number, masked
        ("5栋100个人都停水了", "5--"),
    ],
)
def test_flats_and_numbers_that_are_not(text: str, expected: str) -> None:
    assert loc(text) == place(expected)


# English place words in the plural or the possessive, letters that are words, typed homophones
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Power out for the whole east side, Blocks 14 to 18", "14--"),
        ("Lorry across the fire lane behind Buildings 8 and 9", "8--"),
        ("An SUV blocks half the road near Building 21", "21--"),  # "blocks" is no block S
        ("Delivery guys are wandering into the blocks", "--"),
        ("She wanders into the other units", "--"),
        ("power's out in my whole building now, blk 8", "8--"),  # "building now" is no building W
        ("She can't remember which block. I'm waiting with her", "--"),
        ("Block B's entrance light is out", "B--"),
        ("The slabs outside Building 10's front door are uneven", "10--"),
        ("The wifi in the Tower A gym is down", "A--"),  # after tower, a is a name
        ("block a lane with bins", "--"),  # after block, it may be a word
        ("楼道有人在充电动车 7#3单元", "7-3-"),
        ("3好楼的电题又坏了", "3--"),  # 好 typed for 号
        ("2动有只狗一直叫", "2--"),  # 动 typed for 栋
        ("The red Tesla is in my space (P-118) AGAIN", "--"),  # a parking space
        ("谁的车停在我车位上了？车位号B-117", "--"),
        ("The stairs light at level 2-3 Blk 6 spoil", "6--"),  # floors 2 to 3
        ("The tree blocks all the light for floors 1-3", "--"),
        ("Mr Wang in Bldg 9, 1st unit, 201 lives alone", "9-1-201"),
        ("same unit #10-115 blk 19 blasting music", "19--115"),  # Singapore: floor 10, flat 115
        # the writer's home, its unit included, gives way to where the problem is
        ("我是七号楼二单元的 我婆婆一个人住在十一号楼三单元一楼幺零二 电话没人接", "11-3-102"),
    ],
)
def test_place_words_in_other_forms(text: str, expected: str) -> None:
    assert loc(text) == place(expected)
