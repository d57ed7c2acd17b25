"""Signed-in users hammering pages of a server on loopback, one thread each (standard library only).

Each line of `sessions` is "<path> <cookie>": a virtual user who asks for that path again and again
with that session cookie, over one keep-alive connection, until `seconds` pass. An error is any
answer but 200 (a redirect to the sign-in page included) or a failed connection.
"""

from __future__ import annotations

import http.client
import statistics
import threading
import time
from collections import defaultdict


def gunicorn_command(python: str, port: int, root, *, keep_alive: int | None = None) -> list[str]:
    """The server every load run measures: gunicorn, 3 workers x 4 threads, on loopback."""
    command = [python, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", "3", "--threads", "4", "--worker-class", "gthread"]
    if keep_alive is not None:
        command += ["--keep-alive", str(keep_alive)]
    return command + ["--log-level", "warning", "--chdir", str(root)]


def wait_until_up(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status < 500:
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"The server on port {port} did not start within {timeout} s")


def _percentile(values, fraction):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def run(*, port: int, sessions: list[str], seconds: int) -> dict:
    results: list[tuple[str, float, bool]] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds
    start = threading.Barrier(len(sessions))

    def user(line: str):
        path, cookie = line.split(" ", 1)
        mine = []
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        start.wait()
        while time.monotonic() < stop_at:
            began = time.perf_counter()
            ok = False
            try:
                conn.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            mine.append((path, (time.perf_counter() - began) * 1000, ok))
        conn.close()
        with lock:
            results.extend(mine)

    threads = [threading.Thread(target=user, args=(line,)) for line in sessions]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    times = [ms for _, ms, _ in results]
    by_path = defaultdict(list)
    for path, ms, ok in results:
        by_path[path].append((ms, ok))
    return {
        "users": len(sessions),
        "seconds": seconds,
        "requests": len(results),
        "errors": sum(1 for *_, ok in results if not ok),
        "rate": len(results) / elapsed if elapsed else 0,
        "median_ms": statistics.median(times) if times else None,
        "p95_ms": _percentile(times, 0.95),
        "p99_ms": _percentile(times, 0.99),
        "by_path": {
            path: {
                "requests": len(rows),
                "errors": sum(1 for _, ok in rows if not ok),
                "median_ms": statistics.median([ms for ms, _ in rows]),
                "p95_ms": _percentile([ms for ms, _ in rows], 0.95),
            }
            for path, rows in by_path.items()
        },
    }
