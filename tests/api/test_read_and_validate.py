"""The API's first endpoints as a housing management system uses them: its key, the
collections and their schemas, its organisation's logs (never another's), and validating
answers with the same findings as the web form, nothing stored."""

import datetime as dt

import pytest

from caselog.channels.api.models import ApiKey
from caselog.gateway import Source, create_log
from caselog.logs.models import Log
from tests.definitions.core import TODAY, template_row

pytestmark = pytest.mark.django_db


def get(client, url, key=None, **extra):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"} if key else {}
    return client.get(url, **headers, **extra)


def post(client, url, body, key):
    return client.post(url, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}")


def test_no_key_or_a_revoked_key_is_unauthorised_with_a_problem_document(client, key):
    response = get(client, "/api/v1/collections")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"] == "Bearer"
    assert response.json()["title"] == "Unauthorised"
    ApiKey.objects.update(revoked_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    assert get(client, "/api/v1/collections", key).status_code == 401


def test_a_key_is_found_by_its_secret_only_and_its_last_use_is_recorded(client, key):
    assert ApiKey.objects.get().last_used_at is None
    assert get(client, "/api/v1/collections", key[:-1] + ("A" if key[-1] != "A" else "B")).status_code == 401
    assert get(client, "/api/v1/collections", key).status_code == 200
    assert ApiKey.objects.get().last_used_at is not None
    assert key not in str(ApiKey.objects.values_list()[0])


def test_collections_and_each_years_schema_come_from_the_definitions(client, key):
    years = get(client, "/api/v1/collections", key).json()
    lettings = next(y for y in years if y["collection"] == "core-lettings" and y["year"] == 2026)
    assert lettings["year_label"] == "2026 to 2027" and lettings["dates"]["start"] == "2026-04-01"
    schema = get(client, lettings["schema_url"], key).json()
    beds = schema["properties"]["beds"]
    assert beds["title"] == "Number of bedrooms" and beds["minimum"] == 1 and beds["maximum"] == 12
    assert {"const": 1, "title": "General needs"} in schema["properties"]["needstype"]["oneOf"]
    assert schema["properties"]["startdate"]["format"] == "date"
    assert get(client, "/api/v1/collections/core-lettings/1999/schema", key).status_code == 404


def test_each_years_bulk_upload_template_downloads_as_the_web_offers_it(client, key):
    years = get(client, "/api/v1/collections", key).json()
    sales = next(y for y in years if y["collection"] == "core-sales" and y["year"] == 2026)
    response = get(client, sales["template_urls"]["xlsx"], key)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="2026_27_core-sales_bulk_upload_template.xlsx"'
    assert response.content == client.get("/uploads/template/core-sales/2026.xlsx").content
    csv = get(client, sales["template_urls"]["csv"], key)
    assert csv["Content-Type"] == "text/csv; charset=utf-8"
    assert csv.content.decode("utf-8-sig").splitlines()[-1].startswith("Field number,1,2,3,4,")
    assert get(client, "/api/v1/collections/core-sales/2026/template?format=pdf", key).status_code == 422
    assert get(client, "/api/v1/collections/core-sales/1999/template", key).status_code == 404


def test_the_openapi_document_and_docs_page_are_served(client):
    document = client.get("/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    assert "/api/v1/logs/validate" in document["paths"]
    assert client.get("/api/v1/docs").status_code == 200


def test_a_key_sees_its_organisations_logs_and_never_another_organisations(client, key, organisation, make_organisation,
                                                                        make_user):
    ours, _ = create_log("core-lettings", 2026, Source("system"), owning_organisation=organisation)
    other, _ = create_log("core-lettings", 2026, Source("system"), owning_organisation=make_organisation(agreed=True))
    listed = get(client, "/api/v1/logs", key).json()
    assert [item["id"] for item in listed["items"]] == [ours.pk]
    assert get(client, f"/api/v1/logs/{other.pk}", key).status_code == 404
    response = get(client, f"/api/v1/logs/{ours.pk}", key)
    assert response.status_code == 200 and response["ETag"] == f'"{ours.version}"'


def test_logs_are_listed_a_page_at_a_time_by_cursor(client, key, organisation):
    made = [create_log("core-lettings", 2026, Source("system"), owning_organisation=organisation)[0].pk for _ in range(5)]
    first = get(client, "/api/v1/logs?limit=2", key).json()
    second = get(client, first["next"], key).json()
    third = get(client, second["next"], key).json()
    ids = [i["id"] for page in (first, second, third) for i in page["items"]]
    assert ids == sorted(made, reverse=True) and third["next"] is None
    assert get(client, "/api/v1/logs?cursor=not-ours", key).status_code == 400


def test_validate_gives_the_web_forms_findings_and_stores_nothing(client, key, organisation, make_user):
    person = make_user(organisation=organisation)
    answers = {**template_row(person), "startdate": "2026-01-01"}
    response = post(client, "/api/v1/logs/validate", {"collection": "core-lettings", "year": 2026, "answers": answers}, key)
    assert response.status_code == 200
    body = response.json()
    assert {"field": "startdate", "rule": "validate_startdate_setup.outside_collection_window", "severity": "error"}.items() \
        <= next(e for e in body["errors"] if e["field"] == "startdate").items()
    log, outcome = create_log("core-lettings", 2026, Source("web", person), owning_organisation=organisation,
                              answers=answers, today=TODAY)
    assert {e["rule"] for e in body["errors"]} == {e.rule for e in outcome.errors}
    assert Log.objects.count() == 1  # the one the web form made; validating stored nothing


def test_a_request_body_that_is_not_right_says_which_field(client, key):
    response = post(client, "/api/v1/logs/validate", {"collection": "core-lettings", "answers": {}}, key)
    assert response.status_code == 422 and response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"][0]["field"] == "year"


def test_a_key_that_sends_too_many_requests_is_told_when_to_try_again(client, key, organisation, person, settings):
    settings.API_REQUESTS_PER_MINUTE = 2
    assert [get(client, "/api/v1/collections", key).status_code for _ in range(2)] == [200, 200]
    response = get(client, "/api/v1/collections", key)
    assert response.status_code == 429 and response["Content-Type"] == "application/problem+json"
    assert 1 <= int(response["Retry-After"]) <= 61
    other = ApiKey.issue(organisation, "Another system", ApiKey.Access.READ, person)[1]
    assert get(client, "/api/v1/collections", other).status_code == 200


def test_an_address_or_method_the_api_has_not_got_is_a_problem_document_too(client, key):
    missing = get(client, "/api/v1/lettings", key)
    assert missing.status_code == 404 and missing["Content-Type"] == "application/problem+json"
    assert "/api/documentation" in missing.json()["detail"]
    wrong = client.put("/api/v1/logs/validate", {}, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert wrong.status_code == 405 and wrong["Content-Type"] == "application/problem+json"
    assert wrong["Allow"] == "POST" and wrong.json()["detail"] == "This address does not take PUT requests. It takes: POST."


def test_an_answer_with_a_nul_character_is_reported_and_not_stored(client, key):
    body = '{"collection": "core-lettings", "year": 2026, "answers": {"tenancycode": "T\\u00001", "tenancy\\u0000code": "T1", "propcode": "P1"}}'
    response = client.post("/api/v1/logs", body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 201, response.content
    errors = {e["rule"]: e for e in response.json()["errors"]}
    assert errors["answer.nul_character"]["field"] == "tenancycode"
    assert errors["answer.nul_character"]["message"] == ("Tenant code has the NUL character (\\u0000), which cannot be "
                                                         "stored, so it was not stored. Remove the character and send "
                                                         "the answer again")
    assert errors["answer.unknown"]["field"] == "tenancy\\u0000code"
    log = Log.objects.get()
    assert log.answers["propcode"] == "P1" and "tenancycode" not in log.answers


def test_a_new_minute_lets_the_key_send_again_and_only_its_count_is_kept(client, key, settings, monkeypatch):
    from caselog.channels.api import auth
    from caselog.channels.api.models import RequestCount

    settings.API_REQUESTS_PER_MINUTE = 2
    now = [1_800_000_000.0]
    monkeypatch.setattr(auth.time, "time", lambda: now[0])
    assert [get(client, "/api/v1/collections", key).status_code for _ in range(3)] == [200, 200, 429]
    now[0] += 60
    assert get(client, "/api/v1/collections", key).status_code == 200
    assert list(RequestCount.objects.values_list("minute", "count")) == [(30_000_001, 1)]
