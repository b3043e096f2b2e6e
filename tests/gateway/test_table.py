"""The gateway for many logs at once stores what submit() stores for each one: the same
answers, derived values, errors, warnings, status and duplicate key, the same refusals of
records the sender may not name, and nothing at all when it fails part way."""

import datetime as dt

import polars as pl
import pytest

from caselog.engine.answers import as_text
from caselog.gateway import Source
from caselog.gateway.submit import create_log, submit
from caselog.gateway.table import check_table, store_table
from caselog.logs.models import AuditEvent, Log
from tests.definitions.core import TODAY, template_row

pytestmark = pytest.mark.django_db


def frame(rows: list[dict]) -> pl.DataFrame:
    names = sorted({k for row in rows for k in row})
    return pl.DataFrame({n: [as_text(r.get(n)) for r in rows] for n in names}, schema={n: pl.String for n in names})


def variants(user) -> list[dict]:
    base = template_row(user)
    return [
        base,
        {**base, "age1": 150},  # not an age: refused, the log in progress
        {**base, "startdate": "2026-01-01"},  # a hard rule: the date is before the collection year
        {**base, "brent": 2000, "period": 2},  # rent far above the range: a soft check
        {**base, "tenancycode": "T-2", "beds": None},
        {k: v for k, v in base.items() if k in ("owning_organisation_id", "managing_organisation_id", "assigned_to_id", "startdate")},
    ]


@pytest.fixture
def uploader(make_user, make_organisation):
    return make_user(role="coordinator", organisation=make_organisation(agreed=True))


def test_each_row_is_stored_as_submit_stores_one_log(uploader):
    rows = variants(uploader)
    source = Source("upload", uploader, "upload 1")
    check = check_table("core-lettings", 2026, frame(rows), source, organisation=uploader.organisation, today=TODAY)
    stored = store_table(check, source, today=TODAY)
    assert len(stored.created) == len(rows)
    for log_id, answers in zip(stored.created, rows, strict=True):
        mine = Log.objects.get(pk=log_id)
        one, _ = create_log("core-lettings", 2026, Source("web", uploader), owning_organisation=uploader.organisation,
                            answers=answers, today=TODAY)
        one.refresh_from_db()
        assert mine.answers == one.answers
        assert mine.derived == one.derived
        assert mine.status == one.status
        assert mine.errors == one.errors
        assert mine.warnings == one.warnings
        assert (mine.error_count, mine.warning_count) == (one.error_count, one.warning_count)
        assert mine.duplicate_key == one.duplicate_key
        assert (mine.provider_reference, mine.postcode) == (one.provider_reference, one.postcode)
        assert mine.owning_organisation_id == uploader.organisation_id
        assert AuditEvent.objects.get(log=mine).action == "created"
    statuses = Log.objects.filter(pk__in=stored.created).values_list("status", flat=True)
    assert "completed" in statuses and "in_progress" in statuses


def test_an_organisation_the_sender_may_not_name_is_refused_like_in_the_web_form(uploader, make_organisation):
    stranger = make_organisation(agreed=True)
    row = {**template_row(uploader), "owning_organisation_id": f"ORG{stranger.pk}"}
    source = Source("upload", uploader)
    check = check_table("core-lettings", 2026, frame([row]), source, organisation=uploader.organisation, today=TODAY)
    errors, _ = check.findings(TODAY)[0]
    assert errors[0].rule == "answer.not_permitted.owning_organisation_id"
    # the log keeps the organisation it starts with: the uploader's
    assert check.raw["owning_organisation_id"][0] == str(uploader.organisation_id)


def test_organisations_and_owners_are_named_as_the_template_names_them(uploader):
    row = {**template_row(uploader), "owning_organisation_id": uploader.organisation.provider_code.lower(),
           "managing_organisation_id": f"ORG{uploader.organisation_id}", "assigned_to_id": uploader.email.upper()}
    check = check_table("core-lettings", 2026, frame([row]), Source("upload", uploader), organisation=uploader.organisation, today=TODAY)
    assert check.findings(TODAY) == {}
    assert check.raw.row(0, named=True)["assigned_to_id"] == str(uploader.pk)
    assert check.raw.row(0, named=True)["managing_organisation_id"] == str(uploader.organisation_id)


