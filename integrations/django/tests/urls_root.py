from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    # At the root, last: everything the other patterns leave is the console's.
    path("", include("audit_console.urls")),
]
