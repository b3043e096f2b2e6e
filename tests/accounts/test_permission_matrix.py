"""Every page × every role × an object of the user's own organisation, of a related one
(the stock owner whose homes they manage) and of an unrelated one: what each person gets.

Anything outside a user's scope answers 404, never 403. The table below is the whole
answer, written out cell by cell; a page added without a row fails the first test.

    login  redirected to sign in          302  sent on to another page of the service
    200    the page                       404  not found
    405    the page takes no such request
    401    the API (api:…) answers every session alike: it takes API keys, not sign-in

A row lists the anonymous visitor's answer (one for every scope), then three answers
(own, related, unrelated) for the data provider, the coordinator and the support user; a
page that is not about one object has one answer per role. POSTs carry no form data: an
allowed one shows the form's errors (200) or does what a bare request does (302); each is
rolled back, so no cell depends on another.

MATRIX_DUMP=1 prints what the service answers now, in this format, to review a change.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from caselog.accounts.models import Relationship, User
from caselog.channels.api.models import ApiKey
from caselog.channels.upload.models import Upload
from caselog.gateway import Source, create_log
from caselog.schemes.models import LocationDeactivation, SchemeDeactivation

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "provider", "coordinator", "support")
SCOPES = ("own", "related", "unrelated")

MATRIX = """
# route                                  method  anonymous  provider     coordinator  support
web:start                                GET     200        200          200          200
web:healthz                              GET     200        200          200          200
web:log-history                          GET     login      200 200 404  200 200 404  200 200 200
web:log                                  GET     login      200 200 404  200 200 404  200 200 200
web:review                               GET     login      200 200 404  200 200 404  200 200 200
web:check-answers                        GET     login      200 200 404  200 200 404  200 200 200
web:question                             GET     login      200 200 404  200 200 404  200 200 200
web:question                             POST    login      302 302 404  302 302 404  302 302 302
web:logs                                 GET     login      200          200          200
web:new-log                              GET     login      200          200          200
web:new-log                              POST    login      200          200          200
web:delete-log                           GET     login      404 404 404  200 200 404  200 200 200
web:delete-log                           POST    login      404 404 404  302 302 404  302 302 302
web:duplicates                           GET     login      200 200 404  200 200 404  200 200 200
web:duplicates                           POST    login      302 302 404  302 302 404  302 302 302
web:accessibility-statement              GET     200        200          200          200
web:privacy-notice                       GET     200        200          200          200
web:cookies                              GET     200        200          200          200
web:help                                 GET     200        200          200          200
api-docs:index                           GET     200        200          200          200
accounts:sign-in                         GET     200        302          302          302
accounts:sign-in                         POST    200        200          200          200
accounts:sign-out                        GET     200        200          200          200
accounts:sign-out                        POST    200        200          200          200
accounts:forgotten-password              GET     200        200          200          200
accounts:forgotten-password              POST    200        200          200          200
accounts:reset-password                  GET     404        404          404          404
accounts:invitation                      GET     404        404          404          404
accounts:two-factor-set-up               GET     login      200          200          200
accounts:two-factor                      GET     login      302          302          302
accounts:home                            GET     login      200          200          200
accounts:account                         GET     login      200          200          200
accounts:change-name                     GET     login      200          200          200
accounts:change-password                 GET     login      200          200          200
accounts:sign-out-everywhere             POST    login      302          302          302
accounts:organisations                   GET     login      302          302          200
accounts:new-organisation                GET     login      404          404          200
accounts:new-organisation                POST    login      404          404          200
accounts:stop-viewing-as                 POST    login      302          302          302
accounts:organisation                    GET     login      200 200 404  200 200 404  200 200 200
accounts:change-organisation             GET     login      404 404 404  200 404 404  200 200 200
accounts:change-organisation             POST    login      404 404 404  200 404 404  200 200 200
accounts:rent-periods                    GET     login      404 404 404  200 404 404  200 200 200
accounts:rent-periods                    POST    login      404 404 404  200 404 404  200 200 200
accounts:view-as                         POST    login      404 404 404  404 404 404  302 302 302
accounts:merge                           GET     login      404 404 404  404 404 404  200 200 200
accounts:merge-date                      GET     login      404 404 404  404 404 404  302 302 302
accounts:merge-check                     GET     login      404 404 404  404 404 404  302 302 302
accounts:data-sharing                    GET     login      200 200 404  200 200 404  200 200 200
accounts:data-sharing                    POST    login      404 404 404  404 404 404  404 404 404
accounts:relationships                   GET     login      200 200 404  200 200 404  200 200 200
accounts:relationships                   POST    login      404 404 404  200 404 404  200 200 200
accounts:remove-relationship             GET     login      405 405 405  405 405 405  405 405 405
accounts:remove-relationship             POST    login      404 404 404  302 404 404  302 302 302
accounts:users                           GET     login      404          200          200
accounts:invite                          GET     login      404          200          200
accounts:invite                          POST    login      404          200          200
accounts:user                            GET     login      404 404 404  200 404 404  200 200 200
accounts:change-user                     GET     login      404 404 404  200 404 404  200 200 200
accounts:change-user                     POST    login      404 404 404  200 404 404  200 200 200
accounts:deactivate                      GET     login      404 404 404  200 404 404  200 200 200
accounts:deactivate                      POST    login      404 404 404  302 404 404  302 302 302
accounts:reactivate                      GET     login      404 404 404  200 404 404  200 200 200
accounts:reactivate                      POST    login      404 404 404  302 404 404  302 302 302
accounts:resend-invitation               POST    login      404 404 404  302 404 404  302 302 302
accounts:reset-two-factor                GET     login      404 404 404  404 404 404  200 200 200
accounts:reset-two-factor                POST    login      404 404 404  404 404 404  302 302 302
schemes:list                             GET     login      200          200          200
schemes:new                              GET     login      404          200          200
schemes:detail                           GET     login      200 200 404  200 200 404  200 200 200
schemes:question                         GET     login      404 404 404  200 200 404  200 200 200
schemes:question                         POST    login      404 404 404  200 200 404  200 200 200
schemes:check-answers                    GET     login      200 200 404  200 200 404  200 200 200
schemes:deactivate                       GET     login      404 404 404  200 200 404  200 200 200
schemes:deactivate-confirm               GET     login      404 404 404  302 302 404  302 302 302
schemes:reactivate                       GET     login      404 404 404  200 200 404  200 200 200
schemes:locations                        GET     login      200 200 404  200 200 404  200 200 200
schemes:location-new                     GET     login      404 404 404  200 200 404  200 200 200
schemes:location                         GET     login      200 200 404  200 200 404  200 200 200
schemes:location-question                GET     login      404 404 404  200 200 404  200 200 200
schemes:location-question                POST    login      404 404 404  200 200 404  200 200 200
schemes:location-check-answers           GET     login      200 200 404  200 200 404  200 200 200
schemes:location-deactivate              GET     login      404 404 404  200 200 404  200 200 200
schemes:location-deactivate-confirm      GET     login      404 404 404  302 302 404  302 302 302
schemes:location-reactivate              GET     login      404 404 404  200 200 404  200 200 200
uploads:list                             GET     login      200          200          200
uploads:new                              GET     login      200          200          200
uploads:new                              POST    login      400          400          403
uploads:detail                           GET     login      200 404 404  200 404 404  200 200 200
uploads:progress                         GET     login      200 404 404  200 404 404  200 200 200
uploads:report                           GET     login      200 404 404  200 404 404  200 200 200
uploads:sheet                            GET     login      404 404 404  404 404 404  302 302 302
uploads:columns                          GET     login      404 404 404  404 404 404  302 302 302
uploads:values                           GET     login      404 404 404  404 404 404  302 302 302
uploads:store                            POST    login      404 404 404  404 404 404  400 400 400
uploads:soft-checks                      GET     login      404 404 404  404 404 404  200 200 200
uploads:retry                            POST    login      404 404 404  404 404 404  302 302 302
uploads:template                         GET     200        200          200          200
api:api-root                             GET     404        404          404          404
api:openapi-json                         GET     200        200          200          200
api:openapi-view                         GET     200        200          200          200
api:list_collections                     GET     401        401          401          401
api:collection_schema                    GET     401        401          401          401
api:collection_template                  GET     401        401          401          401
api:list_logs                            GET     401        401          401          401
api:get_log                              GET     401        401 401 401  401 401 401  401 401 401
api:validate_log                         POST    401        401          401          401
api:create                               POST    401        401          401          401
api:change                               GET     401        401 401 401  401 401 401  401 401 401
api:remove                               GET     401        401 401 401  401 401 401  401 401 401
api:batch                                POST    401        401          401          401
api:list_uploads                         GET     401        401          401          401
api:get_upload                           GET     401        401 401 401  401 401 401  401 401 401
api:upload_report                        GET     401        401 401 401  401 401 401  401 401 401
api-keys:list                            GET     login      404 404 404  200 404 404  200 200 200
api-keys:new                             GET     login      404 404 404  200 404 404  200 200 200
api-keys:new                             POST    login      404 404 404  200 404 404  200 200 200
api-keys:revoke                          GET     login      404 404 404  200 404 404  200 200 200
api-keys:revoke                          POST    login      404 404 404  302 404 404  302 302 302
"""


@dataclass(frozen=True)
class Row:
    route: str
    method: str
    expected: dict[str, tuple[str, ...]]  # role -> one answer, or one per scope


def parse(table: str) -> list[Row]:
    rows = []
    for line in table.strip().splitlines():
        if line.startswith("#"):
            continue
        route, method, anonymous, *rest = line.split()
        if len(rest) == 3:
            per_role = [(r,) for r in rest]
        elif len(rest) == 9:
            per_role = [tuple(rest[i:i + 3]) for i in (0, 3, 6)]
        else:
            raise ValueError(f"matrix row for {route} {method}: expected 3 or 9 answers after anonymous")
        rows.append(Row(route, method, {"anonymous": (anonymous,), **dict(zip(ROLES[1:], per_role, strict=True))}))
    return rows


ROWS = parse(MATRIX)


def route_names() -> set[str]:
    def walk(patterns, namespace=None):
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace != "admin":  # Django's admin, for staff, has its own permissions
                    yield from walk(p.url_patterns, p.namespace or namespace)
            else:
                yield f"{namespace}:{p.name}" if namespace else p.name
    return set(walk(get_resolver().url_patterns))


def test_every_page_of_the_service_has_a_row():
    assert route_names() == {row.route for row in ROWS}


# the world: three organisations, each with a person, a log, a scheme and a location ---------

@pytest.fixture(autouse=True)
def today(monkeypatch):
    """A day when the 2026 logs can be created, changed and deleted (caselog/logs/window.py)."""
    from caselog.logs import window

    monkeypatch.setattr(window, "today", lambda: dt.date(2026, 11, 1))


@pytest.fixture
def world(make_organisation, make_user, make_scheme, make_location):
    own = make_organisation(name="Own Homes", agreed=True)
    related = make_organisation(name="Owner Council", type="local_authority", agreed=True)  # we manage its homes
    unrelated = make_organisation(name="Elsewhere Housing", agreed=True)
    partner = make_organisation(name="Elsewhere's Agent")
    Relationship.objects.create(stock_owner=related, managing_agent=own)
    Relationship.objects.create(stock_owner=unrelated, managing_agent=partner)

    actors = {
        "provider": make_user(email="provider@own.example", organisation=own),
        "coordinator": make_user(email="coordinator@own.example", organisation=own, role=User.Role.DATA_COORDINATOR),
        "support": make_user(email="support@example.com", organisation=make_organisation(name="Support"),
                             role=User.Role.SUPPORT),
    }
    objects = {}
    for scope, org, manager, other in (("own", own, own, related), ("related", related, own, own),
                                       ("unrelated", unrelated, unrelated, partner)):
        person = make_user(email=f"person@{scope}.example", organisation=org)
        left = make_user(email=f"left@{scope}.example", organisation=org, is_active=False)
        with_app = make_user(email=f"app-user@{scope}.example", organisation=org, role=User.Role.DATA_COORDINATOR)
        TOTPDevice.objects.create(user=with_app, name="Authenticator app", confirmed=True)
        log, _ = create_log("core-lettings", 2026, Source("system"), owning_organisation=org, managing_organisation=manager)
        scheme = make_scheme(owning_organisation=org, service_name=f"{scope} scheme")
        location = make_location(scheme=scheme)
        closed = make_scheme(owning_organisation=org, service_name=f"{scope} closed scheme")
        closed_location = make_location(scheme=closed)
        SchemeDeactivation.objects.create(scheme=closed, deactivation_date=dt.date(2026, 4, 1))
        LocationDeactivation.objects.create(location=closed_location, deactivation_date=dt.date(2026, 4, 1))
        upload = Upload(organisation=org, uploaded_by=person, collection="core-lettings", year=2026, filename="logs.csv",
                        status=Upload.Status.CHECKED, summary={"rows": 1, "rows_with_errors": 1, "errors": 1})
        upload.file.save("logs.csv", ContentFile(b"Tenancy start date\r\n2026-05-01\r\n"), save=False)
        upload.report_xlsx.save("logs-errors.xlsx", ContentFile(b"a report"), save=False)
        upload.save()
        api_key, _ = ApiKey.issue(org, f"{scope} housing system", ApiKey.Access.WRITE, person)
        objects[scope] = {"organisation": org, "user": person, "log": log, "scheme": scheme, "location": location,
                          "upload": upload, "api_key": api_key,
                          "other": other, "inactive_user": left, "user_with_app": with_app,
                          "closed_scheme": closed, "closed_location": closed_location}
    return actors, objects


def kwargs_for(route: str, target: dict | None) -> dict:
    """The URL arguments naming the scope's object of the kind the page is about."""
    if route in ("accounts:reset-password", "accounts:invitation"):
        return {"uidb64": "MQ", "token": "not-a-token"}
    if route in ("api:collection_schema", "api:collection_template"):
        return {"collection": "core-lettings", "year": 2026}
    if route == "uploads:template":
        return {"collection": "core-lettings", "year": 2026, "file_format": "xlsx"}
    if target is None:
        return {}
    if route in ("api:get_log", "api:change", "api:remove"):
        return {"log_id": target["log"].pk}
    if route in ("api:get_upload", "api:upload_report"):
        return {"upload_id": target["upload"].pk, **({"kind": "csv"} if route == "api:upload_report" else {})}
    if route.startswith("api-keys:"):
        return {"pk": target["organisation"].pk, **({"key_pk": target["api_key"].pk} if route == "api-keys:revoke" else {})}
    if route.startswith("uploads:"):
        return {"pk": target["upload"].pk, **({"kind": "xlsx"} if route == "uploads:report" else {})}
    if route == "schemes:location-reactivate":
        return {"pk": target["closed_scheme"].pk, "loc_pk": target["closed_location"].pk}
    if route.startswith("schemes:location"):
        kwargs = {"pk": target["scheme"].pk}
        if route != "schemes:locations" and route != "schemes:location-new":
            kwargs["loc_pk"] = target["location"].pk
        if route == "schemes:location-question":
            kwargs["step"] = "postcode"
        return kwargs
    if route == "schemes:reactivate":
        return {"pk": target["closed_scheme"].pk}
    if route.startswith("schemes:"):
        # "support" is a question a confirmed scheme may still change
        return {"pk": target["scheme"].pk, **({"step": "support"} if route == "schemes:question" else {})}
    if route == "web:log-history":
        return {"pk": target["log"].pk}
    if route in ("web:log", "web:review"):
        return {"pk": target["log"].pk}
    if route == "web:check-answers":
        return {"pk": target["log"].pk, "subsection": "setup"}
    if route == "web:question":
        return {"pk": target["log"].pk, "page": "tenant-code"}
    if route in ("web:delete-log", "web:duplicates"):
        return {"pk": target["log"].pk}
    if route == "accounts:reactivate":
        return {"pk": target["inactive_user"].pk}
    if route == "accounts:reset-two-factor":
        return {"pk": target["user_with_app"].pk}
    if route in {"accounts:user", "accounts:change-user", "accounts:deactivate", "accounts:resend-invitation"}:
        return {"pk": target["user"].pk}
    if route == "accounts:remove-relationship":
        return {"pk": target["organisation"].pk, "other": target["other"].pk}
    return {"pk": target["organisation"].pk}


