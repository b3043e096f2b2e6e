from django.apps import AppConfig


class LogsConfig(AppConfig):
    name = "caselog.logs"
    label = "logs"
    verbose_name = "Logs"
