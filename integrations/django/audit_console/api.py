"""The audit-events API of shared/API.md over django-audit-events' model.

The stock ``django_audit_events.views.AuditEventViewSet`` sets no pagination, filter backend,
ordering, authentication or permission of its own; this subclass adds exactly what the contract
needs, whatever the host's DRF defaults are:

* page-number pagination whose page size parameter is ``limit`` (capped), ``page=last`` too;
* the stock filter set, with the integer filters made strict (``2.5`` is "Enter a number.", as
  shared/API.md's table says integer; the stock NumberFilter would read it as a decimal and
  truncate);
* ``sort`` (DRF's OrderingFilter, renamed), unknown fields ignored, newest first by default, NULLs
  ordered as PostgreSQL orders them on every database, and a tie-breaker so pages never overlap;
* Token (when ``rest_framework.authtoken`` is installed) and Session authentication, and the
  console's permission (staff only by default);
* a malformed uuid answers the same 404 as an unknown one.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import Http404
from django.http import HttpResponsePermanentRedirect
from django_audit_events.filters import AuditEventFilterSet as StockFilterSet
from django_audit_events.serializers import EventSerializer as StockSerializer
from django_audit_events.views import AuditEventViewSet as StockViewSet
from django_filters import filters
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import NotFound
from rest_framework.filters import OrderingFilter
from rest_framework.pagination import PageNumberPagination
from rest_framework.renderers import JSONRenderer

from . import conf
from .permissions import ConsolePermission

_INTEGER = re.compile(r"^[+-]?\d+$")
_INT64 = 2**63 - 1


class StrictIntegerField(forms.Field):
    """An integer and nothing else (no decimals, no exponent), within 64 bits."""

    default_error_messages = {"invalid": "Enter a number."}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip()
        if not _INTEGER.match(text) or abs(int(text)) > _INT64:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return int(text)


class IntegerFilter(filters.NumberFilter):
    field_class = StrictIntegerField


class AuditEventFilterSet(StockFilterSet):
    user = IntegerFilter(field_name="user")
    content_type = IntegerFilter(field_name="content_type")
    object_id = IntegerFilter(field_name="object_id")

    class Meta(StockFilterSet.Meta):
        pass


class Pagination(PageNumberPagination):
    page_size_query_param = "limit"

    def __init__(self):
        self.page_size = conf.get("API_PAGE_SIZE")
        self.max_page_size = conf.get("API_MAX_PAGE_SIZE")


# `sort` names → (column, can it be NULL)
SORTABLE = {
    "timestamp": ("timestamp", False),
    "user": ("user_id", True),
    "content_type": ("content_type_id", False),
    "object_id": ("object_id", False),
    "remote_addr": ("remote_addr", True),
    "url": ("url", True),
    "uuid": ("uuid", False),
}


class SortFilter(OrderingFilter):
    ordering_param = "sort"
    ordering_fields = list(SORTABLE)

    def get_ordering(self, request, queryset, view):
        raw = request.query_params.get(self.ordering_param, "")
        terms = []
        for term in raw.split(","):
            term = term.strip()
            name = term.removeprefix("-")
            if name in SORTABLE and not any(t.lstrip("-") == name for t in terms):
                terms.append(term)
        return terms or ["-timestamp"]

    def filter_queryset(self, request, queryset, view):
        terms = self.get_ordering(request, queryset, view)
        order = []
        for term in terms:
            desc = term.startswith("-")
            column, nullable = SORTABLE[term.lstrip("-")]
            expr = F(column)
            if nullable:
                # PostgreSQL's own order on every database: NULLs last ascending, first descending.
                order.append(expr.desc(nulls_first=True) if desc else expr.asc(nulls_last=True))
            else:
                order.append(expr.desc() if desc else expr.asc())
        # Tie-breakers, so equal keys never move between pages.
        first_desc = terms[0].startswith("-")
        for name in ("timestamp", "uuid"):
            if not any(t.lstrip("-") == name for t in terms):
                order.append(F(name).desc() if first_desc else F(name).asc())
        return queryset.order_by(*order)


class SessionAuthentication401(SessionAuthentication):
    """Session authentication that answers 401 (``WWW-Authenticate: Session``) to a request
    without credentials, for hosts without ``rest_framework.authtoken`` (DRF would say 403)."""

    def authenticate_header(self, request):
        return "Session"


def authentication_classes():
    configured = conf.get("AUTHENTICATION_CLASSES")
    if configured is not None:
        return [conf.load_object(c, "AUTHENTICATION_CLASSES") for c in configured]
    from django.apps import apps

    if apps.is_installed("rest_framework.authtoken"):
        from rest_framework.authentication import TokenAuthentication

        # Token first: DRF's 401 carries the first class's `WWW-Authenticate` (Token).
        return [TokenAuthentication, SessionAuthentication]
    return [SessionAuthentication401]


# shared/API.md's order; fields a swapped model adds follow them.
FIELD_ORDER = (
    "uuid", "timestamp", "user", "remote_addr", "url", "query_params", "post_data", "headers",
    "content_type", "object_id", "content",
)


class EventSerializer(StockSerializer):
    """The stock serializer (every field, ``user`` nested as {pk, email, first_name,
    last_name}), its keys in the documented order."""

    class Meta(StockSerializer.Meta):
        pass

    def to_representation(self, instance):
        data = super().to_representation(instance)
        ordered = {k: data[k] for k in FIELD_ORDER if k in data}
        ordered.update((k, v) for k, v in data.items() if k not in ordered)
        return ordered


class AuditEventViewSet(StockViewSet):
    filterset_class = AuditEventFilterSet
    filter_class = AuditEventFilterSet
    filter_backends = [DjangoFilterBackend, SortFilter]
    pagination_class = Pagination
    serializer_class = EventSerializer
    permission_classes = [ConsolePermission]
    renderer_classes = [JSONRenderer]

    def get_authenticators(self):
        return [cls() for cls in authentication_classes()]

    def get_object(self):
        try:
            return super().get_object()
        except Http404:
            raise NotFound(f"No {self.get_queryset().model._meta.object_name} matches the given query.")


audit_event_list = AuditEventViewSet.as_view({"get": "list"})
audit_event_detail = AuditEventViewSet.as_view({"get": "retrieve"})


def append_slash(request, **kwargs):
    """`.../audit-events` and `.../audit-events/<uuid>` without the trailing slash: 301 to it, as
    Django's APPEND_SLASH does, whatever the host's middleware and URLconf around the mount."""
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(request.path + "/" + (f"?{query}" if query else ""))
