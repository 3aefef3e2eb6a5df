"""Who may use the console and its API: ``AUDIT_CONSOLE["PERMISSION"]`` names one of these, or
any callable ``(request) -> bool`` of the host's. It decides for the page, config.json and the
API alike (the API passes DRF's request, whose ``user`` is the token's or the session's user).
"""

from rest_framework.permissions import BasePermission

from . import conf


def _user(request):
    return getattr(request, "user", None)


def is_staff(request):
    """Active staff users (the default): the people who may use the Django admin."""
    user = _user(request)
    return bool(user and user.is_active and user.is_staff)


def is_superuser(request):
    user = _user(request)
    return bool(user and user.is_active and user.is_superuser)


def can_view_audit_events(request):
    """Active staff users with the ``view`` permission on the audit event model (as the admin
    grants it: ``django_audit_events.view_auditevent`` for the stock model)."""
    from django_audit_events.models import get_audit_event_model

    user = _user(request)
    if not (user and user.is_active and user.is_staff):
        return False
    opts = get_audit_event_model()._meta
    return user.has_perm(f"{opts.app_label}.view_{opts.model_name}")


def is_authenticated(request):
    user = _user(request)
    return bool(user and user.is_authenticated and user.is_active)


def allowed(request):
    conf.ensure_valid()
    return bool(conf.permission_callable()(request))


class ConsolePermission(BasePermission):
    """The API's permission: the same callable as the console page."""

    def has_permission(self, request, view):
        return allowed(request)
