"""The schemes list, a scheme's page, and the questions that create or change a scheme.

As CORE: a new scheme is saved after its first page (so the user can come back to it) and
stays incomplete until they check their answers and confirm them. Once confirmed, only its
name, confidentiality, owner (support only) and support can change: a scheme that changes
in other ways is a new scheme.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_http_methods

from caselog.accounts import permissions
from caselog.accounts.models import Organisation
from caselog.channels.web.govuk import pagination
from caselog.logs import window

from .. import forms as questions
from ..dates import scheme_available_from
from ..deactivation import availability_lines, may_deactivate, may_reactivate
from ..models import ArrangementType, Scheme, YesNo
from ..search import search_schemes
from ..status import scheme_status
from .common import (
    PER_PAGE,
    changeable_scheme_or_404,
    history,
    posted,
    returning_to_check_answers,
    scheme_or_404,
    schemes_with_status,
    status_note,
    tag,
)


@login_required
def scheme_list(request: HttpRequest) -> HttpResponse:
    if not permissions.can_see_schemes(request.user):
        raise Http404
    schemes = permissions.schemes_listed(request)
    query = " ".join(request.GET.get("q", "").split())
    total = schemes.count()
    organisation = None
    organisations = []
    if request.user.is_support:
        organisations = Organisation.objects.order_by("name").only("id", "name")
        chosen = request.GET.get("organisation", "")
        if chosen.isdigit():
            organisation = Organisation.objects.filter(pk=int(chosen)).first()
            if organisation is not None:
                schemes = schemes.filter(owning_organisation=organisation)
    found = search_schemes(schemes, query).order_by("service_name", "id")
    page = Paginator(schemes_with_status(found), PER_PAGE).get_page(request.GET.get("page"))
    on = window.today()
    rows = []
    for scheme in page:
        status = scheme_status(scheme, on)
        rows.append({"scheme": scheme, "tag": tag(status, scheme.deactivations.all()),
                     "link": format_html('<a class="govuk-link" href="{}">{}</a>',
                                         reverse("schemes:detail", args=[scheme.pk]), scheme.service_name),
                     "locations": sum(1 for loc in scheme.locations.all() if loc.deleted_at is None)})
    return render(request, "schemes/list.html", {
        "page": page, "rows": rows, "query": query, "total": total,
        "organisations": organisations, "organisation": organisation,
        "pagination": pagination(page, request),
        "can_create": permissions.can_create_schemes(request.user),
    })


@login_required
def scheme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = scheme_or_404(request, pk)
    on = window.today()
    status = scheme_status(scheme, on)
    periods = list(scheme.deactivations.all())
    can_change = permissions.can_change_scheme(request.user, scheme)
    return render(request, "schemes/detail.html", {
        "scheme": scheme, "status": status, "tag": tag(status, periods),
        "status_note": status_note(status, "scheme"),
        "rows": scheme_rows(scheme, request.user, changes=can_change, check_answers=False),
        "availability": availability_lines(scheme_available_from(scheme), periods),
        "history": history(periods),
        "can_change": can_change,
        "can_deactivate": can_change and may_deactivate(status.status, periods, on),
        "can_reactivate": can_change and may_reactivate(status.status, periods, on),
        "location_count": scheme.locations.visible().count(),
    })


# the questions ------------------------------------------------------------------------------------

# Pages in the order they are asked, and whether a scheme needs each one.
STEPS = ["details", "support-provider", "primary-client-group", "confirm-secondary-client-group",
         "secondary-client-group", "support"]
# Pages that can still be changed once the scheme is confirmed (CORE redirect_if_scheme_confirmed).
CHANGEABLE_WHEN_CONFIRMED = {"edit-name", "support-provider", "support"}


def _applies(scheme: Scheme, step: str) -> bool:
    if step == "support-provider":
        return scheme.arrangement_type == ArrangementType.ANOTHER_STOCK_OWNER
    if step == "secondary-client-group":
        return scheme.has_other_client_group == YesNo.YES
    return True


def _answered(scheme: Scheme, step: str) -> bool:
    names = {
        "details": ["service_name", "scheme_type", "registered_under_care_act", "arrangement_type"],
        "support-provider": ["managing_organisation_id"],
        "primary-client-group": ["primary_client_group"],
        "confirm-secondary-client-group": ["has_other_client_group"],
        "secondary-client-group": ["secondary_client_group"],
        "support": ["support_type", "intended_stay"],
    }[step]
    return all(getattr(scheme, name) not in (None, "") for name in names)


def _owners(request: HttpRequest, scheme: Scheme | None) -> list[Organisation]:
    owners = list(permissions.organisations_to_own_schemes(request.user))
    if scheme is not None and scheme.owning_organisation not in owners:
        owners.append(scheme.owning_organisation)
    return owners


def _form(request: HttpRequest, scheme: Scheme, step: str, data):
    initial = {
        "service_name": scheme.service_name, "sensitive": scheme.sensitive == YesNo.YES,
        "owning_organisation": str(scheme.owning_organisation_id),
        "managing_organisation": str(scheme.managing_organisation_id or ""),
    }
    for name in ("scheme_type", "registered_under_care_act", "arrangement_type", "primary_client_group",
                 "has_other_client_group", "secondary_client_group", "support_type", "intended_stay"):
        initial[name] = getattr(scheme, name)
    if step == "details":
        return questions.SchemeDetailsForm(data, initial=initial, owners=_owners(request, scheme))
    if step == "edit-name":
        owners = _owners(request, scheme) if request.user.is_support else None
        return questions.SchemeNameForm(data, initial=initial, owners=owners)
    if step == "support-provider":
        organisations = permissions.organisations_to_support_schemes(request.user, scheme)
        return questions.SupportProviderForm(data, initial=initial, organisations=organisations)
    if step == "primary-client-group":
        return questions.PrimaryClientGroupForm(data, initial=initial)
    if step == "confirm-secondary-client-group":
        return questions.ConfirmSecondaryForm(data, initial=initial)
    if step == "secondary-client-group":
        return questions.SecondaryClientGroupForm(data, initial=initial, primary=scheme.primary_client_group)
    if step == "support":
        return questions.SupportForm(data, initial=initial, current_support_type=scheme.support_type)
    raise Http404


def _next_url(scheme: Scheme, step: str, check_answers: bool) -> str:
    if scheme.confirmed:
        return reverse("schemes:detail", args=[scheme.pk])
    later = STEPS[STEPS.index(step) + 1:] if step in STEPS else []
    for following in later:
        if _applies(scheme, following) and not (check_answers and _answered(scheme, following)):
            url = reverse("schemes:question", args=[scheme.pk, following])
            return url + "?check_answers=1" if check_answers else url
    return reverse("schemes:check-answers", args=[scheme.pk])


def _back_url(scheme: Scheme | None, step: str, check_answers: bool) -> str:
    if scheme is None:
        return reverse("schemes:list")
    if scheme.confirmed:
        return reverse("schemes:detail", args=[scheme.pk])
    if check_answers:
        return reverse("schemes:check-answers", args=[scheme.pk])
    earlier = [s for s in STEPS[:STEPS.index(step)] if _applies(scheme, s)] if step in STEPS else []
    return reverse("schemes:question", args=[scheme.pk, earlier[-1]]) if earlier else reverse("schemes:detail", args=[scheme.pk])


def _save(scheme: Scheme, form, step: str) -> None:
    form.apply(scheme)
    if step == "details" and scheme.arrangement_type != ArrangementType.ANOTHER_STOCK_OWNER:
        scheme.managing_organisation = None
    scheme.save()


@login_required
@require_http_methods(["GET", "POST"])
def new_scheme(request: HttpRequest) -> HttpResponse:
    if not permissions.can_see_schemes(request.user) or not permissions.can_create_schemes(request.user):
        raise Http404
    form = questions.SchemeDetailsForm(posted(request), owners=_owners(request, None))
    if request.method == "POST" and form.is_valid():
        scheme = Scheme()
        _save(scheme, form, "details")
        return redirect(_next_url(scheme, "details", False))
    return render(request, "schemes/question.html", {
        "form": form, "scheme": None, "back": reverse("schemes:list"), "button": "Save and continue",
    })


@login_required
@require_http_methods(["GET", "POST"])
def scheme_question(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    scheme = changeable_scheme_or_404(request, pk)
    if step not in STEPS and step != "edit-name":
        raise Http404
    if scheme.confirmed and step not in CHANGEABLE_WHEN_CONFIRMED:
        return redirect("schemes:question", scheme.pk, "edit-name") if step == "details" else redirect("schemes:detail", scheme.pk)
    if step == "edit-name" and not scheme.confirmed:
        return redirect("schemes:question", scheme.pk, "details")
    if not _applies(scheme, step):
        return redirect(_next_url(scheme, step, returning_to_check_answers(request)))
    check_answers = returning_to_check_answers(request)
    form = _form(request, scheme, step, posted(request))
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            _save(scheme, form, step)
        if scheme.confirmed:
            messages.success(request, f"{scheme.service_name} has been changed.")
        return redirect(_next_url(scheme, step, check_answers))
    return render(request, "schemes/question.html", {
        "form": form, "scheme": scheme, "check_answers": check_answers,
        "back": _back_url(scheme, step, check_answers),
        "button": "Save changes" if scheme.confirmed or check_answers else "Save and continue",
    })


@login_required
@require_http_methods(["GET", "POST"])
def check_answers(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = scheme_or_404(request, pk)
    can_change = permissions.can_change_scheme(request.user, scheme)
    missing = scheme.missing_for_confirmation()
    if request.method == "POST":
        if not can_change:
            raise Http404
        if scheme.confirmed:
            return redirect("schemes:detail", scheme.pk)
        if not missing:
            scheme.confirmed = True
            scheme.save()
            messages.success(request, f"{scheme.service_name} has been created. Add a location so that logs can use this scheme."
                             if not scheme.locations.visible().filter(confirmed=True).exists()
                             else f"{scheme.service_name} has been created.")
            return redirect("schemes:detail", scheme.pk)
    return render(request, "schemes/check_answers.html", {
        "scheme": scheme, "can_change": can_change,
        "rows": scheme_rows(scheme, request.user, changes=can_change, check_answers=True),
        "missing": missing if request.method == "POST" else [],
    })


def scheme_rows(scheme: Scheme, user, *, changes: bool, check_answers: bool) -> list[dict]:
    """govukSummaryList rows of the scheme's answers, with change links where allowed."""

    def link(step: str, hidden: str):
        if not changes:
            return None
        if scheme.confirmed and step not in CHANGEABLE_WHEN_CONFIRMED:
            return None
        if step == "edit-name" and not scheme.confirmed:
            step = "details"
        url = reverse("schemes:question", args=[scheme.pk, step])
        if check_answers:
            url += "?check_answers=1"
        return {"items": [{"href": url, "text": "Change", "visuallyHiddenText": hidden}]}

    def answer(value: str) -> dict:
        return {"text": value} if value else {"html": '<span class="govuk-hint">You did not answer this question</span>'}

    name_step = "edit-name"
    rows = []
    if scheme.confirmed:
        rows.append({"key": {"text": "Scheme code"}, "value": {"text": scheme.code}})
    rows += [
        {"key": {"text": "Scheme name"}, "value": answer(scheme.service_name), "actions": link(name_step, "scheme name")},
        {"key": {"text": "Confidential information"}, "value": answer(scheme.get_sensitive_display()),
         "actions": link(name_step, "whether the scheme contains confidential information")},
        {"key": {"text": "Type of scheme"}, "value": answer(scheme.get_scheme_type_display() if scheme.scheme_type is not None else ""),
         "actions": link("details", "type of scheme")},
        {"key": {"text": "Registered under Care Standards Act 2000"},
         "value": answer(scheme.get_registered_under_care_act_display() if scheme.registered_under_care_act else ""),
         "actions": link("details", "whether the scheme is registered under the Care Standards Act 2000")},
        {"key": {"text": "Housing stock owned by"}, "value": answer(scheme.owning_organisation.name),
         "actions": link(name_step, "housing stock owner") if user.is_support or not scheme.confirmed else None},
        {"key": {"text": "Support services provided by"},
         "value": answer(scheme.get_arrangement_type_display() if scheme.arrangement_type else ""),
         "actions": link("details", "who provides the support services")},
    ]
    if scheme.arrangement_type == ArrangementType.ANOTHER_STOCK_OWNER:
        rows.append({"key": {"text": "Organisation providing support"},
                     "value": answer(scheme.managing_organisation.name if scheme.managing_organisation else ""),
                     "actions": link("support-provider", "organisation providing support")})
    rows += [
        {"key": {"text": "Primary client group"},
         "value": answer(scheme.get_primary_client_group_display() if scheme.primary_client_group else ""),
         "actions": link("primary-client-group", "primary client group")},
        {"key": {"text": "Has another client group"},
         "value": answer(scheme.get_has_other_client_group_display() if scheme.has_other_client_group is not None else ""),
         "actions": link("confirm-secondary-client-group", "whether the scheme has another client group")},
    ]
    if scheme.has_other_client_group == YesNo.YES:
        rows.append({"key": {"text": "Secondary client group"},
                     "value": answer(scheme.get_secondary_client_group_display() if scheme.secondary_client_group else ""),
                     "actions": link("secondary-client-group", "secondary client group")})
    rows += [
        {"key": {"text": "Level of support given"},
         "value": answer(scheme.get_support_type_display() if scheme.support_type is not None else ""),
         "actions": link("support", "level of support given")},
        {"key": {"text": "Intended length of stay"},
         "value": answer(scheme.get_intended_stay_display() if scheme.intended_stay else ""),
         "actions": link("support", "intended length of stay")},
    ]
    return rows
