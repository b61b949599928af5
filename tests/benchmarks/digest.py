"""The weekly digest at scale: time and peak memory to build and send it to every
subscriber, and to run it again (everything already sent).

    python -m tests.benchmarks.digest                          # 50,000 people, 100,000 lessons
    python -m tests.benchmarks.digest --users 5000 --lessons 10000          # quick
    python -m tests.benchmarks.digest --database-url postgres://postgres@127.0.0.1:5432/academy_bench

Every seeded person wants the weekly digest and follows two things (a tag, a
competency or a colleague); lessons are published a minute apart, ending just before
this week, so the week before holds about 10,000 of them. Mail goes to Django's dummy backend: the e-mails are
built (both bodies, the unsubscribe link and headers) and handed over, not delivered.
Peak memory is Python's own allocations during the run (tracemalloc), measured in a
second, separate run, since tracing slows everything down; the run must stream, so
the peak stays flat however many people there are.
"""

import argparse
import random
import sys
import time
import tracemalloc


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=50_000, help="subscribers (default: 50,000)")
    parser.add_argument("--lessons", type=int, default=100_000, help="published lessons (default: 100,000)")
    parser.add_argument("--database-url", help="a throwaway database (default: a new SQLite file)")
    return parser.parse_args()


def seed_subscribers(count):
    """`count` people who want the weekly digest, each following two things."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from taggit.models import Tag

    from accounts.models import User
    from competencies.models import Competency
    from knowledge.models import Follow, KnowledgePreferences

    password = make_password(None)
    tags = list(Tag.objects.values_list("pk", flat=True))
    competencies = list(Competency.objects.values_list("pk", flat=True))
    authors = list(User.objects.values_list("pk", flat=True)[:500])
    chooser = random.Random(7)
    batch = 5000
    with transaction.atomic():
        for start in range(0, count, batch):
            users = User.objects.bulk_create(
                User(
                    username=f"reader{n}",
                    email=f"reader{n}@academy.example.com",
                    display_name=f"读者{n}",
                    password=password,
                )
                for n in range(start, min(start + batch, count))
            )
            KnowledgePreferences.objects.bulk_create(
                KnowledgePreferences(user_id=user.pk, digest=KnowledgePreferences.Frequency.WEEKLY) for user in users
            )
            follows = []
            for user in users:
                kinds = chooser.sample(["tag", "competency", "colleague"], 2)
                for kind in kinds:
                    target = {"tag": tags, "competency": competencies, "colleague": authors}[kind]
                    follows.append(Follow(user_id=user.pk, **{f"{kind}_id": chooser.choice(target)}))
            Follow.objects.bulk_create(follows, ignore_conflicts=True)


def _publish_up_to(end):
    """Move the seeded lessons back in time so the newest was published just before the
    period ends: the week then holds as many lessons as a week of publishing does."""
    from datetime import datetime, timedelta
    from datetime import time as clock

    from django.db.models import F
    from django.utils import timezone
    from wagtail.models import Page

    period_end = timezone.make_aware(datetime.combine(end, clock.min))
    shift = timezone.now() - period_end + timedelta(hours=1)
    Page.objects.filter(slug__startswith="bench-lesson-").update(
        first_published_at=F("first_published_at") - shift, last_published_at=F("last_published_at") - shift
    )


def main():
    args = parse_args()
    from tests.benchmarks.__main__ import configure

    database_url = configure(args.database_url)
    from django.conf import settings
    from django.utils import timezone

    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"

    from knowledge.digests import Frequency, period_of, send_digests
    from knowledge.models import DigestDelivery
    from tests.benchmarks.capture import seed_lessons
    from tests.benchmarks.growth import analyse
    from tests.benchmarks.seed import seed

    started = time.perf_counter()
    facts = seed(scale=200, courses=2)
    seed_lessons(count=args.lessons, director_username=facts.director_username)
    seed_subscribers(args.users)
    analyse()
    print(f"database: {database_url.split('@')[-1]}")
    print(f"seeded {args.users} subscribers and {args.lessons} lessons in {time.perf_counter() - started:.1f}s")

    today = timezone.localdate()
    start, end = period_of(Frequency.WEEKLY, today)
    _publish_up_to(end)
    started = time.perf_counter()
    run = send_digests(Frequency.WEEKLY, today)
    elapsed = time.perf_counter() - started
    print(
        f"weekly digest for {start}–{end}: {run.new_pages} new pages considered, "
        f"{run.considered} subscribers read, {run.sent} sent in {elapsed:.1f}s "
        f"({elapsed / max(run.sent, 1) * 1000:.2f} ms per digest)"
    )

    started = time.perf_counter()
    again = send_digests(Frequency.WEEKLY, today)
    print(
        f"the same digest again: {again.sent} sent, {again.considered} subscribers still to send to, "
        f"in {time.perf_counter() - started:.1f}s"
    )

    DigestDelivery.objects.all().delete()
    tracemalloc.start()
    traced = send_digests(Frequency.WEEKLY, today)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"peak Python memory while sending {traced.sent} digests: {peak / 1024 / 1024:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
