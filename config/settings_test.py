"""Settings for the test suite: production settings with test-friendly defaults."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("TESTING", "1")
# Off by default so that query counts measure the views; tests/site/test_conditional.py turns it on.
os.environ.setdefault("PAGE_CACHE", "false")
os.environ.setdefault("FRAGMENT_CACHE", "false")
# Jobs run inside enqueue(); tests/test_jobs.py also runs them through the database worker.
os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")

from config.settings import *  # noqa: E402,F403

# Fast hashing: password strength is not what the tests measure.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Static files come from the finders; no collectstatic run is needed for the tests.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
