"""The engine is plain Python: nothing in caselog/engine imports Django, or any caselog
module but the engine and the definitions it runs (relative imports included); and the
definitions package imports no Django either."""

from __future__ import annotations

import ast
from pathlib import Path

import caselog

ENGINE = Path(caselog.__file__).parent / "engine"
DEFINITIONS = Path(caselog.__file__).parent / "definitions"
PURE = ("caselog.engine", "caselog.definitions")


def _module_name(path: Path) -> str:
    rel = path.relative_to(ENGINE.parent.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.append((node.lineno, target))
    return found


def _forbidden(name: str) -> bool:
    top = name.split(".")[0]
    if top == "django":
        return True
    return top == "caselog" and not any(name == p or name.startswith(p + ".") for p in PURE)


def test_engine_imports_neither_django_nor_the_rest_of_caselog():
    problems = [
        f"{path.relative_to(ENGINE.parent.parent)}:{line} imports {name}"
        for path in sorted([*ENGINE.rglob("*.py"), *DEFINITIONS.rglob("*.py")])
        for line, name in _imports(path)
        if _forbidden(name)
    ]
    assert not problems, "\n".join(problems)


def test_the_check_sees_relative_and_absolute_imports():
    assert _forbidden("django.db") and _forbidden("caselog.gateway") and _forbidden("caselog.logs.models")
    assert not _forbidden("caselog.engine.expressions") and not _forbidden("polars")
    assert not _forbidden("caselog.definitions.model")
    assert ENGINE.is_dir() and any(ENGINE.rglob("*.py"))
