"""Deleting a log: asked first, then the log leaves every list and page, with an audit
event. Who may: as CORE's policy, while the year can still be changed."""

import datetime as dt

import pytest
from django.urls import reverse

from caselog.accounts.models import User
from caselog.logs import window
from caselog.logs.models import AuditEvent, Log
from tests.web.logs.conftest import make_log, text

pytestmark = pytest.mark.django_db


def test_the_confirmation_page_warns_before_a_log_is_deleted(client, provider, sign_in):
    log = make_log(provider)
    sign_in(client, provider)
    page = text(client.get(reverse("web:delete-log", args=[log.pk])))
    assert "Are you sure you want to delete this log?" in page and "You will not be able to undo this action." in page
    assert Log.objects.live().filter(pk=log.pk).exists()


def test_deleting_hides_the_log_and_records_who_deleted_it(client, provider, sign_in):
    log = make_log(provider, tenancycode="GONE1")
    sign_in(client, provider)
    response = client.post(reverse("web:delete-log", args=[log.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("web:logs")
    stored = Log.objects.get(pk=log.pk)
    assert stored.deleted_at is not None
    event = AuditEvent.objects.get(log=log, action="deleted")
    assert (event.actor, event.channel) == (provider, "web")
    listing = text(client.get(reverse("web:logs")))
    assert f"Log {log.pk} has been deleted." in listing and "GONE1" not in listing
    assert client.get(reverse("web:log-history", args=[log.pk])).status_code == 404
    assert client.get(reverse("web:delete-log", args=[log.pk])).status_code == 404


def test_a_data_provider_cannot_delete_a_colleagues_completed_log(client, provider, coordinator, sign_in):
    log = make_log(coordinator, complete=True)
    assert log.status == "completed" and log.assigned_to == coordinator
    sign_in(client, provider)
    assert client.get(reverse("web:delete-log", args=[log.pk])).status_code == 404
    assert client.post(reverse("web:delete-log", args=[log.pk])).status_code == 404
    assert Log.objects.get(pk=log.pk).deleted_at is None


def test_coordinators_and_support_delete_any_log_they_can_see(client, provider, coordinator, make_user, sign_in):
    first, second = make_log(provider, complete=True), make_log(provider)
    sign_in(client, coordinator)
    assert client.post(reverse("web:delete-log", args=[first.pk])).status_code == 302
    sign_in(client, make_user(role=User.Role.SUPPORT))
    assert client.post(reverse("web:delete-log", args=[second.pk])).status_code == 302
    assert Log.objects.live().count() == 0


def test_nobody_outside_the_logs_organisations_finds_the_page(client, provider, make_user, sign_in):
    log = make_log(provider)
    sign_in(client, make_user(role=User.Role.DATA_COORDINATOR))  # of another organisation
    assert client.get(reverse("web:delete-log", args=[log.pk])).status_code == 404


def test_a_log_is_read_only_after_its_years_edit_end_and_cannot_be_deleted(client, provider, coordinator, sign_in,
                                                                            monkeypatch):
    log = make_log(provider)
    monkeypatch.setattr(window, "today", lambda: dt.date(2027, 8, 1))
    for person in (provider, coordinator):
        sign_in(client, person)
        assert client.post(reverse("web:delete-log", args=[log.pk])).status_code == 404
    monkeypatch.setattr(window, "today", lambda: dt.date(2027, 7, 31))
    assert client.post(reverse("web:delete-log", args=[log.pk])).status_code == 302
