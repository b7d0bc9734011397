import gc
import os
from importlib import import_module

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# The apps, URLs, views and serializers live as long as the process (about 110,000
# objects). Left to the cycle collector, its full passes walked them all every 20-30
# requests, 80-140 ms each: that pause set the p95 of large answers. Frozen, they are
# skipped; what requests make is still collected.
import_module(settings.ROOT_URLCONF)
gc.freeze()
