"""The rules about words written around a report (bot.core.followup), read the same in every script: Traditional
and Cantonese replies mean what their Simplified twins mean.

Over 300 lines: one table of residents' words per rule, each rule's positives beside its negatives.
"""

from __future__ import annotations

import pytest

from bot.core import after_close, followup, next_words
from bot.core.parser import parse
from bot.core.types import Category, Urgency


@pytest.mark.parametrize(
    "text",
    ["我家也是", "我們家也是", "我都係", "我哋屋企都係", "同樣！！", "＋１", "ME TOO!", "我們樓也一樣"]
    + ["我们6楼也是", "12層都係"],
)
def test_mine_too_in_any_script(text: str) -> None:
    assert followup.is_me_too(text)


@pytest.mark.parametrize(
    "text", ["我家水管漏水了", "我們家水管漏水了", "都怪物业", "same old story about fees", "5号楼也是"]
)
def test_a_problem_or_a_sentence_is_not_mine_too(text: str) -> None:
    assert not followup.is_me_too(text)


@pytest.mark.parametrize("text", ["灯还是不亮", "燈還是不亮", "仲係漏緊水", "水還在往下滴", "這是樓道的燈"])
def test_still_there_or_pointing_needs_no_comparison(text: str) -> None:
    assert not followup.compare_wording(frozenset(), text, parse(text), False, None, None)


@pytest.mark.parametrize("text", ["我家水管漏水了", "我們家水管漏水了"])
def test_a_neighbours_own_problem_is_compared(text: str) -> None:
    assert followup.compare_wording(frozenset(), text, parse(text), False, None, None)


@pytest.mark.parametrize("text", ["5号楼电梯正在抢修，请走楼梯", "5號樓電梯正在搶修，請走樓梯"])
def test_staff_news_in_any_script(text: str) -> None:
    assert followup.staff_news(frozenset(), text)


@pytest.mark.parametrize("text", ["我家电梯正在维修", "我們家水管正在搶修", "我屋企正在維修"])
def test_staff_writing_of_their_own_home_is_not_news(text: str) -> None:
    assert not followup.staff_news(frozenset(), text)


@pytest.mark.parametrize(
    ("rest", "apart", "compared"),
    [
        ("6楼也黑了", False, False),  # a floor, and how it is: theirs too
        ("我家在5楼，也黑", False, False),  # the model's "care" for a few words is no other kind
        ("6th floor dark too", False, False),
        ("但我家是水管漏水", False, True),  # a problem named: its wording is compared with the event's
        ("停电了", False, True),  # (diff review: "我家也是，停电了" under the lift had joined it)
        ("the power is out", False, True),
        ("someone is trapped inside!", True, False),  # a danger under an ordinary event
        ("5号楼也一样", True, False),  # another building
    ],
)
def test_words_after_mine_too_under_a_light(rest: str, apart: bool, compared: bool) -> None:
    parsed = parse(rest)
    assert followup.mine_too_elsewhere(parsed, "3", Category.REPAIR, Urgency.GREEN) is apart, rest
    assert followup.names_a_problem(parsed) is compared or apart, rest


@pytest.mark.parametrize(
    "text", ["不好意思发错了", "對不起，發錯了", "不好意思，刚才发错群了", "撤回", "不用了，谢谢", "sorry, wrong chat"]
)
def test_words_that_take_a_report_back(text: str) -> None:
    assert followup.takes_back(text)


@pytest.mark.parametrize("text", ["没有", "不是", "谢谢", "不用了，我自己修好了", "不是，是3号楼着火了", "好的"])
def test_words_that_do_not_take_a_report_back(text: str) -> None:
    assert not followup.takes_back(text)


OWN_EN = [
    "also the doorbell is broken",
    "my doorbell doesn't work either",
    "the lift is stuck too",
    # things and problems the word lists know by their stem ("pipe*", "leak*"): found as written, "pipes", "leaking"
    "the pipe under the sink is leaking too",
    "the pipes are leaking",
]
SAME_EN = ["it has been broken since yesterday", "and now the light is flickering too", "on the 3rd floor"]


@pytest.mark.parametrize("text", OWN_EN + SAME_EN)
def test_next_words_in_english_name_a_thing_of_their_own_or_say_more(text: str) -> None:
    """After "The hallway light in Block 3 is out": English puts its fillers first ("also the doorbell is")."""
    assert next_words.names_own_thing(parse(text), text, ["The hallway light in Block 3 is out"]) is (text in OWN_EN)


