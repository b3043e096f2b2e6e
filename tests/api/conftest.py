"""An organisation with a key that reads and submits, as a housing management system has."""

import pytest

from caselog.channels.api.models import ApiKey


@pytest.fixture
def organisation(make_organisation):
    return make_organisation(agreed=True)


@pytest.fixture
def person(organisation, make_user):
    return make_user(organisation=organisation)


@pytest.fixture
def key(organisation, person):
    """The key's secret, as the system sends it."""
    return ApiKey.issue(organisation, "Housing system", ApiKey.Access.WRITE, person)[1]
