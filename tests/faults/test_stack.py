"""The production processes, proven here: the stack of `make stack` (bin/stack: the Procfile's
web, worker and beat with production settings, and the SMTP catcher) on free ports, a private
Redis and the test database. A candidate and a centre's staff drive one request through HTTP
as people do, behind a TLS proxy's ``X-Forwarded-Proto: https``: submit → pre-validate →
payment → confirm. The mails arrive over SMTP (text and HTML, the PDF summary attached to the
confirmation), the timeline shows each step. Then the worker is killed with SIGKILL, a second
request is submitted and pre-validated while it is dead, and after a restart every mail has
arrived exactly once."""

import contextlib
import email
import email.policy
import importlib.util
import mailbox
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from importlib.machinery import SourceFileLoader
from pathlib import Path

import pytest
from django.conf import global_settings
from django.db import connection
from django.utils import timezone

from notifications.models import MailStatus, OutboundMail
from payments.models import Payment
from registrations.models import Registration, RegistrationEvent, Status
from tests.factories import (
    PASSWORD,
    CandidateFactory,
    CentreFactory,
    ExamFactory,
    SessionFactory,
    StaffFactory,
    offers_for,
)
from tests.faults.helpers import ROOT, PrivateRedis, _free_port, wait_until
from tests.faults.web import Browser, Page

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BOOT_SECONDS = 180  # a loaded 2-core machine: Django's start-up in each process


def bin_stack():
    """bin/stack, the script `make stack` runs, loaded as a module."""
    loader = SourceFileLoader("bin_stack", str(ROOT / "bin" / "stack"))
    spec = importlib.util.spec_from_loader("bin_stack", loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


class Stack:
    """The Procfile's processes and the catcher, each in its own process group (so that one
    can be killed alone, children included), their output in ``folder``/<name>.log."""

    def __init__(self, folder: Path, redis_url: str):
        from django.conf import settings

        self.stack = bin_stack()
        self.folder = folder
        self.port, smtp_port = _free_port(), _free_port()
        self.mail_dir = folder / "mail"
        database = connection.settings_dict
        self.env = {
            **os.environ,
            **self.stack.environment(
                port=self.port,
                smtp_port=smtp_port,
                database_url=(
                    f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
                    f"{database['NAME']}"
                ),
                broker_url=redis_url,
                folder=folder,
            ),
            # Behind a TLS proxy, as deployed: HTTP is redirected, the proxy's header trusted.
            "SECURE_SSL_REDIRECT": "true",
            "STATIC_ROOT": str(folder / "static"),
            # One web process: the machine has two cores for the whole stack and the test.
            "WEB_CONCURRENCY": "1",
            "GUNICORN_THREADS": "4",
        }
        for name in ("LOG_FORMAT", "EMAIL_FILE_PATH", "CELERY_TASK_ALWAYS_EAGER"):
            self.env.pop(name, None)
        assert settings.DATABASES["default"]["NAME"] == database["NAME"]
        self.commands = {
            "mail": self.stack.smtp_catcher(port=smtp_port, mail_dir=self.mail_dir),
            **self.stack.processes(),
        }
        self.processes: dict[str, subprocess.Popen] = {}

    def collect_static(self) -> None:
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity=0"],
            cwd=ROOT, env=self.env, check=True, timeout=300,
        )  # fmt: skip

    def start(self, name: str) -> None:
        log = (self.folder / f"{name}.log").open("a")
        self.processes[name] = subprocess.Popen(
            self.commands[name], shell=True, cwd=ROOT, env=self.env, stdout=log,
            stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip

    def kill(self, name: str, sig: int = signal.SIGKILL) -> None:
        process = self.processes.pop(name)
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, sig)
        process.wait(timeout=30)

    def stop(self) -> None:
        for name in list(self.processes):
            self.kill(name, signal.SIGTERM)

    def log(self, name: str) -> str:
        path = self.folder / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def logs(self) -> str:
        return "\n".join(f"--- {name}\n{self.log(name)[-3000:]}" for name in self.commands)

    def messages(self) -> list[email.message.EmailMessage]:
        if not (self.mail_dir / "new").exists():
            return []
        return [
            email.message_from_bytes(message.as_bytes(), policy=email.policy.default)
            for message in mailbox.Maildir(self.mail_dir, create=False)
        ]


