"""Logs are found by their postcode however it is typed: the log keeps the answer to the
definition's postcode question in upper case without spaces."""

import pytest
from django.urls import reverse

from caselog.accounts.models import DataSharingAgreement
from caselog.gateway import Source, create_log, submit
from tests.definitions.core import template_row

pytestmark = pytest.mark.django_db


def test_a_postcode_typed_any_way_finds_the_log_and_a_changed_postcode_follows(client, make_user, sign_in):
    officer = make_user()
    DataSharingAgreement.objects.create(organisation=officer.organisation, signatory_name="Dee",
                                        signatory_email="d@example.com", version="2026")
    log, _ = create_log("core-lettings", 2026, Source("web", officer), owning_organisation=officer.organisation,
                        answers={**template_row(officer), "uprn_known": 0, "postcode_full": "EC1A 1BB"})
    assert log.postcode == "EC1A1BB"
    sign_in(client, officer)
    link = f'href="{reverse("web:log", args=[log.pk])}"'
    for typed in ("ec1a 1bb", "EC1A1BB", "c1a 1"):
        assert link in client.get(reverse("web:logs"), {"q": typed}).content.decode(), typed
    submit(log, {"postcode_full": "EC2A 2AA"}, Source("web", officer))
    assert link not in client.get(reverse("web:logs"), {"q": "EC1A"}).content.decode()
    assert link in client.get(reverse("web:logs"), {"q": "ec2a"}).content.decode()
