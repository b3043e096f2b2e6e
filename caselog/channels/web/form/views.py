"""The log's pages: its task list, check your answers (a subsection's and the whole log's)
and one page per page of the definition.

Every log is looked up in permissions.logs_for(user): any other answers 404. Answers change
only through the gateway: a page is first judged with validate() (nothing stored), and
saved with submit() only when no error names one of its questions. After the log's edit
end date (caselog/logs/window.py) the pages show the answers and a notice, and nothing is
saved.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from caselog.accounts import permissions
from caselog.definitions.model import Page
from caselog.engine.completeness import unanswered
from caselog.engine.messages import not_answered_finding
from caselog.engine.outcome import CANNOT_START_YET, COMPLETED, IN_PROGRESS, NOT_STARTED
from caselog.gateway import Source, submit, validate
from caselog.logs import window
from caselog.logs.duplicates import duplicates_of, is_dismissed

from . import navigation as nav
from .fields import (
    answers_from_post,
    bind,
    heading_of,
    initial_values,
    page_fields,
    posted_values,
    walk,
)
from .state import LogForm
from .summary import Row, answer_lines, subsection_rows, summary_list

STATUSES = {
    NOT_STARTED: {"tag": {"text": "Not started", "classes": "govuk-tag--blue"}},
    IN_PROGRESS: {"tag": {"text": "In progress", "classes": "govuk-tag--light-blue"}},
    COMPLETED: {"text": "Completed"},
    CANNOT_START_YET: {"text": "Cannot start yet", "classes": "govuk-task-list__status--cannot-start-yet"},
}
LATER = "later"  # the "Save and come back later" button's value


def _form(request: HttpRequest, pk: int) -> LogForm:
    logs = permissions.logs_for(request.user).select_related("owning_organisation", "managing_organisation")
    return LogForm.load(get_object_or_404(logs, pk=pk), request.user, window.today())


def _common(form: LogForm) -> dict:
    return {"log": form.log, "form": form, "definition": form.definition, "log_url": nav.log_url(form)}


# the log's task list ----------------------------------------------------------------------------

@login_required
@require_safe
def log_page(request: HttpRequest, pk: int) -> HttpResponse:
    form = _form(request, pk)
    sections = []
    for section in form.definition.sections:
        items = []
        for sub in section.subsections:
            status = form.outcome.subsections.get(sub.id)
            if status is None:
                continue  # not part of this log
            if status == IN_PROGRESS and form.outcome.status == NOT_STARTED:
                status = NOT_STARTED  # only the answers the service filled in when it created the log
            item = {"title": {"text": sub.label}, "status": STATUSES[status]}
            if status != CANNOT_START_YET:
                first = nav.first_page(form, sub.id) if status == NOT_STARTED and form.editable else None
                item["href"] = nav.page_url(form, first.id) if first else nav.check_answers_url(form, sub.id)
            items.append(item)
        if items:
            sections.append({"label": section.label, "list": {"idPrefix": nav.slug(section.id), "items": items}})
    statuses = list(form.outcome.subsections.values())
    return render(request, "web/form/log.html", {
        **_common(form), "sections": sections, "status": form.outcome.status,
        "completed": statuses.count(COMPLETED), "total": len(statuses),
        "can_delete": permissions.can_delete_log(request.user, form.log),
        "duplicates": _duplicates_seen(request, form.log),
    })


def _duplicates_seen(request: HttpRequest, log) -> int:
    """How many logs the user can see duplicate this one, unless the set was dismissed."""
    others = list(duplicates_of(log, permissions.logs_for(request.user)).values_list("pk", flat=True))
    return 0 if not others or is_dismissed(log.duplicate_key, [log.pk, *others]) else len(others)


# check your answers ----------------------------------------------------------------------------

@login_required
@require_safe
def check_answers(request: HttpRequest, pk: int, subsection: str) -> HttpResponse:
    form = _form(request, pk)
    sub = form.subsections.get(nav.unslug(subsection))
    if sub is None or sub.id not in form.outcome.subsections:
        raise Http404
    rows = subsection_rows(form, sub)
    first_missing = next((p for q in form.unanswered() if (p := nav.page_asking(form, q, sub.id))), None)
    return render(request, "web/form/check_answers.html", {
        **_common(form), "subsection": sub, "status": form.outcome.subsections[sub.id],
        "summary": summary_list(form, rows, nav.CHECK_ANSWERS),
        "answered": sum(1 for r in rows if r.answered), "total": len(rows),
        "missing_url": nav.page_url(form, first_missing.id) if first_missing and form.editable else None,
    })


@login_required
@require_safe
def review(request: HttpRequest, pk: int) -> HttpResponse:
    form = _form(request, pk)
    sections = []
    for section in form.definition.sections:
        subs = []
        for sub in section.subsections:
            status = form.outcome.subsections.get(sub.id)
            if status is None:
                continue
            rows = subsection_rows(form, sub) if status != CANNOT_START_YET else []
            subs.append({"subsection": sub, "status": STATUSES[status], "cannot_start": status == CANNOT_START_YET,
                         "summary": summary_list(form, rows, nav.REVIEW)})
        if subs:
            sections.append({"label": section.label, "subsections": subs})
    return render(request, "web/form/review.html", {**_common(form), "sections": sections})


# a page of the definition ------------------------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def question(request: HttpRequest, pk: int, page: str) -> HttpResponse:
    form = _form(request, pk)
    found = form.page(nav.unslug(page))
    if found is None:
        raise Http404
    if not form.offered(found):
        return redirect(nav.log_url(form))  # the page does not apply to this log (now)
    referrer = request.GET.get("referrer") if request.GET.get("referrer") in nav.REFERRERS else None
    interruption = form.page(nav.unslug(request.GET.get("interruption", ""))) if referrer == nav.INTERRUPTION else None
    if interruption is not None and not interruption.check:
        interruption = None
    context = {"referrer": referrer, "interruption": interruption}
    fields = page_fields(form, found)
    if not form.editable:
        if request.method == "POST":  # nothing is saved: the page says why
            return redirect(request.get_full_path())
        return _read_only(request, form, found, fields)
    if request.method == "POST":
        return _save(request, form, found, fields, context)
    bind(fields, form, initial_values(fields, form.outcome.values), {})
    return _show(request, form, found, fields, context)


def _show(request, form: LogForm, page: Page, fields, context, errors=None, status=200) -> HttpResponse:
    sub = form.subsection_of(page)
    heading, caption = heading_of(page, sub.label, fields)
    single = next((f for f in fields if f.heading), None)
    data = {
        **_common(form), **context, "page": page, "fields": fields, "heading": heading, "caption": caption,
        "title": heading or (single.label if single else sub.label), "errors": errors,
        "back_url": nav.back_url(form, page, context["referrer"], context["interruption"]),
        "has_select": any(f.kind == "select" for f in walk(fields)),
    }
    if page.check:
        data.update(_interruption(form, page, fields))
    return render(request, "web/form/page.html", data, status=status)


def _interruption(form: LogForm, page: Page, fields) -> dict:
    """An interruption screen: the check's words and the answers it is about."""
    checks = [w for w in form.outcome.warnings if w.rule == page.check or w.rule.startswith(page.check + ".")]
    rows = []
    for field_id in dict.fromkeys(f for w in checks for f in w.fields):
        if field_id not in form.definition.questions:
            continue
        asking = nav.page_asking(form, field_id)
        if asking is not None and not asking.check:
            question = form.question(asking, field_id)
            rows.append(Row(question, asking, answer_lines(form, question)))
    return {"checks": checks, "check_summary": summary_list(form, rows, nav.INTERRUPTION, page.id),
            "heading": checks[0].message if checks else fields[0].label if fields else page.header}


