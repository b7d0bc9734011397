"""gunicorn in the image (Dockerfile). No access log of gunicorn's own: it would write
client addresses, query strings and user agents, which the README promises the logs
never hold; RequestLogMiddleware logs every request instead. gunicorn's own messages
are JSON lines like the app's (LOG_FORMAT=plain for text)."""

import os

bind = "0.0.0.0:8000"
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
accesslog = None

logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "core.observability.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": os.environ.get("LOG_FORMAT", "json"),
            "stream": "ext://sys.stderr",
        },
        "nowhere": {"class": "logging.NullHandler"},
    },
    "root": {"level": "INFO", "handlers": []},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["console"], "propagate": False},
        "gunicorn.access": {"handlers": ["nowhere"], "propagate": False},
    },
}
