"""Vague messages the packaged reader asks about ("Report it?"), for the tests of that question.

The question depends on one model score falling in the ask band, and a retrain moves scores: when one of these
stops being asked, ``tests/test_reader.py::test_the_tests_unsure_examples_are_asked`` fails first and names it;
choose another vague message in the middle of the band rather than changing the reader.
"""

UNSURE = "3号楼那边好像出了点事"  # something seems to have happened at building 3: confirmed, other/green, building 3
UNSURE_LIFT = "5号楼电梯今天感觉有点怪"  # the lift in building 5 feels odd today: confirmed, repair, building 5
UNSURE_LIGHT = "这灯感觉不太对"  # this light feels not quite right (no place)
UNSURE_EN = "building 5 lift seems a bit slow today?"  # English: asked in both languages
UNSURE_EN_6 = "building 6 lift seems a bit slow today?"  # the same, another building
UNSURE_DANGER = "rubbish chute on fire"  # asked, and P(red) at the red floor: the committee checks it
# an all-clear full of danger words: a sure red the report head is sure is no report, so asked and checked, not paged
ALL_CLEAR_DANGER = "He's fine now, the man who collapsed in the lift was just dizzy, ambulance checked him"
# thanks for one fix, then a new problem: the whole reads as a thank-you, the part after 另外 as a report
THANKS_THEN_LIFT = "昨天的停水已经恢复了，谢谢物业。另外5号楼2单元电梯又坏了"
