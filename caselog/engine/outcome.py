"""What the engine returns for a log: plain, frozen values that every channel can show."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
COMPLETED = "completed"
CANNOT_START_YET = "cannot_start_yet"


@dataclass(frozen=True)
class Finding:
    """A hard error (severity 'error') or a soft check (severity 'warning') on a log."""

    rule: str
    severity: str
    fields: tuple[str, ...]
    message: str
    field_messages: dict[str, str] = field(default_factory=dict)  # field -> wording for that field
    confirmation: str | None = None
    confirmed: bool = False
    text: str | None = None  # a soft check's informative text

    def message_for(self, field_id: str) -> str:
        return self.field_messages.get(field_id, self.message)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"rule": self.rule, "fields": list(self.fields), "message": self.message}
        if self.field_messages:
            out["field_messages"] = dict(self.field_messages)
        if self.severity == "warning":
            out["confirmation"] = self.confirmation
            out["confirmed"] = self.confirmed
            if self.text:
                out["text"] = self.text
        return out


@dataclass(frozen=True)
class Outcome:
    """The engine's verdict on one log's answers."""

    values: dict[str, Any]  # answers that apply (typed, cleared where they stop applying) and derived values
    answers: dict[str, Any]  # the typed answers that apply, without derived values
    derived: dict[str, Any]  # derived variables (including answers the definition infers)
    cleared: tuple[str, ...]  # answers given that no longer apply and were removed
    errors: tuple[Finding, ...]
    warnings: tuple[Finding, ...]
    pages: tuple[str, ...]  # pages that apply, in order
    questions: tuple[str, ...]  # questions that apply, in order
    subsections: dict[str, str]  # subsection id -> status
    status: str
    unknown: tuple[str, ...] = ()  # keys that are not questions of this collection

    @property
    def unconfirmed_warnings(self) -> tuple[Finding, ...]:
        return tuple(w for w in self.warnings if not w.confirmed)

    def errors_for(self, field_id: str) -> list[Finding]:
        return [e for e in self.errors if field_id in e.fields]
