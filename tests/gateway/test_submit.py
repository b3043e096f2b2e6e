"""The gateway is the only way answers change: it runs the engine, stores what it says and
audits each change."""

import datetime as dt

import pytest

from caselog.accounts.models import DataSharingAgreement, Relationship
from caselog.gateway import Source, create_log, submit, validate
from caselog.logs.models import AuditEvent, Log
from tests.definitions.core import TODAY, template_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(make_user):
    officer = make_user(email="officer@example.com")
    DataSharingAgreement.objects.create(organisation=officer.organisation, signatory_name="Dee",
                                        signatory_email="dpo@example.com", version="2026")
    return officer


def new_log(officer, answers=None):
    return create_log("core-lettings", 2026, Source("web", officer), owning_organisation=officer.organisation,
                      answers=answers, today=TODAY)


def test_a_new_log_with_no_answers_is_not_started_and_its_creation_is_audited(officer):
    log, outcome = new_log(officer)
    assert outcome.status == "not_started"
    assert Log.objects.get(pk=log.pk).status == "not_started"
    assert list(log.audit_events.values_list("action", "channel")) == [("created", "web")]


def test_the_template_example_log_is_stored_completed_with_derived_values_and_sources(officer):
    log, outcome = new_log(officer, template_row(officer))
    stored = Log.objects.get(pk=log.pk)
    assert stored.status == "completed" and stored.error_count == 0
    assert stored.answers["startdate"] == "2026-04-01"
    assert stored.derived["totadult"] == 1
    assert stored.provider_reference == "1"  # the tenant code
    # the answers a log was created with are the creation's: its audit event says who and how
    event = stored.audit_events.get(action="created")
    assert (event.channel, event.actor) == ("web", officer)
    assert event.changes["brent"] == [None, 100]
    assert event.changes["owning_organisation_id"] == [None, str(officer.organisation_id)]
    assert stored.sources == {}
    submit(stored, {"brent": 110}, Source("api", officer), today=TODAY)
    stored.refresh_from_db()
    assert stored.sources["brent"]["channel"] == "api" and stored.sources["brent"]["actor_id"] == officer.pk
    assert "startdate" not in stored.sources


def test_changing_an_answer_records_old_and_new_and_clears_answers_that_stop_applying(officer):
    log, _ = new_log(officer, {**template_row(officer), "hhmemb": 2, "details_known_2": 0,
                               "age2_known": 0, "age2": 30})
    outcome = submit(log, {"hhmemb": 1}, Source("api", officer, "supplier key"), today=TODAY)
    stored = Log.objects.get(pk=log.pk)
    assert "age2" not in stored.answers and "age2" in outcome.cleared
    event = stored.audit_events.filter(action="updated").last()
    assert event.channel == "api" and event.reference == "supplier key"
    assert event.changes["hhmemb"] == [2, 1] and event.changes["age2"] == [30, None]


def test_a_value_that_cannot_be_an_answer_is_refused_and_the_log_keeps_its_answer(officer):
    log, _ = new_log(officer, template_row(officer))
    outcome = submit(log, {"needstype": 3, "brent": 110}, Source("web", officer), today=TODAY)
    assert [e.rule for e in outcome.errors] == ["answer.not_an_option"]
    assert outcome.errors[0].fields == ("needstype",)
    stored = Log.objects.get(pk=log.pk)
    assert stored.answers["needstype"] == 1 and stored.answers["brent"] == 110
    assert stored.status == "completed" and stored.error_count == 0


def test_the_version_goes_up_with_each_submission(officer):
    log, _ = new_log(officer)
    first = log.version
    submit(log, {"needstype": 1}, Source("web", officer), today=TODAY)
    assert Log.objects.get(pk=log.pk).version == first + 1


def test_validate_gives_the_outcome_and_stores_nothing(officer):
    log, _ = new_log(officer, template_row(officer))
    before = (log.version, log.audit_events.count())
    outcome = validate(log, {"brent": 5000}, today=TODAY)
    assert any(e.rule == "validate_rent_amount.rent_above_hard_max" for e in outcome.errors)
    log.refresh_from_db()
    assert (log.version, log.audit_events.count()) == before and log.answers["brent"] == 100


def test_a_soft_check_is_confirmed_by_answering_its_confirmation_like_any_other_answer(officer):
    log, outcome = new_log(officer, {**template_row(officer), "brent": 60})
    assert Log.objects.get(pk=log.pk).warning_count == 1
    outcome = submit(log, {"rent_value_check": 0}, Source("web", officer), today=TODAY)
    stored = Log.objects.get(pk=log.pk)
    assert stored.warning_count == 0 and stored.answers["rent_value_check"] == 0
    assert outcome.warnings[0].confirmed


def test_the_organisations_provider_type_reaches_the_rules(officer, make_organisation):
    council = make_organisation(type="local_authority")
    Relationship.objects.create(stock_owner=council, managing_agent=officer.organisation)
    log, outcome = create_log("core-lettings", 2026, Source("web", officer), owning_organisation=council,
                              answers={**template_row(officer), "owning_organisation_id": str(council.pk),
                                       "scharge": 600}, today=TODAY)
    # a local authority's service charge may be at most £500 a week; a housing association's £800
    assert any(e.rule == "validate_rent_amount.charge_over_maximum.scharge" for e in outcome.errors)


def test_a_failed_submission_leaves_the_log_as_it_was(officer, monkeypatch):
    log, _ = new_log(officer, template_row(officer))
    before = dict(Log.objects.get(pk=log.pk).answers)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(AuditEvent.objects, "create", broken)
    with pytest.raises(RuntimeError):
        submit(log, {"brent": 120}, Source("web", officer), today=TODAY)
    assert Log.objects.get(pk=log.pk).answers == before


def test_the_collection_year_follows_the_start_date():
    from caselog.gateway.submit import _year_for

    log = Log(collection="core-lettings", year=2026)
    assert _year_for(log, {"startdate": dt.date(2026, 5, 1)}) == 2026
    assert _year_for(log, {"startdate": "not a date"}) == 2026
