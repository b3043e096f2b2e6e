"""The logs pages' world: an organisation that has accepted the data sharing agreement, its
people, and logs made through the gateway from the official template's example answers.
The date is fixed (window.today), so the tests stay true whatever day they run."""

import datetime as dt

import pytest

from caselog.accounts.models import User
from caselog.gateway import Source, create_log, submit
from caselog.logs import window
from tests.definitions.core import template_row

TODAY = dt.date(2026, 11, 1)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr(window, "today", lambda: TODAY)
    return TODAY


@pytest.fixture
def org(make_organisation):
    return make_organisation(name="Riverside Homes", agreed=True)


@pytest.fixture
def provider(make_user, org):
    return make_user(name="Pat Provider", organisation=org)


@pytest.fixture
def coordinator(make_user, org):
    return make_user(name="Cora Coordinator", organisation=org, role=User.Role.DATA_COORDINATOR)


@pytest.fixture
def support(make_user, make_organisation):
    return make_user(name="Sam Support", organisation=make_organisation(name="Helpdesk"), role=User.Role.SUPPORT)


def complete_answers(user, collection="core-lettings", **changes) -> dict:
    """The template's example answers for the user's organisation, with these changes."""
    return {**template_row(user, collection), **changes}


def make_log(user, collection="core-lettings", *, complete=False, source="web", **answers):
    """A log created by `user` for their organisation: only these answers, or (complete=True)
    the template's whole example with these changes."""
    given = complete_answers(user, collection, **answers) if complete else answers
    log, _ = create_log(collection, 2026, Source(source, user), owning_organisation=user.organisation,
                        answers=given, today=TODAY)
    return log


def change(log, user, **answers):
    submit(log, answers, Source("web", user), today=TODAY)
    return log


def text(response) -> str:
    """The page's text with its whitespace collapsed."""
    return " ".join(response.content.decode().split())
