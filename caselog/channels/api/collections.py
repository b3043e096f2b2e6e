"""Collections and their years: dates, each year's answers schema and its bulk upload template."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Annotated, Any, Literal

from django.http import Http404, HttpRequest
from ninja import Path, Query, Router, Schema
from pydantic import Field

from caselog.channels.upload import template_file
from caselog.definitions.registry import available, get_definition
from caselog.definitions.source import DefinitionError

from .problems import problem_responses
from .schema import answers_schema

router = Router(tags=["collections"])


def _known(which: int):
    """json_schema_extra: the collections (which=0) or years (1) the service has, as an enum
    (any other is 404), read when the document is made."""

    def extra(schema: dict[str, Any]) -> None:
        schema["enum"] = sorted({pair[which] for pair in available()})

    return extra


CollectionName = Annotated[str, Field(description="A collection, as GET /collections lists them: core-lettings, for "
                                                  "example", json_schema_extra=_known(0))]
Year = Annotated[int, Field(description="A collection year, by the calendar year it starts in: 2026 for 2026 to 2027",
                            json_schema_extra=_known(1))]


class CollectionYearPath(Schema):
    collection: CollectionName
    year: Year


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
    template_urls: dict[str, str] = {}  # the bulk upload template, by format (xlsx, csv)


def definition_or_404(collection: str, year: int):
    """Only a collection year the service has: any other name, whatever it holds (a path, a
    name too long for a file), is not found rather than looked for on disk."""
    if (collection, year) not in available():
        raise Http404(f"There is no {collection} collection for {year}. GET /api/v1/collections lists them.")
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
                    "schema_url": f"/api/v1/collections/{collection}/{year}/schema",
                    "template_urls": {f: f"/api/v1/collections/{collection}/{year}/template?format={f}"
                                      for f in template_file.FORMATS} if defn.template else {}})
    return out


@router.get("/{collection}/{year}/schema", response=dict, summary="The JSON Schema of a collection year's answers",
            openapi_extra=problem_responses(404))
def collection_schema(request: HttpRequest, path: Path[CollectionYearPath]):
    return _schema(path.collection, path.year)


@functools.cache
def _schema(collection: str, year: int) -> dict:
    return answers_schema(definition_or_404(collection, year))


class TemplateFormat(Schema):
    format: Literal["xlsx", "csv"] = "xlsx"


@router.get("/{collection}/{year}/template", summary="A collection year's bulk upload template (XLSX or CSV)",
            openapi_extra=problem_responses(
                404, responses={200: {"description": "The template: its header rows, ready for a row per log",
                                      "content": {t.split(";")[0]: {"schema": {"type": "string", "format": "binary"}}
                                                  for t in template_file.FORMATS.values()}}}))
def collection_template(request: HttpRequest, path: Path[CollectionYearPath], query: Query[TemplateFormat]):
    collection, year = path.collection, path.year
    compiled = definition_or_404(collection, year)
    if compiled.definition.template is None:
        raise Http404(f"The {collection} collection for {year} has no bulk upload template.")
    return template_file.download(compiled, query.format)
