"""A log's history is shown to those who can see the log, and to nobody else."""

import pytest
from django.urls import reverse

from caselog.accounts.models import Relationship, User
from caselog.gateway import Source, create_log, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(make_organisation):
    return make_organisation(name="Owner Homes")


@pytest.fixture
def letting(owner, make_user, make_organisation):
    agent = make_organisation(name="Agent Lettings")
    Relationship.objects.create(stock_owner=owner, managing_agent=agent)
    officer = make_user(name="Olive Officer", organisation=agent)
    log, _ = create_log("core-lettings", 2026, Source("web", officer), owning_organisation=owner, managing_organisation=agent)
    submit(log, {"tenancycode": "T123"}, Source("web", officer))
    submit(log, {"tenancycode": "T456"}, Source("api", officer, "housing system"))
    return log


def test_the_history_lists_each_change_with_who_when_channel_and_old_and_new_values(client, letting, make_user, owner, sign_in):
    sign_in(client, make_user(organisation=owner))
    page = " ".join(client.get(reverse("web:log-history", args=[letting.pk])).content.decode().split())
    assert "Updated by Olive Officer through the API" in page and "(housing system)" in page
    latest = page[page.index("through the API"):]
    assert ('<td class="govuk-table__cell">Tenant code</td> <td class="govuk-table__cell">T123</td> '
            '<td class="govuk-table__cell">T456</td>') in latest
    assert "Created by Olive Officer online" in page


def test_the_managing_agent_sees_the_history_too(client, letting, sign_in):
    agent_user = User.objects.get(name="Olive Officer")
    sign_in(client, agent_user)
    assert client.get(reverse("web:log-history", args=[letting.pk])).status_code == 200


def test_another_organisations_log_is_not_found(client, letting, make_user, sign_in):
    sign_in(client, make_user())
    assert client.get(reverse("web:log-history", args=[letting.pk])).status_code == 404


def test_support_sees_any_log(client, letting, make_user, sign_in):
    sign_in(client, make_user(role=User.Role.SUPPORT))
    assert client.get(reverse("web:log-history", args=[letting.pk])).status_code == 200


def test_answers_show_as_people_read_them_not_as_codes_or_ids(client, letting, owner, make_user, sign_in):
    officer = User.objects.get(name="Olive Officer")
    submit(letting, {"needstype": 1}, Source("web", officer))
    sign_in(client, make_user(organisation=owner))
    page = " ".join(client.get(reverse("web:log-history", args=[letting.pk])).content.decode().split())
    assert '<td class="govuk-table__cell">General needs</td>' in page
    assert '<td class="govuk-table__cell">Owner Homes</td>' in page  # the stock owner, not its id
    assert '<td class="govuk-table__cell">Olive Officer</td>' in page  # the log's owner
