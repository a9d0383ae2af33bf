"""One gunicorn configuration (gunicorn.conf.py) for the compose file, the image and the bench:
keep-alive that outlives a proxy's idle timeout, stated timeouts, sizes from the environment.
The soak on gunicorn's defaults lost 12 of 27,955 requests to connection resets: its 2-second
keep-alive closed connections just as the client reused them."""

import http.client
import json
import os
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from django.utils import timezone

from certifup.health.models import PeriodicRun
from certifup.health.recording import periodic_run_record
from tests.faults.helpers import _free_port as free_port

BASE_DIR = Path(__file__).resolve().parent.parent
CONFIG = BASE_DIR / "gunicorn.conf.py"
GUNICORN = str(Path(sys.executable).parent / "gunicorn")
STATIC = "/static/css/certifup.css"  # answered by WhiteNoise: no database needed


def printed_config(**environment: str) -> dict[str, str]:
    result = subprocess.run(
        [GUNICORN, "certifup.wsgi", "--config", str(CONFIG), "--print-config"],
        env={**os.environ, **environment}, cwd=BASE_DIR, capture_output=True, text=True,
        timeout=60, check=True,
    )  # fmt: skip
    return {
        name.strip(): value.strip()
        for name, _, value in (line.partition("=") for line in result.stdout.splitlines())
    }


def test_the_configuration_states_keep_alive_timeouts_and_logs():
    config = printed_config()
    assert int(config["keepalive"]) > 60  # nginx's and the cloud balancers' idle timeout
    assert config["worker_class"] == "gthread"  # the sync worker has no keep-alive at all
    assert (config["timeout"], config["graceful_timeout"]) == ("30", "25")
    assert config["accesslog"] == "-"  # one line per request, on stdout
    # As before this file: three processes of one thread on port 8000.
    assert (config["workers"], config["threads"]) == ("3", "1")
    assert config["bind"] == "['0.0.0.0:8000']"


def test_processes_and_threads_come_from_the_environment():
    config = printed_config(WEB_CONCURRENCY="5", GUNICORN_THREADS="4")
    assert (config["workers"], config["threads"]) == ("5", "4")


def test_a_malformed_size_is_refused_rather_than_guessed():
    with pytest.raises(subprocess.CalledProcessError) as refused:
        printed_config(GUNICORN_THREADS="0")
    assert "GUNICORN_THREADS must be a positive whole number" in refused.value.stderr


@contextmanager
def gunicorn(*arguments: str):
    environment = {"CERTIFUP_ENV": "development", "GUNICORN_ACCESS_LOG": ""}
    with _serving(list(arguments), environment) as port:
        yield port


@contextmanager
def production_gunicorn(environment: dict[str, str]):
    with _serving(["--config", str(CONFIG)], environment) as port:
        yield port