@pytest.mark.parametrize(
    ("said", "text", "its"),
    [
        ("3号楼2单元楼道灯坏了", "声控灯也不亮", True),  # a light, as 路灯 and 灯 are
        ("3号楼2单元楼道灯坏了", "聲控燈也不亮", True),
        ("3号楼2单元楼道灯坏了", "门铃坏了", False),
        ("3号楼2单元楼道灯坏了", "电梯坏了", False),
        ("3号楼电梯坏了", "轿厢也不动了", True),  # the lift's car
        ("3号楼电梯坏了", "楼道灯也坏了", False),
        ("3号楼电梯坏了", "电梯门关不上", True),  # a part of the lift (next_words.part_of)
        ("3号楼门禁坏了", "门禁卡刷不了", True),
        ("3号楼电梯坏了", "电梯间窗户破了", False),  # the lift lobby's window: a window
        ("The lift in Block 3 is broken", "the lift lobby light is out", False),
        ("厨房水管漏水了", "下水管也在漏", True),  # a water pipe
        ("厨房水管漏水了", "水龙头也坏了", False),
        ("The hallway light in Block 3 is out", "the lights are out on the 2nd floor too", True),
        ("The hallway light in Block 3 is out", "the elevator is broken", False),
        ("The lift in Block 3 is broken", "the elevator is stuck", True),
    ],
)
def test_a_thing_of_the_family_of_the_report_s(said: str, text: str, its: bool) -> None:
    """(bot.core.next_words.names_its_thing): a thing of the same family, in the same kind of problem, is the
    report's thing by another name."""
    assert next_words.names_its_thing(parse(text), text, [said], Category.REPAIR) is its


OWN = ["门铃坏了", "电梯坏了", "下水道堵了", "3楼的水管也漏了", "门铃又坏了", "3号楼门铃坏了", "楼上漏水了", "門鈴壞了"]
SAME = ["坏了好几天了，晚上黑漆漆的", "一直不亮", "灯一闪一闪的", "楼道的灯还是不亮", "从昨天起就坏了", "又坏了"]
SAME += ["昨天晚上开始就不亮了", "现在还是不亮", "已经坏了好几天，很不方便", "3楼的灯也不亮"]


@pytest.mark.parametrize("text", OWN + SAME)
def test_next_words_name_a_thing_of_their_own_or_say_more_of_the_report(text: str) -> None:
    """After "3号楼2单元楼道灯坏了" (bot.core.next_words): another thing broken, in any script, is a report of its
    own; how the light is, since when, or where, is not."""
    assert next_words.names_own_thing(parse(text), text, ["3号楼2单元楼道灯坏了"]) is (text in OWN)


@pytest.mark.parametrize("text", ["已经两天了", "好几天了", "还是老样子"])
def test_a_time_or_again_tells_more_of_the_report_just_made(text: str) -> None:
    assert not parse(text).is_report and next_words.tells_more(parse(text))


LEAK = "3号楼2单元家里漏水了"
HALL_LIGHT = "3号楼2单元楼道灯坏了"
LIFT = "3号楼2单元电梯坏了"
EN_LIGHT = "the hallway light in block 3 is out"
EN_LEAK = "Water is leaking from my bathroom ceiling, block 5"


@pytest.mark.parametrize(
    ("said", "text"),
    [
        (LEAK, "天花板一直在滴水"),  # where a leak shows, by a sign of its family
        (LEAK, "墙上也在渗水"),
        (LEAK, "地上都是积水"),
        (LEAK, "还在漏水"),
        (LEAK, "又漏水了"),  # again, of her own leak: hers
        (LEAK, "水还在往下滴，地上都是水"),
        (LEAK, "墙都湿透了，还在滴"),
        ("3號樓2單元家裡漏水了", "天花板一直在滴水"),
        (LEAK, "天花板還在滴水"),
        (HALL_LIGHT, "楼道还是黑漆漆的"),
        (HALL_LIGHT, "樓道還是黑漆漆的"),
        (HALL_LIGHT, "灯还是不亮"),
        (LIFT, "还是不动"),
        (EN_LIGHT, "the hallway light is still out"),
        (EN_LIGHT, "it's still dark in the hallway"),
        (EN_LIGHT, "still no light"),
        (EN_LEAK, "it's still dripping"),
        (EN_LEAK, "the wall is wet and water is coming through"),
    ],
)
def test_words_showing_her_problem_by_a_sign_of_its_family_are_hers(said: str, text: str) -> None:
    """(bot.core.next_words.same_problem, bot.core.symptoms): the ceiling dripping is what her leak looks like."""
    parsed = parse(text)
    assert next_words.shows_a_sign(parsed, text) or parsed.urgency is Urgency.RED, text
    assert next_words.same_problem(parsed, text, [said], parse(said).category or Category.REPAIR), text


@pytest.mark.parametrize(
    ("said", "text"),
    [
        (LEAK, "楼上也漏水了"),  # another place: upstairs, next door, the lift, another building or unit
        (LEAK, "隔壁也在漏水"),
        (LEAK, "电梯里也在漏水"),
        (LEAK, "5号楼也漏水了"),
        (LEAK, "1单元也漏水了"),
        (LEAK, "水龙头也在漏水"),  # another thing
        (LEAK, "楼道灯也不亮了"),  # another family
        (LEAK, "下水道堵了"),
        (LEAK, "天花板的灯不亮"),
        (LEAK, "家里又停电了"),
        (HALL_LIGHT, "门口的灯也不亮"),
        (HALL_LIGHT, "又停电了"),
        (HALL_LIGHT, "到处黑漆漆的，停电了"),
        (HALL_LIGHT, "又有人在楼道堆东西了"),
        (HALL_LIGHT, "今天天黑得早"),
        (LIFT, "楼道灯也坏了"),
        (LIFT, "電梯也不動了，樓道燈也不亮"),
        ("3號樓2單元樓道燈壞了", "樓上也漏水了"),
        (EN_LIGHT, "the street light is out"),
        (EN_LIGHT, "it's dark in the stairwell"),
        (EN_LIGHT, "the ceiling is leaking"),
        (EN_LIGHT, "the lift is stuck too"),
        (EN_LEAK, "the neighbour's kitchen is leaking too"),
    ],
)
def test_words_of_another_problem_place_or_thing_are_not_hers(said: str, text: str) -> None:
    """Another kind of problem, a thing or a place her words did not name: a report of its own."""
    assert not next_words.same_problem(parse(text), text, [said], parse(said).category or Category.REPAIR), text


