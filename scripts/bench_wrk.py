"""Load driven by Debian's `wrk` (issue 25, ADR 70): signed-in users against gunicorn on loopback.

    python scripts/bench_wrk.py --size 100000 --label after
    python scripts/bench_wrk.py --size 100000 --label before --root /work/wt-before

Signs users of the size's benchmark database in (Django sessions, made here), starts gunicorn
(3 workers x 4 threads, connections kept 30 s, and that checkout's gunicorn.conf.py when it has
one, ADR 78) on the code in --root (this checkout by default, or an older checkout to
compare with), and runs two loads against it:

  * stress: 50 connections on 2 threads for 30 s, back to back requests, rotating the users'
    pages (the social workers' and chairs' work lists, the manager dashboard);
  * people: 300 connections for 120 s, each a member of staff opening a work list, a child, a
    plan or the dashboard every 10 s on average (a random 5-15 s pause after each answer), so
    about 30 requests a second arriving independently.

wrk counts latency itself (from writing the request to the end of the answer; the pause is not
included); the Lua script counts every answer other than 200 as an error (a redirect to the
sign-in page included). wrk's own CPU (user + system, from the kernel's accounting of the child
process) is reported as a share of the machine's cores over the run, and gunicorn's likewise.
The results are kept in docs/performance-load.json under the label and written into
docs/performance.md by bench_report.write_load_section.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_load import gunicorn_command, wait_until_up

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "docs" / "performance-load.json"

LUA = r"""
-- Signed-in sessions, rotating pages; each answer other than 200 is an error (issue 25).
local counter = 1
local threads = {}

