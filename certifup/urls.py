from django.contrib import admin
from django.urls import include, path

from registrations import views as registration_views

admin.site.site_header = "Certif-UP – administration UPPCTSC"
admin.site.site_title = "Certif-UP"
admin.site.index_title = "Administration"

urlpatterns = [
    path("", registration_views.home, name="home"),
    path("", include("candidates.urls")),
    path("", include("registrations.urls")),
    path("centre/", include("backoffice.urls")),
    path("", include("deferrals.urls")),
    path("admin/", admin.site.urls),
]
