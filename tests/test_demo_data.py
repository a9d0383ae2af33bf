"""``manage.py load_demo``: the demo the README promises, loadable twice, and the admin on it."""

import datetime
import html
import io

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import authenticate as django_authenticate
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from backoffice.demo_data import CENTRES, FULL, NOT_ACCREDITED, PARIS
from candidates.models import Candidate, User
from candidates.nuc import make_nuc
from candidates.services import candidate_create, nuc_allocate
from centres.models import Centre, Closure, ExamOffer, Session
from centres.territories import department_code_refusal
from certifup.errors import DomainError
from registrations.models import (
    SEAT_HOLDING_STATUSES,
    Registration,
    RegistrationExam,
    Status,
    WaitingEntry,
    WaitingStatus,
)
from registrations.times import registration_closing_text

pytestmark = pytest.mark.django_db

DEMO_NUC = make_nuc(year=26, sequence=1)
SECOND_NUC = make_nuc(year=26, sequence=2)


def authenticate(**credentials):
    # django-axes counts attempts per request: give it one, as a login page would.
    return django_authenticate(RequestFactory().post("/connexion/"), **credentials)


@pytest.fixture
def demo_output() -> str:
    return load_demo()


@pytest.fixture
def superuser_client(client, demo_output):
    client.force_login(User.objects.get(username="uppctsc"))
    return client


def load_demo() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def open_session() -> Session:
    return Session.objects.open_at(timezone.now()).get()


def test_second_run_changes_no_row_count(demo_output):
    before = row_counts()
    statuses = list(Registration.objects.order_by("pk").values_list("status", flat=True))

    load_demo()

    assert row_counts() == before
    assert list(Registration.objects.order_by("pk").values_list("status", flat=True)) == statuses


def test_exactly_one_session_is_open_now_between_a_past_and_a_next_one(demo_output):
    now = timezone.now()
    current = open_session()

    assert current.is_open(now)
    past = Session.objects.filter(exams_start_on__lt=current.exams_start_on)
    following = current.next_session()
    assert following is not None and following.registration_opens_at > now
    assert past.exists() and all(session.registration_closes_at < now for session in past)


def test_tahitiplus_offers_the_seeds_example_in_papeete(demo_output):
    centre = Centre.objects.get(name="TAHITIPLUS")
    offers = ExamOffer.objects.filter(centre=centre, session=open_session())
    software = {
        offer.exam.code: sorted(offer.software.values_list("name", flat=True)) for offer in offers
    }

    assert (centre.department_id, centre.city, centre.is_accredited) == ("987", "Papeete", True)
    assert software == {"E1": ["Ciel Comptabilité"], "E2": ["Ciel Comptabilité", "Excel 2017"]}
    assert {offer.capacity for offer in offers} == {20}


def test_full_centre_has_every_seat_taken_by_real_requests(demo_output):
    offers = ExamOffer.objects.filter(centre__name=FULL, session=open_session())

    assert offers.exists()
    for offer in offers:
        holders = RegistrationExam.objects.filter(
            exam_offer=offer, registration__status__in=SEAT_HOLDING_STATUSES
        ).count()
        assert offer.seats_taken == offer.capacity == holders


def test_two_candidates_wait_for_the_full_centre(demo_output):
    waiting = WaitingEntry.objects.filter(
        centre__name=FULL, session=open_session(), status=WaitingStatus.WAITING
    ).order_by("joined_at")

    assert [entry.candidate.first_names for entry in waiting] == ["Inès", "Hinano"]


def test_one_centre_is_not_accredited(demo_output):
    assert list(Centre.objects.filter(is_accredited=False).values_list("name", flat=True)) == [
        NOT_ACCREDITED
    ]


def test_demo_candidate_signs_in_with_nuc_and_has_no_request_yet(demo_output):
    candidate = Candidate.objects.get(nuc=DEMO_NUC)

    user = authenticate(username=DEMO_NUC, password="demo-candidat-2026")

    assert user == candidate.user
    assert (candidate.birth_name, candidate.first_names) == ("DUPONT", "Marie")
    assert candidate.birth_date == datetime.date(1990, 4, 12)
    assert candidate.has_complete_contact and candidate.city == "Papeete"
    assert not candidate.registrations.exists()


def test_second_demo_candidate_has_a_confirmed_registration_in_the_open_session(demo_output):
    registration = Registration.objects.get(candidate__nuc=SECOND_NUC, session=open_session())

    assert registration.status == Status.CONFIRMED
    assert registration.payments.count() == 1
    assert authenticate(username=SECOND_NUC, password="demo-candidat-2026") is not None


def test_paris_centre_shows_requests_in_every_state(demo_output):
    statuses = set(
        Registration.objects.filter(centre__name=PARIS).values_list("status", flat=True)
    )

    assert {Status.SUBMITTED, Status.PRE_VALIDATED, Status.PAID, Status.CONFIRMED} <= statuses


def test_the_paris_centre_closes_for_the_coming_year_end(demo_output):
    closure = Closure.objects.get()
    today = timezone.localdate()

    assert (closure.centre.name, closure.reason) == (PARIS, "Fermeture de fin d'année")
    assert (closure.first_day.month, closure.first_day.day) == (12, 24)
    assert (closure.last_day - closure.first_day).days == 7
    assert today <= closure.first_day <= today + datetime.timedelta(days=366)
    assert closure.created_by.username == "staff.paris"


