"""What certifup/caching.py adds beyond the access matrix (which checks every URL of the project
for every visitor): a file stays uncacheable whatever path serves it and whatever its view says,
and a page may only be made cacheable for anonymous visitors, by its view, explicitly.

The views below stand for a later view that would get it wrong; they go through the whole
middleware stack like any page (``pytest.mark.urls``).
"""

import pytest
from django.http import HttpResponse
from django.urls import path
from django.views.decorators.cache import cache_control

from tests.security.test_access_matrix import kept_by_no_cache


@cache_control(public=True, max_age=3600)
def public_export(request):
    response = HttpResponse("NUC;Nom\n260000013;Dupont\n", content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="candidats.csv"'
    return response


@cache_control(public=True, max_age=60)
def public_page(request):
    return HttpResponse("<p>Calendrier des sessions</p>")


def plain_page(request):
    return HttpResponse("<p>Une page</p>")


urlpatterns = [
    path("export.csv", public_export),
    path("calendrier/", public_page),
    path("page/", plain_page),
]

pytestmark = [pytest.mark.urls(__name__), pytest.mark.django_db]


def test_a_file_is_never_stored_even_anonymous_and_declared_public(client):
    response = client.get("/export.csv")

    assert response.status_code == 200
    assert kept_by_no_cache(response)
    assert "public" not in response["Cache-Control"]


def test_an_anonymous_page_is_not_stored_unless_its_view_says_so(client):
    assert kept_by_no_cache(client.get("/page/"))

    declared = client.get("/calendrier/")
    assert declared["Cache-Control"] == "public, max-age=60"
    # Signed-in visitors get another answer to the same URL: caches must tell them apart.
    assert "Cookie" in declared["Vary"]


def test_a_page_declared_public_is_private_to_a_signed_in_person(client, candidate):
    client.force_login(candidate.user)

    response = client.get("/calendrier/")

    assert kept_by_no_cache(response)
    assert "public" not in response["Cache-Control"]
    assert "Cookie" in response["Vary"]
