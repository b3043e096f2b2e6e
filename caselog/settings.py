"""Django settings for Caselog, read from environment variables.

Every setting a deployment may change is an environment variable; README.md lists them.
The defaults run on one machine with nothing but Python: SQLite in var/, tasks in the
database, email written to files in var/email/, uploads in var/media/.
Optional backends (Redis, S3) are only imported when their variable asks for them.
"""

from importlib.util import find_spec
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()

# Local state: database, email files, uploads. Git-ignored.
VAR_DIR = Path(env("CASELOG_VAR_DIR", default=str(BASE_DIR / "var")))


def _require(module: str, variable: str, requirement: str) -> None:
    """Fail at start-up, with the fix, when an optional backend's package is missing."""
    if find_spec(module) is None:
        raise ImproperlyConfigured(
            f"{variable} needs the '{module}' package. Install it with: pip install {requirement}"
        )


# --- Core -------------------------------------------------------------------------------

DEBUG = env.bool("DEBUG", default=False)

# Empty in production unless set: Django then refuses anything that signs data, and
# caselog.wsgi refuses to start. DEBUG gets a fixed key so `make run` needs no setup.
SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "django-insecure-caselog-development-only"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

SERVICE_NAME = "Caselog"
# The address people reach the service at, for links in email sent from background tasks.
SERVICE_URL = env("SERVICE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "caselog.accounts",
    "caselog.logs",
    "caselog.schemes",
    "caselog.channels.web",
    "caselog.channels.upload",
    "caselog.channels.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "caselog.accounts.middleware.SessionLimitsMiddleware",
    "caselog.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "caselog.channels.api.middleware.ProblemsMiddleware",
    # last: it turns a locked-out sign-in into the sign-in page's own response
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "caselog.urls"
WSGI_APPLICATION = "caselog.wsgi.application"

# Service pages use Jinja2 with govuk-frontend-jinja macros (caselog/jinja2env.py).
# The Django template language is kept for the admin.
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"environment": "caselog.jinja2env.environment"},
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL and IMMEDIATE transactions let the web process and db_worker share the file
    # (docs/decisions and STACK.md: two workers split 164/136 instead of 1/299).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    _name = str(DATABASES["default"]["NAME"])
    if _name and _name != ":memory:":
        Path(_name).parent.mkdir(parents=True, exist_ok=True)
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis (optional): cache and task queue ---------------------------------------------

REDIS_URL = env("REDIS_URL", default="")

if REDIS_URL:
    _require("redis", "REDIS_URL", "-r requirements-redis.txt")
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    # Created by `manage.py createcachetable` (make run does it; tests do it themselves).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "caselog_cache",
        }
    }

# Requests an API key may make a minute (429 with Retry-After beyond it).
API_REQUESTS_PER_MINUTE = env.int("API_REQUESTS_PER_MINUTE", default=3000)

# --- Background tasks -------------------------------------------------------------------
# Code enqueues with caselog.tasks.task; the backend is one setting.
#   database  (default) django-tasks-db; run `manage.py db_worker`
#   redis     django-tasks-rq; run `manage.py rqworker default --job-class django_tasks_rq.Job`
#   immediate runs each task inline (tests)

TASK_BACKEND = env("TASK_BACKEND", default="database")

if TASK_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
elif TASK_BACKEND == "redis":
    if not REDIS_URL:
        raise ImproperlyConfigured(
            "TASK_BACKEND=redis needs REDIS_URL, e.g. redis://127.0.0.1:6379/0"
        )
    _require("django_tasks_rq", "TASK_BACKEND=redis", "-r requirements-redis.txt")
    _require("django_rq", "TASK_BACKEND=redis", "-r requirements-redis.txt")
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
elif TASK_BACKEND == "immediate":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
else:
    raise ImproperlyConfigured(
        f"TASK_BACKEND must be 'database', 'redis' or 'immediate', not {TASK_BACKEND!r}"
    )

# --- Accounts ---------------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # counts failed sign-ins and refuses them all for a while after AXES_FAILURE_LIMIT
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "accounts:home"

