"""Creating a scheme and adding a location through their question pages."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from caselog.accounts.models import Relationship, User
from caselog.schemes.dates import govuk_date, scheme_available_from
from caselog.schemes.models import (
    ArrangementType,
    ClientGroup,
    IntendedStay,
    Location,
    MobilityType,
    RegisteredUnderCareAct,
    Scheme,
    SchemeType,
    SupportType,
    TypeOfUnit,
    YesNo,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(make_organisation):
    return make_organisation(name="Riverside Homes")


@pytest.fixture
def coordinator(make_user, org):
    return make_user(name="Cora Ordinator", organisation=org, role=User.Role.DATA_COORDINATOR)


@pytest.fixture
def signed_in(client, coordinator, sign_in):
    return sign_in(client, coordinator)


def question(scheme, step, check_answers=False):
    url = reverse("schemes:question", args=[scheme.pk, step])
    return url + "?check_answers=1" if check_answers else url


def location_question(location, step, check_answers=False):
    url = reverse("schemes:location-question", args=[location.scheme_id, location.pk, step])
    return url + "?check_answers=1" if check_answers else url


DETAILS = {
    "service_name": "  Hope   House ", "sensitive": "on", "scheme_type": str(SchemeType.FOYER.value),
    "registered_under_care_act": str(RegisteredUnderCareAct.NO.value),
    "arrangement_type": ArrangementType.SAME_ORGANISATION.value,
}


def test_a_coordinator_creates_a_scheme_through_every_question_and_confirms_it(signed_in, org):
    client = signed_in
    assert "Create a new supported housing scheme" in client.get(reverse("schemes:list")).content.decode()
    response = client.post(reverse("schemes:new"), DETAILS)
    scheme = Scheme.objects.get()
    assert response["Location"] == question(scheme, "primary-client-group")
    assert scheme.service_name == "Hope House" and scheme.sensitive == YesNo.YES
    assert scheme.owning_organisation == org and not scheme.confirmed  # the only owner they may choose

    assert client.post(question(scheme, "primary-client-group"),
                       {"primary_client_group": ClientGroup.OLDER_PEOPLE.value})["Location"] == \
        question(scheme, "confirm-secondary-client-group")
    assert client.post(question(scheme, "confirm-secondary-client-group"),
                       {"has_other_client_group": "1"})["Location"] == question(scheme, "secondary-client-group")
    secondary = client.get(question(scheme, "secondary-client-group")).content.decode()
    assert "Older people with support needs" not in secondary  # not the primary group again
    assert client.post(question(scheme, "secondary-client-group"),
                       {"secondary_client_group": ClientGroup.MENTAL_HEALTH_PROBLEMS.value})["Location"] == \
        question(scheme, "support")
    assert client.post(question(scheme, "support"), {
        "support_type": str(SupportType.HIGH_LEVEL.value), "intended_stay": IntendedStay.PERMANENT.value,
    })["Location"] == reverse("schemes:check-answers", args=[scheme.pk])

    answers = client.get(reverse("schemes:check-answers", args=[scheme.pk])).content.decode()
    for text in ("Hope House", "Foyer", "Older people with support needs", "People with mental health problems",
                 "High level", "Permanent", "Riverside Homes"):
        assert text in answers
    confirmed = client.post(reverse("schemes:check-answers", args=[scheme.pk]), follow=True).content.decode()
    assert "Hope House has been created. Add a location" in confirmed

    scheme.refresh_from_db()
    assert scheme.confirmed
    assert (scheme.scheme_type, scheme.registered_under_care_act, scheme.arrangement_type) == (
        SchemeType.FOYER, RegisteredUnderCareAct.NO, ArrangementType.SAME_ORGANISATION)
    assert (scheme.primary_client_group, scheme.has_other_client_group, scheme.secondary_client_group) == (
        ClientGroup.OLDER_PEOPLE, YesNo.YES, ClientGroup.MENTAL_HEALTH_PROBLEMS)
    assert (scheme.support_type, scheme.intended_stay) == (SupportType.HIGH_LEVEL, IntendedStay.PERMANENT)
    assert scheme.managing_organisation is None


def test_each_scheme_question_says_what_to_answer(signed_in, make_scheme, org):
    client = signed_in
    details = client.post(reverse("schemes:new"), {}).content.decode()
    assert "There is a problem" in details
    for message in ("Enter the scheme name", "Select the type of scheme",
                    "Select whether this scheme is registered under the Care Standards Act 2000",
                    "Select who provides the support services used by this scheme"):
        assert message in details
    assert not Scheme.objects.exists()

    scheme = make_scheme(owning_organisation=org, confirmed=False)
    for step, message in [
        ("primary-client-group", "Select the client group this scheme is intended for"),
        ("confirm-secondary-client-group", "Select whether this scheme provides for another client group"),
        ("support", "Select the level of support given"),
        ("support", "Select the intended length of stay"),
    ]:
        page = client.post(question(scheme, step), {}).content.decode()
        assert "There is a problem" in page and message in page, step
        assert "<title>Error: " in page
    scheme.has_other_client_group = YesNo.YES
    scheme.save()
    assert "Select the other client group" in client.post(question(scheme, "secondary-client-group"), {}).content.decode()


def test_no_to_another_client_group_skips_the_question_and_clears_it(signed_in, make_scheme, org):
    scheme = make_scheme(owning_organisation=org, confirmed=False, has_other_client_group=YesNo.YES,
                         secondary_client_group=ClientGroup.ROUGH_SLEEPERS)
    response = signed_in.post(question(scheme, "confirm-secondary-client-group", check_answers=True),
                              {"has_other_client_group": "0"})
    assert response["Location"] == reverse("schemes:check-answers", args=[scheme.pk])
    scheme.refresh_from_db()
    assert scheme.secondary_client_group == ""
    answers = signed_in.get(reverse("schemes:check-answers", args=[scheme.pk])).content.decode()
    assert "Secondary client group" not in answers


def test_support_from_another_stock_owner_asks_which_organisation(signed_in, make_organisation, org):
    helper = make_organisation(name="Helping Hands")
    response = signed_in.post(reverse("schemes:new"), {**DETAILS, "arrangement_type": ArrangementType.ANOTHER_STOCK_OWNER.value})
    scheme = Scheme.objects.get()
    assert response["Location"] == question(scheme, "support-provider")
    assert "Select the organisation that provides the support services" in signed_in.post(
        question(scheme, "support-provider"), {}).content.decode()
    signed_in.post(question(scheme, "support-provider"), {"managing_organisation": str(helper.pk)})
    scheme.refresh_from_db()
    assert scheme.managing_organisation == helper


def test_a_coordinator_may_create_a_scheme_for_a_stock_owner_but_not_a_stranger(
    signed_in, make_organisation, org
):
    owner = make_organisation(name="Stock Owner Trust")
    stranger = make_organisation(name="Elsewhere Homes")
    Relationship.objects.create(stock_owner=owner, managing_agent=org)
    form = signed_in.get(reverse("schemes:new")).content.decode()
    assert "Stock Owner Trust" in form and "Elsewhere Homes" not in form
    refused = signed_in.post(reverse("schemes:new"), {**DETAILS, "owning_organisation": str(stranger.pk)})
    assert "Select the organisation that owns the housing stock for this scheme" in refused.content.decode()
    signed_in.post(reverse("schemes:new"), {**DETAILS, "owning_organisation": str(owner.pk)})
    assert Scheme.objects.get().owning_organisation == owner


def test_a_confirmed_schemes_client_groups_cannot_change_but_its_name_can(signed_in, make_scheme, org):
    scheme = make_scheme(owning_organisation=org, service_name="Hope House")
    assert signed_in.get(question(scheme, "primary-client-group"))["Location"] == reverse("schemes:detail", args=[scheme.pk])
    assert signed_in.post(question(scheme, "primary-client-group"),
                          {"primary_client_group": "S"})["Location"] == reverse("schemes:detail", args=[scheme.pk])
    page = signed_in.get(question(scheme, "edit-name")).content.decode()
    assert "Only update a scheme if you’re fixing an error" in page
    signed_in.post(question(scheme, "edit-name"), {"service_name": "Hope Court"})
    scheme.refresh_from_db()
    assert scheme.service_name == "Hope Court" and scheme.primary_client_group == ClientGroup.YOUNG_PEOPLE_AT_RISK


def test_creating_an_incomplete_scheme_says_what_is_missing(signed_in, make_scheme, org):
    scheme = make_scheme(owning_organisation=org, confirmed=False, support_type=None)
    page = signed_in.post(reverse("schemes:check-answers", args=[scheme.pk])).content.decode()
    assert "There is a problem" in page and "You did not answer this question" in page
    scheme.refresh_from_db()
    assert not scheme.confirmed


def test_a_coordinator_adds_a_location_through_every_question(signed_in, make_scheme, org):
    scheme = make_scheme(owning_organisation=org, service_name="Hope House")
    client = signed_in
    assert "Add a location" in client.get(reverse("schemes:locations", args=[scheme.pk])).content.decode()

    bad = client.post(reverse("schemes:location-new", args=[scheme.pk]), {"postcode": "NOT A CODE"}).content.decode()
    assert "Enter a postcode in the correct format, for example AA1 1AA" in bad
    response = client.post(reverse("schemes:location-new", args=[scheme.pk]), {"postcode": " ls1  4ap"})
    location = Location.objects.get()
    assert location.postcode == "LS1 4AP" and location.scheme == scheme
    assert response["Location"] == location_question(location, "local-authority")

    assert "Select the local authority" in client.post(location_question(location, "local-authority"), {}).content.decode()
    assert client.post(location_question(location, "local-authority"), {"la_code": "E08000035"})["Location"] == \
        location_question(location, "name")
    client.post(location_question(location, "name"), {"name": "  Hope   flats "})
    assert "The number of units must be 1 or more" in client.post(location_question(location, "units"), {"units": "0"}).content.decode()
    assert "The number of units must be a whole number" in client.post(location_question(location, "units"), {"units": "ten"}).content.decode()
    client.post(location_question(location, "units"), {"units": "12"})
    assert "Select the most common type of unit" in client.post(location_question(location, "type-of-unit"), {}).content.decode()
    client.post(location_question(location, "type-of-unit"), {"type_of_unit": str(TypeOfUnit.SHARED_HOUSE_OR_HOSTEL.value)})
    assert "Select the mobility standards" in client.post(location_question(location, "mobility-standards"), {}).content.decode()
    client.post(location_question(location, "mobility-standards"), {"mobility_type": MobilityType.WHEELCHAIR_USER_STANDARD.value})

    availability = location_question(location, "availability")
    assert "Enter the date the first property in this location became available" in client.post(availability, {}).content.decode()
    assert "The date must be a real date" in client.post(availability, {"startdate_day": "31", "startdate_month": "2", "startdate_year": "2027"}).content.decode()
    assert "The date must include a month" in client.post(availability, {"startdate_day": "3", "startdate_year": "2027"}).content.decode()
    earliest = scheme_available_from(scheme)
    too_early = earliest - dt.timedelta(days=1)
    early = client.post(availability, {"startdate_day": too_early.day, "startdate_month": too_early.month,
                                       "startdate_year": too_early.year}).content.decode()
    assert f"The date must be on or after {govuk_date(earliest)}" in early
    start = timezone.localdate()
    assert client.post(availability, {"startdate_day": start.day, "startdate_month": start.month, "startdate_year": start.year})["Location"] == \
        reverse("schemes:location-check-answers", args=[scheme.pk, location.pk])

    answers = client.get(reverse("schemes:location-check-answers", args=[scheme.pk, location.pk])).content.decode()
    for text in ("LS1 4AP", "Leeds", "Hope flats", "12", "Shared house or hostel", "Wheelchair-user standard"):
        assert text in answers
    done = client.post(reverse("schemes:location-check-answers", args=[scheme.pk, location.pk]), follow=True).content.decode()
    assert "LS1 4AP has been added to this scheme" in done

    location.refresh_from_db()
    assert location.confirmed
    assert (location.la_code, location.la_name, location.name, location.units) == ("E08000035", "Leeds", "Hope flats", 12)
    assert (location.type_of_unit, location.mobility_type, location.startdate) == (
        TypeOfUnit.SHARED_HOUSE_OR_HOSTEL, MobilityType.WHEELCHAIR_USER_STANDARD, start)


def test_a_known_postcode_brings_its_local_authority(signed_in, make_location, make_scheme, org):
    make_location(scheme=make_scheme(), postcode="LS1 4AP", la_code="E08000035", la_name="Leeds")
    scheme = make_scheme(owning_organisation=org)
    signed_in.post(reverse("schemes:location-new", args=[scheme.pk]), {"postcode": "LS14AP"})
    location = scheme.locations.get()
    assert (location.la_code, location.la_name) == ("E08000035", "Leeds")
    page = signed_in.get(location_question(location, "local-authority")).content.decode()
    assert "We found this from the postcode" in page
    assert '<option value="E08000035" selected>Leeds</option>' in page


def test_adding_a_location_with_a_question_unanswered_says_which(signed_in, make_scheme, org):
    scheme = make_scheme(owning_organisation=org)
    location = Location.objects.create(scheme=scheme, postcode="LS1 4AP", la_code="E08000035", la_name="Leeds")
    page = signed_in.post(reverse("schemes:location-check-answers", args=[scheme.pk, location.pk])).content.decode()
    assert "Answer ‘Number of units’ before you add this location" in page
    assert "Answer ‘Available from’ before you add this location" in page
