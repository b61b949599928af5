"""Profiles, plans and team dashboards at scale: a team of 200 in a site of 50,000
people and 1,000,000 quiz attempts, each attempt leaving evidence in the ledger.

    python -m tests.benchmarks.growth                                    # full scale
    python -m tests.benchmarks.growth --users 5000 --attempts 100000     # quick
    python -m tests.benchmarks.growth --database-url postgres://postgres@127.0.0.1:5432/academy_bench

Rows are written in bulk. Then, through the whole stack (Django's test client): a
member's own profile, the director opening that member's profile, the member's plan and
home page, and the team dashboard and its Excel export, for a team of 20 and for the
big team, so the query counts can be compared: they must not depend on team size.
"""

import argparse
import random
import sys
import time
from datetime import timedelta
from decimal import Decimal

from tests.benchmarks.stats import summary

BATCH = 10_000


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=50_000, help="people in the site (default: 50,000)")
    parser.add_argument("--attempts", type=int, default=1_000_000, help="finished quiz attempts (default: 1,000,000)")
    parser.add_argument("--team", type=int, default=200, help="members of the big team (default: 200)")
    parser.add_argument("--requests", type=int, default=10, help="timed requests per page (default: 10)")
    parser.add_argument("--database-url", help="a throwaway database (default: a new SQLite file)")
    parser.add_argument(
        "--measure-only",
        action="store_true",
        help="skip seeding: measure a database an earlier run filled (needs --database-url)",
    )
    return parser.parse_args()


def seeded_facts():
    from accounts.models import Team, User

    return {
        "director": User.objects.get(username="bench-director"),
        "big": Team.objects.get(name="基准大团队"),
        "small": Team.objects.get(name="基准小团队"),
        "member": User.objects.filter(username__startswith="bench")
        .exclude(username="bench-director")
        .order_by("pk")
        .first(),
    }


def seed(*, users, attempts, team_size):
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import Region, Team, TeamMembership, User
    from competencies import demo as competencies_demo
    from competencies.models import Competency, Evidence, JobGrade, PersonGrade, ProficiencyLevel
    from competencies.services import assign
    from quizzes import demo as quizzes_demo
    from quizzes.models import Attempt, QuizPage

    competencies_demo.load()
    quizzes_demo.load()
    quizzes = list(QuizPage.objects.live())
    competencies = list(Competency.objects.all())
    levels = list(ProficiencyLevel.objects.all())
    grades = list(JobGrade.objects.all())
    region = Region.objects.get_or_create(code="bench", defaults={"name": "基准区域"})[0]
    password = make_password("bench-2026")
    with transaction.atomic():
        for start in range(0, users, BATCH):
            User.objects.bulk_create(
                User(
                    username=f"bench{n}",
                    display_name=f"客户经理{n}",
                    password=password,
                    region=region,
                    employee_number=f"B{n:06d}",
                )
                for n in range(start, min(start + BATCH, users))
            )
        user_ids = list(User.objects.filter(username__startswith="bench").values_list("pk", flat=True))
        PersonGrade.objects.bulk_create(PersonGrade(user_id=pk, grade=random.choice(grades)) for pk in user_ids)
        director = User.objects.create_user("bench-director", password="bench-2026", display_name="基准主任")
        big = Team.objects.create(name="基准大团队", region=region, director=director)
        small = Team.objects.create(name="基准小团队", region=region, director=director)
        TeamMembership.objects.bulk_create(TeamMembership(team=big, user_id=pk) for pk in user_ids[:team_size])
        TeamMembership.objects.bulk_create(
            TeamMembership(team=small, user_id=pk) for pk in user_ids[team_size : team_size + 20]
        )
    now = timezone.now()
    numbers = {}
    made = 0
    while made < attempts:
        with transaction.atomic():
            rows, evidence = [], []
            for _ in range(min(BATCH, attempts - made)):
                user_id = random.choice(user_ids)
                numbers[user_id] = numbers.get(user_id, 0) + 1
                when = now - timedelta(days=random.randint(0, 720), minutes=random.randint(0, 1440))
                percent = Decimal(random.randint(20, 100))
                quiz = random.choice(quizzes)
                rows.append(
                    Attempt(
                        quiz=quiz,
                        user_id=user_id,
                        number=numbers[user_id],
                        state="finished",
                        started_at=when,
                        submitted_at=when,
                        score=percent / 2,
                        max_score=Decimal(50),
                        percent=percent,
                        passed=percent >= 60,
                    )
                )
                evidence.append(
                    Evidence(
                        user_id=user_id,
                        competency=random.choice(competencies),
                        source=Evidence.Source.QUIZ,
                        level=random.choice(levels) if percent >= 40 else None,
                        score=percent,
                        reference=f"{quiz.title} #{numbers[user_id]}",
                        page=quiz,
                        recorded_at=when,
                    )
                )
            Attempt.objects.bulk_create(rows)
            Evidence.objects.bulk_create(evidence)
        made += len(rows)
    # Everyone in both teams has a quiz assigned, so completion counts are real.
    for team in (big, small):
        assign(actor=director, page=quizzes[0], team=team, due_on=timezone.localdate() + timedelta(days=7))
    return {"director": director, "big": big, "small": small, "member": User.objects.get(pk=user_ids[0])}


