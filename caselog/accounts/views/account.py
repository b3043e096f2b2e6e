"""Your account: your details, your password, and signing out everywhere else."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from .. import permissions
from ..audit import record
from ..forms import ChangePasswordForm, NameForm
from ..models import SecurityEvent
from ..sessions import end_sessions


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Where signing in lands: what needs doing with the user's logs (home_context), then links."""
    from caselog.channels.web.logs.home import home_context

    user = request.user
    return render(request, "accounts/home.html", {
        "can_see_users": permissions.can_see_users_page(user),
        "can_create_logs": permissions.can_create_logs(user),
        **home_context(request),
    })


@login_required
def account(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/account.html", {"person": request.user})


@login_required
@require_http_methods(["GET", "POST"])
def change_name(request: HttpRequest) -> HttpResponse:
    form = NameForm(request.POST or None, initial={"name": request.user.name})
    if request.method == "POST" and form.is_valid():
        old = request.user.name
        request.user.name = form.cleaned_data["name"]
        request.user.save(update_fields=["name", "updated_at"])
        record(SecurityEvent.Kind.USER_CHANGED, request=request, user=request.user, name=[old, request.user.name])
        messages.success(request, "Your name has been changed.")
        return redirect("accounts:account")
    return render(request, "accounts/change_name.html", {"form": form})


@login_required
@sensitive_post_parameters("current", "password", "confirm")
@require_http_methods(["GET", "POST"])
def change_password(request: HttpRequest) -> HttpResponse:
    form = ChangePasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        request.user.set_password(form.cleaned_data["password"])
        request.user.save(update_fields=["password", "updated_at"])
        update_session_auth_hash(request, request.user)  # stay signed in here...
        end_sessions(request.user, keep=request.session.session_key)  # ...and nowhere else
        record(SecurityEvent.Kind.PASSWORD_SET, request=request, user=request.user, via="account")
        messages.success(request, "Your password has been changed.")
        return redirect("accounts:account")
    return render(request, "accounts/change_password.html", {"form": form})
