from django.urls import path

from . import views

app_name = "uploads"

urlpatterns = [
    path("uploads", views.upload_list, name="list"),
    path("uploads/new", views.new_upload, name="new"),
    path("uploads/<int:pk>", views.detail, name="detail"),
    path("uploads/<int:pk>/progress", views.progress, name="progress"),
    path("uploads/<int:pk>/sheet", views.choose_sheet, name="sheet"),
    path("uploads/<int:pk>/columns", views.columns, name="columns"),
    path("uploads/<int:pk>/values", views.value_choices, name="values"),
    path("uploads/<int:pk>/store", views.store, name="store"),
    path("uploads/<int:pk>/soft-checks", views.soft_checks, name="soft-checks"),
    path("uploads/<int:pk>/retry", views.retry, name="retry"),
    path("uploads/<int:pk>/report.<str:kind>", views.report, name="report"),
    path("uploads/template/<slug:collection>/<int:year>.<str:file_format>", views.template, name="template"),
]
