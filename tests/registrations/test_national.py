"""UPPCTSC's national view in /admin/vue-nationale/ (issue 15): requests by status with a
server-drawn chart, seats and demand per département and exam, the centres that answer late,
each table as CSV and XLSX; UPPCTSC only; a constant number of queries as data grows."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from registrations.alerts import no_centre_alert_create
from registrations.answers import registrations_chase_answers
from registrations.services import registration_withdraw
from registrations.waiting import waiting_join
from tests.factories import (
    CandidateFactory,
    CentreFactory,
    SessionFactory,
    StaffFactory,
    UserFactory,
    advance,
    department,
    offers_for,
    submit,
)

pytestmark = pytest.mark.django_db

URL = "/admin/vue-nationale/"
LATE_AT = datetime.datetime(2026, 3, 12, 9, 0, tzinfo=datetime.UTC)  # NOW + 48 working hours
HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def tahiti(session, exams):
    centre = CentreFactory(name="TAHITIPLUS", city="Papeete", department_code="987")
    offers_for(centre=centre, session=session, exams=exams[:2], capacity=5)
    return centre


def make_requests(centre_a, centre_b, session, exams, staff_a, staff_b, now, *, scale=1):
    """At centre A: one pre-validated after 2 h, one after 30 h, one unanswered and late; at
    centre B: one confirmed after 4 h, one refused, one submitted on time; × scale."""
    for _ in range(scale):
        quick = submit(CandidateFactory(), centre_a, session, exams[:1], now)
        advance(quick, to="pre_validated", actor=staff_a, now=now + 2 * HOUR)
        slow = submit(CandidateFactory(), centre_a, session, exams[1:3], now)
        advance(slow, to="pre_validated", actor=staff_a, now=now + 30 * HOUR)
        submit(CandidateFactory(), centre_a, session, exams[:1], now)
        confirmed = submit(CandidateFactory(), centre_b, session, exams[:2], now)
        advance(confirmed, to="confirmed", actor=staff_b, now=now + 4 * HOUR)
        refused = submit(CandidateFactory(), centre_b, session, exams[3:], now)
        advance(refused, to="refused", actor=staff_b, now=now + HOUR)
        submit(CandidateFactory(), centre_b, session, exams[3:], LATE_AT)
        no_centre_alert_create(
            candidate=CandidateFactory(),
            session=session,
            exams=exams[:2],
            department=department("987"),
            message="",
            now=now,
        )
    registrations_chase_answers(now=LATE_AT)


@pytest.fixture
def requests(centre_a, centre_b, tahiti, session, exams, staff_a, staff_b, now):
    make_requests(centre_a, centre_b, session, exams, staff_a, staff_b, now)


def cells(page: str, first: str) -> list[str]:
    """The texts of the table row that starts with ``first``."""
    import re

    row = re.search(rf"<tr><th scope=\"row\">{re.escape(first)}</th>(.*?)</tr>", page)
    assert row, f"no row {first!r}"
    return re.findall(r"<td[^>]*>(.*?)</td>", row.group(1))


def test_requests_by_status_in_a_table_and_a_chart(client, uppctsc, requests):
    client.force_login(uppctsc)
    page = client.get(URL).content.decode()

    assert "<h1>Vue nationale</h1>" in page
    assert cells(page, "soumise") == ["2", "33 %"]
    assert cells(page, "pré-validée") == ["2", "33 %"]
    assert cells(page, "confirmée") == ["1", "17 %"]
    assert cells(page, "refusée") == ["1", "17 %"]
    assert cells(page, "expirée") == ["0", "0 %"]
    assert cells(page, "Total") == ["6", "100 %"]
    # The chart: one bar per status, the longest for the largest count, no script.
    assert 'role="img" aria-labelledby="chart-caption"' in page
    assert page.count("<rect ") == 7
    assert 'width="300" height="18"' in page and 'width="150" height="18"' in page
    assert "<script" not in page.split('id="content"')[1]


def test_seats_and_no_centre_alerts_per_department_and_exam(client, uppctsc, requests):
    client.force_login(uppctsc)
    page = client.get(URL).content.decode()

    headers = '<th scope="col">Département</th><th scope="col">Épreuve</th>'
    assert headers in page
    # Paris: centres A and B offer 10 seats each; E1 taken by A's quick request and B's
    # confirmed one. Tahiti: 5 seats in E1 and E2, none taken, one alert for each exam.
    # Columns: exam, offered, taken, held for the waiting list, waiting, « aucun centre ».
    assert cells(page, "75 – Paris")[:6] == ["E1 – Épreuve E1", "20", "2", "0", "0", "0"]
    assert '<td>E4 – Épreuve E4</td><td class="number">20</td>' in page
    tahiti_rows = page.split("987 – ")[1:]
    assert len(tahiti_rows) == 2
    assert (
        '<td>E1 – Épreuve E1</td><td class="number">5</td><td class="number">0</td>'
        '<td class="number">0</td><td class="number">0</td><td class="number">1</td>'
    ) in page


def test_seats_held_and_candidates_waiting_per_department_and_exam(
    client, uppctsc, session, exams, now
):
    """A full E1 (one seat) in 987: its request withdrawn, the seat is held for the first of
    two waiting candidates; the second still waits."""
    centre = CentreFactory(name="Lycée Gauguin", city="Papeete", department_code="987")
    offers_for(centre=centre, session=session, exams=exams[:1], capacity=1)
    holder = submit(CandidateFactory(), centre, session, exams[:1], now)
    advance(holder, to="pre_validated", actor=StaffFactory(centre=centre), now=now)
    for minutes in (1, 2):
        waiting_join(
            candidate=CandidateFactory(), session=session, centre=centre, exams=exams[:1],
            now=now + minutes * datetime.timedelta(minutes=1),
        )  # fmt: skip
    registration_withdraw(registration=holder, actor=holder.candidate.user, now=now + HOUR)

    client.force_login(uppctsc)
    page = client.get(URL).content.decode()

    assert cells(page, "987 – Polynésie française")[:6] == [
        "E1 – Épreuve E1", "1", "1", "1", "1", "0",
    ]  # fmt: skip


def test_centres_that_answer_late_with_their_median_time_to_pre_validate(
    client, uppctsc, requests, centre_a, centre_b
):
    client.force_login(uppctsc)
    page = client.get(URL).content.decode()

    # Centre A: pre-validated after 2 h and 30 h (median 16 h), its third request late.
    assert cells(page, f"{centre_a.name} (Paris)") == ["75", "16 h", "2", "1", "1"]
    # Centre B answered everything in time: not on the list.
    assert f"{centre_b.name} (Paris)" not in page.split("Centres qui répondent en retard")[-1]


def test_each_table_exports_as_csv_and_xlsx(client, uppctsc, requests, session, centre_a):
    client.force_login(uppctsc)

    response = client.get(f"{URL}centres-en-retard.csv?session={session.pk}")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="vue-nationale-centres-en-retard-{session.pk}-'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Centre", "Département", "Délai médian de pré-validation"]
    assert rows[1] == [f"{centre_a.name} (Paris)", "75", "16 h", "2", "1", "1"]

    response = client.get(f"{URL}statuts.xlsx?session={session.pk}")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == ["Statut", "Demandes", "Part"]
    assert values[-1] == ["Total", "6", "100 %"]

    response = client.get(f"{URL}departements.csv?session={session.pk}")
    text = response.content.decode("utf-8-sig")
    assert (
        "Places offertes;Places prises;dont réservées (liste d'attente);"
        "Candidats en liste d'attente;Alertes « aucun centre »"
    ) in text
    assert "987 – Polynésie française;E2 – Épreuve E2;5;0;0;0;1" in text


def test_a_formula_in_a_name_stays_text_in_the_export(client, uppctsc, session, exams, now):
    centre = CentreFactory(name="=HYPERLINK(1)", city="Paris")
    offers_for(centre=centre, session=session, exams=exams[:1])
    submit(CandidateFactory(), centre, session, exams[:1], now)
    registrations_chase_answers(now=LATE_AT)
    client.force_login(uppctsc)
    text = client.get(f"{URL}centres-en-retard.csv").content.decode("utf-8-sig")
    assert "\n'=HYPERLINK(1) (Paris);" in text


def test_another_session_is_chosen_by_its_id_and_a_bad_id_is_a_404(client, uppctsc, requests, now):
    other = SessionFactory(name="Décembre 2026")
    client.force_login(uppctsc)
    page = client.get(f"{URL}?session={other.pk}").content.decode()
    assert "Demandes par statut – Décembre 2026" in page
    assert cells(page, "Total") == ["0", "–"]
    for bad in ("abc", "²", "999999", "-1"):
        assert client.get(f"{URL}?session={bad}").status_code == 404
    assert client.get(f"{URL}inconnu.csv").status_code == 404
    assert client.get(f"{URL}statuts.pdf").status_code == 404


@pytest.mark.parametrize("path", ["", "statuts.csv", "departements.xlsx"])
def test_uppctsc_only(client, candidate, staff_a, requests, path):
    url = URL + path
    assert client.get(url).status_code == 302  # anonymous: the admin's login
    client.force_login(candidate.user)
    assert client.get(url).status_code == 302
    client.force_login(staff_a)
    assert client.get(url).status_code == 302
    # Staff of the admin without UPPCTSC's view of the requests.
    client.force_login(UserFactory(is_staff=True))
    assert client.get(url).status_code == 403


def test_the_admin_index_links_the_national_view_and_the_late_answers(client, uppctsc):
    client.force_login(uppctsc)
    page = client.get(reverse("admin:index")).content.decode()
    assert f'href="{URL}"' in page
    assert f'href="{reverse("admin:registrations_lateanswer_changelist")}"' in page


@pytest.mark.parametrize("scale", [1, 4])
def test_the_number_of_queries_does_not_grow_with_the_data(
    client, uppctsc, centre_a, centre_b, tahiti, session, exams, staff_a, staff_b, now, scale,
    django_assert_max_num_queries,
):  # fmt: skip
    make_requests(centre_a, centre_b, session, exams, staff_a, staff_b, now, scale=scale)
    for _ in range(scale):  # more centres and départements too
        centre = CentreFactory(department_code="69", city="Lyon")
        offers_for(centre=centre, session=session, exams=exams)
    client.force_login(uppctsc)
    client.get(URL)  # the session's first renewal is not the page's
    # Session and user (2), the open session (1), the sessions' list (1), statuses (1),
    # seats (1), seats held and candidates waiting (1), alerts (1), late centres (1).
    with django_assert_max_num_queries(9):
        assert client.get(URL).status_code == 200
    # Session and user (2), the chosen session (1), seats (1), waiting (1), alerts (1).
    with django_assert_max_num_queries(6):
        assert client.get(f"{URL}departements.xlsx?session={session.pk}").status_code == 200
