"""Kinds of Telegram messages residents send around a report (end to end, found in the message-kinds review): a
captioned photo under an acknowledgement, a photo or pin just after the words, albums, an image sent as a file, a
video, a song, a party photo, a forum topic."""

from __future__ import annotations

from datetime import timedelta

from harness import Clock, MakeBot, RunningBot, accept_and_fix, exchange
from ids import GROUP_A, RESIDENT, RESIDENT2, WANG

from bot.fakeapi import FakeTelegram
from bot.render.i18n import plain
from storage import events, media

ZH = "zh-Hans"
HINT = "看不懂没有说明的照片"
ADDED = "已把照片加到 #1"
PIN = {"location": {"latitude": 31.2304, "longitude": 121.4737}}


async def kept(bot: RunningBot, event_id: int, kind: str = media.PHOTO) -> list[media.Media]:
    async with bot.ctx.db.read() as c:
        return await media.for_event(c, event_id, kind)


def said(fake: FakeTelegram, chat_id: int, needle: str) -> list[str]:
    """The bot's messages in a chat holding `needle`."""
    return [t for m in fake.messages(chat_id) if needle in (t := m.get("text") or m.get("caption") or "")]


def sent_to(fake: FakeTelegram, method: str, chat_id: int) -> list[dict]:
    return [c.params for c in fake.calls_to(method) if str(c.params.get("chat_id")) == str(chat_id)]


async def test_a_captioned_photo_under_an_ack_is_judged_as_words_are_and_its_caption_reaches_the_worker(
    make_bot: MakeBot,
) -> None:
    """Under the building 3 light's #1, a photo of the drain in building 3: a report of its own (#2, with its
    photo), as the same words written as a reply are. The reporter's photo of the light, with words, joins #1 and
    the worker reads the words with the photo (they were dropped) and so does the event's log."""
    bot = await make_bot(merge_window_s=86400)
    fake = bot.fake
    fake.user_starts_bot(WANG)
    ack = await exchange(fake, GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了", "已登记 #1")
    await bot.settle()
    drain = "3号楼门口的下水道堵了，污水漫出来了"
    fake.send_message(GROUP_A, RESIDENT2, photo=True, caption=drain, reply_to_message_id=ack["message_id"])
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "已登记 #2"))
    await bot.settle()
    assert len(await kept(bot, 2)) == 1 and await kept(bot, 1) == []
    words = "就是这盏灯 <b>晚上</b> 一片漆黑"
    fake.send_message(GROUP_A, RESIDENT, photo=True, caption=words, reply_to_message_id=ack["message_id"])
    await fake.wait_for(lambda: fake.find_message(GROUP_A, ADDED))
    await bot.settle()
    assert await bot.event_count() == 2
    [photo] = await kept(bot, 1)
    assert photo.caption == words
    to_wang = [p["caption"] for p in sent_to(fake, "sendPhoto", WANG)]
    assert any("就是这盏灯 &lt;b&gt;晚上&lt;/b&gt; 一片漆黑" in c for c in to_wang), to_wang  # escaped, as written
    async with bot.ctx.db.read() as c:
        log = [(e.action, e.detail) for e in await events.timeline(c, 1)]
    assert ("added_photo", words) in log


async def test_a_photo_and_a_pin_sent_just_after_the_words_join_that_report(make_bot: MakeBot) -> None:
    """The usual 随手拍: the words, then a photo and a pin as messages of their own (not replies). They join the
    sender's report (the resident was told the bot cannot read photos, and the pin was dropped); ten minutes
    later a photo is no longer taken as one of that report."""
    clock = Clock()
    bot = await make_bot(None, clock)
    fake = bot.fake
    fake.user_starts_bot(WANG)
    await exchange(fake, GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了", "已登记 #1")
    await bot.settle()
    fake.send_message(GROUP_A, RESIDENT, photo=True)
    await fake.wait_for(lambda: fake.find_message(GROUP_A, ADDED))
    fake.send_message(GROUP_A, RESIDENT, extra=PIN)
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "已把位置加到 #1"))
    await bot.settle()
    assert len(await kept(bot, 1)) == 1 and len(await kept(bot, 1, media.LOCATION)) == 1
    assert said(fake, GROUP_A, HINT) == []
    await fake.wait_for(lambda: sent_to(fake, "sendPhoto", WANG) or None)
    clock.at += timedelta(minutes=11)
    fake.send_message(GROUP_A, RESIDENT, photo=True)
    await bot.settle()
    assert len(await kept(bot, 1)) == 1 and len(said(fake, GROUP_A, HINT)) == 1


