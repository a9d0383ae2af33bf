"""``manage.py load_demo``: a catalogue, centres, accounts and requests to try Certif-UP by hand.

Idempotent: every row is found by its natural key (a session's name, a centre's name and
département, a candidate's NUC, a request's submission key), so a second run changes nothing.
Requests are made only through the services, as candidates and centres make them, so seat
counts, deadlines and timelines are the real ones.
"""

import datetime
import random
import uuid

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from backoffice.demo_data import (
    ACCOUNTING,
    CANDIDATE_PASSWORD,
    CENTRE_PASSWORD,
    CENTRE_STAFF,
    CENTRES,
    DEMO_NUC_YEAR,
    EXAMS,
    FEE,
    FIXED_OFFERS,
    LUCAS,
    MARIE,
    MONTHS,
    NOT_ACCREDITED,
    OTHER_CANDIDATES,
    PARIS,
    PAYROLL,
    PHONE_PREFIXES,
    RANDOM_SEED,
    REQUESTS,
    SOFTWARE,
    SPREADSHEETS,
    STEPS,
    SUBMISSION_KEYS,
    UPPCTSC_PASSWORD,
    UPPCTSC_USERNAME,
    WAITING,
    WORD_PROCESSORS,
    YEAR_END_CLOSURE,
    DemoCandidate,
    DemoRequest,
)
from candidates.models import Candidate, User
from candidates.nuc import format_nuc, make_nuc
from candidates.services import candidate_create
from centres.models import Centre, CentreMembership, Closure, Exam, ExamOffer, Session, Software
from certifup.errors import DomainError
from payments.models import Method
from payments.services import payment_record
from registrations.answers import registrations_chase_answers
from registrations.closures import closure_declare
from registrations.models import Registration, Status, WaitingEntry
from registrations.money import registration_amounts
from registrations.services import (
    registration_confirm,
    registration_pre_validate,
    registration_refuse,
    registration_submit,
)
from registrations.times import registration_closing_text
from registrations.waiting import waiting_join


