"""Load test: the production stack on loopback under a realistic mix of people.

    python -m tests.benchmarks.load                       # 2 app servers × 2 workers × 4 threads, 60 s
    python -m tests.benchmarks.load --users 60 --seconds 120 --web-concurrency 3 --threads 2

Starts what the README's "Deploying for many users" describes (PostgreSQL, Redis,
gunicorn app servers, a task worker) with the demo loaded, runs locust headless against
it (tests/benchmarks/locustfile.py: anonymous browsing, signed-in dashboards, growth
pages, lessons, search, a quiz, comments, capture drafts) for a bounded time, then
prints throughput, p50/p95/p99 and errors per request and overall. Not a test: a
measurement. It needs locust (`pip install -r requirements-load.txt`, which
`make load` does) and drops its database when done.
"""

import argparse
import csv
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.production.stack import PROJECT_DIR, Stack


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=40, help="simultaneous people (default 40)")
    parser.add_argument("--spawn-rate", type=float, default=10, help="people started per second")
    parser.add_argument("--seconds", type=int, default=60, help="how long to measure (default 60)")
    parser.add_argument(
        "--warm-up",
        type=int,
        default=0,
        help="seconds of load before measuring, while everyone signs in (each sign-in costs about a second "
        "of CPU in password hashing)",
    )
    parser.add_argument("--app-servers", type=int, default=2)
    parser.add_argument("--web-concurrency", type=int, default=2, help="gunicorn workers per app server")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--database", default="academy_load", help="throwaway database on the machine's PostgreSQL")
    return parser.parse_args()


def main():
    args = parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="academy-load-"))
    stack = Stack(
        workdir,
        database=args.database,
        app_servers=args.app_servers,
        web_concurrency=args.web_concurrency,
        threads=args.threads,
    )
    print(f"preparing the stack in {workdir} …", flush=True)
    stack.prepare()
    stack.start()
    try:
        prefix = workdir / "locust"
        command = [
            sys.executable,
            "-m",
            "locust",
            "-f",
            "tests/benchmarks/locustfile.py",
            "--headless",
            "--users",
            str(args.users),
            "--spawn-rate",
            str(args.spawn_rate),
            "--run-time",
            f"{args.warm_up + args.seconds}s",
            "--stop-timeout",
            "10",
            "--host",
            stack.urls[0].replace("http://", "https://"),
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ]
        env = {**stack.env(), "LOAD_APP_SERVERS": ",".join(stack.urls), "PYTHONPATH": str(PROJECT_DIR)}
        env["LOAD_WARM_UP"] = str(args.warm_up)
        timeout = args.warm_up + args.seconds + 300
        subprocess.run(command, cwd=PROJECT_DIR, env=env, timeout=timeout, check=False)
        report(prefix, args)
    finally:
        stack.shutdown()
        stack.drop_database()
    return 0


def report(prefix, args):
    with open(f"{prefix}_stats.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    print(
        f"\n{args.app_servers} app servers × {args.web_concurrency} workers × {args.threads} threads, "
        f"{args.users} people, {args.seconds} s measured after {args.warm_up} s of warm-up\n"
    )
    header = f"{'request':<34} {'count':>7} {'fails':>6} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6}"
    print(header)
    print("-" * len(header))
    for row in rows:
        name = "TOTAL" if row["Name"] == "Aggregated" else f"{row['Type']} {row['Name']}"[:34]
        print(
            f"{name:<34} {row['Request Count']:>7} {row['Failure Count']:>6} {float(row['Requests/s']):>7.1f} "
            f"{row['50%']:>6} {row['95%']:>6} {row['99%']:>6}"
        )
    print("(times in ms)")


if __name__ == "__main__":
    sys.exit(main())
