"""The served OpenAPI document tells the truth: schemathesis generates requests from
/api/v1/openapi.json (valid ones and, deliberately, invalid ones), sends them to the Django
app with a key that reads and submits, and checks every response: never a 5xx, and its
status, content type, headers and body are ones the document declares for that operation.

Some of the requests name logs that exist (and sometimes send their current ETag), so
reading, changing and deleting real logs is covered, not only 404s. The run is
deterministic (a fixed seed) and bounded (a few examples per operation and phase); for a
deeper run, CONFORMANCE_EXAMPLES=500 CONFORMANCE_SEED=7 pytest tests/api/test_openapi_conformance.py"""

import hashlib
import os
import zlib

import hypothesis
import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from schemathesis.config import SchemathesisConfig
from schemathesis.generation import GenerationMode

from caselog.channels.api.models import KEY_START, ApiKey, hash_key
from caselog.gateway import Source, create_log
from caselog.logs.models import Log
from tests.definitions.core import template_row

MAX_EXAMPLES = int(os.environ.get("CONFORMANCE_EXAMPLES", 30))
ACCEPTED = ["2xx", "3xx", "401", "403", "404", "409", "429", "5xx"]  # the default (5xx: not_a_server_error)


# a key that reads and submits, its secret fixed so the generated requests can carry it;
# schemathesis leaves it out, or sends another, itself to check that is 401
SECRET = f"{KEY_START}c0ffee00_conformance-test-key-not-a-real-one"
CONFIG = SchemathesisConfig.from_dict({
    "seed": int(os.environ.get("CONFORMANCE_SEED", 20261122)),
    "auth": {"openapi": {"KeyAuth": {"bearer": SECRET}}},  # the document's security scheme
    "generation": {"mode": "all", "max-examples": MAX_EXAMPLES, "deterministic": True, "database": "none"},
    "checks": {
        # PATCH and DELETE without If-Match are 428 Precondition Required (RFC 6585)
        "missing_required_header": {"expected-statuses": ["400", "401", "403", "406", "415", "422", "428"]},
    },
    "operations": [
        # an If-Match that is not the log's ETag is 412 Precondition Failed: no schema can say
        # which ETag is the log's now
        {"include-name": ["PATCH /api/v1/logs/{log_id}", "DELETE /api/v1/logs/{log_id}"],
         "checks": {"positive_data_acceptance": {"expected-statuses": ACCEPTED + ["412"]}}},
        # the cursor is opaque: one this API did not give is 400
        {"include-name": "GET /api/v1/logs",
         "checks": {"positive_data_acceptance": {"expected-statuses": ACCEPTED + ["400"]}}},
    ],
})
# the document as the app serves it (loading it reads no data)
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application(), config=CONFIG)


@pytest.fixture
def one_connection():
    """The requests go through Django's WSGI handler, not its test client: like the test
    client, keep the test's database connection open between them (closing it at the end of
    a request would end the test's transaction on PostgreSQL)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def logs(db, one_connection, organisation, person, settings):
    """The key, and two of its organisation's logs, one empty and one complete."""
    settings.API_REQUESTS_PER_MINUTE = 1_000_000  # the limit's 429 has its own test
    ApiKey.objects.create(organisation=organisation, name="Housing system", prefix=SECRET[3:11], hashed=hash_key(SECRET),
                          access=ApiKey.Access.WRITE, created_by=person)
    return [create_log("core-lettings", 2026, Source("system"), owning_organisation=organisation, answers=answers)[0]
            for answers in ({}, template_row(person))]


def _pick(value, organisation) -> tuple[Log | None, bool]:
    """For two generated ids in three (decided by the value, so deterministically), one of the
    organisation's logs instead; and whether to send its ETag now (half of those)."""
    choice = zlib.crc32(repr(value).encode())
    if choice % 3 == 0:
        return None, False
    logs = list(Log.objects.filter(owning_organisation=organisation).order_by("pk"))
    if not logs:  # the DELETEs have had them all
        logs = [create_log("core-lettings", 2026, Source("system"), owning_organisation=organisation)[0]]
    return logs[choice % len(logs)], choice % 3 == 1