class Command(BaseCommand):
    help = "Charge les données de démonstration (idempotent : peut être relancé sans risque)."

    def handle(self, *args, **options) -> None:
        if getattr(settings, "PRODUCTION", False):
            raise CommandError("Données de démonstration refusées en production.")
        self.now = timezone.now()
        self._hashes: dict[str, str] = {}
        with transaction.atomic():
            sessions = self._sessions()
            self._catalogue(sessions)
            self._accounts()
            self._requests(sessions["open"])
            self._year_end_closure()
            self._waiting(sessions["open"])
        self._print_logins(sessions["open"])

    # --- Catalogue -------------------------------------------------------------------------

    def _sessions(self) -> dict[str, Session]:
        # Exam dates follow today's date: the open session's exams start on the Monday six to
        # seven weeks from now, so its window opened 8 to 14 days ago and closes in four to five
        # weeks; the past session is a year before it, the next one six months after.
        in_six_weeks = timezone.localdate(self.now) + datetime.timedelta(weeks=6)
        exams_start = in_six_weeks + datetime.timedelta(days=-in_six_weeks.weekday() % 7)
        starts = {
            "past": exams_start - datetime.timedelta(weeks=52),
            "open": exams_start,
            "next": exams_start + datetime.timedelta(weeks=26),
        }
        return {role: _session(start) for role, start in starts.items()}

    def _catalogue(self, sessions: dict[str, Session]) -> None:
        exams = {
            code: Exam.objects.update_or_create(code=code, defaults={"title": title})[0]
            for code, title in EXAMS
        }
        software = {name: Software.objects.get_or_create(name=name)[0] for name in SOFTWARE}
        wanted: list[tuple[ExamOffer, list[Software]]] = []
        rng = random.Random(RANDOM_SEED)
        for index, row in enumerate(CENTRES):
            centre = _centre(index, *row)
            offers = _offers_of(centre.name, rng)
            for role, session in sessions.items():
                for code, (capacity, names) in offers.get(role, {}).items():
                    offer = ExamOffer(
                        centre=centre, session=session, exam=exams[code], capacity=capacity
                    )
                    wanted.append((offer, [software[name] for name in names]))
        _sync_offers(wanted, sessions.values())

    # --- Accounts --------------------------------------------------------------------------

    def _accounts(self) -> None:
        self.uppctsc = self._user(
            UPPCTSC_USERNAME,
            UPPCTSC_PASSWORD,
            first_name="Accueil",
            last_name="UPPCTSC",
            email="accueil@union-prof.asso.fr",
            is_staff=True,
            is_superuser=True,
        )
        if not (self.uppctsc.is_staff and self.uppctsc.is_superuser):
            self.uppctsc.is_staff = self.uppctsc.is_superuser = True
            self.uppctsc.save(update_fields=["is_staff", "is_superuser"])
        self.centre_staff: dict[str, User] = {}
        for username, centre_name, first_name, last_name in CENTRE_STAFF:
            centre = Centre.objects.get(name=centre_name)
            user = self._user(
                username, CENTRE_PASSWORD, first_name=first_name, last_name=last_name,
                email=f"{username.replace('.', '-')}@{_domain(centre_name)}",
            )  # fmt: skip
            CentreMembership.objects.get_or_create(user=user, centre=centre)
            self.centre_staff[centre_name] = user
        self.candidates = {
            spec.sequence: self._candidate(spec) for spec in (MARIE, LUCAS, *OTHER_CANDIDATES)
        }

    def _user(self, username: str, password: str, **fields) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            # Existing accounts keep their password: a second run must not undo a change.
            user = User.objects.create(username=username, password=self._hash(password), **fields)
        return user

    def _hash(self, password: str) -> str:
        # Half a second per hash: demo accounts sharing a password share its hash.
        if password not in self._hashes:
            self._hashes[password] = make_password(password)
        return self._hashes[password]

    def _candidate(self, spec: DemoCandidate) -> Candidate:
        existing = Candidate.objects.filter(nuc=spec.nuc).first()
        if existing is not None:
            return existing
        try:
            candidate = candidate_create(
                nuc=spec.nuc, birth_name=spec.birth_name, usage_name=spec.usage_name,
                first_names=spec.first_names, birth_date=spec.birth_date, email=spec.email,
                phone=spec.phone, address=spec.address, postal_code=spec.postal_code,
                city=spec.city, password=None, now=self.now,
            )  # fmt: skip
        except DomainError as error:
            message = f"Candidat de démonstration {spec.nuc} : {error.message}"
            raise CommandError(message) from error
        if spec.password:
            candidate.user.password = self._hash(spec.password)
            candidate.user.save(update_fields=["password"])
        # Demo addresses are verified, so the README's walk-through can submit a request.
        candidate.email_verified_at = self.now
        candidate.save(update_fields=["email_verified_at"])
        return candidate

    # --- Requests --------------------------------------------------------------------------

    def _requests(self, session: Session) -> None:
        for spec in REQUESTS:
            try:
                self._request(spec, session)
            except DomainError as error:
                # Someone played with the demo accounts: leave their data alone.
                nuc = format_nuc(make_nuc(year=DEMO_NUC_YEAR, sequence=spec.sequence))
                self.stderr.write(
                    f"Demande de démonstration ignorée (NUC {nuc}, {spec.centre}) : "
                    f"{error.message}"
                )
        # What the beat's sweep would find at once: the centre reminded, the late request
        # stamped (and so nothing more on a second run).
        registrations_chase_answers(now=self.now)

    def _request(self, spec: DemoRequest, session: Session) -> Registration:
        candidate = self.candidates[spec.sequence]
        for attempt in range(10):
            key = uuid.uuid5(SUBMISSION_KEYS, f"{candidate.nuc}|{session.name}|{attempt}")
            registration = Registration.objects.filter(submission_key=key).first()
            # A request of an earlier run that lapsed since (expired…) is followed by a new one.
            if registration is None or registration.is_active:
                break
            if registration.status == spec.target:
                break
        at = self.now - datetime.timedelta(days=spec.days_ago)
        if registration is None:
            registration = registration_submit(
                candidate=candidate,
                session=session,
                centre=Centre.objects.get(name=spec.centre),
                exams=list(Exam.objects.filter(code__in=spec.exams)),
                submission_key=key,
                actor=candidate.user,
                now=at,
            )
        return self._advance(registration, spec, at)

    def _advance(
        self, registration: Registration, spec: DemoRequest, submitted_at: datetime.datetime
    ) -> Registration:
        steps = STEPS[spec.target]
        done = steps.index(registration.status) + 1 if registration.status in steps else 0
        actor = self.centre_staff.get(spec.centre, self.uppctsc)
        for day, step in enumerate(steps[done:], start=done + 1):
            at = submitted_at + datetime.timedelta(days=day)
            if step == Status.PRE_VALIDATED:
                registration = registration_pre_validate(
                    registration=registration, actor=actor, now=at
                )
            elif step == Status.PAID:
                registration = _pay(registration, actor=actor, at=at, reference=spec.note)
            elif step == Status.CONFIRMED:
                registration = registration_confirm(registration=registration, actor=actor, now=at)
            elif step == Status.REFUSED:
                registration = registration_refuse(
                    registration=registration, actor=actor, now=at, reason=spec.note
                )
        return registration

    def _waiting(self, session: Session) -> None:
        """Two candidates wait for the full centre; a second run finds them there already."""
        for minutes, (sequence, centre_name, codes) in enumerate(WAITING):
            candidate = self.candidates[sequence]
            centre = Centre.objects.get(name=centre_name)
            if WaitingEntry.objects.filter(candidate=candidate, session=session, centre=centre):
                continue
            try:
                waiting_join(
                    candidate=candidate,
                    session=session,
                    centre=centre,
                    exams=list(Exam.objects.filter(code__in=codes)),
                    now=self.now
                    - datetime.timedelta(days=1)
                    + datetime.timedelta(minutes=minutes),
                )
            except DomainError as error:
                self.stderr.write(f"Liste d'attente de démonstration ignorée : {error.message}")

    # --- Report ----------------------------------------------------------------------------

    def _year_end_closure(self) -> None:
        """The Paris centre's coming year-end closure, declared by its staff (once)."""
        (first_month, first_day), (last_month, last_day), reason = YEAR_END_CLOSURE
        centre = Centre.objects.get(name=PARIS)
        today = timezone.localdate(self.now, timezone=centre.department.territory.timezone)
        year = (
            today.year
            if today <= datetime.date(today.year, first_month, first_day)
            else today.year + 1
        )
        first = datetime.date(year, first_month, first_day)
        if Closure.objects.filter(centre=centre, first_day=first).exists():
            return
        closure_declare(
            centre=centre,
            first_day=first,
            last_day=datetime.date(year, last_month, last_day),
            reason=reason,
            actor=self.centre_staff[PARIS],
            now=self.now,
        )

    def _print_logins(self, open_session: Session) -> None:
        lines = [
            "",
            "Comptes de démonstration",
            "------------------------",
            f"Candidat : NUC {format_nuc(MARIE.nuc)} / mot de passe {CANDIDATE_PASSWORD}"
            f" (Marie DUPONT, Papeete, aucune demande en cours)",
            f"Candidat : NUC {format_nuc(LUCAS.nuc)} / mot de passe {CANDIDATE_PASSWORD}"
            f" (Lucas MARTIN, inscription confirmée à Paris)",
            f"Centre TAHITIPLUS (Papeete) : staff.tahiti / {CENTRE_PASSWORD} (/centre/)",
            f"Centre {PARIS} (Paris) : staff.paris / {CENTRE_PASSWORD} (/centre/)",
            f"UPPCTSC : {UPPCTSC_USERNAME} / {UPPCTSC_PASSWORD} (/admin/)",
            f"Session ouverte : {open_session.name}, demandes à soumettre "
            f"{registration_closing_text(open_session)}.",
        ]
        self.stdout.write("\n".join(lines))


