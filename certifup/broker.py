"""The Celery broker's transport options, for the settings' CELERY_BROKER_TRANSPORT_OPTIONS:
kombu's filesystem transport in the embedded default (`make run` sends mails and expires
requests without Redis), Redis on the real stack."""

from pathlib import Path

# A Redis that stops answering (frozen, host gone, failover) must not hold a request: redis-py
# waits forever by default, and broker_connection_timeout does not reach it. The worker's BRPOP
# waits 1 s, so the socket timeout stays above that.
REDIS_TRANSPORT_OPTIONS: dict[str, object] = {
    "socket_connect_timeout": 2,
    "socket_timeout": 3,
}


def transport_options(broker_url: str, *, filesystem_dir: Path) -> dict[str, object] | None:
    """The options for this broker, or None for a transport left at kombu's defaults. The
    filesystem transport's folders are made here: kombu makes only the control folder."""
    if broker_url.startswith("filesystem://"):
        Path(filesystem_dir, "processed").mkdir(parents=True, exist_ok=True)
        return {
            "data_folder_in": str(filesystem_dir),
            "data_folder_out": str(filesystem_dir),
            "processed_folder": str(Path(filesystem_dir, "processed")),
            "control_folder": str(Path(filesystem_dir, "control")),
            "store_processed": False,
        }
    if broker_url.startswith(("redis://", "rediss://")):
        return REDIS_TRANSPORT_OPTIONS
    return None