@contextmanager
def _serving(arguments: list[str], environment: dict[str, str]):
    """gunicorn on a free port, one worker, returned once it answers a static file."""
    port = free_port()
    process = subprocess.Popen(
        [GUNICORN, "certifup.wsgi", *arguments, "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=BASE_DIR, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, **environment},
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("HEAD", STATIC)
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def reused_after_idle(port: int, *, idle: float) -> bool:
    """Two requests on one connection, ``idle`` seconds apart, as a proxy reuses its upstream
    connections: True when the second is answered on the same connection."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", STATIC)
    first = connection.getresponse()
    first.read()
    assert first.status == 200
    connection.auto_open = 0  # no silent reconnection: a closed connection must show
    time.sleep(idle)
    try:
        connection.request("GET", STATIC)
        return connection.getresponse().status == 200
    except (http.client.HTTPException, OSError):
        return False
    finally:
        connection.close()


def test_an_idle_connection_is_still_open_when_reused():
    with gunicorn("--config", str(CONFIG)) as port:
        assert reused_after_idle(port, idle=3)


def test_gunicorns_defaults_close_it_which_is_what_the_soak_hit():
    """The reason for the file: without it, the same reuse fails."""
    with gunicorn("--config", "/dev/null", "--worker-class", "gthread") as port:
        assert not reused_after_idle(port, idle=3)


def test_the_compose_file_the_image_and_the_bench_use_that_file():
    compose = yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())
    web = compose["services"]["web"]
    assert "exec gunicorn certifup.wsgi --config gunicorn.conf.py" in web["command"]
    assert "--workers" not in web["command"] and "--bind" not in web["command"]
    assert int(web["stop_grace_period"].removesuffix("s")) > 25  # graceful_timeout
    dockerfile = (BASE_DIR / "Dockerfile").read_text()
    assert 'CMD ["gunicorn", "certifup.wsgi", "--config", "gunicorn.conf.py"]' in dockerfile
    bench = (BASE_DIR / "bench" / "server.py").read_text()
    assert '"--config", str(ROOT / "gunicorn.conf.py")' in bench
    assert "--keep-alive" not in bench and "--timeout" not in bench
    assert "--config gunicorn.conf.py" in (BASE_DIR / "docs" / "deployment.md").read_text()


def test_in_production_gunicorn_writes_one_json_line_per_event():
    """Start-up, each request, and the stop: every line gunicorn writes is one JSON record."""
    port = free_port()
    production = {
        "CERTIFUP_ENV": "production",
        "SECRET_KEY": "k" * 20 + "-a-long-random-production-secret-key-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/certifup",
        "GUNICORN_ACCESS_LOG": "-",
    }
    process = subprocess.Popen(
        [GUNICORN, "certifup.wsgi", "--config", str(CONFIG), "--bind", f"127.0.0.1:{port}",
         "--workers", "1"],
        cwd=BASE_DIR, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**{k: v for k, v in os.environ.items() if k != "LOG_FORMAT"}, **production},
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                connection.request("GET", STATIC + "?journal", headers={"User-Agent": 'a "b"'})
                connection.getresponse().read()
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
    finally:
        process.terminate()
        stdout, stderr = process.communicate(timeout=30)

    records = [json.loads(line) for line in (stdout + stderr).splitlines()]
    access = [r for r in records if r["logger"] == "gunicorn.access"]
    assert len(access) == 1 and f"GET {STATIC}?journal" in access[0]["message"]
    booted = [r for r in records if r["logger"] == "gunicorn.error" and "Booting" in r["message"]]
    assert booted
    assert {"time", "level", "logger", "message"} <= set(access[0])


def healthcheck(port: int, **environment: str) -> subprocess.CompletedProcess:
    """docker-compose.yml's web healthcheck, run as the container runs it."""
    return subprocess.run(
        [sys.executable, str(BASE_DIR / "bin" / "healthcheck-web")],
        env={**os.environ, "GUNICORN_BIND": f"0.0.0.0:{port}", **environment},
        capture_output=True, text=True, timeout=30,
    )  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_the_web_healthcheck_passes_on_production_settings_and_fails_without_the_database():
    """Production as deployed: a real host name in ALLOWED_HOSTS, the HTTPS redirect on. The
    check must not be refused as a foreign host nor redirected to HTTPS, and must fail when
    /sante/ does."""
    from django.db import connection

    database = connection.settings_dict
    production = {
        "CERTIFUP_ENV": "production",
        "SECRET_KEY": "k" * 20 + "-a-long-random-production-secret-key-0123456789",
        "ALLOWED_HOSTS": "inscriptions.example.org,.example.org",
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
        f"{database['NAME']}",
        "GUNICORN_ACCESS_LOG": "",
        "SECURE_SSL_REDIRECT": "true",
    }
    # A running beat and worker: each watched periodic task has just completed (the watch rows
    # restored from the migrated database date from the start of the test run).
    for name in PeriodicRun.objects.values_list("name", flat=True):
        periodic_run_record(name=name, now=timezone.now())
    with production_gunicorn(production) as port:
        passed = healthcheck(port, **production)
    assert passed.returncode == 0, passed.stdout

    without_database = {**production, "DATABASE_URL": production["DATABASE_URL"] + "_absent"}
    with production_gunicorn(without_database) as port:
        failed = healthcheck(port, **without_database)
    assert failed.returncode == 1
    assert failed.stdout.startswith("/sante/: 503 base de données injoignable")
