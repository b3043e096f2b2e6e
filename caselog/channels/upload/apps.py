from django.apps import AppConfig


class UploadConfig(AppConfig):
    name = "caselog.channels.upload"
    label = "uploads"
    verbose_name = "Bulk upload"
