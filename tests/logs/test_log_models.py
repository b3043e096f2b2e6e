"""A log stores the answers as JSON, and every change leaves an audit event that stays."""

import datetime

import pytest

from caselog.logs.models import AuditEvent, Log
from caselog.records import ImmutableError

pytestmark = pytest.mark.django_db


def make_log(**fields) -> Log:
    fields.setdefault("collection", "core-lettings")
    fields.setdefault("year", 2026)
    return Log.objects.create(**fields)


def test_a_new_log_is_not_started_with_no_answers_or_findings():
    log = make_log()

    assert log.status == Log.Status.NOT_STARTED
    assert (log.answers, log.derived, log.sources) == ({}, {}, {})
    assert (log.errors, log.warnings, log.error_count, log.warning_count) == ([], [], 0, 0)
    assert log.version == 1


def test_answers_round_trip_as_json_with_dates_as_iso_strings():
    answers = {"startdate": "2026-04-01", "beds": 2, "brent": "125.50", "hhmemb": None}
    log = make_log(answers=answers)

    log.refresh_from_db()

    assert log.answers == answers


def test_the_collection_year_reads_as_2026_to_2027():
    assert make_log(year=2026).year_label == "2026 to 2027"


def test_logs_are_found_by_tenant_code_and_property_reference(make_organisation):
    owner = make_organisation()
    wanted = make_log(
        owning_organisation=owner, provider_reference="TEN-001", property_reference="P9"
    )
    make_log(owning_organisation=owner, provider_reference="TEN-002")

    assert list(Log.objects.filter(provider_reference="TEN-001")) == [wanted]
    assert list(Log.objects.filter(property_reference="P9")) == [wanted]


def test_a_deleted_log_is_kept_but_not_live():
    kept = make_log()
    gone = make_log(deleted_at=datetime.datetime(2026, 5, 1, tzinfo=datetime.UTC))

    assert list(Log.objects.live()) == [kept]
    assert Log.objects.filter(pk=gone.pk).exists()


def test_audit_events_are_listed_oldest_first(make_user):
    log = make_log()
    actor = make_user()
    first = AuditEvent.objects.create(
        log=log,
        actor=actor,
        channel="web",
        action="created",
        at=datetime.datetime(2026, 4, 1, 9, tzinfo=datetime.UTC),
    )
    second = AuditEvent.objects.create(
        log=log,
        actor=actor,
        channel="api",
        action="updated",
        changes={"beds": [1, 2]},
        at=datetime.datetime(2026, 4, 1, 10, tzinfo=datetime.UTC),
    )

    assert list(log.audit_events.all()) == [first, second]
    assert second.changes == {"beds": [1, 2]}


def test_an_audit_event_cannot_be_changed_or_deleted():
    event = AuditEvent.objects.create(log=make_log(), channel="system", action="created")

    event.channel = "web"
    with pytest.raises(ImmutableError):
        event.save()
    with pytest.raises(ImmutableError):
        event.delete()
    with pytest.raises(ImmutableError):
        AuditEvent.objects.filter(pk=event.pk).update(channel="web")
    with pytest.raises(ImmutableError):
        AuditEvent.objects.all().delete()
