"""Answers chosen from the service's records (organisations, log owner, scheme, location)
go through the same gateway for every channel: a sender may only name what they may use,
choosing a scheme fills in what CORE fills in, and what the records say reaches the rules."""

import datetime as dt

import pytest

from caselog.accounts import permissions
from caselog.accounts.models import Relationship
from caselog.gateway import Source, create_log, submit, validate
from caselog.logs.models import Log
from caselog.schemes.models import SchemeDeactivation
from tests.definitions.core import template_row

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 1)


@pytest.fixture
def officer(make_user, make_organisation):
    return make_user(organisation=make_organisation(name="Agent Lettings", agreed=True))


def new_log(officer, **answers):
    log, _ = create_log("core-lettings", 2026, Source("web", officer), owning_organisation=officer.organisation,
                        answers=answers, today=TODAY)
    return log


def test_a_new_log_holds_its_organisations_and_owner_as_answers_but_is_not_started(officer):
    log = new_log(officer)
    assert log.answers == {"owning_organisation_id": str(officer.organisation_id),
                           "managing_organisation_id": str(officer.organisation_id),
                           "assigned_to_id": str(officer.pk)}
    assert log.status == "not_started"


def test_nobody_can_log_a_letting_for_an_unrelated_organisation(officer, make_organisation):
    log = new_log(officer, tenancycode="T1")
    stranger = make_organisation(name="Stranger Homes", agreed=True)
    outcome = submit(log, {"owning_organisation_id": str(stranger.pk), "tenancycode": "T2"},
                     Source("api", officer), today=TODAY)
    assert [(e.fields, e.message) for e in outcome.errors[:1]] == [
        (("owning_organisation_id",), "You do not have permission to add logs for this owning organisation.")]
    stored = Log.objects.get(pk=log.pk)
    assert stored.owning_organisation == officer.organisation
    assert stored.answers["owning_organisation_id"] == str(officer.organisation_id)
    assert stored.answers["tenancycode"] == "T2", "the rest of the submission is kept"
    assert not permissions.logs_for(make_user_in(stranger)).filter(pk=log.pk).exists()


def make_user_in(org):
    from caselog.accounts.models import User
    return User.objects.create_user(f"someone@{org.provider_code.lower()}.example", "password", name="Someone", organisation=org)


def test_an_agent_logs_a_letting_for_its_stock_owner_and_both_see_it(officer, make_organisation):
    owner = make_organisation(name="Owner Homes", agreed=True)
    Relationship.objects.create(stock_owner=owner, managing_agent=officer.organisation)
    log = new_log(officer)
    outcome = submit(log, {"owning_organisation_id": str(owner.pk)}, Source("web", officer), today=TODAY)
    assert not [e for e in outcome.errors if e.rule.startswith("answer.")]
    stored = Log.objects.get(pk=log.pk)
    assert stored.owning_organisation == owner and stored.managing_organisation == officer.organisation
    assert permissions.logs_for(make_user_in(owner)).filter(pk=log.pk).exists()


def test_a_log_cannot_be_assigned_to_someone_outside_its_organisations(officer, make_user):
    log = new_log(officer)
    outsider = make_user()
    outcome = submit(log, {"assigned_to_id": str(outsider.pk)}, Source("web", officer), today=TODAY)
    assert outcome.errors[0].message == "User must be related to owning organisation or managing organisation."
    assert Log.objects.get(pk=log.pk).assigned_to == officer


def test_an_organisation_without_a_data_sharing_agreement_cannot_be_the_owner(make_user, make_organisation):
    officer = make_user(organisation=make_organisation(name="Not Yet Agreed"))
    log, outcome = create_log("core-lettings", 2026, Source("web", officer), owning_organisation=officer.organisation,
                              answers={"tenancycode": "T1"}, today=TODAY)
    assert "The organisation must accept the Data Sharing Agreement before it can be selected as the owning organisation." \
        in [e.message for e in outcome.errors]


def test_choosing_a_scheme_with_one_location_fills_in_that_location(officer, make_scheme, make_location):
    scheme = make_scheme(owning_organisation=officer.organisation)
    only = make_location(scheme=scheme, postcode="LS1 4AP", la_code="E08000035")
    log = new_log(officer, needstype=2, startdate="2026-05-01")
    outcome = submit(log, {"scheme_id": scheme.code}, Source("web", officer), today=TODAY)
    assert log.answers["location_id"] == only.code
    # the location still applies, so it is kept; the web form passes over its page
    assert "location" in outcome.pages and "location_id" in outcome.questions
    # what the location says reaches the rules: the local authority and postcode they use
    assert outcome.values["effective_la"] == "E08000035"
    assert outcome.values["effective_postcode_full"] == "LS1 4AP"