def test_words_naming_the_place_she_said_are_her_problem_but_no_words_about_it() -> None:
    """ "2单元天花板在滴水" shows her leak, in her unit: right after it they join it (``same_problem``); later, with a
    place, they are read as a report (her report said again, or one of its own), not as words about one."""
    text = "2单元天花板在滴水"
    assert next_words.same_problem(parse(text), text, [LEAK], Category.REPAIR)
    assert not next_words.shows_a_sign(parse(text), text)


@pytest.mark.parametrize(
    "text", ["漏水的问题修好了吗？", "已经不漏了，谢谢", "no longer dripping", "不好意思发错了", "漏电了！"]
)
def test_a_question_a_take_back_or_a_danger_shows_no_sign_of_her_problem(text: str) -> None:
    assert not next_words.shows_a_sign(parse(text), text)


@pytest.mark.parametrize(
    ("text", "its"),
    [
        ("the hallway light still isn't working", True),  # the name she said, though no word list's
        ("the light still isn't working", True),
        ("the street light still isn't working", False),
    ],
)
def test_typed_later_her_thing_by_the_name_she_said_is_hers(text: str, its: bool) -> None:
    said = ["the hallway light in block 3 is out"]
    assert next_words.names_its_thing(parse(text), text, said, Category.REPAIR, by_family=False) is its
    assert not its or not next_words.another_problem(parse(text), text, said, Category.REPAIR)


@pytest.mark.parametrize(
    ("said", "text", "other"),
    [
        (EN_LIGHT, "the ceiling is leaking", True),
        (EN_LIGHT, "the ceiling is still leaking", True),
        (HALL_LIGHT, "下水道也堵了", True),
        (LEAK, "下水道也堵了", True),
        (LEAK, "天花板一直在滴水", False),
        (HALL_LIGHT, "坏了好几天了，晚上黑漆漆的", False),
        (HALL_LIGHT, "门铃坏了", False),  # no sign of any family: names_own_thing's to judge
        ("3号楼停水了", "一滴水都没有", False),  # an outage: the outage rule's
    ],
)
def test_a_sign_of_another_family_is_another_problem(said: str, text: str, other: bool) -> None:
    assert next_words.another_family(text, [said], Category.REPAIR) is other
    if other:
        assert next_words.another_problem(parse(text), text, [said], Category.REPAIR)


@pytest.mark.parametrize(
    "text",
    [
        "还没修好",
        "灯还是不亮",
        "修好了又坏了",
        "天花板还在滴水",
        "還在漏",
        "水还一直在流",
        "修好了，但是还在滴水",
        "still dark",
    ],
)
def test_words_that_say_it_is_not_fixed(text: str) -> None:
    """ "天花板还在滴水" (still, and a sign of a leak) says the leak was not fixed, as "灯还是不亮" does (resident
    review: typed after her leak was closed, it opened #2 of no place)."""
    assert followup.says_not_fixed(parse(text), text)
    assert not followup.says_solved(parse(text), text)


@pytest.mark.parametrize(
    "text",
    [
        "修好了，谢谢",
        "修好了，还是王师傅靠谱",
        "我还在家",
        "今天还在下雨",
        "还在等师傅",
        "修好了，灯一直亮着",
        "已经不漏了，一直很好",
    ],
)
def test_words_that_do_not_say_it_is_not_fixed(text: str) -> None:
    """ "修好了，还是王师傅靠谱" is praise ("after all"): it reopened the event (found beside the rule above)."""
    assert not followup.says_not_fixed(parse(text), text)


def test_fixed_and_praise_after_all_is_solved() -> None:
    text = "修好了，还是王师傅靠谱"
    assert followup.says_solved(parse(text), text)


@pytest.mark.parametrize(
    "text",
    ["修好了吗？", "修好了嗎？", "我不在家，不知道好了没有", "我唔知修好咗未", "只修好了一半", "好一点了，谢谢"]
    + ["Was it really fixed? I haven't checked yet", "partly fixed, thanks"],
)
def test_a_question_not_knowing_or_a_part_fixed_is_no_solved(text: str) -> None:
    """Under "问题解决了吗？" each was recorded "solved, satisfied" and the question closed (sweep of residents' words
    after a close): a question, not knowing, or a part fixed is no "solved"."""
    assert not followup.says_solved(parse(text), text)


@pytest.mark.parametrize("text", ["修好了，谢谢", "修好了，一点问题都没有", "已經修好了，謝謝", "Fixed, thanks"])
def test_solved_and_thanks_is_still_solved(text: str) -> None:
    assert followup.says_solved(parse(text), text)


