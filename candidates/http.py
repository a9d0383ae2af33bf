"""What a view behind a login decorator receives, for the type checker.

Django builds plain ``HttpRequest``s whose ``user`` may be anonymous. These subclasses are
annotations only, never instantiated: they are true because the decorators (``login_required``,
``candidate_required``, the back-office's ``centre_staff_required``) check the user, and set
``candidate`` or ``staff_centres``, before they call the view. Here, beside the User model, so
that every app that serves signed-in people can use them."""

from django.http import HttpRequest

from candidates.models import Candidate, User


class AuthenticatedHttpRequest(HttpRequest):
    user: User


class CandidateHttpRequest(AuthenticatedHttpRequest):
    candidate: Candidate
