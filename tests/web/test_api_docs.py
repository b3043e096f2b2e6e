"""The API documentation at /api/documentation: open to everyone; its reference lists every
operation of the OpenAPI document the API serves, so one added later appears without a change
to the page; its schema links are the API's; its examples are what the API really answers."""

import copy
import datetime as dt
import html
import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from caselog.accounts.models import User
from caselog.channels.api.api import api
from caselog.channels.api.models import ApiKey
from caselog.channels.web.api_docs import views
from caselog.channels.web.api_docs.reference import METHODS, describe, read
from caselog.definitions.registry import available
from caselog.logs import window
from tests.definitions.core import template_row

pytestmark = pytest.mark.django_db

URL = "/api/documentation"
OPERATION_HEADING = re.compile(r'<h4 class="govuk-heading-s app-operation__title" id="([^"]+)"><code[^>]*>([^<]+)</code></h4>')


def served_document(client) -> dict:
    response = client.get(reverse("api:openapi-json"))
    assert response.status_code == 200
    return response.json()


def operations_in(document: dict) -> list[tuple[str, str]]:
    return [(method.upper(), path) for path, item in document["paths"].items() for method in METHODS if method in item]


def operations_on(page: str) -> list[tuple[str, str]]:
    return [tuple(html.unescape(text).split(" ", 1)) for _, text in OPERATION_HEADING.findall(page)]


def text_of(page: str) -> str:
    """What a reader sees: the words, inline markup (code, links) joined to the words beside it."""
    page = re.sub(r"</?(code|a|span|wbr)\b[^>]*>", "", page)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def shown(example: dict) -> str:
    """An example as the page's code block reads."""
    return " ".join(json.dumps(example, indent=2, ensure_ascii=False).split())


@pytest.fixture
def today(monkeypatch):
    def on(day: dt.date):
        monkeypatch.setattr(window, "today", lambda: day)
    return on


def test_anyone_can_read_it_without_signing_in(client):
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>API documentation - Caselog - GOV.UK</title>" in page
    assert page.count("<h1") == 1 and '<h1 class="govuk-heading-l">API documentation</h1>' in page
    assert reverse("api-docs:index") == URL


def test_the_contents_list_links_to_every_section_on_the_page(client):
    page = client.get(URL).content.decode()
    contents = page[page.index('aria-labelledby="contents-heading"'):page.index("</nav>", page.index("contents-heading"))]
    anchors = re.findall(r'href="#([^"]+)"', contents)
    for section in ("overview", "getting-an-api-key", "authentication", "collections-and-their-schema",
                    "sending-logs-in-parts", "errors", "concurrency", "idempotency", "rate-limits", "reference"):
        assert section in anchors
    for anchor in anchors:
        assert f'id="{anchor}"' in page


def test_every_operation_of_the_served_openapi_document_is_on_the_page_once(client):
    document = served_document(client)
    expected = operations_in(document)
    shown = operations_on(client.get(URL).content.decode())
    assert sorted(shown) == sorted(expected)
    assert len(shown) == len(set(shown)) == len(expected) > 0


def test_each_operation_shows_its_summary_parameters_body_and_responses(client):
    document = served_document(client)
    page = client.get(URL).content.decode()
    sections = dict(zip([a for a, _ in OPERATION_HEADING.findall(page)],
                        re.split(OPERATION_HEADING, page)[3::3], strict=True))
    for method, path in operations_in(document):
        op = document["paths"][path][method.lower()]
        section = text_of(sections[re.sub(r"[^a-z0-9]+", "-", f"{method} {path}".lower()).strip("-")])
        if op.get("summary"):
            assert op["summary"].replace("`", "") in section
        for parameter in op.get("parameters", []):
            assert parameter["name"] in section
        if "requestBody" in op:
            schema = op["requestBody"]["content"]["application/json"]["schema"]
            name = schema["$ref"].rsplit("/", 1)[-1]
            assert f"Request body: {name}" in section
            for field in document["components"]["schemas"][name]["properties"]:
                assert field in section
        responses = section[section.index("Responses"):]
        for status, response in op["responses"].items():
            assert f"{status} {response['description'].replace('`', '')}" in responses


