"""gunicorn and nginx on loopback, started and stopped by the runner."""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.client import Connection

GUNICORN = str(Path(sys.executable).parent / "gunicorn")
ROOT = Path(__file__).resolve().parent.parent


class Process:
    def __init__(self, args: list[str], env: dict, log: Path) -> None:
        self.log = log.open("wb")
        self.popen = subprocess.Popen(
            args, env=env, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT
        )

    def stop(self) -> None:
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()
        self.log.close()


def gunicorn(port: int, env: dict, workdir: Path, workers: int, threads: int) -> Process:
    # The production configuration (keep-alive, timeouts); only the port, the process count and
    # a short backlog are the bench's own, and no access log (one line per request would be
    # measured too).
    args = [
        GUNICORN, "bench.wsgi", "--config", str(ROOT / "gunicorn.conf.py"),
        "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--threads", str(threads),
        "--backlog", "256",
    ]  # fmt: skip
    env = {**env, "GUNICORN_ACCESS_LOG": ""}
    process = Process(args, env, workdir / f"gunicorn-{port}.log")
    wait_until_up(port, process)
    return process


NGINX_CONF = """
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    upstream certifup {{
        {servers}
        keepalive 64;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://certifup;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $remote_addr;
        }}
    }}
}}
"""


def nginx_binary() -> str:
    """Debian's nginx, installed on first use (the only system package the bench needs)."""
    found = shutil.which("nginx") or (
        "/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None
    )
    if found:
        return found
    subprocess.run(["apt-get", "install", "-y", "-q", "nginx-light"], check=True)
    return shutil.which("nginx") or "/usr/sbin/nginx"


def nginx(port: int, upstream_ports: list[int], workdir: Path) -> Process:
    tmp = Path(tempfile.mkdtemp(prefix="nginx-", dir=workdir))
    tmp.chmod(0o755)
    servers = "\n        ".join(f"server 127.0.0.1:{p};" for p in upstream_ports)
    conf = tmp / "nginx.conf"
    conf.write_text(NGINX_CONF.format(tmp=tmp, port=port, servers=servers))
    args = [nginx_binary(), "-p", str(tmp), "-e", str(tmp / "error.log"), "-c", str(conf)]
    process = Process([*args, "-g", "daemon off;"], dict(os.environ), tmp / "stdout.log")
    wait_until_up(port, process)
    return process


def wait_until_up(port: int, process: Process, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.popen.poll() is not None:
            raise RuntimeError(f"process on port {port} exited: see {process.log.name}")
        try:
            status, _, _ = Connection(port).request("GET", "/bench/bare/")
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"nothing answers on 127.0.0.1:{port} after {timeout} s")