async def test_every_photo_of_an_album_joins_its_event_and_an_album_is_answered_once(make_bot: MakeBot) -> None:
    """An album is a message per photo sharing a media_group_id, the caption on the first. A captioned album
    keeps every photo (only the first was kept); an album replying to the acknowledgement is answered once (a
    "photo added" per photo); in private an album without words gets one hint, one with words none (and takes the
    first along)."""
    bot = await make_bot()
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(RESIDENT2, send_start=True)
    fake.send_message(GROUP_A, RESIDENT2, "大家好")  # known in a residents' group: private reports are taken
    album = {"media_group_id": "13579"}
    fake.send_message(GROUP_A, RESIDENT, photo=True, caption="5号楼1单元门口井盖丢了", extra=album)
    fake.send_message(GROUP_A, RESIDENT, photo=True, extra=album)
    fake.send_message(GROUP_A, RESIDENT, photo=True, extra=album)
    ack = await fake.wait_for(lambda: fake.find_message(GROUP_A, "已登记 #1"))
    await bot.settle()
    assert len(await kept(bot, 1)) == 3 and await bot.event_count() == 1
    assert said(fake, GROUP_A, ADDED) == []  # the acknowledgement answered the album
    await fake.wait_for(lambda: len(sent_to(fake, "sendPhoto", WANG)) == 3 or None)
    for _ in range(4):
        fake.send_message(
            GROUP_A, RESIDENT, photo=True, reply_to_message_id=ack["message_id"], extra={"media_group_id": "24680"}
        )
    await bot.settle()
    assert len(await kept(bot, 1)) == 7 and len(said(fake, GROUP_A, ADDED)) == 1
    for _ in range(4):
        fake.send_message(RESIDENT2, RESIDENT2, photo=True, extra={"media_group_id": "97531"})
    await bot.settle()
    assert len(said(fake, RESIDENT2, plain("en", "private.photo_needs_caption", minutes=5))) == 1
    fake.send_message(RESIDENT2, RESIDENT2, photo=True, caption="5号楼2单元电梯坏了", extra={"media_group_id": "97532"})
    for _ in range(3):
        fake.send_message(RESIDENT2, RESIDENT2, photo=True, extra={"media_group_id": "97532"})
    await bot.settle()
    # the album without words a moment before goes with the words too (photos.HELD_BEFORE)
    assert await bot.event_count() == 2 and len(await kept(bot, 2)) == 8
    assert len(said(fake, RESIDENT2, plain("en", "private.photo_needs_caption", minutes=5))) == 1


