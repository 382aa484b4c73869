"""Load test: gunicorn on the 100,000-member database, driven by wrk over 127.0.0.1 (`make load`).

Builds lists of request paths from the database (random public profiles, the searches in
bench/queries.txt, the same searches narrowed by facet filters). Then, for each workload mix and
connection count, starts gunicorn with production-like settings on a free port of 127.0.0.1 (a
fresh server and an empty shared cache per run, so no run inherits cached work), waits until it
answers, runs wrk (bench/load.lua) for a warm-up that is thrown away and for a measured run
bounded in time and requests, and stops gunicorn (also on failure, Ctrl-C and SIGTERM).
Prints a human line per run on stderr and one JSON object on stdout: requests per second,
latency p50/p95/p99, errors (non-2xx responses and socket errors), the requests sent per kind,
and the CPU that gunicorn, PostgreSQL, wrk and the rest of the machine used.

Settings from the environment (defaults in brackets):
  LOAD_MIX          comma-separated mixes to run [mixed,profiles]: mixed (70 % profiles,
                    25 % searches, 5 % filtered searches), profiles, searches, filtered
  LOAD_CONNECTIONS  comma-separated open connections, one run per value [8]
  LOAD_SECONDS      measured seconds per run [30]
  LOAD_WARMUP       warm-up seconds before each run, not counted [60: at the default mix's
                    speed on a fresh site it reaches nearly every path once, so the measured
                    run sees a site that has served its pages before; 0 measures a fresh site]
  LOAD_MAX_REQUESTS upper bound of responses per measured run [20000]
  LOAD_PROFILES     how many random public profiles to request [3000]
  LOAD_SEED         seed of every random choice [1]
  WEB_CONCURRENCY   gunicorn sync workers [3]
"""

import json
import math
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Production-like: no debug, no HTTPS redirect (plain HTTP on 127.0.0.1), persistent connections.
os.environ["DJANGO_DEBUG"] = "false"
os.environ["DJANGO_HTTPS"] = "false"
os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mmin.settings")
os.environ.setdefault("MMIN_DATABASE_NAME", "mmin_scale")

import django  # noqa: E402

django.setup()

import psutil  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.urls import reverse  # noqa: E402

from expertise.models import ExpertiseArea  # noqa: E402
from members.models import Member  # noqa: E402

MIXES = {
    "mixed": {"profiles": 70, "searches": 25, "filtered": 5},
    "profiles": {"profiles": 100},
    "searches": {"searches": 100},
    "filtered": {"filtered": 100},
}
# The targets of the "Production-grade" issue.
TARGETS = {
    "mixed": {"requests_per_second": 150, "p99_ms": 300, "errors": 0},
    "profiles": {"requests_per_second": 200, "errors": 0},
}
QUERIES = Path(__file__).resolve().parent / "queries.txt"
LUA_SCRIPT = Path(__file__).resolve().parent / "load.lua"
FILTERED_SEARCHES = 500
READY_TIMEOUT_SECONDS = 60
REQUEST_TIMEOUT = "30s"  # gunicorn's worker timeout: a slower request is a timeout error, not a latency


class LoadError(Exception):
    """The load test could not run (no wrk, gunicorn did not start, a page does not answer)."""


def setting(name: str, default: str) -> str:
    return os.environ.get(name) or default


def read_queries(path: Path = QUERIES) -> list[str]:
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def search_path(params: list[tuple[str, str | int]]) -> str:
    return f"{reverse('members:list')}?{urlencode(params)}"


