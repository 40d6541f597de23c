"""Where the test data lives, and the one rule for files outside the repository (../shared)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
#: the tiny hand-checkable KG (16 concepts, 18 statements)
MINI = DATA / "mini.ttl"
#: the session's shared folder beside the checkout (reference sheet, source article); not in git
SHARED = ROOT.parent / "shared"


def shared_file(name: str) -> Path:
    """``../shared/NAME``, or skip the calling test saying which file is missing; with
    ``GUTJOINT_REQUIRE_SHARED`` set (CI) a missing file fails the test instead."""
    path = SHARED / name
    if not path.is_file():
        reason = f"{path} is missing (tests that compare with ../shared need it)"
        if os.environ.get("GUTJOINT_REQUIRE_SHARED"):
            pytest.fail(f"{reason}, and GUTJOINT_REQUIRE_SHARED is set")
        pytest.skip(reason)
    return path