async def test_an_album_sent_as_a_reply_goes_where_its_first_photo_went(make_bot: MakeBot) -> None:
    """Telegram gives every photo of an album sent as a reply the same reply_to_message. The drain's album under
    the light's #1 opened #2 with photo 1 and sent photos 2 and 3 to #1; an album answering a neighbour's "哪里漏水？"
    with its report kept only photo 1. Now the album's later photos follow its first, quietly."""
    bot = await make_bot(merge_window_s=86400)
    fake = bot.fake
    fake.user_starts_bot(WANG)
    ack = await exchange(fake, GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了", "已登记 #1")
    await bot.settle()
    drain, under = {"media_group_id": "55501"}, ack["message_id"]
    words = "3号楼门口的下水道堵了，污水漫出来了"
    fake.send_message(GROUP_A, RESIDENT2, photo=True, caption=words, reply_to_message_id=under, extra=drain)
    for _ in range(2):
        fake.send_message(GROUP_A, RESIDENT2, photo=True, reply_to_message_id=under, extra=drain)
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "已登记 #2"))
    await bot.settle()
    assert (len(await kept(bot, 2)), len(await kept(bot, 1))) == (3, 0) and said(fake, GROUP_A, ADDED) == []
    q = fake.send_message(GROUP_A, RESIDENT2, "哪里漏水？")
    leak = {"media_group_id": "55502"}
    words = "5号楼2单元楼道天花板漏水了"
    fake.send_message(GROUP_A, RESIDENT, photo=True, caption=words, reply_to_message_id=q["message_id"], extra=leak)
    for _ in range(2):
        fake.send_message(GROUP_A, RESIDENT, photo=True, reply_to_message_id=q["message_id"], extra=leak)
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "已登记 #3"))
    await bot.settle()
    assert len(await kept(bot, 3)) == 3


async def test_an_image_sent_as_a_file_and_a_video_reach_the_worker(make_bot: MakeBot) -> None:
    """An image sent "without compression" comes as a document, a video as a video: each is kept with its report
    and sent to the worker by its own method (only the words reached them); the worker's message counts a video as
    a video ("📷 照片 1 张" it said). Telegram takes a file id back only as what it is (the fake refuses a document's
    id as a photo)."""
    bot = await make_bot()
    fake = bot.fake
    fake.user_starts_bot(WANG)
    doc = {"file_id": "BQACdoc1", "file_unique_id": "ud1", "file_name": "IMG_2024.jpg", "mime_type": "image/jpeg"}
    fake.send_message(GROUP_A, RESIDENT, caption="5号楼1单元门口井盖丢了", document=doc)
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "已登记 #1"))
    video = {"file_id": "BAACvid1", "file_unique_id": "uvid1", "width": 720, "height": 1280, "duration": 9}
    fake.send_message(GROUP_A, RESIDENT2, caption="5号楼2单元水管爆了，水一直往外冒", extra={"video": video})
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "已登记 #2"))
    await bot.settle()
    [image] = await kept(bot, 1)
    [clip] = await kept(bot, 2)
    assert (image.file_id, image.sent_as, clip.file_id, clip.sent_as) == ("BQACdoc1", "document", "BAACvid1", "video")
    got = fake.messages(WANG)
    assert any(m.get("document", {}).get("file_id") == "BQACdoc1" for m in got)
    assert any(m.get("video", {}).get("file_id") == "BAACvid1" for m in got)
    assert [c for c in fake.calls if c.method == "sendPhoto" and c.error] == []
    dm = [m.get("text", "") for m in got if "#2" in m.get("text", "")]  # the video is counted as one, not a photo
    assert any("视频 1 段" in x for x in dm) and not any("照片" in x for x in dm), dm


async def test_a_song_gets_no_hint_and_photos_without_words_one_a_day_in_a_chat(make_bot: MakeBot) -> None:
    """A shared song (an audio file) is no one speaking to the bot: no "I cannot listen" (there was). Photos shared
    without words (the Mid-Autumn party) are mostly no reports: the whole chat reads one hint a day, not one per
    neighbour sharing; a voice message is still answered, once a day per person."""
    bot = await make_bot()
    fake = bot.fake
    song = {"file_id": "CQACaud1", "file_unique_id": "ua1", "duration": 200, "title": "茉莉花", "performer": "宋祖英"}
    fake.send_message(GROUP_A, RESIDENT, extra={"audio": song})
    await bot.settle()
    assert fake.messages(GROUP_A) == []
    fake.send_message(GROUP_A, RESIDENT, "大家中秋快乐！")
    fake.send_message(GROUP_A, RESIDENT, photo=True)
    fake.send_message(GROUP_A, RESIDENT2, photo=True)
    await bot.settle()
    assert len(said(fake, GROUP_A, HINT)) == 1
    voice = {"file_id": "AwACvoice1", "file_unique_id": "uv1", "duration": 7, "mime_type": "audio/ogg"}
    fake.send_message(GROUP_A, RESIDENT2, extra={"voice": voice})
    await bot.settle()
    assert len(said(fake, GROUP_A, HINT)) == 1 and len(said(fake, GROUP_A, "听不了语音")) == 1


