"""A message that asks to report and says nothing of what or where ("我要报修", "物业，我要投诉", "我有个问题要反映",
"I want to report a problem"): its writer is asked what and where, and no event of nothing is made (resident review:
"我要报修" then "3号楼2单元楼道灯坏了" made two events, the first an empty card paging the worker with "内容：我要报修",
and "我想反映个问题" was asked "Report it?", a yes registering those words). Pure: the services decide."""

from __future__ import annotations

import re

from bot.core import followup

# who she writes to, or a greeting, before the request ("物业，", "@小李 ", "你好，", "请问")
_ADDRESS = (
    r"(?:物业|管理处|居委会|居委|社区|网格员|师傅|保安|客服|工作人员|小李|你好|您好|大家好|在吗|在不在|请问|喂"
    r"|麻烦(?:一下|你|您)?|打扰(?:一下)?|hi|hello|hey|excuse me|@\S+)"
)
# the request itself, with nothing of the problem in it
_ASKS = (
    r"(?:我|我们|俺|咱)?家?(?:要|想|需要|想要|得|来)?"
    r"(?:报修|报个修|报一下修|报障|报事|报个事|报个问题|投诉|反映|举报|报告|提个意见|提意见)"
    r"(?:一下|下)?(?:一个|个|一件|件)?(?:问题|情况|事情|事)?"
    r"|(?:我|我们)?有(?:一个|个|件)?(?:问题|情况)(?:要|想)?(?:反映|报|说)?(?:一下)?"
    r"|(?:我|我们)?有(?:一个|个|件)?事(?:情)?(?:要|想)(?:反映|报|说)(?:一下)?"
    r"|(?:(?:i|we)(?: would like| want| need|'d like)? to )?(?:report|file|make|log) (?:a |an )?"
    r"(?:problem|issue|complaint|repair(?: request)?|fault)"
    r"|(?:i|we) (?:have|got) (?:a |an )?(?:problem|issue|complaint)|report|repair request|complaint"
    # how or where to report ("怎么报修？", "报修找谁", "how do I report a problem?"): the answer is the same
    r"|(?:要|该|应该)?(?:怎么|怎样|如何|咋|点样|去哪里?|在哪里?|哪里)(?:才能|可以|能)?"
    r"(?:报修|报事|报障|投诉|反映(?:问题)?|报(?:个)?问题)"
    r"|(?:报修|投诉|报事)(?:要)?(?:找谁|找哪个|怎么报|怎么弄|电话(?:是)?(?:多少)?)"
    r"|how (?:do|can|should) (?:i|we) (?:report|file|log) (?:a |an )?(?:problem|issue|complaint|repair|fault)?"
)
# after it: thanks, a particle (not 了 or 吗: "报修了吗" asks about one made)
_POLITE = r"(?:谢谢|多谢|谢了|thanks|thank you|please|pls|啊|呀|哈|呢|哦|喔|嘛)"
_ONLY_ASKS = re.compile(rf"^[\W_]*(?:{_ADDRESS}[\W_]*)*(?:{_ASKS})[\W_]*(?:{_POLITE}[\W_]*)*$")


def asks_only(text: str) -> bool:
    """Whether the words only ask to report (or complain), naming no problem, thing or place."""
    return bool(_ONLY_ASKS.match(followup.plain(text)))
