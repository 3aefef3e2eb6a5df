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
* a malformed uuid answers the same 404 as an unknown one;
* at scale (paging.py, aggregates.py, export.py): ``count=estimate``, ``cursor`` paging, the
  histogram, facets and a streamed export, every query on ``AUDIT_CONSOLE["DATABASE"]`` under
  the time budget (db.py), and sorts no index serves refused above
  ``UNINDEXED_SORT_MAX_EVENTS`` events.
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
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed, NotFound
from rest_framework.filters import OrderingFilter
from rest_framework import exceptions as drf_exceptions
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from . import conf, db, paging
from .paging import Pagination
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
# Sorts an index serves at any size: timestamp (0006, and (timestamp, uuid)), user and
# remote_addr (this package's (user_id, timestamp) and (remote_addr, timestamp)), uuid (the
# primary key). The others sort the whole filtered set, so they are offered only up to
# UNINDEXED_SORT_MAX_EVENTS events.
INDEXED_SORTS = {"timestamp", "user", "remote_addr", "uuid"}


class SortFilter(OrderingFilter):
    ordering_param = "sort"
    ordering_fields = list(SORTABLE)

    def get_ordering(self, request, queryset, view):
        return sort_terms(request)

    def filter_queryset(self, request, queryset, view):
        terms = self.get_ordering(request, queryset, view)
        unindexed = [t.lstrip("-") for t in terms if t.lstrip("-") not in INDEXED_SORTS]
        if unindexed and getattr(view, "action", None) == "list":
            cap = conf.get("UNINDEXED_SORT_MAX_EVENTS")
            if not paging.at_most(queryset, cap):
                raise drf_exceptions.ValidationError(
                    {
                        "sort": [
                            f"Sorting by {unindexed[0]} is offered for up to {cap:,} events and "
                            "this view holds more. Narrow the time range or add a filter, or "
                            "sort by time, user or IP address."
                        ]
                    }
                )
        return ordered(queryset, terms)


def sort_terms(request):
    """The `sort` parameter's known terms, each field once; newest first without one."""
    raw = request.query_params.get("sort", "")
    terms = []
    for term in raw.split(","):
        term = term.strip()
        name = term.removeprefix("-")
        if name in SORTABLE and not any(t.lstrip("-") == name for t in terms):
            terms.append(term)
    return terms or ["-timestamp"]


def ordered(queryset, terms):
    """``queryset`` in the order of ``terms``, NULLs where PostgreSQL puts them, with the
    (timestamp, uuid) tie-breakers."""
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


class AliasTokenAuthentication(TokenAuthentication):
    """DRF's TokenAuthentication, its token (and user) read from ``AUDIT_CONSOLE["DATABASE"]``
    when that is set, so the API answers from a replica with the primary down."""

    def authenticate_credentials(self, key):
        using = db.alias()
        if using is None:
            return super().authenticate_credentials(key)
        model = self.get_model()
        try:
            token = model.objects.using(using).select_related("user").get(key=key)
        except model.DoesNotExist:
            raise AuthenticationFailed("Invalid token.")
        if not token.user.is_active:
            raise AuthenticationFailed("User inactive or deleted.")
        return (token.user, token)


def authentication_classes():
    configured = conf.get("AUTHENTICATION_CLASSES")
    if configured is not None:
        return [conf.load_object(c, "AUTHENTICATION_CLASSES") for c in configured]
    from django.apps import apps

    if apps.is_installed("rest_framework.authtoken"):
        # Token first: DRF's 401 carries the first class's `WWW-Authenticate` (Token).
        return [AliasTokenAuthentication, SessionAuthentication]
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

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset.using(db.read_alias(queryset.model))

    def using(self):
        return db.read_alias(self.get_queryset().model)

    def sort_terms(self, request):
        return sort_terms(request)

    def list(self, request, *args, **kwargs):
        with db.budget(self.using()):
            return super().list(request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        with db.budget(self.using()):
            return super().retrieve(request, *args, **kwargs)

    def filtered(self):
        """The list's filters (validated: a bad value is a 400 naming the field), no order."""
        queryset = self.get_queryset().select_related(None).prefetch_related(None)
        return DjangoFilterBackend().filter_queryset(self.request, queryset, self).order_by()

    def histogram(self, request, *args, **kwargs):
        from . import aggregates

        with db.budget(self.using()):
            return Response(aggregates.histogram(self.filtered(), request.query_params))

    def facets(self, request, *args, **kwargs):
        from . import aggregates

        with db.budget(self.using()):
            return Response(aggregates.facet(self.filtered(), request.query_params))

    def export(self, request, *args, **kwargs):
        from . import export

        return export.stream(self, request)

    def get_object(self):
        try:
            return super().get_object()
        except Http404:
            raise NotFound(f"No {self.get_queryset().model._meta.object_name} matches the given query.")


audit_event_list = AuditEventViewSet.as_view({"get": "list"})
audit_event_detail = AuditEventViewSet.as_view({"get": "retrieve"})
audit_event_histogram = AuditEventViewSet.as_view({"get": "histogram"})
audit_event_facets = AuditEventViewSet.as_view({"get": "facets"})
audit_event_export = AuditEventViewSet.as_view({"get": "export"})


def append_slash(request, **kwargs):
    """`.../audit-events` and `.../audit-events/<uuid>` without the trailing slash: 301 to it, as
    Django's APPEND_SLASH does, whatever the host's middleware and URLconf around the mount."""
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(request.path + "/" + (f"?{query}" if query else ""))