setup = function(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

init = function(args)
  entries = {}
  for line in io.lines(args[1]) do
    local path, cookie = line:match("^(%S+) (.+)$")
    table.insert(entries, {path = path, cookie = cookie})
  end
  pause_low = tonumber(args[2] or "0")
  pause_high = tonumber(args[3] or "0")
  next_entry = id
  errors = 0
  answers = 0
  math.randomseed(id * 7919 + os.time())
end

request = function()
  local entry = entries[(next_entry % #entries) + 1]
  next_entry = next_entry + 1
  return wrk.format("GET", entry.path, {["Cookie"] = entry.cookie, ["Host"] = "127.0.0.1"})
end

if tonumber(os.getenv("WRK_PAUSE") or "0") > 0 then
  delay = function()
    return math.random(pause_low, pause_high)
  end
end

response = function(status, headers, body)
  answers = answers + 1
  if status ~= 200 then
    errors = errors + 1
  end
end

done = function(summary, latency, requests)
  local errors_total, answers_total = 0, 0
  for _, thread in ipairs(threads) do
    errors_total = errors_total + thread:get("errors")
    answers_total = answers_total + thread:get("answers")
  end
  local e = summary.errors
  io.write(string.format(
    'WRK-RESULT {"requests": %d, "duration_us": %d, "not_200": %d, "answers": %d, ' ..
    '"connect": %d, "read": %d, "write": %d, "timeout": %d, "status": %d, ' ..
    '"p50_ms": %.1f, "p95_ms": %.1f, "p99_ms": %.1f, "mean_ms": %.1f, "max_ms": %.1f}\n',
    summary.requests, summary.duration, errors_total, answers_total,
    e.connect, e.read, e.write, e.timeout, e.status,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.mean / 1000, latency.max / 1000))
end
"""


def parse(output: str) -> dict:
    """The result line the Lua script's done() writes."""
    match = re.search(r"^WRK-RESULT (\{.*\})$", output, re.MULTILINE)
    if not match:
        raise RuntimeError(f"wrk wrote no result:\n{output}")
    result = json.loads(match.group(1))
    seconds = result["duration_us"] / 1e6
    result["seconds"] = seconds
    result["rate"] = result["requests"] / seconds if seconds else 0.0
    result["errors"] = (
        result["not_200"] + result["connect"] + result["read"] + result["write"] + result["timeout"]
    )
    return result


def run_wrk(
    port: int,
    sessions: Path,
    *,
    seconds: int,
    connections: int,
    threads: int = 2,
    pause_ms: tuple[int, int] | None = None,
    timeout: int = 10,
) -> dict:
    """One wrk run; its result with wrk's own CPU share of the machine."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA)
    low, high = pause_ms or (0, 0)
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        f"--timeout={timeout}s",
        "-s",
        script.name,
        f"http://127.0.0.1:{port}",
        "--",
        str(sessions),
        str(low),
        str(high),
    ]
    env = {**os.environ, "WRK_PAUSE": "1" if pause_ms else "0"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    try:
        done = subprocess.run(command, capture_output=True, text=True, env=env, check=True)  # noqa: S603  # nosec B603
    finally:
        os.unlink(script.name)
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = parse(done.stdout)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    result.update(
        connections=connections,
        threads=threads,
        pause_ms=list(pause_ms) if pause_ms else None,
        wrk_cpu_seconds=cpu,
        wrk_cpu_share=cpu / (wall * (os.cpu_count() or 1)),
    )
    return result


def _process_cpu_seconds(pids: list[int]) -> float:
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def _children(pid: int) -> list[int]:
    with contextlib.suppress(OSError):
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    return []


@contextlib.contextmanager
def gunicorn(root: Path, port: int, database_url: str):
    """gunicorn (3 workers x 4 threads) on the code in `root`, with that checkout's Python."""
    python = root / ".venv" / "bin" / "python"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DATABASE_CONN_MAX_AGE": "60",
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings.test"),
    }
    # A person pausing 10 s keeps their connection, as a browser behind a proxy would;
    # gunicorn's default of 2 s would close it under them and wrk count a read error.
    server = subprocess.Popen(  # noqa: S603  # nosec B603 - fixed arguments
        gunicorn_command(str(python), port, root, keep_alive=30),
        env=env,
        cwd=root,
    )
    try:
        wait_until_up(port)
        yield server
    finally:
        server.terminate()
        server.wait(timeout=30)


def sessions_for(kind: str, users: int, backend: str | None = None) -> list[str]:
    """'<path> <cookie>' lines: `stress`, the work lists and the dashboard (as the Python load
    script); `people`, work lists, the social workers' children and plans, and the dashboard."""
    from django.conf import settings
    from django.test import Client

    from accounts.models import User
    from plans.models import ChildProtectionPlan, PlanStatus

    def cookie(user) -> str:
        client = Client()
        client.force_login(user, backend=backend)
        return (
            f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        )

    people = {
        code: list(User.objects.filter(roles__code=code).order_by("pk")[:users])
        for code in ("social_worker", "chair", "qa_manager")
    }
    lines = []
    for number in range(users):
        code = ("social_worker", "chair", "qa_manager")[number % 3]
        user = people[code][number % len(people[code])]
        session = cookie(user)
        if code == "qa_manager":
            lines.append(f"/timescales/dashboard/ {session}")
            continue
        lines.append(f"/ {session}")
        if kind == "people" and code == "social_worker":
            plan = (
                ChildProtectionPlan.objects.filter(
                    status=PlanStatus.ACTIVE, child__lead_social_worker=user
                )
                .order_by("pk")
                .first()
            )
            if plan:
                lines.append(f"/children/{plan.child_id}/ {session}")
                lines.append(f"/plans/{plan.pk}/ {session}")
    return lines


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("--label", required=True, help="e.g. before, after")
    parser.add_argument("--root", default=str(ROOT), help="the checkout gunicorn serves")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--stress-seconds", type=int, default=30)
    parser.add_argument("--people-seconds", type=int, default=120)
    parser.add_argument("--warm-up-seconds", type=int, default=10)
    parser.add_argument(
        "--session-backend",
        help="the authentication backend the sessions name, one the served code lists "
        "(before issue 25: django.contrib.auth.backends.ModelBackend)",
    )
    parser.add_argument("--output", default=str(ROOT / "docs" / "performance.md"))
    parser.add_argument("--results", default=str(RESULTS), help="where the runs are kept (JSON)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    base = os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench")
    from bench import database_for

    url = database_for(base, args.size)
    os.environ["DATABASE_URL"] = url
    import django

    django.setup()
    from bench_report import machine, write_load_section

    host = machine()
    runs = {}
    with tempfile.TemporaryDirectory() as folder:
        sessions = {}
        for kind, users in (("stress", 50), ("people", 300)):
            sessions[kind] = Path(folder) / f"{kind}.txt"
            sessions[kind].write_text("\n".join(sessions_for(kind, users, args.session_backend)))
        with gunicorn(Path(args.root), args.port, url) as server:
            pids = [server.pid, *_children(server.pid)]
            # Warm-up, not recorded: each worker imports, parses its templates and connects.
            run_wrk(args.port, sessions["people"], seconds=args.warm_up_seconds, connections=12)
            for kind, connections, seconds, pause in (
                ("stress", 50, args.stress_seconds, None),
                ("people", 300, args.people_seconds, (5000, 15000)),
            ):
                if seconds <= 0:
                    continue
                cpu_before = _process_cpu_seconds(pids)
                started = time.monotonic()
                result = run_wrk(
                    args.port,
                    sessions[kind],
                    seconds=seconds,
                    connections=connections,
                    pause_ms=pause,
                )
                wall = time.monotonic() - started
                result["server_cpu_share"] = (_process_cpu_seconds(pids) - cpu_before) / (
                    wall * (os.cpu_count() or 1)
                )
                print(f"  {kind}: {json.dumps(result)}")
                runs[kind] = result
    record = {
        "label": args.label,
        "size": args.size,
        "root": args.root,
        "commit": subprocess.run(  # noqa: S603  # nosec B603 B607
            ["git", "-C", args.root, "rev-parse", "--short", "HEAD"],  # noqa: S607
            capture_output=True,
            text=True,
        ).stdout.strip(),
        "date": host["Date"],
        "load_average": host["Load average when it started"],
        **runs,
    }
    results = Path(args.results)
    stored = json.loads(results.read_text()) if results.exists() else {}
    stored[args.label] = record
    results.write_text(json.dumps(stored, indent=2) + "\n")
    write_load_section(Path(args.output), stored)


if __name__ == "__main__":
    main()
