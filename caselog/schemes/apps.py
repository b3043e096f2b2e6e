from django.apps import AppConfig


class SchemesConfig(AppConfig):
    name = "caselog.schemes"
    label = "schemes"
    verbose_name = "Supported housing schemes"
