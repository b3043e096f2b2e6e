from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "caselog.accounts"
    label = "accounts"
    verbose_name = "Organisations and users"

    def ready(self) -> None:
        from . import audit  # noqa: F401  (connects the sign-in signal receivers)
