import pytest


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_home_page_is_certif_up(live_server, page):
    response = page.goto(live_server.url + "/")

    assert response is not None and response.ok
    assert "Certif-UP" in page.title()
