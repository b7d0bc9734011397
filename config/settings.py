"""Settings for Research Directory, read from the environment (see README)."""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import env, env_bool, env_float, env_int, env_list, language_choices

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-used-with-debug"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Before the admin: its admin classes and per-language fields (profiles/translation.py).
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "simple_history",
    "csp",
    "axes",
    # Background jobs: django-tasks with its database backend (TASKS below).
    "django_tasks",
    # django_tasks_db with a translatable name in the admin (its own is a plain string).
    "jobs.apps.TasksDatabaseConfig",
    "rules",
    "core",
    "jobs",
    "profiles",
    "profiles.selfservice",
    "publications",
    "publications.harvest",
]

MIDDLEWARE = [
    # First, so that it times and logs every request, even one answered early.
    "core.observability.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Right after SecurityMiddleware, so that every response, even an early one (a static
    # file, a 304, a 413), has a CSP and X-Frame-Options.
    "csp.middleware.CSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages and API answers gzipped (a third to a quarter of their size, Lighthouse's
    # text-compression audit; benchmarks/lighthouse.py). After WhiteNoise, which serves
    # static files already compressed; above everything that reads or writes the body
    # (the ETag below is taken from the plain body, and made weak here when compressed).
    # BREACH: a compressed page that reflects what a visitor sends beside a secret can
    # leak the secret. Here the one secret in a page is the CSRF token, which Django
    # masks anew on every response, and Django's GZipMiddleware pads each answer by a
    # random length (Heal The Breach), so the attack has nothing stable to guess at.
    "django.middleware.gzip.GZipMiddleware",
    # ETag from the page body, 304 when the visitor already has it.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Before the page cache, whose keys and ETags carry the language it activates; its
    # Vary and Content-Language then go on cached answers too. Before CommonMiddleware.
    "core.i18n.LanguageMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # After CORS, so that a cached answer still gets the CORS headers of its own request.
    "core.caching.ConditionalContentMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication (staff get more room), before anything reads the body.
    "core.request_limits.RequestSizeLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes wants to be last: it turns a lockout raised by authenticate() into a 429 page.
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
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work at once; the timeout waits out short locks.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Typo-tolerant name search (profiles/search.py): pg_trgm's word-similarity operator
    # matches from 0.5, so one wrong letter in a short name ("pascnu") still matches.
    # No JIT: it compiles any query the planner guesses costly, and on a page's short
    # queries the compiling took longer (up to 165 ms) than the query it sped up.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        "-c pg_trgm.word_similarity_threshold=0.5 -c jit=off"
    )
    # Forms read their choices through iterator(); a server-side cursor cost three round
    # trips for 40 topics, and no result here is too large to fetch at once.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "rd"),
            # A Redis that hangs costs each cache call this long, not a worker.
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Redis down costs speed, not answers: every cache call (page cache, fragments, memos,
# the API throttle) then misses and stores nothing, and is logged; /healthz says so.
DJANGO_REDIS_IGNORE_EXCEPTIONS = True
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
DJANGO_REDIS_LOGGER = "core.caching"

# Whole answers to anonymous reads, cached and revalidated by content version
# (core/caching.py); PostgreSQL only.
PAGE_CACHE = env_bool("PAGE_CACHE", True)
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600)
# What one client's answers may fill in the page cache each PAGE_CACHE_SECONDS; the
# client is the address API_TRUSTED_PROXIES leads to, as for the API throttle.
PAGE_CACHE_CLIENT_BYTES = env_int("PAGE_CACHE_CLIENT_BYTES", 16 * 1024 * 1024)
# Costly parts of answers (lists, a publication's page), cached under the same version,
# also for requests that skip the page cache; kept PAGE_CACHE_SECONDS.
FRAGMENT_CACHE = env_bool("FRAGMENT_CACHE", True)
# Starts every cache key, so a deploy never serves what an older release kept; when
# empty, a hash of the code and templates (core/caching.py).
RELEASE_ID = env("RELEASE_ID")

