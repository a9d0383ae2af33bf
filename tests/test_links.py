"""``{% link %}`` (certifup.links) gives what ``{% url %}`` gives, under any script prefix."""

import pytest
from django.template import engines
from django.urls import set_script_prefix

NAMES = ["home", "registrations:mine", "candidates:logout", "centre:dashboard"]


def _render(source: str) -> str:
    return engines["django"].from_string("{% load certifup %}" + source).render({})


@pytest.mark.parametrize("prefix", ["/", "/certifup/", "/autre/"])
def test_a_link_is_the_reversed_url_under_the_script_prefix(prefix):
    set_script_prefix(prefix)
    try:
        for name in NAMES:
            assert _render(f"{{% link '{name}' %}}") == _render(f"{{% url '{name}' %}}")
            assert _render(f"{{% link '{name}' %}}").startswith(prefix)
    finally:
        set_script_prefix("/")
