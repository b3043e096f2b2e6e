"""Batch submit as a housing management system uses it: up to 1,000 logs in one request,
each stored and judged exactly as if sent alone, with an outcome for each, and a change
that cannot be made rejected on its own while the rest are stored."""

import datetime as dt

import pytest

from caselog.channels.api.batch import TABLE_FROM
from caselog.channels.api.models import ApiKey
from caselog.gateway import Source, create_log
from caselog.logs.models import AuditEvent, Log
from tests.api.generated import generated_lettings

pytestmark = pytest.mark.django_db

STORED = ("status", "answers", "derived", "error_count", "warning_count", "owning_organisation_id",
          "managing_organisation_id", "assigned_to_id", "provider_reference", "property_reference", "postcode",
          "duplicate_key")


def post(client, url, body, key, **headers):
    return client.post(url, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}", **headers)


def batch(client, key, logs, **headers):
    return post(client, "/api/v1/logs/batch", {"collection": "core-lettings", "year": 2026, "logs": logs}, key, **headers)


def rules(findings) -> set[tuple]:
    return {(f["field"], f["rule"], f["message"]) for f in findings}


@pytest.mark.parametrize("count", [100, TABLE_FROM - 1])  # through the table path, and one by one
def test_a_batch_is_stored_and_judged_as_the_same_logs_sent_one_by_one(client, key, organisation, person, count):
    logs = generated_lettings(organisation, person, count, seed=7)
    response = batch(client, key, [{"answers": answers} for answers in logs])
    assert response.status_code == 200, response.content
    outcome = response.json()
    assert (outcome["created"], outcome["updated"], outcome["rejected"]) == (count, 0, 0)
    one_by_one = [post(client, "/api/v1/logs", {"collection": "core-lettings", "year": 2026, "answers": answers}, key).json()
                  for answers in logs]
    failing = 0
    for i, (item, alone) in enumerate(zip(outcome["items"], one_by_one, strict=True)):
        assert (item["index"], item["outcome"]) == (i, "created")
        assert item["version"] == Log.objects.get(pk=item["id"]).version
        assert item["location"] == f"/api/v1/logs/{item['id']}"
        assert rules(item["errors"]) == rules(alone["errors"]), f"log {i}"
        assert rules(item["warnings"]) == rules(alone["warnings"]), f"log {i}"
        assert item["status"] == alone["status"]
        by_batch, by_one = Log.objects.get(pk=item["id"]), Log.objects.get(pk=alone["id"])
        for name in STORED:
            assert getattr(by_batch, name) == getattr(by_one, name), f"log {i}: {name}"
        failing += bool(item["errors"] or item["warnings"])
    assert failing >= count // 20, failing  # the comparison covers logs that break rules and checks (8 of these 100)
    audit = AuditEvent.objects.filter(log_id=outcome["items"][0]["id"]).get()
    assert (audit.action, audit.channel, audit.reference, audit.actor_id) == ("created", "api", "API key Housing system", None)


def test_each_change_is_made_or_rejected_on_its_own_and_the_rest_are_stored(client, key, organisation, person,
                                                                          make_organisation):
    source = Source("api", person)
    mine, _ = create_log("core-lettings", 2026, source, owning_organisation=organisation, answers={"tenancycode": "T1"})
    stale, _ = create_log("core-lettings", 2026, source, owning_organisation=organisation, answers={"tenancycode": "T2"})
    other = make_organisation(agreed=True)
    theirs, _ = create_log("core-lettings", 2026, Source("system"), owning_organisation=other, answers={"tenancycode": "X"})
    response = batch(client, key, [
        {"answers": {"tenancycode": "NEW1"}},
        {"id": mine.pk, "version": mine.version, "answers": {"tenancycode": "T1-changed", "propcode": None}},
        {"id": stale.pk, "version": stale.version - 1, "answers": {"tenancycode": "lost"}},
        {"id": theirs.pk, "version": theirs.version, "answers": {"tenancycode": "not yours"}},
        {"id": mine.pk, "version": mine.version, "answers": {"tenancycode": "twice"}},
        {"id": stale.pk, "answers": {"tenancycode": "no version"}},
    ])
    assert response.status_code == 200, response.content
    outcome = response.json()
    assert (outcome["created"], outcome["updated"], outcome["rejected"]) == (1, 1, 4)
    items = outcome["items"]
    assert [i["outcome"] for i in items] == ["created", "updated", "rejected", "rejected", "rejected", "rejected"]
    assert [i["errors"][0]["rule"] for i in items[2:]] == ["request.stale", "request.not_found", "request.repeated",
                                                          "request.version_required"]
    assert items[2]["errors"][0]["message"] == (f"Log {stale.pk} has changed since you read it: its version is now "
                                                f"{stale.version}. GET it again first")
    assert items[3]["errors"][0]["message"] == f"There is no log {theirs.pk} that your key can see"
    read = mine.version
    mine.refresh_from_db()
    stale.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.answers["tenancycode"] == "T1-changed" and items[1]["version"] == mine.version == read + 1
    assert (stale.answers["tenancycode"], theirs.answers["tenancycode"]) == ("T2", "X")
    assert Log.objects.get(pk=items[0]["id"]).answers["tenancycode"] == "NEW1"


