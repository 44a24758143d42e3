"""Requests per second of the public verification page under a real WSGI server.

``manage.py bench`` starts gunicorn on a free port of 127.0.0.1 with ``config.settings.bench``
and the database the bench itself uses: ``2 × cores + 1`` workers of the ``gthread`` class with
one thread each (the sync class closes every connection, gthread keeps them alive; a second
thread per worker lowered the verification rate by a seventh here). A small asyncio HTTP/1.1
client in this process drives it (``connections`` kept-alive connections, one request at a
time on each). Two targets, each for ``seconds`` after an untimed warm-up: ``/verifier/<code>/``
over real verification codes of the dataset, each measured request a code not asked before (a
QR code's first scan: the page cache never serves it), and a bare view of the same server (same middleware, no template, no database).
The ratio of the two says what the page itself costs. The client shares the machine's cores
with the server: at several thousand requests per second it takes a good part of a core, so the
bare figure is a floor and the ratio a ceiling.

The verification's limits (per client and overall, by code and by number) are raised for the
server through their environment variables (``throttle_environment``); they still count. The server's process group is stopped in every case: at the end
of the ``with`` block, on an error, on Ctrl-C, on SIGTERM, and at exit as a last resort.
"""

import asyncio
import atexit
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection

from forprev.certificates.models import Certificate

from . import Figure

BARE_PATH = "/mesure/vide/"
THROTTLE_LIMIT = 1_000_000_000
THROTTLE_SETTINGS = (
    "FORPREV_VERIFY_PER_MINUTE",
    "FORPREV_VERIFY_GLOBAL_PER_MINUTE",
    "FORPREV_VERIFY_NUMBER_PER_MINUTE",
    "FORPREV_VERIFY_NUMBER_GLOBAL_PER_MINUTE",
)
START_TIMEOUT = 60.0
STOP_TIMEOUT = 10.0
REQUEST_TIMEOUT = 10.0


def default_workers() -> int:
    return 2 * (os.cpu_count() or 1) + 1


