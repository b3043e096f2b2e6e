"""The log form's tests: an organisation that has accepted the data sharing agreement, a
data provider in it, their logs, and the date the pages take as today."""

import datetime as dt

import pytest

from caselog.accounts.models import Organisation
from caselog.gateway import Source, create_log
from caselog.logs import window
from tests.definitions.core import template_row

TODAY = dt.date(2026, 10, 1)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr(window, "today", lambda: TODAY)
    return TODAY


@pytest.fixture
def organisation(make_organisation):
    """A council: the template's example letting is referred from its housing register."""
    return make_organisation(name="Hill Council", type=Organisation.Type.LOCAL_AUTHORITY, agreed=True)


@pytest.fixture
def officer(make_user, organisation):
    return make_user(name="Olive Officer", organisation=organisation)


@pytest.fixture
def signed_in(client, officer, sign_in):
    return sign_in(client, officer)


@pytest.fixture
def example(officer):
    """The answers of a complete general needs letting (the bulk upload template's example
    row), by the officer for their organisation."""
    return template_row(officer)


@pytest.fixture
def new_log(officer):
    """new_log(collection="core-lettings", **answers) -> a log the officer started."""

    def make(collection="core-lettings", user=None, **answers):
        user = user or officer
        log, _ = create_log(collection, 2026, Source("web", user), owning_organisation=user.organisation,
                            answers=answers, today=TODAY)
        return log

    return make


def main(response) -> str:
    """The page's <main>, with runs of white space made one space."""
    html = response.content.decode()
    start = html.index('<main class="govuk-main-wrapper"')
    return " ".join(html[start:html.index("</main>", start)].split())


def page_url(log, page_id: str, **query) -> str:
    from urllib.parse import urlencode

    from django.urls import reverse

    url = reverse("web:question", args=[log.pk, page_id.replace("_", "-")])
    return f"{url}?{urlencode(query)}" if query else url
