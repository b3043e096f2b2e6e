"""Bulk upload pages: choose a file, (choose its sheet,) check how its columns and values
map, watch it being checked, read what was found, choose what to store, watch it stored.

Each step is a plain form that works without JavaScript; progress pages refresh themselves
with a meta refresh. The work itself is caselog/channels/upload/processing.py.
"""

from __future__ import annotations

from dataclasses import asdict

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from caselog.accounts import permissions
from caselog.channels.upload import mapping, processing, template_file, values
from caselog.channels.upload.models import Upload
from caselog.channels.upload.reading import MAX_ROWS, FileProblem
from caselog.channels.upload.report import column_letter
from caselog.channels.upload.tasks import enqueue_check, enqueue_store
from caselog.definitions.registry import available, get_definition

from ..govuk import pagination
from .access import upload_or_404, uploading_for, uploads_for

MAX_BYTES = 50 * 1024 * 1024
VALUES_SHOWN = 30  # unknown values asked about per question; the rest are counted
REFRESH_SECONDS = 2


@login_required
def upload_list(request: HttpRequest) -> HttpResponse:
    if not permissions.can_see_logs(request.user):
        raise Http404
    from django.core.paginator import Paginator

    page = Paginator(uploads_for(request).select_related("uploaded_by", "organisation"), 20).get_page(request.GET.get("page"))
    return render(request, "web/uploads/list.html", {"page": page, "pagination": pagination(page, request),
                                                     "can_upload": _can_upload(request)})


def _can_upload(request: HttpRequest) -> bool:
    return permissions.can_create_logs(request.user) and uploading_for(request) is not None


@login_required
@require_http_methods(["GET", "POST"])
def new_upload(request: HttpRequest) -> HttpResponse:
    if not permissions.can_see_logs(request.user):
        raise Http404
    organisation = uploading_for(request)
    collections = processing.open_collections()
    if not permissions.can_create_logs(request.user) or organisation is None or not collections:
        reason = "closed" if not collections else "organisation" if organisation is None else "data_sharing"
        return render(request, "web/uploads/cannot_upload.html", {"reason": reason}, status=403 if request.method == "POST" else 200)
    errors: dict[str, str] = {}
    chosen = request.POST.get("collection", "")
    if request.method == "POST":
        by_key = {c.definition.key: c for c in collections}
        compiled = by_key.get(chosen)
        file = request.FILES.get("file")
        if compiled is None:
            errors["collection"] = "Select whether the file has lettings or sales"
        if file is None:
            errors["file"] = "Select a file"
        elif file.size > MAX_BYTES:
            errors["file"] = f"The selected file must be smaller than {MAX_BYTES // (1024 * 1024)} MB"
        if not errors:
            try:
                upload = processing.receive(organisation, request.user, compiled, file.name, file.read())
            except (FileProblem, processing.UploadProblem) as problem:
                errors["file"] = str(problem)
            else:
                return redirect(_next_step(upload))
    return render(request, "web/uploads/new.html", {
        "collections": collections, "chosen": chosen, "errors": errors, "max_mb": MAX_BYTES // (1024 * 1024),
        "max_rows": MAX_ROWS, "organisation": organisation,
    }, status=400 if errors else 200)


def _next_step(upload: Upload) -> str:
    if upload.status == Upload.Status.SHEET:
        return reverse("uploads:sheet", args=[upload.pk])
    if upload.status == Upload.Status.MAPPING and upload.layout == Upload.Layout.OWN:
        return reverse("uploads:columns", args=[upload.pk])
    if upload.status == Upload.Status.MAPPING:  # CORE's template needs no mapping
        enqueue_check(upload)
    return reverse("uploads:detail", args=[upload.pk])


@login_required
@require_http_methods(["GET", "POST"])
def choose_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    upload = upload_or_404(request, pk, to_change=True)
    if upload.status != Upload.Status.SHEET:
        return redirect("uploads:detail", upload.pk)
    data = processing.file_bytes(upload)
    names = processing.sheet_names(data)
    error = None
    if request.method == "POST":
        sheet = request.POST.get("sheet", "")
        if sheet not in names:
            error = "Select the sheet with the logs"
        else:
            try:
                upload = processing.prepare(upload, data, sheet)
            except (FileProblem, processing.UploadProblem) as problem:
                error = str(problem)
            else:
                return redirect(_next_step(upload))
    return render(request, "web/uploads/sheet.html", {"upload": upload, "sheets": names, "error": error},
                  status=400 if error else 200)


