"""Real processes for the drills: the task worker and gunicorn, started as production starts them, on the test database.

A drill's rows must be committed for another process to see them, so every drill that starts one is transactional.
"""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def project_env(**extra: str) -> dict[str, str]:
    """The environment of a project process pointed at the test database (by DATABASE_URL or on the embedded server)."""
    env = {**os.environ, "DJANGO_DEBUG": "false", "DJANGO_HTTPS": "false"}
    env.setdefault("DJANGO_SECRET_KEY", "drill-only")
    name = connection.settings_dict["NAME"]
    if env.get("DATABASE_URL"):
        env["DATABASE_URL"] = urlsplit(env["DATABASE_URL"])._replace(path=f"/{name}").geturl()
    else:
        env["MMIN_DATABASE_NAME"] = name
    for key in ("EMAIL_BACKEND", "EMAIL_HOST", "TASKS_BACKEND"):
        env.pop(key, None)
    return {**env, **extra}


def manage(*args: str, env: dict[str, str] | None = None, **kwargs) -> subprocess.Popen:
    """Start `manage.py <args>` as a separate process."""
    return subprocess.Popen(  # noqa: S603 -- this interpreter, running the project's manage.py
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env or project_env(), **kwargs
    )


def run_worker_batch(env: dict[str, str] | None = None) -> None:
    """One `manage.py db_worker --batch` process: runs every due task, then exits."""
    worker = manage("db_worker", "--batch", "--no-reload", "--no-startup-delay", env=env, stderr=subprocess.PIPE)
    _, errors = worker.communicate(timeout=60)
    assert worker.returncode == 0, errors.decode()


def wait_for(condition, *, timeout: float = 20, what: str = "condition"):
    """Poll `condition` until it returns something true; fail the drill rather than hang."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := condition():
            return result
        time.sleep(0.05)
    raise AssertionError(f"gave up waiting for {what} after {timeout} s")