def database_url() -> str:
    """The bench's own database as a ``DATABASE_URL`` for the server's processes."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        name = str(db["NAME"])
        if name == ":memory:" or name.startswith("file:"):
            return "sqlite:///:memory:"  # the tests' database: only the bare view is served
        return f"sqlite:///{Path(name).resolve()}"
    if connection.vendor == "postgresql":
        from urllib.parse import quote

        credentials = quote(db.get("USER") or "", safe="")
        if db.get("PASSWORD"):
            credentials += ":" + quote(db["PASSWORD"], safe="")
        host = db.get("HOST") or "127.0.0.1"
        port = f":{db['PORT']}" if db.get("PORT") else ""
        return f"postgres://{credentials}@{host}{port}/{quote(db['NAME'], safe='')}"
    raise CommandError(f"Base de données {connection.vendor} non prise en charge par la mesure.")


def throttle_environment() -> dict[str, str]:
    """The verification's limits for the bench server: raised (unless set in the environment),
    so that they still count — their cache operations are part of what is measured — but never
    refuse a load driven from one address at thousands of requests per second."""
    return {name: os.environ.get(name) or str(THROTTLE_LIMIT) for name in THROTTLE_SETTINGS}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    log_path: Path
    stopped: bool = field(default=False)

    def log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        """Stop gunicorn and its workers (their process group, which the bench started)."""
        if self.stopped:
            return
        self.stopped = True
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=STOP_TIMEOUT)
            except ProcessLookupError:
                pass
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=STOP_TIMEOUT)
        try:
            os.killpg(self.process.pid, 0)  # workers left behind by a master that died?
        except ProcessLookupError:
            pass
        else:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.log_path.unlink(missing_ok=True)


def _get(url: str) -> int:
    with urllib.request.urlopen(url, timeout=REQUEST_TIMEOUT) as response:  # noqa: S310 - loopback
        response.read()
        return response.status


@contextmanager
def gunicorn_server(*, workers: int, threads: int = 1):
    """A running gunicorn for the bench, stopped whatever happens."""
    port = free_port()
    descriptor, log_name = tempfile.mkstemp(prefix="forprev-bench-gunicorn-", suffix=".log")
    os.close(descriptor)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.bench",
        "DEBUG": "false",  # not the dev settings' DEBUG=true that this process may carry
        "DATABASE_URL": database_url(),
        **throttle_environment(),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    command = [
        sys.executable, "-m", "gunicorn", "config.wsgi:application",
        "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers),
        "--worker-class", "gthread", "--threads", str(threads),
        "--keep-alive", "30",
        "--backlog", "2048",
        "--log-level", "warning",
        "--error-logfile", log_name,
        "--chdir", str(settings.BASE_DIR),
    ]  # fmt: skip
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        command,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: stopped as a whole
    )
    server = Server(process=process, port=port, log_path=Path(log_name))
    atexit.register(server.stop)
    previous_handler = None
    if _in_main_thread():
        previous_handler = signal.signal(signal.SIGTERM, _raise_exit)
    try:
        _wait_until_ready(server)
        yield server
    finally:
        server.stop()
        atexit.unregister(server.stop)
        if previous_handler is not None:
            signal.signal(signal.SIGTERM, previous_handler)


def _in_main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


def _raise_exit(signum, frame):
    raise SystemExit(128 + signum)


def _wait_until_ready(server: Server) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    url = f"http://127.0.0.1:{server.port}{BARE_PATH}"
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise CommandError(f"gunicorn s'est arrêté au démarrage :\n{server.log_tail()}")
        try:
            if _get(url) == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise CommandError(f"gunicorn ne répond pas après {START_TIMEOUT:.0f} s :\n{server.log_tail()}")


# --- The load generator -------------------------------------------------------------------------


@dataclass
class Load:
    requests: int = 0
    errors: int = 0
    statuses: dict = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


async def _connection(port: int, paths: list[str], start: int, deadline: float, load: Load):
    """One kept-alive connection sending one request at a time until ``deadline``."""
    reader = writer = None
    index = start
    try:
        while time.perf_counter() < deadline:
            if writer is None:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
            path = paths[index % len(paths)]
            index += 1
            writer.write(
                f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: forprev-bench\r\n\r\n".encode()
            )
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), REQUEST_TIMEOUT)
            status = int(head[9:12])
            headers = head.decode("latin-1").lower()
            length = 0
            for line in headers.split("\r\n"):
                if line.startswith("content-length:"):
                    length = int(line.split(":", 1)[1])
            if length:
                await asyncio.wait_for(reader.readexactly(length), REQUEST_TIMEOUT)
            load.requests += 1
            load.statuses[status] = load.statuses.get(status, 0) + 1
            if status != 200:
                load.errors += 1
            if "connection: close" in headers:
                writer.close()
                reader = writer = None
    except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError):
        load.errors += 1
    finally:
        if writer is not None:
            writer.close()


async def _drive(port: int, paths: list[str], *, connections: int, seconds: float) -> Load:
    load = Load()
    started = time.perf_counter()
    deadline = started + seconds
    await asyncio.gather(
        *(
            _connection(port, paths, n * max(1, len(paths) // connections), deadline, load)
            for n in range(connections)
        )
    )
    load.seconds = time.perf_counter() - started
    return load


def drive(port: int, paths: list[str], *, connections: int, seconds: float) -> Load:
    return asyncio.run(_drive(port, paths, connections=connections, seconds=seconds))


def verification_paths(count: int, seed: int = 2026) -> list[str]:
    """Verification pages of ``count`` distinct certificates spread over the whole dataset (fewer
    when the dataset has fewer)."""
    rng = random.Random(f"forprev-bench/verification/{seed}")
    top = Certificate.objects.order_by("-pk").values_list("pk", flat=True).first()
    if top is None:
        raise CommandError("Aucun certificat dans la base : jeu de données incomplet.")
    picks = sorted({rng.randint(1, top) for _ in range(count * 2)})
    codes = []
    for start in range(0, len(picks), 900):
        codes += Certificate.objects.filter(pk__in=picks[start : start + 900]).values_list(
            "verification_code", flat=True
        )
    rng.shuffle(codes)
    return [f"/verifier/{code}/" for code in codes[:count]]


def repeated_share(load: Load, distinct: int) -> float:
    """Share of the requests that asked for a code already asked in the same load (the rest are
    first scans, which the page cache cannot serve), counted over the whole load: a lower bound
    when one connection outruns its slice while the others have codes left (at scale 1 each
    connection has about three times the codes it asks for)."""
    return max(0, load.requests - distinct) / load.requests if load.requests else 0.0


def measure_target(port, paths, *, name, connections, seconds, warmup) -> Load:
    if warmup > 0:
        drive(port, paths, connections=connections, seconds=warmup)
    load = drive(port, paths, connections=connections, seconds=seconds)
    if load.errors or not load.requests:
        raise CommandError(
            f"Mesure « {name} » : {load.errors} erreurs sur {load.requests} requêtes "
            f"(réponses {load.statuses})."
        )
    return load


def server_figures(
    *,
    seconds: float,
    connections: int,
    workers: int | None = None,
    codes: int = 80_000,
    warmup: float = 2.0,
    with_verification: bool = True,
) -> list[Figure]:
    """The bare view, then the verification page over ``codes`` distinct certificates: the
    warm-up over a tenth of them, the measure over the others, each connection on its own
    slice, so that every measured request is a certificate's first scan (served by the
    database, not the page cache) until the slices run out (``server_verify_repeated_share``
    says how many were not)."""
    workers = workers or default_workers()
    paths = verification_paths(codes) if with_verification else []
    warm_paths, measured_paths = paths[: len(paths) // 10], paths[len(paths) // 10 :]
    figures = [Figure("server_workers", workers, "processes")]
    with gunicorn_server(workers=workers) as server:
        bare = measure_target(
            server.port, [BARE_PATH], name="bare", connections=connections,
            seconds=seconds, warmup=warmup,
        )  # fmt: skip
        figures.append(Figure("server_bare_rps", bare.rate, "per_s"))
        if with_verification:
            drive(server.port, warm_paths, connections=connections, seconds=warmup)
            verify = measure_target(
                server.port, measured_paths, name="verify", connections=connections,
                seconds=seconds, warmup=0,
            )  # fmt: skip
            figures.append(Figure("server_verify_rps", verify.rate, "per_s"))
            figures.append(Figure("server_verify_bare_ratio", verify.rate / bare.rate, "ratio"))
            figures.append(Figure("server_verify_codes", len(measured_paths), "rows"))
            figures.append(
                Figure(
                    "server_verify_repeated_share",
                    repeated_share(verify, len(measured_paths)),
                    "ratio",
                )
            )
    return figures