def test_an_answer_sent_as_null_in_a_change_is_cleared_as_by_patch(client, key, organisation, person):
    log, _ = create_log("core-lettings", 2026, Source("api", person), owning_organisation=organisation,
                        answers={"tenancycode": "T1", "propcode": "P1"})
    item = batch(client, key, [{"id": log.pk, "version": log.version, "answers": {"propcode": None}}]).json()["items"][0]
    log.refresh_from_db()
    assert item["outcome"] == "updated" and "propcode" not in log.answers and log.answers["tenancycode"] == "T1"


def test_more_than_1000_logs_or_none_is_refused_and_nothing_is_stored(client, key):
    too_many = batch(client, key, [{"answers": {"tenancycode": str(i)}} for i in range(1001)])
    assert too_many.status_code == 422
    assert too_many.json()["errors"][0]["field"] == "logs"
    assert "at most 1000" in too_many.json()["errors"][0]["message"]
    assert batch(client, key, []).status_code == 422
    assert not Log.objects.exists()


def test_a_key_that_only_reads_cannot_send_a_batch(client, organisation, person):
    reader = ApiKey.issue(organisation, "Reports", ApiKey.Access.READ, person)[1]
    response = batch(client, reader, [{"answers": {"tenancycode": "T1"}}])
    assert response.status_code == 403
    assert "can only read logs" in response.json()["detail"]
    assert not Log.objects.exists()


def test_a_batch_for_a_year_there_is_no_collection_for_is_not_found(client, key):
    response = post(client, "/api/v1/logs/batch", {"collection": "core-lettings", "year": 1999,
                                                   "logs": [{"answers": {}}]}, key)
    assert response.status_code == 404 and not Log.objects.exists()


def test_a_name_the_year_has_no_answer_for_is_reported_and_not_stored(client, key):
    item = batch(client, key, [{"answers": {"tenancycode": "T1", "tennancy_code": "T1"}}]).json()["items"][0]
    assert item["outcome"] == "created"
    assert item["errors"][0] == {
        "field": "tennancy_code", "rule": "answer.unknown", "severity": "error",
        "message": "There is no answer called “tennancy_code” in lettings logs of 2026 to 2027, so it was not stored. "
                   "The answers are listed in the year's schema: GET /api/v1/collections/core-lettings/2026/schema"}
    assert Log.objects.get(pk=item["id"]).answers["tenancycode"] == "T1"
    assert "tennancy_code" not in Log.objects.get(pk=item["id"]).answers


def test_after_the_year_closes_new_logs_and_changes_are_rejected_each_with_the_date(client, key, organisation, person,
                                                                                   monkeypatch):
    from caselog.logs import window

    log, _ = create_log("core-lettings", 2026, Source("api", person), owning_organisation=organisation,
                        answers={"tenancycode": "T1"})
    monkeypatch.setattr(window, "today", lambda: window.dates_of("core-lettings", 2026).edit_end + dt.timedelta(days=1))
    items = batch(client, key, [{"answers": {"tenancycode": "T2"}},
                                {"id": log.pk, "version": log.version, "answers": {"tenancycode": "late"}}]).json()["items"]
    assert [(i["outcome"], i["errors"][0]["rule"]) for i in items] == [("rejected", "request.closed")] * 2
    assert items[0]["errors"][0]["message"].startswith("New lettings logs for 2026 to 2027 can be started from 1 April 2026 to ")
    assert items[1]["errors"][0]["message"].startswith("Logs of 2026 to 2027 could be changed until ")
    log.refresh_from_db()
    assert log.answers["tenancycode"] == "T1" and Log.objects.count() == 1


def test_the_same_idempotency_key_sends_a_batch_once(client, key):
    logs = [{"answers": {"tenancycode": f"T{i}"}} for i in range(TABLE_FROM)]
    first = batch(client, key, logs, HTTP_IDEMPOTENCY_KEY="nightly-2026-11-23")
    again = batch(client, key, logs, HTTP_IDEMPOTENCY_KEY="nightly-2026-11-23")
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert Log.objects.count() == TABLE_FROM
    other = batch(client, key, logs[:1], HTTP_IDEMPOTENCY_KEY="nightly-2026-11-23")
    assert other.status_code == 422 and Log.objects.count() == TABLE_FROM
