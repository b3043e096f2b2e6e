"""Paths to the real CORE files in ../shared/reference, read in place by tests."""

from pathlib import Path

import pytest

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"
CORE = REFERENCE / "core"
BULK_UPLOAD = CORE / "bulk_upload"


def reference_file(*parts: str) -> Path:
    path = REFERENCE.joinpath(*parts)
    if not path.exists():
        pytest.fail(f"reference file {path} is missing: the tests read ../shared/reference beside the repo")
    return path
