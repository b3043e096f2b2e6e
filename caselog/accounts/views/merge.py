"""Merging other organisations into one (support only): choose the organisations, give the
merge date, check what will move, confirm. The choices so far are kept in the session until
the merge is done. The merge itself is caselog/accounts/merge.py."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from .. import merge, permissions
from ..models import Organisation
from ..organisation_forms import DateForm

STATE = "caselog_merge"  # session: {"into": absorbing id, "merging": [ids], "date": "YYYY-MM-DD"}
RESULTS = 20


def _absorbing_or_404(request: HttpRequest, pk: int) -> Organisation:
    if not permissions.can_merge_organisations(request.user):
        raise Http404
    return get_object_or_404(permissions.organisations_for(request.user).select_related("absorbed_by"), pk=pk)


def _state(request: HttpRequest, absorbing: Organisation) -> dict:
    state = request.session.get(STATE)
    if not state or state.get("into") != absorbing.pk:
        state = {"into": absorbing.pk, "merging": [], "date": None}
    return state


def _save(request: HttpRequest, state: dict) -> None:
    request.session[STATE] = state


def _merging(state: dict) -> list[Organisation]:
    found = {o.pk: o for o in Organisation.objects.filter(pk__in=state["merging"]).select_related("absorbed_by")}
    return [found[pk] for pk in state["merging"] if pk in found]


def _errors(problems: list[str], href: str | None = None) -> dict | None:
    if not problems:
        return None
    return {"titleText": "There is a problem", "errorList": [{"text": p, **({"href": href} if href else {})} for p in problems]}


@login_required
@require_http_methods(["GET", "POST"])
def choose(request: HttpRequest, pk: int) -> HttpResponse:
    absorbing = _absorbing_or_404(request, pk)
    state = _state(request, absorbing)
    problems = [p for p in [merge.absorbing_refusal(absorbing), *(merge.refusal(absorbing, o) for o in _merging(state))] if p]
    if request.method == "POST":
        if "add" in request.POST or "remove" in request.POST:
            other = get_object_or_404(Organisation.objects.select_related("absorbed_by"),
                                      pk=_int(request.POST.get("add") or request.POST.get("remove")))
            if "remove" in request.POST:
                state["merging"] = [i for i in state["merging"] if i != other.pk]
                _save(request, state)
                return redirect("accounts:merge", absorbing.pk)
            problem = merge.refusal(absorbing, other)
            if problem:
                problems = [problem]
            else:
                if other.pk not in state["merging"]:
                    state["merging"].append(other.pk)
                _save(request, state)
                return redirect("accounts:merge", absorbing.pk)
        else:  # continue
            problems = merge.refusals(absorbing, _merging(state))
            if not problems:
                _save(request, state)
                return redirect("accounts:merge-date", absorbing.pk)
    query = request.GET.get("q", "").strip()
    results = []
    if query:
        results = list(Organisation.objects.filter(Q(name__icontains=query) | Q(provider_code__iexact=query))
                       .exclude(pk__in=[absorbing.pk, *state["merging"]]).select_related("absorbed_by")
                       .order_by("name")[:RESULTS])
    return render(request, "accounts/merge_choose.html", {
        "org": absorbing, "merging": _merging(state), "query": query, "results": results,
        "errors": _errors(problems, "#q"),
    })


def _and(names: list[str]) -> str:
    """"A", "A and B", "A, B and C"."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


@login_required
@require_http_methods(["GET", "POST"])
def merge_date(request: HttpRequest, pk: int) -> HttpResponse:
    absorbing = _absorbing_or_404(request, pk)
    state = _state(request, absorbing)
    if not state["merging"]:
        return redirect("accounts:merge", absorbing.pk)
    initial = {}
    if state["date"]:
        day = dt.date.fromisoformat(state["date"])
        initial = {"day": day.day, "month": day.month, "year": day.year}
    form = DateForm(request.POST if request.method == "POST" else None, initial=initial, what="the merge date", id="merge_date")
    if request.method == "POST" and form.is_valid():
        state["date"] = form.cleaned_data["date"].isoformat()
        _save(request, state)
        return redirect("accounts:merge-check", absorbing.pk)
    return render(request, "accounts/merge_date.html", {"org": absorbing, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def check(request: HttpRequest, pk: int) -> HttpResponse:
    absorbing = _absorbing_or_404(request, pk)
    state = _state(request, absorbing)
    if not state["merging"]:
        return redirect("accounts:merge", absorbing.pk)
    if not state["date"]:
        return redirect("accounts:merge-date", absorbing.pk)
    merging = _merging(state)
    when = dt.date.fromisoformat(state["date"])
    problems = merge.refusals(absorbing, merging)
    if request.method == "POST" and not problems:
        try:
            moved = merge.merge_organisations(absorbing, merging, when, request.user, request=request)
        except merge.MergeRefused as refused:
            problems = refused.problems
        else:
            request.session.pop(STATE, None)
            names = _and([o.name for o in merging])
            messages.success(request, (
                f"{names} {'have' if len(merging) > 1 else 'has'} been merged into {absorbing.name} from "
                f"{when.day} {when:%B %Y}. {_count(sum(m.users for m in moved), 'user')} and "
                f"{_count(sum(m.logs for m in moved), 'log')} moved, and "
                f"{_count(sum(m.schemes for m in moved), 'scheme')} copied."))
            return redirect("accounts:organisation", absorbing.pk)
    return render(request, "accounts/merge_check.html", {
        "org": absorbing, "merging": merging, "merge_date": when,
        "moving": merge.plan(absorbing, merging, when), "errors": _errors(problems),
    })


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
