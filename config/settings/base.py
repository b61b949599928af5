"""Settings shared by every environment. Environment variables drive anything that
differs between machines; the README lists them all."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Project apps, lowest layer first. accounts sits above wagtail.users so its
    # templates extend Wagtail's user forms with the custom user fields.
    "core",
    "accounts",
    "competencies",
    "learning",
    "quizzes",
    "cases",
    "capture",
    "hr",
    "knowledge",
    "xapi",
    "api",
    "home",
    "wagtailmedia",
    "wagtail.contrib.forms",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "accounts.apps.WagtailUsersConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.security_headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "core.page_cache.AnonymousPageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "core.routing.RememberedRoutingMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.person_generation.MoveOnAfterOwnWritesMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "core.clean_input.StripNulMiddleware",
    "core.admin_guards.WagtailInputGuardMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, so it sees the response of a refused sign-in and replaces it.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- data ---------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and immediate transactions let the threaded dev server read while it
    # writes, instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

_redis_url = env_str("REDIS_URL")
if _redis_url:
    # django-redis rather than Django's own Redis backend for one reason: with
    # IGNORE_EXCEPTIONS a Redis outage turns every cache call into a miss instead of a
    # 500, so the app servers keep serving (slower) until Redis is back. /readyz still
    # reports the outage. Short socket timeouts keep a dead Redis from stalling requests.
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": _redis_url,
            "KEY_PREFIX": "sea",
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Pages rendered for signed-out visitors are served from the cache for this long
# (core.page_cache); a publish shows at once, vote and comment totals lag. 0: off.
ANONYMOUS_PAGE_CACHE_SECONDS = env_int("ANONYMOUS_PAGE_CACHE_SECONDS", 60)

# --- people -------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 24 * 14)
# Every signed-in page reads its session: from the cache (Redis in production), with the
# database behind it, so a session outlives a cache flush or an outage.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
AUTHENTICATION_BACKENDS = [
    # Refuses a locked-out account or address before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    # What a person may do, kept in the cache between requests (accounts/permission_cache.py).
    "accounts.permission_cache.RememberedPermissionsBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Single sign-on through the company's OpenID Connect provider (accounts/sso.py; README
# "Single sign-on"). Off until OIDC_CLIENT_ID is set.
OIDC_RP_CLIENT_ID = env_str("OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env_str("OIDC_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = env_str("OIDC_USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = env_str("OIDC_SIGN_ALGORITHM", "RS256")
OIDC_RP_SCOPES = env_str("OIDC_SCOPES", "openid email profile")
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:sso_callback"
OIDC_TIMEOUT = 10
# Providers that publish a single signing key without a key id need this off.
OIDC_VERIFY_KID = env_bool("OIDC_VERIFY_KID", True)
OIDC_EMPLOYEE_NUMBER_CLAIM = env_str("OIDC_EMPLOYEE_NUMBER_CLAIM", "employee_number")
# "role:claim=value, …": e.g. "director:groups=销售主任, editor:groups=教研组".
OIDC_ROLE_RULES = env_str("OIDC_ROLE_RULES", "")
OIDC_DEFAULT_ROLES = env_list("OIDC_DEFAULT_ROLES", ["learner"])
# With single sign-on on: "administrators" (superusers only) or "everyone".
SIGN_IN_WITH_PASSWORD = env_str("SIGN_IN_WITH_PASSWORD", "administrators")
if OIDC_RP_CLIENT_ID:
    _missing = [
        name
        for name, value in (
            ("OIDC_CLIENT_SECRET", OIDC_RP_CLIENT_SECRET),
            ("OIDC_AUTHORIZATION_ENDPOINT", OIDC_OP_AUTHORIZATION_ENDPOINT),
            ("OIDC_TOKEN_ENDPOINT", OIDC_OP_TOKEN_ENDPOINT),
            ("OIDC_USERINFO_ENDPOINT", OIDC_OP_USER_ENDPOINT),
            ("OIDC_JWKS_ENDPOINT", OIDC_OP_JWKS_ENDPOINT),
        )
        if not value
    ]
    if _missing:
        raise ImproperlyConfigured(f"Single sign-on (OIDC_CLIENT_ID is set) also needs {', '.join(_missing)}.")
    # After the remembered permissions: the OIDC backend is a ModelBackend too, and
    # would otherwise ask the database about permissions before them.
    AUTHENTICATION_BACKENDS.insert(2, "accounts.sso.CompanyOIDCBackend")
# Wrong passwords lock the account, and separately the address they came from, for a
# while (django-axes); an administrator can unlock sooner (admin: Settings → Sign-in
# security). Per address matters less on an office network behind one NAT, so the
# limit is generous enough for a floor of people mistyping on a Monday.
AXES_FAILURE_LIMIT = env_int("SIGN_IN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("SIGN_IN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_CALLABLE = "accounts.lockout.locked_out"
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_address"
AXES_VERBOSE = False
# How many proxies (load balancer, TLS terminator) stand between people and the app
# servers; their X-Forwarded-For entries are trusted, nothing further left is.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
# Staff may add an authenticator app's code to their sign-in (django-otp); with this
# on, superusers must, before anything else (on by default in production).
TWO_FACTOR_REQUIRED_FOR_ADMINS = env_bool("TWO_FACTOR_REQUIRED_FOR_ADMINS", False)
OTP_TOTP_ISSUER = "效能学院"

# --- language and time ---------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [
    ("zh-hans", "简体中文"),
    ("en", "English"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env_str("TIME_ZONE", "Asia/Shanghai")
USE_TZ = True

# --- files ----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Unpacked SCORM packages: kept apart from MEDIA_ROOT because the proxy serves that
# folder as it is, and courseware must only ever be served by learning's view, with
# the sandboxing Content-Security-Policy it adds (learning/scorm/serving.py).
COURSEWARE_ROOT = Path(env_str("COURSEWARE_ROOT", str(BASE_DIR / "courseware")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "courseware": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(COURSEWARE_ROOT), "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- mail -------------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "效能学院 <academy@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- learning records (xAPI) -------------------------------------------------------
# The company's learning record store. Unset: nothing is recorded. Statements wait in
# the outbox (xapi.OutboxStatement) and background tasks send them.
XAPI_LRS_ENDPOINT = env_str("XAPI_LRS_ENDPOINT", "")
XAPI_LRS_USERNAME = env_str("XAPI_LRS_USERNAME", "")
XAPI_LRS_PASSWORD = env_str("XAPI_LRS_PASSWORD", "")
XAPI_LRS_TIMEOUT = env_int("XAPI_LRS_TIMEOUT", 10)
# Seconds before the first retry when the LRS cannot take statements; each further
# failure doubles the wait, up to an hour. Statements wait as long as it takes.
XAPI_RETRY_SECONDS = env_int("XAPI_RETRY_SECONDS", 30)
# Days a sent statement stays in the outbox (for the report) before the periodic
# command removes it; the LRS keeps it. More than the 31 days within which an expiry is
# recorded, so an event recorded again finds its statement and is not sent twice.
XAPI_KEEP_SENT_DAYS = env_int("XAPI_KEEP_SENT_DAYS", 90)
# Where our own verbs, activity types and activities are named, and the home page of
# the accounts people are known by. Both default to the site's address.
XAPI_IRI_BASE = env_str("XAPI_IRI_BASE", "")
XAPI_ACCOUNT_HOMEPAGE = env_str("XAPI_ACCOUNT_HOMEPAGE", "")
XAPI_PLATFORM = "效能学院"

# --- security (tightened further in production) --------------------------------
# Wagtail's preview views set SAMEORIGIN on themselves; nothing else is framed.
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# --- Wagtail ----------------------------------------------------------------------
WAGTAIL_SITE_NAME = "效能学院"
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = False
# Wagtail's database search, with Chinese word segmentation (core/search/backends.py).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "core.search.backends"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "pdf", "pptx", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILDOCS_DOCUMENT_FORM_BASE = "core.uploads.DocumentForm"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Video and audio for lessons (wagtailmedia), with captions and a transcript
# (learning.LessonMedia). Only formats every browser plays without a plugin.
WAGTAILMEDIA = {
    "MEDIA_MODEL": "learning.LessonMedia",
    "MEDIA_FORM_BASE": "learning.uploads.LessonMediaForm",
    "AUDIO_EXTENSIONS": ["mp3", "m4a", "ogg", "wav"],
    "VIDEO_EXTENSIONS": ["mp4", "webm"],
}
LESSON_MEDIA_MAX_UPLOAD_SIZE = env_int("LESSON_MEDIA_MAX_UPLOAD_SIZE", 500 * 1024 * 1024)
# A SCORM zip as uploaded, and what it may unpack to (learning/scorm/package.py).
SCORM_MAX_UPLOAD_SIZE = env_int("SCORM_MAX_UPLOAD_SIZE", 200 * 1024 * 1024)
SCORM_MAX_UNPACKED_SIZE = env_int("SCORM_MAX_UNPACKED_SIZE", 500 * 1024 * 1024)
SCORM_MAX_FILES = env_int("SCORM_MAX_FILES", 5000)
# The admin must not ask an outside server for avatars: it leaks who is signed in and
# hangs on networks that reach no such server.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Passwords are reset by a director or an administrator, as the sign-in page says;
# Wagtail's own e-mailed reset would be a second, unannounced way in.
WAGTAIL_PASSWORD_RESET_ENABLED = False
# Where config/urls.py mounts Wagtail's admin; its pages get the admin's
# Content-Security-Policy (core/security_headers.py).
ADMIN_URL_PREFIX = "/admin/"
# One sign-in page for the site and the admin, with lockouts and the second step.
WAGTAILADMIN_LOGIN_URL = "accounts:login"
# Where a page behind a login sends a visitor: ours, not Wagtail's bare form.
WAGTAIL_FRONTEND_LOGIN_URL = "accounts:login"
WAGTAILEMBEDS_RESPONSIVE_HTML = True

# --- tags ---------------------------------------------------------------------------
# One spelling per tag, whoever types it (core/tags.py): no 客户 流失 beside 客户流失.
TAGGIT_CASE_INSENSITIVE = True
TAGGIT_TAGS_FROM_STRING = "core.tags.parse_tags"
TAGGIT_STRING_FROM_TAGS = "core.tags.edit_string_for_tags"

# --- discussion ---------------------------------------------------------------------
# Minutes after posting during which an author may still edit or delete a comment.
COMMENT_EDIT_MINUTES = 15

# Background work (search indexing after publishing, e-mail) runs in-process here, so a
# demo needs no worker. Production queues it in the database for `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# /readyz answers 503 once the oldest queued task has waited longer than this: a
# stopped or overwhelmed worker.
TASK_BACKLOG_MAX_AGE = env_int("TASK_BACKLOG_MAX_AGE", 300)
# When set, GET /healthz/error?token=<value> raises an error on purpose, so an operator
# can see the error page and the error e-mail to ADMIN_EMAILS work. Unset: a 404.
ERROR_CHECK_TOKEN = env_str("ERROR_CHECK_TOKEN", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # One line per task start and finish drowns out everything else.
        "django_tasks": {"level": "WARNING"},
    },
}
