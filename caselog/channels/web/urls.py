from django.urls import path

from . import history, pages, views
from .form import views as form
from .logs import create, delete, duplicates, listing

app_name = "web"

urlpatterns = [
    path("", views.start, name="start"),
    path("healthz", views.healthz, name="healthz"),
    path("logs/<int:pk>/history", history.log_history, name="log-history"),
    # the single-log form (caselog/channels/web/form/): its question pages come last
    path("logs/<int:pk>", form.log_page, name="log"),
    path("logs/<int:pk>/review", form.review, name="review"),
    path("logs/<int:pk>/<slug:subsection>/check-answers", form.check_answers, name="check-answers"),
    # logs list, creating, deleting, duplicates (before logs/<int:pk>/<slug:page>, which would match them)
    path("logs", listing.log_list, name="logs"),
    path("logs/new", create.new_log, name="new-log"),
    path("logs/<int:pk>/delete", delete.delete_log, name="delete-log"),
    path("logs/<int:pk>/duplicates", duplicates.duplicate_logs, name="duplicates"),
    # footer pages
    path("accessibility-statement", pages.accessibility_statement, name="accessibility-statement"),
    path("privacy-notice", pages.privacy_notice, name="privacy-notice"),
    path("cookies", pages.cookies, name="cookies"),
    path("help", pages.help_page, name="help"),
    # a page of the log's definition, by its id with hyphens: after every other logs/<pk>/ path
    path("logs/<int:pk>/<slug:page>", form.question, name="question"),
]
