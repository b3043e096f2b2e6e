"""Creating a log: choose lettings or sales, and the gateway creates it in the newest
collection year that takes new logs (the year then follows the start or sale date answer).

The log belongs to the user's organisation and is assigned to them, as CORE does. A support
user's log starts without an owner (they choose it on the first questions), unless they are
viewing the service as an organisation. Nobody creates a log for an organisation that has
not accepted the data sharing agreement, and nobody creates one while no year is open.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from caselog.accounts import permissions
from caselog.gateway import Source, create_log
from caselog.logs import window

from .common import new_logs


@login_required
@require_http_methods(["GET", "POST"])
def new_log(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not permissions.can_see_logs(user):
        raise Http404
    if not permissions.can_create_logs(user):
        return render(request, "web/logs/cannot_create.html", {"reason": "data_sharing"},
                      status=403 if request.method == "POST" else 200)
    on = window.today()
    choices = new_logs(on)
    open_now = {item.kind.collection: item for item in choices if item.year}
    if not open_now:
        return render(request, "web/logs/cannot_create.html", {"reason": "closed", "new_logs": choices},
                      status=403 if request.method == "POST" else 200)
    chosen = request.POST.get("collection") or request.GET.get("collection", "")
    error = None
    if request.method == "POST":
        if chosen in open_now:
            owner = permissions.viewing_as(request) if user.is_support else user.organisation
            log, _ = create_log(chosen, open_now[chosen].year, Source("web", user), owning_organisation=owner)
            return redirect("web:log", log.pk)
        error = "Select whether the log is for a letting or a sale"
    return render(request, "web/logs/new.html", {
        "choices": choices, "open_now": open_now, "chosen": chosen, "error": error,
    }, status=200)