def build_paths(folder: Path, *, profiles: int, rng: random.Random) -> dict[str, Path]:
    """Write one file of request paths per kind of request; return {kind: file}."""
    members = Member.objects.public()
    slugs = sorted(members.values_list("slug", flat=True))
    if not slugs:
        raise LoadError("No public members: run `make scale` first.")
    profile_paths = [reverse("members:detail", args=[slug]) for slug in rng.sample(slugs, min(profiles, len(slugs)))]

    queries = read_queries()
    search_paths = [search_path([("q", query)]) for query in queries]

    with_institution = members.exclude(institution=None).order_by()
    institutions = sorted(with_institution.values_list("institution_id", flat=True).distinct())
    areas = sorted(ExpertiseArea.objects.values_list("pk", flat=True))
    facets = {
        "institution": institutions,
        "area": areas,
        "role": Member.Role.values,
        "career_stage": Member.CareerStage.values,
        "open_to": Member.OpenTo.values,
    }
    filtered_paths = []
    for _ in range(FILTERED_SEARCHES):
        params = [("q", rng.choice(queries))]
        for name in rng.sample(sorted(facets), rng.choice((1, 1, 2))):
            params.append((name, rng.choice(facets[name])))
        filtered_paths.append(search_path(params))

    files = {}
    for kind, paths in (("profiles", profile_paths), ("searches", search_paths), ("filtered", filtered_paths)):
        files[kind] = folder / f"{kind}.txt"
        files[kind].write_text("\n".join(paths) + "\n", encoding="utf-8")
    return files


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(port: int, log: Path, cache_dir: Path) -> subprocess.Popen:
    gunicorn = Path(sys.executable).parent / "gunicorn"
    command = [
        str(gunicorn if gunicorn.exists() else shutil.which("gunicorn") or "gunicorn"),
        "mmin.wsgi",
        "--bind", f"127.0.0.1:{port}",
        "--workers", setting("WEB_CONCURRENCY", "3"),
        "--worker-class", "sync",
        "--error-logfile", str(log),
    ]  # fmt: skip
    # A session of its own: Ctrl-C reaches this script, which then stops gunicorn in order.
    # An empty shared cache for every run: no run is served pages that an earlier run (or another
    # checkout's server) rendered, so the figures do not depend on what ran before.
    env = os.environ | {"MMIN_CACHE_DIR": str(cache_dir)}
    return subprocess.Popen(  # noqa: S603 -- our own gunicorn with fixed arguments
        command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, start_new_session=True
    )


def get_status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 -- a URL we built on 127.0.0.1
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def wait_until_ready(server: subprocess.Popen, base_url: str, log: Path) -> float:
    """Poll the home page until it answers; return the seconds it took."""
    start = time.monotonic()
    while time.monotonic() - start < READY_TIMEOUT_SECONDS:
        if server.poll() is not None:
            raise LoadError(f"gunicorn exited with status {server.returncode}:\n{tail(log)}")
        try:
            get_status(base_url + "/")
            return time.monotonic() - start
        except OSError:
            time.sleep(0.2)
    raise LoadError(f"gunicorn did not answer within {READY_TIMEOUT_SECONDS} s:\n{tail(log)}")


def preflight(base_url: str, files: dict[str, Path], log: Path) -> None:
    """One request of each kind must answer 200, or the run would only measure error pages."""
    for kind, file in files.items():
        path = file.read_text(encoding="utf-8").split("\n", 1)[0]
        status = get_status(base_url + path)
        if status != 200:
            raise LoadError(f"{kind}: GET {path} answered {status}, not 200:\n{tail(log)}")


def stop_gunicorn(server: subprocess.Popen) -> None:
    if server.poll() is not None:
        return
    server.send_signal(signal.SIGTERM)  # graceful: workers finish their request and exit
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def tail(path: Path, lines: int = 20) -> str:
    if not path.exists():
        return ""
    return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


def postmaster() -> psutil.Process | None:
    """The embedded server's main process (None with DATABASE_URL: the server is elsewhere)."""
    if os.environ.get("DATABASE_URL"):
        return None
    from mmin.embedded_db import DATA_DIR

    try:
        return psutil.Process(int((DATA_DIR / "postmaster.pid").read_text().split()[0]))
    except (OSError, ValueError, psutil.Error):
        return None


def cpu_of(process: psutil.Process) -> float | None:
    try:
        times = process.cpu_times()
    except psutil.Error:
        return None
    return times.user + times.system


