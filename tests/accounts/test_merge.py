"""Support merges organisations: from the merge date their logs, people and schemes belong to
the absorbing organisation, and the history says what moved."""

import datetime as dt

import pytest
from django.urls import reverse

from caselog.accounts import permissions
from caselog.accounts.merge import MergeRefused, merge_organisations
from caselog.accounts.models import (
    DataSharingAgreement,
    Organisation,
    Relationship,
    SecurityEvent,
    User,
)
from caselog.gateway import Source, create_log
from caselog.logs.models import AuditEvent, Log
from caselog.schemes.models import Scheme
from caselog.schemes.status import Status, scheme_status
from tests.definitions.core import template_answers

pytestmark = pytest.mark.django_db

MERGE_DATE = dt.date(2026, 6, 1)


@pytest.fixture
def absorbing(make_organisation):
    return make_organisation(name="Big Housing", provider_code="BIG1")


@pytest.fixture
def merging(make_organisation):
    return make_organisation(name="Small Homes", provider_code="SML1")


@pytest.fixture
def support(make_user):
    return make_user(name="Sam Support", role=User.Role.SUPPORT)


def letting(owner, startdate=None, manager=None, **answers):
    if startdate:
        answers["startdate"] = startdate
    log, _ = create_log("core-lettings", 2026, Source("web"), owning_organisation=owner,
                        managing_organisation=manager, answers=answers)
    return log


def text(response) -> str:
    return " ".join(response.content.decode().split())


# the merge ------------------------------------------------------------------------------------

def test_logs_dated_from_the_merge_date_move_and_earlier_or_undated_ones_stay(absorbing, make_organisation, merging, support):
    owner = make_organisation(name="Stock Owner")
    before = letting(merging, "2026-05-31")
    on_the_day = letting(merging, "2026-06-01")
    after = letting(merging, "2026-09-15")
    undated = letting(merging)
    managed = letting(owner, "2026-07-01", manager=merging)  # Small Homes manages it for its owner
    managed_before = letting(owner, "2026-04-10", manager=merging)

    merge_organisations(absorbing, [merging], MERGE_DATE, support)

    def org_of(log):
        log.refresh_from_db()
        return log.owning_organisation.name, log.managing_organisation.name

    assert org_of(before) == ("Small Homes", "Small Homes")
    assert org_of(undated) == ("Small Homes", "Small Homes")
    assert org_of(on_the_day) == ("Big Housing", "Big Housing")
    assert org_of(after) == ("Big Housing", "Big Housing")
    assert org_of(managed) == ("Stock Owner", "Big Housing")
    assert org_of(managed_before) == ("Stock Owner", "Small Homes")


def test_each_moved_log_keeps_its_history_with_what_moved_who_and_why(absorbing, client, merging, sign_in, support):
    log = letting(merging, "2026-07-01")
    untouched = letting(merging, "2026-05-01")
    version = Log.objects.get(pk=log.pk).version

    merge_organisations(absorbing, [merging], MERGE_DATE, support)

    event = AuditEvent.objects.get(log=log, action="moved")
    assert event.actor == support and event.reference == "Small Homes merged into Big Housing"
    assert event.changes == {"owning_organisation": ["Small Homes", "Big Housing"],
                             "managing_organisation": ["Small Homes", "Big Housing"]}
    assert Log.objects.get(pk=log.pk).version > version
    assert list(log.audit_events.values_list("action", flat=True))[0] == "created"  # earlier history kept
    assert not AuditEvent.objects.filter(log=untouched, action="moved").exists()

    sign_in(client, support)
    page = text(client.get(reverse("web:log-history", args=[log.pk])))
    assert "Moved to another organisation by Sam Support online" in page
    assert ('<td class="govuk-table__cell">Owning organisation</td> <td class="govuk-table__cell">Small Homes</td> '
            '<td class="govuk-table__cell">Big Housing</td>') in page


def test_a_log_answering_its_owner_keeps_the_answer_in_step(absorbing, merging, support):
    log = letting(merging, "2026-07-01", owning_organisation_id=str(merging.pk))
    merge_organisations(absorbing, [merging], MERGE_DATE, support)
    log.refresh_from_db()
    assert log.answers["owning_organisation_id"] == str(absorbing.pk)
    assert log.audit_events.filter(action="updated").last().changes["owning_organisation_id"] == [
        str(merging.pk), str(absorbing.pk)]


