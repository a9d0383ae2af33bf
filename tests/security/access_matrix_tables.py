"""The access matrix's tables: who may see each kind of URL, and the kind of every URL name.

Read by ``test_access_matrix.py``; a URL added to the project needs its line in ``ACCESS``.
"""

ROLES = ("anonymous", "candidate_a", "candidate_b", "staff_a", "staff_b", "uppctsc")

# What each kind of URL answers to each visitor. "ok" = 200, or a redirect to a page of their
# own (not a login page); "login:<name>" = redirect to that login page; 403 / 404 / 405 as such.
CANDIDATE_LOGIN = "login:candidates:login"
CENTRE_LOGIN = "login:centre:login"
ADMIN_LOGIN = "login:admin:login"
EXPECTED = {
    # Open to all: sign-in, sign-up, recovery pages.
    "public": dict.fromkeys(ROLES, "ok"),
    # A candidate's own pages that take no id.
    "candidate": {
        "anonymous": CANDIDATE_LOGIN,
        "candidate_a": "ok",
        "candidate_b": "ok",
        "staff_a": 403,
        "staff_b": 403,
        "uppctsc": 403,
    },
    # A candidate's pages about one of candidate A's objects: candidate B gets a 404.
    "candidate_object": {
        "anonymous": CANDIDATE_LOGIN,
        "candidate_a": "ok",
        "candidate_b": 404,
        "staff_a": 403,
        "staff_b": 403,
        "uppctsc": 403,
    },
    # Back-office pages without an id (lists, exports): each centre sees its own.
    "centre": {
        "anonymous": CENTRE_LOGIN,
        "candidate_a": 403,
        "candidate_b": 403,
        "staff_a": "ok",
        "staff_b": "ok",
        "uppctsc": 403,
    },
    # Back-office pages about centre A's objects: centre B's staff get a 404.
    "centre_object": {
        "anonymous": CENTRE_LOGIN,
        "candidate_a": 403,
        "candidate_b": 403,
        "staff_a": "ok",
        "staff_b": 404,
        "uppctsc": 403,
    },
    # The deferral justification (health data): the candidate and UPPCTSC only.
    "justification": {
        "anonymous": CANDIDATE_LOGIN,
        "candidate_a": "ok",
        "candidate_b": 404,
        "staff_a": 404,
        "staff_b": 404,
        "uppctsc": "ok",
    },
    # The Django admin: UPPCTSC only; anyone else is sent to its login.
    "admin": {
        "anonymous": ADMIN_LOGIN,
        "candidate_a": ADMIN_LOGIN,
        "candidate_b": ADMIN_LOGIN,
        "staff_a": ADMIN_LOGIN,
        "staff_b": ADMIN_LOGIN,
        "uppctsc": "ok",
    },
}

# POST-only actions: which visitors are tried, and what refuses them. The allowed visitor is
# left out (the action would happen: its own tests cover it).
POST_REFUSALS = {
    "public_action": {},
    "candidate_action": {
        "anonymous": CANDIDATE_LOGIN,
        "staff_a": 403,
        "staff_b": 403,
        "uppctsc": 403,
    },
    "candidate_object_action": {
        "anonymous": CANDIDATE_LOGIN,
        "candidate_b": 404,
        "staff_a": 403,
        "staff_b": 403,
        "uppctsc": 403,
    },
    # A batch: another centre's ids are left out of it (back to its own list), unchanged.
    "centre_batch_action": {
        "anonymous": CENTRE_LOGIN,
        "candidate_a": 403,
        "candidate_b": 403,
        "staff_b": "ok",
        "uppctsc": 403,
    },
    "centre_object_action": {
        "anonymous": CENTRE_LOGIN,
        "candidate_a": 403,
        "candidate_b": 403,
        "staff_b": 404,
        "uppctsc": 403,
    },
}

# Every URL name of the project, and its kind. Forms that also take POST are classed by their
# GET page; their POST is covered by their own tests and by the tampered-id tests.
ACCESS = {
    "home": "public",
    # The load balancer's health check: the same short answer for all, no personal data.
    "health": "public",
    "candidates:login": "public",
    "candidates:logout": "public_action",
    "candidates:password_reset": "public",
    "candidates:password_reset_done": "public",
    "candidates:password_reset_confirm": "public",
    "candidates:password_reset_complete": "public",
    "candidates:sign_up": "public",
    "candidates:sign_up_done": "public",
    "candidates:verify_email": "public",
    "candidates:nuc_forgotten": "public",
    "candidates:nuc_forgotten_done": "public",
    "candidates:password_reset_by_nuc": "public",
    "candidates:profile": "candidate",
    "candidates:report_error": "candidate_action",
    "candidates:my_data": "candidate",
    "candidates:resend_verification": "candidate_action",
    "candidates:password_change": "candidate",
    "registrations:start": "candidate",
    "registrations:centres": "candidate",
    "registrations:details": "candidate",
    "registrations:no_centre": "candidate",
    "registrations:mine": "candidate",
    "registrations:detail": "candidate_object",
    "registrations:withdraw": "candidate_object_action",
    "registrations:waiting_join": "candidate_action",
    "registrations:waiting_leave": "candidate_object_action",
    "registrations:summary_pdf": "candidate_object",
    "deferrals:request": "candidate_object",
    "deferrals:justification": "justification",
    "centre:login": "public",
    "centre:logout": "public_action",
    "centre:dashboard": "centre",
    "centre:requests": "centre",
    "centre:bulk_pre_validate": "centre_batch_action",
    "centre:request": "centre_object",
    "centre:pre_validate": "centre_object_action",
    "centre:refuse": "centre_object_action",
    "centre:payment": "centre_object_action",
    "centre:financing": "centre_object_action",
    "centre:confirm": "centre_object_action",
    "centre:remove_exam": "centre_object",
    "centre:correct_candidate": "centre_object",
    "centre:offers": "centre",
    "centre:offer": "centre_object",
    "centre:closures": "centre",
    "centre:closure": "centre_object",
    "centre:attendance": "centre_object",
    "centre:export_csv": "centre",
    "centre:export_xlsx": "centre",
    "centre:summary_pdf": "centre_object",
    "centre:corrections": "centre",
    "centre:correction_apply": "centre_object_action",
    "centre:correction_reject": "centre_object_action",
    # The admin's own pages, represented by a list, a change form and the index.
    "admin:index": "admin",
    "admin:registrations_registration_changelist": "admin",
    "admin:registrations_registration_change": "admin",
    "admin:candidates_candidate_change": "admin",
    # The periodic tasks (django-celery-beat), which UPPCTSC may pause.
    "admin:django_celery_beat_periodictask_changelist": "admin",
    # UPPCTSC's national view and its exports, the late answers (issue 15).
    "national:view": "admin",
    "national:export": "admin",
    "admin:registrations_lateanswer_changelist": "admin",
}
