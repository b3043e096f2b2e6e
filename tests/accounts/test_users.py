"""People sign in with their email address; the address's case never matters."""

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.db import IntegrityError

from caselog.accounts.models import Organisation, User

pytestmark = pytest.mark.django_db


def test_the_user_model_is_caselogs_and_signs_in_with_email():
    assert get_user_model() is User
    assert User.USERNAME_FIELD == "email"


def test_a_user_signs_in_with_their_email_in_any_case(make_user, rf):
    user = make_user(email="Alex.Smith@Example.COM", password="a long passphrase")

    assert user.email == "alex.smith@example.com"
    assert authenticate(rf.post("/sign-in"), username="ALEX.SMITH@example.com", password="a long passphrase") == user


def test_a_deactivated_user_cannot_sign_in(make_user, rf):
    make_user(email="gone@example.com", password="a long passphrase", is_active=False)

    assert authenticate(rf.post("/sign-in"), username="gone@example.com", password="a long passphrase") is None


def test_two_users_cannot_share_an_email_address(make_user):
    make_user(email="same@example.com")

    with pytest.raises(IntegrityError):
        make_user(email="SAME@example.com")


def test_a_new_user_is_a_data_provider_and_not_a_dpo_or_key_contact(make_user):
    user = make_user()

    assert user.role == User.Role.DATA_PROVIDER
    assert (user.is_dpo, user.is_key_contact, user.is_staff) == (False, False, False)


def test_an_invited_user_has_no_usable_password_until_they_set_one():
    user = User.objects.create_user("invited@example.com", name="Invited")

    assert not user.has_usable_password()


def test_a_superuser_is_support_staff():
    user = User.objects.create_superuser("admin@example.com", "a long passphrase", name="Admin")

    assert (user.role, user.is_staff, user.is_superuser) == (User.Role.SUPPORT, True, True)


def test_each_provider_code_belongs_to_one_organisation(make_organisation):
    make_organisation(provider_code="L1234")

    with pytest.raises(IntegrityError):
        make_organisation(provider_code="L1234")


def test_organisation_types_match_cores(make_organisation):
    assert set(Organisation.Type.values) == {
        "local_authority",
        "private_registered_provider",
        "other",
    }
