from django.urls import path

from . import views

app_name = "api-docs"

urlpatterns = [
    path("api/documentation", views.index, name="index"),
]
