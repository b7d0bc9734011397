import hashlib
import hmac

from axes.backends import AxesStandaloneBackend
from django.conf import settings


class ThrottledBackend(AxesStandaloneBackend):
    """django-axes lockouts, for every login that comes with a request.

    Axes needs the request to know the address. Calls without one (the shell, the
    test client's login()) come from code, not from a visitor, so there is nothing
    to throttle; they fall through to the ModelBackend instead of raising.
    """

    def authenticate(self, request=None, *args, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)


def client_fingerprint(username, ip_address, user_agent, path_info, request):
    """What axes writes to the log for a client: a keyed hash, not the name and address.

    The same user and address always give the same fingerprint, so repeated failures
    can be followed in the log; the AccessAttempt rows in the admin hold the details.
    """
    key = settings.SECRET_KEY.encode()
    digest = hmac.new(key, f"{username}|{ip_address}".encode(), hashlib.sha256).hexdigest()
    return f"client {digest[:12]} at {path_info}"
