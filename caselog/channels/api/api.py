"""The submission API at /api/v1 (django-ninja, OpenAPI 3.1 at /api/v1/openapi.json, docs at
/api/v1/docs). Every error is an RFC 9457 problem (application/problem+json) with an
`errors` list in the same words, rule ids and fields as the web form and bulk upload."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, JsonResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from .auth import KeyAuth, RateLimited

PROBLEM = "application/problem+json"

api = NinjaAPI(
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


def problem(status: int, title: str, detail: str = "", errors: list[dict[str, Any]] | None = None, **extra) -> JsonResponse:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    if errors is not None:
        body["errors"] = errors
    body.update(extra)
    return JsonResponse(body, status=status, content_type=PROBLEM)


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
    titles = {400: "Bad request", 403: "Forbidden", 404: "Not found", 409: "Conflict", 412: "Precondition failed",
              422: "Unprocessable content", 428: "Precondition required", 429: "Too many requests"}
    return problem(exc.status_code, titles.get(exc.status_code, "Error"), str(exc))


@api.exception_handler(ValidationError)
def _invalid_request(request: HttpRequest, exc: ValidationError) -> JsonResponse:
    errors = []
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ()) if part not in ("body", "payload", "query", "path")]
        errors.append({"field": ".".join(location), "rule": f"request.{error.get('type', 'invalid')}",
                       "message": error.get("msg", "Not valid"), "severity": "error"})
    return problem(422, "Unprocessable content", "The request is not in the form this endpoint takes.", errors)


from . import collections, logs, writes  # noqa: E402, F401  (the routers register on `api`)

api.add_router("/collections", collections.router)
api.add_router("/logs", logs.router)  # writes.py adds its operations to the same router
