"""What every accessibility check in a browser test does: axe-core, no serious or critical
violation, and no horizontal scrolling at phone width (read from a full-page screenshot)."""

import struct
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe

from tests.factories import PASSWORD

PHONE_WIDTH = 360
SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
SERIOUS = {"serious", "critical"}


def png_width(path: Path) -> int:
    with path.open("rb") as png:
        header = png.read(24)
    return struct.unpack(">I", header[16:20])[0]


def check_page(page, name: str) -> None:
    results = Axe().run(page)
    serious = [
        (violation["id"], violation["help"], [node["target"] for node in violation["nodes"]])
        for violation in results.response["violations"]
        if violation["impact"] in SERIOUS
    ]
    assert serious == [], f"{name}: {serious}"
    SHOTS.mkdir(parents=True, exist_ok=True)
    shot = SHOTS / f"{name}.png"
    page.screenshot(path=str(shot), full_page=True)
    assert png_width(shot) <= PHONE_WIDTH, f"{name} scrolls sideways at {PHONE_WIDTH} px"


def log_in_with_the_keyboard(page, url: str, *, label: str, username: str) -> None:
    """Type the username in the field ``label``, Tab to the password, Enter: no mouse."""
    page.goto(url)
    page.get_by_label(label).focus()
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