def _save(request, form: LogForm, page: Page, fields, context) -> HttpResponse:
    answers = answers_from_post(fields, request.POST)
    later = request.POST.get("action") == LATER
    judged = validate(form.log, answers, form.today, actor=form.user)
    on_page = {aid for f in walk(fields) for aid in f.answer_ids}
    problems = [e for e in judged.errors if set(e.fields) & on_page]
    if not later:  # "Save and continue" needs every question the page must have answered
        said = {f for e in problems for f in e.fields}
        blank = [not_answered_finding(form.compiled, q) for q in unanswered(form.compiled, judged, form.ctx)
                 if q in page.question_ids and _left_blank(form.definition.questions[q], answers)]
        problems += [b for b in blank if not set(b.fields) & said]  # one message is enough
    if problems and not later:
        errors: dict[str, list[str]] = {}
        for finding in problems:
            for field_id in finding.fields:
                if field_id in on_page:
                    errors.setdefault(field_id, []).append(finding.message_for(field_id))
        bind(fields, form, posted_values(fields, request.POST), errors)
        summary = []
        for f in walk(fields):
            for message in dict.fromkeys(m for aid in f.answer_ids for m in errors.get(aid, ())):
                if all(item["text"] != message for item in summary):
                    summary.append({"text": message, "href": f"#{f.anchor}"})
        return _show(request, form, page, fields, context, {"titleText": "There is a problem", "errorList": summary})
    if problems:  # come back later: save what can be saved
        refused = {f for e in problems for f in e.fields}
        answers = {k: v for k, v in answers.items() if k not in refused}
    answers.update(_asked_again(form, judged, answers))
    submit(form.log, answers, Source("web", form.user), today=form.today)
    after = LogForm.load(form.log, form.user, form.today)
    if later:
        return redirect(nav.log_url(after))
    if page.check and _said_no(form, page, answers):
        previous = nav.previous_page(after, page)
        target = nav.page_url(after, previous.id, context["referrer"]) if previous else nav.log_url(after)
        return redirect(target)
    return redirect(nav.after_saving(after, page, answers, context["referrer"], context["interruption"]))


def _left_blank(question, answers: dict) -> bool:
    """Nothing given for the question on this page (an answer such as "No" to a soft check
    is given, even though the log cannot be completed with it)."""
    if question.type == "checkbox":
        return not any(answers.get(str(o.code)) in (1, "1") for o in question.options)
    return answers.get(question.id) in (None, "")


def _asked_again(form: LogForm, judged, answers: dict) -> dict:
    """A check's confirmation is asked again when an answer the check is about changes."""
    changed = {aid for aid in answers if form.outcome.answers.get(aid) != judged.answers.get(aid)}
    again = {}
    for check in form.compiled.checks:
        confirmation = check.rule.confirmation
        if confirmation and confirmation not in answers and set(check.rule.fields) & changed \
                and form.outcome.answers.get(confirmation) is not None:
            again[confirmation] = None
    return again


def _said_no(form: LogForm, page: Page, answers: dict) -> bool:
    """On an interruption screen, "No" (1) goes back to change the answer."""
    return any(str(answers.get(q.id)) == "1" for q in page.questions
               if form.definition.questions[q.id].type == "confirmation")


def _read_only(request, form: LogForm, page: Page, fields) -> HttpResponse:
    sub = form.subsection_of(page)
    rows = [r for r in subsection_rows(form, sub) if r.page.id == page.id]
    return render(request, "web/form/read_only.html", {
        **_common(form), "page": page, "subsection": sub, "summary": summary_list(form, rows, nav.CHECK_ANSWERS),
        "title": page.header or (fields[0].label if fields else sub.label),
    })