TOPIC = 77


def in_topic(fake: FakeTelegram, user: int, text: str | None = None, **kw: object) -> dict:
    """A message posted in forum topic 77 (not a reply): Telegram gives it the topic's opening message as
    reply_to_message."""
    root = {
        "message_id": TOPIC,
        "date": 1,
        "chat": {"id": GROUP_A, "type": "supergroup", "title": "幸福里", "is_forum": True},
        "from": {"id": RESIDENT2, "is_bot": False, "first_name": "陈先生"},
        "message_thread_id": TOPIC,
        "forum_topic_created": {"name": "报修", "icon_color": 7322096},
        "is_topic_message": True,
    }
    extra = {"message_thread_id": TOPIC, "is_topic_message": True, "reply_to_message": root}
    return fake.send_message(GROUP_A, user, text, extra=extra, **kw)  # type: ignore[arg-type]


async def test_a_photo_posted_in_a_forum_topic_is_no_reply(make_bot: MakeBot) -> None:
    """In a topic a photo is read as one posted in the chat (it was taken for a reply to the topic's opening
    message: no hint, and it joined nothing): the reporter's photo joins their report, a neighbour's photo with
    no words gets the hint."""
    bot = await make_bot()
    fake = bot.fake
    fake.user_starts_bot(WANG)
    in_topic(fake, RESIDENT, "3号楼2单元楼道灯坏了")
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "已登记 #1"))
    await bot.settle()
    in_topic(fake, RESIDENT, photo=True)
    await fake.wait_for(lambda: fake.find_message(GROUP_A, ADDED))
    in_topic(fake, RESIDENT2, photo=True)
    await fake.wait_for(lambda: fake.find_message(GROUP_A, HINT))
    await bot.settle()
    assert len(await kept(bot, 1)) == 1 and await bot.event_count() == 1


async def test_a_worker_asked_again_gets_the_photos_under_that_message(make_bot: MakeBot) -> None:
    """Found in the persona review: the reopened event's message to 王师傅 said "📷 照片 1 张（见下方）" but no photo
    followed (it came once, under the first message, further up). Each message that says "see below" has them
    below it; a photo added while open reaches him alone (not the ones he has again)."""
    bot = await make_bot(None, Clock())
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.send_message(GROUP_A, RESIDENT, photo=True, caption="3号楼2单元楼道灯坏了")
    ack = await fake.wait_for(lambda: fake.find_message(GROUP_A, "已登记 #1"))
    await bot.settle()
    assert len(sent_to(fake, "sendPhoto", WANG)) == 1
    await accept_and_fix(fake, WANG, fake.find_message(WANG, "新事件 #1")["message_id"])
    await bot.settle()
    fake.send_message(GROUP_A, RESIDENT, "还没修好", reply_to_message_id=ack["message_id"])
    asked = await fake.wait_for(lambda: fake.find_message(WANG, "重新打开"))
    await bot.settle()
    assert "见下方" in asked["text"]
    photos = [m for m in fake.messages(WANG) if m.get("photo")]
    assert len(photos) == 2 and photos[-1]["message_id"] > asked["message_id"], "no photo under the new message"
    fake.send_message(GROUP_A, RESIDENT, photo=True, reply_to_message_id=ack["message_id"])
    await fake.wait_for(lambda: len([m for m in fake.messages(WANG) if m.get("photo")]) == 3 or None)
    await bot.settle()
    assert len([m for m in fake.messages(WANG) if m.get("photo")]) == 3, "the photos he has were sent again"