# Sessions live in the database so that any app process can serve any visitor.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)

AUTHENTICATION_BACKENDS = [
    # django-axes lockouts for logins that come with a request (core/auth_backends.py).
    "core.auth_backends.ThrottledBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Sign-in with ORCID, when ORCID_CLIENT_ID is set (profiles/selfservice/orcid.py).
    "profiles.selfservice.orcid.OrcidBackend",
    # rules answers per-object questions ("may this user edit this person?"); admin
    # stays on the model permissions of the ModelBackend.
    "rules.permissions.ObjectPermissionBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "lockout.html"
AXES_SENSITIVE_PARAMETERS = ["password"]
AXES_CLIENT_STR_CALLABLE = "core.auth_backends.client_fingerprint"  # no names in logs

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The site's languages, by code ("en,fr"); names come from Django's language info, so
# adding one is a code here and a catalogue in locale/ (README, "Languages").
LANGUAGES = language_choices(env_list("LANGUAGES", "en,fr"))
LANGUAGE_CODE = env("LANGUAGE_CODE", "en")
if LANGUAGE_CODE not in dict(LANGUAGES):
    raise ImproperlyConfigured(f"LANGUAGE_CODE {LANGUAGE_CODE!r} is not one of LANGUAGES.")
# Ours first: makemessages writes the source's strings to the first. The second holds
# French for third-party packages that ship none, which makemessages must not drop.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_third_party"]
# Dates as "5 January 2024" in English too (config/formats/); other languages keep Django's.
FORMAT_MODULE_PATH = ["config.formats"]
# og:locale wants language_TERRITORY; a language code without one gets this territory.
LOCALE_TERRITORY = env("LOCALE_TERRITORY", "CA")
# What editors write for visitors has a column per language (profiles/translation.py);
# the default language's column is the plain one, and a missing value shows another's.
MODELTRANSLATION_DEFAULT_LANGUAGE = LANGUAGE_CODE
MODELTRANSLATION_FALLBACK_LANGUAGES = tuple(code for code, _name in LANGUAGES)
TIME_ZONE = env("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", str(VAR_DIR / "staticfiles")))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
# The app serves MEDIA_ROOT at MEDIA_URL; turn off where a proxy serves it instead.
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or env_bool("TESTING")
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

FORMS_URLFIELD_ASSUME_HTTPS = True  # Django 6.0's default, opted into now
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 10  # a form here has one file field; admin inlines a few
# Whole request bodies, files included (core/request_limits.py): refused with a 413 above
# this unless the user is staff, who upload imports (refused by the importer over 10 MB).
REQUEST_MAX_BYTES = env_int("REQUEST_MAX_BYTES", DATA_UPLOAD_MAX_MEMORY_SIZE + 1024 * 1024)
STAFF_REQUEST_MAX_BYTES = env_int("STAFF_REQUEST_MAX_BYTES", 64 * 1024 * 1024)
FILE_UPLOAD_PERMISSIONS = 0o640
PORTRAIT_MAX_BYTES = env_int("PORTRAIT_MAX_BYTES", 5 * 1024 * 1024)
PORTRAIT_MAX_PIXELS = env_int("PORTRAIT_MAX_PIXELS", 4000)  # per side

SITE_NAME = env("SITE_NAME", "Research Directory")
ADMIN_PATH = env("ADMIN_PATH", "admin/").strip("/") + "/"

