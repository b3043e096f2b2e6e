"""ASGI entry point, for servers that speak ASGI. Production uses caselog.wsgi."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "caselog.settings")

application = get_asgi_application()

from django.conf import settings  # noqa: E402

_ = settings.SECRET_KEY  # refuse to start without SECRET_KEY, as caselog.wsgi does
