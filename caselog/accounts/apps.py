from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "caselog.accounts"
    label = "accounts"
    verbose_name = "Organisations and users"

    def ready(self) -> None:
        from . import audit, sessions  # noqa: F401  (they connect the sign-in signal receivers)
