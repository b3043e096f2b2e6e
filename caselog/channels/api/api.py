"""The submission API at /api/v1 (django-ninja, OpenAPI 3.1 at /api/v1/openapi.json, docs at
/api/v1/docs). Every error is an RFC 9457 problem (application/problem+json) with an
`errors` list in the same words, rule ids and fields as the web form and bulk upload."""

from __future__ import annotations

import json
import math
from typing import Any

from django.http import Http404, HttpRequest, JsonResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser

from .auth import KeyAuth, RateLimited
from .problems import PROBLEM, TITLES, add_problems, problem  # noqa: F401  (PROBLEM and problem for the routers)


class CaselogAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None):
        """The generated document, with the problems every operation can give (problems.py)."""
        return add_problems(super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params))


class NotJSON(ValueError):
    pass


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise NotJSON(f"{text} is too large a number")
    return value


def _not_json(name: str):
    raise NotJSON(f"{name} is not a JSON value")


class StrictJSON(Parser):
    """JSON as RFC 8259 has it: not Python's NaN, Infinity or a number too large to hold,
    which no JSON column can store. ninja answers 400 for anything this raises."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        return json.loads(request.body, parse_constant=_not_json, parse_float=_finite)


api = CaselogAPI(
    parser=StrictJSON(),
    title="Caselog submission API",
    version="1",
    description=(
        "Submit and read social housing lettings and sales logs from a housing management system. "
        "Authenticate with an API key made by your organisation's data coordinator: "
        "`Authorization: Bearer cl_…`. Answers use CORE's variable names; each collection year's "
        "answers are described by its schema (`/collections/{collection}/{year}/schema`)."
    ),
    urls_namespace="api",
    auth=KeyAuth(),
)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc) -> JsonResponse:
    response = problem(401, "Unauthorised", "Send a valid API key: Authorization: Bearer cl_… Ask your organisation's "
                                            "data coordinator for one if you do not have it.")
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(RateLimited)
def _rate_limited(request: HttpRequest, exc: RateLimited) -> JsonResponse:
    response = problem(429, "Too many requests", f"This key has sent its requests for this minute. Try again in "
                                                 f"{exc.retry_after} seconds.")
    response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc) -> JsonResponse:
    return problem(404, "Not found", str(exc) or "There is nothing at this address that your key can see.")


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> JsonResponse:
    detail = str(exc)
    cause = exc.__cause__
    if exc.status_code == 400 and isinstance(cause, ValueError):  # ninja could not parse the body
        where = (f" ({cause})" if isinstance(cause, NotJSON) else
                 f" (at line {cause.lineno}, column {cause.colno})" if isinstance(cause, json.JSONDecodeError) else "")
        detail = f"The request's body is not valid JSON{where}. Send a JSON object, with Content-Type: application/json."
    return problem(exc.status_code, TITLES.get(exc.status_code, "Error"), detail)


@api.exception_handler(ValidationError)
def _invalid_request(request: HttpRequest, exc: ValidationError) -> JsonResponse:
    errors = []
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ()) if part not in ("body", "payload", "query", "path", "header")]
        message = error.get("msg", "Not valid")
        if error.get("type") == "value_error" and "error" in error.get("ctx", {}):
            message = str(error["ctx"]["error"])  # our own words, without pydantic's "Value error, "
        errors.append({"field": ".".join(location), "rule": f"request.{error.get('type', 'invalid')}",
                       "message": message, "severity": "error"})
    return problem(422, "Unprocessable content", "The request is not in the form this endpoint takes.", errors)


from . import batch, collections, logs, uploads, writes  # noqa: E402, F401  (the routers register on `api`)

api.add_router("/collections", collections.router)
api.add_router("/logs/batch", batch.router)  # before /logs/{log_id}, which would take "batch" for an id
api.add_router("/logs", logs.router)  # writes.py adds its operations to the same router
api.add_router("/uploads", uploads.router)
