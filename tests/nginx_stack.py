"""Debian's nginx in front of `helpcenter serve` replicas, started for tests in a temp folder.

nginx runs in the foreground with its own prefix, pid file, logs and temp folders, on a free
port, with the configuration rendered from deploy/nginx/ exactly as an operator would.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
RENDER = ROOT / "deploy" / "nginx" / "render.py"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
MIME_TYPES = Path("/etc/nginx/mime.types")

MAIN_CONF = """\
daemon off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
{user}
events {{ worker_connections 256; }}
http {{
    include {mime_types};
    default_type application/octet-stream;
    access_log {tmp}/access.log;
    client_body_temp_path {tmp}/client_body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {tmp}/helpcenter.conf;
}}
"""


def wait_for_port(port: int, proc: subprocess.Popen, what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(f"{what} exited with status {proc.returncode}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"{what} did not open port {port}")
            time.sleep(0.05)


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


class Nginx:
    """``with Nginx(tmp, port, site_root, replicas) as url:`` nginx answering at ``url``."""

    def __init__(self, tmp: Path, port: int, site_root: Path, replicas: list[str]):
        self.tmp, self.port = Path(tmp), port
        self.site_root, self.replicas = site_root, replicas
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> str:
        if not Path(NGINX).exists():
            raise RuntimeError(f"nginx not found at {NGINX}: run `make test`, which installs it")
        self.tmp.mkdir(parents=True, exist_ok=True)
        args = [sys.executable, str(RENDER), "--site-root", str(self.site_root), "--listen", f"127.0.0.1:{self.port}"]
        for replica in self.replicas:
            args += ["--replica", replica]
        (self.tmp / "helpcenter.conf").write_text(subprocess.run(args, check=True, capture_output=True, text=True).stdout)
        # As root, nginx's workers would drop to "nobody", who cannot read pytest's private temp folders.
        user = "user root;" if os.geteuid() == 0 else ""
        conf = self.tmp / "nginx.conf"
        conf.write_text(MAIN_CONF.format(tmp=self.tmp, user=user, mime_types=MIME_TYPES))
        command = [NGINX, "-p", str(self.tmp), "-c", str(conf), "-e", str(self.tmp / "error.log")]
        check = subprocess.run([*command, "-t"], capture_output=True, text=True)
        if check.returncode != 0:
            raise RuntimeError(f"nginx -t refused the configuration:\n{check.stderr}")
        self.proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        wait_for_port(self.port, self.proc, "nginx")
        return f"http://127.0.0.1:{self.port}"

    def __exit__(self, *exc):
        if self.proc is not None:
            stop(self.proc)  # SIGTERM: nginx's fast shutdown, workers included

    def error_log(self) -> str:
        path = self.tmp / "error.log"
        return path.read_text() if path.exists() else ""


def start_replica(out: Path, port: int, log: Path) -> subprocess.Popen:
    """`helpcenter serve` as its own process, as it runs in production (SQLite in ``out``)."""
    env = {k: v for k, v in os.environ.items() if k != "HELPCENTER_DATABASE_URL"}
    proc = subprocess.Popen(
        # nginx runs on this machine: its X-Forwarded-For is believed, as in the README's setup.
        [sys.executable, "-m", "helpcenter.cli", "serve", "--out", str(out), "--port", str(port),
         "--trusted-proxy", "127.0.0.1"],
        cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
    )
    wait_for_port(port, proc, f"replica on port {port}")
    deadline = time.monotonic() + 30
    while httpx.get(f"http://127.0.0.1:{port}/api/health").status_code != 200:
        if time.monotonic() > deadline:
            raise RuntimeError(f"replica on port {port} is not healthy")
        time.sleep(0.1)
    # Its first search opens the index (seconds on a busy machine): done here, not by the tests
    # through nginx, whose clients wait 5 s (httpx) or 2.5 s (the search box).
    httpx.get(f"http://127.0.0.1:{port}/api/search", params={"q": "refund"}, timeout=60).raise_for_status()
    return proc