def test_people_and_rent_periods_move_and_the_merged_organisation_is_marked(
        absorbing, make_user, merging, support):
    absorbing.rent_periods = [1]
    absorbing.save()
    merging.rent_periods = [2, 1]
    merging.save()
    person = make_user(name="Mo Ving", organisation=merging, role=User.Role.DATA_COORDINATOR)

    merge_organisations(absorbing, [merging], MERGE_DATE, support)

    person.refresh_from_db()
    merging.refresh_from_db()
    absorbing.refresh_from_db()
    assert person.organisation == absorbing
    assert (merging.absorbed_by, merging.merge_date, merging.active) == (absorbing, MERGE_DATE, False)
    assert absorbing.rent_periods == [1, 2] and absorbing.active


def test_relationships_carry_over_once_and_never_to_the_organisation_itself(absorbing, make_organisation, merging, support):
    owner = make_organisation(name="Stock Owner")
    agent = make_organisation(name="Agent Lettings")
    shared_agent = make_organisation(name="Shared Agent")
    Relationship.objects.create(stock_owner=owner, managing_agent=merging)
    Relationship.objects.create(stock_owner=merging, managing_agent=agent)
    Relationship.objects.create(stock_owner=merging, managing_agent=shared_agent)
    Relationship.objects.create(stock_owner=absorbing, managing_agent=shared_agent)
    Relationship.objects.create(stock_owner=absorbing, managing_agent=merging)  # would be itself

    merge_organisations(absorbing, [merging], MERGE_DATE, support)

    assert set(absorbing.stock_owners()) == {owner}
    assert set(absorbing.managing_agents()) == {agent, shared_agent}
    assert not Relationship.objects.filter(stock_owner=absorbing, managing_agent=absorbing).exists()
    event = SecurityEvent.objects.get(kind="merged", organisation=merging)
    assert event.detail["relationships"] == 2


def test_the_absorbing_organisations_people_look_after_the_logs_that_stayed(absorbing, make_user, merging, support):
    stayed = letting(merging, "2026-04-20")
    coordinator = make_user(organisation=absorbing, role=User.Role.DATA_COORDINATOR)
    assert stayed not in permissions.logs_for(coordinator)
    merge_organisations(absorbing, [merging], MERGE_DATE, support)
    coordinator = User.objects.get(pk=coordinator.pk)
    assert stayed in permissions.logs_for(coordinator)
    assert merging in permissions.organisations_for(coordinator)
    merging.refresh_from_db()
    assert not permissions.can_change_organisation(coordinator, merging)  # only support changes a merged one


def test_one_security_event_per_merged_organisation_with_the_counts(absorbing, make_organisation, make_user, merging, support):
    second = make_organisation(name="Tiny Trust")
    make_user(organisation=merging)
    make_user(organisation=merging)
    make_user(organisation=second)
    letting(merging, "2026-08-01")
    letting(merging, "2026-05-01")
    letting(second, "2026-06-02")

    merge_organisations(absorbing, [merging, second], MERGE_DATE, support)

    events = {e.organisation.name: e for e in SecurityEvent.objects.filter(kind="merged")}
    assert set(events) == {"Small Homes", "Tiny Trust"}
    assert events["Small Homes"].actor == support
    assert events["Small Homes"].detail == {
        "absorbed_by": "Big Housing", "absorbed_by_id": absorbing.pk, "merge_date": "2026-06-01",
        "users": 2, "logs": 1, "logs_staying": 1, "schemes": 0, "relationships": 0,
    }
    assert events["Tiny Trust"].detail["users"] == 1 and events["Tiny Trust"].detail["logs"] == 1


# refused merges ---------------------------------------------------------------------------------

