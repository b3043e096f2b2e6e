"""Settings for the test suite: caselog.settings plus fast, self-contained overrides.

The database still follows DATABASE_URL (SQLite in memory by default, PostgreSQL in CI).
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-not-secret")

from caselog.settings import *  # noqa: E402,F403
from caselog.settings import STORAGES  # noqa: E402

# Tasks run inline: enqueue() returns a finished result.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Hashing with argon2 on every create_user would slow the suite for nothing.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# The manifest storage needs collectstatic first; without it every page is a 500.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Mail goes to django.core.mail.outbox (pytest-django sets the locmem backend too).
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# Serve static files from the finders, as in development: no collectstatic, no warning
# about a missing STATIC_ROOT.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
