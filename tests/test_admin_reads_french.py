"""The admin reads like the rest of the site: French names for every column, filter and field,
readable values (no Python dict, no date that means nothing), and markup that WCAG checkers
(pa11y's HTML_CodeSniffer) accept: row headers with a scope, no form where nothing is sent."""

import html
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from candidates import mails
from notifications.labels import TEMPLATE_LABELS
from notifications.models import MailStatus, OutboundMail
from registrations.models import Status
from tests.factories import advance, submit

pytestmark = pytest.mark.django_db

OUR_APPS = ["candidates", "centres", "registrations", "payments", "deferrals", "notifications"]


@pytest.fixture
def admin_client(client, uppctsc):
    client.force_login(uppctsc)
    return client


def text(response) -> str:
    assert response.status_code == 200
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def test_every_field_of_our_models_has_a_french_name():
    # Without one, Django shows the attribute: « EXAM », « USER », « Identity key ».
    unnamed = [
        f"{model.__name__}.{field.name}"
        for label in OUR_APPS
        for model in apps.get_app_config(label).get_models()
        for field in model._meta.get_fields()
        if not field.auto_created and getattr(field, "_verbose_name", "") is None
    ]
    assert unnamed == []


def test_the_offer_list_and_the_candidate_page_name_their_columns_in_french(
    admin_client, centre_a, candidate
):
    offers = text(admin_client.get(reverse("admin:centres_examoffer_changelist")))
    assert "Épreuve" in offers and "Par épreuve" in offers
    assert not re.search(r"\bExam\b", offers)
    page = text(
        admin_client.get(reverse("admin:candidates_candidate_change", args=[candidate.pk]))
    )
    assert "Compte" in page and "Clé d'identité" in page
    assert not re.search(r"\b(User|Identity key)\b", page)


def test_every_mail_template_has_a_french_label():
    folder = Path(settings.BASE_DIR) / "templates" / "mail"
    templates = {path.name.removesuffix("_subject.txt") for path in folder.glob("*_subject.txt")}
    assert templates - set(TEMPLATE_LABELS) == set()


def test_the_outbox_filters_by_french_mail_kinds(admin_client, candidate):
    mails.send_nuc_reminder(candidate)
    page = text(admin_client.get(reverse("admin:notifications_outboundmail_changelist")))
    assert "Par type d'e-mail" in page and "Rappel du NUC" in page
    assert "nuc_reminder" not in page


def _mail_page(client, mail: OutboundMail) -> str:
    return text(client.get(reverse("admin:notifications_outboundmail_change", args=[mail.pk])))


def test_a_mail_reads_as_text_not_as_a_python_dict(
    admin_client, candidate, centre_a, session, exams
):
    registration = submit(candidate, centre_a, session, exams[:1])
    mail = OutboundMail.objects.filter(registration=registration).first()
    assert mail is not None

    page = _mail_page(admin_client, mail)

    assert "Demande soumise (au candidat)" in page or "Nouvelle demande à traiter" in page
    assert "{'" not in page  # the raw repr of the context
    assert '"registration": {' in page  # the context, as indented JSON, folded apart


def test_only_a_waiting_mail_shows_its_next_attempt(admin_client, candidate):
    mails.send_nuc_reminder(candidate)
    mail = OutboundMail.objects.get(template="nuc_reminder")
    assert "Prochaine tentative" in _mail_page(admin_client, mail)

    OutboundMail.objects.filter(pk=mail.pk).update(status=MailStatus.SENT, sent_at=timezone.now())

    assert "Prochaine tentative" not in _mail_page(admin_client, mail)


def test_row_headers_of_the_request_list_have_a_scope(
    admin_client, candidate, centre_a, session, exams
):
    submit(candidate, centre_a, session, exams[:1])
    page = admin_client.get(reverse("admin:registrations_registration_changelist")).content
    headers = re.findall(r"<th\b[^>]*>", page.decode())
    assert headers, "the list has header cells"
    assert [tag for tag in headers if "scope=" not in tag] == []


def test_the_read_only_request_page_has_no_form_and_no_unlabelled_fieldset(
    admin_client, staff_a, candidate, centre_a, session, exams
):
    registration = advance(
        submit(candidate, centre_a, session, exams[:2]), to=Status.CONFIRMED, actor=staff_a
    )
    response = admin_client.get(
        reverse("admin:registrations_registration_change", args=[registration.pk])
    )
    page = response.content.decode()
    main = page.split('id="content-main"', 1)[1]

    assert "<form" not in main  # nothing to submit: no form without a submit button
    for fieldset in re.findall(r"<fieldset\b.*?</fieldset>", main, re.S):
        assert "<legend" in fieldset
    assert [tag for tag in re.findall(r"<th\b[^>]*>", main) if "scope=" not in tag] == []
    # What the page shows is still there: the request, its exams and its timeline.
    shown = text(response)
    assert registration.reference in shown
    assert "E1" in shown and "E2" in shown
    assert "Événements" in shown and "confirmée" in shown


def test_no_admin_page_reads_true_or_false_to_a_screen_reader(
    admin_client, uppctsc, rf, centre_a, candidate, session, exams, staff_a, now
):
    """Django draws a boolean as an icon whose text is Python's: alt="True", read out in
    English. Every list, and the page of a row, of our models says « Oui » / « Non » instead
    (certifup/admin_booleans.py)."""
    advance(submit(candidate, centre_a, session, exams[:1], now), to=Status.PRE_VALIDATED,
            actor=staff_a, now=now)  # fmt: skip
    request = rf.get("/admin/")
    request.user = uppctsc
    pages = []
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in OUR_APPS:
            continue
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        pages.append(reverse(f"{name}_changelist"))
        first = model_admin.get_queryset(request).order_by("pk").first()
        if first is not None:
            pages.append(reverse(f"{name}_change", args=[first.pk]))
    assert len(pages) > 20
    english = {}
    for page in pages:
        response = admin_client.get(page)
        assert response.status_code == 200, page
        if alts := re.findall(r'alt="(True|False|None)"', response.content.decode()):
            english[page] = sorted(set(alts))
    assert english == {}
    centres = admin_client.get(reverse("admin:centres_centre_changelist")).content.decode()
    assert 'alt="Oui"' in centres  # centre A is accredited
