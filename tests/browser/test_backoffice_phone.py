"""A centre's staff on a phone (375 px): each request's reference, name, status and payment
deadline are on screen, not cut off in a table that scrolls sideways (issue 13)."""

import pytest
from playwright.sync_api import expect

from registrations.models import Status
from tests.browser.helpers import log_in_with_the_keyboard
from tests.factories import CandidateFactory, StaffFactory, advance, submit

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WIDTH = 375
# The element is what the screen shows at its own place (a scrolled-away cell is not).
VISIBLE_AT_ITS_PLACE = """el => {
  const r = el.getClientRects()[0];
  const hit = document.elementFromPoint(r.left + Math.min(r.width / 2, 4), r.top + r.height / 2);
  return el === hit || el.contains(hit);
}"""


@pytest.fixture
def narrow(browser, page_recorder, request):
    context = browser.new_context(
        locale="fr-FR", viewport={"width": WIDTH, "height": 740}, is_mobile=True
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page_recorder.attach(page, test_name=request.node.name)
    yield page
    context.close()


def _on_screen(page, locator) -> None:
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    assert box is not None, locator
    # Whole, inside the page's width: not clipped by a scrolling table.
    assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH + 0.5, (locator, box)
    assert locator.evaluate(VISIBLE_AT_ITS_PLACE), f"{locator} is hidden under something else"


def test_staff_see_reference_name_status_and_deadline_at_375_px(live_server, narrow, seed_example):
    staff = StaffFactory(centre=seed_example.tahiti, username="staff.tahiti")
    waiting = submit(CandidateFactory(birth_name="Teriitehau"), seed_example.tahiti,
                     seed_example.session, [seed_example.e1, seed_example.e2])  # fmt: skip
    unpaid = submit(CandidateFactory(birth_name="Temaru"), seed_example.tahiti,
                    seed_example.session, [seed_example.e1])  # fmt: skip
    advance(unpaid, to=Status.PRE_VALIDATED, actor=staff)
    base = live_server.url
    log_in_with_the_keyboard(
        narrow, base + "/centre/connexion/", label="Identifiant", username=staff.username
    )
    expect(narrow.get_by_role("heading", name="Tableau de bord")).to_be_visible()

    # The dashboard's list (to pre-validate), then the list of every request.
    for path, shown in (("/centre/", [waiting]), ("/centre/demandes/", [waiting, unpaid])):
        narrow.goto(base + path)
        for registration in shown:
            row = narrow.locator("tr", has=narrow.get_by_role("link", name=registration.reference))
            reference = row.first.get_by_role("link", name=registration.reference)
            _on_screen(narrow, reference)
            # « CU-0000001 » was cut in two at the hyphen.
            assert reference.evaluate("el => el.getClientRects().length") == 1
            _on_screen(narrow, row.first.get_by_text(registration.candidate.birth_name.upper()))
            _on_screen(narrow, row.first.locator(".status"))
    unpaid_row = narrow.locator("tr", has=narrow.get_by_role("link", name=unpaid.reference))
    _on_screen(narrow, unpaid_row.first.get_by_text("au plus tard le"))
