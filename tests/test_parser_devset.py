"""The parser meets the project's targets on the shared dev set (skipped if shared/ is absent)."""

from __future__ import annotations

import pytest
from parser_scoring import SCORER, SHARED, TARGETS, assert_at_least, score_file

DEV = SHARED / "data" / "dev_messages.jsonl"

pytestmark = pytest.mark.skipif(not (SCORER.exists() and DEV.exists()), reason="shared/ not beside the repo")


def test_dev_set_targets() -> None:
    assert_at_least(score_file(DEV), TARGETS)