@pytest.fixture
def stack(tmp_path):
    redis = PrivateRedis()
    redis.start()
    running = Stack(tmp_path, redis.url)
    try:
        yield running
    finally:
        running.stop()
        redis.stop()


def worker_ready(stack: Stack, starts: int) -> bool:
    return stack.log("worker").count(" ready.") >= starts


def page_answers(browser: Browser) -> bool:
    try:
        return browser.fetch("GET", "/")[0] == 200
    except OSError:
        return False


def log_in(browser: Browser, url: str, username: str) -> Page:
    page = browser.open(url)
    return browser.submit(page, "Se connecter", fill={"username": username, "password": PASSWORD})


def candidate_submits(browser: Browser, candidate, centre, exams) -> int:
    """Logs in with the NUC, picks the exams and the département, chooses the centre, checks
    the summary and presses « Soumettre »: the new request's id, from the page it lands on."""
    log_in(browser, "/connexion/", candidate.display_nuc)
    start = browser.open("/inscription/")
    found = browser.submit(
        start,
        "Rechercher les centres",
        fill={"departement": "75"},
        check={"examens": [exam.code for exam in exams]},
    )
    details = browser.open(found.link(f"Choisir ce centre : {centre.name}"))
    summary = browser.submit(details, "Vérifier ma demande", fill={"phone": "01 23 45 67 89"})
    assert "Vérifiez votre demande" in summary.text, summary.text[-2000:]
    submitted = browser.submit(summary, "Soumettre")
    assert "Votre demande d'inscription est soumise" in submitted.text
    return int(re.fullmatch(r".*/mes-inscriptions/(\d+)/", submitted.url).group(1))


def staff_pre_validates(browser: Browser, registration_id: int) -> Page:
    listed = browser.open("/centre/demandes/")
    reference = Registration.objects.get(pk=registration_id).reference
    page = browser.open(listed.link(reference))
    done = browser.submit(page, "Pré-valider")
    assert f"Demande {reference} pré-validée." in done.text
    return done


def addressed(message: email.message.EmailMessage) -> tuple[str, str]:
    """(To, Subject); the catcher (aiosmtpd's Maildir handler) refolds long headers, which
    may leave a space at the start of the subject."""
    return str(message["To"]), " ".join(str(message["Subject"]).split())


def wait_for(condition, what: str, stack: Stack, timeout: float = 120) -> None:
    try:
        wait_until(condition, what=what, timeout=timeout)
    except TimeoutError:
        pytest.fail(f"{what}: not after {timeout} s\n{stack.logs()}")


