"""Every département a centre can be in is one the calendar serves: the admin, the centres
import and the database refuse the others, and a page meeting one anyway answers in French."""

import html
import logging

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse

from centres.models import Centre, Department
from registrations.models import Status
from tests.factories import CentreFactory, StaffFactory, offers_for, submit

pytestmark = pytest.mark.django_db

CENTRE_ROW = "TAHITIPLUS,Papeete,45 rue Destremeau,98714,{code},tahiti@example.org,,Chèque,1\n"
CENTRES_HEADER = (
    "name,city,address,postal_code,departement,email,phone,payment_instructions,is_accredited\n"
)


@pytest.fixture
def admin_client(client, uppctsc):
    client.force_login(uppctsc)
    return client


def _add_department(admin_client, code: str):
    return admin_client.post(
        reverse("admin:centres_department_add"), {"code": code, "name": "Un territoire"}
    )


def test_admin_refuses_a_code_the_calendar_does_not_know(admin_client):
    response = _add_department(admin_client, "984")
    assert response.status_code == 200  # the form again, not a redirect
    errors = response.context["adminform"].form.errors["code"]
    assert errors == [
        "Le code de département « 984 » est inconnu du calendrier des centres : indiquez un "
        "département (01 à 95, 2A, 2B) ou un territoire d'outre-mer (971 à 978, 986 à 988)."
    ]
    assert not Department.objects.filter(code="984").exists()


def test_admin_explains_corsica(admin_client):
    response = _add_department(admin_client, "20")
    assert response.context["adminform"].form.errors["code"] == [
        "Le département « 20 » n'existe plus : la Corse est « 2A » ou « 2B »."
    ]


@pytest.mark.parametrize("typed", ["2a", " 75", "075", "975 "])
def test_admin_reads_a_code_as_people_type_it(admin_client, typed):
    # Normalised before the uniqueness check: the (already loaded) département is found.
    response = _add_department(admin_client, typed)
    assert response.status_code == 200
    assert "code" in response.context["adminform"].form.errors
    assert not Department.objects.filter(code=typed).exists()
    assert Department.objects.filter(code=typed.strip().upper().removeprefix("0")).exists()


def test_the_database_keeps_unknown_codes_out():
    with pytest.raises(IntegrityError), transaction.atomic():
        Department.objects.create(code="984", name="Terres australes")


@pytest.mark.parametrize(("typed", "stored"), [(" 987", "987"), ("2a", "2A"), ("075", "75")])
def test_centre_import_normalises_the_code(admin_client, typed, stored):
    content = (CENTRES_HEADER + CENTRE_ROW.format(code=typed)).encode()
    response = admin_client.post(
        reverse("admin:centres_centre_import"),
        {"resource": "0", "format": "0", "import_file": _file(content)},
    )
    result = response.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert result.rows[0].instance.department_id == stored


def test_centre_import_names_an_unknown_code(admin_client):
    content = (CENTRES_HEADER + CENTRE_ROW.format(code="984")).encode()
    response = admin_client.post(
        reverse("admin:centres_centre_import"),
        {"resource": "0", "format": "0", "import_file": _file(content)},
    )
    assert response.context["result"].has_validation_errors()
    assert "Le code de département « 984 » est inconnu" in html.unescape(response.content.decode())
    assert not Centre.objects.exists()


def _file(content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("centres.csv", content)


@pytest.fixture
def centre_in_984(session, exams, candidate, now):
    """The state the issue met: a row the calendar cannot serve, written past the constraint
    (as a database restored from before it, or a manual SQL fix, could hold)."""
    with connection.cursor() as cursor:
        # Transactional DDL: the test's transaction puts the constraint back when it ends.
        cursor.execute(
            "ALTER TABLE centres_department DROP CONSTRAINT IF EXISTS department_code_known"
        )
    Department.objects.create(code="984", name="Terres australes")
    centre = CentreFactory(department_code="987")
    Centre.objects.filter(pk=centre.pk).update(department_id="984")
    offers_for(centre=centre, session=session, exams=exams)
    centre.refresh_from_db()
    registration = submit(candidate, centre, session, exams[:1], now)
    return centre, registration


def test_a_page_meeting_an_unknown_code_answers_in_french(centre_in_984, caplog):
    centre, registration = centre_in_984
    client = Client(raise_request_exception=False)
    client.force_login(StaffFactory(centre=centre))
    pages = [
        reverse("centre:dashboard"),
        reverse("centre:requests"),
        reverse("centre:request", args=[registration.pk]),
    ]
    for url in pages:
        with caplog.at_level(logging.ERROR):
            response = client.get(url)
        assert response.status_code == 503, url
        body = html.unescape(response.content.decode())
        assert "Le code de département « 984 » est inconnu" in body, url
    response = client.post(reverse("centre:pre_validate", args=[registration.pk]))
    assert response.status_code == 503
    registration.refresh_from_db()
    assert registration.status == Status.SUBMITTED  # the service's transaction rolled back
    assert any("984" in record.getMessage() for record in caplog.records)
