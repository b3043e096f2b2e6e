from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "caselog.accounts"
    label = "accounts"
    verbose_name = "Organisations and users"