def needs_object(route: str) -> bool:
    return any(len(row.expected["provider"]) == 3 for row in ROWS if row.route == route)


def answer(client: Client, method: str, url: str) -> str:
    with transaction.atomic():
        response = client.get(url) if method == "GET" else client.post(url)
        transaction.set_rollback(True)
    if response.status_code in (301, 302):
        return "login" if response.url.startswith(reverse("accounts:sign-in")) else "302"
    return str(response.status_code)


def actual_row(row_route: str, method: str, world, sign_in) -> dict[str, tuple[str, ...]]:
    actors, objects = world
    per_object = needs_object(row_route)
    out = {}
    for role in ROLES:
        answers = []
        for scope in SCOPES if per_object else (None,):
            client = Client()
            if role != "anonymous":
                sign_in(client, actors[role])
            url = reverse(row_route, kwargs=kwargs_for(row_route, objects[scope] if scope else None))
            answers.append(answer(client, method, url))
        if role == "anonymous" and len(set(answers)) == 1:
            answers = answers[:1]
        out[role] = tuple(answers)
    return out


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r.route} {r.method}")
def test_each_role_gets_what_the_matrix_says(row, world, sign_in):
    got = actual_row(row.route, row.method, world, sign_in)
    if os.environ.get("MATRIX_DUMP"):
        cells = [" ".join(got[r]) for r in ROLES]
        print(f"\n{row.route:<40} {row.method:<7} {cells[0]:<10} {cells[1]:<12} {cells[2]:<12} {cells[3]}")
    assert got == row.expected