def test_a_row_that_updates_a_log_keeps_the_answers_its_cells_leave_blank(uploader):
    log, _ = create_log("core-lettings", 2026, Source("web", uploader), owning_organisation=uploader.organisation,
                        answers=template_row(uploader), today=TODAY)
    version = log.version
    check = check_table("core-lettings", 2026, frame([{"beds": 3, "age1": "x"}]), Source("upload", uploader),
                        organisation=uploader.organisation, log_ids=[log.pk], today=TODAY)
    stored = store_table(check, Source("upload", uploader, "upload 2"), today=TODAY)
    assert stored.updated == [log.pk]
    log.refresh_from_db()
    assert log.answers["beds"] == 3
    assert log.answers["age1"] == template_row(uploader)["age1"]  # "x" is not an age: the log keeps its own
    assert log.answers["tenancycode"] == template_row(uploader)["tenancycode"]
    assert log.version == version + 1
    update = AuditEvent.objects.filter(log=log, action="updated").get()
    assert update.changes["beds"][1] == 3 and update.reference == "upload 2"


def test_soft_checks_confirmed_for_chosen_rows(uploader):
    row = {**template_row(uploader), "brent": 2000, "period": 2}
    source = Source("upload", uploader)
    unconfirmed = check_table("core-lettings", 2026, frame([row, row]), source, organisation=uploader.organisation, today=TODAY)
    assert all(warnings and not any(w.confirmed for w in warnings) for _, warnings in unconfirmed.findings(TODAY).values())
    confirmed = check_table("core-lettings", 2026, frame([row, row]), source, organisation=uploader.organisation,
                            confirm=[1], today=TODAY)
    found = confirmed.findings(TODAY)
    assert not any(w.confirmed for w in found[0][1])
    assert all(w.confirmed for w in found[1][1])


def test_blanking_errors_leaves_wrong_answers_blank_and_stores_the_rest(uploader):
    row = {**template_row(uploader), "startdate": "2026-01-01"}
    check = check_table("core-lettings", 2026, frame([row]), Source("upload", uploader), organisation=uploader.organisation,
                        blank_errors=True, today=TODAY)
    assert not any(errors for errors, _ in check.findings(TODAY).values())
    assert check.blanked[0] == {"startdate"}
    stored = store_table(check, Source("upload", uploader), today=TODAY)
    log = Log.objects.get(pk=stored.created[0])
    assert log.error_count == 0 and log.status == "in_progress"
    assert log.answers["tenancycode"] == row["tenancycode"]


def test_nothing_is_stored_when_storing_fails_part_way(uploader, monkeypatch):
    rows = variants(uploader)
    source = Source("upload", uploader)
    check = check_table("core-lettings", 2026, frame(rows), source, organisation=uploader.organisation, today=TODAY)

    def fail(*args, **kwargs):
        raise RuntimeError("the worker was stopped")

    # the new logs are written first, then the updated ones: fail between the two
    monkeypatch.setattr("caselog.gateway.table._update_logs", fail)
    with pytest.raises(RuntimeError):
        store_table(check, source, today=TODAY)
    assert Log.objects.count() == 0


def test_submit_after_upload_finds_nothing_to_change(uploader):
    """A log stored from a file is what the gateway would store: submitting nothing to it
    leaves it as it is."""
    source = Source("upload", uploader)
    check = check_table("core-lettings", 2026, frame(variants(uploader)), source, organisation=uploader.organisation, today=TODAY)
    for log_id in store_table(check, source, today=TODAY).created:
        log = Log.objects.get(pk=log_id)
        answers, derived, status = dict(log.answers), dict(log.derived), log.status
        submit(log, {}, Source("web", uploader), today=TODAY)
        assert (log.answers, log.derived, log.status) == (answers, derived, status)
        assert not AuditEvent.objects.filter(log=log, action="updated").exists()
        assert isinstance(dt.date.fromisoformat(log.answers["startdate"]), dt.date)
