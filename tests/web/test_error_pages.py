"""Error pages are GOV.UK pages that say what to do next, and give nothing away."""

import pytest
from django.template import loader
from django.test import Client


@pytest.mark.django_db
def test_a_page_that_does_not_exist_says_how_to_find_what_you_need(client, make_user, sign_in):
    sign_in(client, make_user())
    response = client.get("/logs/999999/history")
    page = response.content.decode()
    assert response.status_code == 404
    assert "<title>Page not found - " in page and "check you copied the entire address" in page
    assert 'href="/home"' in page


def test_the_server_error_page_draws_without_a_request():
    page = loader.get_template("500.html").render()
    assert "Sorry, there is a problem with the service" in page and "Try again later." in page


@pytest.mark.django_db
def test_a_form_sent_without_its_security_token_says_to_reload_and_try_again():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/sign-in", {"email": "someone@example.com", "password": "x"})
    assert response.status_code == 403
    assert "You cannot do that" in response.content.decode()
    assert "reload the page and try again" in response.content.decode()
