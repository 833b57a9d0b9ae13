"""An advert posted in a residents' group ("专业疏通下水道 电话138…… 加微信"): a way to reach the seller and words
that offer something. Pure: the services decide what to do with it (ask its writer, never open an event at once)."""

from __future__ import annotations

import re

from bot.core.text_norm import normalize

# a mobile number (138 1234 5678, 138-1234-5678) or a WeChat / QQ handle to add
CONTACT = re.compile(
    r"(?<!\d)1[3-9]\d(?:[\s-]?\d{4}){2}(?!\d)|加\s*(?:微信|威信|薇信|v|vx|wx|q|qq|群)|微信号|vx\s*[:：]|wx\s*[:：]|扫码|qq群"
)
# words that offer a service or a deal, rarely in a resident's account of a problem
OFFER = re.compile(
    r"专业|上门服务|上门维修|优惠|特价|低价|价格|报价|日赚|兼职|招聘|代办|回收|出售|出租|转让|贷款|刷单|加盟|推广|免费咨询"
)


def looks_like_ad(text: str) -> bool:
    """Both a contact to add and an offer: "家电维修 上门服务 联系电话 138-1234-5678", "兼职刷单 日赚300 加微信".
    A report leaving a phone number ("3号楼漏水了，我电话13812345678") offers nothing; one about the adverts
    stuck in the stairwell, quoting them, is asked about like any advert, never lost."""
    norm = normalize(text)
    return bool(CONTACT.search(norm) and OFFER.search(norm))
