from django.urls import path

from .views import account, auth, merge, organisations, users

app_name = "accounts"

urlpatterns = [
    path("sign-in", auth.sign_in, name="sign-in"),
    path("sign-out", auth.sign_out, name="sign-out"),
    path("forgotten-password", auth.forgotten_password, name="forgotten-password"),
    path("reset-password/<str:uidb64>/<str:token>", auth.reset_password, name="reset-password"),
    path("invitation/<str:uidb64>/<str:token>", auth.invitation, name="invitation"),
    path("two-factor/set-up", auth.two_factor_set_up, name="two-factor-set-up"),
    path("two-factor", auth.two_factor, name="two-factor"),
    path("home", account.home, name="home"),
    path("account", account.account, name="account"),
    path("account/name", account.change_name, name="change-name"),
    path("account/password", account.change_password, name="change-password"),
    path("account/sign-out-everywhere", auth.end_other_sessions, name="sign-out-everywhere"),
    path("organisations", organisations.organisation_list, name="organisations"),
    path("organisations/new", organisations.new_organisation, name="new-organisation"),
    path("organisations/stop-viewing-as", organisations.stop_viewing_as, name="stop-viewing-as"),
    path("organisations/<int:pk>", organisations.organisation_detail, name="organisation"),
    path("organisations/<int:pk>/change", organisations.change_details, name="change-organisation"),
    path("organisations/<int:pk>/rent-periods", organisations.change_rent_periods, name="rent-periods"),
    path("organisations/<int:pk>/view-as", organisations.view_as, name="view-as"),
    path("organisations/<int:pk>/merge", merge.choose, name="merge"),
    path("organisations/<int:pk>/merge/date", merge.merge_date, name="merge-date"),
    path("organisations/<int:pk>/merge/check", merge.check, name="merge-check"),
    path("organisations/<int:pk>/data-sharing-agreement", organisations.data_sharing, name="data-sharing"),
    path("organisations/<int:pk>/relationships", organisations.relationships, name="relationships"),
    path("organisations/<int:pk>/relationships/<int:other>/remove", organisations.remove_relationship,
         name="remove-relationship"),
    path("users", users.user_list, name="users"),
    path("users/invite", users.invite, name="invite"),
    path("users/<int:pk>", users.user_detail, name="user"),
    path("users/<int:pk>/change", users.change_user, name="change-user"),
    path("users/<int:pk>/deactivate", users.deactivate, name="deactivate"),
    path("users/<int:pk>/reactivate", users.reactivate, name="reactivate"),
    path("users/<int:pk>/resend-invitation", users.resend_invitation, name="resend-invitation"),
    path("users/<int:pk>/reset-two-factor", users.reset_two_factor, name="reset-two-factor"),
]
