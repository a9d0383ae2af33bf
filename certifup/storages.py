"""Where files are kept, for the settings' STORAGES: static files, the default storage, and the
private storage of deferral justifications (deferrals.storage)."""

from pathlib import Path

import environ


def storages(env: environ.Env, *, production: bool, var_dir: Path) -> dict[str, dict]:
    return {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {
            "BACKEND": (
                "whitenoise.storage.CompressedManifestStaticFilesStorage"
                if production
                else "django.contrib.staticfiles.storage.StaticFilesStorage"
            )
        },
        # Deferral justifications (health and employment data): never under MEDIA_ROOT, no URL.
        "private": _private_storage(env, var_dir=var_dir),
    }


def _private_storage(env: environ.Env, *, var_dir: Path) -> dict:
    """A local folder by default; any Storage class (e.g. django-storages' S3Storage, once
    installed) with PRIVATE_STORAGE_BACKEND and its options below. See README."""
    backend = env.str(
        "PRIVATE_STORAGE_BACKEND", default="django.core.files.storage.FileSystemStorage"
    )
    if backend == "django.core.files.storage.FileSystemStorage":
        location = Path(env.str("PRIVATE_STORAGE_ROOT", default=str(var_dir / "private")))
        return {"BACKEND": backend, "OPTIONS": {"location": location}}
    return {
        "BACKEND": backend,
        "OPTIONS": {
            "bucket_name": env.str("PRIVATE_STORAGE_BUCKET"),
            "endpoint_url": env.str("PRIVATE_STORAGE_ENDPOINT_URL", default="") or None,
            "region_name": env.str("PRIVATE_STORAGE_REGION", default="") or None,
            "access_key": env.str("PRIVATE_STORAGE_ACCESS_KEY", default="") or None,
            "secret_key": env.str("PRIVATE_STORAGE_SECRET_KEY", default="") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
