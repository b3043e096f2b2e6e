from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "caselog.channels.web"
    label = "web"
    verbose_name = "Web pages"
