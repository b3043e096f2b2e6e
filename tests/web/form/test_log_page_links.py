"""The log page leads to deleting the log, for those who may, and to its duplicates."""

import pytest
from django.urls import reverse

from caselog.accounts.models import DataSharingAgreement, User
from caselog.gateway import Source, create_log
from tests.definitions.core import template_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(make_user):
    officer = make_user(email="officer@example.com")
    DataSharingAgreement.objects.create(organisation=officer.organisation, signatory_name="Dee",
                                        signatory_email="d@example.com", version="2026")
    return officer


def test_a_duplicate_log_says_so_and_links_to_the_set(client, officer, sign_in):
    first, _ = create_log("core-lettings", 2026, Source("web", officer), owning_organisation=officer.organisation,
                          answers=template_row(officer))
    second, _ = create_log("core-lettings", 2026, Source("web", officer), owning_organisation=officer.organisation,
                           answers=template_row(officer))
    sign_in(client, officer)
    page = client.get(reverse("web:log", args=[second.pk])).content.decode()
    assert "This log may be a duplicate of 1 other log." in page
    assert reverse("web:duplicates", args=[second.pk]) in page


def test_the_delete_button_shows_only_to_those_who_may_delete(client, officer, make_user, sign_in):
    log, _ = create_log("core-lettings", 2026, Source("web", officer), owning_organisation=officer.organisation)
    sign_in(client, officer)  # assigned to them
    assert reverse("web:delete-log", args=[log.pk]) in client.get(reverse("web:log", args=[log.pk])).content.decode()
    colleague = make_user(organisation=officer.organisation, role=User.Role.DATA_PROVIDER)
    sign_in(client, colleague)
    page = client.get(reverse("web:log", args=[log.pk])).content.decode()
    assert reverse("web:delete-log", args=[log.pk]) not in page
    assert "This log may be a duplicate" not in page
