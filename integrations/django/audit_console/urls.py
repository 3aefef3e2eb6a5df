"""``path("admin/audit/", include("audit_console.urls"))`` — at any path, any number of times
(give each further mount its own ``namespace``)."""

from django.urls import path, re_path

from . import api, views

app_name = "audit_console"

urlpatterns = [
    path("", views.index, name="index"),
    path("config.json", views.config_json, name="config"),
    path("api/v1/audit-events/", api.audit_event_list, name="api-list"),
    path("api/v1/audit-events/histogram/", api.audit_event_histogram, name="api-histogram"),
    path("api/v1/audit-events/facets/", api.audit_event_facets, name="api-facets"),
    path("api/v1/audit-events/export/", api.audit_event_export, name="api-export"),
    path("api/v1/audit-events/<str:pk>/", api.audit_event_detail, name="api-detail"),
    re_path(r"^api/v1/audit-events(?:/[^/]+)?$", api.append_slash),
    # Everything else but the API: a file of the build, or the console (SPA fallback). Paths
    # under api/ stay Django's own 404 (and APPEND_SLASH still redirects `.../<uuid>`).
    re_path(r"^(?!api(?:/|$))(?P<path>.+)$", views.asset_or_app, name="app"),
]
