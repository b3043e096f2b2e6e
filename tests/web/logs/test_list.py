"""The logs list shows the logs a user may see, newest first, and narrows them by search and
filters that work without JavaScript (a GET form), with counts and pages."""

import re

import pytest
from django.urls import reverse

from caselog.accounts.models import Relationship, User
from caselog.logs.models import AuditEvent, Log
from tests.web.logs.conftest import change, make_log, text

pytestmark = pytest.mark.django_db


def listed(client, **query) -> list[int]:
    """The log IDs on the page, in order."""
    response = client.get(reverse("web:logs"), query)
    assert response.status_code == 200
    return [int(n) for n in re.findall(r'href="/logs/(\d+)">Log \d+</a>', response.content.decode())]


@pytest.fixture
def signed_in(client, provider, sign_in):
    return sign_in(client, provider)


def test_a_user_sees_their_organisations_logs_and_those_it_manages_but_no_others(
        client, provider, make_user, make_organisation, sign_in):
    own = make_log(provider, tenancycode="OWN1")
    owner = make_organisation(name="Owner Council", agreed=True)
    Relationship.objects.create(stock_owner=owner, managing_agent=provider.organisation)
    managed = change(make_log(provider, tenancycode="MAN1"), provider, owning_organisation_id=str(owner.pk))
    stranger = make_user(organisation=make_organisation(name="Elsewhere Housing", agreed=True))
    make_log(stranger, tenancycode="ELSE1")
    sign_in(client, provider)
    assert sorted(listed(client)) == sorted([own.pk, managed.pk])
    support = make_user(role=User.Role.SUPPORT)
    sign_in(client, support)
    assert len(listed(client)) == 3


def test_deleted_logs_are_not_listed(signed_in, provider):
    kept, gone = make_log(provider), make_log(provider)
    Log.objects.filter(pk=gone.pk).update(deleted_at="2026-10-01T10:00:00Z")
    assert listed(signed_in) == [kept.pk]


def test_the_newest_change_comes_first_and_other_sorts_are_offered(signed_in, provider):
    first = make_log(provider, startdate="2026-06-01")
    second = make_log(provider, startdate="2026-04-20")
    third = make_log(provider, startdate="2026-05-10")
    change(first, provider, tenancycode="T1")  # now the most recently updated
    assert listed(signed_in) == [first.pk, third.pk, second.pk]
    assert listed(signed_in, sort="created") == [third.pk, second.pk, first.pk]
    assert listed(signed_in, sort="date") == [first.pk, third.pk, second.pk]


def test_search_finds_a_log_by_id_tenant_code_property_reference_or_postcode(signed_in, provider):
    a = make_log(provider, complete=True, tenancycode="TEN-778", propcode="PROP-A", postcode_full="LS1 4AP")
    b = make_log(provider, complete=True, tenancycode="TEN-999", propcode="PROP-B", postcode_full="M1 1AE")
    assert (a.answers["postcode_full"], b.answers["postcode_full"]) == ("LS1 4AP", "M1 1AE")
    assert listed(signed_in, q=str(b.pk)) == [b.pk]
    assert listed(signed_in, q=f"Log {b.pk}") == [b.pk]
    assert listed(signed_in, q="ten-778") == [a.pk]
    assert listed(signed_in, q="PROP-B") == [b.pk]
    assert listed(signed_in, q="LS1 4AP") == [a.pk]
    assert listed(signed_in, q="ls14ap") == [a.pk], "spaces and case do not matter"
    assert listed(signed_in, q="M11AE") == [b.pk]
    assert listed(signed_in, q="nothing like it") == []


def test_filters_narrow_by_type_year_status_and_needs_type(signed_in, provider):
    general = make_log(provider, complete=True, tenancycode="G1")
    supported = make_log(provider, needstype=2, tenancycode="S1")
    sale = make_log(provider, "core-sales", purchid="P1")
    assert general.status == "completed" and supported.status == "in_progress"
    assert sorted(listed(signed_in, collection="core-lettings")) == sorted([general.pk, supported.pk])
    assert listed(signed_in, collection="core-sales") == [sale.pk]
    assert sorted(listed(signed_in, year=2026)) == sorted([general.pk, supported.pk, sale.pk])
    assert listed(signed_in, year=2025) == listed(signed_in), "a year that is not offered is ignored"
    assert listed(signed_in, status="completed") == [general.pk]
    assert sorted(listed(signed_in, status=["in_progress", "not_started"])) == sorted([supported.pk, sale.pk])
    assert listed(signed_in, needstype=2) == [supported.pk]
    assert listed(signed_in, needstype=1) == [general.pk]


