"""What UPPCTSC sees before accepting: where the exam would go, and whether a seat is left."""

from centres.models import ExamOffer
from deferrals.models import Deferral


def carry_over_preview(deferral: Deferral) -> dict:
    line = deferral.line
    next_session = line.session.next_session()
    if next_session is None:
        return {"problem": f"Aucune session n'existe encore après « {line.session} »."}
    offers = list(
        ExamOffer.objects.filter(
            session=next_session,
            exam_id=line.exam_id,
            centre__is_accredited=True,
            centre__department_id=line.registration.centre.department_id,
        )
        .select_related("centre")
        .order_by("centre__name")
    )
    same = next((o for o in offers if o.centre_id == line.registration.centre_id), None)
    return {
        "next_session": next_session,
        "same_centre_offer": same,
        "nearby_offers": offers,
        "problem": ""
        if same
        else (
            f"Le centre « {line.registration.centre.name} » ne propose pas l'épreuve "
            f"{line.exam.code} à la session « {next_session} » : choisissez un centre."
        ),
    }