REST_FRAMEWORK = {
    # Token first, so a write without credentials is a 401 that names the scheme.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["core.api.access.StaffModelPermissionsOrReadOnly"],
    # orjson: the same JSON as DRF's renderer, several times faster on a 2 MB profile.
    "DEFAULT_RENDERER_CLASSES": ["drf_orjson_renderer.renderers.ORJSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["core.api.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["core.api.conventions.FilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "core.api.conventions.PageNumberPagination",
    "DEFAULT_THROTTLE_CLASSES": ["core.api.access.AnonRateThrottle"],
    # "120/minute" style; empty turns the anonymous limit off.
    "DEFAULT_THROTTLE_RATES": {"anon": env("API_ANON_RATE", "120/minute") or None},
    # The throttle keys on REMOTE_ADDR; only behind this many proxies of our own does it
    # read X-Forwarded-For (the address the last of them saw), which a client can write.
    "NUM_PROXIES": env_int("API_TRUSTED_PROXIES", 0),
    "EXCEPTION_HANDLER": "core.api.conventions.problem_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "core.api.schema.ApiAutoSchema",
}

SPECTACULAR_SETTINGS = {
    # Lazy: the schema view writes them in the request's language.
    "TITLE": _("Research Directory API"),
    "DESCRIPTION": _(
        "People, publications and topics of a research institute. Anyone reads; staff "
        "write with a token (`Authorization: Token …`) or a session with CSRF. Errors "
        "are RFC 9457 problem details. PUT and PATCH need `If-Match` with the ETag of a "
        "plain GET of the record. Text that editors write in several languages (a "
        "person's `position`, `bio`, `portrait_alt`; a topic's `name`, `description`) "
        "has one field per language, `<field>_<code>` such as `position_fr`, null when "
        "not written; the plain field answers in the request's language, else another, "
        "and writing it writes the request's language. A publication's `language` is "
        "the ISO 639-1 code its title and abstract are written in (empty: unknown). "
        "Answers are in the language of `lang`, else of `Accept-Language`, and say "
        "which in `Content-Language`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api.schema.add_error_responses",
        "core.api.schema.allow_empty_query_values",
        "core.api.schema.refuse_nul_in_query_values",
        "core.api.schema.add_links",
    ],
    # No validator badge: Swagger UI would fetch it from its authors' host.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_EXPOSE_HEADERS = ["ETag", "Retry-After"]

# Production hardening: on unless DEBUG; each can be relaxed from the environment.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # probes speak plain HTTP inside the network
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True  # nothing reads the token from JavaScript; forms carry it
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SILENCED_SYSTEM_CHECKS = env_list("SILENCED_SYSTEM_CHECKS")

# One JSON object a line (core/observability.py); LOG_FORMAT=plain for text.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "core.observability.JsonFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": env("LOG_FORMAT", "json")}
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        # RequestLogMiddleware writes one line per request; runserver need not repeat it.
        "django.server": {"level": "WARNING"},
        "research_directory.requests": {"level": "INFO"},
        "axes": {"level": "WARNING"},  # lockouts and failures still show
    },
}

# Background jobs and harvests
# django-tasks with its database backend: jobs wait in the database, so the default needs
# no other server; `manage.py db_worker` runs them, and more workers share the queue.
TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# A running job not heard from for this long lost its worker: it is queued again until
# it has been tried JOB_MAX_ATTEMPTS times, then marked failed.
JOB_STALE_SECONDS = env_int("JOB_STALE_SECONDS", 600)
JOB_MAX_ATTEMPTS = env_int("JOB_MAX_ATTEMPTS", 2)
# Publications an import writes per transaction, telling its progress between them.
IMPORT_BATCH_SIZE = env_int("IMPORT_BATCH_SIZE", 200)

# Harvests (publications/harvest/): the public sources, asked politely. Each base URL is
# a setting so that tests, and a mirror, can stand in for the source.
HARVEST_CONTACT = env("HARVEST_CONTACT", "directory-admin@example.org")  # mailto and User-Agent
HARVEST_SITE_URL = env("HARVEST_SITE_URL", "https://directory.example.org")
HARVEST_ORCID_URL = env("HARVEST_ORCID_URL", "https://pub.orcid.org/v3.0")
HARVEST_OPENALEX_URL = env("HARVEST_OPENALEX_URL", "https://api.openalex.org")
HARVEST_CROSSREF_URL = env("HARVEST_CROSSREF_URL", "https://api.crossref.org")
HARVEST_ARXIV_URL = env("HARVEST_ARXIV_URL", "https://export.arxiv.org/api")
HARVEST_DBLP_URL = env("HARVEST_DBLP_URL", "https://dblp.org")
# Seconds between two requests to one source, as each asks: ORCID allows 24 a second,
# OpenAlex and Crossref's polite pool 10, DBLP asks for restraint, arXiv for 3 s.
HARVEST_ORCID_INTERVAL = env_float("HARVEST_ORCID_INTERVAL", 0.05)
HARVEST_OPENALEX_INTERVAL = env_float("HARVEST_OPENALEX_INTERVAL", 0.1)
HARVEST_CROSSREF_INTERVAL = env_float("HARVEST_CROSSREF_INTERVAL", 0.1)
HARVEST_ARXIV_INTERVAL = env_float("HARVEST_ARXIV_INTERVAL", 3)
HARVEST_DBLP_INTERVAL = env_float("HARVEST_DBLP_INTERVAL", 1)
HARVEST_TIMEOUT = env_float("HARVEST_TIMEOUT", 20)  # seconds per request
HARVEST_RETRIES = env_int("HARVEST_RETRIES", 3)  # after a 429, a 5xx or a timeout
HARVEST_BACKOFF = env_float("HARVEST_BACKOFF", 2)  # first wait; doubles each retry
HARVEST_MAX_WAIT = env_float("HARVEST_MAX_WAIT", 120)  # a longer Retry-After fails now
HARVEST_PAGE_SIZE = env_int("HARVEST_PAGE_SIZE", 100)
HARVEST_MAX_PAGES = env_int("HARVEST_MAX_PAGES", 50)
# Publish at once a harvested work that carries the person's own ORCID iD.
HARVEST_PUBLISH_CONFIDENT = env_bool("HARVEST_PUBLISH_CONFIDENT", False)

# Researchers' self-service: accounts, email, review
LOGIN_URL = "selfservice:login"
LOGIN_REDIRECT_URL = "selfservice:home"
LOGOUT_REDIRECT_URL = "profiles:directory"
# The console in development, SMTP in production; the tests' outbox replaces either.
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "directory@localhost")
# Where links in emails sent without a request (the digest) point.
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
INVITATION_DAYS = env_int("INVITATION_DAYS", 7)
EMAIL_CHANGE_HOURS = env_int("EMAIL_CHANGE_HOURS", 24)
# What waits for an editor (profile fields, and "featured", "hidden" and "not_mine" of
# My publications); everything else publishes at once.
SELF_SERVICE_REVIEWED_FIELDS = env_list(
    "SELF_SERVICE_REVIEWED_FIELDS", "position,affiliation,membership,new_topics,not_mine"
)
FEATURED_PUBLICATIONS_MAX = env_int("FEATURED_PUBLICATIONS_MAX", 5)
# Sign in with ORCID: off until a client id and secret (from ORCID's developer tools)
# are set; ORCID_URL is https://sandbox.orcid.org for the sandbox.
ORCID_CLIENT_ID = env("ORCID_CLIENT_ID")
ORCID_CLIENT_SECRET = env("ORCID_CLIENT_SECRET")
ORCID_URL = env("ORCID_URL", "https://orcid.org").rstrip("/")
ORCID_TIMEOUT = env_float("ORCID_TIMEOUT", 10)
# Members drawn on the institute's collaboration network (/network/): the most collaborative.
NETWORK_MEMBERS = env_int("NETWORK_MEMBERS", 30)
# A profile lists its featured publications, then this many of the newest; every year
# of publications has a page of its own.
PROFILE_RECENT_PUBLICATIONS = env_int("PROFILE_RECENT_PUBLICATIONS", 20)
# Other members shown as similar researchers on a profile.
SIMILAR_RESEARCHERS_SHOWN = env_int("SIMILAR_RESEARCHERS_SHOWN", 5)
