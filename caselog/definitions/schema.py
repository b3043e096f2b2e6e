"""Structural checks for definition files: the right keys, of the right kinds.

Each check raises a DefinitionError naming the file, line and key, so whoever edits a
definition is told exactly where the problem is.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .source import Path_, SourceFile

KINDS: dict[str, tuple[type, ...]] = {
    "text": (str,),
    "int": (int,),
    "number": (int, float),
    "bool": (bool,),
    "date": (dt.date,),
    "list": (list,),
    "map": (dict,),
    "any": (object,),
    "expression": (str, int, float, bool),
    "text_or_null": (str, type(None)),
    "expression_or_null": (str, bool, type(None)),
    "number_or_null": (int, float, type(None)),
    "int_or_null": (int, type(None)),
}


def value_at(src: SourceFile, path: Path_) -> Any:
    value = src.data
    for part in path:
        value = value[part]
    return value


def check_mapping(src: SourceFile, path: Path_, required: dict[str, str], optional: dict[str, str]) -> dict:
    """The value at path is a mapping with every required key, no unknown keys, each of its kind."""
    value = value_at(src, path)
    if not isinstance(value, dict):
        raise src.error(path, f"expected a mapping of keys, found {_kind(value)}")
    for key in required:
        if key not in value:
            raise src.error(path, f"'{key}' is missing")
    for key, item in value.items():
        kind = required.get(key) or optional.get(key)
        if kind is None:
            allowed = ", ".join(sorted({*required, *optional}))
            raise src.error(path + (key,), f"unknown key '{key}' (allowed: {allowed})")
        check_kind(src, path + (key,), item, kind)
    return value


def check_kind(src: SourceFile, path: Path_, value: Any, kind: str) -> None:
    types = KINDS[kind]
    # bool is an int in Python; a number field given `true` is still a mistake
    if isinstance(value, bool) and bool not in types and object not in types:
        raise src.error(path, f"expected {kind.replace('_', ' ')}, found true/false")
    if not isinstance(value, types):
        raise src.error(path, f"expected {kind.replace('_', ' ')}, found {_kind(value)}")


def check_list(src: SourceFile, path: Path_) -> list:
    value = value_at(src, path)
    if not isinstance(value, list):
        raise src.error(path, f"expected a list, found {_kind(value)}")
    return value


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    return {dict: "a mapping", list: "a list", str: f"text '{value}'", bool: f"'{value}'"}.get(
        type(value), f"'{value}'"
    )