# Sign-in throttling. Failures are counted per email address as typed (lower case), whether
# or not anyone has that address, so a locked address and an unknown one look the same.
AXES_FAILURE_LIMIT = env.int("SIGN_IN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.int("SIGN_IN_LOCKOUT_MINUTES", default=15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
# Not by address as well: a housing association's staff share one office address, and one
# person's mistakes must not lock out their colleagues.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_USERNAME_FORM_FIELD = "email"
AXES_USERNAME_CALLABLE = "caselog.accounts.signin.typed_email"
AXES_LOCKOUT_CALLABLE = "caselog.accounts.signin.locked_out_response"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ADMIN = False  # the admin signs in through our page

# Sessions: signed out after SESSION_IDLE_MINUTES without a request, and after
# SESSION_MAX_HOURS whatever happens.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_MINUTES", default=30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_MAX_AGE = env.int("SESSION_MAX_HOURS", default=12) * 3600

# Emailed links: an invitation lasts a week, a password reset an hour. Each works once.
INVITATION_DAYS = env.int("INVITATION_DAYS", default=7)
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_MINUTES", default=60) * 60

OTP_TOTP_ISSUER = SERVICE_NAME

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# --- Email ------------------------------------------------------------------------------
# Default: each message is written as a file to var/email/, so nothing leaves the machine.
# EMAIL_URL=smtp+tls://user:password@smtp.example.com:587 sends through SMTP.
# GOV.UK Notify: all mail goes through Django's mail API, so Notify is a drop-in backend.
# Set EMAIL_BACKEND to its dotted path and GOVUK_NOTIFY_API_KEY (the backend is not
# written yet; it reads the key from settings.GOVUK_NOTIFY_API_KEY).

EMAIL_FILE_PATH = str(VAR_DIR / "email")
_email = {"EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend"}
if env("EMAIL_URL", default=""):
    # Sets EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS/SSL.
    _email = {k: v for k, v in env.email_url("EMAIL_URL").items() if k != "EMAIL_FILE_PATH"}
    globals().update(_email)
GOVUK_NOTIFY_API_KEY = env("GOVUK_NOTIFY_API_KEY", default="")
# One Notify email template whose subject is ((subject)) and body ((body)): the words of
# every email stay in caselog/accounts/emails.py.
GOVUK_NOTIFY_TEMPLATE_ID = env("GOVUK_NOTIFY_TEMPLATE_ID", default="")
if GOVUK_NOTIFY_API_KEY:
    _require("notifications_python_client", "GOVUK_NOTIFY_API_KEY", "notifications-python-client")
    if not GOVUK_NOTIFY_TEMPLATE_ID:
        raise ImproperlyConfigured("GOVUK_NOTIFY_API_KEY needs GOVUK_NOTIFY_TEMPLATE_ID, the id of a template with ((subject)) and ((body))")
    _email["EMAIL_BACKEND"] = "caselog.accounts.notify.NotifyEmailBackend"
EMAIL_BACKEND = env("EMAIL_BACKEND", default=_email["EMAIL_BACKEND"])
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Caselog <no-reply@caselog.invalid>")
# Where people get help: shown on the help, accessibility and privacy pages.
SUPPORT_EMAIL = env("SUPPORT_EMAIL", default="support@caselog.invalid")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Files: uploads and static ----------------------------------------------------------

MEDIA_ROOT = env("MEDIA_ROOT", default=str(VAR_DIR / "media"))
MEDIA_URL = "/media/"

STATIC_URL = "/static/"
STATIC_ROOT = env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
# caselog/static/govuk/ is fetched by scripts/fetch_govuk_frontend.sh (not committed).
STATICFILES_DIRS = [p for p in [BASE_DIR / "caselog" / "static"] if p.is_dir()]

FILE_STORAGE = env("FILE_STORAGE", default="local")
if FILE_STORAGE == "local":
    _default_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT},
    }
elif FILE_STORAGE == "s3":
    # Any S3-compatible store. Needs django-storages[s3] (not in requirements.txt yet).
    _require("storages", "FILE_STORAGE=s3", "django-storages[s3]")
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("S3_BUCKET"),
            "endpoint_url": env("S3_ENDPOINT_URL", default=None),
            "region_name": env("S3_REGION", default=None),
            "access_key": env("S3_ACCESS_KEY_ID", default=None),
            "secret_key": env("S3_SECRET_ACCESS_KEY", default=None),
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    raise ImproperlyConfigured(f"FILE_STORAGE must be 'local' or 's3', not {FILE_STORAGE!r}")

STORAGES = {
    "default": _default_storage,
    # Hashed, compressed files in production (after collectstatic); plain files when
    # DEBUG, so runserver works without collectstatic. caselog/settings_test.py uses plain.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- Security (production behind a TLS-terminating proxy) -------------------------------

SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env.bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Locale -----------------------------------------------------------------------------

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Logging: to stderr, for gunicorn and the workers -----------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Replaces Django's default "django" handlers, which would print everything twice.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "INFO"},
    },
}
