#!/usr/bin/env python3
"""Per-query latency by running one process per query.

usage: latency_loop.py BATCH.jsonl OUT.json -- COMMAND [ARG...]

For every `{"id":…,"query":…}` line of BATCH.jsonl, runs COMMAND with the
query appended as its last argument (stdout and stderr discarded) and times
it with time.perf_counter. Writes p50/p95/p99/mean in milliseconds
(nearest-rank percentiles) to OUT.json. Standard library only.
"""
import json
import math
import subprocess
import sys
import time


def pct(v, p):
    return v[max(1, math.ceil(p / 100 * len(v))) - 1]


def main():
    if len(sys.argv) < 5 or sys.argv[3] != "--":
        print(__doc__, file=sys.stderr)
        return 2
    batch, out, cmd = sys.argv[1], sys.argv[2], sys.argv[4:]
    with open(batch, encoding="utf-8") as f:
        queries = [json.loads(l)["query"] for l in f if l.strip()]
    times, failures = [], 0
    for q in queries:
        t0 = time.perf_counter()
        rc = subprocess.run(cmd + [q], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
        times.append((time.perf_counter() - t0) * 1000)
        failures += rc not in (0, 1)  # 1 = nothing found
    times.sort()
    res = {"queries": len(times), "errors": failures,
           "p50_ms": round(pct(times, 50), 3), "p95_ms": round(pct(times, 95), 3),
           "p99_ms": round(pct(times, 99), 3), "mean_ms": round(sum(times) / len(times), 3)}
    with open(out, "w", encoding="utf-8") as f:
        json.dump(res, f)
    print(json.dumps(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
