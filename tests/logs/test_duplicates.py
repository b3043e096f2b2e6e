"""Two live logs of the same collection and year are duplicates when their owning organisation
and all the definition's duplicate-check answers (2026: collection.yaml duplicate_check) match,
as CORE's duplicate_logs scopes decide."""

import datetime as dt
from types import SimpleNamespace

import pytest

from caselog.accounts.models import DataSharingAgreement
from caselog.definitions.registry import get_definition
from caselog.gateway import Source, create_log, submit
from caselog.logs.deletion import delete_logs
from caselog.logs.duplicates import dismiss, duplicate_key, duplicate_sets, duplicates_of
from caselog.logs.models import Log
from tests.definitions.core import template_answers, template_row

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 1)


@pytest.fixture
def officer(make_user, make_organisation):
    org = make_organisation(name="Riverside Homes")
    DataSharingAgreement.objects.create(organisation=org, signatory_name="Dee", signatory_email="d@example.com", version="2026")
    return make_user(organisation=org)


def make(officer, collection="core-lettings", **changes):
    answers = {**template_row(officer, collection), **changes}
    log, _ = create_log(collection, 2026, Source("web", officer), owning_organisation=officer.organisation,
                        answers=answers, today=TODAY)
    return log


def test_two_lettings_with_the_same_2026_duplicate_check_answers_are_duplicates(officer):
    first, second = make(officer), make(officer, propcode="OTHER")  # the property reference is not compared
    assert first.duplicate_key and first.duplicate_key == second.duplicate_key
    assert list(duplicates_of(first)) == [second]
    assert duplicate_sets(Log.objects.all()) == [[first.pk, second.pk]]


@pytest.mark.parametrize("field, value", [
    ("startdate", dt.date(2026, 4, 2)), ("tenancycode", "2"), ("address_line1", "b"), ("postcode_full", "B1 1BB"),
    ("age1", 21), ("sexrab1", "M"), ("ecstat1", 2), ("brent", 101),  # brent changes tcharge, the total compared
])
def test_lettings_that_differ_in_one_duplicate_check_answer_are_not_duplicates(officer, field, value):
    first, second = make(officer), make(officer, **{field: value})
    assert second.answers.get(field) not in (None, template_answers("core-lettings").get(field)) or field == "brent"
    assert first.duplicate_key != second.duplicate_key
    assert not duplicates_of(first).exists()


def test_logs_of_different_owners_are_not_duplicates(officer, make_user):
    other = make_user()
    DataSharingAgreement.objects.create(organisation=other.organisation, signatory_name="Dee",
                                        signatory_email="d@example.com", version="2026")
    assert make(officer).duplicate_key != make(other).duplicate_key


def test_sales_with_the_same_answers_are_duplicates_and_a_different_purchaser_code_is_not(officer):
    first, second = make(officer, "core-sales"), make(officer, "core-sales")
    third = make(officer, "core-sales", purchid="DIFFERENT")
    assert first.duplicate_key and first.duplicate_key == second.duplicate_key != third.duplicate_key
    assert make(officer).duplicate_key != first.duplicate_key, "a letting never duplicates a sale"


def test_a_log_still_missing_a_duplicate_check_answer_is_nobodys_duplicate(officer):
    answers = template_answers("core-lettings")
    log, _ = create_log("core-lettings", 2026, Source("web", officer), owning_organisation=officer.organisation,
                        answers={k: answers[k] for k in ("startdate", "tenancycode")}, today=TODAY)
    assert log.duplicate_key is None
    new, _ = create_log("core-lettings", 2026, Source("web", officer), owning_organisation=officer.organisation)
    assert new.duplicate_key is None


def test_a_blank_optional_tenant_code_and_a_refused_age_compare_as_no_answer(officer):
    first = make(officer, tenancycode=None, age1_known=1, age1=None)
    second = make(officer, tenancycode=None, age1_known=1, age1=None)
    assert "age1" not in first.answers and "tenancycode" not in first.answers
    assert first.duplicate_key and first.duplicate_key == second.duplicate_key


def test_supported_housing_lettings_at_different_locations_are_not_duplicates():
    compiled = get_definition("core-lettings", 2026)
    values = {**template_answers("core-lettings"), "tcharge": 100, "needstype": 2, "scheme_id": "S1"}
    asked = (*(f for f in compiled.definition.duplicate_check if f != "uprn"), "scheme_id", "location_id")

    def key(location):
        return duplicate_key(compiled, 2026, 1, SimpleNamespace(values={**values, "location_id": location}, questions=asked))

    assert key("L1") and key("L1") == key("L1") != key("L2")


def test_a_deleted_log_is_no_longer_a_duplicate(officer):
    first, second = make(officer), make(officer)
    delete_logs([second], officer)
    assert not duplicates_of(first).exists() and duplicate_sets(Log.objects.all()) == []


def test_a_dismissed_set_stops_showing_until_another_log_joins_it(officer):
    first, second = make(officer), make(officer)
    dismiss(first.duplicate_key, [first.pk, second.pk], officer)
    assert duplicate_sets(Log.objects.all()) == []
    assert list(duplicates_of(first)) == [second], "the page still shows them side by side"
    third = make(officer)
    assert duplicate_sets(Log.objects.all()) == [[first.pk, second.pk, third.pk]]


def test_changing_an_answer_takes_a_log_out_of_its_set(officer):
    first, second = make(officer), make(officer)
    submit(second, {"age1": 50}, Source("web", officer), today=TODAY)
    assert Log.objects.get(pk=second.pk).duplicate_key != first.duplicate_key
    assert duplicate_sets(Log.objects.all()) == []


def test_a_data_provider_hears_only_of_sets_with_a_log_assigned_to_them(officer, make_user):
    colleague = make_user(organisation=officer.organisation)
    make(colleague), make(colleague)
    assert duplicate_sets(Log.objects.all(), assigned_to=officer) == []
    assert len(duplicate_sets(Log.objects.all(), assigned_to=colleague)) == 1
