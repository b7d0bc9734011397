"""Who may use the API and how often. Kept apart from the other API conventions
because DRF imports these classes while it is itself being imported."""

from rest_framework import permissions, throttling
from rest_framework.settings import api_settings


class StaffModelPermissionsOrReadOnly(permissions.DjangoModelPermissionsOrAnonReadOnly):
    """Anyone reads; staff users with the model's add/change/delete permission write."""

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        user = request.user
        if user and user.is_authenticated and not user.is_staff:
            return False
        return super().has_permission(request, view)


class AnonRateThrottle(throttling.AnonRateThrottle):
    """Reads the rate when used, so a changed setting applies without a restart."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