# columns and values ---------------------------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def columns(request: HttpRequest, pk: int) -> HttpResponse:
    upload = upload_or_404(request, pk, to_change=True)
    if upload.status != Upload.Status.MAPPING or upload.layout != Upload.Layout.OWN:
        return redirect("uploads:detail", upload.pk)
    compiled = get_definition(upload.collection, upload.year)
    matches = processing.column_matches(upload)
    choices = [("", "Do not upload this column"), *mapping.targets(compiled)]
    labels = dict(choices)
    errors: dict[int, str] = {}
    if request.method == "POST":
        matches, errors = _chosen_columns(request, matches, labels)
        upload.columns = [asdict(m) for m in matches]
        if not errors:
            upload.save(update_fields=["columns", "updated_at"])
            if processing.read_rows(upload).unknown:
                return redirect("uploads:values", upload.pk)
            enqueue_check(upload)
            return redirect("uploads:detail", upload.pk)
    samples = _samples(upload)
    rows = [{"match": m, "value": m.value, "samples": samples.get(m.column, []),
             "needs_decision": m.field is not None and m.confidence < mapping.THRESHOLD,
             "error": errors.get(m.column)} for m in matches]
    return render(request, "web/uploads/columns.html", {
        "upload": upload, "rows": rows, "choices": choices, "errors": errors, "column_letter": column_letter,
        "mapped": sum(1 for m in matches if m.field), "threshold": mapping.THRESHOLD,
    }, status=400 if errors else 200)


def _chosen_columns(request: HttpRequest, matches: list, labels: dict[str, str]) -> tuple[list, dict[int, str]]:
    """The columns as the user mapped them, and an error for each column that cannot be so."""
    chosen = []
    for m in matches:
        value = request.POST.get(f"column-{m.column}", m.value)
        if value not in labels:
            value = ""
        if value == m.value:
            chosen.append(m)
            continue
        field_name, part = mapping.parse_target(value)
        chosen.append(mapping.ColumnMatch(m.column, m.header, field_name, part, 1.0 if field_name else 0.0,
                                          "You chose this" if field_name else "You chose not to upload this column"))
    errors: dict[int, str] = {}
    first: dict[str, object] = {}
    for m in chosen:
        key = m.value
        if not key:
            continue
        if key in first:
            other = first[key]
            errors[m.column] = (f"Columns {column_letter(other.column)} and {column_letter(m.column)} are both mapped to "
                                f"“{labels[key]}”. Choose a different question for one of them, or do not upload it")
        else:
            first[key] = m
    return chosen, errors


def _samples(upload: Upload) -> dict[int, list[str]]:
    table = processing.read_table(processing.file_bytes(upload), upload.sheet or None)
    _, rows = processing.own_layout(table)
    out: dict[int, list[str]] = {}
    for _, row in rows[:200]:
        for i, cell in enumerate(row):
            cell = cell.strip()
            if cell and cell not in out.setdefault(i, []) and len(out[i]) < 3:
                out[i].append(cell)
    return out


@login_required
@require_http_methods(["GET", "POST"])
def value_choices(request: HttpRequest, pk: int) -> HttpResponse:
    """Values in the file that are not an answer the question knows: the user says, once,
    which answer each one means (kept with the organisation's mapping)."""
    upload = upload_or_404(request, pk, to_change=True)
    if upload.status != Upload.Status.MAPPING or upload.layout != Upload.Layout.OWN:
        return redirect("uploads:detail", upload.pk)
    compiled = get_definition(upload.collection, upload.year)
    rows = processing.read_rows(upload)
    unknown, suggested = rows.unknown, rows.suggestions
    if not unknown:
        enqueue_check(upload)
        return redirect("uploads:detail", upload.pk)
    questions = []
    for field_name, found in unknown.items():
        options = values.value_options(compiled, field_name)
        shown = sorted(found.items(), key=lambda item: (-item[1], item[0]))[:VALUES_SHOWN]
        questions.append({"field": field_name, "label": processing.label_of(compiled, field_name), "options": options,
                          "values": [{"text": v, "count": c, "name": f"value-{field_name}-{n}",
                                      "suggested": suggested.get(field_name, {}).get(v, "")} for n, (v, c) in enumerate(shown)],
                          "more": max(0, len(found) - VALUES_SHOWN)})
    if request.method == "POST":
        chosen = dict(upload.values)
        for q in questions:
            codes = {code for code, _ in q["options"]}
            for v in q["values"]:
                answer = request.POST.get(v["name"], "")
                chosen.setdefault(q["field"], {})[v["text"]] = answer if answer in codes else None
        upload.values = chosen
        upload.save(update_fields=["values", "updated_at"])
        enqueue_check(upload)
        return redirect("uploads:detail", upload.pk)
    return render(request, "web/uploads/values.html", {"upload": upload, "questions": questions})


# progress, preview, results --------------------------------------------------------------------

@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    upload = upload_or_404(request, pk)
    return render(request, "web/uploads/detail.html", _detail_context(request, upload))


def _detail_context(request: HttpRequest, upload: Upload, **choices) -> dict:
    running = upload.status in Upload.ACTIVE
    stale = processing.is_stale(upload)
    counts = ("rows", "create", "update", "rows_with_errors", "rows_with_warnings", "errors", "warnings", "completed",
              "created", "updated", "not_stored", "not_listed")
    summary = {**dict.fromkeys(counts, 0), "by_field": [], "listed": [], **(upload.summary or {})}
    return {
        "upload": upload, "summary": summary, "running": running, "stale": stale,
        "mine": request.user.is_support or upload.uploaded_by_id == request.user.pk,
        "refresh": REFRESH_SECONDS if running and not stale else None, "progress_text": progress_text(upload),
        "errors_choice": "", "checks_choice": "", "choice_errors": {}, **choices,
    }


