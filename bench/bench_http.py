"""Benchmark: the HTTP service on loopback with the shipped rule base — requests/s and p50 / p99 latency
of POST /api/v1/prescriptions (each answer stored in a SQLite register) at 1 and 8 concurrent clients,
the library's own prescribe() time for the same profiles, and the server's resident memory over a long
run with reloads in between.

    python bench/bench_http.py [--requests 2000] [--soak 0] [--reload-every 5000]

Only 127.0.0.1: a ``prescriber serve`` child process on a free port, bounded request counts.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from http_support import start_server  # noqa: E402

import prescriber  # noqa: E402

PROFILES = [p.read_bytes() for p in sorted(ROOT.glob("examples/*.yaml"))]
HEADERS = {"content-type": "application/yaml", "authorization": "Bearer bench"}


def load(base: str, clients: int, total: int) -> tuple[float, list[float]]:
    """``total`` requests from ``clients`` threads; returns the seconds and every latency."""
    latencies: list[float] = []
    lock = threading.Lock()
    per = total // clients

    def run(n: int) -> None:
        mine = []
        with httpx.Client(base_url=base, timeout=30) as c:
            for i in range(per):
                t = time.perf_counter()
                r = c.post(
                    "/api/v1/prescriptions?as_of=2026-06-01",
                    content=PROFILES[(n + i) % len(PROFILES)],
                    headers=HEADERS,
                )
                mine.append(time.perf_counter() - t)
                assert r.status_code == 200, r.text
        with lock:
            latencies.extend(mine)

    start = time.perf_counter()
    threads = [threading.Thread(target=run, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - start, latencies


def library_time(n: int = 2000) -> float:
    """Seconds per prescribe() in this process on the same profiles (parsing included)."""
    with prescriber.load() as rx:
        docs = [b.decode() for b in PROFILES]
        start = time.perf_counter()
        for i in range(n):
            rx.prescribe(prescriber.yamlsrc.loads(docs[i % len(docs)], "<body>"), as_of="2026-06-01")
        return (time.perf_counter() - start) / n


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def soak(base: str, pid: int, total: int, reload_every: int, report_every: int = 10_000) -> None:
    """``total`` requests from 8 clients, a reload after every ``reload_every``; RSS at each report."""
    start_rss, done, begun = rss_mb(pid), 0, time.perf_counter()
    print(f"soak: {total:,} requests, a reload every {reload_every:,}; RSS after warm-up {start_rss:.1f} MB")
    print("| requests | reloads | elapsed s | requests/s | RSS MB |\n|---:|---:|---:|---:|---:|", flush=True)
    reloads = 0
    while done < total:
        step = min(reload_every, total - done)
        load(base, 8, step)
        done += step
        r = httpx.post(base + "/api/v1/rulebase/reload", headers=HEADERS, timeout=120)
        assert r.status_code == 200, r.text
        reloads += 1
        if done % report_every == 0 or done == total:
            seconds = time.perf_counter() - begun
            print(
                f"| {done:,} | {reloads} | {seconds:.0f} | {done / seconds:.0f} | {rss_mb(pid):.1f} |",
                flush=True,
            )
    print(f"RSS after warm-up {start_rss:.1f} MB, at the end {rss_mb(pid):.1f} MB", flush=True)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=2000, help="requests per concurrency level")
    ap.add_argument(
        "--soak", type=int, default=0, help="requests of the memory run (e.g. 100000); 0 skips it"
    )
    ap.add_argument("--reload-every", type=int, default=5000)
    args = ap.parse_args()
    per_call = library_time()
    with tempfile.TemporaryDirectory() as tmp:
        proc, base = start_server(
            f"sqlite:///{tmp}/r.db", "--no-watch", env={"PRESCRIBER_API_TOKEN": "bench"}
        )
        try:
            load(base, 1, 200)  # warm up
            for clients in (1, 8):
                seconds, lat = load(base, clients, args.requests)
                q = statistics.quantiles(lat, n=100)
                print(
                    f"{clients} client(s): {len(lat) / seconds:,.0f} requests/s, p50 {q[49] * 1000:.1f} ms, "
                    f"p99 {q[98] * 1000:.1f} ms ({len(lat):,} requests)"
                )
                if clients == 1:
                    print(
                        f"  library prescribe() {per_call * 1000:.2f} ms = "
                        f"{per_call / q[49]:.0%} of a request's p50"
                    )
            if args.soak:
                soak(base, proc.pid, args.soak, args.reload_every)
        finally:
            proc.terminate()
            proc.wait(10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
