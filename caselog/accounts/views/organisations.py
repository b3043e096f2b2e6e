"""Organisation pages: details, the data sharing agreement, and stock owner / managing agent
relationships. Organisations outside a user's scope answer 404 (permissions.py)."""

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
    return render(request, "accounts/organisations.html", {"page": page, "query": query})


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
    })


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
