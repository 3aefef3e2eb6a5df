from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/audit/", include("audit_console.urls")),
    path("admin/", admin.site.urls),
]
