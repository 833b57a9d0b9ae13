"""The community file the digest and console benchmarks share: two grids of ten buildings, admin 1."""

TWO_GRIDS = """
[community]
name = "基准社区"
timezone = "Asia/Shanghai"
committee_chat_id = -1001
admins = [1]
[[grids]]
id = "A"
name = "一网格"
buildings = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]
chats = [-1002]
[[grids]]
id = "B"
name = "二网格"
buildings = ["11", "12", "13", "14", "15", "16", "17", "18", "19", "20"]
chats = [-1003]
"""
