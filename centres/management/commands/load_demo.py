"""``manage.py load_demo``: a catalogue, centres, accounts and requests to try Certif-UP by hand.

Idempotent: every row is found by its natural key (a session's name, a centre's name and
département, a candidate's NUC, a request's submission key), so a second run changes nothing.
Requests are made only through the services, as candidates and centres make them, so seat
counts, deadlines and timelines are the real ones.
"""

import datetime
import random
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from candidates.models import Candidate, User
from candidates.nuc import format_nuc, make_nuc
from candidates.services import CandidateError, candidate_create
from centres.models import Centre, CentreMembership, Exam, ExamOffer, Session, Software
from payments.models import Method
from payments.services import payment_record
from registrations.errors import RegistrationError
from registrations.models import Registration, Status
from registrations.services import (
    registration_confirm,
    registration_pre_validate,
    registration_refuse,
    registration_submit,
)

CANDIDATE_PASSWORD = "demo-candidat-2026"
CENTRE_PASSWORD = "demo-centre-2026"
UPPCTSC_USERNAME = "uppctsc"
UPPCTSC_PASSWORD = "demo-uppctsc-2026"
DEMO_NUC_YEAR = 26
FEE = Decimal("50.00")
# Seeds the offers of the ordinary centres, so that every run draws the same catalogue.
RANDOM_SEED = 2026

MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip

EXAMS = (
    ("E1", "Tenue de la comptabilité courante"),
    ("E2", "Travaux de fin d'exercice et tableur"),
    ("E3", "Paie et déclarations sociales"),
    ("E4", "Bureautique : traitement de texte et présentation"),
)
ACCOUNTING = ("Ciel Comptabilité", "Sage 100 Comptabilité", "EBP Compta", "Cegid")
SPREADSHEETS = ("Excel 2017", "Excel 365", "LibreOffice Calc")
WORD_PROCESSORS = ("Word 2019", "Word 365")
PAYROLL = "Silae Paie"
SOFTWARE = (*ACCOUNTING, *SPREADSHEETS, *WORD_PROCESSORS, PAYROLL)

TAHITIPLUS = "TAHITIPLUS"
PARIS = "Institut parisien de comptabilité"
FULL = "Punaauia Formation Gestion"
NOT_ACCREDITED = "Moorea Compétences Bureautique"