def _session(exams_start: datetime.date) -> Session:
    def midnight(day: datetime.date) -> datetime.datetime:
        return datetime.datetime.combine(
            day, datetime.time(), tzinfo=timezone.get_current_timezone()
        )

    name = f"{MONTHS[exams_start.month - 1].capitalize()} {exams_start.year}"
    return Session.objects.update_or_create(
        name=name,
        defaults={
            "registration_opens_at": midnight(exams_start - datetime.timedelta(weeks=8)),
            "registration_closes_at": midnight(exams_start - datetime.timedelta(weeks=2)),
            "exams_start_on": exams_start,
            "exams_end_on": exams_start + datetime.timedelta(days=11),
            "fee_per_exam": FEE,
        },
    )[0]


def _centre(
    index: int, name: str, department: str, postal_code: str, city: str, address: str
) -> Centre:
    groups = f"{(37 * index) % 90 + 10} {(53 * index + 7) % 90 + 10} {(71 * index) % 90 + 10}"
    return Centre.objects.update_or_create(
        name=name,
        department_id=department,
        defaults={
            "city": city,
            "address": address,
            "postal_code": postal_code,
            "email": f"contact@{_domain(name)}",
            "phone": f"{PHONE_PREFIXES[department]} {groups}",
            "payment_instructions": _payment_instructions(index, name, address, postal_code, city),
            "is_accredited": name != NOT_ACCREDITED,
        },
    )[0]


