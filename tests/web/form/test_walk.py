"""A whole general needs lettings log, from its first setup page to completion, through the
pages the form lands on and nothing else: the form reaches every question the definition
requires, and the engine's example log fills them."""

import datetime as dt
import html as htmllib
import re

import pytest
from django.urls import reverse

from caselog.accounts.models import Organisation
from caselog.gateway import Source, create_log
from tests.definitions.core import template_answers

from .conftest import TODAY

pytestmark = pytest.mark.django_db

INPUT = re.compile(r"<(input|select)\b([^>]*)>")
ATTR = re.compile(r'(\w[\w-]*)="([^"]*)"')


def inputs(page: str) -> list[dict]:
    """The inputs of the page's form: type, name, value."""
    form = page[page.index('<form method="post"'):]
    form = form[:form.index("</form>")]
    found = []
    for tag, attrs in INPUT.findall(form):
        attr = dict(ATTR.findall(attrs))
        if attr.get("name") in (None, "csrfmiddlewaretoken", "action"):
            continue
        found.append({"type": attr.get("type", tag), "name": attr["name"], "value": htmllib.unescape(attr.get("value", ""))})
    return found


def what_a_person_enters(page: str, answers: dict) -> dict:
    """The example log's answers, typed into this page's inputs."""
    data: dict = {}
    for i in inputs(page):
        name, kind = i["name"], i["type"]
        if kind == "checkbox":
            if answers.get(i["value"]) == 1:
                data.setdefault(name, []).append(i["value"])
        elif kind == "radio":
            value = answers.get(name, 0 if name.endswith("_check") else None)  # interruption screens: yes
            if value not in (None, ""):
                data[name] = str(value)
        else:
            base, _, part = name.rpartition("-")
            if part in ("day", "month", "year") and isinstance(answers.get(base), dt.date):
                data[name] = str(getattr(answers[base], part))
            elif answers.get(name) not in (None, ""):
                data[name] = str(answers[name])
    return data


def next_task(client, log) -> str | None:
    """From the log page: the first subsection not completed, at its first unanswered page."""
    page = client.get(reverse("web:log", args=[log.pk])).content.decode()
    for href, status in re.findall(r'govuk-task-list__link" href="([^"]+)".*?govuk-task-list__status[^>]*>\s*(.*?)\s*</div>',
                                   page, re.S):
        if "Completed" in status:
            continue
        if "/check-answers" not in href:
            return href
        missing = re.search(r'href="([^"]+)">Answer the missing questions', client.get(href).content.decode())
        return missing.group(1) if missing else None
    return None


def test_a_general_needs_letting_is_completed_through_the_pages_the_form_lands_on(client, make_organisation, make_user,
                                                                                  sign_in):
    council = make_organisation(name="Hill Council", type=Organisation.Type.LOCAL_AUTHORITY, agreed=True)
    officer = make_user(organisation=council)
    sign_in(client, officer)
    log, _ = create_log("core-lettings", 2026, Source("web", officer), owning_organisation=council, today=TODAY)
    answers = template_answers("core-lettings")
    visited = []
    url = next_task(client, log)
    while url is not None and len(visited) < 300:
        if "/check-answers" in url:
            url = next_task(client, log)
            continue
        page = client.get(url)
        assert page.status_code == 200, url
        data = what_a_person_enters(page.content.decode(), answers)
        response = client.post(url, data)
        errors = re.findall(r'govuk-error-message">\s*<span[^>]*>[^<]*</span>\s*(.*?)\s*</p>', response.content.decode(), re.S)
        assert response.status_code == 302, (url, data, errors)
        visited.append(url.split("/")[-1])
        url = response.url
    log.refresh_from_db()
    assert log.status == "completed", (visited, log.errors, [w["rule"] for w in log.warnings])
    assert len(visited) > 40
    assert log.answers["startdate"] == "2026-04-01" and log.answers["declaration"] == 1
