"""The demo data of ``manage.py load_demo``: catalogue, centres, accounts and requests.

Plain constants, so that the command reads as what it does and this file as what it loads."""

import datetime
import uuid
from dataclasses import dataclass
from decimal import Decimal

from candidates.nuc import make_nuc
from registrations.models import Status

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

# The Paris centre closes between Christmas and New Year's Eve (its own closure, declared in
# its back-office): the coming one, (month, day) first and last.
YEAR_END_CLOSURE = ((12, 24), (12, 31), "Fermeture de fin d'année")

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
    DemoCandidate(9, "TEMARII", "TEMARII", "Moana", d(1997, 10, 2), "moana.temarii@example.com",
                  "+689 87 67 89 01", "Quartier Fariipiti", "98714", "Papeete"),
    DemoCandidate(10, "TEMAURI", "TEMAURI", "Hinano", d(1995, 3, 14), "hinano.temauri@example.com",
                  "+689 87 67 89 02", "Quartier Tipaerui", "98714", "Papeete"),
)  # fmt: skip
del d


@dataclass(frozen=True)
class DemoRequest:
    """A request in the open session, taken from submission to ``target``, one day per step."""

    sequence: int  # the candidate's
    centre: str
    exams: tuple[str, ...]
    target: Status
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
    # Left unanswered by TAHITIPLUS for a week: late, on UPPCTSC's list and the national view.
    DemoRequest(9, TAHITIPLUS, ("E1",), Status.SUBMITTED, 7),
)  # fmt: skip
# The small full centre's waiting list, in this order: (candidate's sequence, centre, exams).
WAITING = (
    (6, FULL, ("E1",)),
    (10, FULL, ("E1", "E2")),
)
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
