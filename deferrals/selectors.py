"""Reads that depend on who asks: another candidate's exam, or a justification asked for by
someone who may not see it, is a 404."""

from django.shortcuts import get_object_or_404

from candidates.models import Candidate, User
from deferrals.models import Deferral
from registrations.models import RegistrationExam


def line_for_candidate(*, candidate: Candidate, registration_pk: int, pk: int) -> RegistrationExam:
    return get_object_or_404(
        RegistrationExam.objects.select_related(
            "exam", "session", "registration__session", "registration__centre__department"
        ),
        pk=pk,
        registration_id=registration_pk,
        registration__candidate=candidate,
    )


def may_read_justifications(user: User) -> bool:
    """UPPCTSC staff. Centre staff never, unless UPPCTSC gives them this permission."""
    return user.is_active and user.is_staff and user.has_perm("deferrals.view_deferral")


def deferral_for_justification(*, user: User, pk: int) -> Deferral:
    deferrals = Deferral.objects.select_related("line__candidate")
    if not may_read_justifications(user):
        deferrals = deferrals.filter(line__candidate__user=user)
    return get_object_or_404(deferrals, pk=pk)
