"""The API documentation at /api/documentation: a guide for a software supplier's developer,
and a reference of every operation read from the OpenAPI document the API serves (reference.py),
so an operation added to the API appears here with no change to this page. Open to everyone,
signed in or not; no JavaScript.

The examples below are real answers of the API: tests/web/test_api_docs.py sends their
requests and compares.
"""

from __future__ import annotations

import json
import re
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_safe

from caselog.accounts import permissions
from caselog.channels.api.api import api
from caselog.channels.api.batch import MAX_LOGS
from caselog.definitions.registry import available, get_definition
from caselog.logs import window
from caselog.schemes.dates import govuk_date

from . import reference

# POST /api/v1/logs with this body answers with this problem (422)
PROBLEM_REQUEST: dict[str, Any] = {"year": "next", "answers": {}}
PROBLEM_RESPONSE: dict[str, Any] = {
    "type": "about:blank",
    "title": "Unprocessable content",
    "status": 422,
    "detail": "The request is not in the form this endpoint takes.",
    "errors": [
        {"field": "collection", "rule": "request.missing", "message": "Field required", "severity": "error"},
        {"field": "year", "rule": "request.int_parsing",
         "message": "Input should be a valid integer, unable to parse string as an integer", "severity": "error"},
    ],
}
# a core-lettings 2026 log whose property was empty for 3 years before its tenancy started
# has this among its warnings; sending {"void_date_value_check": 0} confirms it
SOFT_CHECK: dict[str, Any] = {
    "field": "voiddate",
    "rule": "soft.void_date_value_check",
    "message": "You told us that the property has been vacant for more than 2 years.",
    "severity": "warning",
    "confirmation": "void_date_value_check",
    "confirmed": False,
}
REFUSED_ANSWER: dict[str, Any] = {
    "field": "age1", "rule": "answer.above_max", "message": "Lead tenant’s age must be between 16 and 120.",
    "severity": "error",
}


def document() -> dict[str, Any]:
    """The OpenAPI document, as /api/v1/openapi.json serves it."""
    return api.get_openapi_schema()


def collection_years(today) -> list[dict[str, Any]]:
    """Each collection year whose logs can still be sent or changed, or that has not started,
    with its dates and the address of its schema: from the definitions, so a new year's
    definition adds its row."""
    years = []
    for collection, year in available():
        defn = get_definition(collection, year).definition
        dates = defn.dates
        if today > dates.edit_end:
            continue
        if today < dates.start:
            state = f"Opens {govuk_date(dates.start)}"
        elif today <= dates.new_logs_end:
            state = "Open"
        else:
            state = "Changes only"
        years.append({
            "collection": collection, "year": year, "title": defn.title, "year_label": defn.year_label, "state": state,
            "new_logs_end": govuk_date(dates.new_logs_end), "edit_end": govuk_date(dates.edit_end),
            "schema_url": reverse("api:collection_schema", kwargs={"collection": collection, "year": year}),
        })
    return years


def curl_examples(base: str) -> dict[str, str]:
    """The curl commands the guide shows, for this service's address."""
    def command(*lines: str) -> str:
        return " \\\n  ".join(lines)

    key, as_json = '-H "Authorization: Bearer $CASELOG_API_KEY"', '-H "Content-Type: application/json"'
    new_log = {"collection": "core-lettings", "year": 2026, "answers": {"startdate": "2026-05-11", "tenancycode": "T42"}}
    changes = {"answers": {"beds": 2, "brent": 105.5}}
    batch = {"collection": "core-lettings", "year": 2026, "logs": [
        {"answers": {"startdate": "2026-05-11", "tenancycode": "T43"}},
        {"id": 123, "version": 7, "answers": {"beds": 3}}]}
    return {
        "batch": command(f"curl {base}/logs/batch", key, as_json, '-H "Idempotency-Key: nightly-2026-05-12"',
                         f"-d '{json.dumps(batch)}'"),
        "collections": command(f"curl {base}/collections", key),
        "create": command(f"curl {base}/logs", key, as_json, '-H "Idempotency-Key: letting-T42"',
                          f"-d '{json.dumps(new_log)}'"),
        "change": command(f"curl -X PATCH {base}/logs/123", key, as_json, """-H 'If-Match: "7"'""",
                          f"-d '{json.dumps(changes)}'"),
    }


def prose(text: str) -> SafeString:
    """A description from the OpenAPI document, its `code` in backticks shown as code."""
    return mark_safe(re.sub(r"`([^`]+)`", r'<code class="app-code">\1</code>', str(escape(text))))


def type_html(kind: str, schema: str = "") -> SafeString:
    """A field's type, the schema it names linked to that schema's fields: "array of <Finding>"."""
    text = str(escape(kind))
    if not schema:
        return mark_safe(text)
    link = format_html('<a class="govuk-link" href="#{}"><code class="app-code">{}</code></a>',
                       reference.schema_anchor(schema), schema)
    name = str(escape(schema))
    return mark_safe(re.sub(rf"\b{re.escape(name)}\b", lambda _: link, text, count=1) if name in text else f"{link} ({text})")


def name_html(name: str) -> SafeString:
    """A field's or parameter's name as code that may break after its underscores and hyphens
    (managing_<wbr>organisation_<wbr>id), so a table of them fits a phone's screen."""
    return format_html('<code class="app-code">{}</code>',
                       mark_safe(re.sub(r"([_-])", r"\1<wbr>", str(escape(name)))))


def _json(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


def _your_keys(request: HttpRequest) -> str | None:
    """The address of the signed-in coordinator's own organisation's API keys page."""
    user = request.user
    org = getattr(user, "organisation", None) if user.is_authenticated else None
    if org is not None and permissions.can_manage_api_keys(user, org):
        return reverse("api-keys:list", args=[org.pk])
    return None


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    doc = document()
    base = request.build_absolute_uri(reverse("api:api-root")).rstrip("/")
    return render(request, "web/api_docs/index.html", {
        "reference": reference.read(doc),
        "operation_count": reference.operation_count(doc),
        "years": collection_years(window.today()),
        "base": base,
        "openapi_url": reverse("api:openapi-json"),
        "interactive_url": reverse("api:openapi-view"),
        "collections_url": reverse("api:list_collections"),
        "requests_per_minute": f"{settings.API_REQUESTS_PER_MINUTE:,}",
        "batch_limit": f"{MAX_LOGS:,}",
        "your_keys_url": _your_keys(request),
        "problem_request": _json(PROBLEM_REQUEST),
        "problem_response": _json(PROBLEM_RESPONSE),
        "soft_check": _json(SOFT_CHECK),
        "refused_answer": _json(REFUSED_ANSWER),
        "confirm": json.dumps({"answers": {SOFT_CHECK["confirmation"]: 0}}),
        "curl": curl_examples(base),
        "schema_anchor": reference.schema_anchor,
        "prose": prose,
        "type_html": type_html,
        "name_html": name_html,
    })
