"""Organisation pages: details and changing them, creating organisations, the data sharing
agreement, stock owner / managing agent relationships, and support viewing the service as an
organisation. Organisations outside a user's scope answer 404 (permissions.py)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from .. import permissions
from ..audit import record
from ..models import DataSharingAgreement, Organisation, Relationship, SecurityEvent
from ..organisation_forms import (
    OrganisationForm,
    RentPeriodsForm,
    checkboxes_params,
    rent_period_labels,
)

AGREEMENT_VERSION = "2026"


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    if not request.user.is_support:
        if request.user.organisation_id is None:
            raise Http404
        return redirect("accounts:organisation", request.user.organisation_id)
    organisations = Organisation.objects.all()
    query = request.GET.get("q", "").strip()
    if query:
        organisations = organisations.filter(Q(name__icontains=query) | Q(provider_code__iexact=query))
    page = Paginator(organisations.order_by("name"), 50).get_page(request.GET.get("page"))
    return render(request, "accounts/organisations.html", {
        "page": page, "query": query, "can_create": permissions.can_create_organisations(request.user),
    })


def _organisation_or_404(request: HttpRequest, pk: int) -> Organisation:
    return get_object_or_404(permissions.organisations_for(request.user), pk=pk)


@login_required
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    org = _organisation_or_404(request, pk)
    return render(request, "accounts/organisation.html", {
        "org": org, "agreement": org.data_sharing_agreement,
        "can_change": permissions.can_change_organisation(request.user, org),
        "can_accept": permissions.can_accept_data_sharing(request.user, org),
        "dpos": org.users.filter(is_dpo=True, is_active=True),
        "stock_owners": org.stock_owners(), "agents": org.managing_agents(),
        "acts_for": org.pk in permissions.acting_for(request.user) or request.user.is_support,
        "rent_periods": rent_period_labels(org.rent_periods),
        "absorbed": org.absorbed.order_by("merge_date", "name"),
        "can_change_provider": permissions.can_change_provider_details(request.user),
        "can_merge": permissions.can_merge_organisations(request.user) and org.active and org.absorbed_by_id is None,
        "can_view_as": permissions.can_view_as(request.user),
        "viewing": permissions.viewing_as(request),
        "api_keys": _usable_api_keys(org) if permissions.can_manage_api_keys(request.user, org) else None,
    })


def _usable_api_keys(org: Organisation) -> int:
    from caselog.channels.api.models import ApiKey

    return ApiKey.objects.usable().filter(organisation=org).count()


def _changeable_or_404(request: HttpRequest, pk: int) -> Organisation:
    org = _organisation_or_404(request, pk)
    if not permissions.can_change_organisation(request.user, org):
        raise Http404
    return org


def _shown(value):
    if isinstance(value, Organisation):
        return value.name
    return value


@login_required
@require_http_methods(["GET", "POST"])
def change_details(request: HttpRequest, pk: int) -> HttpResponse:
    """Name, address and telephone number; for support also type, provider code and parent."""
    org = _changeable_or_404(request, pk)
    provider_fields = permissions.can_change_provider_details(request.user)
    form = OrganisationForm(request.POST if request.method == "POST" else None, organisation=org, provider_fields=provider_fields)
    if request.method == "POST" and form.is_valid():
        changes = {f: [_shown(getattr(org, f)), _shown(v)] for f, v in form.cleaned_data.items() if getattr(org, f) != v}
        with transaction.atomic():
            for field, value in form.cleaned_data.items():
                setattr(org, field, value)
            org.save()
            if changes:
                record(SecurityEvent.Kind.ORGANISATION_CHANGED, request=request, organisation=org, **changes)
        messages.success(request, f"{org.name}’s details have been changed." if changes else "Nothing was changed.")
        return redirect("accounts:organisation", org.pk)
    return render(request, "accounts/organisation_change.html", {"org": org, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def change_rent_periods(request: HttpRequest, pk: int) -> HttpResponse:
    org = _changeable_or_404(request, pk)
    form = RentPeriodsForm(request.POST if request.method == "POST" else None, initial={"rent_periods": org.rent_periods})
    if request.method == "POST" and form.is_valid():
        old, new = sorted(org.rent_periods), sorted(form.cleaned_data["rent_periods"])
        if old != new:
            with transaction.atomic():
                org.rent_periods = new
                org.save(update_fields=["rent_periods", "updated_at"])
                record(SecurityEvent.Kind.ORGANISATION_CHANGED, request=request, organisation=org, rent_periods=[old, new])
        messages.success(request, f"{org.name}’s rent periods have been changed." if old != new else "Nothing was changed.")
        return redirect("accounts:organisation", org.pk)
    return render(request, "accounts/rent_periods.html", {
        "org": org, "form": form,
        "checkboxes": checkboxes_params(form["rent_periods"], f"Which rent periods does {org.name} charge by?",
                                        fieldset={"legend": {"text": f"Which rent periods does {org.name} charge by?",
                                                             "isPageHeading": True, "classes": "govuk-fieldset__legend--l"}}),
    })


@login_required
@require_http_methods(["GET", "POST"])
def new_organisation(request: HttpRequest) -> HttpResponse:
    if not permissions.can_create_organisations(request.user):
        raise Http404
    form = OrganisationForm(request.POST if request.method == "POST" else None, provider_fields=True, rent_periods=True)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                org = Organisation.objects.create(**form.cleaned_data)
                record(SecurityEvent.Kind.ORGANISATION_CREATED, request=request, organisation=org,
                       name=org.name, provider_code=org.provider_code, type=org.type,
                       parent=org.parent.name if org.parent else None, rent_periods=org.rent_periods)
        except IntegrityError:  # the same code, created a moment ago by someone else
            form.add_error("provider_code", "Another organisation already has this provider code. Enter this organisation’s own provider code")
        else:
            messages.success(request, f"{org.name} has been created. Invite its first users, starting with its data protection officer.")
            return redirect("accounts:organisation", org.pk)
    return render(request, "accounts/organisation_new.html", {
        "form": form, "checkboxes": checkboxes_params(form["rent_periods"], "Which rent periods does the organisation charge by?"),
    })


@login_required
@require_POST
def view_as(request: HttpRequest, pk: int) -> HttpResponse:
    """Support sees the lists as the organisation's own coordinators would, until they stop
    or sign out. Nothing is recorded: it changes what support sees, not what they may do."""
    if not permissions.can_view_as(request.user):
        raise Http404
    org = _organisation_or_404(request, pk)
    request.session[permissions.VIEWING_AS] = org.pk
    return redirect("accounts:organisation", org.pk)


@login_required
@require_POST
def stop_viewing_as(request: HttpRequest) -> HttpResponse:
    org = permissions.viewing_as(request)
    request.session.pop(permissions.VIEWING_AS, None)
    if org is None:
        return redirect("accounts:organisations")
    return redirect("accounts:organisation", org.pk)


@login_required
@require_http_methods(["GET", "POST"])
def data_sharing(request: HttpRequest, pk: int) -> HttpResponse:
    org = _organisation_or_404(request, pk)
    agreement = org.data_sharing_agreement
    can_accept = permissions.can_accept_data_sharing(request.user, org) and agreement is None
    if request.method == "POST":
        if not can_accept:
            raise Http404
        with transaction.atomic():
            DataSharingAgreement.objects.create(
                organisation=org, accepted_by=request.user, signatory_name=request.user.name,
                signatory_email=request.user.email, version=AGREEMENT_VERSION,
            )
            record(SecurityEvent.Kind.DATA_SHARING_ACCEPTED, request=request, organisation=org, version=AGREEMENT_VERSION)
        messages.success(request, f"You have accepted the data sharing agreement for {org.name}. Its users can now create logs.")
        return redirect("accounts:organisation", org.pk)
    return render(request, "accounts/data_sharing.html", {"org": org, "agreement": agreement, "can_accept": can_accept})


class RelationshipForm(forms.Form):
    KINDS = [("stock_owner", "A stock owner whose homes we manage"), ("managing_agent", "A managing agent that manages our homes")]
    kind = forms.ChoiceField(label="Which do you want to add?", choices=KINDS,
                             error_messages={"required": "Select whether you are adding a stock owner or a managing agent"})
    provider_code = forms.CharField(label="Their provider code", max_length=32, help_text="For example, L1234",
                                    error_messages={"required": "Enter the organisation's provider code"})

    def __init__(self, org: Organisation, *args, **kwargs):
        self.org = org
        super().__init__(*args, **kwargs)

    def clean_provider_code(self) -> Organisation:
        code = self.cleaned_data["provider_code"].strip()
        other = Organisation.objects.filter(provider_code__iexact=code, active=True).first()
        if other is None:
            raise forms.ValidationError("No active organisation has this provider code. Check it and try again")
        if other.pk == self.org.pk:
            raise forms.ValidationError("Enter another organisation's provider code, not your own")
        return other


@login_required
@require_http_methods(["GET", "POST"])
def relationships(request: HttpRequest, pk: int) -> HttpResponse:
    org = _organisation_or_404(request, pk)
    can_change = permissions.can_change_organisation(request.user, org)
    form = RelationshipForm(org, request.POST or None) if can_change else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            other = form.cleaned_data["provider_code"]
            owner, agent = (other, org) if form.cleaned_data["kind"] == "stock_owner" else (org, other)
            try:
                with transaction.atomic():
                    Relationship.objects.create(stock_owner=owner, managing_agent=agent)
                    record(SecurityEvent.Kind.RELATIONSHIP_ADDED, request=request, organisation=org,
                           stock_owner=owner.name, managing_agent=agent.name)
            except IntegrityError:
                form.add_error("provider_code", f"{agent.name} already manages homes for {owner.name}")
            else:
                messages.success(request, f"{agent.name} now manages homes for {owner.name}.")
                return redirect("accounts:relationships", org.pk)
    return render(request, "accounts/relationships.html", {
        "org": org, "form": form, "can_change": can_change,
        "stock_owners": org.stock_owners(), "agents": org.managing_agents(),
    })


@login_required
@require_POST
def remove_relationship(request: HttpRequest, pk: int, other: int) -> HttpResponse:
    org = _organisation_or_404(request, pk)
    if not permissions.can_change_organisation(request.user, org):
        raise Http404
    link = get_object_or_404(Relationship, Q(stock_owner=org, managing_agent_id=other) | Q(managing_agent=org, stock_owner_id=other))
    owner, agent = link.stock_owner, link.managing_agent
    with transaction.atomic():
        link.delete()
        record(SecurityEvent.Kind.RELATIONSHIP_REMOVED, request=request, organisation=org,
               stock_owner=owner.name, managing_agent=agent.name)
    messages.success(request, f"{agent.name} no longer manages homes for {owner.name}.")
    return redirect("accounts:relationships", org.pk)
