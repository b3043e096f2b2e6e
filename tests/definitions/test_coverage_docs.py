"""docs/coverage lists every CORE message the definitions do not implement, with a reason;
it must name exactly the messages `caselog definitions coverage` reports as missing."""

import re
from pathlib import Path

import pytest

from caselog.cli.definitions import coverage

DOCS = Path(__file__).resolve().parents[2] / "docs" / "coverage"


@pytest.mark.parametrize("collection", ["core-lettings", "core-sales"])
def test_the_coverage_page_lists_exactly_the_messages_not_yet_implemented(collection):
    rows = coverage(collection, 2026)
    missing = {r["key"] for r in rows if not r["rules"]}
    page = (DOCS / f"{collection}-2026.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `([^`]+)` \| .+ \|$", page, flags=re.MULTILINE))
    assert sorted(listed - missing) == [], "listed as missing but implemented: take them off the page"
    assert sorted(missing - listed) == [], "not implemented and not listed: add each with its reason"
    assert f"Implemented: **{len(rows) - len(missing)} of {len(rows)}** keys. Not implemented: {len(missing)}." in page
