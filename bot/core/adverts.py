"""An advert posted in a residents' group ("专业疏通下水道 电话138…… 加微信"): a way to reach the seller and words
that offer something. Pure: the services decide what to do with it (ask its writer, never open an event at once)."""

from __future__ import annotations

import re

from bot.core.parser_location import extract_location
from bot.core.text_norm import normalize

# a mobile number (138 1234 5678, 138-1234-5678) or a WeChat / QQ handle to add
CONTACT = re.compile(
    r"(?<!\d)1[3-9]\d(?:[\s-]?\d{4}){2}(?!\d)|加\s*(?:微信|威信|薇信|v|vx|wx|q|qq|群)|微信号|vx\s*[:：]|wx\s*[:：]|扫码|qq群"
    r"|\b(?:add (?:me )?(?:on )?(?:wechat|whatsapp)|wechat id|whatsapp (?:me|\+?\d)|scan the qr)\b"
)
# an English let or job as offered ("flat to let", "To let: …", "part-time job", "we are hiring"); not the words as a
# resident says them ("someone come to let me in", "to let the water out", "the part-time guard", "hiring a plumber")
_DEAL_EN = (
    r"\b(?:(?:\d|flats?|rooms?|houses?|apartments?|shops?|offices?|studios?|garages?|bedrooms?|spaces?)\s+to let"
    r"|to let(?=\s*(?:[,.!:;/)-]|$))|part[- ]time (?:jobs?|work|positions?)|(?:now|we are|we're) hiring|hiring now)\b"
)
# words that offer a service or a deal, rarely in a resident's account of a problem ("unblocking service", not the
# estate's own: "the heating service is off", "building services never came")
OFFER = re.compile(
    r"专业|上门服务|上门维修|优惠|特价|低价|价格|报价|日赚|兼职|招聘|代办|回收|出售|出租|转让|贷款|刷单|加盟|推广|免费咨询"
    r"|\b(?:professional|(?!(?:heat|build|hous|park)ing\b)\w+ing services?|home services?|discount|special offer"
    r"|cheap|best price|free quote|for rent|for sale|loans?|earn|promotion)\b|" + _DEAL_EN
)
# of those, a sale, a let, a job or a price cut (words no resident's report uses): an advert even where it names a
# flat of ours ("出租3号楼2单元 两室一厅"), but not a rented flat's problem ("出租屋漏水")
DEAL = re.compile(
    r"出租(?![屋房户车])|出售|转让|招聘|兼职|刷单|日赚|贷款|加盟|优惠|特价|低价|代办|推广|免费咨询"
    r"|\b(?:for rent|for sale|loans?|discount|special offer|free quote|promotion)\b|" + _DEAL_EN
)


def looks_like_ad(text: str) -> bool:
    """A contact to add and an offer, naming no place of ours unless it sells, lets or hires (a service offered to
    one of our buildings, "5号楼 专业家电维修 上门服务 电话138……", is read as any message: a resident asking for a visit
    writes the same words, "请物业安排专业师傅上门维修，我电话138……", and a report asked about is lost unanswered):
    "家电维修 上门服务 联系电话 138-1234-5678", "兼职刷单 日赚300 加微信", "出租3号楼2单元 两室一厅 联系138……",
    "7号楼 专业疏通下水道 特价 加微信". A report leaving a phone number ("3号楼漏水了，我电话138……")
    offers nothing; one naming a building, unit or room with a service word ("5号楼下水道堵了，要专业师傅，我电话138……")
    is a resident's, read as any message; one about the adverts stuck in the stairwell, quoting them, is asked about
    like any advert, never lost."""
    norm = normalize(text)
    if not (CONTACT.search(norm) and OFFER.search(norm)):
        return False
    if DEAL.search(norm):
        return True
    place = extract_location(norm)
    return not (place.building or place.unit or place.room)
