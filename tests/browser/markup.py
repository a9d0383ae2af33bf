"""Valid markup on every page the browser tests visit: each HTML page the server sends is saved
(as sent, before the browser's parser repairs it: a stray ``</p>`` is invisible in the DOM), and
``test_markup.py``, run after every other test of the session, gives them all to the Nu Html
Checker (npm package ``vnu-jar``, pinned in package.json, run with Java).
"""

import json
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Error as PlaywrightError

ROOT = Path(__file__).resolve().parents[2]
HTML_DIR = ROOT / "test-results" / "html"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@dataclass
class PageRecorder:
    """Saves the HTML documents a browser page receives, one file per response."""

    folder: Path
    urls: dict[str, str] = field(default_factory=dict)
    # Pages whose body the browser no longer had and that cannot be asked again (a POST's
    # answer, left at once for the next page): reported by the check.
    missed: list[str] = field(default_factory=list)

    @classmethod
    def fresh(cls, folder: Path = HTML_DIR) -> "PageRecorder":
        # A previous run's pages would be checked again, and could hide or fake a result.
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        return cls(folder=folder)

    def attach(self, page, *, test_name: str) -> None:
        page.on("response", lambda response: self._save(response, page, test_name=test_name))

    def _save(self, response, page, *, test_name: str) -> None:
        if response.request.resource_type != "document" or not 200 <= response.status < 300:
            return  # redirects have no page; files (PDF, XLSX) are not HTML
        if not response.headers.get("content-type", "").startswith("text/html"):
            return
        path = urlsplit(response.url).path
        slug = re.sub(r"[^A-Za-z0-9]+", "-", f"{test_name}-{path}").strip("-")[:150]
        name = f"{len(self.urls):04d}-{slug}.html"
        try:
            body = response.body()
        except PlaywrightError:
            # A test that leaves a page at once (goto, then click) may leave before this runs:
            # a GET is asked again, with the page's cookies.
            if response.request.method != "GET":
                self.missed.append(response.url)
                return
            body = page.context.request.get(response.url).body()
        (self.folder / name).write_bytes(body)
        self.urls[name] = response.url

    def pages(self) -> list[Path]:
        return sorted(self.folder / name for name in self.urls)


@dataclass(frozen=True)
class MarkupError:
    page: str
    line: int | None
    message: str
    extract: str

    def __str__(self) -> str:
        return f"{self.page}:{self.line}: {self.message}\n    {self.extract.strip()}"


def vnu_errors(pages: list[Path], *, urls: dict[str, str]) -> list[MarkupError]:
    """The Nu Html Checker's errors (warnings left out) on ``pages``, named by their URL."""
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    # vnu exits 1 when it finds errors; its report is on stderr either way.
    report = json.loads(result.stderr)
    return [
        MarkupError(
            page=urls.get(Path(urlsplit(message["url"]).path).name, message["url"]),
            line=message.get("lastLine"),
            message=message["message"],
            extract=message.get("extract", ""),
        )
        for message in report["messages"]
        if message["type"] in {"error", "non-document-error"}
    ]
