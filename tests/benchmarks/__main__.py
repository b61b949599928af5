"""`make bench`: seed content at a given scale, then time the key pages.

For each page: median and p95 server time (in-process through the whole middleware
stack, Django's test client), the SQL query count, and the median as a multiple of a
stock `wagtail start` home page timed the same way, right before and right after that
page (tests/benchmarks/stock.py), the yardstick: every page should stay within 3× of it
at full scale.
/healthz, a trivial view on the same stack, is the floor. Each app adds its pages to
PAGES as it arrives.

    python -m tests.benchmarks --scale 1000 --requests 30
    python -m tests.benchmarks --courses 2000 --lessons-per-course 10
    python -m tests.benchmarks --attempts 2000 --experience-lessons 2000 --cases 2000   # quick
    python -m tests.benchmarks --database-url postgres://postgres@127.0.0.1:5432/academy_bench

The database is a throwaway: by default a fresh SQLite file in a temporary folder.

Each page is also timed at demo scale (a few hundred of everything, DEMO_SCALE) in a
child process on its own fresh SQLite database, and printed beside the requested scale,
so growth with content shows in one run. --no-demo skips it; on PostgreSQL give the
demo run its own throwaway database with --demo-database-url.
"""

import argparse
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=1000, help="people to seed; pages and teams follow from it")
    parser.add_argument("--courses", type=int, help="courses to seed (default: scale / 20)")
    parser.add_argument("--lessons-per-course", type=int, default=5)
    parser.add_argument("--requests", type=int, default=30, help="timed requests per page")
    parser.add_argument(
        "--attempts", type=int, default=100_000, help="stored quiz attempts to seed (default: 100,000)"
    )
    parser.add_argument(
        "--experience-lessons", type=int, default=100_000, help="published lessons from experience (default: 100,000)"
    )
    parser.add_argument("--cases", type=int, default=20_000, help="published cases (default: 20,000)")
    parser.add_argument(
        "--case-comments", type=int, default=200, help="comments on the case the benchmark opens (default: 200)"
    )
    parser.add_argument("--database-url", help="a throwaway database (default: a new SQLite file)")
    parser.add_argument("--no-demo", action="store_true", help="do not time the pages at demo scale beside")
    parser.add_argument("--demo-database-url", help="the demo-scale run's throwaway database (default: SQLite)")
    parser.add_argument("--json", help=argparse.SUPPRESS)  # the demo-scale child writes its rows here
    parser.add_argument("--measure", help=argparse.SUPPRESS)  # the timing child reads what was seeded here
    parser.add_argument("--no-stock", action="store_true", help=argparse.SUPPRESS)  # the demo run has no ratios
    return parser.parse_args()


# Small enough to seed in a minute; the case keeps its comments, so the discussion's
# page size is the same at both scales.
DEMO_SCALE = [
    "--scale", "200", "--courses", "20", "--attempts", "200", "--experience-lessons", "200", "--cases", "200",
]  # fmt: skip


def time_at_demo_scale(args):
    """{page: (median ms, queries)} from a child process at DEMO_SCALE, or None."""
    if args.no_demo or args.json:
        return None
    if args.database_url and not args.database_url.startswith("sqlite") and not args.demo_database_url:
        print("(no demo-scale column: give --demo-database-url for PostgreSQL)\n")
        return None
    out = Path(tempfile.mkdtemp(prefix="academy-bench-demo-")) / "rows.json"
    command = [sys.executable, "-m", "tests.benchmarks", *DEMO_SCALE, "--no-demo", "--json", str(out)]
    command += ["--requests", str(args.requests), "--lessons-per-course", str(args.lessons_per_course)]
    command += ["--case-comments", str(args.case_comments)]
    if args.demo_database_url:
        command += ["--database-url", args.demo_database_url]
    print("timing the pages at demo scale first …", flush=True)
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return {name: tuple(values) for name, values in json.loads(out.read_text(encoding="utf-8")).items()}


def configure(database_url, media_root=None):
    if database_url is None:
        database_url = f"sqlite:///{Path(tempfile.mkdtemp(prefix='academy-bench-')) / 'bench.sqlite3'}"
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    if media_root:
        _share_media(Path(media_root))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    return database_url


def _share_media(media_root):
    """Seeding and timing run in two processes, and the test settings give each process
    a media folder of its own: the timing process would find none of the seeded uploads,
    and every image would be drawn as a missing file and looked up again on each request,
    which a real site never does."""
    from django.conf import settings

    settings.MEDIA_ROOT = media_root
    settings.COURSEWARE_ROOT = media_root / "courseware"
    courseware = settings.STORAGES["courseware"]
    settings.STORAGES = {
        **settings.STORAGES,
        "courseware": {**courseware, "OPTIONS": {**courseware["OPTIONS"], "location": str(settings.COURSEWARE_ROOT)}},
    }


def main():
    args = parse_args()
    if args.measure:
        return measure_seeded(args)
    demo = time_at_demo_scale(args)
    media_root = tempfile.mkdtemp(prefix="academy-bench-media-")
    try:
        return seed_and_measure(args, demo, media_root)
    finally:
        shutil.rmtree(media_root, ignore_errors=True)