@pytest.mark.parametrize(
    "text",
    ["没好", "沒修好", "和原来一样", "跟之前一樣", "漏水沒有改善", "漏水一点没改善", "还是老样子", "未整好"]
    + ["same as before", "no improvement at all"],
)
def test_nothing_changed_is_not_fixed(text: str) -> None:
    """ "没好", "和原来一样", "漏水没有改善" say nothing changed, with no word of "still" (sweep: under her question
    they were read as chat, or as a new event of no place)."""
    assert followup.says_not_fixed(parse(text), text)
    assert not followup.says_solved(parse(text), text)


@pytest.mark.parametrize("text", ["不知道有没有好", "修好了没有？", "没事", "好了没有", "今天天气和昨天一样冷吗？"])
def test_asking_or_not_knowing_is_not_nothing_changed(text: str) -> None:
    assert not followup.says_not_fixed(parse(text), text)


@pytest.mark.parametrize(
    ("text", "no"),
    [("没有", True), ("沒有！", True), ("还没", True), ("還沒呢", True), ("冇", True), ("nope", True)]
    + [("没有啊，修好了", False), ("没事", False), ("没有人来", False), ("不用了", False)],
)
def test_a_bare_no(text: str, no: bool) -> None:
    """A bare no under her "问题解决了吗？" is "not solved" (the caller knows what it is under)."""
    assert followup.bare_no(text) is no


@pytest.mark.parametrize(
    ("said", "text", "other"),
    [
        (LIFT, "又坏了", False),
        (LIFT, "怎么又坏了", False),
        ("3號樓2單元電梯壞了", "又壞了", False),
        (LEAK, "又开始滴水了", False),
        (LEAK, "天花板又开始渗水了", False),
        (LEAK, "漏水一点没改善", False),  # as it was: her leak
        (HALL_LIGHT, "漏水一点没改善", True),
        (HALL_LIGHT, "又停电了", True),  # an outage her report did not name
        (HALL_LIGHT, "楼下路灯又坏了", True),  # a thing of its own
        (HALL_LIGHT, "又漏水了", True),  # a sign of another family
    ],
)
def test_her_problem_told_again_is_not_another(said: str, text: str, other: bool) -> None:
    """ "又坏了" after her lift was closed says it is broken again (sweep: typed below her question it opened an
    event of no place): "again", naming no thing or family of its own, is her problem back, as "still" is."""
    assert next_words.another_problem(parse(text), text, [said], Category.REPAIR) is other


@pytest.mark.parametrize(
    ("text", "about"),
    [("漏水一点没改善", True), ("和原来一样，还是漏", True)]
    + [("今天和之前一样冷", False), ("孩子和以前一样调皮", False)],
)
def test_her_problem_as_it_was_is_about_her_report(text: str, about: bool) -> None:
    """ "漏水一点没改善" typed after her leak was closed, before any question, is about it (sweep: an event of no
    place); "nothing changed" with no problem's words is chat."""
    assert next_words.about_a_report(parse(text), text) is about


@pytest.mark.parametrize(
    "text",
    [
        "师傅什么时候来啊",
        "催一下🙏",
        "物业在吗？灯的事有人跟进没",
        "點解仲未有人嚟",
        "怎麼還沒有人來處理",
        "師傅幾時嚟呀",
        "anyone coming? still dark",
        "when will someone come to fix it",
        "明天上午在家",
        "我下午三点以后都在家",
        "今晚7点后有人",
        "聽日下晝喺屋企",
        "週末都在家，隨時可以來",
        "师傅来之前打个电话 13812345678",
        "I'm home after 6pm, call before coming",
    ],
)
def test_words_about_her_visit_are_about_her_report(text: str) -> None:
    """When someone comes, or when and how she can be visited: for her worker, though the reader finds no word in
    them (resident word sweep: typed below her open report, each was dropped and the worker never read it)."""
    assert followup.about_her_visit(text)
    assert next_words.about_a_report(parse(text), text)


@pytest.mark.parametrize(
    "text",
    [
        "有人在吵架",
        "我在家带孩子",
        "今天有人在楼道里抽烟",
        "今晚7点开会",
        "明天要下雨",
        "有人知道快递放哪了吗",
        "I came home and the light was out",
        "someone is smoking in the stairwell",
        "3号楼电梯什么时候来修",  # a place: a report wherever it is written
    ],
)
def test_words_of_someone_there_or_a_time_alone_are_not_about_her_visit(text: str) -> None:
    assert not (followup.about_her_visit(text) and next_words.about_a_report(parse(text), text))


@pytest.mark.parametrize("text", ["sorry wrong group", "搞錯咗，唔好意思", "唔好意思，發錯咗", "唔使喇，冇事"])
def test_a_take_back_in_english_or_cantonese(text: str) -> None:
    """ "wrong group", Cantonese 咗 (了), 喇 and 唔好意思 (不好意思): a no as plain as its Simplified twin."""
    assert followup.answer(text) is False
    assert followup.takes_back(text)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("不是报修，随便说说", False),
        ("我只是隨便問問", False),
        ("just saying", False),
        ("唔該登記", True),
        ("請幫忙登記一下", True),
        ("不是说有人在吵架吗", None),  # "isn't it said…": a question, no answer
        ("不是，是我家厨房漏水了", None),  # a no followed by her problem
    ],
)
def test_just_chatting_is_a_no_and_a_polite_cantonese_or_taiwan_yes_is_a_yes(text: str, said: bool | None) -> None:
    assert followup.answer(text) is said


