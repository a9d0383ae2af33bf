"""The private storage of justification files (health and employment data).

Never the public media storage: the files have no URL and are served only by
``deferrals.views.justification``, which checks who asks and logs each access. The backend is
``STORAGES[settings.DEFERRAL_STORAGE]``: a folder outside MEDIA_ROOT in development, an
S3-compatible bucket in production (see README).
"""

from typing import cast

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty


class _PrivateStorage(LazyObject):
    # Resolved on first use, and again after a settings change, so that tests (and a
    # deployment) choose the backend through STORAGES alone.
    _wrapped: object  # the backend, or `empty` until the first use

    def _setup(self) -> None:
        self._wrapped = storages[settings.DEFERRAL_STORAGE]


private_storage = _PrivateStorage()


def get_private_storage() -> Storage:
    """The FileField's storage callable: migrations record this path, not a backend."""
    # A LazyObject passes every attribute on to the backend it wraps: it is that Storage.
    return cast(Storage, private_storage)


@receiver(setting_changed)
def _reset_private_storage(*, setting: str, **kwargs) -> None:
    if setting in {"STORAGES", "DEFERRAL_STORAGE"}:
        private_storage._wrapped = empty