def test_an_operation_added_to_the_api_appears_without_changing_the_page(client, monkeypatch):
    served = api.get_openapi_schema
    added = ("GET", "/api/v1/added-later/{thing_id}")

    def with_one_more(**kwargs):
        document = copy.deepcopy(dict(served(**kwargs)))
        assert added[1] not in document["paths"]
        document["paths"][added[1]] = {"get": {
            "summary": "An operation added after the page was written", "tags": ["added-later"],
            "security": [{"KeyAuth": []}],
            "parameters": [{"in": "path", "name": "thing_id", "required": True, "schema": {"type": "integer"},
                            "description": "The `id` the thing was given"}],
            "responses": {"200": {"description": "The thing"}},
        }}
        return document

    before = operations_on(client.get(URL).content.decode())
    monkeypatch.setattr(api, "get_openapi_schema", with_one_more)
    page = client.get(URL).content.decode()
    assert sorted(operations_on(page)) == sorted([*before, added])
    assert 'href="#reference-added-later">Added later</a>' in page
    assert "An operation added after the page was written" in page
    assert 'The <code class="app-code">id</code> the thing was given' in page
    assert f"{len(before) + 1} operations, read from the" in text_of(page)


def test_it_links_the_openapi_document_and_the_interactive_page_which_work(client):
    page = client.get(URL).content.decode()
    for name in ("api:openapi-json", "api:openapi-view"):
        assert f'href="{reverse(name)}"' in page
        assert client.get(reverse(name)).status_code == 200


def test_the_open_collection_years_link_to_their_schemas_which_answer_with_a_key(client, today, make_organisation,
                                                                               make_user):
    today(dt.date(2026, 11, 1))
    page = client.get(URL).content.decode()
    cards = page[page.index('id="collection-years"'):page.index("After the ‘changes until’ date")]
    links = re.findall(r'href="([^"]+/schema)"', cards)
    assert links == [f"/api/v1/collections/{c}/{y}/schema" for c, y in available()
                     if window.dates_of(c, y).edit_end >= dt.date(2026, 11, 1)]
    assert "/api/v1/collections/core-lettings/2026/schema" in links
    assert f'href="{reverse("api:list_collections")}"' in page

    org = make_organisation(agreed=True)
    key = ApiKey.issue(org, "Docs", ApiKey.Access.READ, make_user(organisation=org))[1]
    for link in links:
        assert client.get(link).status_code == 401  # the page says so: they need a key
        response = client.get(link, HTTP_AUTHORIZATION=f"Bearer {key}")
        assert response.status_code == 200 and response.json()["type"] == "object"


def test_the_collection_years_come_from_the_definitions_and_their_dates(client, today):
    today(dt.date(2026, 11, 1))
    text = text_of(client.get(URL).content.decode())
    assert ("Social housing lettings, 2026 to 2027 View schema (Social housing lettings, 2026 to 2027) "
            "collection core-lettings year 2026 Status Open New logs until 3 July 2027 Changes until 31 July 2027") in text
    today(dt.date(2027, 7, 10))
    assert "core-lettings year 2026 Status Changes only" in text_of(client.get(URL).content.decode())
    today(dt.date(2026, 1, 1))
    assert "core-lettings year 2026 Status Opens 1 April 2026" in text_of(client.get(URL).content.decode())
    today(dt.date(2027, 8, 1))
    assert "collection core-lettings year 2026" not in text_of(client.get(URL).content.decode())
    today(dt.date(2200, 1, 1))
    assert "No collection year is open at the moment." in text_of(client.get(URL).content.decode())


def test_the_guide_covers_keys_authentication_errors_concurrency_idempotency_and_rate_limits(client, settings):
    settings.API_REQUESTS_PER_MINUTE = 1200
    text = text_of(client.get(URL).content.decode())
    for words in ("Next to ‘API keys’, select ‘Manage’.", "The key is shown once", "read and submit logs",
                  "works until the end of that day", "revoke a key at any time",
                  "Authorization: Bearer cl_…", "application/problem+json", "RFC 9457",
                  "without If-Match, the API answers 428", "412 Precondition failed",
                  "Idempotent-Replayed: true", "gets 422",
                  "up to 1,200 requests a minute", "API_REQUESTS_PER_MINUTE", "429 Too many requests", "Retry-After",
                  "send that answer as 0"):
        assert words in text, words