@pytest.mark.parametrize(("text", "other"), [("物业在吗？灯的事有人跟进没", False), ("电梯的事有人跟进没", True)])
def test_a_visit_chased_for_her_thing_is_hers_and_for_another_thing_is_not(text: str, other: bool) -> None:
    said = [HALL_LIGHT]
    assert next_words.another_problem(parse(text), text, said, Category.REPAIR) is other


@pytest.mark.parametrize(
    "text",
    [
        "3号楼2单元5楼",
        "我住3号楼2单元，就是我们单元的",
        "3棟2單元四樓",
        "是3号楼2单元的楼道",
        "Block 3 unit 2, 5th floor",
    ],
)
def test_her_answer_to_where_with_a_word_more_is_her_place(text: str) -> None:
    """Resident word sweep: each opened #2 at that place, its worker sent twice for one light, #1 left of no place."""
    place = next_words.place_told(parse(text), text, ["楼道灯坏了"])
    assert place is not None and (place.building, place.unit) == ("3", "2")


@pytest.mark.parametrize(
    "text",
    ["5号楼也有这个问题", "3号楼2单元电梯坏了", "3號樓2單元電梯壞了", "3号楼2单元吗？", "3号楼2单元着火了", "楼道"],
)
def test_another_place_problem_question_or_danger_is_not_her_place(text: str) -> None:
    assert next_words.place_told(parse(text), text, ["楼道灯坏了"]) is None


@pytest.mark.parametrize(
    ("text", "more"),
    [
        ("声控灯不亮", True),
        ("樓梯燈唔著", True),
        ("已经一个礼拜了", True),
        ("差不多一周了吧", True),
        ("门口的灯也不亮", False),  # also: a place of its own
        ("楼下的路灯又坏了", False),  # again: one of its own
        ("又要开会了", False),
        ("怎么还没人来", False),  # a chase: about_a_report's
        ("门铃坏了", False),
        ("麻烦了", False),
    ],
)
def test_words_typed_a_while_after_her_light_that_tell_more_of_it(text: str, more: bool) -> None:
    assert next_words.more_of_it(parse(text), text, [HALL_LIGHT], Category.REPAIR) is more


@pytest.mark.parametrize(
    "text",
    [
        "撤回，刚才看错了，灯是好的",
        "不用来了，是我家跳闸了，已经好了",
        "刚才是我搞错了，灯没坏，师傅不用跑一趟了",
        "对不起大家，我弄错了，是我们家的灯坏了不是楼道的，不用处理了",
        "撤回，剛才看錯了，燈是好的",
        "不好意思，是我誤報了，燈沒有壞，不用派人來了",
        "唔使嚟喇，係我睇錯咗，盞燈冇壞",
        "sorry my mistake, the light is fine, no need to come",
        "oops I was wrong, the hallway light is OK, please cancel",
    ],
)
def test_a_take_back_saying_why_takes_her_report_back(text: str) -> None:
    """Open-report sweep: each was dropped (typed) or passed on as a note (under her report), and 王师傅 still went."""
    assert followup.takes_back(text)
    assert next_words.about_a_report(parse(text), text)  # typed, not as a reply: hers too


@pytest.mark.parametrize(
    "text",
    [
        "灯是好的，但是门禁坏了",  # a new problem
        "灯是好的，就是电梯又坏了",
        "我看错了，不是楼道灯，是电梯坏了",
        "看错了，不是楼道灯坏了是电梯坏了",
        "哎呀我说错了 不是灯 是电梯",  # the other thing named only: still a correction
        "说错了，不是楼道灯是电梯",
        "my mistake, it's the lift not the light",
        "撤回消息",  # a chat message taken back
        "怎么撤回消息啊",
        "撤回了一条消息",
        "没有看错，灯确实坏了，快来修",
        "我沒搞錯，真的不亮",
        "已经好了不用来了",  # fixed: its worker's to read
        "不用来了，我自己修好了",
        "看错了，不是2单元，是3单元的灯",  # where it is
        "师傅不用来了吗？",
        "The light is fine but the lift is stuck",
    ],
)
def test_a_new_problem_a_chat_message_or_a_correction_takes_nothing_back(text: str) -> None:
    assert not followup.takes_back(text)


@pytest.mark.parametrize(
    "text",
    [
        "昨晚就开始了",
        "从上礼拜一直这样",
        "好几天了都",
        "前天晚上开始就不亮了",
        "都一个多星期了，一直没人管",
        "自從上個禮拜就係咁",
        "上禮拜開始就這樣了",
        "it's been like this since Monday",
        "for about 3 days now",
        "it started last night",
        "差不多從上個月底開始的",
    ],
)
def test_since_when_words_after_her_light_tell_more_of_it(text: str) -> None:
    """Open-report sweep: each was dropped, asked "Report it?", or opened #2 of no place."""
    assert next_words.tells_since(text)
    assert next_words.since_of_it(parse(text), text, [HALL_LIGHT], Category.REPAIR)


