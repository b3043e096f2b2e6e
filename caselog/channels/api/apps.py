from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "caselog.channels.api"
    label = "api"
    verbose_name = "Submission API"