@schema.parametrize()
# the logs and the key are made once per operation; the examples share them, as a client's requests would
@hypothesis.settings(suppress_health_check=[hypothesis.HealthCheck.function_scoped_fixture])
def test_every_response_is_one_the_document_declares(case, organisation, logs):
    headers = {}
    positive = case.meta is None or case.meta.generation.mode == GenerationMode.POSITIVE
    if positive and case.headers and case.headers.get("Idempotency-Key"):
        # the same key for the same body only: a key sent again with another body is 422 (its
        # own test), which no schema can foresee; sent again with the same one, it is replayed
        digest = hashlib.sha256(repr(case.body).encode()).hexdigest()[:16]
        headers["Idempotency-Key"] = f"{case.headers['Idempotency-Key'][:200]}-{digest}"
    if positive and case.path_parameters and "log_id" in case.path_parameters:
        log, current = _pick(case.path_parameters["log_id"], organisation)
        if log is not None:
            case.path_parameters["log_id"] = log.pk
            if current and case.headers and "If-Match" in case.headers:
                headers["If-Match"] = f'"{log.version}"'  # so the change or deletion is made
    case.call_and_validate(headers=headers)


# what schemathesis found, each kept as a plain test --------------------------------------

def _send(client, method, url, key, body=None, **headers):
    extra = {f"HTTP_{h.upper().replace('-', '_')}": v for h, v in headers.items()}
    return getattr(client, method)(url, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}",
                                   **extra)


@pytest.mark.django_db
def test_every_operation_declares_its_problems_with_the_shared_schema(client):
    document = client.get("/api/v1/openapi.json").json()
    assert set(document["components"]["schemas"]["Problem"]["properties"]) == {"type", "title", "status", "detail",
                                                                               "errors"}
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            declared = operation["responses"]
            assert {"401", "429"} <= set(declared), (method, path)
            for status, response in declared.items():
                if status >= "400":
                    assert list(response["content"]) == ["application/problem+json"], (method, path, status)
    change = document["paths"]["/api/v1/logs/{log_id}"]["patch"]
    assert {"403", "404", "412", "422", "428"} <= set(change["responses"])
    assert {"name": "If-Match", "required": True}.items() <= next(p for p in change["parameters"]
                                                                 if p["name"] == "If-Match").items()


@pytest.mark.django_db
def test_a_collection_name_that_is_no_file_is_not_found_rather_than_an_error(client, key):
    for name in ("x" * 300, "..", "core-lettings%00"):
        response = client.get(f"/api/v1/collections/{name}/2026/schema", HTTP_AUTHORIZATION=f"Bearer {key}")
        assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"


@pytest.mark.django_db
def test_a_body_with_javascripts_nan_or_a_number_too_large_is_not_json(client, key):
    for value in ("NaN", "Infinity", "1e999"):
        body = '{"collection": "core-lettings", "year": 2026, "answers": {"tenancycode": ' + value + "}}"
        response = _send(client, "post", "/api/v1/logs", key, body)
        assert response.status_code == 400 and "not valid JSON" in response.json()["detail"]
    assert not Log.objects.exists()


@pytest.mark.django_db
def test_a_field_the_request_does_not_take_is_named_rather_than_ignored(client, key):
    response = _send(client, "post", "/api/v1/logs", key, {"collection": "core-lettings", "year": 2026, "anwsers": {}})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "anwsers"


@pytest.mark.django_db
def test_updated_since_must_be_a_date_and_time_not_a_number(client, key):
    for value in ("0.5", "2026-04-01"):
        response = client.get(f"/api/v1/logs?updated_since={value}", HTTP_AUTHORIZATION=f"Bearer {key}")
        assert response.status_code == 422
        assert response.json()["errors"][0] == {"field": "updated_since", "rule": "request.value_error",
                                                "message": "Enter a date and time with its offset from UTC, like "
                                                           "2026-04-01T09:00:00Z", "severity": "error"}
    ok = client.get("/api/v1/logs?updated_since=2026-04-01T09:00:00%2B01:00", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert ok.status_code == 200


@pytest.mark.django_db
def test_an_empty_idempotency_key_is_refused_rather_than_ignored(client, key):
    response = _send(client, "post", "/api/v1/logs", key, {"collection": "core-lettings", "year": 2026},
                     **{"Idempotency-Key": ""})
    assert response.status_code == 400 and "Idempotency-Key is empty" in response.json()["detail"]
    assert not Log.objects.exists()


@pytest.mark.django_db
def test_if_match_may_list_etags_and_a_missing_log_is_named(client, key, organisation):
    log, _ = create_log("core-lettings", 2026, Source("system"), owning_organisation=organisation)
    url = f"/api/v1/logs/{log.pk}"
    response = _send(client, "patch", url, key, {"answers": {"beds": 2}}, **{"If-Match": f'"0", "{log.version}"'})
    assert response.status_code == 200
    missing = _send(client, "get", f"/api/v1/logs/{log.pk + 1000}", key)
    assert missing.status_code == 404
    assert missing.json()["detail"] == (f"There is no log {log.pk + 1000} that your key can see. GET /api/v1/logs "
                                        "lists the logs it can see.")