# name, département, postal code, city, address
CENTRES = (
    (TAHITIPLUS, "987", "98714", "Papeete", "45 rue du Commandant Destremeau"),
    (FULL, "987", "98718", "Punaauia", "Lotissement Tamanu, PK 12,5 côté mer"),
    (NOT_ACCREDITED, "987", "98728", "Moorea-Maiao", "Zone artisanale de Maharepa"),
    ("CCI Formation Nouvelle-Calédonie", "988", "98800", "Nouméa", "15 rue de Verdun"),
    ("Institut de gestion du Nord", "988", "98860", "Koné", "Route territoriale 1"),
    ("Guadeloupe Formation Tertiaire", "971", "97110", "Pointe-à-Pitre", "8 rue Frébault"),
    ("Centre de formation des Abymes", "971", "97139", "Les Abymes", "Boulevard des Héros"),
    ("Basse-Terre Compétences", "971", "97100", "Basse-Terre", "3 rue du Docteur Cabre"),
    ("Martinique Gestion Formation", "972", "97200", "Fort-de-France", "22 rue Victor Hugo"),
    ("Lamentin Bureautique Formation", "972", "97232", "Le Lamentin", "ZI de la Lézarde"),
    ("Réunion Compta Formation", "974", "97400", "Saint-Denis", "40 rue de Paris"),
    ("Sud Formation Gestion", "974", "97410", "Saint-Pierre", "12 rue des Bons Enfants"),
    ("Centre tertiaire du Port", "974", "97420", "Le Port", "5 avenue du 14 Juillet 1789"),
    ("Mayotte Formation Professionnelle", "976", "97600", "Mamoudzou", "Rue du Commerce"),
    (PARIS, "75", "75011", "Paris", "18 rue de la Roquette"),
    ("Paris Bureautique Formation", "75", "75015", "Paris", "102 rue de Vaugirard"),
    ("Centre tertiaire Paris Nord", "75", "75018", "Paris", "7 rue Ordener"),
    ("Lyon Gestion Formation", "69", "69003", "Lyon", "25 rue Servient"),
    ("Villeurbanne Compétences Tertiaires", "69", "69100", "Villeurbanne", "14 cours Émile Zola"),
    ("Centre de formation de Vénissieux", "69", "69200", "Vénissieux", "3 avenue Marcel Houël"),
    ("Marseille Compta Formation", "13", "13001", "Marseille", "60 La Canebière"),
    ("Aix Formation Gestion", "13", "13100", "Aix-en-Provence", "9 cours Mirabeau"),
    ("Aubagne Bureautique", "13", "13400", "Aubagne", "11 rue de la République"),
    ("Bordeaux Tertiaire Formation", "33", "33000", "Bordeaux", "31 cours de l'Intendance"),
    ("Mérignac Compétences", "33", "33700", "Mérignac", "6 avenue de l'Yser"),
    ("Metz Formation Comptable", "57", "57000", "Metz", "10 rue Serpenoise"),
    ("Thionville Gestion", "57", "57100", "Thionville", "2 place du Marché"),
    ("Strasbourg Compta Formation", "67", "67000", "Strasbourg", "5 rue des Grandes Arcades"),
    ("Haguenau Formation Tertiaire", "67", "67500", "Haguenau", "8 Grand'Rue"),
    ("Lille Métropole Formation", "59", "59000", "Lille", "44 rue Nationale"),
    ("Roubaix Compétences Tertiaires", "59", "59100", "Roubaix", "17 Grande Rue"),
    ("Valenciennes Gestion Formation", "59", "59300", "Valenciennes", "1 place d'Armes"),
    ("Toulouse Compta Formation", "31", "31000", "Toulouse", "12 rue d'Alsace-Lorraine"),
    ("Blagnac Bureautique", "31", "31700", "Blagnac", "3 avenue du Général de Gaulle"),
    ("Nantes Gestion Formation", "44", "44000", "Nantes", "20 quai de la Fosse"),
    ("Saint-Nazaire Compétences", "44", "44600", "Saint-Nazaire", "9 avenue de la République"),
    ("Ajaccio Formation Tertiaire", "2A", "20000", "Ajaccio", "6 cours Napoléon"),
    ("Porto-Vecchio Compétences", "2A", "20137", "Porto-Vecchio", "Route de Bastia"),
    ("Rennes Compta Formation", "35", "35000", "Rennes", "15 rue de Saint-Malo"),
    ("Nice Côte d'Azur Formation", "06", "06000", "Nice", "28 avenue Jean Médecin"),
)
PHONE_PREFIXES = {
    "75": "01 43", "69": "04 78", "13": "04 91", "33": "05 56", "57": "03 87", "67": "03 88",
    "59": "03 20", "31": "05 61", "44": "02 40", "2A": "04 95", "35": "02 99", "06": "04 93",
    "971": "05 90", "972": "05 96", "974": "02 62", "976": "02 69", "987": "+689 40",
    "988": "+687",
}  # fmt: skip

# The seed's example (E1 on Ciel, E2 on Ciel + Excel 2017), the Paris centre of the back-office
# demo, and a small centre that the demo requests fill up. Offered in every demo session.
FIXED_OFFERS = {
    TAHITIPLUS: (20, {"E1": ("Ciel Comptabilité",), "E2": ("Ciel Comptabilité", "Excel 2017")}),
    PARIS: (
        20,
        {
            "E1": ("Sage 100 Comptabilité",),
            "E2": ("Sage 100 Comptabilité", "Excel 365"),
            "E3": (PAYROLL,),
            "E4": ("Word 365",),
        },
    ),
    FULL: (2, {"E1": ("EBP Compta",), "E2": ("EBP Compta", "Excel 365")}),
}


@dataclass(frozen=True)
class DemoCandidate:
    sequence: int  # of the fixed NUC, year DEMO_NUC_YEAR
    birth_name: str
    usage_name: str
    first_names: str
    birth_date: datetime.date
    email: str
    phone: str
    address: str
    postal_code: str
    city: str
    password: str | None = None

    @property
    def nuc(self) -> str:
        return make_nuc(year=DEMO_NUC_YEAR, sequence=self.sequence)


