"""UPPCTSC imports centres and exam offers from CSV/XLSX in the admin: preview, per-row
errors, then confirm. Plus the admin's lists: every one searchable and loading."""

import html
import io

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from centres.models import Centre, ExamOffer
from centres.resources import ExamOfferResource
from tests.factories import CentreFactory, SoftwareFactory, department

pytestmark = pytest.mark.django_db

CENTRES_CSV = (
    "name,city,address,postal_code,departement,email,phone,payment_instructions,is_accredited\n"
    "TAHITIPLUS,Papeete,45 rue Destremeau,98714,987,tahiti@example.org,,Chèque,1\n"
    "Lycée Inconnu,Nulle-part,1 rue X,00000,999,pas-un-email,,Chèque,1\n"
)


@pytest.fixture
def admin_client(client, uppctsc):
    client.force_login(uppctsc)
    return client


def _upload(admin_client, model: str, content: bytes, name: str, file_format: str):
    return admin_client.post(
        reverse(f"admin:centres_{model}_import"),
        {
            "resource": "0",
            "format": file_format,
            "import_file": SimpleUploadedFile(name, content),
        },
    )


def test_centre_import_shows_per_row_errors_and_imports_nothing(admin_client):
    department("987")
    response = _upload(admin_client, "centre", CENTRES_CSV.encode(), "centres.csv", "0")
    body = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert response.context["result"].has_validation_errors()
    assert "Le code de département « 999 » est inconnu du calendrier des centres" in body
    assert not Centre.objects.exists()


def test_centre_import_preview_then_confirm(admin_client):
    department("987")
    valid = CENTRES_CSV.splitlines()[:2]
    response = _upload(admin_client, "centre", "\n".join(valid).encode(), "centres.csv", "0")
    assert not response.context["result"].has_errors()
    assert not response.context["result"].has_validation_errors()
    assert "TAHITIPLUS" in response.content.decode()
    assert not Centre.objects.exists()  # the preview writes nothing
    confirm = response.context["confirm_form"]
    admin_client.post(reverse("admin:centres_centre_process_import"), confirm.initial)
    centre = Centre.objects.get()
    assert (centre.name, centre.department_id, centre.is_accredited) == ("TAHITIPLUS", "987", True)


def test_offer_import_from_xlsx(admin_client, session, exams):
    centre = CentreFactory(name="TAHITIPLUS")
    SoftwareFactory(name="Ciel Comptabilité")
    SoftwareFactory(name="Excel 2017")
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["centre", "session", "epreuve", "logiciels", "places"])
    sheet.append(["TAHITIPLUS", session.name, exams[0].code, "Ciel Comptabilité|Excel 2017", 20])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = _upload(admin_client, "examoffer", buffer.getvalue(), "offres.xlsx", "1")
    assert not response.context["result"].has_validation_errors()
    admin_client.post(
        reverse("admin:centres_examoffer_process_import"), response.context["confirm_form"].initial
    )
    offer = ExamOffer.objects.get(centre=centre)
    assert offer.capacity == 20
    assert sorted(s.name for s in offer.software.all()) == ["Ciel Comptabilité", "Excel 2017"]


def test_offer_import_refuses_unknown_software_and_capacity_below_seats(centre_a, session, exams):
    import tablib

    offer = centre_a.offers.get(exam=exams[0])
    ExamOffer.objects.filter(pk=offer.pk).update(seats_taken=3)
    dataset = tablib.Dataset(headers=["centre", "session", "epreuve", "logiciels", "places"])
    dataset.append([centre_a.name, session.name, exams[0].code, "Logiciel fantôme", 10])
    software = offer.software.first().name
    dataset.append([centre_a.name, session.name, exams[0].code, software, 2])
    result = ExamOfferResource().import_data(dataset, dry_run=True)
    invalid = {row.number: str(row.error_dict) for row in result.invalid_rows}
    assert "3 places sont déjà prises" in invalid[2]
    failed = [str(error.error) for row in result.rows for error in row.errors]
    assert failed == ["Logiciel inconnu : Logiciel fantôme."]
    offer.refresh_from_db()
    assert offer.capacity == 10


@pytest.mark.parametrize(
    "model_admin", list(admin.site._registry.values()), ids=lambda m: m.model.__name__
)
def test_every_admin_list_is_searchable_and_loads(admin_client, model_admin, request_a):
    assert model_admin.search_fields, f"{model_admin} has no search"
    meta = model_admin.model._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
    assert admin_client.get(url, {"q": "a"}).status_code == 200


def test_offer_export_to_xlsx_gives_seats_as_numbers(admin_client, centre_a):
    # « places » was the text « 20 »: a spreadsheet could not add it up.
    url = reverse("admin:centres_examoffer_export")
    fields = ["capacity", "centre", "exam", "session", "software"]
    formats = admin.site._registry[ExamOffer].get_export_formats()
    xlsx = next(i for i, f in enumerate(formats) if f().get_title() == "xlsx")
    response = admin_client.post(
        url,
        {"format": str(xlsx), "resource": "0", **{f"examofferresource_{f}": "on" for f in fields}},
    )

    sheet = load_workbook(io.BytesIO(response.content)).active
    header, *rows = sheet.iter_rows()
    places = [cell.value for cell in header].index("places")
    assert rows and all(row[places].data_type == "n" for row in rows)
    assert sorted(row[places].value for row in rows) == sorted(
        offer.capacity for offer in centre_a.offers.all()
    )