def test_choosing_a_scheme_with_two_locations_leaves_the_choice_to_the_user(officer, make_scheme, make_location):
    scheme = make_scheme(owning_organisation=officer.organisation)
    make_location(scheme=scheme, postcode="LS1 4AP")
    second = make_location(scheme=scheme, postcode="LS6 2UE")
    log = new_log(officer, needstype=2, startdate="2026-05-01")
    submit(log, {"scheme_id": scheme.code}, Source("web", officer), today=TODAY)
    assert log.answers.get("location_id") is None
    submit(log, {"location_id": second.code}, Source("web", officer), today=TODAY)
    assert log.answers["location_id"] == second.code


def test_changing_the_location_clears_an_address_given_for_the_old_one(officer, make_scheme, make_location):
    scheme = make_scheme(owning_organisation=officer.organisation)
    first = make_location(scheme=scheme, postcode="LS1 4AP")
    second = make_location(scheme=scheme, postcode="LS6 2UE")
    log = new_log(officer, **{**template_row(officer), "needstype": 2, "scheme_id": scheme.code, "location_id": first.code,
                              "uprn_known": 0, "address_line1": "1 Park View", "postcode_full": "LS1 4AP"})
    assert log.answers["address_line1"] == "1 Park View", "given with the scheme in one submission, it is kept"
    submit(log, {"location_id": second.code}, Source("web", officer), today=TODAY)
    assert "address_line1" not in log.answers and "postcode_full" not in log.answers


def test_another_organisations_scheme_and_a_location_of_another_scheme_are_refused(officer, make_scheme, make_location):
    theirs = make_scheme()
    ours = make_scheme(owning_organisation=officer.organisation)
    make_location(scheme=ours)
    make_location(scheme=ours, postcode="LS6 2UE")
    elsewhere = make_location(scheme=theirs)
    log = new_log(officer, needstype=2, startdate="2026-05-01")
    outcome = submit(log, {"scheme_id": theirs.code}, Source("upload", officer), today=TODAY)
    assert outcome.errors[0].message == "This scheme code does not belong to the owning organisation or managing organisation."
    assert "scheme_id" not in log.answers
    outcome = submit(log, {"scheme_id": ours.code, "location_id": elsewhere.code}, Source("upload", officer), today=TODAY)
    assert outcome.errors[0].fields == ("location_id",)
    assert log.answers["scheme_id"] == ours.code and "location_id" not in log.answers


def test_a_scheme_deactivated_before_the_tenancy_start_date_is_an_error(officer, make_scheme, make_location):
    scheme = make_scheme(owning_organisation=officer.organisation)
    make_location(scheme=scheme)
    SchemeDeactivation.objects.create(scheme=scheme, deactivation_date=dt.date(2026, 4, 10))
    log = new_log(officer, needstype=2, startdate="2026-05-01")
    outcome = submit(log, {"scheme_id": scheme.code}, Source("web", officer), today=TODAY)
    assert "validate_scheme.scheme_inactive_on_startdate" in {e.rule for e in outcome.errors}


def test_a_start_date_after_the_owner_was_merged_away_is_an_error(officer, make_organisation):
    absorbing = make_organisation(name="Absorbing Homes", agreed=True)
    org = officer.organisation
    org.absorbed_by, org.merge_date = absorbing, dt.date(2026, 6, 1)
    org.save()
    log = new_log(officer)
    outcome = validate(log, {"startdate": "2026-07-01"}, TODAY, actor=officer)
    merged = [e for e in outcome.errors if e.rule == "validate_merged_organisations_start_date.same_organisation_merged"]
    assert merged and "replaced by Absorbing Homes" in merged[0].message
    assert not [e for e in validate(log, {"startdate": "2026-05-01"}, TODAY).errors
                if e.rule.startswith("validate_merged_organisations")]


def test_the_rent_periods_an_organisation_uses_reach_the_rules(officer):
    org = officer.organisation
    org.rent_periods = [1, 2]
    org.save()
    log = new_log(officer, **template_row(officer))
    messages = [e.message for e in validate(log, {"period": 4}, TODAY, actor=officer).errors]
    assert ("Agent Lettings does not use every calendar month as a rent period. Choose another rent period, "
            "or a data coordinator can add rent periods to your organisation.") in messages
    assert not any("does not use" in e.message for e in validate(log, {"period": 2}, TODAY).errors)


@pytest.mark.parametrize("collection", ["core-lettings", "core-sales"])
def test_every_definition_words_a_refusal_for_each_record_answer_it_asks(collection):
    from caselog.definitions.registry import get_definition
    from caselog.gateway.choices import CHECKED

    definition = get_definition(collection, 2026).definition
    asked = [field for field in CHECKED if field in definition.questions]
    assert asked and all(f"not_permitted.{field}" in definition.answer_messages for field in asked)
