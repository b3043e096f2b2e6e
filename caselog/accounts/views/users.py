"""The users pages: who is in an organisation, inviting people, changing roles, deactivating.

Coordinators manage their own organisations' people; support users manage everyone's.
Anyone else, and anyone outside the user's scope, gets 404 (permissions.py).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from .. import emails, permissions
from ..audit import record
from ..forms import UserForm
from ..models import SecurityEvent, User
from ..sessions import end_sessions


def _users_page_or_404(request: HttpRequest) -> None:
    if not permissions.can_see_users_page(request.user):
        raise Http404


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    _users_page_or_404(request)
    people = permissions.users_listed(request).select_related("organisation")
    query = request.GET.get("q", "").strip()
    if query:
        people = people.filter(Q(name__icontains=query) | Q(email__icontains=query) | Q(organisation__name__icontains=query))
    page = Paginator(people.order_by("name", "email"), 50).get_page(request.GET.get("page"))
    return render(request, "accounts/users.html", {
        "page": page, "query": query, "can_invite": permissions.organisations_to_invite_to(request.user).exists(),
    })


def _person_or_404(request: HttpRequest, pk: int) -> User:
    return get_object_or_404(permissions.users_for(request.user).select_related("organisation"), pk=pk)


def _changeable_or_404(request: HttpRequest, pk: int) -> User:
    """Someone the user may change (role, flags, active): anyone else is not found."""
    person = _person_or_404(request, pk)
    if not permissions.can_change_user(request.user, person):
        raise Http404
    return person


@login_required
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_or_404(request, pk)
    if person.pk == request.user.pk:
        return redirect("accounts:account")
    return render(request, "accounts/user.html", {
        "person": person, "can_change": permissions.can_change_user(request.user, person),
        "invitation_pending": person.last_login is None and not person.has_usable_password(),
        "can_reset_two_factor": permissions.can_reset_two_factor(request.user, person) and _has_two_factor(person),
    })


def _has_two_factor(person: User) -> bool:
    return (TOTPDevice.objects.filter(user=person, confirmed=True).exists()
            or StaticDevice.objects.filter(user=person).exists())


@login_required
@require_http_methods(["GET", "POST"])
def reset_two_factor(request: HttpRequest, pk: int) -> HttpResponse:
    """Support removes someone's authenticator app and recovery codes (a lost phone) and signs
    them out; next time they sign in, they set up an app again (signin.second_step)."""
    person = _person_or_404(request, pk)
    if not permissions.can_reset_two_factor(request.user, person) or not _has_two_factor(person):
        raise Http404
    if request.method == "POST":
        with transaction.atomic():
            TOTPDevice.objects.filter(user=person).delete()
            StaticDevice.objects.filter(user=person).delete()  # and its recovery codes
            ended = end_sessions(person)
            record(SecurityEvent.Kind.TWO_FACTOR_RESET, request=request, user=person, sessions_ended=ended)
        emails.send_two_factor_reset(person, request.user)
        messages.success(request, f"{person.name}’s two-factor authentication has been reset and they have been signed out. "
                                  "They will set up an authenticator app the next time they sign in.")
        return redirect("accounts:user", person.pk)
    return render(request, "accounts/reset_two_factor.html", {"person": person})


@login_required
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest) -> HttpResponse:
    organisations = list(permissions.organisations_to_invite_to(request.user))
    if not organisations:
        raise Http404
    viewing = permissions.viewing_as(request)
    initial = {"organisation": str(viewing.pk)} if viewing is not None and viewing in organisations else None
    form = UserForm(request.POST or None, initial=initial, roles=permissions.roles_to_grant(request.user),
                    organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            person = User.objects.create_user(
                data["email"], None, name=data["name"], organisation=data["organisation"], role=data["role"],
                is_dpo=data["is_dpo"], is_key_contact=data["is_key_contact"],
            )
            record(SecurityEvent.Kind.INVITED, request=request, user=person, role=person.role)
        emails.send_invitation(request, person, request.user)
        messages.success(request, f"We have sent {person.name} an email inviting them to set a password.")
        return redirect("accounts:user", person.pk)
    return render(request, "accounts/invite.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def change_user(request: HttpRequest, pk: int) -> HttpResponse:
    person = _changeable_or_404(request, pk)
    organisations = list(permissions.organisations_to_invite_to(request.user))
    if person.organisation is not None and person.organisation not in organisations:
        organisations.append(person.organisation)
    initial = {"name": person.name, "email": person.email, "role": person.role, "is_dpo": person.is_dpo,
               "is_key_contact": person.is_key_contact, "organisation": str(person.organisation_id or "")}
    form = UserForm(request.POST or None, initial=initial, roles=permissions.roles_to_grant(request.user),
                    organisations=organisations, person=person)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changes = {f: [getattr(person, f), data[f]] for f in ("name", "email", "is_dpo", "is_key_contact")
                   if getattr(person, f) != data[f]}
        if person.organisation_id != data["organisation"].pk:
            changes["organisation"] = [person.organisation.name if person.organisation else None, data["organisation"].name]
        old_role = person.role
        with transaction.atomic():
            for f in ("name", "email", "is_dpo", "is_key_contact", "role"):
                setattr(person, f, data[f])
            person.organisation = data["organisation"]
            person.save()
            if changes:
                record(SecurityEvent.Kind.USER_CHANGED, request=request, user=person, **changes)
            if old_role != person.role:
                record(SecurityEvent.Kind.ROLE_CHANGED, request=request, user=person, role=[old_role, person.role])
        messages.success(request, f"{person.name}'s details have been changed.")
        return redirect("accounts:user", person.pk)
    return render(request, "accounts/change_user.html", {"form": form, "person": person})


@login_required
@require_http_methods(["GET", "POST"])
def deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    person = _changeable_or_404(request, pk)
    if not person.is_active:
        raise Http404
    if request.method == "POST":
        with transaction.atomic():
            person.is_active = False
            person.save(update_fields=["is_active", "updated_at"])
            ended = end_sessions(person)
            record(SecurityEvent.Kind.DEACTIVATED, request=request, user=person, sessions_ended=ended)
        emails.send_deactivated(person, request.user)
        messages.success(request, f"{person.name} has been deactivated and signed out.")
        return redirect("accounts:user", person.pk)
    return render(request, "accounts/deactivate.html", {"person": person})


@login_required
@require_http_methods(["GET", "POST"])
def reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    person = _changeable_or_404(request, pk)
    if person.is_active:
        raise Http404
    if request.method == "POST":
        person.is_active = True
        person.save(update_fields=["is_active", "updated_at"])
        record(SecurityEvent.Kind.REACTIVATED, request=request, user=person)
        messages.success(request, f"{person.name} can sign in again.")
        return redirect("accounts:user", person.pk)
    return render(request, "accounts/reactivate.html", {"person": person})


@login_required
@require_http_methods(["POST"])
def resend_invitation(request: HttpRequest, pk: int) -> HttpResponse:
    person = _changeable_or_404(request, pk)
    if not person.is_active:
        raise Http404
    emails.send_invitation(request, person, request.user)
    record(SecurityEvent.Kind.INVITED, request=request, user=person, again=True)
    messages.success(request, f"We have sent {person.name} a new invitation.")
    return redirect("accounts:user", person.pk)
