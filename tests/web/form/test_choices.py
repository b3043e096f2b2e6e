"""Options from the service's records: organisations, people, schemes and locations, and the
managing organisation's rent periods. Setup pages are asked only of those with a choice."""

import pytest

from caselog.accounts.models import Relationship, User
from caselog.logs.models import Log

from .conftest import main, page_url

pytestmark = pytest.mark.django_db


def test_a_provider_with_one_organisation_is_not_asked_who_owns_or_manages_the_home(signed_in, new_log):
    log = new_log()
    for page in ("stock_owner", "managing_organisation", "assigned_to"):
        response = signed_in.get(page_url(log, page))
        assert response.status_code == 302 and response.url == f"/logs/{log.pk}", page


def test_an_agent_chooses_which_stock_owner_the_letting_is_for(client, sign_in, make_organisation, make_user, new_log):
    agent = make_organisation(name="Agent Lettings", agreed=True)
    owner = make_organisation(name="Owner Homes", agreed=True)
    Relationship.objects.create(stock_owner=owner, managing_agent=agent)
    officer = make_user(organisation=agent)
    sign_in(client, officer)
    log = new_log(user=officer)
    page = main(client.get(page_url(log, "stock_owner")))
    assert "Q1 - Which organisation owns this property?" in page
    assert f'<option value="{owner.pk}">Owner Homes</option>' in page
    assert f'<option value="{agent.pk}" selected>Agent Lettings</option>' in page
    client.post(page_url(log, "stock_owner"), {"owning_organisation_id": str(owner.pk)})
    assert Log.objects.get(pk=log.pk).owning_organisation == owner


def test_support_chooses_the_organisations_and_a_coordinator_the_log_owner(client, sign_in, make_user, new_log, officer,
                                                                          organisation):
    support = make_user(role=User.Role.SUPPORT)
    sign_in(client, support)
    log = new_log()
    assert client.get(page_url(log, "stock_owner")).status_code == 200
    coordinator = make_user(name="Cora Ordinator", organisation=organisation, role=User.Role.DATA_COORDINATOR)
    make_user(name="Gone Away", organisation=organisation, is_active=False)
    sign_in(client, coordinator)
    page = main(client.get(page_url(log, "assigned_to")))
    assert "Which user are you creating this log for?" in page
    assert f'<option value="{officer.pk}" selected>Olive Officer ({officer.email})</option>' in page
    assert "Cora Ordinator" in page and "Gone Away" not in page


def test_a_scheme_is_chosen_by_its_code_and_name_and_its_only_location_is_chosen_with_it(
        signed_in, new_log, make_scheme, make_location, organisation):
    scheme = make_scheme(owning_organisation=organisation, service_name="Hope House")
    location = make_location(scheme=scheme, postcode="LS1 4AP")
    make_scheme(service_name="Someone Else's House")
    log = new_log(needstype=2)
    page = main(signed_in.get(page_url(log, "scheme")))
    assert f'<option value="S{scheme.pk}" data-hint="LS1 4AP">S{scheme.pk} Hope House</option>' in page
    assert "Someone Else" not in page
    response = signed_in.post(page_url(log, "scheme"), {"scheme_id": f"S{scheme.pk}"})
    stored = Log.objects.get(pk=log.pk).answers
    assert stored["scheme_id"] == f"S{scheme.pk}" and stored["location_id"] == str(location.pk)
    assert response.url == page_url(log, "renewal")  # the location page is passed over


def test_a_location_is_chosen_by_postcode_with_its_name_as_hint(signed_in, new_log, make_scheme, make_location,
                                                                organisation):
    scheme = make_scheme(owning_organisation=organisation)
    first = make_location(scheme=scheme, postcode="LS1 4AP", name="Hope House flats")
    make_location(scheme=scheme, postcode="LS2 7EY", name="Hope House annexe")
    log = new_log(needstype=2, scheme_id=f"S{scheme.pk}")
    page = main(signed_in.get(page_url(log, "location")))
    assert "Q5 - Which location is this letting for?" in page
    assert f'value="{first.pk}"' in page and "LS1 4AP" in page and "LS2 7EY" in page
    assert '<div id="location_id-item-hint" class="govuk-hint govuk-radios__hint"> Hope House flats </div>' in page


def test_the_rent_period_offers_only_the_managing_organisations_periods(signed_in, new_log, example, organisation):
    organisation.rent_periods = [1, 4]
    organisation.save()
    page = main(signed_in.get(page_url(new_log(**example), "rent_period")))
    assert "Only options relevant to your organisation are shown below." in page
    assert "Weekly for 52 weeks" in page and "Every calendar month" in page
    assert "Every 2 weeks" not in page and "Weekly for 46 weeks" not in page