def test_the_problem_shown_is_what_the_api_answers(client, make_organisation, make_user):
    org = make_organisation(agreed=True)
    key = ApiKey.issue(org, "Docs", ApiKey.Access.WRITE, make_user(organisation=org))[1]
    response = client.post("/api/v1/logs", views.PROBLEM_REQUEST, content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 422 and response["Content-Type"] == "application/problem+json"
    assert response.json() == views.PROBLEM_RESPONSE
    assert shown(views.PROBLEM_RESPONSE) in text_of(client.get(URL).content.decode())


def test_the_soft_check_and_refused_answer_shown_are_what_the_api_answers(client, today, make_organisation, make_user):
    today(dt.date(2026, 11, 1))
    org = make_organisation(agreed=True)
    person = make_user(organisation=org)
    key = ApiKey.issue(org, "Docs", ApiKey.Access.WRITE, person)[1]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    answers = template_row(person)
    answers["voiddate"] = answers["startdate"].replace(year=answers["startdate"].year - 3)
    created = client.post("/api/v1/logs", {"collection": "core-lettings", "year": 2026, "answers": answers},
                          content_type="application/json", **auth)
    assert created.status_code == 201 and views.SOFT_CHECK in created.json()["warnings"]

    confirm = {"answers": {views.SOFT_CHECK["confirmation"]: 0}}
    page = text_of(client.get(URL).content.decode())
    assert shown(views.SOFT_CHECK) in page and json.dumps(confirm) in page and shown(views.REFUSED_ANSWER) in page
    confirmed = client.patch(created["Location"], confirm, content_type="application/json",
                             HTTP_IF_MATCH=created["ETag"], **auth)
    assert {**views.SOFT_CHECK, "confirmed": True} in confirmed.json()["warnings"]

    refused = client.patch(created["Location"], {"answers": {"age1": 300}}, content_type="application/json",
                           HTTP_IF_MATCH=confirmed["ETag"], **auth)
    assert views.REFUSED_ANSWER in refused.json()["errors"]


def test_a_coordinator_is_pointed_to_their_own_keys_and_the_key_pages_link_here(client, sign_in, make_organisation,
                                                                                make_user):
    org = make_organisation(agreed=True)
    coordinator = make_user(organisation=org, role=User.Role.DATA_COORDINATOR)
    provider = make_user(organisation=org)
    assert "Go to your organisation’s API keys" not in client.get(URL).content.decode()
    assert "Go to your organisation’s API keys" not in sign_in(Client(), provider).get(URL).content.decode()
    signed_in = sign_in(client, coordinator)
    page = signed_in.get(URL).content.decode()
    assert f'<a class="govuk-link" href="{reverse("api-keys:list", args=[org.pk])}">Go to your organisation’s API keys</a>' in page
    keys = signed_in.get(reverse("api-keys:list", args=[org.pk])).content.decode()
    assert f'href="{URL}">Read the API documentation</a>' in keys


def test_the_start_page_links_here(client):
    assert f'href="{URL}">API documentation</a>' in client.get("/").content.decode()


def test_types_are_described_in_words():
    assert describe({"anyOf": [{"type": "string", "format": "date-time"}, {"type": "null"}]}) == "string (date-time) or null"
    assert describe({"type": "array", "items": {"$ref": "#/components/schemas/Finding"}}) == "array of Finding"
    assert describe({"enum": ["xlsx", "csv"], "type": "string"}) == "one of xlsx, csv"
    assert describe({"type": ["integer", "null"]}) == "integer or null"
    assert describe({}) == "any"


def test_references_to_shared_parameters_and_responses_are_followed():
    document = {
        "openapi": "3.1.0", "info": {"title": "T", "version": "1"},
        "paths": {"/things/{id}": {
            "parameters": [{"$ref": "#/components/parameters/Id"}],
            "delete": {"responses": {"404": {"$ref": "#/components/responses/NotFound"}, "204": {"description": "Gone"}}},
        }},
        "components": {"parameters": {"Id": {"in": "path", "name": "id", "required": True, "schema": {"type": "integer"}}},
                       "responses": {"NotFound": {"description": "No such thing"}}},
    }
    [op] = read(document).operations
    assert (op.method, op.path, op.needs_key) == ("DELETE", "/things/{id}", False)
    assert [(p.name, p.where, p.required, p.type) for p in op.parameters] == [("id", "Path", True, "integer")]
    assert [(r.status, r.description) for r in op.responses] == [("204", "Gone"), ("404", "No such thing")]


def test_the_batch_example_shown_is_one_the_api_takes(client, make_organisation, make_user):
    """The guide's batch (one new log, one change) sent for real, with a real log's id and version."""
    org = make_organisation(agreed=True)
    person = make_user(organisation=org)
    key = ApiKey.issue(org, "Docs", ApiKey.Access.WRITE, person)[1]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    created = client.post("/api/v1/logs", {"collection": "core-lettings", "year": 2026, "answers": template_row(person)},
                          content_type="application/json", **auth).json()
    command = views.curl_examples("http://testserver/api/v1")["batch"]
    assert command.startswith("curl http://testserver/api/v1/logs/batch")
    body = json.loads(re.search(r"-d '(.+)'$", command).group(1))
    body["logs"][1].update(id=created["id"], version=created["version"])
    outcome = client.post("/api/v1/logs/batch", body, content_type="application/json", **auth).json()
    assert [item["outcome"] for item in outcome["items"]] == ["created", "updated"]
    text = text_of(client.get(URL).content.decode())
    assert "To send up to 1,000 logs in one request" in text and "GET /api/v1/uploads/{id}" in text
