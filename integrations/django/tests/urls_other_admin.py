from django.urls import include, path

from .admin_site import site

urlpatterns = [
    path("backoffice/", site.urls),
    path("audit/", include("audit_console.urls")),
]
