"""Creating a log: lettings or sales, in the year open for new logs, for the user's
organisation; refused without the data sharing agreement or while no year is open."""

import datetime as dt

import pytest
from django.urls import reverse

from caselog.logs import window
from caselog.logs.models import AuditEvent, Log
from tests.web.logs.conftest import text

pytestmark = pytest.mark.django_db


def test_creating_a_lettings_log_lands_on_its_page_with_the_organisation_answers_set(client, provider, sign_in):
    sign_in(client, provider)
    response = client.post(reverse("web:new-log"), {"collection": "core-lettings"})
    log = Log.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("web:log", args=[log.pk])
    assert (log.collection, log.year, log.status) == ("core-lettings", 2026, "not_started")
    assert log.answers == {"owning_organisation_id": str(provider.organisation_id),
                           "managing_organisation_id": str(provider.organisation_id),
                           "assigned_to_id": str(provider.pk)}
    assert log.owning_organisation == provider.organisation and log.created_by == provider
    assert AuditEvent.objects.get(log=log).channel == "web"


def test_the_logs_list_has_a_button_for_each_kind_of_log(client, provider, sign_in):
    sign_in(client, provider)
    page = text(client.get(reverse("web:logs")))
    assert "Create a new lettings log" in page and "Create a new sales log" in page
    assert f'action="{reverse("web:new-log")}"' in page and 'name="collection" value="core-sales"' in page


def test_the_new_log_page_asks_for_lettings_or_sales_and_says_when_neither_is_chosen(client, provider, sign_in):
    sign_in(client, provider)
    page = text(client.get(reverse("web:new-log")))
    assert "What kind of log do you want to create?" in page
    assert 'value="core-lettings"' in page and 'value="core-sales"' in page
    response = client.post(reverse("web:new-log"), {})
    assert response.status_code == 200 and "Select whether the log is for a letting or a sale" in text(response)
    assert not Log.objects.exists()
    client.post(reverse("web:new-log"), {"collection": "core-sales"})
    assert Log.objects.get().collection == "core-sales"


def test_an_organisation_without_the_data_sharing_agreement_cannot_create_logs(client, make_user, sign_in):
    person = make_user()  # their organisation has not accepted the agreement
    sign_in(client, person)
    page = text(client.get(reverse("web:new-log")))
    assert "You cannot create logs yet" in page and "data sharing agreement" in page
    response = client.post(reverse("web:new-log"), {"collection": "core-lettings"})
    assert response.status_code == 403 and not Log.objects.exists()
    listing = text(client.get(reverse("web:logs")))
    assert "Create a new lettings log" not in listing and "accepts the data sharing agreement" in listing


def test_no_log_can_be_created_after_the_year_closes_to_new_logs(client, provider, sign_in, monkeypatch):
    monkeypatch.setattr(window, "today", lambda: dt.date(2027, 7, 10))
    sign_in(client, provider)
    listing = text(client.get(reverse("web:logs")))
    assert "Create a new lettings log" not in listing
    assert "The 2026 to 2027 collection year closed to new lettings logs on 3 July 2027." in listing
    response = client.post(reverse("web:new-log"), {"collection": "core-lettings"})
    assert response.status_code == 403 and "You cannot create logs at the moment" in text(response)
    assert not Log.objects.exists()


def test_before_a_year_starts_the_page_says_when_it_opens(client, provider, sign_in, monkeypatch):
    monkeypatch.setattr(window, "today", lambda: dt.date(2026, 3, 1))
    sign_in(client, provider)
    listing = text(client.get(reverse("web:logs")))
    assert "You can create lettings logs for 2026 to 2027 from 1 April 2026." in listing


def test_a_support_user_creates_a_log_for_the_organisation_they_view_as(client, support, org, sign_in):
    sign_in(client, support)
    client.post(reverse("accounts:view-as", args=[org.pk]))
    client.post(reverse("web:new-log"), {"collection": "core-lettings"})
    log = Log.objects.get()
    assert log.owning_organisation == org and log.assigned_to == support
