"""Support views the service as an organisation: the lists narrow to it, a banner says so on
every page, and it ends when they stop or sign out."""

import pytest
from django.urls import reverse

from caselog.accounts import permissions
from caselog.accounts.models import SecurityEvent, User
from caselog.gateway import Source, create_log

pytestmark = pytest.mark.django_db

BANNER = "You are viewing the service as Riverside Homes."


@pytest.fixture
def org(make_organisation):
    return make_organisation(name="Riverside Homes", provider_code="RH1")


@pytest.fixture
def support(make_user):
    return make_user(name="Sam Support", email="sam@example.com", password="a long pass phrase", role=User.Role.SUPPORT)


@pytest.fixture
def people(make_organisation, make_user, org):
    child = make_organisation(name="Riverside Subsidiary", parent=org)
    return {
        "ours": make_user(name="Olive Ours", organisation=org),
        "child": make_user(name="Chris Child", organisation=child),
        "theirs": make_user(name="Theo Theirs", organisation=make_organisation(name="Elsewhere Homes")),
    }


def users_page(client) -> str:
    return client.get(reverse("accounts:users")).content.decode()


def test_viewing_as_an_organisation_narrows_the_users_list_and_shows_a_banner_until_stopped(
        client, org, people, sign_in, support):
    sign_in(client, support)
    assert "Theo Theirs" in users_page(client) and BANNER not in users_page(client)
    assert "View the service as this organisation" in client.get(reverse("accounts:organisation", args=[org.pk])).content.decode()

    response = client.post(reverse("accounts:view-as", args=[org.pk]))
    assert response["Location"] == reverse("accounts:organisation", args=[org.pk])
    page = users_page(client)
    assert BANNER in page and "Stop viewing as Riverside Homes" in page
    assert "Olive Ours" in page and "Chris Child" in page and "Theo Theirs" not in page
    # the navigation's organisation link is now theirs
    home = client.get(reverse("accounts:home")).content.decode()
    assert BANNER in home
    assert f'href="{reverse("accounts:organisation", args=[org.pk])}"' in home and "Your organisation" in home
    # support's rights are unchanged: another organisation's user can still be opened
    assert client.get(reverse("accounts:user", args=[people["theirs"].pk])).status_code == 200

    response = client.post(reverse("accounts:stop-viewing-as"))
    assert response["Location"] == reverse("accounts:organisation", args=[org.pk])
    assert "Theo Theirs" in users_page(client) and BANNER not in users_page(client)
    assert not SecurityEvent.objects.filter(actor=support).exclude(kind="signed_in").exists()


def test_viewing_as_ends_at_sign_out(client, org, people, support):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.accounts.test_two_factor import code_for

    device = TOTPDevice.objects.create(user=support, name="app", confirmed=True)
    client.post(reverse("accounts:sign-in"), {"email": "sam@example.com", "password": "a long pass phrase"})
    client.post(reverse("accounts:two-factor"), {"code": code_for(device)})
    client.post(reverse("accounts:view-as", args=[org.pk]))
    assert BANNER in users_page(client)

    client.post(reverse("accounts:sign-out"))
    client.post(reverse("accounts:sign-in"), {"email": "sam@example.com", "password": "a long pass phrase"})
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)  # the same code may be used again
    client.post(reverse("accounts:two-factor"), {"code": code_for(device)})
    page = users_page(client)
    assert BANNER not in page and "Theo Theirs" in page


def test_only_support_can_view_as_an_organisation(client, make_user, org, sign_in):
    coordinator = make_user(organisation=org, role=User.Role.DATA_COORDINATOR)
    sign_in(client, coordinator)
    assert "View the service as" not in client.get(reverse("accounts:organisation", args=[org.pk])).content.decode()
    assert client.post(reverse("accounts:view-as", args=[org.pk])).status_code == 404
    assert BANNER not in users_page(client)


def test_the_logs_lists_narrow_too(client, make_organisation, make_user, org, rf, support):
    other = make_organisation(name="Elsewhere Homes")
    ours, _ = create_log("core-lettings", 2026, Source("web", support), owning_organisation=org)
    create_log("core-lettings", 2026, Source("web", support), owning_organisation=other)
    request = rf.get("/")
    request.user = support
    request.session = {}
    assert permissions.logs_listed(request).count() == 2
    request.session[permissions.VIEWING_AS] = org.pk
    assert list(permissions.logs_listed(request)) == [ours]
