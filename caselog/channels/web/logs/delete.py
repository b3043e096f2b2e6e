"""Deleting a log: a confirmation page, then the log leaves every list. Who may delete which
log is permissions.can_delete_log (CORE's policy); anyone else finds no such page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from caselog.accounts import permissions
from caselog.logs.deletion import delete_logs
from caselog.logs.models import Log


def deletable_log_or_404(request: HttpRequest, pk: int) -> Log:
    log = get_object_or_404(permissions.logs_for(request.user), pk=pk)
    if not permissions.can_delete_log(request.user, log):
        raise Http404
    return log


@login_required
@require_http_methods(["GET", "POST"])
def delete_log(request: HttpRequest, pk: int) -> HttpResponse:
    log = deletable_log_or_404(request, pk)
    if request.method == "POST":
        delete_logs([log], request.user)
        messages.success(request, f"Log {log.pk} has been deleted.")
        return redirect("web:logs")
    return render(request, "web/logs/delete.html", {"log": log})
