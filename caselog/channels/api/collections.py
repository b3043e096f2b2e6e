"""Collections and their years: dates, and each year's answers schema."""

from __future__ import annotations

import datetime as dt
import functools

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from caselog.definitions.registry import available, get_definition
from caselog.definitions.source import DefinitionError

from .schema import answers_schema

router = Router(tags=["collections"])


class Dates(Schema):
    start: dt.date
    end: dt.date
    new_logs_end: dt.date
    submission_deadline: dt.date
    edit_end: dt.date


class CollectionYear(Schema):
    collection: str
    year: int
    year_label: str
    title: str
    log_type: str
    dates: Dates
    schema_url: str


def definition_or_404(collection: str, year: int):
    try:
        return get_definition(collection, year)
    except (DefinitionError, LookupError, KeyError):
        raise Http404(f"There is no {collection} collection for {year}. GET /api/v1/collections lists them.") from None


@router.get("", response=list[CollectionYear], summary="Collections and their years")
def list_collections(request: HttpRequest):
    out = []
    for collection, year in available():
        defn = get_definition(collection, year).definition
        d = defn.dates
        out.append({"collection": collection, "year": year, "year_label": defn.year_label, "title": defn.title,
                    "log_type": defn.log_type,
                    "dates": {"start": d.start, "end": d.end, "new_logs_end": d.new_logs_end,
                              "submission_deadline": d.submission_deadline, "edit_end": d.edit_end},
                    "schema_url": f"/api/v1/collections/{collection}/{year}/schema"})
    return out


@router.get("/{collection}/{year}/schema", response=dict, summary="The JSON Schema of a collection year's answers")
def collection_schema(request: HttpRequest, collection: str, year: int):
    return _schema(collection, year)


@functools.cache
def _schema(collection: str, year: int) -> dict:
    return answers_schema(definition_or_404(collection, year))
