"""Sign in and out, forgotten passwords, invitation links and two-factor authentication."""

from __future__ import annotations

import base64
import secrets

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.encoding import force_str
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .. import emails
from ..audit import record
from ..forms import EmailForm, SetPasswordForm
from ..models import SecurityEvent, User, normalise_email
from ..sessions import end_sessions
from ..signin import SignInForm, second_step
from ..tokens import invitation_tokens, password_reset_tokens


@never_cache
@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and request.method == "GET":
        return redirect("accounts:home")
    form = SignInForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        login(request, form.user)
        nxt = request.POST.get("next", "")
        step = second_step(request.user)
        if step:
            request.session["after_two_factor"] = nxt
            return redirect(step)
        return redirect(_safe_next(request, nxt))
    return render(request, "accounts/sign_in.html", {
        "form": form, "next": request.GET.get("next", request.POST.get("next", "")),
        "timed_out": request.GET.get("timed_out"),
    })


def _safe_next(request: HttpRequest, nxt: str) -> str:
    if nxt and url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return nxt
    return reverse("accounts:home")


@require_http_methods(["GET", "POST"])
def sign_out(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        logout(request)
        return render(request, "accounts/signed_out.html")
    return render(request, "accounts/sign_out.html")


@never_cache
@require_http_methods(["GET", "POST"])
def forgotten_password(request: HttpRequest) -> HttpResponse:
    form = EmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = normalise_email(form.cleaned_data["email"])
        user = User.objects.filter(email=email, is_active=True).first()
        if user is not None:
            emails.send_password_reset(request, user)
            record(SecurityEvent.Kind.PASSWORD_RESET_REQUESTED, request=request, user=user)
        # the same page whether or not anyone has the address
        return render(request, "accounts/check_email.html",
                      {"email": email, "minutes": settings.PASSWORD_RESET_TIMEOUT // 60})
    return render(request, "accounts/forgotten_password.html", {"form": form})


# emailed links ----------------------------------------------------------------------------------

LINK_SESSION_KEY = "caselog_link"


def _user_from_uid(uidb64: str) -> User | None:
    try:
        pk = force_str(urlsafe_base64_decode(uidb64))
        return User.objects.get(pk=pk)
    except (TypeError, ValueError, OverflowError, User.DoesNotExist):
        return None


def _link_view(request: HttpRequest, uidb64: str, token: str, kind: str) -> HttpResponse:
    """Both links: check the token, then move it from the address into the session so it
    does not leak through the Referer header, and ask for a password."""
    tokens = invitation_tokens if kind == "invitation" else password_reset_tokens
    url_name = "accounts:invitation" if kind == "invitation" else "accounts:reset-password"
    user = _user_from_uid(uidb64)
    if token != "set":
        if user is None or not user.is_active or not tokens.check_token(user, token):
            return render(request, "accounts/link_expired.html", {"kind": kind}, status=404)
        request.session[LINK_SESSION_KEY] = {"uid": uidb64, "token": token, "kind": kind}
        return redirect(url_name, uidb64, "set")
    held = request.session.get(LINK_SESSION_KEY) or {}
    if user is None or held.get("uid") != uidb64 or held.get("kind") != kind or not user.is_active \
            or not tokens.check_token(user, held.get("token")):
        return render(request, "accounts/link_expired.html", {"kind": kind}, status=404)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user.set_password(form.cleaned_data["password"])
        user.save(update_fields=["password", "updated_at"])
        del request.session[LINK_SESSION_KEY]
        end_sessions(user)  # a reset ends any session an intruder may hold
        record(SecurityEvent.Kind.PASSWORD_SET, request=request, actor=user, user=user, via=kind)
        messages.success(request, "Your password is set. Sign in with your email address and new password.")
        return redirect("accounts:sign-in")
    return render(request, "accounts/set_password.html", {"form": form, "kind": kind, "person": user})


@never_cache
@sensitive_post_parameters("password", "confirm")
@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    return _link_view(request, uidb64, token, "invitation")


@never_cache
@sensitive_post_parameters("password", "confirm")
@require_http_methods(["GET", "POST"])
def reset_password(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    return _link_view(request, uidb64, token, "reset")


# two-factor authentication ----------------------------------------------------------------

RECOVERY_CODES = 10


@never_cache
@require_http_methods(["GET", "POST"])
def two_factor_set_up(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.is_authenticated:
        return redirect("accounts:sign-in")
    if second_step(user) == "accounts:two-factor":  # has an app: a new one only once signed in with it
        return redirect("accounts:two-factor")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first() or TOTPDevice.objects.create(
        user=user, name="Authenticator app", confirmed=False
    )
    error = None
    if request.method == "POST":
        code = "".join(request.POST.get("code", "").split())
        if not code:
            error = "Enter the 6-digit code from your authenticator app"
        elif not device.verify_is_allowed()[0]:
            error = "Wait a few seconds, then enter the code your app shows"
        elif not (code.isdigit() and len(code) == 6) or not device.verify_token(code):
            error = "The code is not right. Enter the 6-digit code your app shows now"
        else:
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            device.confirmed = True
            device.save()
            otp_login(request, device)
            codes = _new_recovery_codes(user)
            record(SecurityEvent.Kind.TWO_FACTOR_SET_UP, request=request, user=user)
            return render(request, "accounts/recovery_codes.html", {"codes": codes,
                                                                   "next": _safe_next(request, request.session.pop("after_two_factor", ""))})
    secret = base64.b32encode(device.bin_key).decode()
    return render(request, "accounts/two_factor_set_up.html", {
        "secret": " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)),
        "qr_svg": _qr_svg(device.config_url), "error": error,
    })


def _qr_svg(data: str) -> str:
    import segno

    return segno.make(data, error="m").svg_inline(scale=4, title="QR code for your authenticator app")


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Recovery codes")
    codes = ["-".join(secrets.token_hex(2) for _ in range(3)) for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


@never_cache
@require_http_methods(["GET", "POST"])
def two_factor(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.is_authenticated:
        return redirect("accounts:sign-in")
    step = second_step(user)
    if step != "accounts:two-factor":  # already given, not needed, or no app set up yet
        return redirect(step or "accounts:home")
    error = None
    if request.method == "POST":
        code = request.POST.get("code", "").strip().lower()
        compact = "".join(code.split())
        if not compact:
            error = "Enter the 6-digit code from your authenticator app, or a recovery code"
        else:
            device = _matching_device(user, compact)
            if device is None:
                record(SecurityEvent.Kind.TWO_FACTOR_FAILED, request=request, user=user)
                error = "The code is not right. Enter the code your app shows now, or one of your recovery codes"
            else:
                otp_login(request, device)
                if isinstance(device, StaticDevice):
                    left = device.token_set.count()
                    record(SecurityEvent.Kind.RECOVERY_CODE_USED, request=request, user=user, left=left)
                    messages.warning(request, f"You used a recovery code. You have {left} left: set up "
                                              "your app again from your account page to get new ones.")
                return redirect(_safe_next(request, request.session.pop("after_two_factor", "")))
    return render(request, "accounts/two_factor.html", {"error": error})


def _matching_device(user: User, code: str):
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        if code.isdigit() and len(code) == 6 and device.verify_is_allowed()[0] and device.verify_token(code):
            return device
    for device in StaticDevice.objects.filter(user=user):
        if device.verify_token(code):  # a recovery code works once: verify_token deletes it
            return device
    return None


@login_required
@require_POST
def end_other_sessions(request: HttpRequest) -> HttpResponse:
    end_sessions(request.user, keep=request.session.session_key)
    messages.success(request, "You have been signed out everywhere else.")
    return redirect("accounts:account")
