"""Shared pytest setup.

pytest-django loads caselog.settings_test (pyproject.toml; `make test` also passes
--ds): the database follows DATABASE_URL (SQLite in memory by default), tasks run
inline with the immediate backend, passwords use a fast hasher and email goes to
django.core.mail.outbox. Engine and definition tests need none of this and never
touch the database.
"""

import pytest


@pytest.fixture
def make_organisation(db):
    """make_organisation(name=..., provider_code=..., type=..., agreed=True) -> a saved
    Organisation; with agreed=True it has accepted the data sharing agreement."""
    from caselog.accounts.models import DataSharingAgreement, Organisation

    counter = iter(range(1, 10_000))

    def make(agreed: bool = False, **fields):
        n = next(counter)
        fields.setdefault("name", f"Housing Association {n}")
        fields.setdefault("provider_code", f"TEST{n}")
        fields.setdefault("type", Organisation.Type.PRIVATE_REGISTERED_PROVIDER)
        org = Organisation.objects.create(**fields)
        if agreed:  # its data protection officer has accepted the data sharing agreement
            DataSharingAgreement.objects.create(organisation=org, signatory_name="Dee",
                                                signatory_email="dpo@example.com", version="2026")
        return org

    return make


@pytest.fixture
def make_user(db, make_organisation):
    """make_user(email=..., role=..., organisation=...) -> a saved User (password "password")."""
    from caselog.accounts.models import User

    counter = iter(range(1, 10_000))

    def make(**fields):
        n = next(counter)
        fields.setdefault("email", f"user{n}@example.com")
        fields.setdefault("name", f"User {n}")
        if "organisation" not in fields:
            fields["organisation"] = make_organisation()
        password = fields.pop("password", "password")
        return User.objects.create_user(password=password, **fields)

    return make


@pytest.fixture
def sign_in(db):
    """sign_in(client, user): signed in as if through the sign-in page (and, for those who
    need it, two-factor authentication)."""

    def do(client, user):
        from django_otp.plugins.otp_totp.models import TOTPDevice

        client.force_login(user)
        if user.needs_two_factor:
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
                user=user, name="Authenticator app", confirmed=True
            )
            session = client.session
            session["otp_device_id"] = device.persistent_id
            session.save()
        return client

    return do


# schemes and locations: complete by default, so a test names only what it is about

@pytest.fixture
def make_scheme(db, make_organisation):
    """make_scheme(**fields) -> a saved, confirmed Scheme owned by a new organisation."""
    from caselog.schemes.models import (
        ArrangementType,
        ClientGroup,
        IntendedStay,
        RegisteredUnderCareAct,
        Scheme,
        SchemeType,
        SupportType,
        YesNo,
    )

    def make(**fields):
        fields.setdefault("service_name", "Hope House")
        if "owning_organisation" not in fields:
            fields["owning_organisation"] = make_organisation()
        fields.setdefault("scheme_type", SchemeType.FOYER)
        fields.setdefault("registered_under_care_act", RegisteredUnderCareAct.NO)
        fields.setdefault("arrangement_type", ArrangementType.SAME_ORGANISATION)
        fields.setdefault("primary_client_group", ClientGroup.YOUNG_PEOPLE_AT_RISK)
        fields.setdefault("has_other_client_group", YesNo.NO)
        fields.setdefault("support_type", SupportType.MEDIUM_LEVEL)
        fields.setdefault("intended_stay", IntendedStay.MEDIUM_STAY)
        fields.setdefault("confirmed", True)
        return Scheme.objects.create(**fields)

    return make


@pytest.fixture
def make_location(db, make_scheme):
    """make_location(scheme=..., **fields) -> a saved, complete Location."""
    from caselog.schemes.models import Location, MobilityType, TypeOfUnit

    def make(scheme=None, **fields):
        fields.setdefault("name", "Hope House flats")
        fields.setdefault("postcode", "LS1 4AP")
        fields.setdefault("la_code", "E08000035")
        fields.setdefault("la_name", "Leeds")
        fields.setdefault("units", 10)
        fields.setdefault("type_of_unit", TypeOfUnit.SELF_CONTAINED_FLAT_OR_BEDSIT)
        fields.setdefault("mobility_type", MobilityType.NONE)
        return Location.objects.create(scheme=scheme or make_scheme(), **fields)

    return make


@pytest.fixture
def during_the_year(monkeypatch):
    """1 October 2026: the 2026 to 2027 collection year open for new logs and uploads."""
    import datetime as dt

    from django.utils import timezone

    from caselog.logs import window

    monkeypatch.setattr(window, "today", lambda: dt.date(2026, 10, 1))
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2026, 10, 1))


@pytest.fixture
def core_org(make_organisation, make_user):
    """The organisation and user CORE's own example rows name ("ORG1", support@example.com)."""
    org = make_organisation(agreed=True, provider_code="ORG1", name="Example Housing")
    user = make_user(email="support@example.com", role="coordinator", organisation=org)
    return org, user
