"""The demo's catalogue: its exams and software, its centres, and what each centre offers in
each session (drawn from a seed for the ordinary centres, fixed for those the README walks
through)."""

import random
from collections.abc import Iterable

from django.utils.text import slugify

from backoffice.demo_data import (
    ACCOUNTING,
    CENTRES,
    EXAMS,
    FIXED_OFFERS,
    NOT_ACCREDITED,
    PAYROLL,
    PHONE_PREFIXES,
    RANDOM_SEED,
    SOFTWARE,
    SPREADSHEETS,
    WORD_PROCESSORS,
)
from centres.models import Centre, Exam, ExamOffer, Session, Software


def catalogue_load(*, sessions: dict[str, Session]) -> None:
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


def centre_domain(centre_name: str) -> str:
    """The centre's made-up mail domain, for its contact address and its staff's."""
    return f"centre-{slugify(centre_name)}.example.fr"


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
            "email": f"contact@{centre_domain(name)}",
            "phone": f"{PHONE_PREFIXES[department]} {groups}",
            "payment_instructions": _payment_instructions(index, name, address, postal_code, city),
            "is_accredited": name != NOT_ACCREDITED,
        },
    )[0]


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


def _sync_offers(
    wanted: list[tuple[ExamOffer, list[Software]]], sessions: Iterable[Session]
) -> None:
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
