"""Settings are read from the environment; production refuses to start unsafely.

Each check runs Django in a subprocess, because settings are read once per process.
"""

import os
import secrets
import socket
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]


def run_django(*args, settings="config.settings.production", **env):
    clean_env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    clean_env.update(env, DJANGO_SETTINGS_MODULE=settings)
    return subprocess.run(
        [sys.executable, *args], cwd=PROJECT_DIR, env=clean_env, capture_output=True, text=True, timeout=120
    )


def print_setting(expression, **kwargs):
    code = f"import django; django.setup(); from django.conf import settings; print({expression})"
    return run_django("-c", code, **kwargs)


def test_production_refuses_to_start_without_secret_key():
    result = run_django("manage.py", "check", ALLOWED_HOSTS="academy.example.com")
    assert result.returncode != 0
    assert "The SECRET_KEY environment variable must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_django("manage.py", "check", SECRET_KEY=secrets.token_urlsafe(50))
    assert result.returncode != 0
    assert "The ALLOWED_HOSTS environment variable must be set" in result.stderr


def test_production_passes_the_deployment_checklist_without_warnings():
    result = run_django(
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="academy.example.com",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_serves_hashed_compressed_static_files():
    result = print_setting(
        "settings.STORAGES['staticfiles']['BACKEND']",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="academy.example.com",
    )
    assert result.stdout.strip() == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_database_url_selects_postgresql():
    result = print_setting(
        "settings.DATABASES['default']['ENGINE'], settings.DATABASES['default']['NAME']",
        settings="config.settings.dev",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/academy",
    )
    assert result.stdout.strip() == "django.db.backends.postgresql academy", result.stderr


def test_sqlite_file_in_the_project_is_the_default():
    result = print_setting("settings.DATABASES['default']['NAME']", settings="config.settings.dev")
    assert result.stdout.strip() == str(PROJECT_DIR / "db.sqlite3"), result.stderr


@pytest.mark.parametrize(
    ("redis_url", "backend"),
    [
        ("redis://127.0.0.1:6379/1", "django_redis.cache.RedisCache"),
        (None, "django.core.cache.backends.locmem.LocMemCache"),
    ],
)
def test_redis_url_makes_redis_the_cache(redis_url, backend):
    env = {"REDIS_URL": redis_url} if redis_url else {}
    result = print_setting("settings.CACHES['default']['BACKEND']", settings="config.settings.dev", **env)
    assert result.stdout.strip() == backend, result.stderr


def test_bad_boolean_is_reported_clearly():
    result = run_django("manage.py", "check", settings="config.settings.dev", DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be true or false, not 'maybe'." in result.stderr


def test_migrations_match_the_models():
    result = run_django("manage.py", "makemigrations", "--check", "--dry-run", settings="config.settings.test")
    assert result.returncode == 0, result.stdout + result.stderr


def test_redis_cache_really_stores_values():
    code = (
        "import django; django.setup(); from django.core.cache import cache; "
        "cache.set('academy-ci-probe', '客户', 30); print(cache.get('academy-ci-probe'))"
    )
    result = run_django("-c", code, settings="config.settings.dev", REDIS_URL="redis://127.0.0.1:6379/15")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "客户"


def test_a_stopped_redis_turns_the_cache_into_misses_not_errors():
    """Pages keep working (uncached) while Redis is down; /readyz reports it."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    code = (
        "import django; django.setup(); from django.core.cache import cache; from django.test import Client; "
        "cache.set('k', 'v'); print(cache.get('k'), cache.get_or_set('g', 1, None)); "
        "r = Client().get('/readyz'); print(r.status_code, r.json()['failing'])"
    )
    result = run_django(
        "-c",
        code,
        settings="config.settings.dev",
        REDIS_URL=f"redis://127.0.0.1:{closed_port}/0",
        DATABASE_URL="sqlite://:memory:",
        ALLOWED_HOSTS="testserver",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:2] == ["None 1", "503 ['cache']"], result.stdout + result.stderr


def test_production_redirects_to_https_but_not_the_health_check():
    code = (
        "import django; django.setup(); from django.test import Client; c = Client(); "
        "print(c.get('/healthz').status_code, c.get('/readyz').status_code, c.get('/accounts/login/').status_code, "
        "c.get('/accounts/login/')['Location'])"
    )
    result = run_django(
        "-c", code, SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="testserver", DATABASE_URL="sqlite://:memory:"
    )
    assert result.returncode == 0, result.stderr
    # /readyz is 503 here (an empty in-memory database has no task table) but not redirected.
    assert result.stdout.split() == ["200", "503", "301", "https://testserver/accounts/login/"]


def test_with_single_sign_on_remembered_permissions_are_asked_before_any_model_backend():
    sso = {
        "OIDC_CLIENT_ID": "academy",
        "OIDC_CLIENT_SECRET": "secret",
        "OIDC_AUTHORIZATION_ENDPOINT": "https://sso.example.com/authorize",
        "OIDC_TOKEN_ENDPOINT": "https://sso.example.com/token",
        "OIDC_USERINFO_ENDPOINT": "https://sso.example.com/userinfo",
        "OIDC_JWKS_ENDPOINT": "https://sso.example.com/jwks",
    }
    code = (
        "import django; django.setup(); from django.contrib.auth import get_backends; "
        "from django.contrib.auth.backends import ModelBackend; "
        "print(','.join(type(b).__name__ for b in get_backends() if isinstance(b, ModelBackend)))"
    )
    result = run_django("-c", code, settings="config.settings.dev", **sso)
    assert result.stdout.split(",")[0] == "RememberedPermissionsBackend", result.stderr
    assert "CompanyOIDCBackend" in result.stdout
