"""Duplicate logs: a banner on the logs list, the set side by side, keep one and delete the
others, or say they are not duplicates."""

import re

import pytest
from django.urls import reverse

from caselog.logs.models import AuditEvent, DuplicateDismissal, Log
from tests.web.logs.conftest import make_log, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(provider):
    return make_log(provider, complete=True), make_log(provider, complete=True, propcode="P-2")


def test_the_logs_list_says_how_many_sets_of_duplicates_there_are_and_links_to_the_first(client, provider, pair,
                                                                                           sign_in):
    make_log(provider, complete=True, tenancycode="T-OTHER"), make_log(provider, complete=True, tenancycode="T-OTHER")
    sign_in(client, provider)
    page = text(client.get(reverse("web:logs")))
    assert "You have 2 sets of duplicate logs" in page
    assert f'href="{reverse("web:duplicates", args=[pair[0].pk])}">Review the duplicate logs' in page


def test_no_banner_without_duplicates(client, provider, sign_in):
    make_log(provider, complete=True), make_log(provider, complete=True, age1=40)
    sign_in(client, provider)
    assert "duplicate logs" not in text(client.get(reverse("web:logs")))


def test_the_set_is_shown_side_by_side_with_the_answers_that_match(client, provider, pair, sign_in):
    sign_in(client, provider)
    page = text(client.get(reverse("web:duplicates", args=[pair[1].pk])))
    assert "These logs are duplicates" in page
    assert f"Log {pair[0].pk}</a>" in page and f"Log {pair[1].pk}</a>" in page
    row = page[page.index("Tenancy start date"):]
    assert row.startswith("Tenancy start date</th> <td") and row.count("1 April 2026") >= 2
    assert "Riverside Homes" in page  # the owner by name, not its id
    assert page.count("Keep this log") == 2 and "These are not duplicates" in page


def test_keeping_one_asks_first_then_deletes_the_others(client, provider, pair, sign_in):
    first, second = pair
    third = make_log(provider, complete=True)
    sign_in(client, provider)
    confirm = text(client.get(reverse("web:duplicates", args=[first.pk]), {"keep": second.pk}))
    assert "Are you sure you want to delete these duplicate logs?" in confirm
    assert f"Log {first.pk}" in confirm and f"Log {third.pk}" in confirm
    response = client.post(reverse("web:duplicates", args=[first.pk]), {"action": "keep", "keep": second.pk})
    assert response.status_code == 302 and response["Location"] == reverse("web:log", args=[second.pk])
    assert list(Log.objects.live().values_list("pk", flat=True)) == [second.pk]
    assert AuditEvent.objects.filter(action="deleted", reference=f"duplicate of log {second.pk}").count() == 2
    assert "duplicate logs" not in text(client.get(reverse("web:logs")))


def test_a_data_provider_cannot_delete_duplicates_assigned_to_someone_else(client, provider, coordinator, sign_in):
    mine, theirs = make_log(provider, complete=True), make_log(coordinator, complete=True)
    sign_in(client, provider)
    page = text(client.get(reverse("web:duplicates", args=[mine.pk])))
    assert "These logs are duplicates" in page and "You can keep a log only if you can delete all the others" in page
    assert page.count("Keep this log") == 1 and f"?keep={theirs.pk}" in page, "they may delete their own"
    response = client.post(reverse("web:duplicates", args=[mine.pk]), {"action": "keep", "keep": mine.pk})
    assert response.status_code == 404 and Log.objects.live().count() == 2
    sign_in(client, coordinator)
    assert text(client.get(reverse("web:duplicates", args=[mine.pk]))).count("Keep this log") == 2


def test_saying_they_are_not_duplicates_removes_them_from_the_banner(client, provider, pair, sign_in):
    sign_in(client, provider)
    response = client.post(reverse("web:duplicates", args=[pair[0].pk]), {"action": "dismiss"})
    assert response.status_code == 302
    dismissal = DuplicateDismissal.objects.get()
    assert dismissal.log_ids == sorted(log.pk for log in pair) and dismissal.dismissed_by == provider
    listing = text(client.get(reverse("web:logs")))
    assert "duplicate logs" not in listing and "are no longer shown as duplicates" in listing
    page = text(client.get(reverse("web:duplicates", args=[pair[0].pk])))
    assert re.search(r"Pat Provider said these logs are not duplicates on \d+ \w+ \d{4}", page)
    assert "These are not duplicates</button>" not in page


def test_a_log_without_duplicates_says_so(client, provider, sign_in):
    log = make_log(provider, complete=True)
    sign_in(client, provider)
    assert "This log has no duplicates" in text(client.get(reverse("web:duplicates", args=[log.pk])))


def test_another_organisations_duplicates_are_not_found(client, pair, make_user, sign_in):
    sign_in(client, make_user())
    assert client.get(reverse("web:duplicates", args=[pair[0].pk])).status_code == 404