d = datetime.date
MARIE = DemoCandidate(
    1, "DUPONT", "DUPONT", "Marie", d(1990, 4, 12), "marie.dupont@example.com",
    "+689 87 21 34 56", "15 avenue Pouvanaa a Oopa", "98714", "Papeete", CANDIDATE_PASSWORD,
)  # fmt: skip
LUCAS = DemoCandidate(
    2, "MARTIN", "MARTIN", "Lucas", d(1988, 9, 3), "lucas.martin@example.com",
    "06 12 34 56 78", "42 rue Oberkampf", "75011", "Paris", CANDIDATE_PASSWORD,
)  # fmt: skip
OTHER_CANDIDATES = (
    DemoCandidate(3, "BERNARD", "BERNARD", "Chloé", d(1995, 2, 17), "chloe.bernard@example.com",
                  "06 23 45 67 89", "8 rue des Pyrénées", "75020", "Paris"),
    DemoCandidate(4, "PETIT", "PETIT", "Thomas", d(1992, 11, 30), "thomas.petit@example.com",
                  "07 34 56 78 90", "3 avenue de Saint-Mandé", "75012", "Paris"),
    DemoCandidate(5, "ROUSSEL", "LEROY", "Camille", d(1985, 7, 8), "camille.leroy@example.com",
                  "06 45 67 89 01", "27 rue de Charonne", "75011", "Paris"),
    DemoCandidate(6, "GARCIA", "GARCIA", "Inès", d(1999, 1, 25), "ines.garcia@example.com",
                  "07 56 78 90 12", "5 rue de Crimée", "75019", "Paris"),
    DemoCandidate(7, "TEHEI", "TEHEI", "Hinano", d(1993, 6, 21), "hinano.tehei@example.com",
                  "+689 87 45 67 89", "Servitude Teriierooiterai, PK 14", "98718", "Punaauia"),
    DemoCandidate(8, "TAUTU", "TAUTU", "Teva", d(1991, 3, 8), "teva.tautu@example.com",
                  "+689 89 56 78 90", "Lotissement Heiri", "98704", "Faa'a"),
)  # fmt: skip
del d


@dataclass(frozen=True)
class DemoRequest:
    """A request in the open session, taken from submission to ``target``, one day per step."""

    sequence: int  # the candidate's
    centre: str
    exams: tuple[str, ...]
    target: str
    # Of the submission; at most 7, as the open session's window opened 8 to 14 days ago.
    days_ago: int
    note: str = ""  # refusal reason or payment reference


REQUESTS = (
    DemoRequest(2, PARIS, ("E1", "E2"), Status.CONFIRMED, 7, "Chèque n° 0004512"),
    DemoRequest(3, PARIS, ("E1",), Status.SUBMITTED, 1),
    DemoRequest(4, PARIS, ("E2", "E4"), Status.PRE_VALIDATED, 2),
    DemoRequest(5, PARIS, ("E3",), Status.PAID, 5, "Virement VIR-2611-0087"),
    DemoRequest(6, PARIS, ("E4",), Status.REFUSED, 4,
                "Plus de place sur le créneau de l'épreuve E4 : choisissez un autre centre."),
    # They take every seat of the small centre: it shows up as full.
    DemoRequest(7, FULL, ("E1", "E2"), Status.CONFIRMED, 6, "Chèque n° 1187203"),
    DemoRequest(8, FULL, ("E1", "E2"), Status.CONFIRMED, 5, "Chèque n° 1187251"),
)  # fmt: skip
STEPS = {
    Status.SUBMITTED: (),
    Status.PRE_VALIDATED: (Status.PRE_VALIDATED,),
    Status.PAID: (Status.PRE_VALIDATED, Status.PAID),
    Status.CONFIRMED: (Status.PRE_VALIDATED, Status.PAID, Status.CONFIRMED),
    Status.REFUSED: (Status.REFUSED,),
}
# username, centre, first name, last name
CENTRE_STAFF = (
    ("staff.tahiti", TAHITIPLUS, "Teva", "Raapoto"),
    ("staff.paris", PARIS, "Sophie", "Lambert"),
)
SUBMISSION_KEYS = uuid.UUID("5b0a3c1e-6f1d-4c55-9d1e-0c2d3e4f5a6b")


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
        except CandidateError as error:
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
            except RegistrationError as error:
                # Someone played with the demo accounts: leave their data alone.
                nuc = format_nuc(make_nuc(year=DEMO_NUC_YEAR, sequence=spec.sequence))
                self.stderr.write(
                    f"Demande de démonstration ignorée (NUC {nuc}, {spec.centre}) : "
                    f"{error.message}"
                )

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

    # --- Report ----------------------------------------------------------------------------

    def _print_logins(self, open_session: Session) -> None:
        closes = timezone.localtime(open_session.registration_closes_at)
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
            f"Session ouverte : {open_session.name}, inscriptions jusqu'au "
            f"{closes - datetime.timedelta(seconds=1):%d/%m/%Y}.",
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
        amount=registration.amount_due,
        method=Method.TRANSFER if reference.startswith("Virement") else Method.CHEQUE,
        received_on=timezone.localdate(at),
        reference=reference,
    )
    return payment.registration
