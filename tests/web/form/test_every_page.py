"""Every page of the example logs draws, for both collections: no page needs its own
template, and no question kind is left out."""

import pytest
from django.urls import reverse

from caselog.channels.web.form.state import LogForm
from tests.definitions.core import template_row

from .conftest import TODAY, main, page_url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("collection", ["core-lettings", "core-sales"])
def test_every_page_that_applies_to_the_example_log_draws_its_questions(collection, signed_in, new_log, officer):
    log = new_log(collection, **template_row(officer, collection))
    form = LogForm.load(log, officer, TODAY)
    shown = [form.page(p) for p in form.outcome.pages if form.offered(form.page(p))]
    assert len(shown) > 40
    for page in shown:
        response = signed_in.get(page_url(log, page.id))
        assert response.status_code == 200, page.id
        html = main(response)
        assert '<form method="post"' in html, page.id
        for pq in page.questions:
            question = form.question(page, pq.id)
            if question.type != "address":
                assert question.text.split("\n")[0][:30].replace("’", "’") in html.replace("&#39;", "'"), (page.id, pq.id)
    for sub in form.outcome.subsections:
        assert signed_in.get(reverse("web:check-answers", args=[log.pk, sub.replace("_", "-")])).status_code == 200
    assert signed_in.get(reverse("web:review", args=[log.pk])).status_code == 200
