"""Results of pure functions of some data, kept in the shared cache under a hash of the data.

A changed record hashes to a new key, so an entry is never stale and nothing needs
deleting; unused entries expire. A cache that is down costs speed, not answers.
"""

import hashlib
import json
import logging

from django.core.cache import cache

logger = logging.getLogger(__name__)

DAY = 24 * 60 * 60


def memoised(namespace, data, compute, timeout=DAY):
    """compute(data), or the result an earlier call with equal data stored."""
    digest = hashlib.blake2b(
        json.dumps(data, sort_keys=True, default=str).encode(), digest_size=20
    ).hexdigest()
    key = f"memo:{namespace}:{digest}"
    try:
        stored = cache.get(key)
    except Exception:  # any cache backend's connection error
        logger.warning("cache unavailable for %s", namespace, exc_info=True)
        return compute(data)
    if stored is not None:
        return stored
    result = compute(data)
    try:
        cache.set(key, result, timeout)
    except Exception:
        logger.warning("cache unavailable for %s", namespace, exc_info=True)
    return result
