"""System check: the PDFs are fast only with HarfBuzz's subsetting library.

Without libharfbuzz-subset, WeasyPrint falls back to fontTools to subset the fonts it embeds,
which decodes DejaVu Sans's whole GPOS table at every render: ~330 ms for the récapitulatif
instead of ~50 ms (docs/performance.md, « PDF récapitulatif »). Nothing fails, so the gap
goes unnoticed; the Dockerfile and .ci/run install it, a developer's machine may not have it.

It matters where PDFs are served at volume: it is a deployment check (``manage.py check
--deploy``, run on the image before a deployment, docs/deployment.md), not a warning printed by
every ``manage.py`` command on a developer's machine.
"""

import ctypes
import ctypes.util

from django.core import checks

# The names WeasyPrint itself tries (weasyprint/text/ffi.py); checked without importing
# WeasyPrint, which takes seconds.
LIBRARY_NAMES = (
    "libharfbuzz-subset.so.0",
    "libharfbuzz-subset.0.dylib",
    "libharfbuzz-subset-0.dll",
)


def harfbuzz_subset_available() -> bool:
    for name in LIBRARY_NAMES:
        try:
            ctypes.CDLL(name)
        except OSError:
            continue
        return True
    return ctypes.util.find_library("harfbuzz-subset") is not None


@checks.register(deploy=True)
def check_harfbuzz_subset(app_configs, **kwargs) -> list[checks.CheckMessage]:
    if harfbuzz_subset_available():
        return []
    return [
        checks.Warning(
            "libharfbuzz-subset est introuvable : WeasyPrint sous-ensemble les polices avec "
            "fontTools et chaque PDF prend environ 6 fois plus de temps.",
            hint="Sous Debian/Ubuntu : apt-get install libharfbuzz-subset0.",
            id="registrations.W001",
        )
    ]
