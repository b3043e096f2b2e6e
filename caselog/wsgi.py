"""WSGI entry point: `gunicorn caselog.wsgi:application` (see docs/deploy.md)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "caselog.settings")

application = get_wsgi_application()

# Refuse to start without SECRET_KEY (set it, or DEBUG=true for development): Django
# itself would only fail on the first request that signs something.
from django.conf import settings  # noqa: E402

_ = settings.SECRET_KEY
