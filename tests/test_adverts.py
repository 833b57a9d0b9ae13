"""The advert look: a contact to add, an offer, and no place of ours (bot/core/adverts.py)."""

from __future__ import annotations

import pytest

from bot.core.adverts import looks_like_ad


@pytest.mark.parametrize(
    "text",
    [
        "专业疏通下水道 电话13812345678 加微信",
        "家电维修 上门服务 联系电话 138-1234-5678",
        "兼职刷单 日赚300 加微信",
        "出租3号楼2单元 两室一厅 联系13800000000",  # a let names our flat and is still an advert
        # a price cut or an errand sold naming our buildings: no resident writes these words
        "7号楼 专业疏通下水道 特价 加微信abc123",
        "3号楼 代办房产证 免费咨询 13812345678",
        # in English (the rule read Chinese words only: "Pipe unblocking service, call 138…" opened event #1)
        "Professional pipe unblocking, call 13812345678, add me on WeChat",
        "Part-time job, earn 300 a day, add me on WhatsApp",
        "Pipe unblocking service, call 13812345678, add WeChat",
        "Block 3 unit 2 flat for rent, two bedrooms, call 138 1234 5678, free quote",
        "Block 3 two-bedroom flat to let, call 13812345678",
        "To let: block 3 unit 2, two bedrooms, call 13812345678",
        "Now hiring cleaners for block 3, part-time job, call 13812345678",
    ],
)
def test_an_advert_with_no_place_of_ours_looks_like_one(text: str) -> None:
    assert looks_like_ad(text)


@pytest.mark.parametrize(
    "text",
    [
        "3号楼漏水了，我电话13812345678",  # a contact, no offer
        "5号楼下水道堵了，需要专业的人来疏通，我电话13812345678",  # found in the second diff review: asked, not taken
        "2单元楼道灯坏了，物业报价太高，我电话13812345678",
        "302室门口的下水道又堵了，物业说要专业疏通，电话13812345678",
        "3号楼出租屋漏水，房东电话13812345678",  # a rented flat's problem, not a let
        "5号楼302下水道堵了，请物业安排师傅上门服务，我电话13812345678",  # fourth diff review: a visit asked for
        "5号楼302家里停电了，物业能上门服务吗？电话13812345678",
        # fifth diff review: a visit asked for with a resident's offer word too; so a service advert naming our
        # building is read as any message (a report asked about is lost if nobody answers; an advert taken is closed)
        "5号楼302下水道堵了，请物业安排专业师傅上门维修，我电话13812345678",
        "3号楼2单元空调坏了，能不能派人上门维修？报价多少，电话13812345678",
        "本小区5号楼业主 专业家电维修 上门服务 电话13812345678",
        "专业疏通下水道",  # an offer, no contact
        "Block 5 drain is blocked, we need a professional plumber, my number 13812345678",
        "The lift in block 3 is broken again, please call me 13812345678",
        "The lift service company never came, call me 13812345678",  # a service named, none offered
        # English words of a let or a job as a resident says them, in a report naming the building: they made it an
        # advert wherever it named ("someone come to let me in": a let), so it was asked about, the next ignored
        "The gate of building 3 is broken, can someone come to let me in? call 13812345678",
        "Block 3 unit 2 water pipe is leaking, we need a plumber to let the water out, call 13812345678",
        "The part-time guard of block 2 left the gate open all night, call me 13812345678",
        "Block 3 lift broken again, is the management hiring anyone to fix it? call me 13812345678",
        # the estate's own services, named with no place: "heating service" read as a trade's offer (review)
        "The heating service is off again in our flat, call me 13812345678",
        "Building services never fixed the lift, call me 13812345678",
    ],
)
def test_a_residents_report_naming_a_place_is_no_advert(text: str) -> None:
    assert not looks_like_ad(text)