def progress_text(upload: Upload) -> str:
    verb = "Checked" if upload.status == Upload.Status.CHECKING else "Prepared"
    text = f"{verb} {upload.rows_done:,} of {upload.rows_total:,} rows ({upload.percent_done}%)"
    if upload.status == Upload.Status.STORING and upload.rows_total and upload.rows_done >= upload.rows_total:
        text = f"Saving {upload.rows_total:,} logs"
    return text


@login_required
def progress(request: HttpRequest, pk: int) -> JsonResponse:
    """The progress bar's numbers, for the page's JavaScript to move it without reloading."""
    upload = upload_or_404(request, pk)
    return JsonResponse({"status": upload.status, "rows_done": upload.rows_done, "rows_total": upload.rows_total,
                         "percent": upload.percent_done, "text": progress_text(upload), "stale": processing.is_stale(upload)})


@login_required
@require_POST
def store(request: HttpRequest, pk: int) -> HttpResponse:
    """The user's choices for the checked file: store it (wrong answers left blank, soft
    checks confirmed for all rows or for the rows they choose), or fix the file instead."""
    upload = upload_or_404(request, pk, to_change=True)
    if upload.status != Upload.Status.CHECKED:
        return redirect("uploads:detail", upload.pk)
    summary = upload.summary or {}
    errors_choice = request.POST.get("errors", "")
    checks_choice = request.POST.get("checks", "")
    problems: dict[str, str] = {}
    if summary.get("rows_with_errors") and errors_choice not in ("blank", "fix"):
        problems["errors"] = "Select whether to create the logs with the wrong answers left blank, or fix the file"
    if summary.get("warnings") and errors_choice != "fix" and checks_choice not in ("all", "none", "choose"):
        problems["checks"] = "Select whether the answers to confirm are right"
    if problems:
        return render(request, "web/uploads/detail.html", _detail_context(
            request, upload, errors_choice=errors_choice, checks_choice=checks_choice, choice_errors=problems), status=400)
    if errors_choice == "fix":
        upload.status = Upload.Status.NOT_STORED
        upload.save(update_fields=["status", "updated_at"])
        return redirect("uploads:detail", upload.pk)
    upload.blank_errors = errors_choice == "blank"
    upload.confirm_all_checks = checks_choice == "all"
    upload.confirmed_rows = []
    upload.save(update_fields=["blank_errors", "confirm_all_checks", "confirmed_rows", "updated_at"])
    if checks_choice == "choose":
        return redirect("uploads:soft-checks", upload.pk)
    enqueue_store(upload)
    return redirect("uploads:detail", upload.pk)


@login_required
@require_http_methods(["GET", "POST"])
def soft_checks(request: HttpRequest, pk: int) -> HttpResponse:
    """Rows with answers to confirm, each with its checks: the user ticks the rows that are right."""
    upload = upload_or_404(request, pk, to_change=True)
    if upload.status != Upload.Status.CHECKED:
        return redirect("uploads:detail", upload.pk)
    listed = [p for p in (upload.summary or {}).get("listed", []) if p["severity"] == "warning"]
    rows = sorted(set((upload.summary or {}).get("warning_rows", [])))
    by_row: dict[int, list[dict]] = {}
    for p in listed:
        by_row.setdefault(p["row"], []).append(p)
    if request.method == "POST":
        chosen = {int(r) for r in request.POST.getlist("rows") if r.isdigit() and int(r) in rows}
        upload.confirmed_rows = sorted(chosen)
        upload.confirm_all_checks = False
        upload.save(update_fields=["confirmed_rows", "confirm_all_checks", "updated_at"])
        enqueue_store(upload)
        return redirect("uploads:detail", upload.pk)
    return render(request, "web/uploads/soft_checks.html", {"upload": upload, "rows": rows, "by_row": by_row})


@login_required
def report(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    upload = upload_or_404(request, pk)
    file = upload.report_file(kind)
    if not file:
        raise Http404
    return FileResponse(file.open("rb"), as_attachment=True, filename=upload.report_name(kind))


@require_http_methods(["GET", "HEAD"])
def template(request: HttpRequest, collection: str, year: int, file_format: str) -> HttpResponse:
    """A collection year's bulk upload template. Anyone may download it, as from CORE's
    collection resources: a supplier builds its export before it has an account."""
    if (collection, year) not in available() or file_format not in template_file.FORMATS:
        raise Http404
    compiled = get_definition(collection, year)
    if compiled.definition.template is None:
        raise Http404
    return template_file.download(compiled, file_format)


@login_required
@require_POST
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    """Run a check or store again after its worker stopped (nothing was stored)."""
    upload = upload_or_404(request, pk, to_change=True)
    if processing.is_stale(upload):
        (enqueue_store if upload.status == Upload.Status.STORING else enqueue_check)(upload)
    return redirect("uploads:detail", upload.pk)
