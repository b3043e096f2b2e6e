"""Where definitions live, and the compiled definition for a collection and year."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from caselog.engine.compiled import CompiledDefinition, compile_definition

from .loader import load_definition
from .source import DefinitionError


def definitions_root() -> Path:
    """definitions/ beside the caselog package, unless CASELOG_DEFINITIONS says otherwise."""
    configured = os.environ.get("CASELOG_DEFINITIONS")
    return Path(configured) if configured else Path(__file__).resolve().parents[2] / "definitions"


def available(root: Path | None = None) -> list[tuple[str, int]]:
    root = root or definitions_root()
    found = []
    for folder in sorted(root.glob("*/*/collection.yaml")):
        if folder.parent.name.isdigit():
            found.append((folder.parent.parent.name, int(folder.parent.name)))
    return found


@lru_cache(maxsize=32)
def get_definition(collection: str, year: int) -> CompiledDefinition:
    """The compiled definition, loaded once per process."""
    root = definitions_root()
    folder = root / collection / str(year)
    if not (folder / "collection.yaml").exists():
        known = ", ".join(f"{c} {y}" for c, y in available(root)) or "none"
        raise DefinitionError(str(folder), None, "", f"there is no definition for {collection} {year} (we have: {known})")
    return compile_definition(load_definition(folder, root.parent))


def collections() -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for collection, year in available():
        out.setdefault(collection, []).append(year)
    return out
