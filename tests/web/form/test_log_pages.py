"""The log page (a task list), check your answers, and who may see them."""

import datetime as dt

import pytest
from django.urls import reverse

from caselog.gateway import Source, submit
from caselog.logs import window
from caselog.logs.models import Log

from . import conftest
from .conftest import main, page_url

pytestmark = pytest.mark.django_db


def status_of(page: str, label: str) -> str:
    """The status the task list shows beside a subsection."""
    start = page.index(f" {label} ")
    cell = page[page.index("govuk-task-list__status", start):]
    return cell[cell.index(">") + 1:cell.index("</div>")].replace("</strong>", "").split(">")[-1].strip()


def test_a_new_log_is_not_started_and_the_rest_cannot_start_yet(signed_in, new_log):
    log = new_log()
    page = main(signed_in.get(reverse("web:log", args=[log.pk])))
    assert f"<h1 class=\"govuk-heading-l\">Log {log.pk}</h1>" in page
    assert "2026 to 2027" in page and "Hill Council" in page
    assert status_of(page, "Set up this lettings log") == "Not started"
    assert f'href="/logs/{log.pk}/needs-type"' in page  # straight to its first question
    assert status_of(page, "Household characteristics") == "Cannot start yet"
    assert 'class="govuk-task-list__status govuk-task-list__status--cannot-start-yet"' in page
    assert f'href="/logs/{log.pk}/history"' in page and f'href="/logs/{log.pk}/review"' in page


def test_the_task_list_shows_each_subsections_status(signed_in, new_log, example, officer):
    log = new_log(**example)
    submit(log, {"hhmemb": None}, Source("web", officer), today=conftest.TODAY)
    page = main(signed_in.get(reverse("web:log", args=[log.pk])))
    assert status_of(page, "Set up this lettings log") == "Completed"
    assert status_of(page, "Household characteristics") == "In progress"
    assert '<strong class="govuk-tag govuk-tag--light-blue"> In progress </strong>' in page
    assert f'href="/logs/{log.pk}/household-characteristics/check-answers"' in page
    assert "You have completed 6 of 7 sections." in page


def test_a_complete_log_says_so(signed_in, new_log, example):
    page = main(signed_in.get(reverse("web:log", args=[new_log(**example).pk])))
    assert "This log is complete." in page
    assert "Not started" not in page and "In progress" not in page


def test_a_sales_log_lists_its_own_sections(signed_in, new_log):
    page = main(signed_in.get(reverse("web:log", args=[new_log("core-sales").pk])))
    assert "Set up this sales log" in page


def test_check_answers_shows_labels_and_answers_in_words(signed_in, new_log, example):
    log = new_log(**example)
    page = main(signed_in.get(reverse("web:check-answers", args=[log.pk, "property-information"])))
    assert '<h1 class="govuk-heading-l">Check your answers</h1>' in page
    assert "Local authority </dt> <dd class=\"govuk-summary-list__value\"> City of London </dd>" in page
    assert "E09000001" not in page
    assert "Vacancy reason </dt> <dd class=\"govuk-summary-list__value\"> Tenant died with no succession </dd>" in page
    assert "1 April 2025" in page  # the void date
    assert (f'<a class="govuk-link" href="/logs/{log.pk}/property-local-authority?referrer=check_answers">Change'
            '<span class="govuk-visually-hidden"> local authority</span></a>') in page
    assert "You have answered" not in page  # complete
    assert f'<a href="/logs/{log.pk}" role="button" draggable="false" class="govuk-button" data-module="govuk-button">' \
           " Save and return to log </a>" in page


def test_check_answers_shows_money_with_its_period(signed_in, new_log, example):
    page = main(signed_in.get(reverse("web:check-answers", args=[new_log(**example).pk, "income-and-benefits"])))
    assert "Basic rent </dt> <dd class=\"govuk-summary-list__value\"> £100.00 every week </dd>" in page


def test_an_unfinished_subsection_counts_its_answers_and_links_to_the_first_missing_one(signed_in, new_log, example):
    log = new_log(**{**example, "sexrab1": None, "ethnic_group": None, "ethnic": None})
    page = main(signed_in.get(reverse("web:check-answers", args=[log.pk, "household-characteristics"])))
    assert "You have answered 5 of 7 questions." in page
    assert f'<a class="govuk-link" href="/logs/{log.pk}/lead-tenant-sex-registered-at-birth">Answer the missing questions</a>' in page
    assert (f'<a class="govuk-link" href="/logs/{log.pk}/lead-tenant-ethnic-group?referrer=check_answers">'
            "Enter lead tenant’s ethnic group</a>") in page


def test_a_question_answered_not_known_shows_not_known(signed_in, new_log, example):
    log = new_log(**{**example, "age1_known": 1, "age1": None})
    page = main(signed_in.get(reverse("web:check-answers", args=[log.pk, "household-characteristics"])))
    assert "Lead tenant’s age </dt> <dd class=\"govuk-summary-list__value\"> Not known </dd>" in page


def test_the_whole_log_can_be_checked_on_one_page(signed_in, new_log, example):
    log = new_log(**example)
    page = main(signed_in.get(reverse("web:review", args=[log.pk])))
    for heading in ("Before you start", "Property and tenancy information", "About the household", "Finances"):
        assert f'<h2 class="govuk-heading-m">{heading}</h2>' in page
    assert f'href="/logs/{log.pk}/tenant-code?referrer=review"' in page
    response = signed_in.post(page_url(log, "tenant_code", referrer="review"), {"tenancycode": "T1"})
    assert response.url == f"/logs/{log.pk}/review"


def test_another_organisations_log_is_not_found(client, sign_in, make_user, new_log, example):
    log = new_log(**example)
    sign_in(client, make_user())
    for url in (reverse("web:log", args=[log.pk]), reverse("web:review", args=[log.pk]),
                reverse("web:check-answers", args=[log.pk, "setup"]), page_url(log, "tenant_code")):
        assert client.get(url).status_code == 404, url
    assert client.post(page_url(log, "tenant_code"), {"tenancycode": "X"}).status_code == 404
    assert Log.objects.get(pk=log.pk).answers["tenancycode"] == "1"


def test_the_pages_ask_you_to_sign_in(client, new_log):
    log = new_log()
    response = client.get(reverse("web:log", args=[log.pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:sign-in"))


def test_a_subsection_that_is_not_part_of_the_log_is_not_found(signed_in, new_log):
    assert signed_in.get(reverse("web:check-answers", args=[new_log().pk, "no-such-subsection"])).status_code == 404


@pytest.fixture
def after_the_year_closed(monkeypatch):
    monkeypatch.setattr(window, "today", lambda: dt.date(2027, 8, 1))


def test_a_log_of_a_closed_year_is_read_only(signed_in, new_log, example, after_the_year_closed):
    log = new_log(**example)
    response = signed_in.get(page_url(log, "tenant_code"))
    page = main(response)
    assert response.status_code == 200
    assert "which has closed. You can look at its answers but you cannot change them." in page
    assert "<form" not in page and "Tenant code </dt>" in page
    response = signed_in.post(page_url(log, "tenant_code"), {"tenancycode": "CHANGED"})
    assert Log.objects.get(pk=log.pk).answers["tenancycode"] == "1"
    assert response.status_code == 302 and response.url == page_url(log, "tenant_code")
    check = main(signed_in.get(reverse("web:check-answers", args=[log.pk, "setup"])))
    assert "Change" not in check and "Return to log" in check
