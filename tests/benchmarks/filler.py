"""Full scale on top of the demo: 100,000 lessons from experience, 20,000 cases and
2,000 courses of 10 lessons written in bulk among the demo's own pages, then the whole search
index rebuilt and the planner's statistics gathered, as an operator's `update_index`
and autovacuum would leave a large site.

The search benchmark (tests/benchmarks/search.py) measures search over it; the load
test (`python -m tests.benchmarks.load --full-scale`) fills the production stack's
database with it, in a process of its own:

    python -m tests.benchmarks.filler --database-url postgres://postgres@127.0.0.1:5432/academy_load
"""

import argparse
import json
import sys
import time

LESSONS_PER_COURSE = 10
COURSE_SLUG_PREFIX = "bench-course"
LESSON_BODY = json.dumps(
    [
        {"type": "heading", "value": "从经营范围读出需求"},
        {"type": "paragraph", "value": "<p>拜访前先看客户的经营范围和近三年的年报，找出与通信相关的业务变化。</p>"},
    ],
    ensure_ascii=False,
)


def add_arguments(parser):
    parser.add_argument("--lessons", type=int, default=100_000, help="lessons from experience (default: 100,000)")
    parser.add_argument("--cases", type=int, default=20_000, help="cases (default: 20,000)")
    parser.add_argument(
        "--course-lessons", type=int, default=20_000, help="course lessons, 10 to a course (default: 20,000)"
    )


def seed_filler(*, lessons, cases, course_lessons):
    """Write the filler pages under the demo's libraries; the demo must be loaded."""
    from tests.benchmarks.capture import seed_lessons
    from tests.benchmarks.cases import seed_cases

    seed_lessons(count=lessons, director_username="director")
    seed_cases(count=cases, comments=0)
    seed_course_lessons(course_lessons)


def seed_course_lessons(count):
    """`count` course lessons, LESSONS_PER_COURSE to a course, each course developing
    a competency: 2,000 courses by default, the full scale of issue 16."""
    import random

    from competencies.models import Competency, ProficiencyLevel
    from learning import demo as learning_demo
    from learning.models import CourseCompetency, CoursePage, LessonPage
    from tests.benchmarks.bulk_pages import bulk_child_pages, bulk_children_of_each

    library = learning_demo.load()
    competencies = list(Competency.objects.values_list("pk", flat=True))
    levels = list(ProficiencyLevel.objects.values_list("pk", flat=True))

    def fill_course(course, n):
        course.summary = "基准课程：从经营范围读出客户需求。"
        course.estimated_hours = 1 + n % 8

    def develop(ids, offset):
        CourseCompetency.objects.bulk_create(
            CourseCompetency(
                course_id=course_id, competency_id=random.choice(competencies), level_id=random.choice(levels)
            )
            for course_id in ids
        )

    def fill_lesson(lesson, n):
        lesson.body = LESSON_BODY
        lesson.estimated_minutes = 15

    bulk_child_pages(
        library,
        CoursePage,
        count=max(1, count // LESSONS_PER_COURSE),
        title=lambda n: f"需求分析基准课程{n}",
        slug_prefix=COURSE_SLUG_PREFIX,
        fill=fill_course,
        relate=develop,
    )
    bulk_children_of_each(
        list(CoursePage.objects.child_of(library).filter(slug__startswith=COURSE_SLUG_PREFIX)),
        LessonPage,
        per_parent=LESSONS_PER_COURSE,
        title=lambda n: f"需求分析第{n}课",
        slug_prefix="bench-course-lesson",
        fill=fill_lesson,
    )


def build_index():
    """Rebuild every index entry, then gather statistics; returns the rebuild's seconds."""
    import io

    from django.core.management import call_command

    from tests.benchmarks.growth import analyse

    started = time.perf_counter()
    call_command("update_index", stdout=io.StringIO(), verbosity=0)
    indexed_in = time.perf_counter() - started
    # As autovacuum soon would after a rebuild: without statistics PostgreSQL plans
    # the ranking for a few hundred matches, and nests loops over 140,000.
    analyse()
    return indexed_in


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True, help="a database the demo is loaded into")
    add_arguments(parser)
    args = parser.parse_args()
    from tests.benchmarks.__main__ import configure

    configure(args.database_url)
    started = time.perf_counter()
    seed_filler(lessons=args.lessons, cases=args.cases, course_lessons=args.course_lessons)
    print(f"filler seeded in {time.perf_counter() - started:.1f}s", flush=True)
    print(f"index build (update_index, every indexed model): {build_index():.1f}s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
