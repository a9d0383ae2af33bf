"""Mounted under /admin/vue-nationale/ by the URL root: admin pages, behind the admin's login."""

from django.contrib import admin
from django.urls import path

from registrations import national_views

app_name = "national"

urlpatterns = [
    path("", admin.site.admin_view(national_views.national_view), name="view"),
    path(
        "<slug:table>.<slug:extension>",
        admin.site.admin_view(national_views.national_export),
        name="export",
    ),
]
