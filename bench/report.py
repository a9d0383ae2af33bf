"""The results table: printed to the terminal and written into docs/performance.md between
two markers, so that the hand-written analysis around it survives a new run."""

import os
import platform
import subprocess
from dataclasses import dataclass
from pathlib import Path

DOC = Path(__file__).resolve().parent.parent / "docs" / "performance.md"
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
HEADERS = ("measurement", "figure", "baseline", "ratio", "goal", "met?")


@dataclass
class Row:
    measurement: str
    figure: str
    baseline: str = "—"
    ratio: str = "—"
    goal: str = "—"
    met: str = "—"

    def cells(self) -> tuple[str, ...]:
        return (self.measurement, self.figure, self.baseline, self.ratio, self.goal, self.met)


def yes_no(ok: bool | None) -> str:
    return "—" if ok is None else ("yes" if ok else "NO")


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown",
    )
    postgres = subprocess.run(
        ["psql", "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"nproc = {os.cpu_count()}, CPU: {cpu}, Python {platform.python_version()}, "
        f"{postgres or 'PostgreSQL'}; load average at the end of the run: {load}"
    )


def text_table(rows: list[Row]) -> str:
    widths = [max(len(h), *(len(r.cells()[i]) for r in rows)) for i, h in enumerate(HEADERS)]
    line = "  ".join(h.ljust(w) for h, w in zip(HEADERS, widths, strict=True))
    out = [line, "  ".join("-" * w for w in widths)]
    out += ["  ".join(c.ljust(w) for c, w in zip(r.cells(), widths, strict=True)) for r in rows]
    return "\n".join(out)


def markdown_table(rows: list[Row]) -> str:
    out = ["| " + " | ".join(HEADERS) + " |", "|" + "---|" * len(HEADERS)]
    out += ["| " + " | ".join(c.replace("|", "\\|") for c in r.cells()) + " |" for r in rows]
    return "\n".join(out)


def write_doc(rows: list[Row], *, when: str, notes: list[str], profile: str | None) -> None:
    block = [
        BEGIN,
        f"Last run: {when}. Machine: {machine()}.",
        "",
        markdown_table(rows),
        "",
        *[f"- {note}" for note in notes],
    ]
    if profile:
        block += [
            "",
            "Profile of the expiry sweep service (pyinstrument, 300 requests):",
            "",
            "```",
        ]
        block += [profile.strip("\n"), "```"]
    block.append(END)
    generated = "\n".join(block)
    DOC.parent.mkdir(exist_ok=True)
    text = DOC.read_text() if DOC.exists() else f"# Performance\n\n{BEGIN}\n{END}\n"
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    DOC.write_text(head + generated + tail)
