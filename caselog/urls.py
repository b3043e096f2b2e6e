from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("caselog.channels.web.urls")),
    path("", include("caselog.channels.web.uploads.urls")),
    path("", include("caselog.accounts.urls")),
    path("", include("caselog.schemes.urls")),
    path("admin/", admin.site.urls),
]
