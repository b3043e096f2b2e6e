"""Creating and changing logs through the API: the same gateway as the web form, a key that
only reads cannot write, a stale ETag is refused, an Idempotency-Key makes one log however
often (and however concurrently) the request is sent, and every change names the key."""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.test import Client

from caselog.channels.api.models import ApiKey
from caselog.logs.models import AuditEvent, Log
from tests.definitions.core import template_row

pytestmark = pytest.mark.django_db


def call(client, method, url, key, body=None, **headers):
    extra = {f"HTTP_{h.upper().replace('-', '_')}": v for h, v in headers.items()}
    return getattr(client, method)(url, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}", **extra)


def new_log(client, key, answers=None, **headers):
    return call(client, "post", "/api/v1/logs", key, {"collection": "core-lettings", "year": 2026, "answers": answers or {}},
                **headers)


def test_a_log_is_created_with_the_answers_sent_and_audited_with_the_keys_name(client, key, person, organisation):
    response = new_log(client, key, {**template_row(person), "tenancycode": "API-1"})
    assert response.status_code == 201
    body = response.json()
    log = Log.objects.get(pk=body["id"])
    assert response["Location"] == f"/api/v1/logs/{log.pk}" and response["ETag"] == f'"{log.version}"'
    assert log.owning_organisation == organisation and log.answers["tenancycode"] == "API-1"
    event = AuditEvent.objects.get(log=log)
    assert (event.channel, event.reference, event.actor) == ("api", "API key Housing system", None)


def test_a_read_only_key_cannot_create_or_change_logs(client, organisation, person):
    reader = ApiKey.issue(organisation, "Reports", ApiKey.Access.READ, person)[1]
    response = new_log(client, reader)
    assert response.status_code == 403 and "can only read logs" in response.json()["detail"]
    assert not Log.objects.exists()


def test_changing_a_log_needs_its_current_etag(client, key, person):
    created = new_log(client, key, template_row(person))
    url, etag = f"/api/v1/logs/{created.json()['id']}", created["ETag"]
    assert call(client, "patch", url, key, {"answers": {"beds": 2}}).status_code == 428
    changed = call(client, "patch", url, key, {"answers": {"beds": 2}}, **{"If-Match": etag})
    assert changed.status_code == 200 and changed.json()["answers"]["beds"] == 2
    assert changed["ETag"] != etag
    stale = call(client, "patch", url, key, {"answers": {"beds": 3}}, **{"If-Match": etag})
    assert stale.status_code == 412 and stale["Content-Type"] == "application/problem+json"
    assert Log.objects.get().answers["beds"] == 2


def test_deleting_a_log_needs_its_current_etag_and_is_audited(client, key, person):
    created = new_log(client, key, template_row(person))
    url = f"/api/v1/logs/{created.json()['id']}"
    assert client.delete(url, HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 428
    assert client.delete(url, HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_IF_MATCH='"999"').status_code == 412
    response = client.delete(url, HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_IF_MATCH=created["ETag"])
    assert response.status_code == 204
    assert call(client, "get", url, key).status_code == 404
    assert AuditEvent.objects.filter(action="deleted", channel="api", reference="API key Housing system").count() == 1


def test_a_log_is_started_only_while_its_year_takes_new_logs_and_changed_until_its_edit_end(client, key, person,
                                                                                          monkeypatch):
    from caselog.logs import window

    created = new_log(client, key, template_row(person))
    dates = window.dates_of("core-lettings", 2026)
    monkeypatch.setattr(window, "today", lambda: dates.new_logs_end + dt.timedelta(days=1))
    late = new_log(client, key, template_row(person))
    assert late.status_code == 409
    assert late.json()["detail"] == "New lettings logs for 2026 to 2027 can be started from 1 April 2026 to " + \
        f"{dates.new_logs_end.day} {dates.new_logs_end:%B %Y}"
    url = f"/api/v1/logs/{created.json()['id']}"
    assert call(client, "patch", url, key, {"answers": {"beds": 2}}, **{"If-Match": created["ETag"]}).status_code == 200
    monkeypatch.setattr(window, "today", lambda: dates.edit_end + dt.timedelta(days=1))
    closed = call(client, "patch", url, key, {"answers": {"beds": 3}}, **{"If-Match": "*"})
    assert closed.status_code == 409 and closed.json()["detail"].startswith("Logs of 2026 to 2027 could be changed until ")
    assert Log.objects.count() == 1 and Log.objects.get().answers["beds"] == 2


def test_a_misspelt_answer_name_is_reported_and_the_rest_stored(client, key, person):
    response = new_log(client, key, {**template_row(person), "bedss": 2})
    assert response.status_code == 201
    [unknown] = [e for e in response.json()["errors"] if e["rule"] == "answer.unknown"]
    assert unknown["field"] == "bedss" and "There is no answer called “bedss”" in unknown["message"]
    assert "bedss" not in Log.objects.get().answers
    checked = call(client, "post", "/api/v1/logs/validate", key,
                   {"collection": "core-lettings", "year": 2026, "answers": {"bedss": 2}})
    assert checked.json()["errors"][0]["field"] == "bedss"


def test_an_answer_that_cannot_be_stored_is_reported_and_the_log_keeps_its_own(client, key, person):
    created = new_log(client, key, template_row(person))
    url = f"/api/v1/logs/{created.json()['id']}"
    response = call(client, "patch", url, key, {"answers": {"age1": 300}}, **{"If-Match": created["ETag"]})
    assert response.status_code == 200
    assert response.json()["errors"][0]["field"] == "age1"
    assert response.json()["answers"]["age1"] == template_row(person)["age1"]


def test_another_organisations_log_is_not_found(client, key, make_organisation, make_user):
    other = make_organisation(agreed=True)
    theirs = new_log(Client(), ApiKey.issue(other, "Theirs", ApiKey.Access.WRITE, make_user(organisation=other))[1])
    url = f"/api/v1/logs/{theirs.json()['id']}"
    assert call(client, "get", url, key).status_code == 404
    assert call(client, "patch", url, key, {"answers": {"beds": 1}}, **{"If-Match": theirs["ETag"]}).status_code == 404


def test_the_same_idempotency_key_gives_the_same_response_and_one_log(client, key, person):
    first = new_log(client, key, template_row(person), **{"Idempotency-Key": "letting-42"})
    again = new_log(client, key, template_row(person), **{"Idempotency-Key": "letting-42"})
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json() and again["Idempotent-Replayed"] == "true"
    assert Log.objects.count() == 1
    different = new_log(client, key, {"tenancycode": "other"}, **{"Idempotency-Key": "letting-42"})
    assert different.status_code == 422 and "different request" in different.json()["detail"]


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_posts_with_one_idempotency_key_make_one_log(key, person):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL: SQLite takes one writer at a time")
    answers = template_row(person)
    statuses, barrier = [], threading.Barrier(20)

    def send():
        barrier.wait()
        try:
            statuses.append(new_log(Client(), key, answers, **{"Idempotency-Key": "same"}).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert statuses == [201] * 20
    assert Log.objects.count() == 1
