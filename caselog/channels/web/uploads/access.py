"""Who may upload, and whose uploads they see: anyone who may create logs uploads them for
the organisation they log for; everyone in that organisation (and support) sees the upload;
only the person who uploaded it (or support) takes it further."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from caselog.accounts import permissions
from caselog.channels.upload.models import Upload


def uploading_for(request: HttpRequest):
    """The organisation the user uploads logs for: their own, or the one support is viewing as."""
    user = request.user
    return permissions.viewing_as(request) if user.is_support else user.organisation


def uploads_for(request: HttpRequest):
    """The uploads of the organisations the user logs for (support: all, or the one viewed)."""
    user = request.user
    if user.is_support:
        viewing = permissions.viewing_as(request)
        return Upload.objects.filter(organisation=viewing) if viewing else Upload.objects.all()
    return Upload.objects.of_organisations_of(user)


def upload_or_404(request: HttpRequest, pk: int, *, to_change: bool = False) -> Upload:
    upload = get_object_or_404(uploads_for(request).select_related("organisation", "uploaded_by"), pk=pk)
    if to_change and not (request.user.is_support or upload.uploaded_by_id == request.user.pk):
        raise Http404
    return upload
