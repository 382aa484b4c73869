"""The embedded PostgreSQL server, driven through real processes on a throwaway data directory.

Each process here imports mmin.embedded_db on its own, as runserver, the task worker and pytest
do. No test asks for `db`, so pytest-django keeps them away from the Django test database.
"""

import json
import os
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import psutil
import psycopg2
import pytest

from mmin import embedded_db

ROOT = Path(__file__).resolve().parents[2]

# Joins (or starts) the server, reports the database URL and the postmaster's pid, then
# holds its handle until the test closes its stdin or signals it.
HOLDER = """
import sys
from pathlib import Path
from mmin import embedded_db

pgdata = Path(sys.argv[1])
url = embedded_db.database_url(pgdata)
print(url, embedded_db.get_server(pgdata).get_pid(), flush=True)
sys.stdin.read()
"""


@dataclass
class Holder:
    process: subprocess.Popen
    url: str
    postmaster_pid: int

    @property
    def pid(self) -> int:
        return self.process.pid

    def leave(self) -> int:
        """Let the process end normally, running its exit handlers."""
        self.process.stdin.close()
        return self.process.wait(timeout=20)

    def kill(self) -> None:
        """End the process with SIGKILL: no exit handler runs."""
        self.process.kill()
        self.process.wait(timeout=20)


def python(script: str, *args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 -- this interpreter, running the tests' own scripts
        [sys.executable, "-c", script, *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        text=True,
        **kwargs,
    )


def first_line(process: subprocess.Popen, timeout: float = 30) -> str:
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        ready = selector.select(timeout)
    line = process.stdout.readline() if ready else ""
    if not line:
        process.kill()
        raise AssertionError(f"process gave no answer:\n{process.stderr.read()}")
    return line


def postmasters(folder: Path) -> list[psutil.Process]:
    """Live postgres processes started on a data directory inside `folder`."""
    found = []
    for process in psutil.process_iter(["name", "cmdline", "status"]):
        if process.info["name"] != "postgres" or process.info["status"] == psutil.STATUS_ZOMBIE:
            continue
        if any(str(folder) in argument for argument in process.info["cmdline"] or []):
            found.append(process)
    return found


def registered_pids(pgdata: Path) -> list[int]:
    return json.loads((pgdata / ".handle_pids.json").read_text())


def is_running(pgdata: Path) -> bool:
    return (pgdata / "postmaster.pid").exists() or bool(postmasters(pgdata))


@pytest.fixture
def pgdata():
    # Not tmp_path: as root the library opens every parent folder of the data directory to
    # other users (o+rx); a folder straight under /tmp has no parent that needs changing.
    folder = Path(tempfile.mkdtemp(prefix="mmin-embedded-"))
    yield folder / "pgdata"
    for process in postmasters(folder):
        for member in [*process.children(recursive=True), process]:
            member.kill()
        psutil.wait_procs([process], timeout=5)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def start(pgdata):
    """Start processes that hold the server on `pgdata` together; return them once all have joined."""
    started = []

    def start(count: int = 1) -> list[Holder]:
        processes = [
            python(HOLDER, str(pgdata), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for _ in range(count)
        ]
        started.extend(processes)
        holders = []
        for process in processes:
            url, postmaster_pid = first_line(process).split()
            holders.append(Holder(process, url, int(postmaster_pid)))
        return holders

    yield start
    for process in started:
        if process.poll() is None:
            process.stdin.close()  # leave normally, so the last one stops the server
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def test_first_process_starts_the_server_and_creates_the_database(start, pgdata):
    (holder,) = start()
    connection = psycopg2.connect(holder.url)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_database(), 1")
            assert cursor.fetchone() == ("mmin", 1)
    finally:
        connection.close()
    assert registered_pids(pgdata) == [holder.pid]


def test_second_process_joins_the_running_server(start, pgdata):
    first, second = start(2)
    assert second.postmaster_pid == first.postmaster_pid
    assert sorted(registered_pids(pgdata)) == sorted([first.pid, second.pid])


def test_server_stops_when_the_last_process_exits(start, pgdata):
    first, second = start(2)
    assert first.leave() == 0
    assert psutil.pid_exists(second.postmaster_pid)
    assert registered_pids(pgdata) == [second.pid]

    assert second.leave() == 0
    assert not is_running(pgdata)


def test_prune_dead_pids_forgets_a_killed_process(start, pgdata):
    survivor, victim = start(2)
    victim.kill()
    assert victim.pid in registered_pids(pgdata)

    assert embedded_db.prune_dead_pids(pgdata) == [survivor.pid]
    assert registered_pids(pgdata) == [survivor.pid]


def test_killed_process_does_not_keep_the_server_running(start, pgdata):
    founder, survivor = start(2)
    founder.kill()

    assert survivor.leave() == 0
    assert not is_running(pgdata)


def test_process_joining_after_a_killed_one_stops_the_server_when_it_leaves(start, pgdata):
    (victim,) = start()
    victim.kill()
    assert is_running(pgdata)  # nobody was left to stop it

    (newcomer,) = start()
    assert newcomer.postmaster_pid == victim.postmaster_pid
    assert registered_pids(pgdata) == [newcomer.pid]
    assert newcomer.leave() == 0
    assert not is_running(pgdata)


def test_sigterm_runs_the_exit_handlers(start, pgdata):
    (holder,) = start()
    holder.process.send_signal(signal.SIGTERM)
    assert holder.process.wait(timeout=20) == 128 + signal.SIGTERM
    assert not is_running(pgdata)


def test_a_process_with_its_own_sigterm_handler_keeps_it(pgdata):
    script = """
import signal, sys
from pathlib import Path

def graceful(signum, frame):
    pass

signal.signal(signal.SIGTERM, graceful)
from mmin import embedded_db
embedded_db.get_server(Path(sys.argv[1]))
print(signal.getsignal(signal.SIGTERM) is graceful)
"""
    process = python(script, str(pgdata), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = process.communicate(timeout=30)
    assert (process.returncode, out.strip()) == (0, "True"), err
    assert not is_running(pgdata)


def test_a_process_may_reach_the_server_first_from_another_thread(pgdata):
    script = """
import sys, threading
from pathlib import Path
from mmin import embedded_db

urls = []
thread = threading.Thread(target=lambda: urls.append(embedded_db.database_url(Path(sys.argv[1]))))
thread.start()
thread.join()
print(len(urls))
"""
    process = python(script, str(pgdata), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = process.communicate(timeout=30)
    assert (process.returncode, out.strip()) == (0, "1"), err
    assert not is_running(pgdata)


def test_processes_starting_together_share_one_server_and_database(start, pgdata):
    holders = start(4)
    assert {holder.postmaster_pid for holder in holders} == {holders[0].postmaster_pid}
    assert {holder.url for holder in holders} == {holders[0].url}
    for holder in holders:
        assert holder.leave() == 0
    assert not is_running(pgdata)