@pytest.mark.parametrize(
    "text",
    [
        "昨晚就开始停水了",  # something else since then
        "昨晚就开始下雨了",
        "从上礼拜开始电梯也一直坏着",
        "我儿子从上周就开始发烧了",
        "从今天开始我要早睡早起",
        "since Monday the gym has been closed",
        "5号楼从昨天就这样了",  # a place: a report wherever written
        "从什么时候开始的？",
    ],
)
def test_since_when_of_something_else_is_not_more_of_her_light(text: str) -> None:
    assert not next_words.since_of_it(parse(text), text, [HALL_LIGHT], Category.REPAIR)


@pytest.mark.parametrize(
    "text",
    [
        "我家也是",
        "+1",
        "我们单元也不亮好几天了",
        "我家楼层也黑了 😭",
        "也是不亮，6楼",
        "我们2单元也是",
        "我哋呢度都係咁",
        "我們這層也是一樣",
        "same here on 5F",
        "me too, 4th floor is dark too",
        "+1 四楼的灯一直不亮",
    ],
)
def test_a_neighbours_mine_too_typed_after_her_light_is_of_it(text: str) -> None:
    """Open-report sweep: typed, not as a reply, each was dropped, asked "Report it?", or opened #2 of no place."""
    assert next_words.mine_too_typed(parse(text), text, [HALL_LIGHT], Category.REPAIR)


@pytest.mark.parametrize(
    "text",
    [
        "电梯也坏了",
        "我家也停电了",
        "我家也是，水管漏水了",
        "门口的垃圾也没人收",
        "我家孩子也是这样，天天玩手机",
        "我也是刚下班",
        "我家也是这么想的",
        "今天也很冷",
        "樓下的垃圾也沒人收",
        "the lift is broken too",
        "+1 门铃坏了",
    ],
)
def test_another_problem_or_chat_with_also_is_not_mine_too(text: str) -> None:
    assert not next_words.mine_too_typed(parse(text), text, [HALL_LIGHT], Category.REPAIR)


LIGHT_SAID = ["3号楼2单元楼道灯坏了"]
LIFT_EN = "The lift in building 3 is broken"


@pytest.mark.parametrize(
    ("text", "answer", "problem"),
    [
        ("灯好了谢谢，还有一个事，单元门的门禁坏了", "灯好了谢谢，", "单元门的门禁坏了"),
        ("已经修好了，非常感谢！还有个问题，我们单元的信箱锁坏了", "已经修好了，非常感谢！", "我们单元的信箱锁坏了"),
        ("好了谢谢你们辛苦了我还想说一下楼下的路灯坏了一个星期了", "好了谢谢你们辛苦了", "楼下的路灯坏了一个星期了"),
        ("燈修好了，謝謝。還有一件事，頂樓水箱好像在漏水", "燈修好了，謝謝。", "頂樓水箱好像在漏水"),
        ("修好咗，唔該晒。仲有樓下大閘門鐘壞咗", "修好咗，唔該晒。", "樓下大閘門鐘壞咗"),
        ("fixed thanks, btw the gate intercom is broken too", "fixed thanks,", "the gate intercom is broken too"),
        ("修好了，但是5号楼的灯也坏了", "修好了，", "5号楼的灯也坏了"),  # another building after a "but"
    ],
)
def test_an_answer_then_a_second_problem(text: str, answer: str, problem: str) -> None:
    assert after_close.second_problem(text, "zh-Hans", LIGHT_SAID, Category.REPAIR, "3") == (answer, problem)


@pytest.mark.parametrize(
    "text",
    [
        "修好了，还有就是师傅人很好",  # praise, no problem
        "修好了谢谢你们，另外问一下什么时候交物业费",  # a question
        "好了一点点，还有点滴水",  # "still a little": her problem
        "单元门的门禁坏了",  # a report alone, no answer before it
        "修好了吗？另外门禁也坏了",  # her answer is a question
        "修好了，但是还有点闪",  # no other place nor "too"
        "All good, thanks a lot",
    ],
)
def test_no_second_problem(text: str) -> None:
    assert after_close.second_problem(text, "zh-Hans", LIGHT_SAID, Category.REPAIR, "3") is None


@pytest.mark.parametrize(
    "text",
    [
        "好一点了，但是还有点渗水",
        "好一點了，不過還是有點滲水",
        "亮是亮了但一闪一闪的",
        "能用是能用，就是有异响",
        "修了一半，三楼的还不亮",
        "灯亮了，但是亮度不够，很暗",
        "著係著咗，但係閃下閃下",
        "It works now but makes a loud noise",
        "better but still flickering",
        "不满意，没修好",  # the reader: a dispute
        "跟没修一样",
        "Nope, still the same",
        "no, it's not working",
        "the light is still not working",  # English after her Chinese report
    ],
)
def test_her_words_say_it_is_not_all_fixed(text: str) -> None:
    parsed = parse(text)
    assert after_close.hers_not_fixed(parsed, text, "zh-Hans", LIGHT_SAID, Category.REPAIR, "3")


@pytest.mark.parametrize(
    "text",
    [
        "修好了，还是王师傅靠谱",  # praise
        "修好了，但是师傅态度很不好",  # the handling blamed
        "修好了，但是5号楼的灯也坏了",  # another building
        "楼下的路灯又坏了",  # a thing of its own
        "又停电了",  # an outage her report did not name
        "the lift is still broken",  # another thing
        "好一点了吗？",
        "灯亮了，谢谢",
    ],
)
def test_her_words_do_not_say_her_report_is_not_fixed(text: str) -> None:
    parsed = parse(text)
    assert not after_close.hers_not_fixed(parsed, text, "zh-Hans", LIGHT_SAID, Category.REPAIR, "3")


