from django.urls import path

from bench import views
from certifup.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    path("bench/bare/", views.bare, name="bench_bare"),
    path("bench/insert/", views.insert, name="bench_insert"),
    *project_urlpatterns,
]