def test_filters_narrow_by_organisation(client, provider, make_organisation, sign_in):
    owner = make_organisation(name="Owner Council", agreed=True)
    Relationship.objects.create(stock_owner=owner, managing_agent=provider.organisation)
    own = make_log(provider)
    managed = change(make_log(provider), provider, owning_organisation_id=str(owner.pk))
    sign_in(client, provider)
    assert listed(client, owning_organisation=owner.pk) == [managed.pk]
    assert listed(client, owning_organisation=provider.organisation_id) == [own.pk]
    assert sorted(listed(client, managing_organisation=provider.organisation_id)) == sorted([own.pk, managed.pk])
    stranger = make_organisation(name="Not Ours")
    assert len(listed(client, owning_organisation=stranger.pk)) == 2, "an organisation not offered is ignored"
    page = client.get(reverse("web:logs")).content.decode()
    assert "Owner Council" in page and "Not Ours" not in page


def test_assigned_to_me_created_by_me_bulk_upload_and_errors(client, provider, coordinator, sign_in):
    mine = make_log(provider)
    theirs = make_log(coordinator)
    uploaded = make_log(coordinator, source="upload")
    broken = make_log(coordinator, complete=True, brent=5000)
    assert broken.error_count > 0
    sign_in(client, provider)
    assert listed(client, assigned="me") == [mine.pk]
    assert listed(client, created="me") == [mine.pk]
    sign_in(client, coordinator)
    assert sorted(listed(client, created="me")) == sorted([theirs.pk, uploaded.pk, broken.pk])
    assert listed(client, upload="yes") == [uploaded.pk]
    assert AuditEvent.objects.filter(log=uploaded, action="created", channel="upload").exists()
    assert listed(client, errors="yes") == [broken.pk]


def test_counts_say_how_many_logs_there_are_and_how_many_match(signed_in, provider):
    for n in range(3):
        make_log(provider, tenancycode=f"T{n}")
    make_log(provider, "core-sales", purchid="P1")
    assert "4 logs" in text(signed_in.get(reverse("web:logs")))
    page = text(signed_in.get(reverse("web:logs"), {"collection": "core-lettings"}))
    assert "3 logs match your filters" in page and "4 logs in total" in page
    page = text(signed_in.get(reverse("web:logs"), {"q": "T1"}))
    assert "1 log matches your filters" in page


def test_twenty_logs_to_a_page_and_the_pages_keep_the_filters(signed_in, provider):
    logs = [make_log(provider, tenancycode=f"T{n}") for n in range(23)]
    make_log(provider, "core-sales")
    first = listed(signed_in, collection="core-lettings")
    assert first == [log.pk for log in reversed(logs)][:20]
    page = signed_in.get(reverse("web:logs"), {"collection": "core-lettings"}).content.decode()
    assert 'class="govuk-pagination' in page and "collection=core-lettings&amp;page=2" in page
    second = listed(signed_in, collection="core-lettings", page=2)
    assert second == [log.pk for log in reversed(logs)][20:]


def test_each_row_shows_the_log_id_codes_date_status_owner_and_errors(signed_in, provider):
    log = make_log(provider, complete=True, tenancycode="TC-42", propcode="PR-7", brent=5000)
    page = text(signed_in.get(reverse("web:logs")))
    row = page[page.index(f'href="/logs/{log.pk}"'):]
    row = row[:row.index("</tr>")]
    assert f"Log {log.pk}" in row and "Lettings, 2026 to 2027" in row
    assert "TC-42" in row and "PR-7" in row and "1 April 2026" in row and "Riverside Homes" in row
    assert "In progress" in row
    assert f'govuk-table__cell--numeric">{log.error_count}</td>' in row


def test_empty_states_say_there_are_no_logs_yet_or_none_match(signed_in, provider):
    assert "No logs yet" in text(signed_in.get(reverse("web:logs")))
    make_log(provider, tenancycode="T1")
    page = text(signed_in.get(reverse("web:logs"), {"q": "zzz"}))
    assert "No logs match your filters" in page and "0 logs match your filters" in page


def test_people_in_no_organisation_have_no_logs_page(client, make_user, sign_in):
    sign_in(client, make_user(organisation=None))
    assert client.get(reverse("web:logs")).status_code == 404


def test_logs_is_in_the_navigation(signed_in):
    page = signed_in.get(reverse("accounts:home")).content.decode()
    assert f'href="{reverse("web:logs")}"' in page