def test_a_request_through_the_production_stack_and_a_killed_worker(stack, settings):
    # The stack's production settings know no MD5 hasher (tests use it for speed).
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    session = SessionFactory(name="Session de la pile")
    exams = ExamFactory.create_batch(2)
    centre = CentreFactory(name="Centre de la pile", email="centre-pile@example.org")
    offers_for(centre=centre, session=session, exams=exams)
    first, second = CandidateFactory(), CandidateFactory()
    staff = StaffFactory(centre=centre)

    stack.collect_static()
    for name in ("mail", "web", "worker", "beat"):
        stack.start(name)
    candidate, centre_staff = Browser(stack.port), Browser(stack.port)
    wait_for(lambda: page_answers(candidate), "gunicorn answers", stack, BOOT_SECONDS)
    wait_for(lambda: worker_ready(stack, 1), "the worker is ready", stack, BOOT_SECONDS)

    # Production settings: without the proxy's header, HTTP is sent to HTTPS.
    status, location, _ = candidate.fetch("GET", "/", proxied=False)
    assert (status, location) == (301, f"https://127.0.0.1:{stack.port}/")

    registration_id = candidate_submits(candidate, first, centre, exams)
    assert any(
        header.startswith("sessionid=") and "Secure" in header and "HttpOnly" in header
        for header in candidate.set_cookie_headers
    )
    log_in(centre_staff, "/centre/connexion/", staff.username)
    page = staff_pre_validates(centre_staff, registration_id)
    today = timezone.localdate().isoformat()
    page = centre_staff.submit(
        page,
        "Enregistrer le règlement",
        fill={"amount": "100,00", "method": "cheque", "received_on": today, "reference": "CHQ 1"},
    )
    assert "Valider définitivement" in page.text, page.text[-2000:]
    asked = centre_staff.submit(page, "Valider définitivement")
    confirmed = centre_staff.submit(asked, "Confirmer")
    assert "validée définitivement" in confirmed.text

    registration = Registration.objects.get(pk=registration_id)
    assert registration.status == Status.CONFIRMED
    payment = Payment.objects.get(registration=registration)
    assert (payment.amount, payment.method, payment.reference) == (100, "cheque", "CHQ 1")
    events = RegistrationEvent.objects.filter(registration=registration).order_by("at", "pk")
    assert [(e.from_status, e.to_status) for e in events] == [
        ("", Status.SUBMITTED),
        (Status.SUBMITTED, Status.PRE_VALIDATED),
        (Status.PRE_VALIDATED, Status.PAID),
        (Status.PAID, Status.CONFIRMED),
    ]

    # Four mails over SMTP: received (candidate, centre), pre-validated, confirmed with the PDF.
    wait_for(lambda: len(stack.messages()) >= 4, "4 mails at the SMTP catcher", stack)
    received = {addressed(m): m for m in stack.messages()}
    rows = OutboundMail.objects.filter(registration=registration)
    assert {(row.recipient, row.subject) for row in rows} == set(received)
    assert {row.template for row in rows} == {
        "submitted_candidate", "submitted_centre", "pre_validated", "confirmed",
    }  # fmt: skip
    for row in rows:
        message = received[(row.recipient, row.subject)]
        assert message["From"] == settings.DEFAULT_FROM_EMAIL
        text = message.get_body(preferencelist=("plain",))
        html = message.get_body(preferencelist=("html",))
        assert text is not None and html is not None, row.template  # multipart: text + HTML
        # What was sent is what the outbox row recorded (line ends aside: SMTP sends CRLF).
        assert text.get_content().replace("\r\n", "\n").strip() == row.body_text.strip()
        assert html.get_content().replace("\r\n", "\n").strip() == row.body_html.strip()
        pdfs = [
            part for part in message.iter_attachments()
            if part.get_content_type() == "application/pdf"
        ]  # fmt: skip
        if row.template == "confirmed":
            assert len(pdfs) == 1 and pdfs[0].get_filename().endswith(".pdf")
            assert pdfs[0].get_content().startswith(b"%PDF-")
        else:
            assert pdfs == []
    wait_for(lambda: not rows.exclude(status=MailStatus.SENT).exists(), "rows marked sent", stack)

    # The candidate's timeline: each step and the mails sent, on their own page.
    timeline = " ".join(candidate.open(f"/mes-inscriptions/{registration_id}/").text.split())
    steps = ["Demande soumise", "Pré-validée", "Réglée", "Confirmée"]
    positions = [timeline.find(f"— {step}") for step in steps]
    assert -1 not in positions and positions == sorted(positions), positions
    assert "E-mails envoyés" in timeline
    for row in rows:
        if row.recipient == first.email:
            assert row.subject in timeline

    # The worker dies (SIGKILL, its children with it); a second request is submitted and
    # pre-validated meanwhile: three mails wait in the outbox, their task in Redis.
    stack.kill("worker")
    other = Browser(stack.port)
    second_id = candidate_submits(other, second, centre, exams[:1])
    staff_pre_validates(centre_staff, second_id)
    waiting = OutboundMail.objects.filter(registration_id=second_id)
    assert waiting.count() == 3
    time.sleep(3)
    assert set(waiting.values_list("status", flat=True)) == {MailStatus.PENDING}
    assert len(stack.messages()) == 4

    stack.start("worker")  # the same Procfile line
    wait_for(lambda: worker_ready(stack, 2), "the worker is back", stack, BOOT_SECONDS)
    every_row = OutboundMail.objects.all()
    wait_for(
        lambda: len(stack.messages()) >= 7 and not every_row.exclude(status="sent").exists(),
        "the 3 waiting mails sent",
        stack,
    )
    time.sleep(5)  # anything sent twice would show now
    sent = Counter(addressed(m) for m in stack.messages())
    assert sent == Counter((row.recipient, row.subject) for row in every_row)
    assert set(sent.values()) == {1}
    assert set(every_row.values_list("attempts", flat=True)) == {1}
    second_registration = Registration.objects.get(pk=second_id)
    assert second_registration.status == Status.PRE_VALIDATED
    print(f"\n{len(sent)} mails over SMTP, each once, the worker SIGKILLed and restarted")
