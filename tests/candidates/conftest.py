import pytest


@pytest.fixture
def delivered(django_capture_on_commit_callbacks):
    """``with delivered(): client.post(...)``: the request's on-commit hooks run at the end of
    the block, as after a real commit, so the outbox rows it queued are sent (Celery is eager in
    tests) and reach ``mailoutbox``."""

    def block():
        return django_capture_on_commit_callbacks(execute=True)

    return block
