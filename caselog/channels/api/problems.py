"""Errors as RFC 9457 problem documents (application/problem+json), and their declarations
in the OpenAPI document, so that what it says an operation can answer is what it answers.

Every error the API gives is a `Problem`: type, title, status, usually a detail saying what
to do, and for answers or requests that are not right an `errors` list of field, rule,
message and severity (the web form's words). Make one with `problem(...)`, or raise
`HttpError(status, "…")` / `Http404("…")` in a view: api.py turns those into problems.

Declaring them: the API adds 401 and 429 to every operation that needs a key, 422 to every
operation that takes parameters or a body, and 400 to every operation with a JSON body (it
may not be JSON): the checks every request passes through.
An operation declares the others it can give with `problem_responses`:

    @router.delete("/{log_id}", response={204: None},
                   openapi_extra=problem_responses(403, 404, 409, 412, 428))

When an operation's wording should be its own: `problem_responses(404, descriptions={404: "…"})`.
Other openapi_extra goes in the same call: `parameters=[…]` (headers the view reads itself),
and `responses={200: {…}}`, merged into ninja's own (a success's headers or content types):

    openapi_extra=problem_responses(404, responses={200: {"headers": {"ETag": {…}}}})

tests/api/test_openapi_conformance.py checks every operation against the served document.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any, Literal

from django.http import JsonResponse
from ninja import Schema
from pydantic import Field

PROBLEM = "application/problem+json"

TITLES = {400: "Bad request", 401: "Unauthorised", 403: "Forbidden", 404: "Not found", 405: "Method not allowed",
          409: "Conflict", 412: "Precondition failed", 413: "Content too large", 415: "Unsupported media type",
          422: "Unprocessable content", 428: "Precondition required", 429: "Too many requests"}

# what each status means in this API, as the OpenAPI document says it
DESCRIPTIONS = {
    400: "The request cannot be read as sent: its body is not JSON, for example. The problem's detail says which "
         "part and how to put it right.",
    401: "No API key was sent, or the key is not one the service knows, or it has been revoked or has expired.",
    403: "The key cannot do this: a key that only reads cannot create, change or delete logs.",
    404: "There is nothing here that your key can see: no such log, or another organisation's, or no such "
         "collection year.",
    409: "The request conflicts with the log's state, for example its collection year can no longer be changed.",
    412: "If-Match does not match the log's ETag: the log has changed since you read it. GET it again first.",
    413: "The request is too large.",
    415: "The request's body is not in a format this operation takes.",
    422: "The request is not in the form this operation takes: `errors` names each field and what is wrong with it.",
    428: "If-Match is missing: send the log's ETag from GET /logs/{id}, so a change made meanwhile is not lost.",
    429: "The key has sent too many requests this minute. Retry-After says how many seconds to wait.",
}

HEADERS = {
    401: {"WWW-Authenticate": {"description": "Bearer: send the key as `Authorization: Bearer cl_…`",
                               "required": True, "schema": {"type": "string"}}},
    429: {"Retry-After": {"description": "Seconds until the key may send requests again",
                          "required": True, "schema": {"type": "string", "pattern": "^[0-9]+$"}}},
}


class ProblemError(Schema):
    """One thing that is not right, in the web form's words."""

    field: str = Field(description="The answer or part of the request it is about (CORE's variable name for an "
                                   "answer); empty when it is about the whole log")
    rule: str = Field(description="The rule's id, the same in the web form, bulk upload and the API")
    message: str = Field(description="What is wrong and how to put it right")
    severity: Literal["error", "warning"]


class Problem(Schema):
    """An RFC 9457 problem document."""

    type: str = Field("about:blank", description="A URI for the kind of problem; about:blank when the status says it")
    title: str = Field(description="A short summary of the kind of problem")
    status: int = Field(description="The HTTP status code", ge=400, le=599)
    detail: str = Field(None, description="What went wrong with this request and what to do about it")
    errors: list[ProblemError] = Field(None, description="Each field that is not right, when there are any")


def problem(status: int, title: str = "", detail: str = "", errors: list[dict[str, Any]] | None = None,
            **extra: Any) -> JsonResponse:
    """A problem response; the title is the status's own unless one is given."""
    body: dict[str, Any] = {"type": "about:blank", "title": title or TITLES.get(status) or HTTPStatus(status).phrase,
                            "status": status}
    if detail:
        body["detail"] = detail
    if errors is not None:
        body["errors"] = errors
    body.update(extra)
    return JsonResponse(body, status=status, content_type=PROBLEM)


def problem_response(status: int, description: str | None = None) -> dict[str, Any]:
    """The OpenAPI response object of a problem with this status."""
    out: dict[str, Any] = {
        "description": description or DESCRIPTIONS.get(status) or HTTPStatus(status).phrase,
        "content": {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }
    if status in HEADERS:
        out["headers"] = HEADERS[status]
    return out


def problem_responses(*statuses: int, descriptions: dict[int, str] | None = None,
                      **openapi_extra: Any) -> dict[str, Any]:
    """`openapi_extra` for an operation that can give these problems (401, 429 and 422 are
    added for every operation, see the module's docstring). Other openapi_extra keys
    (parameters, for example) may be passed too."""
    descriptions = descriptions or {}
    responses = {status: problem_response(status, descriptions.get(status)) for status in statuses}
    extra_responses = openapi_extra.pop("responses", {})
    return {**openapi_extra, "responses": {**responses, **extra_responses}}


def add_problems(document: dict[str, Any]) -> dict[str, Any]:
    """Declare the problems every operation can give (401 and 429 where a key is needed, 422
    where there is a request to validate, 400 where its body may not be JSON) and the Problem
    schemas, in a generated document."""
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    problem_schema = Problem.model_json_schema(ref_template="#/components/schemas/{model}", mode="serialization")
    schemas.update(problem_schema.pop("$defs", {}))
    for name in ("detail", "errors"):  # left out when there is none, never null
        problem_schema["properties"][name].pop("default", None)
    schemas["Problem"] = problem_schema
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            wanted = []
            if operation.get("security"):
                wanted += [401, 429]
            if operation.get("parameters") or operation.get("requestBody"):
                wanted.append(422)
            if "application/json" in operation.get("requestBody", {}).get("content", {}):
                wanted.append(400)
            for status in wanted:
                if status not in responses and str(status) not in responses:
                    responses[status] = problem_response(status)
    return document