@pytest.mark.parametrize(("said", "text"), [("3号楼电梯坏了", "the lift is still broken"), (LIFT_EN, "電梯仲係壞咗")])
def test_her_thing_named_in_the_other_language_is_hers(said: str, text: str) -> None:
    parsed = parse(text)
    assert after_close.hers_not_fixed(parsed, text, "zh-Hans", [said], Category.REPAIR, "3")
    assert not next_words.another_problem(parsed, text, [said], Category.REPAIR)


@pytest.mark.parametrize(
    "text",
    [
        "灯亮了，谢谢",
        "燈有亮了 感謝師傅",
        "電梯可以用了，多謝晒",
        "天花板不滴水了，辛苦了",
        "现在安静了，谢谢",
        "lift works now, thanks",
        "no more leaking, thanks!",
        "The light works now, thanks a lot",
    ],
)
def test_thanks_saying_how_it_works_now_is_solved(text: str) -> None:
    assert followup.says_solved(parse(text), text)


@pytest.mark.parametrize(
    "text",
    [
        "灯亮了吗？",
        "灯亮了一下又灭了",
        "灯不亮了",
        "天亮了",
        "电梯能用了吗",
        "works now? not sure",
        "灯亮了，但是一闪一闪的",
    ],
)
def test_no_thanks_nor_works_now(text: str) -> None:
    assert not followup.says_solved(parse(text), text)


@pytest.mark.parametrize(
    "text",
    [
        "修好了，态度差评",
        "修好了，但是师傅态度很不好",
        "好了，不过等了三天才来",
        "修好咗，不過師傅態度麻麻",
        "修好了，就是師傅來得有點晚",
        "fixed but the worker was rude",
        "修是修好了，但是师傅来得太慢了",  # fixed, conceded ("X是X了") before the blame
    ],
)
def test_fixed_and_its_handling_blamed(text: str) -> None:
    assert after_close.complains(parse(text), text)


@pytest.mark.parametrize(
    "text",
    [
        "修好了，谢谢",
        "态度很差",
        "还没修好，态度也差",
        "好一点了，但是师傅态度不好",
        "修好了吗？态度怎么样",
        "等了三天才来，还是没修好",
    ],
)
def test_no_fix_blamed_for_its_handling(text: str) -> None:
    assert not after_close.complains(parse(text), text)


@pytest.mark.parametrize(
    ("text", "hers"),
    [
        ("灯是亮了，就是有点闪", True),
        ("燈是亮了，就是有點閃", True),
        ("好一点了，但是还有点渗水", True),
        ("the light is better but still flickering", True),
        ("今天好一点了，但是还有点咳嗽", False),
        ("better now, but still tired", False),
    ],
)
def test_typed_words_of_a_part_fixed_show_her_problem(text: str, hers: bool) -> None:
    assert after_close.shows_hers(parse(text), text, LIGHT_SAID) is hers


@pytest.mark.parametrize(
    ("text", "insists"),
    [
        ("没有看错，灯确实坏了，快来修", True),
        ("我没搞错，真的不亮", True),
        ("确实坏了，不是我看错", True),
        ("我沒有看錯，燈真的壞了，麻煩快點來修", True),
        ("真係壞咗，冇睇錯", True),
        ("it really is broken, please come", True),
        ("definitely broken, I checked twice", True),
        ("真的修好了，谢谢师傅", False),
        ("确实是我看错了，灯是好的", False),
        ("真的吗？这么快", False),
        ("今天天气真的好热", False),
        ("it really is fixed now, thanks", False),
    ],
)
def test_insisting_her_problem_is_real(text: str, insists: bool) -> None:
    """Resident sweep: "没有看错，灯确实坏了" after her open light opened #2 of no place; it is about her report."""
    parsed = parse(text)
    assert followup.insists(parsed, text) is insists
    if insists:
        assert next_words.about_a_report(parsed, text)
        assert not next_words.another_problem(parsed, text, LIGHT_SAID, Category.REPAIR)


@pytest.mark.parametrize("text", ["确实在漏，不是我看错了", "我没有看错", "not a mistake, it is broken"])
def test_not_a_mistake_takes_nothing_back(text: str) -> None:
    """ "确实在漏，不是我看错了" withdrew her leak (its "看错" read as a mistake said)."""
    assert not followup.takes_back(text)


@pytest.mark.parametrize(
    "text",
    [
        "no need to come today, I'm not home, come tomorrow morning",
        "please don't come today, nobody is home. tomorrow afternoon is fine",
        "can you come tomorrow instead? I'm out today",
        "I won't be home today, could the worker come tomorrow morning?",
        "reschedule to tomorrow please",
        "今天别来了，家里没人，明天上午来吧",
        "今天不方便，改天再来吧",
        "今日唔好嚟住，屋企冇人，聽日朝早嚟啦",
    ],
)
def test_her_visit_put_off_is_about_her_visit(text: str) -> None:
    assert followup.about_her_visit(text)


