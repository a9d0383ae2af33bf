"""The permission matrix, generated from the URL configuration: every /centre/ URL (except the
login and logout pages) is tried by an anonymous visitor, a candidate, staff of centre B and
staff of centre A, with centre A's objects in its ids. A URL added later is covered as is."""

import pytest
from django.urls import get_resolver, reverse

from candidates.corrections import correction_request_create
from registrations.closures import closure_declare

PUBLIC = {"login", "logout"}


def _centre_url_names() -> list[str]:
    resolver = get_resolver()
    _, centre_resolver = resolver.namespace_dict["centre"]
    names = [pattern.name for pattern in centre_resolver.url_patterns]
    return sorted(name for name in names if name not in PUBLIC)


@pytest.fixture
def url_for(request_a, now):
    """Fill a URL's ids with centre A's objects."""
    line = request_a.lines.first()
    correction = correction_request_create(
        candidate=request_a.candidate, field="birth_name", proposed_value="X", comment="", now=now
    )
    closure = closure_declare(
        centre=request_a.centre,
        first_day=now.date(),
        last_day=now.date(),
        reason="Inventaire",
        actor=request_a.candidate.user,  # who declares is not what this matrix checks
        now=now,
    )
    ids = {
        "closure_id": closure.pk,
        "registration_id": request_a.pk,
        "line_id": line.pk,
        "offer_id": line.exam_offer_id,
        "correction_id": correction.pk,
    }

    def build(name: str) -> str:
        _, centre_resolver = get_resolver().namespace_dict["centre"]
        pattern = next(p for p in centre_resolver.url_patterns if p.name == name)
        kwargs = {key: ids[key] for key in pattern.pattern.converters}
        return reverse(f"centre:{name}", kwargs=kwargs)

    return build


def _request(client, url: str):
    # GET shows a page; for POST-only actions the GET is refused (405) before anything, so
    # the permission is checked with an empty POST, which changes nothing when refused.
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url, {})
    return response


def test_every_centre_url_is_in_the_matrix():
    names = _centre_url_names()
    assert {"dashboard", "requests", "request", "pre_validate", "export_csv"} <= set(names)
    assert len(names) >= 15


@pytest.mark.parametrize("name", _centre_url_names())
def test_anonymous_goes_to_the_staff_login(client, url_for, name):
    url = url_for(name)
    response = _request(client, url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("centre:login"))


@pytest.mark.parametrize("name", _centre_url_names())
def test_a_candidate_is_refused(client, candidate, url_for, name):
    client.force_login(candidate.user)
    response = _request(client, url_for(name))
    assert response.status_code == 403
    assert "réservé au personnel des centres" in response.content.decode()


@pytest.mark.parametrize("name", _centre_url_names())
def test_staff_of_no_centre_is_refused(client, uppctsc, url_for, name):
    client.force_login(uppctsc)
    assert _request(client, url_for(name)).status_code == 403


@pytest.mark.parametrize("name", _centre_url_names())
def test_staff_of_centre_b_gets_404_on_centre_a_objects(client, staff_b, request_a, url_for, name):
    client.force_login(staff_b)
    response = _request(client, url_for(name))
    if "<int:" in _route(name):
        assert response.status_code == 404
    else:  # lists and exports: allowed, but centre A's request is not in them
        assert response.status_code in (200, 302)
        candidate = request_a.candidate
        assert candidate.nuc.encode() not in response.content
        assert candidate.display_nuc.encode() not in response.content


@pytest.mark.parametrize("name", _centre_url_names())
def test_staff_of_centre_a_is_allowed(client, staff_a, url_for, name):
    client.force_login(staff_a)
    response = _request(client, url_for(name))
    assert response.status_code in (200, 302, 400)


def _route(name: str) -> str:
    _, centre_resolver = get_resolver().namespace_dict["centre"]
    return str(next(p for p in centre_resolver.url_patterns if p.name == name).pattern)


def test_staff_of_centre_b_never_sees_centre_a_in_lists_and_exports(
    client, staff_b, request_a, request_b
):
    client.force_login(staff_b)
    a_nuc = request_a.candidate.nuc
    for name in ("dashboard", "requests", "export_csv"):
        body = client.get(reverse(f"centre:{name}")).content.decode("utf-8-sig")
        assert a_nuc not in body and request_a.candidate.display_nuc not in body
        assert request_b.candidate.display_nuc in body or request_b.candidate.nuc in body


def test_staff_login_page_and_redirect(client, staff_a):
    from tests.factories import PASSWORD

    response = client.post(
        reverse("centre:login"), {"username": staff_a.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("centre:dashboard")
    response = client.post(
        reverse("centre:login"), {"username": staff_a.username, "password": "x"}
    )
    assert "Identifiant ou mot de passe incorrect." in response.content.decode()


def test_staff_of_a_non_accredited_centre_can_sign_in(client, centre_a, staff_a):
    # Not accredited: invisible to candidates (invariant 4), but its staff still work on
    # the requests already made there.
    centre_a.is_accredited = False
    centre_a.save(update_fields=["is_accredited"])
    client.force_login(staff_a)
    response = client.get(reverse("centre:dashboard"))
    assert response.status_code == 200
    assert "(non habilité)" in response.content.decode()
