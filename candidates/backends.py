"""Who is signed in, read once per request with everything every signed-in page shows of them.

Every signed-in page reads the person's candidate record: the layout shows the NUC, the
candidate pages are guarded by it (``candidates.decorators``), and a staff page asks whether
its user is also a candidate. Django's ``ModelBackend`` loads the user alone, so each page paid
a second query for the candidate (or for learning there is none). This backend loads both in
one: a candidate's record comes with the user, and a user without one is known to have none.

Django keeps the backend's dotted path in each session; the migration
``candidates.0006_sessions_with_candidate`` moved the sessions signed in before this backend to
it, so nobody was signed out.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class UserWithCandidateBackend(ModelBackend):
    """``ModelBackend`` (passwords, permissions, ``is_active``) whose signed-in user comes with
    their candidate record."""

    def get_user(self, user_id):
        user_model = get_user_model()
        try:
            user = user_model._default_manager.select_related("candidate").get(pk=user_id)
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
