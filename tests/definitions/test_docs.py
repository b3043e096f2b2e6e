"""docs/definitions.md describes every file a definition folder may hold, so it cannot
drift from what the loader reads."""

import re
from pathlib import Path

import caselog.definitions.loader as loader
from caselog.definitions.registry import definitions_root

DOC = Path(__file__).resolve().parents[2] / "docs" / "definitions.md"


def test_every_file_the_loader_reads_is_in_the_files_table_of_the_format_reference():
    read = set(re.findall(r'source\("([a-z_]+\.yaml)"', Path(loader.__file__).read_text()))
    table = DOC.read_text().split("## Files", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `([a-z_]+\.yaml)` \|", table, flags=re.MULTILINE))
    assert read and read == documented


def test_the_core_definition_folders_hold_only_documented_files():
    table = DOC.read_text().split("## Files", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `([a-z_]+\.(?:yaml|csv))` \|", table, flags=re.MULTILINE))
    for folder in (definitions_root() / "core-lettings" / "2026", definitions_root() / "core-sales" / "2026"):
        files = {p.name for p in folder.iterdir() if p.is_file()}
        assert files <= documented, files - documented