def seed_and_measure(args, demo, media_root):
    database_url = configure(args.database_url, media_root)
    from tests.benchmarks.seed import seed

    started = time.perf_counter()
    facts = seed(scale=args.scale, courses=args.courses, lessons_per_course=args.lessons_per_course)
    from tests.benchmarks.quizzes import seed_assessment

    quiz = seed_assessment(attempts=args.attempts)
    facts.quiz_url = quiz.url
    from tests.benchmarks.capture import seed_lessons

    facts.experience_url = seed_lessons(count=args.experience_lessons, director_username=facts.director_username)
    from tests.benchmarks.cases import seed_cases

    facts.case_url = seed_cases(count=args.cases, comments=args.case_comments)
    seeded_in = time.perf_counter() - started
    # Fresh bulk-loaded tables have no planner statistics; PostgreSQL's autovacuum and an
    # operator restoring data would analyse them, and so does the benchmark (without it,
    # SQLite reads 140,000 pages in publication order to find the newest 12 courses).
    from tests.benchmarks.growth import analyse

    analyse()
    print(f"database: {database_url.split('@')[-1]}")
    print(
        f"seeded {facts}, {args.attempts} stored quiz attempts, "
        f"{args.experience_lessons} lessons from experience, "
        f"{args.cases} cases (one with {args.case_comments} comments) in {seeded_in:.1f}s\n",
        flush=True,
    )
    rows = time_in_fresh_process(args, database_url, media_root, facts, quiz.pk)
    if args.json:
        medians = {name: (statistics.median(timings) * 1000, queries) for name, timings, queries, _ in rows}
        Path(args.json).write_text(json.dumps(medians), encoding="utf-8")
        return 0
    print_table(rows, demo)
    return 0


def time_in_fresh_process(args, database_url, media_root, facts, quiz_id):
    """[(page, timings, queries)] timed by a new process, as a serving worker would be.

    The seeding process holds millions of objects; timed there, pages were about twice
    as slow as in a fresh process, whatever the garbage collector was told."""
    folder = Path(tempfile.mkdtemp(prefix="academy-bench-measure-"))
    (folder / "facts.json").write_text(
        json.dumps({"facts": vars(facts), "quiz_id": quiz_id, "media_root": media_root}), encoding="utf-8"
    )
    command = [sys.executable, "-m", "tests.benchmarks", "--measure", str(folder / "facts.json")]
    command += ["--database-url", database_url, "--requests", str(args.requests)]
    if args.json:
        command.append("--no-stock")
    subprocess.run(command, check=True)
    return json.loads((folder / "facts.json.rows").read_text(encoding="utf-8"))


def measure_seeded(args):
    seeded = json.loads(Path(args.measure).read_text(encoding="utf-8"))
    configure(args.database_url, seeded["media_root"])
    from quizzes.models import QuizPage
    from tests.benchmarks.measure import measure
    from tests.benchmarks.pages import PAGES
    from tests.benchmarks.quizzes import measure_submission
    from tests.benchmarks.seed import Facts
    from tests.benchmarks.stock import StockSite

    facts = Facts(**seeded["facts"])
    quiz = QuizPage.objects.get(pk=seeded["quiz_id"])
    rows = []
    with contextlib.nullcontext() if args.no_stock else StockSite() as stock:

        def around(timed):
            """What `timed()` returns, and the stock page's timings right before and after."""
            before = stock.time(args.requests) if stock else []
            result = timed()
            return result, before + (stock.time(args.requests) if stock else [])

        for page in PAGES:
            (timings, queries), yardstick = around(lambda page=page: measure(page, facts, requests=args.requests))
            rows.append((page.name, timings, queries, yardstick))
        submission, yardstick = around(
            lambda: measure_submission(quiz, facts.director_username, requests=args.requests)
        )
        rows += [(name, timings, queries, yardstick) for name, (timings, queries) in submission.items()]
    Path(args.measure + ".rows").write_text(json.dumps(rows), encoding="utf-8")
    return 0


def print_table(rows, demo):
    from core.text import pad_to_width

    everything = [timing for *_, yardstick in rows for timing in yardstick]
    demo_header = f" {'demo ms':>8} {'demo q':>7}" if demo else ""
    header = f"{'page':<28}{demo_header} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'/stock':>7}"
    print(header)
    print("-" * len(header))
    blank = f" {'':>8} {'':>7}" if demo else ""
    stock_median, stock_p95 = statistics.median(everything), statistics.quantiles(everything, n=20)[-1]
    print(f"{pad_to_width('stock `wagtail start` home', 28)}{blank} {stock_median:>10.1f} {stock_p95:>8.1f}")
    for name, timings, queries, yardstick in rows:
        median = statistics.median(timings) * 1000
        p95 = statistics.quantiles(timings, n=20)[-1] * 1000 if len(timings) > 1 else median
        at_demo = ""
        if demo:
            demo_median, demo_queries = demo.get(name, (float("nan"), "-"))
            at_demo = f" {demo_median:>8.1f} {demo_queries:>7}"
        # Against the stock page timed right before and after this one, not the run's.
        ratio = median / statistics.median(yardstick)
        print(f"{pad_to_width(name, 28)}{at_demo} {median:>10.1f} {p95:>8.1f} {queries:>8} {ratio:>6.1f}×")


if __name__ == "__main__":
    sys.exit(main())
