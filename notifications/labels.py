"""What UPPCTSC reads for each mail template in the outbox admin (its filter and its detail):
the template names are identifiers (« pre_validated »), not words for people.

Every template in ``templates/mail/`` has a label here (tests/notifications/test_admin.py).
"""

TEMPLATE_LABELS = {
    "welcome": "Bienvenue (création du compte)",
    "email_verification": "Vérification de l'adresse e-mail",
    "existing_account": "Compte déjà existant",
    "password_reset": "Mot de passe oublié",
    "nuc_reminder": "Rappel du NUC",
    "submitted_candidate": "Demande soumise (au candidat)",
    "submitted_centre": "Nouvelle demande à traiter (au centre)",
    "pre_validated": "Demande pré-validée",
    "payment_reminder": "Relance de règlement",
    "confirmed": "Inscription confirmée",
    "refused": "Demande refusée",
    "exam_removed": "Épreuve retirée",
    "expired_candidate": "Demande expirée (au candidat)",
    "expired_centre": "Demande expirée (au centre)",
    "reinstated": "Demande rétablie après un virement tardif",
    "withdrawn_candidate": "Demande retirée (au candidat)",
    "withdrawn_centre": "Demande retirée (au centre)",
    "no_centre_received": "Alerte « aucun centre » reçue (au candidat)",
    "no_centre_uppctsc": "Alerte « aucun centre » (à l'UPPCTSC)",
    "deferral_received": "Demande de report reçue (au candidat)",
    "deferral_requested_uppctsc": "Demande de report (à l'UPPCTSC)",
    "deferral_accepted": "Report accepté (au candidat)",
    "deferral_accepted_centre": "Report accepté (au centre)",
    "deferral_rejected": "Report refusé (au candidat)",
    "deadline_extended": "Délai de règlement prolongé (fermeture du centre)",
    "answer_reminder_centre": "Demande en attente de réponse (relance au centre)",
    "correction_requested": "Correction demandée par le candidat (au centre ou à l'UPPCTSC)",
    "correction_applied": "Correction appliquée (au candidat)",
    "correction_rejected": "Correction refusée (au candidat)",
    "waiting_offer": "Place proposée sur liste d'attente (au candidat)",
}


def template_label(template: str) -> str:
    """The label, or the identifier itself for a template added without one (never hidden)."""
    return TEMPLATE_LABELS.get(template, template)
