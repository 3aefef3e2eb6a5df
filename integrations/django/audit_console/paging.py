"""Counts and paging that do not grow with the table.

shared/API.md's page-number paging and exact ``count`` stay the default, for every client. On top:

* ``count=estimate``: counted exactly up to ``COUNT_EXACT_UPTO`` events (``SELECT count(*) FROM
  (… LIMIT n+1)``, an index range at most that long), above that PostgreSQL's planner estimate;
  the answer says which with ``"count_exact": true|false``. ``count=exact`` is the default in
  page mode.
* ``cursor``: keyset paging on ``(timestamp, uuid)`` — ``cursor=`` (empty) is the first page,
  each answer's ``next_cursor``/``previous_cursor`` the pages beside it. A page costs the same at
  any depth (an index range from the cursor on), whatever the table's size. Counts default to
  ``estimate`` there. Only the timestamp orders (``-timestamp``, the default, and
  ``timestamp``) page by cursor.
* ``count=none``: no count (``"count": null, "count_exact": false``), in either mode: a client
  that has the total already (the histogram's sum) turns a page for the cost of the page.
* Page-number pages fetch their rows' keys first (``values_list("pk")[offset:offset+n]``, an
  index-only scan of ``(timestamp, uuid)`` on PostgreSQL) and then the rows: a deep ``OFFSET``
  skips index entries instead of whole rows.
"""

import base64
import binascii
import json
import uuid as uuid_lib
from datetime import datetime

from django.core.paginator import Paginator
from django.db.models import Q
from django.utils.functional import cached_property
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from . import conf

COUNT_MODES = ("exact", "estimate", "none")
TIMESTAMP_ORDERS = (["-timestamp"], ["timestamp"])


def count_mode(request, default):
    raw = request.query_params.get("count")
    if raw is None or raw == "":
        return default
    if raw not in COUNT_MODES:
        raise ValidationError({"count": ['Must be "exact", "estimate" or "none".']})
    return raw


def timestamp_order(terms, what):
    """True for newest first, False for oldest first; a 400 naming ``sort`` for any other
    order (``what`` says which reading needs it: keyset reads follow (timestamp, uuid))."""
    if terms not in TIMESTAMP_ORDERS:
        raise ValidationError(
            {"sort": [f"{what} orders by timestamp only: send sort=-timestamp or sort=timestamp."]}
        )
    return terms == ["-timestamp"]


def planner_estimate(queryset):
    """PostgreSQL's estimate of the rows ``queryset`` returns, or None elsewhere."""
    if queryset.db and queryset.query.get_compiler(queryset.db).connection.vendor != "postgresql":
        return None
    try:
        plan = json.loads(queryset.order_by().explain(format="json"))
        return int(plan[0]["Plan"]["Plan Rows"])
    except (ValueError, KeyError, IndexError, TypeError):
        return None


def capped_count(queryset, cap):
    """The number of events in ``queryset`` up to ``cap + 1`` (reads at most that many keys)."""
    return queryset.order_by().values("pk")[: cap + 1].count()


def counted(queryset, mode):
    """(count, exact) for the filtered ``queryset``; (None, False) for ``count=none``."""
    bare = queryset.order_by()
    if mode == "none":
        return None, False
    if mode == "exact":
        return bare.count(), True
    cap = conf.get("COUNT_EXACT_UPTO")
    capped = capped_count(bare, cap)
    if capped <= cap:
        return capped, True
    estimate = planner_estimate(bare)
    if estimate is None:
        return bare.count(), True
    return max(estimate, cap + 1), False


def at_most(queryset, n):
    """Whether the filtered set holds at most ``n`` events (reads at most n + 1 keys)."""
    return capped_count(queryset, n) <= n


def rows_by_keys(object_list, pks):
    """The rows of ``object_list`` whose keys are ``pks``, in that order (a deep page reads its
    keys at the offset first, then only these rows)."""
    rows = {row.pk: row for row in object_list.filter(pk__in=pks)}
    return [rows[pk] for pk in pks if pk in rows]


