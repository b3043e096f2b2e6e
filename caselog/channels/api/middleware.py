"""Answers under /api/ that Django gives before the API sees the request (an address the API
has not got, a method an address does not take) as problem documents too, so a client reads
every error of the API the same way."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .problems import PROBLEM, problem

PREFIX = "/api/"


class ProblemsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(PREFIX) or response.status_code not in (404, 405):
            return response
        if response.get("Content-Type", "").startswith((PROBLEM, "application/json")):
            return response
        if response.status_code == 404:
            return problem(404, detail="There is nothing at this address. The API's operations are listed at "
                                       "/api/documentation and in /api/v1/openapi.json.")
        allowed = response.get("Allow", "")
        replaced = problem(405, detail=f"This address does not take {request.method} requests. It takes: {allowed}.")
        replaced["Allow"] = allowed
        return replaced
