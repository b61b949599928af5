"""The test suite: fast hashing, in-memory mail, no debug toolbars, deterministic."""

import os

from config.env import env_str

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY", "test-only-insecure-key")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
ALLOWED_HOSTS = ["*"]
# A folder per test process, removed when its session ends (tests/conftest.py): a test
# that checks what an upload left on disk must not see the files another pytest-xdist
# worker is writing at that moment.
MEDIA_ROOT = BASE_DIR / ".test-media" / str(os.getpid())  # noqa: F405
COURSEWARE_ROOT = MEDIA_ROOT / "courseware"
STORAGES = {
    **STORAGES,  # noqa: F405
    "courseware": {**STORAGES["courseware"], "OPTIONS": {"location": str(COURSEWARE_ROOT), "base_url": None}},  # noqa: F405
}
LOGGING = {"version": 1, "disable_existing_loggers": False}
# Serve static files straight from the apps, as in development, so browser tests get
# the real stylesheet without a collectstatic step.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Indexing every page the fixtures build was a third of the suite's time. Only tests
# marked `search_index` (search itself, and pages that show search results) index as
# they save; tests/conftest.py turns it on for them.
WAGTAILSEARCH_BACKENDS = {"default": {**WAGTAILSEARCH_BACKENDS["default"], "AUTO_UPDATE": False}}  # noqa: F405
# Tests read a page, change something and read it again; the anonymous page cache
# would show the first reading. tests/core/test_page_cache.py turns it on.
ANONYMOUS_PAGE_CACHE_SECONDS = 0
# Nothing a test writes needs to outlive a crash: commits on PostgreSQL do not wait for
# the disk (the browser tests commit every row their fixtures build).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"  # noqa: F405
