"""Import of the previous system's candidates in /admin/: preview, French row errors,
duplicates by NUC and by identity, NUCs kept, no password."""

import datetime
import html
import io
import re

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from candidates.imports import CandidateImportResource
from candidates.models import Candidate
from tests.candidates.helpers import text
from tests.factories import CandidateFactory

HEADERS = ["NUC", "Nom de naissance", "Nom d'usage", "Prénom(s)", "Date de naissance", "E-mail",
           "Téléphone"]  # fmt: skip
IMPORT_URL = reverse("admin:candidates_candidate_import")


def dataset(*lines) -> tablib.Dataset:
    return tablib.Dataset(*lines, headers=HEADERS)


GOOD = ("A-2019-0042", "Durand", "", "Léa", "12/04/1990", "lea@example.org", "0601020304")


def test_a_valid_file_creates_accounts_with_their_nuc_and_no_password(db):
    result = CandidateImportResource().import_data(dataset(GOOD), dry_run=False)

    assert not result.has_errors() and not result.has_validation_errors()
    candidate = Candidate.objects.get()
    assert (candidate.nuc, candidate.usage_name, candidate.birth_date) == (
        "A20190042",
        "Durand",
        datetime.date(1990, 4, 12),
    )
    assert candidate.user.username == "A20190042"
    assert not candidate.user.has_usable_password()


def test_row_errors_are_french_and_nothing_is_imported(db):
    known = CandidateFactory(
        birth_name="Martin", first_names="Paul", birth_date=datetime.date(1980, 1, 2)
    )
    lines = [
        GOOD,
        (known.nuc, "Autre", "", "Personne", "01/01/1970", "a@example.org", ""),
        ("B1", "MARTIN", "", "paul", "02/01/1980", "p@example.org", ""),
        ("B2", "Roux", "", "Max", "31/02/1990", "m@example.org", ""),
        ("B3", "Durand", "", "Léa", "12/04/1990", "lea2@example.org", ""),
        ("", "Sans", "", "Nuc", "01/01/1990", "s@example.org", ""),
    ]

    result = CandidateImportResource().import_data(dataset(*lines), dry_run=True)

    errors = {row.number: row.error_dict for row in result.invalid_rows}
    messages = {number: " ".join(map(str, e.values())) for number, e in errors.items()}
    assert set(messages) == {2, 3, 4, 5, 6}
    assert "est déjà attribué" in messages[2]
    assert f"déjà un compte (NUC {known.display_nuc})" in messages[3]
    assert "Date de naissance illisible" in messages[4]
    assert "apparaît deux fois dans le fichier" in messages[5]
    assert "obligatoire" in messages[6]
    assert Candidate.objects.count() == 1


def test_the_admin_previews_then_imports(client, db, uppctsc):
    client.force_login(uppctsc)
    content = tablib.Dataset(GOOD, headers=HEADERS).export("csv").encode()

    preview = client.post(
        IMPORT_URL,
        {
            "resource": "0",
            "format": "0",
            "import_file": SimpleUploadedFile("candidats.csv", content, "text/csv"),
        },
    )

    assert preview.status_code == 200
    assert "Durand" in text(preview)
    assert not Candidate.objects.exists()  # a preview imports nothing
    confirm = preview.context["confirm_form"]
    done = client.post(
        reverse("admin:candidates_candidate_process_import"), confirm.initial, follow=True
    )
    assert done.status_code == 200
    assert Candidate.objects.get().nuc == "A20190042"


def test_the_admin_preview_shows_row_errors(client, db, uppctsc):
    client.force_login(uppctsc)
    bad = ("B2", "Roux", "", "Max", "31/02/1990", "m@example.org", "")
    content = tablib.Dataset(bad, headers=HEADERS).export("csv").encode()

    preview = client.post(
        IMPORT_URL,
        {
            "resource": "0",
            "format": "0",
            "import_file": SimpleUploadedFile("candidats.csv", content, "text/csv"),
        },
    )

    assert preview.status_code == 200
    assert "Date de naissance illisible" in text(preview)
    assert "confirm_form" not in preview.context or preview.context["confirm_form"] is None


@pytest.mark.parametrize("kind", ["xlsx"])
def test_an_xlsx_file_is_read_too(db, kind):
    raw = dataset(GOOD).export(kind)
    data = tablib.Dataset().load(io.BytesIO(raw).read(), format=kind)
    result = CandidateImportResource().import_data(data, dry_run=False)
    assert not result.has_validation_errors()
    assert Candidate.objects.get().nuc == "A20190042"


def test_the_admin_preview_names_an_error_by_its_column(client, db, uppctsc):
    # It said « BIRTH_NAME » (the model attribute) for the « Nom de naissance » column.
    client.force_login(uppctsc)
    twice = ("B3", "Durand", "", "Léa", "12/04/1990", "lea2@example.org", "")
    content = tablib.Dataset(GOOD, twice, headers=HEADERS).export("csv").encode()

    preview = client.post(
        IMPORT_URL,
        {
            "resource": "0",
            "format": "0",
            "import_file": SimpleUploadedFile("candidats.csv", content, "text/csv"),
        },
    )

    labels = re.findall(r'class="validation-error-field-label">([^<]*)<', preview.content.decode())
    assert [html.unescape(label) for label in labels] == ["Nom de naissance"]
    assert "apparaît deux fois dans le fichier" in text(preview)
