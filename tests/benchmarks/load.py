"""Load test: the production stack on loopback under a realistic mix of people.

    python -m tests.benchmarks.load                       # 2 app servers × 2 workers × 4 threads, 60 s
    python -m tests.benchmarks.load --users 60 --seconds 120 --web-concurrency 3 --threads 2
    python -m tests.benchmarks.load --full-scale          # the demo among 140,000 more pages

Starts what the README's "Deploying for many users" describes (PostgreSQL, Redis,
gunicorn app servers, a task worker) with the demo loaded, runs locust headless against
it (tests/benchmarks/locustfile.py: anonymous browsing, signed-in dashboards, growth
pages, lessons, search, a quiz, comments, capture drafts) for a bounded time, then
prints throughput, p50/p95/p99 and errors per request and overall. Not a test: a
measurement. It needs locust (`pip install -r requirements-load.txt`, which
`make load` does) and drops its database when done.

With --full-scale the demo sits among the search benchmark's filler (tests/benchmarks/
filler.py: 100,000 lessons from experience, 20,000 cases, 2,000 courses of 10 lessons,
all indexed and analysed) before the servers start; filling takes several minutes.
"""

import argparse
import csv
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.benchmarks.filler import add_arguments
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
    parser.add_argument(
        "--full-scale",
        action="store_true",
        help="add 140,000 pages of filler to the demo (tests/benchmarks/filler.py)",
    )
    add_arguments(parser)
    return parser.parse_args()


def fill(stack, args):
    """The filler, written by a process with the test settings (no Redis is running
    yet, and bulk writes need no cache) into the stack's database."""
    command = [sys.executable, "-m", "tests.benchmarks.filler", "--database-url", stack.database_url]
    command += ["--lessons", str(args.lessons), "--cases", str(args.cases)]
    command += ["--course-lessons", str(args.course_lessons)]
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    subprocess.run(command, cwd=PROJECT_DIR, env={**env, "PYTHONPATH": str(PROJECT_DIR)}, check=True)


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
    try:
        if args.full_scale:
            fill(stack, args)
        stack.start()
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
        f"{args.users} people, {args.seconds} s measured after {args.warm_up} s of warm-up, "
        f"{'the demo among the filler' if args.full_scale else 'the demo'}\n"
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
