from django import template
from django.urls import NoReverseMatch, reverse

from .. import conf, permissions

register = template.Library()


@register.simple_tag(takes_context=True)
def audit_console_url(context):
    """The console's URL for the admin index link, or "" when it is not mounted, the link is
    turned off, or the user may not use it."""
    request = context.get("request")
    if request is None or conf.get("ADMIN_INDEX_LINK") is not True:
        return ""
    try:
        if not permissions.allowed(request):
            return ""
        return reverse("audit_console:index")
    except (NoReverseMatch, ImportError):
        return ""