def test_merging_into_itself_an_already_merged_organisation_or_a_cycle_is_refused(
        absorbing, make_organisation, merging, support):
    with pytest.raises(MergeRefused) as refused:
        merge_organisations(absorbing, [absorbing], MERGE_DATE, support)
    assert refused.value.problems == ["You cannot merge Big Housing into itself. Choose another organisation"]

    merge_organisations(absorbing, [merging], MERGE_DATE, support)
    other = make_organisation(name="Other Homes")
    with pytest.raises(MergeRefused) as refused:
        merge_organisations(other, [merging], MERGE_DATE, support)
    assert refused.value.problems == [
        "Small Homes was already merged into Big Housing on 1 June 2026. Choose another organisation"]
    with pytest.raises(MergeRefused) as refused:
        merge_organisations(merging, [other], MERGE_DATE, support)
    assert refused.value.problems == [
        "Small Homes was merged into Big Housing on 1 June 2026. Merge organisations into Big Housing instead"]

    group = make_organisation(name="Group Parent")
    subsidiary = make_organisation(name="Subsidiary", parent=group)
    with pytest.raises(MergeRefused) as refused:
        merge_organisations(subsidiary, [group], MERGE_DATE, support)
    assert refused.value.problems == [
        "Group Parent submits logs on behalf of Subsidiary, so it cannot be merged into it. "
        "Remove Subsidiary’s parent organisation first, or merge Subsidiary into Group Parent"]
    group.refresh_from_db()
    assert group.active and group.absorbed_by is None
    assert SecurityEvent.objects.filter(kind="merged").count() == 1


def test_a_refused_merge_changes_nothing(absorbing, make_organisation, make_user, merging, support):
    merged_already = make_organisation(name="Gone Homes", absorbed_by=absorbing, merge_date=MERGE_DATE, active=False)
    person = make_user(organisation=merging)
    log = letting(merging, "2026-07-01")
    with pytest.raises(MergeRefused):
        merge_organisations(absorbing, [merging, merged_already], MERGE_DATE, support)
    person.refresh_from_db()
    log.refresh_from_db()
    assert person.organisation == merging and log.owning_organisation == merging
    assert Organisation.objects.get(pk=merging.pk).active


# the pages --------------------------------------------------------------------------------------

def test_support_merges_through_the_pages_choose_date_check_confirm(
        absorbing, client, make_user, merging, sign_in, support):
    make_user(organisation=merging)
    Scheme.objects.create(service_name="Hostel", owning_organisation=merging)
    letting(merging, "2026-07-01")
    letting(merging, "2026-05-01")
    sign_in(client, support)

    org_page = text(client.get(reverse("accounts:organisation", args=[absorbing.pk])))
    assert "Merge another organisation into this one" in org_page
    url = reverse("accounts:merge", args=[absorbing.pk])
    found = text(client.get(url, {"q": "small"}))
    assert "Small Homes" in found and "SML1" in found
    assert client.post(url, {"add": str(merging.pk)})["Location"] == url
    assert "Small Homes" in text(client.get(url))
    assert client.post(url, {"continue": "1"})["Location"] == reverse("accounts:merge-date", args=[absorbing.pk])

    date_url = reverse("accounts:merge-date", args=[absorbing.pk])
    assert "What is the merge date?" in text(client.get(date_url))
    wrong = text(client.post(date_url, {"merge_date-day": "31", "merge_date-month": "6", "merge_date-year": "2026"}))
    assert "The merge date must be a real date" in wrong and 'href="#merge_date-day"' in wrong
    assert "The merge date must include a year" in text(client.post(date_url, {"merge_date-day": "1", "merge_date-month": "6"}))
    assert "Year must include 4 numbers" in text(client.post(
        date_url, {"merge_date-day": "1", "merge_date-month": "6", "merge_date-year": "26"}))
    assert "Enter the merge date" in text(client.post(date_url, {}))
    response = client.post(date_url, {"merge_date-day": "1", "merge_date-month": "6", "merge_date-year": "2026"})
    check_url = reverse("accounts:merge-check", args=[absorbing.pk])
    assert response["Location"] == check_url

    check = text(client.get(check_url))
    assert "Check the merge before you confirm it" in check and "1 June 2026" in check
    assert "1 user </dd>" in check and "1 log dated 1 June 2026 or later" in check
    assert "1 log dated before 1 June 2026 or not dated yet" in check and "1 scheme copied to Big Housing from 1 June 2026. The originals stay with Small Homes" in check

    done = client.post(check_url)
    assert done["Location"] == reverse("accounts:organisation", args=[absorbing.pk])
    page = text(client.get(done["Location"]))
    assert "Small Homes has been merged into Big Housing from 1 June 2026. 1 user and 1 log moved, and 1 scheme copied." in page
    assert "Organisations merged into it" in page
    merged_page = text(client.get(reverse("accounts:organisation", args=[merging.pk])))
    assert "Merged into Big Housing on 1 June 2026" in merged_page
    assert "Merge another organisation into this one" not in merged_page