@pytest.mark.parametrize(
    "text", ["tomorrow morning we have yoga in the garden, come join", "明天来开会吧", "I came home late yesterday"]
)
def test_words_of_a_day_are_not_her_visit(text: str) -> None:
    assert not followup.about_her_visit(text)


# her light (LIGHT_SAID) fine, then another thing broken: (her words, the part of her light, the other thing's);
# tests/test_e2e_next_words.py writes each below her open light
FINE_THEN_BROKEN = [
    ("灯是好的，但是门禁坏了", "灯是好的", "门禁坏了"),
    ("灯没坏，是门禁坏了", "灯没坏", "门禁坏了"),
    ("燈係好嘅，但係電梯壞咗", "燈係好嘅", "電梯壞咗"),
    ("the light is fine, but the gate intercom is broken", "the light is fine", "the gate intercom is broken"),
]
# her light fine and nothing else broken (or the other way round)
FINE_ALONE = ["灯是好的，但是有点闪", "灯是好的，就是一闪一闪的", "灯是好的，不用来了", "灯坏了，门禁是好的"]


@pytest.mark.parametrize(
    ("text", "parts"), [(t, (fine, other)) for t, fine, other in FINE_THEN_BROKEN] + [(t, None) for t in FINE_ALONE]
)
def test_her_thing_fine_then_another_thing_broken(text: str, parts: tuple[str, str] | None) -> None:
    """Resident sweep: "灯是好的，但是门禁坏了" after her open light reached its worker as a note, and the entry phone
    was nobody's."""
    assert next_words.fine_but_another(text, "zh-Hans", LIGHT_SAID, Category.REPAIR) == parts


@pytest.mark.parametrize(
    ("text", "said", "parts"),
    [
        ("灯好了谢谢 单元门的门禁坏了", LIGHT_SAID, ("灯好了谢谢", "单元门的门禁坏了")),
        ("灯修好了，谢谢！电梯坏了", LIGHT_SAID, ("灯修好了，谢谢", "电梯坏了")),
        ("燈好咗，多謝。電梯又壞咗", LIGHT_SAID, ("燈好咗，多謝", "電梯又壞咗")),
        ("fixed, thanks. the lift is broken now", LIGHT_SAID, ("fixed, thanks", "the lift is broken now")),
        ("修好了 门口的下水道堵了", LIGHT_SAID, ("修好了", "门口的下水道堵了")),
        ("谢谢还有门禁坏了", LIGHT_SAID, ("谢谢", "门禁坏了")),
        ("好了一点点，还有点滴水", ["3号楼2单元301天花板漏水"], None),
        ("修好了谢谢王师傅 人很好", LIGHT_SAID, None),
        ("修好了 还是不亮", LIGHT_SAID, None),
        ("修好了谢谢 下次坏了再找你们", LIGHT_SAID, None),
        ("灯亮了，但是一闪一闪的", LIGHT_SAID, None),
    ],
)
def test_an_answer_then_a_second_problem_with_no_word_before_it(
    text: str, said: list[str], parts: tuple[str, str] | None
) -> None:
    """Resident sweep: "灯好了谢谢 单元门的门禁坏了" was recorded "satisfied" and the entry phone lost."""
    assert after_close.second_problem(text, "zh-Hans", said, Category.REPAIR, "3") == parts


@pytest.mark.parametrize(
    ("text", "said", "corrects"),
    [
        ("我看错了，不是楼道灯，是电梯坏了", LIGHT_SAID, True),
        ("不是灯，是门禁坏了", LIGHT_SAID, True),
        ("唔係燈，係電梯壞咗", LIGHT_SAID, True),
        ("不是燈，是門禁壞了", LIGHT_SAID, True),
        ("sorry, not the light, it's the lift that is broken", [EN_LIGHT], True),
        ("不是灯的问题吧，可能是开关坏了", LIGHT_SAID, False),
        ("不是我家的灯，是楼道的灯", LIGHT_SAID, False),
        ("不是昨天坏的，是前天就坏了", LIGHT_SAID, False),
        ("看错了，是3单元的灯", LIGHT_SAID, False),
        ("不是说了吗，灯坏了", LIGHT_SAID, False),
        ("灯是好的，但是门禁坏了", LIGHT_SAID, False),
    ],
)
def test_her_correction_of_what_is_broken(text: str, said: list[str], corrects: bool) -> None:
    """Resident sweep: "我看错了，不是楼道灯，是电梯坏了" after her open light was dropped."""
    assert next_words.corrected(text, "zh-Hans", said, Category.REPAIR) is corrects


FIRE_READ_YELLOW = "车库电动车着火了，还好没人受伤，火还在烧"


@pytest.mark.parametrize(
    ("report", "words", "again"),
    [
        (FIRE_READ_YELLOW, "火越来越大了，快来人啊", True),  # more of her fire
        (FIRE_READ_YELLOW, "有人晕倒了", False),  # another kind of emergency: another one
        ("3号楼电梯坏了", "火越来越大了，快来人啊", False),  # her report told no danger
        (FIRE_READ_YELLOW, "快来人啊", False),  # names no danger at all
    ],
)
def test_danger_again_is_more_of_the_danger_her_report_told(report: str, words: str, again: bool) -> None:
    assert followup.danger_again(parse(words), [parse(report)]) is again
