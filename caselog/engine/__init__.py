"""The engine: routing, rules, checks, derivations and completeness, in plain Python.

It takes a definition and answers and returns an Outcome. It does no I/O and reads no
clock, settings or database: the date and what the service knows about the log's
organisations come in as arguments.
"""

from .compiled import CompiledDefinition, compile_definition
from .log import evaluate_log
from .outcome import Finding, Outcome
from .table import evaluate_table, outcomes

__all__ = ["CompiledDefinition", "Finding", "Outcome", "compile_definition", "evaluate_log", "evaluate_table", "outcomes"]