def analyse():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        if connection.vendor == "sqlite":
            # The seeding process stays open while another times the pages, so SQLite
            # never folds its write-ahead log (half a gigabyte at full scale) back into
            # the database: every read would look there first, as no running site's do.
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def timed(client, url, requests):
    from tests.benchmarks.measure import counting_queries

    for _ in range(2):
        client.get(url)
    timings, queries = [], 0
    for _ in range(requests):
        with counting_queries() as counted:
            started = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        queries = max(queries, counted.count)
    return timings, queries


def main():
    args = parse_args()
    from tests.benchmarks.__main__ import configure

    database_url = configure(args.database_url)
    from django.test import Client
    from django.urls import reverse

    from competencies.models import Evidence
    from quizzes.models import Attempt

    print(f"database: {database_url.split('@')[-1]}")
    if args.measure_only:
        facts = seeded_facts()
    else:
        started = time.perf_counter()
        facts = seed(users=args.users, attempts=args.attempts, team_size=args.team)
        print(f"seeded {args.users} people in {time.perf_counter() - started:.1f}s")
    # A bulk load leaves the planner without statistics until autovacuum runs; an
    # operator restoring data would analyse, and so does the benchmark.
    analyse()
    print(f"{Attempt.objects.count()} attempts, {Evidence.objects.count()} evidence rows\n")
    member, director = Client(HTTP_ACCEPT_LANGUAGE="zh-CN"), Client(HTTP_ACCEPT_LANGUAGE="zh-CN")
    member.force_login(facts["member"])
    director.force_login(facts["director"])
    pages = [
        ("own profile", member, reverse("competencies:profile")),
        ("member's profile, as director", director, reverse("competencies:person_profile", args=[facts["member"].pk])),
        ("learning plan", member, reverse("competencies:plan")),
        ("home dashboard", member, "/"),
        ("team dashboard, 20 members", director, reverse("team_dashboards:dashboard", args=[facts["small"].pk])),
        (
            f"team dashboard, {args.team} members",
            director,
            reverse("team_dashboards:dashboard", args=[facts["big"].pk]),
        ),
        ("Excel export, 20 members", director, reverse("team_dashboards:export", args=[facts["small"].pk])),
        (f"Excel export, {args.team} members", director, reverse("team_dashboards:export", args=[facts["big"].pk])),
    ]
    header = f"{'page':<36} {'median ms':>10} {'p95 ms':>8} {'queries':>8}"
    print(header)
    print("-" * len(header))
    for name, client, url in pages:
        timings, queries = timed(client, url, args.requests)
        print(f"{name:<36} {summary(timings)} {queries:>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
