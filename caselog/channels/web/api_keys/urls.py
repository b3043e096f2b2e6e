from django.urls import path

from . import views

app_name = "api-keys"

urlpatterns = [
    path("organisations/<int:pk>/api-keys", views.key_list, name="list"),
    path("organisations/<int:pk>/api-keys/new", views.new_key, name="new"),
    path("organisations/<int:pk>/api-keys/<int:key_pk>/revoke", views.revoke_key, name="revoke"),
]
