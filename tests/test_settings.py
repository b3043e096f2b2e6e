"""A deployment is configured by environment variables alone (README.md, docs/deploy.md).

Each test runs caselog/settings.py afresh with a chosen environment and reads the result,
so no test depends on the environment the suite itself runs in.
"""

import importlib.util
import runpy
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

SETTINGS = Path(__file__).resolve().parent.parent / "caselog" / "settings.py"

VARIABLES = [
    "DATABASE_URL",
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "TASK_BACKEND",
    "REDIS_URL",
    "EMAIL_URL",
    "EMAIL_BACKEND",
    "FILE_STORAGE",
    "CASELOG_VAR_DIR",
    "MEDIA_ROOT",
]


@pytest.fixture
def load_settings(monkeypatch, tmp_path):
    def load(**environment: str) -> dict:
        for name in VARIABLES:
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("CASELOG_VAR_DIR", str(tmp_path / "var"))
        for name, value in environment.items():
            monkeypatch.setenv(name, value)
        return runpy.run_path(str(SETTINGS))

    return load


def pretend_installed(monkeypatch, *modules: str) -> None:
    real_find_spec = importlib.util.find_spec

    def find_spec(name, *args, **kwargs):
        if name in modules:
            return object()
        return real_find_spec(name, *args, **kwargs)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)


def pretend_missing(monkeypatch, *modules: str) -> None:
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a, **k: None if name in modules else real_find_spec(name, *a, **k),
    )


def test_with_no_variables_the_database_is_sqlite_in_var_with_wal(load_settings, tmp_path):
    settings = load_settings()
    database = settings["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == str(tmp_path / "var" / "db.sqlite3")
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in database["OPTIONS"]["init_command"]


def test_a_postgres_database_url_gives_the_postgres_engine(load_settings):
    settings = load_settings(DATABASE_URL="postgres://app:secret@db.internal:5432/caselog")
    database = settings["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["NAME"], database["USER"]) == (
        "db.internal",
        "caselog",
        "app",
    )
    assert "OPTIONS" not in database or "transaction_mode" not in database["OPTIONS"]


def test_tasks_run_in_the_database_by_default(load_settings):
    settings = load_settings()
    assert settings["TASKS"]["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert "django_tasks_db" in settings["INSTALLED_APPS"]


def test_task_backend_redis_uses_rq_on_the_redis_url(load_settings, monkeypatch):
    pretend_installed(monkeypatch, "redis", "django_rq", "django_tasks_rq")
    settings = load_settings(TASK_BACKEND="redis", REDIS_URL="redis://cache.internal:6379/0")
    assert settings["TASKS"]["default"]["BACKEND"] == "django_tasks_rq.RQBackend"
    assert settings["RQ_QUEUES"]["default"]["URL"] == "redis://cache.internal:6379/0"
    assert {"django_rq", "django_tasks_rq"} <= set(settings["INSTALLED_APPS"])
    assert settings["CACHES"]["default"]["BACKEND"].endswith("RedisCache")


def test_task_backend_redis_without_its_packages_says_what_to_install(load_settings, monkeypatch):
    pretend_installed(monkeypatch, "redis")
    pretend_missing(monkeypatch, "django_tasks_rq")
    with pytest.raises(ImproperlyConfigured, match="requirements-redis.txt"):
        load_settings(TASK_BACKEND="redis", REDIS_URL="redis://127.0.0.1:6379/0")


def test_an_unknown_task_backend_is_refused(load_settings):
    with pytest.raises(ImproperlyConfigured, match="TASK_BACKEND must be"):
        load_settings(TASK_BACKEND="celery")


def test_cache_is_the_database_unless_redis_is_configured(load_settings):
    settings = load_settings()
    assert settings["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"


def test_email_is_written_to_files_in_var_email_by_default(load_settings, tmp_path):
    settings = load_settings()
    assert settings["EMAIL_BACKEND"] == "django.core.mail.backends.filebased.EmailBackend"
    assert settings["EMAIL_FILE_PATH"] == str(tmp_path / "var" / "email")


def test_an_email_url_sends_through_smtp(load_settings):
    settings = load_settings(EMAIL_URL="smtp+tls://mailer:secret@smtp.example.com:587")
    assert settings["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (settings["EMAIL_HOST"], settings["EMAIL_PORT"]) == ("smtp.example.com", 587)
    assert settings["EMAIL_USE_TLS"] is True


def test_uploads_are_stored_in_var_media_by_default(load_settings, tmp_path):
    storage = load_settings()["STORAGES"]["default"]
    assert storage["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert storage["OPTIONS"]["location"] == str(tmp_path / "var" / "media")


def test_s3_storage_without_django_storages_says_what_to_install(load_settings, monkeypatch):
    pretend_missing(monkeypatch, "storages")
    with pytest.raises(ImproperlyConfigured, match="django-storages"):
        load_settings(FILE_STORAGE="s3", S3_BUCKET="caselog-uploads")


def test_production_serves_hashed_compressed_static_files(load_settings):
    settings = load_settings(SECRET_KEY="x" * 50)
    assert settings["DEBUG"] is False
    assert settings["STORAGES"]["staticfiles"]["BACKEND"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )


def test_debug_serves_plain_static_files_and_needs_no_secret_key(load_settings):
    settings = load_settings(DEBUG="true")
    assert settings["STORAGES"]["staticfiles"]["BACKEND"] == (
        "django.contrib.staticfiles.storage.StaticFilesStorage"
    )
    assert settings["SECRET_KEY"]


def test_production_without_a_secret_key_leaves_it_empty_so_django_refuses_to_sign(load_settings):
    assert load_settings()["SECRET_KEY"] == ""


def test_allowed_hosts_is_a_comma_separated_list(load_settings):
    settings = load_settings(ALLOWED_HOSTS="caselog.example.gov.uk,internal.example")
    assert settings["ALLOWED_HOSTS"] == ["caselog.example.gov.uk", "internal.example"]


def test_passwords_are_hashed_with_argon2(load_settings):
    hashers = load_settings()["PASSWORD_HASHERS"]
    assert hashers[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_the_test_suite_runs_tasks_inline(settings):
    assert settings.TASKS["default"]["BACKEND"].endswith("ImmediateBackend")
