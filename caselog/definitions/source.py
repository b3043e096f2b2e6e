"""Read definition files as plain data while remembering where each value came from.

A broken definition must fail with file, line and key, so the YAML is composed into nodes
(which carry their line) and turned into plain dicts and lists here, with a side table of
line numbers keyed by the path to each value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

try:  # the C loader is several times faster on the large generated files
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader  # type: ignore[assignment]

Path_ = tuple[str | int, ...]


class DefinitionError(Exception):
    """A problem in one definition file, located by file, line and key."""

    def __init__(self, file: str, line: int | None, key: str, message: str):
        self.file, self.line, self.key, self.message = file, line, key, message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.file + (f", line {self.line}" if self.line else "")
        key = f", key '{self.key}'" if self.key else ""
        return f"{where}{key}: {self.message}"


@dataclass
class SourceFile:
    """One definition file's data, with the line of every value in it."""

    name: str  # shown in errors: definitions/core-lettings/2026/rules.yaml
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line(self, path: Path_) -> int | None:
        # fall back to the nearest enclosing value that has a line
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)

    def error(self, path: Path_, message: str) -> DefinitionError:
        return DefinitionError(self.name, self.line(path), key_name(path), message)


def key_name(path: Path_) -> str:
    parts: list[str] = []
    for p in path:
        parts.append(f"[{p}]" if isinstance(p, int) else ("." if parts else "") + str(p))
    return "".join(parts)


def read_yaml(path: Path, name: str) -> SourceFile:
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise DefinitionError(name, line, "", f"not valid YAML: {getattr(exc, 'problem', exc)}") from exc
    source = SourceFile(name=name, data=None)
    if node is None:
        source.data = {}
        return source
    constructor = SafeLoader(text)  # used only for its scalar constructors (dates, numbers)
    source.data = _build(node, (), source.lines, constructor, name)
    return source


def _build(node: yaml.Node, path: Path_, lines: dict[Path_, int], constructor: Any, name: str) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = constructor.construct_object(key_node)
            if key in out:
                raise DefinitionError(name, key_node.start_mark.line + 1, key_name(path + (key,)), "key given twice")
            out[key] = _build(value_node, path + (key,), lines, constructor, name)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, path + (i,), lines, constructor, name) for i, item in enumerate(node.value)]
    return constructor.construct_object(node)
