"""Polite HTTP for the harvest sources: a contact address, a pace, retries, Retry-After.

httpx rather than each source's client library: five sources, each a GET or two, and one
place for timeouts, retries and errors; the libraries (pyalex, habanero, arxiv) each have
their own retry and error habits, and none of them covers ORCID or DBLP.
"""

import email.utils
import logging
import time

import httpx
from django.conf import settings

logger = logging.getLogger(__name__)
RETRIED_STATUSES = {429, 500, 502, 503, 504}


class SourceError(Exception):
    """A source that is down, refuses us or answers garbage; the message says which."""


def _retry_after(response):
    """Seconds the source asks us to wait, from Retry-After (seconds or an HTTP date)."""
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    if value.isdigit():
        return int(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class SourceClient:
    """GETs against one source's base URL, paced and retried as the source asks."""

    name = "source"  # as editors know it, for messages
    base_url_setting = ""
    interval_setting = ""

    def __init__(self):
        self.base_url = getattr(settings, self.base_url_setting).rstrip("/")
        self.interval = getattr(settings, self.interval_setting)
        contact = settings.HARVEST_CONTACT
        agent = f"ResearchDirectory/1.0 (+{settings.HARVEST_SITE_URL}; mailto:{contact})"
        self.http = httpx.Client(
            headers={"User-Agent": agent},
            timeout=settings.HARVEST_TIMEOUT,
            follow_redirects=True,
        )
        self.last_request = 0.0

    def close(self):
        self.http.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _pace(self):
        wait = self.last_request + self.interval - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self.last_request = time.monotonic()

    def get(self, path, *, params=None, headers=None, missing_ok=False):
        """The response to GET base_url + path; None for a 404 when missing_ok."""
        url = f"{self.base_url}/{path.lstrip('/')}"
        tries = settings.HARVEST_RETRIES + 1
        for attempt in range(1, tries + 1):
            self._pace()
            try:
                response = self.http.get(url, params=params, headers=headers)
            except httpx.TimeoutException:
                problem = f"{self.name} did not answer within {settings.HARVEST_TIMEOUT:g} s"
                wait = None
            except httpx.HTTPError as error:
                problem = f"{self.name} cannot be reached ({type(error).__name__})"
                wait = None
            else:
                if response.status_code == 404 and missing_ok:
                    return None
                if response.is_success:
                    return response
                if response.status_code not in RETRIED_STATUSES:
                    raise SourceError(
                        f"{self.name} refused the request (HTTP {response.status_code}) for {url}."
                    )
                problem = f"{self.name} answered HTTP {response.status_code}"
                wait = _retry_after(response)
            if attempt == tries:
                break
            if wait is None:
                wait = settings.HARVEST_BACKOFF * 2 ** (attempt - 1)
            if wait > settings.HARVEST_MAX_WAIT:
                raise SourceError(f"{problem}; it asks to wait {wait:.0f} s, longer than we wait.")
            logger.info("%s; trying again in %.1f s", problem, wait)
            time.sleep(wait)
        raise SourceError(f"{problem}, {tries} times; try again later.")

    def json(self, path, **kwargs):
        """The decoded JSON object of a GET; SourceError when it is not a JSON object."""
        response = self.get(path, **kwargs)
        if response is None:
            return None
        try:
            data = response.json()
        except ValueError as error:
            raise SourceError(f"{self.name} answered something that is not JSON.") from error
        if not isinstance(data, dict):
            raise SourceError(f"{self.name} answered JSON of an unexpected shape.")
        return data