def _domain(centre_name: str) -> str:
    return f"centre-{slugify(centre_name)}.example.fr"


def _payment_instructions(index: int, name: str, address: str, postal_code: str, city: str) -> str:
    digits = f"30004{index:05d}{(7919 * (index + 1)) % 10**11:011d}{(13 * index) % 97:02d}"
    iban = "FR76 " + " ".join(digits[i : i + 4] for i in range(0, len(digits), 4))
    cheque = (
        f"– par chèque à l'ordre de « {name} », envoyé ou déposé au {address}, "
        f"{postal_code} {city} (indiquez votre NUC au dos du chèque) ;"
    )
    transfer = (
        f"– par virement : IBAN {iban} (fictif), BIC DEMOFRPPXXX, libellé « NUC NOM Prénom » ;"
    )
    cash = "– en espèces à l'accueil du centre, du lundi au vendredi de 8 h 30 à 12 h ;"
    means = [(cheque, transfer), (transfer,), (cheque, cash)][index % 3]
    text = "\n".join(["Le règlement doit parvenir au centre dans les 72 heures ouvrées :", *means])
    return text.removesuffix(" ;") + "."


def _offers_of(name: str, rng: random.Random) -> dict[str, dict[str, tuple]]:
    """Offers by session role. Ordinary centres draw theirs; the draw happens for every centre
    whatever its kind, so that the same seed always gives the same catalogue."""
    drawn = {role: _draw_offers(rng) for role in ("open", "next")}
    if name not in FIXED_OFFERS:
        return drawn
    capacity, software = FIXED_OFFERS[name]
    fixed = {code: (capacity, names) for code, names in software.items()}
    return {"past": fixed, "open": fixed, "next": fixed}


def _draw_offers(rng: random.Random) -> dict[str, tuple[int, tuple[str, ...]]]:
    accounting = rng.choice(ACCOUNTING)
    software = {
        "E1": (accounting,),
        "E2": (accounting, rng.choice(SPREADSHEETS)),
        "E3": (PAYROLL,),
        "E4": (rng.choice(WORD_PROCESSORS),),
    }
    codes = sorted(rng.sample(sorted(software), rng.randint(2, 4)))
    return {code: (rng.choice((8, 10, 12, 15, 16, 20, 24, 30)), software[code]) for code in codes}


def _sync_offers(wanted: list[tuple[ExamOffer, list[Software]]], sessions) -> None:
    """Create the missing offers in bulk (a few queries instead of a thousand on the first run)
    and bring the existing ones back to the demo's capacity and software."""
    existing = {
        (offer.centre_id, offer.session_id, offer.exam_id): offer
        for offer in ExamOffer.objects.filter(session__in=sessions).prefetch_related("software")
    }
    missing = [
        (offer, software)
        for offer, software in wanted
        if (offer.centre_id, offer.session_id, offer.exam_id) not in existing
    ]
    ExamOffer.objects.bulk_create([offer for offer, _ in missing])
    through = ExamOffer.software.through
    through.objects.bulk_create(
        through(examoffer_id=offer.pk, software_id=item.pk)
        for offer, software in missing
        for item in software
    )
    for offer, software in wanted:
        current = existing.get((offer.centre_id, offer.session_id, offer.exam_id))
        if current is not None:
            _offer_update(current, offer.capacity, software)


def _offer_update(offer: ExamOffer, capacity: int, software: list[Software]) -> None:
    # Never below the seats already taken: the database would refuse it, and rightly so.
    capacity = max(capacity, offer.seats_taken)
    if offer.capacity != capacity:
        offer.capacity = capacity
        offer.save(update_fields=["capacity"])
    if {item.pk for item in offer.software.all()} != {item.pk for item in software}:
        offer.software.set(software)


def _pay(
    registration: Registration, *, actor: User, at: datetime.datetime, reference: str
) -> Registration:
    payment = payment_record(
        registration=registration,
        actor=actor,
        now=at,
        amount=registration_amounts(registration).due,
        method=Method.TRANSFER if reference.startswith("Virement") else Method.CHEQUE,
        received_on=timezone.localdate(at),
        reference=reference,
    )
    return payment.registration
