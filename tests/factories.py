"""The test cast, built with factory-boy. Registrations are made through the services, never
by a factory, so that every test starts from a state the application itself can reach."""

import datetime
import uuid
from collections.abc import Sequence
from decimal import Decimal

import factory
from django.utils import timezone

from candidates.identity import identity_key
from candidates.models import Candidate, User
from candidates.nuc import make_nuc
from centres.departments import DEPARTMENTS
from centres.models import Centre, CentreMembership, Department, Exam, ExamOffer, Session, Software
from payments.models import Method, Payment
from payments.services import payment_record, payment_record_financing
from registrations.models import Registration, Status
from registrations.money import registration_amounts
from registrations.services import (
    registration_confirm,
    registration_expire,
    registration_pre_validate,
    registration_refuse,
    registration_submit,
    registration_withdraw,
)

PASSWORD = "motdepasse-demo-123"
DEPARTMENT_NAMES = dict(DEPARTMENTS)
# Far above what the NUC allocator hands out in a test run, so a candidate signed up through the
# real service never collides with one made here.
_NUC_SEQUENCE_START = 900_000


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"utilisateur{n}")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    # Hashed with make_password, as set_password would; everyone signs in with PASSWORD.
    password = factory.django.Password(PASSWORD)


class StaffFactory(UserFactory):
    """Centre staff: ``StaffFactory(centre=centre)`` makes the membership too."""

    username = factory.Sequence(lambda n: f"personnel{n}")

    @factory.post_generation
    def centre(obj, create, extracted, **kwargs):  # noqa: N805
        if create and extracted is not None:
            CentreMembership.objects.create(user=obj, centre=extracted)


class UppctscFactory(UserFactory):
    """UPPCTSC staff, who work in the Django admin."""

    username = factory.Sequence(lambda n: f"uppctsc{n}")
    is_staff = True
    is_superuser = True


class CandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Candidate

    nuc = factory.Sequence(lambda n: make_nuc(year=26, sequence=_NUC_SEQUENCE_START + n))
    user = factory.SubFactory(
        UserFactory,
        username=factory.SelfAttribute("..nuc"),
        first_name=factory.SelfAttribute("..first_names"),
        last_name=factory.SelfAttribute("..usage_name"),
        email=factory.SelfAttribute("..email"),
    )
    birth_name = factory.Faker("last_name", locale="fr_FR")
    usage_name = factory.SelfAttribute("birth_name")
    first_names = factory.Faker("first_name", locale="fr_FR")
    birth_date = factory.Faker("date_of_birth", locale="fr_FR", minimum_age=18, maximum_age=60)
    # Always derived from the fields above, so overriding a name keeps the key consistent.
    identity_key = factory.LazyAttribute(
        lambda o: identity_key(
            birth_name=o.birth_name, first_names=o.first_names, birth_date=o.birth_date
        )
    )
    email = factory.LazyAttribute(lambda o: f"candidat.{o.nuc}@example.org")
    phone = factory.Faker("phone_number", locale="fr_FR")
    address = factory.Faker("street_address", locale="fr_FR")
    # Metropolitan on purpose: an overseas postal code changes how times read (a Papeete
    # candidate is told « heure de Paris »), so the tests that want one say so.
    postal_code = factory.Faker("numerify", text="75###")
    city = factory.Faker("city", locale="fr_FR")
    # Verified, so that the journey's tests can submit; ``email_verified_at=None`` when not.
    email_verified_at = factory.LazyFunction(timezone.now)

    class Params:
        trainee = factory.Trait(is_trainee=True, training_body="Greta Paris Centre")


def _window_from_now(*, opens_in_days: int, closes_in_days: int) -> dict:
    return {
        "registration_opens_at": factory.LazyFunction(
            lambda: timezone.now() + datetime.timedelta(days=opens_in_days)
        ),
        "registration_closes_at": factory.LazyFunction(
            lambda: timezone.now() + datetime.timedelta(days=closes_in_days)
        ),
    }


class SessionFactory(factory.django.DjangoModelFactory):
    """Open now by default; ``closed=True`` or ``upcoming=True`` for the other windows."""

    class Meta:
        model = Session

    name = factory.Sequence(lambda n: f"Session de test n° {n}")
    registration_opens_at = factory.LazyFunction(
        lambda: timezone.now() - datetime.timedelta(days=10)
    )
    registration_closes_at = factory.LazyFunction(
        lambda: timezone.now() + datetime.timedelta(days=20)
    )
    exams_start_on = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=45)
    )
    exams_end_on = factory.LazyAttribute(lambda o: o.exams_start_on + datetime.timedelta(days=2))
    fee_per_exam = Decimal("50.00")

    class Params:
        closed = factory.Trait(**_window_from_now(opens_in_days=-40, closes_in_days=-5))
        upcoming = factory.Trait(**_window_from_now(opens_in_days=5, closes_in_days=30))


