"""Views and admin pages never own a transaction or choose a mail: the service that makes the
change does both, so the mail is queued in the change's own transaction whoever calls it (a
page, an admin action, a command, a task). Kept by a lint over the application's view modules."""

import re
from pathlib import Path

from django.conf import settings

APPS = ["backoffice", "candidates", "centres", "certifup", "deferrals", "notifications",
        "payments", "registrations"]  # fmt: skip
# A transaction, an account or deferral mail, or the outbox itself.
OWNS_WORK = re.compile(
    r"transaction\.atomic|\bmails\.send_|\bmail_queue\b|\bOutbox\b"
    r"|from \w+ import (\w+, )*mails\b|from \w+\.mails import"
)


def view_modules() -> list[Path]:
    root = Path(settings.BASE_DIR)
    modules = [
        path
        for app in APPS
        for path in (root / app).rglob("*.py")
        if path.name in ("views.py", "admin.py")
        or path.name.endswith(("_views.py", "_admin.py", "admin_preview.py"))
        or "views" in path.relative_to(root).parts[:-1]
    ]
    assert len(modules) > 10  # the search itself still finds the pages
    return modules


def test_no_view_opens_a_transaction_or_picks_a_mail():
    root = Path(settings.BASE_DIR)
    offenders = {
        f"{path.relative_to(root)}: {match.group(0)}"
        for path in view_modules()
        for match in OWNS_WORK.finditer(path.read_text(encoding="utf-8"))
    }
    assert offenders == set()
