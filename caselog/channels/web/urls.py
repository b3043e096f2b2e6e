from django.urls import path

from . import history, views

app_name = "web"

urlpatterns = [
    path("", views.start, name="start"),
    path("healthz", views.healthz, name="healthz"),
    path("logs/<int:pk>/history", history.log_history, name="log-history"),
]
