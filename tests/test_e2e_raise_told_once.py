"""Her words telling how long her problem has lasted ("其实上周就这样了") raise her accepted report to yellow, and its
worker reads them with the raise; the committee was also sent them as words "nobody is on" (review: the branch for
"nobody has it" took every event whose worker had read them already)."""

from __future__ import annotations

from harness import Clock, MakeBot, press, sent_texts, shown
from ids import COMMITTEE, GROUP_A, RESIDENT, WANG

from bot.core.callbacks import Action
from bot.core.types import Urgency


async def test_a_raise_by_her_words_on_accepted_work_reaches_its_worker_not_the_committee(make_bot: MakeBot) -> None:
    bot = await make_bot(clock=Clock())
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.send_message(GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了")
    await bot.settle()
    card = await fake.wait_for(lambda: fake.find_message(WANG, "新事件 #1"))
    await shown(fake, WANG, card["message_id"], Action.ACCEPT)
    press(fake, WANG, WANG, card["message_id"], Action.ACCEPT)
    await bot.settle()
    await bot.advance(minutes=10)
    mark = fake.mark()
    fake.send_message(GROUP_A, RESIDENT, "其实上周就这样了")
    await bot.settle()
    assert (await bot.event(1)).urgency is Urgency.YELLOW
    assert any("上周就这样了" in text for text in sent_texts(fake, WANG, mark))
    assert not any("上周就这样了" in text for text in sent_texts(fake, COMMITTEE, mark))
