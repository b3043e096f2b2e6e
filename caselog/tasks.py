"""The one import for background tasks: `from caselog.tasks import task`.

Django 6 ships `django.tasks`; on Django 5.2 the django-tasks backport provides the same
API. Which backend runs the tasks is the TASK_BACKEND setting (see caselog/settings.py).
"""

try:
    from django.tasks import task  # type: ignore[import-not-found]
except ImportError:  # Django 5.2
    from django_tasks import task

__all__ = ["task"]