def other_database_backends() -> set[int]:
    """Backends of the server that serve another database (a test run sharing the embedded server)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname <> current_database()")
        return {pid for (pid,) in cursor.fetchall()}


class CpuMeter:
    """CPU seconds used during a run by gunicorn (master and workers), PostgreSQL, wrk and the rest.

    "postgres" is the embedded server less the backends of other databases, which count as
    "other" with every process outside the three, so a busy machine shows. PostgreSQL starts a
    process per connection and per parallel worker; those that ended during the run appear only
    in the postmaster's children times and count as "postgres".
    """

    def __init__(self, server: subprocess.Popen):
        self.gunicorn = psutil.Process(server.pid)
        self.postmaster = postmaster()

    def _sample(self) -> dict:
        gunicorn = [self.gunicorn, *self.gunicorn.children()]
        backends = self.postmaster.children() if self.postmaster else []
        machine = psutil.cpu_times()
        sample = {
            "gunicorn": sum(filter(None, map(cpu_of, gunicorn))),
            "backends": {process.pid: cpu_of(process) for process in backends},
            "postmaster": 0.0,
            # wrk is the only child of this process that ends during a run.
            "wrk": sum(getattr(os.times(), name) for name in ("children_user", "children_system")),
            "busy": sum(machine) - machine.idle - machine.iowait,
            "wall": time.monotonic(),
            "other_databases": other_database_backends() if self.postmaster else set(),
        }
        if self.postmaster:
            times = self.postmaster.cpu_times()
            sample["postmaster"] = times.user + times.system + times.children_user + times.children_system
        return sample

    def start(self) -> None:
        self.before = self._sample()

    def stop(self) -> dict:
        after = self._sample()
        connection.close()
        before = self.before
        foreign = before["other_databases"] | after["other_databases"]
        postgres = other_databases = 0.0
        for pid, seconds in after["backends"].items():
            used = (seconds or 0.0) - (before["backends"].get(pid) or 0.0)
            if pid in foreign:
                other_databases += used
            else:
                postgres += used
        # The postmaster's children times hold the whole life of every process it reaped meanwhile.
        ended = sum(seconds or 0.0 for pid, seconds in before["backends"].items() if pid not in after["backends"])
        postgres += after["postmaster"] - before["postmaster"] - ended
        parts = {
            "gunicorn": after["gunicorn"] - before["gunicorn"],
            "postgres": postgres,
            "wrk": after["wrk"] - before["wrk"],
        }
        parts["other"] = max(0.0, after["busy"] - before["busy"] - sum(parts.values()))
        return {"wall": after["wall"] - before["wall"], **parts}


def run_wrk(
    url: str, files: dict[str, Path], mix: str, *, connections: int, seconds: int, max_requests: int, seed: int
) -> dict:
    weights = [f"{files[kind]}:{weight}" for kind, weight in MIXES[mix].items()]
    command = [
        "wrk", "--threads", "1", "--connections", str(connections), "--duration", f"{seconds}s",
        "--timeout", REQUEST_TIMEOUT, "--script", str(LUA_SCRIPT), url,
        "--", str(seed), str(max_requests), *weights,
    ]  # fmt: skip
    finished = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603 -- fixed arguments
    for line in finished.stdout.splitlines():
        if line.startswith("LOAD_RESULT "):
            return json.loads(line.removeprefix("LOAD_RESULT "))
    raise LoadError(f"wrk printed no result (exit {finished.returncode}):\n{finished.stdout}\n{finished.stderr}")


def summarise(mix: str, connections: int, raw: dict, cpu_seconds: dict) -> dict:
    seconds = raw["duration_us"] / 1e6
    parts = ("gunicorn", "postgres", "wrk", "other")
    answered = max(raw["requests"], 1)
    socket_errors = sum(raw["socket_errors"].values())
    result = {
        "mix": mix,
        "connections": connections,
        "requests": raw["requests"],
        "seconds": round(seconds, 1),
        "requests_per_second": round(raw["requests"] / seconds, 1),
        "latency_ms": {name: round(raw["latency_us"][name] / 1000, 1) for name in ("p50", "p95", "p99", "max")},
        "errors": raw["non2xx"] + socket_errors,
        "non2xx": raw["non2xx"],
        "socket_errors": raw["socket_errors"],
        "sent_by_kind": raw["sent_by_kind"],
        # 1.0 is one core busy for the whole run; the machine has "cores" of them.
        "cpu_cores_used": {name: round(cpu_seconds[name] / cpu_seconds["wall"], 2) for name in parts}
        | {"cores": psutil.cpu_count()},
        # CPU per answered request: unlike requests per second, hardly moved by other work on the machine.
        "cpu_ms_per_request": {
            name: round(cpu_seconds[name] * 1000 / answered, 1) for name in ("gunicorn", "postgres")
        },
    }
    target = TARGETS.get(mix)
    if target:
        result["target"] = target
        result["target_met"] = (
            result["requests_per_second"] >= target["requests_per_second"]
            and result["latency_ms"]["p99"] <= target.get("p99_ms", math.inf)
            and result["errors"] <= target["errors"]
        )
    return result


def human(result: dict) -> str:
    latency = result["latency_ms"]
    line = (
        f"{result['mix']:>8}, {result['connections']:>2} connections: {result['requests_per_second']:6.1f} req/s, "
        f"p50 {latency['p50']:.0f} ms, p95 {latency['p95']:.0f} ms, p99 {latency['p99']:.0f} ms, "
        f"{result['errors']} errors ({result['requests']} requests in {result['seconds']} s); "
        f"CPU cores: gunicorn {result['cpu_cores_used']['gunicorn']}, postgres {result['cpu_cores_used']['postgres']}, "
        f"wrk {result['cpu_cores_used']['wrk']}, other {result['cpu_cores_used']['other']}; "
        f"CPU ms per request: gunicorn {result['cpu_ms_per_request']['gunicorn']}, "
        f"postgres {result['cpu_ms_per_request']['postgres']}"
    )
    if "target_met" in result:
        line += "; target " + ("met" if result["target_met"] else "NOT met")
    return line


def measure(files: dict[str, Path], folder: Path, mix: str, connections: int, options: dict) -> dict:
    """One run on a gunicorn of its own with an empty cache, so no run inherits another's cached work."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    log = folder / "gunicorn.log"
    log.unlink(missing_ok=True)
    server = start_gunicorn(port, log, cache_dir=Path(tempfile.mkdtemp(prefix="cache-", dir=folder)))
    try:
        startup = wait_until_ready(server, base_url, log)
        preflight(base_url, files, log)

        def load(seconds: int, max_requests: int, seed: int) -> dict:
            return run_wrk(
                base_url, files, mix, connections=connections, seconds=seconds, max_requests=max_requests, seed=seed
            )

        if options["warmup"]:
            # Another seed, so the measured run does not replay the warm-up's requests.
            load(options["warmup"], 0, options["seed"] + 1_000_000)
        meter = CpuMeter(server)
        meter.start()
        raw = load(options["seconds"], options["max_requests"], options["seed"])
        result = summarise(mix, connections, raw, meter.stop())
    finally:
        stop_gunicorn(server)
    result["startup_seconds"] = round(startup, 1)
    return result


