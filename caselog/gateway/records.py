"""The service's records that many rows name at once (an uploaded file): organisations, log
owners, schemes and locations, each looked up once and judged by the same permissions as one
log's answers (choices.py), so a file of 100,000 rows makes a few queries, not 500,000.

A file may name an organisation by its id, as "ORG12", or by its provider code; a log owner
by email address or id; a scheme by its code ("S12" or "12"); a location by its code. What
is stored is the record's id, as the web form stores it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from caselog.accounts.models import Organisation, User
from caselog.engine.outcome import Finding
from caselog.schemes.models import Location, Scheme
from caselog.schemes.search import find_location, find_scheme

from .choices import CHECKED, Judge, not_permitted, prefilled
from .context import log_context

_ORG_CODE = re.compile(r"^(?:ORG)?(\d{1,18})$", re.IGNORECASE)


@dataclass
class Named:
    """One row's record answers as they will be stored, and the ones refused."""

    answers: dict[str, str | None]
    refused: list[Finding] = field(default_factory=list)


class Records:
    """Looks up and judges the record answers of many rows for one person uploading."""

    def __init__(self, actor, definition) -> None:
        self.definition = definition
        self.rules = Judge(actor)  # who may name what: the same rule as for one log
        self._orgs: dict[str, Organisation | None] = {}
        self._users: dict[str, User | None] = {}
        self._schemes: dict[str, Scheme | None] = {}
        self._locations: dict[tuple[int, str], Location | None] = {}
        self._contexts: dict[tuple, dict[str, Any]] = {}
        self._prefills: dict[tuple, dict[str, Any]] = {}

    # lookups -------------------------------------------------------------------------------

    def organisation(self, value: str | None) -> Organisation | None:
        text = (value or "").strip()
        if not text:
            return None
        if text not in self._orgs:
            found = None
            code = _ORG_CODE.match(text)
            if code:
                found = Organisation.objects.select_related("absorbed_by").filter(pk=int(code.group(1))).first()
            if found is None:
                found = Organisation.objects.select_related("absorbed_by").filter(provider_code__iexact=text).first()
            self._orgs[text] = found
        return self._orgs[text]

    def user(self, value: str | None) -> User | None:
        text = (value or "").strip().lower()
        if not text:
            return None
        if text not in self._users:
            query = User.objects.filter(pk=int(text)) if text.isdigit() else User.objects.filter(email__iexact=text)
            self._users[text] = query.first()
        return self._users[text]

    def scheme(self, value: str | None) -> Scheme | None:
        text = (value or "").strip()
        if not text:
            return None
        if text not in self._schemes:
            self._schemes[text] = find_scheme(Scheme.objects.select_related("owning_organisation"), text)
        return self._schemes[text]

    def location(self, scheme: Scheme, value: str | None) -> Location | None:
        text = (value or "").strip()
        key = (scheme.pk, text)
        if key not in self._locations:
            self._locations[key] = find_location(scheme.locations.all(), text) if text else None
        return self._locations[key]

    def judge(self, given: dict[str, str | None], before: dict[str, Any]) -> Named:
        """The record answers of one row (`given`: what the row says, blank for nothing) with
        `before` the answers the log has (or starts with): each given answer is stored as the
        record's id, or refused, and then the log keeps what it had."""
        out: dict[str, str | None] = {}
        refused: list[Finding] = []

        def refuse(name: str) -> str | None:
            refused.append(not_permitted(self.definition, name))
            return _text(before.get(name))

        def current(name: str) -> str | None:
            return out[name] if name in out else _text(before.get(name))

        def theirs() -> set[int]:
            return {int(pk) for pk in (current("owning_organisation_id"), current("managing_organisation_id"))
                    if pk and pk.isdigit()}

        for name in CHECKED:
            value = (given.get(name) or "").strip()
            if not value:
                continue
            if name == "owning_organisation_id":
                org = self.organisation(value)
                out[name] = str(org.pk) if self.rules.may_own(org) else refuse(name)
            elif name == "managing_organisation_id":
                org = self.organisation(value)
                owner = self.organisation(current("owning_organisation_id"))
                out[name] = str(org.pk) if self.rules.may_manage(owner, org) else refuse(name)
            elif name == "assigned_to_id":
                person = self.user(value)
                out[name] = str(person.pk) if self.rules.may_assign(person, theirs()) else refuse(name)
            elif name == "scheme_id":
                scheme = self.scheme(value)
                out[name] = scheme.code if self.rules.may_use_scheme(scheme, theirs()) else refuse(name)
            else:
                scheme = self.scheme(current("scheme_id"))
                location = self.location(scheme, value) if scheme is not None else None
                out[name] = location.code if self.rules.may_use_location(location) else refuse(name)
        return Named(out, refused)

    def prefilled(self, changes: dict[str, Any], before: dict[str, Any]) -> dict[str, Any]:
        """choices.prefilled (what choosing a scheme fills in), once for each different choice."""
        names = ("scheme_id", "location_id")
        key = tuple((n in changes, changes.get(n), before.get(n)) for n in names)
        if key not in self._prefills:
            self._prefills[key] = prefilled({n: changes[n] for n in names if n in changes}, before)
        return {k: v for k, v in self._prefills[key].items() if k not in changes}

    def context(self, answers: dict[str, Any], compiled) -> dict[str, Any]:
        """log_context for a row, worked out once for each different set of records."""
        date_answer = compiled.definition.date_question
        key = tuple(answers.get(n) for n in CHECKED) + ((answers.get(date_answer),) if answers.get("scheme_id") else ())
        if key not in self._contexts:
            self._contexts[key] = log_context(_NoLog, answers, compiled)
        return self._contexts[key]


class _NoLog:
    """log_context reads the log's organisations only as defaults for answers not given."""

    owning_organisation = None
    managing_organisation = None


def _text(value: Any) -> str | None:
    return None if value in (None, "") else str(value)