def test_the_pages_show_why_a_merge_is_refused(absorbing, client, make_organisation, merging, sign_in, support):
    gone = make_organisation(name="Gone Homes", absorbed_by=merging, merge_date=dt.date(2025, 4, 1), active=False)
    sign_in(client, support)
    url = reverse("accounts:merge", args=[absorbing.pk])

    page = text(client.post(url, {"add": str(absorbing.pk)}))
    assert "There is a problem" in page and "You cannot merge Big Housing into itself. Choose another organisation" in page
    page = text(client.post(url, {"add": str(gone.pk)}))
    assert "Gone Homes was already merged into Small Homes on 1 April 2025. Choose another organisation" in page
    page = text(client.post(url, {"continue": "1"}))
    assert "Select at least one organisation to merge into Big Housing" in page

    # it was fine when chosen, then someone merged it elsewhere before the check was confirmed
    client.post(url, {"add": str(merging.pk)})
    client.post(reverse("accounts:merge-date", args=[absorbing.pk]),
                {"merge_date-day": "1", "merge_date-month": "6", "merge_date-year": "2026"})
    merge_organisations(make_organisation(name="Rival Housing"), [merging], MERGE_DATE, support)
    page = text(client.post(reverse("accounts:merge-check", args=[absorbing.pk])))
    assert "Small Homes was already merged into Rival Housing on 1 June 2026" in page
    assert "Merge organisations</button>" not in page
    assert not Organisation.objects.filter(absorbed_by=absorbing).exists()


def test_a_coordinator_cannot_merge_organisations(absorbing, client, make_user, merging, sign_in):
    coordinator = make_user(organisation=absorbing, role=User.Role.DATA_COORDINATOR)
    sign_in(client, coordinator)
    assert "Merge another organisation" not in client.get(
        reverse("accounts:organisation", args=[absorbing.pk])).content.decode()
    for name in ("accounts:merge", "accounts:merge-date", "accounts:merge-check"):
        assert client.get(reverse(name, args=[absorbing.pk])).status_code == 404
    assert client.post(reverse("accounts:merge", args=[absorbing.pk]), {"add": str(merging.pk)}).status_code == 404
    assert client.post(reverse("accounts:merge-check", args=[absorbing.pk])).status_code == 404
    assert Organisation.objects.get(pk=merging.pk).active


def test_schemes_are_copied_from_the_merge_date_and_moved_logs_name_the_copies(
        absorbing, merging, support, make_scheme, make_location):
    for org in (absorbing, merging):
        DataSharingAgreement.objects.create(organisation=org, signatory_name="Dee", signatory_email="d@example.com",
                                            version="2026")
    hostel = make_scheme(owning_organisation=merging, service_name="Hostel")
    first = make_location(scheme=hostel, postcode="LS1 4AP", name="Park View")
    make_location(scheme=hostel, postcode="LS6 2UE", name="Hyde Court")
    deleted = make_scheme(owning_organisation=merging, service_name="Old hostel",
                          deleted_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
    # complete logs, so that their address applies
    row = {**template_answers("core-lettings"), "owning_organisation_id": str(merging.pk),
           "managing_organisation_id": str(merging.pk), "assigned_to_id": None, "needstype": 2,
           "scheme_id": hostel.code, "location_id": first.code,
           "uprn_known": 0, "address_line1": "1 Park View", "postcode_full": "LS1 4AP"}
    before = letting(merging, **{**row, "startdate": "2026-05-01"})
    after = letting(merging, **{**row, "startdate": "2026-07-01"})
    assert after.answers["address_line1"] == "1 Park View"

    merge_organisations(absorbing, [merging], MERGE_DATE, support)

    copy = Scheme.objects.get(owning_organisation=absorbing, service_name="Hostel")
    assert copy.startdate == MERGE_DATE and copy.locations.count() == 2
    assert scheme_status(hostel, MERGE_DATE).status == Status.DEACTIVATED
    assert scheme_status(hostel, dt.date(2026, 5, 31)).status == Status.DEACTIVATING_SOON
    assert not Scheme.objects.filter(owning_organisation=absorbing, service_name="Old hostel").exists()
    deleted.refresh_from_db()
    assert deleted.owning_organisation == merging
    after.refresh_from_db()
    before.refresh_from_db()
    assert after.answers["scheme_id"] == copy.code
    assert after.answers["location_id"] == copy.locations.get(name="Park View").code
    assert after.answers["address_line1"] == "1 Park View", "the same home keeps its address"
    assert before.answers["scheme_id"] == hostel.code and before.answers["location_id"] == first.code
    assert before.owning_organisation == merging
