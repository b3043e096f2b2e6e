from django.urls import path

from .views import locations, schemes, toggle

app_name = "schemes"

LOCATION = "schemes/<int:pk>/locations/<int:loc_pk>"

urlpatterns = [
    path("schemes", schemes.scheme_list, name="list"),
    path("schemes/new", schemes.new_scheme, name="new"),
    path("schemes/<int:pk>", schemes.scheme_detail, name="detail"),
    path("schemes/<int:pk>/check-answers", schemes.check_answers, name="check-answers"),
    path("schemes/<int:pk>/deactivate", toggle.deactivate, name="deactivate"),
    path("schemes/<int:pk>/deactivate/confirm", toggle.deactivate_confirm, name="deactivate-confirm"),
    path("schemes/<int:pk>/reactivate", toggle.reactivate, name="reactivate"),
    path("schemes/<int:pk>/locations", locations.location_list, name="locations"),
    path("schemes/<int:pk>/locations/new", locations.new_location, name="location-new"),
    path(LOCATION, locations.location_detail, name="location"),
    path(f"{LOCATION}/check-answers", locations.location_check_answers, name="location-check-answers"),
    path(f"{LOCATION}/deactivate", toggle.deactivate, name="location-deactivate"),
    path(f"{LOCATION}/deactivate/confirm", toggle.deactivate_confirm, name="location-deactivate-confirm"),
    path(f"{LOCATION}/reactivate", toggle.reactivate, name="location-reactivate"),
    path(f"{LOCATION}/<slug:step>", locations.location_question, name="location-question"),
    # last: the question pages' names are their steps ("details", "support", ...)
    path("schemes/<int:pk>/<slug:step>", schemes.scheme_question, name="question"),
]
