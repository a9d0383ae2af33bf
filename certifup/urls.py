from django.contrib import admin
from django.urls import include, path

from certifup.health import views as health_views
from registrations import views as registration_views

admin.site.site_header = "Certif-UP – administration UPPCTSC"
admin.site.site_title = "Certif-UP"
admin.site.index_title = "Administration"

handler400 = "certifup.errors.bad_request"

urlpatterns = [
    path("", registration_views.home, name="home"),
    path("", include("candidates.urls")),
    path("", include("registrations.urls")),
    path("centre/", include("backoffice.urls")),
    path("", include("deferrals.urls")),
    # UPPCTSC's national view: admin pages, mounted before the admin's own catch-all.
    path("admin/vue-nationale/", include("registrations.national_urls")),
    path("admin/", admin.site.urls),
    # The load balancer's health check: no session, no personal data.
    path("sante/", health_views.health, name="health"),
]