class ExamFactory(factory.django.DjangoModelFactory):
    """Codes E1, E2… (conftest resets the sequence for every test); Exam.code is unique."""

    class Meta:
        model = Exam

    code = factory.Sequence(lambda n: f"E{n}")
    title = factory.LazyAttribute(lambda o: f"Épreuve {o.code}")


class SoftwareFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Software
        django_get_or_create = ("name",)

    name = factory.Iterator(["Ciel Comptabilité", "Excel 2017", "Sage 100", "EBP Compta"])


def department(code: str) -> Department:
    return Department.objects.get_or_create(code=code, defaults={"name": DEPARTMENT_NAMES[code]})[
        0
    ]


class CentreFactory(factory.django.DjangoModelFactory):
    """Accredited, in Paris by default; ``CentreFactory(department_code="987")`` elsewhere."""

    class Meta:
        model = Centre

    class Params:
        department_code = "75"

    name = factory.Sequence(lambda n: f"Centre d'épreuves n° {n}")
    city = "Paris"
    address = factory.Faker("street_address", locale="fr_FR")
    postal_code = "75011"
    # Départements come from a data migration; a transactional test (live server, threads)
    # empties every table when it ends, so they are put back here when missing.
    department = factory.LazyAttribute(lambda o: department(o.department_code))
    email = factory.Sequence(lambda n: f"centre{n}@example.org")
    phone = factory.Faker("phone_number", locale="fr_FR")
    payment_instructions = "Chèque à l'ordre du centre, ou virement (RIB sur demande)."
    is_accredited = True


class CentreMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CentreMembership

    user = factory.SubFactory(StaffFactory)
    centre = factory.SubFactory(CentreFactory)


class ExamOfferFactory(factory.django.DjangoModelFactory):
    """Capacity 10; one software unless ``software=[...]`` is given."""

    class Meta:
        model = ExamOffer
        skip_postgeneration_save = True

    centre = factory.SubFactory(CentreFactory)
    session = factory.SubFactory(SessionFactory)
    exam = factory.SubFactory(ExamFactory)
    capacity = 10

    @factory.post_generation
    def software(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.software.set(extracted if extracted is not None else [SoftwareFactory()])


def offers_for(
    *, centre: Centre, session: Session, exams: Sequence[Exam], capacity: int = 10
) -> list[ExamOffer]:
    """The centre organises every one of ``exams`` in ``session``."""
    return [
        ExamOfferFactory(centre=centre, session=session, exam=exam, capacity=capacity)
        for exam in exams
    ]


# --- Registrations, through the services --------------------------------------------------


def submit(
    candidate: Candidate,
    centre: Centre,
    session: Session,
    exams: Sequence[Exam],
    now: datetime.datetime | None = None,
    *,
    key: uuid.UUID | None = None,
) -> Registration:
    """The candidate submits a request, as the form would (a fresh submission key)."""
    return registration_submit(
        candidate=candidate,
        session=session,
        centre=centre,
        exams=exams,
        submission_key=key or uuid.uuid4(),
        actor=candidate.user,
        now=now or timezone.now(),
    )


def advance(
    registration: Registration,
    *,
    to: str,
    actor: User,
    now: datetime.datetime | None = None,
) -> Registration:
    """Walk a submitted request to ``to`` through the services, as centre staff ``actor``.

    ``paid`` pays the exact fee by cheque; ``expired`` expires it at its payment deadline;
    ``withdrawn`` is done by the candidate.
    """
    now = now or timezone.now()
    if to == Status.REFUSED:
        return registration_refuse(
            registration=registration, actor=actor, now=now, reason="Dossier incomplet."
        )
    if to == Status.WITHDRAWN:
        return registration_withdraw(
            registration=registration, actor=registration.candidate.user, now=now
        )
    if to not in (Status.PRE_VALIDATED, Status.EXPIRED, Status.PAID, Status.CONFIRMED):
        raise ValueError(f"advance() cannot bring a submitted request to {to!r}.")
    registration = registration_pre_validate(registration=registration, actor=actor, now=now)
    if to == Status.EXPIRED:
        return registration_expire(registration=registration, now=registration.payment_due_at)
    if to in (Status.PAID, Status.CONFIRMED):
        pay(registration, actor=actor, now=now)
        registration.refresh_from_db()
    if to == Status.CONFIRMED:
        registration = registration_confirm(registration=registration, actor=actor, now=now)
    return registration


def pay(
    registration: Registration, *, actor: User, now: datetime.datetime | None = None
) -> Payment:
    """The centre records the exact fee, paid by cheque."""
    now = now or timezone.now()
    return payment_record(
        registration=registration,
        actor=actor,
        now=now,
        amount=registration_amounts(registration).due,
        method=Method.CHEQUE,
        received_on=now.date(),
        reference="Chèque n° 0001234",
    )


def finance(
    registration: Registration, *, actor: User, now: datetime.datetime | None = None
) -> Payment:
    """The centre records the training body's financing."""
    return payment_record_financing(
        registration=registration,
        actor=actor,
        now=now or timezone.now(),
        training_body="Greta Paris Centre",
    )
