from django.contrib import admin
from django.urls import include, path

from caselog.channels.api.api import api

urlpatterns = [
    path("", include("caselog.channels.web.urls")),
    path("", include("caselog.channels.web.uploads.urls")),
    path("", include("caselog.channels.web.api_keys.urls")),
    path("", include("caselog.channels.web.api_docs.urls")),
    path("", include("caselog.accounts.urls")),
    path("", include("caselog.schemes.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
