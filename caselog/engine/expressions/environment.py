"""What an expression may refer to: variables (with types), macros, constants and tables."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .ast import Node
from .types import ANY, NULL, VarType, as_type, type_of_value, unify


@dataclass(frozen=True)
class Macro:
    """A named expression. With no params it is referenced by bare name (`is_supported_housing?`);
    with params it is called like a helper (`weekly(brent, period)`). Either way it is expanded
    (inlined) where it is used."""

    params: tuple[str, ...]
    body: Node

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", tuple(self.params))


@dataclass(eq=False)
class Table:
    """A reference table for `lookup(name, column = value, ...)`. Rows map column names to
    values: int, float, str, bool, datetime.date or None."""

    name: str
    columns: Sequence[str]
    rows: Sequence[Mapping[str, Any]]
    _types: dict[str, VarType] | None = field(default=None, init=False, repr=False)
    _cache: dict[Any, Any] = field(default_factory=dict, init=False, repr=False)

    def column_type(self, column: str) -> VarType:
        if self._types is None:
            types: dict[str, VarType] = {}
            for col in self.columns:
                t = NULL
                for row in self.rows:
                    joined = unify(t, type_of_value(row.get(col)))
                    t = ANY if joined is None else joined
                types[col] = t
            self._types = types
        return self._types[column]

    def cached(self, key: Any, build) -> Any:
        """A value computed once per table (indexes for lookups)."""
        try:
            return self._cache[key]
        except KeyError:
            value = self._cache[key] = build()
            return value


@dataclass(frozen=True)
class EvalContext:
    """What an evaluation may know besides the values: today's date (never the clock)."""

    today: dt.date | None = None


@dataclass
class Environment:
    variables: Mapping[str, VarType] = field(default_factory=dict)
    macros: Mapping[str, Macro] = field(default_factory=dict)
    constants: Mapping[str, Any] = field(default_factory=dict)
    tables: Mapping[str, Table] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.variables = {name: as_type(t) for name, t in (self.variables or {}).items()}
        self.macros = dict(self.macros or {})
        self.constants = dict(self.constants or {})
        self.tables = dict(self.tables or {})