def test_centre_staff_sign_in_for_their_centre_only(demo_output):
    for username, centre_name in (("staff.tahiti", "TAHITIPLUS"), ("staff.paris", PARIS)):
        user = authenticate(username=username, password="demo-centre-2026")
        assert user is not None and not user.is_staff
        assert list(user.centres.values_list("name", flat=True)) == [centre_name]
    uppctsc = authenticate(username="uppctsc", password="demo-uppctsc-2026")
    assert uppctsc is not None and uppctsc.is_superuser


def test_later_sign_ups_never_get_a_demo_nuc(demo_output):
    nuc = nuc_allocate(now=datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC))

    assert nuc == make_nuc(year=26, sequence=Candidate.objects.count() + 1)
    assert not Candidate.objects.filter(nuc=nuc).exists()


def test_the_same_person_cannot_create_a_second_account(demo_output):
    with pytest.raises(DomainError):
        candidate_create(
            birth_name="Dupont ",
            usage_name="Dupont",
            first_names="marie",
            birth_date=datetime.date(1990, 4, 12),
            email="autre@example.com",
            password=None,
            now=timezone.now(),
        )


def test_the_logins_are_printed(demo_output):
    for expected in (
        "26 000001 3",
        "demo-candidat-2026",
        "staff.tahiti",
        "staff.paris",
        "demo-centre-2026",
        "uppctsc",
        "demo-uppctsc-2026",
    ):
        assert expected in demo_output


ADMIN_LISTS = [
    "admin:registrations_registration_changelist",
    "admin:registrations_registrationevent_changelist",
    "admin:registrations_nocentrealert_changelist",
    "admin:registrations_lateanswer_changelist",
    "admin:candidates_candidate_changelist",
    "admin:candidates_user_changelist",
    "admin:candidates_user_add",
    "admin:candidates_nucsequence_changelist",
    "admin:centres_centre_changelist",
    "admin:centres_session_changelist",
    "admin:centres_examoffer_changelist",
    "admin:centres_closure_changelist",
    "admin:centres_closure_add",
    "admin:payments_payment_changelist",
]


def test_admin_lists_answer_for_uppctsc(superuser_client):
    # One test for all lists: each demo load costs a second, the pages a few milliseconds.
    statuses = {name: superuser_client.get(reverse(name)).status_code for name in ADMIN_LISTS}

    assert statuses == dict.fromkeys(ADMIN_LISTS, 200)


def test_admin_change_pages_answer_for_uppctsc(superuser_client):
    registration = Registration.objects.filter(status=Status.CONFIRMED).first()
    pages = [
        reverse("admin:registrations_registration_change", args=[registration.pk]),
        reverse("admin:candidates_candidate_change", args=[registration.candidate_id]),
        reverse("admin:centres_centre_change", args=[registration.centre_id]),
        reverse("admin:centres_examoffer_change", args=[registration.lines.first().exam_offer_id]),
        reverse("admin:payments_payment_change", args=[registration.payments.get().pk]),
    ]

    for page in pages:
        assert superuser_client.get(page).status_code == 200


def test_candidate_search_finds_a_nuc_typed_as_printed(superuser_client):
    url = reverse("admin:candidates_candidate_changelist")

    response = superuser_client.get(url, {"q": "26 000001 3"})

    assert list(response.context["cl"].result_list) == [Candidate.objects.get(nuc=DEMO_NUC)]


def test_registration_admin_offers_no_delete(superuser_client, rf):
    request = rf.get("/")
    request.user = User.objects.get(username="uppctsc")
    model_admin = admin.site.get_model_admin(Registration)

    actions = model_admin.get_actions(request)

    assert "delete_selected" not in actions
    assert {"pre_validate", "confirm"} <= set(actions)
    assert not model_admin.has_delete_permission(request)


def test_admin_actions_go_through_the_services(superuser_client):
    submitted = Registration.objects.get(centre__name=PARIS, status=Status.SUBMITTED)
    url = reverse("admin:registrations_registration_changelist")

    refused = superuser_client.post(
        url, {"action": "confirm", "_selected_action": [submitted.pk], "apply": "1"}, follow=True
    )
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED
    assert "ne peut être validée définitivement" in refused.content.decode()

    superuser_client.post(url, {"action": "pre_validate", "_selected_action": [submitted.pk]})
    submitted.refresh_from_db()
    assert submitted.status == Status.PRE_VALIDATED
    assert submitted.events.last().actor.username == "uppctsc"


def test_every_demo_centre_is_in_a_place_the_calendar_serves():
    assert [row[1] for row in CENTRES if department_code_refusal(row[1])] == []


def test_a_request_late_to_be_answered_shows_on_uppctsc_list_and_the_national_view(
    superuser_client,
):
    late = Registration.objects.get(centre__name="TAHITIPLUS", status=Status.SUBMITTED)
    assert late.answer_reminder_sent_at is not None and late.answer_late_at is not None

    changelist = superuser_client.get(reverse("admin:registrations_lateanswer_changelist"))
    assert late.reference in changelist.content.decode()
    national = superuser_client.get(reverse("national:view")).content.decode()
    assert "TAHITIPLUS (Papeete)" in national.split("Centres qui répondent en retard")[-1]


def test_the_demo_and_the_home_page_give_the_same_closing_date(client, demo_output):
    # load_demo said « jusqu'au 27/12/2026 », the home page « 28 décembre … à 00:00 ».
    closing = registration_closing_text(open_session())
    assert closing.startswith("au plus tard le ") and closing.endswith("(heure de Paris)")
    assert f"demandes à soumettre {closing}." in demo_output
    home = " ".join(html.unescape(client.get("/").content.decode()).split())
    assert f"soumettez votre demande {closing}." in home