class KeysFirstPaginator(Paginator):
    """Django's paginator, whose page reads its rows' primary keys at the offset first and then
    only those rows (the offset skips index entries, not rows)."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        pks = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        return self._get_page(rows_by_keys(self.object_list, pks), number, self)


class EstimatedPaginator(KeysFirstPaginator):
    """A paginator whose count is ``counted(…, "estimate")``; a page past the estimate is read
    anyway (an estimate may be short) and is only invalid when it is empty."""

    count_mode = "estimate"

    @cached_property
    def count(self):
        n, self.count_exact = counted(self.object_list, self.count_mode)
        return n

    def validate_number(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise NotFound("Invalid page.")
        if number < 1:
            raise NotFound("Invalid page.")
        return number

    def page(self, number):
        number = self.validate_number(number)
        self.count  # noqa: B018 - sets count_exact
        bottom = (number - 1) * self.per_page
        pks = list(self.object_list.values_list("pk", flat=True)[bottom : bottom + self.per_page + 1])
        self.more = len(pks) > self.per_page
        pks = pks[: self.per_page]
        if not pks and number > 1:
            raise NotFound("Invalid page.")
        return self._get_page(rows_by_keys(self.object_list, pks), number, self)


class UncountedPaginator(EstimatedPaginator):
    """``count=none``: no count at all (``"count": null``), for a client that knows it already
    (the histogram's sum): a page turn reads its page and nothing else."""

    count_mode = "none"

    @cached_property
    def num_pages(self):
        # Unknown without a count; DRF reads it only to decide on the browsable API's page
        # controls (next/previous come from Pagination.get_next_link and the page number).
        return 1


# --- cursors -------------------------------------------------------------------------------


def encode_cursor(direction, timestamp, pk):
    text = json.dumps([direction, timestamp.isoformat(), str(pk)], separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_cursor(token):
    """(direction, timestamp, uuid) or ValidationError naming `cursor`."""
    invalid = ValidationError({"cursor": ["Invalid cursor."]})
    try:
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        direction, ts, pk = json.loads(text)
        if direction not in ("n", "p"):
            raise invalid
        when = datetime.fromisoformat(ts)
        if when.tzinfo is None:
            raise invalid
        return direction, when, uuid_lib.UUID(pk)
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise invalid


def beyond(ts, pk, forward_desc):
    """Rows after (ts, pk) in a (timestamp, uuid) order that is descending when
    ``forward_desc``; the redundant bound on timestamp is the index range."""
    if forward_desc:
        return Q(timestamp__lte=ts) & (Q(timestamp__lt=ts) | Q(timestamp=ts, uuid__lt=pk))
    return Q(timestamp__gte=ts) & (Q(timestamp__gt=ts) | Q(timestamp=ts, uuid__gt=pk))


def ordered(queryset, desc):
    return queryset.order_by(*(("-timestamp", "-uuid") if desc else ("timestamp", "uuid")))


class Pagination(PageNumberPagination):
    """Page numbers (shared/API.md), ``count=estimate`` and ``cursor`` paging, as above."""

    page_size_query_param = "limit"

    def __init__(self):
        self.page_size = conf.get("API_PAGE_SIZE")
        self.max_page_size = conf.get("API_MAX_PAGE_SIZE")
        self.mode = "page"

    def paginate_queryset(self, queryset, request, view=None):
        params = request.query_params
        if "cursor" in params:
            if "page" in params:
                raise ValidationError({"cursor": ["Send either cursor or page, not both."]})
            return self._cursor_page(queryset, request, view)
        self.count_mode = count_mode(request, "exact")
        if self.count_mode == "none":
            if params.get(self.page_query_param) == "last":
                raise ValidationError({"page": ['page=last needs a count: send count=exact.']})
            self.django_paginator_class = UncountedPaginator
        elif self.count_mode == "estimate" and params.get(self.page_query_param) != "last":
            self.django_paginator_class = EstimatedPaginator
        else:
            self.django_paginator_class = KeysFirstPaginator
        self.mode = "page"
        rows = super().paginate_queryset(queryset, request, view)
        self.page_cursors(rows, view)
        return rows

    def page_cursors(self, rows, view):
        """A numbered page in the scale modes (``count=estimate|none``), in a timestamp order,
        also names the pages beside it by cursor: a client that jumped to page 2000 by number
        turns the next page at a cursor's cost. Its order is the cursor's, (timestamp, uuid)."""
        self.cursors = None
        if not isinstance(self.page.paginator, EstimatedPaginator):
            return
        terms = view.sort_terms(self.request) if view is not None else ["-timestamp"]
        if terms not in TIMESTAMP_ORDERS:
            return
        if not rows:
            self.cursors = (None, None)
            return
        first, last = rows[0], rows[-1]
        self.cursors = (
            encode_cursor("n", last.timestamp, last.pk) if self.page.paginator.more else None,
            encode_cursor("p", first.timestamp, first.pk) if self.page.number > 1 else None,
        )

    def get_next_link(self):
        if self.mode == "page" and isinstance(self.page.paginator, EstimatedPaginator):
            if not self.page.paginator.more:
                return None
            url = self.request.build_absolute_uri()
            return replace_query_param(url, self.page_query_param, self.page.number + 1)
        return super().get_next_link()

    def get_paginated_response(self, data):
        if self.mode == "cursor":
            return Response(
                {
                    "count": self.count,
                    "count_exact": self.count_exact,
                    "next": self._link(self.next_cursor),
                    "previous": self._link(self.previous_cursor),
                    "next_cursor": self.next_cursor,
                    "previous_cursor": self.previous_cursor,
                    "results": data,
                }
            )
        if isinstance(self.page.paginator, EstimatedPaginator):
            body = {
                "count": self.page.paginator.count,
                "count_exact": self.page.paginator.count_exact,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
            }
            if self.cursors is not None:
                body["next_cursor"], body["previous_cursor"] = self.cursors
            body["results"] = data
            return Response(body)
        return super().get_paginated_response(data)

    def _link(self, cursor):
        if cursor is None:
            return None
        url = remove_query_param(self.request.build_absolute_uri(), self.page_query_param)
        return replace_query_param(url, "cursor", cursor)

    def _cursor_page(self, queryset, request, view):
        self.mode = "cursor"
        self.request = request
        size = self.get_page_size(request)
        terms = view.sort_terms(request) if view is not None else ["-timestamp"]
        desc = timestamp_order(terms, "Cursor paging")
        self.count, self.count_exact = counted(queryset, count_mode(request, "estimate"))
        token = request.query_params.get("cursor", "")
        if token:
            direction, ts, pk = decode_cursor(token)
        else:
            direction, ts, pk = "n", None, None
        # A "p" cursor reads backwards from its row, then turns the page round.
        forward = direction == "n"
        scan_desc = desc if forward else not desc
        scan = ordered(queryset, scan_desc)
        if ts is not None:
            scan = scan.filter(beyond(ts, pk, scan_desc))
        rows = list(scan[: size + 1])
        more = len(rows) > size
        rows = rows[:size]
        if not forward:
            rows.reverse()
        self.next_cursor = self.previous_cursor = None
        if rows:
            first, last = rows[0], rows[-1]
            has_next = more if forward else self._exists_beyond(queryset, last, desc)
            has_prev = (
                (ts is not None and self._exists_beyond(queryset, first, not desc))
                if forward
                else more
            )
            if has_next:
                self.next_cursor = encode_cursor("n", last.timestamp, last.pk)
            if has_prev:
                self.previous_cursor = encode_cursor("p", first.timestamp, first.pk)
        return rows

    @staticmethod
    def _exists_beyond(queryset, row, desc):
        return ordered(queryset, desc).filter(beyond(row.timestamp, row.pk, desc)).exists()