def main() -> int:
    if not shutil.which("wrk"):
        print("wrk is missing: `apt-get install wrk` (Debian/Ubuntu) or `make load` as root.", file=sys.stderr)
        return 2
    mixes = [mix.strip() for mix in setting("LOAD_MIX", "mixed,profiles").split(",") if mix.strip()]
    unknown = sorted(set(mixes) - set(MIXES))
    if unknown:
        print(f"Unknown LOAD_MIX {unknown}; choose from {sorted(MIXES)}.", file=sys.stderr)
        return 2
    connection_counts = [int(value) for value in setting("LOAD_CONNECTIONS", "8").split(",")]
    options = {
        "seconds": int(setting("LOAD_SECONDS", "30")),
        "warmup": int(setting("LOAD_WARMUP", "60")),
        "max_requests": int(setting("LOAD_MAX_REQUESTS", "20000")),
        "seed": int(setting("LOAD_SEED", "1")),
    }

    call_command("collectstatic", interactive=False, verbosity=0)
    folder = Path(tempfile.mkdtemp(prefix="mmin-load-"))
    # SIGTERM (kill, a CI timeout) takes the same way out as Ctrl-C: the finally blocks stop gunicorn.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    try:
        files = build_paths(folder, profiles=int(setting("LOAD_PROFILES", "3000")), rng=random.Random(options["seed"]))
        config = {
            "database": connection.settings_dict["NAME"],
            "public_members": Member.objects.public().count(),
            "paths": {kind: len(file.read_text(encoding="utf-8").split()) for kind, file in files.items()},
            "gunicorn_workers": int(setting("WEB_CONCURRENCY", "3")),
            "conn_max_age": connection.settings_dict["CONN_MAX_AGE"],
            **options,
        }
        connection.close()
        # Other work on the machine skews every figure: say how busy it was before the first run.
        config["machine_busy_percent_before"] = psutil.cpu_percent(interval=2)
        runs = []
        for mix in mixes:
            for connections in connection_counts:
                runs.append(measure(files, folder, mix, connections, options))
                print(human(runs[-1]), file=sys.stderr, flush=True)
    except LoadError as error:
        print(f"load test failed: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("load test interrupted", file=sys.stderr)
        return 130
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(json.dumps({"config": config, "runs": runs}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
