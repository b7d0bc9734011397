"""Development settings: what manage.py uses unless DJANGO_SETTINGS_MODULE says otherwise.

DEBUG defaults on, so the README's commands work in a fresh clone; `DEBUG=0` still asks
for a SECRET_KEY. Production (config.wsgi, and manage.py in the image, which sets
DJANGO_SETTINGS_MODULE=config.settings) reads config.settings and refuses to start
without one.
"""

import os

os.environ.setdefault("DEBUG", "1")

from config.settings import *  # noqa: E402,F403
