from axes.backends import AxesStandaloneBackend


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
