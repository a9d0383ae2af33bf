"""A worker process freezes what its start-up loaded (``certifup/celery.py``): the collector
then walks only what its tasks allocate (the expiry sweep's figures: docs/performance.md)."""

import gc

from celery import signals

import certifup.celery  # noqa: F401  (connects the worker's receivers)


def test_a_worker_process_freezes_what_its_start_up_loaded():
    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    try:
        signals.worker_process_init.send(sender=None)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()  # the test process itself goes on as before
