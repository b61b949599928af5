"""Queries behind the course library pages. Each runs a fixed number of queries,
however many courses, lessons or learners there are."""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from taggit.models import Tag
from wagtail.models import Page

from competencies.profiles import competency_model_generation
from competencies.selectors import competency_choices, grade_choices, grade_of, level_choices
from core.facets import Facet, Listing, apply_facets, chosen_sort, listing, page_of_ids
from core.related import kept_cards, kept_until_published
from core.tree import children_of
from learning.blocks import check_blocks, has_checks
from learning.models import (
    CourseCompetency,
    CoursePage,
    CourseTag,
    Enrolment,
    LessonCompletion,
    LessonPage,
    LessonResponse,
    MediaProgress,
    ScormAttempt,
)

COURSES_PER_PAGE = 12
LIBRARY_CACHE_KEY = "learning:library"
SORTS = {
    "newest": ("-first_published_at", "-pk"),
    "title": ("title", "pk"),
    "shortest": ("estimated_hours", "title"),
}
DEFAULT_SORT = "newest"
# lesson_detail's caller has not read the reader's enrolment.
_UNREAD = object()


def live_lesson_counts(courses):
    """{course id: number of live lessons} for a handful of courses, in one query."""
    courses = list(courses)
    counts = {course.pk: 0 for course in courses}
    if not courses:
        return counts
    by_path = {course.path: course.pk for course in courses}
    # One indexed range per course, in one UNION query: SQLite answers an OR of ranges
    # by reading every page on the site.
    per_course = [
        children_of(LessonPage.objects.live(), course).order_by().values_list("path", flat=True) for course in courses
    ]
    for path in per_course[0].union(*per_course[1:], all=True):
        counts[by_path[path[: -LessonPage.steplen]]] += 1
    return counts


def _course_cards(course_ids, *, heading_level):
    """Cards for the courses, in the given order: cover, competencies and live lesson
    count drawn and kept until the next publish. Their titles are headings of
    `heading_level` (2 in the library, 3 under a section of "My learning")."""
    return kept_cards(
        f"learning:course-cards:h{heading_level}",
        course_ids,
        _build_course_cards,
        "learning/includes/course_card_content.html",
        context={"heading_level": heading_level},
        versions=[competency_model_generation.current()],
    )


def _build_course_cards(course_ids):
    competencies = CourseCompetency.objects.select_related("competency", "level").order_by("sort_order")
    order = list(course_ids)
    courses = sorted(
        CoursePage.objects.filter(pk__in=order).prefetch_related(
            Prefetch("developed_competencies", queryset=competencies),
            "target_grades",
            "tags",
            "cover_image__renditions",
        ),
        key=lambda course: order.index(course.pk),
    )
    counts = live_lesson_counts(courses)
    for course in courses:
        course.lesson_count = counts[course.pk]
    return courses


@dataclass
class CourseLibrary(Listing):
    enrolled_ids: set
    completed_ids: set


def course_library(index_page, params, *, user):
    """The library's courses, filtered by GET parameters. A value that matches nothing
    we know (a typo, an old link, junk) is ignored rather than answered with an error."""
    tags = list(Tag.objects.filter(learning_coursetag_items__content_object__live=True).distinct().order_by("name"))
    facets = [
        Facet("competency", _("Competency"), competency_choices()),
        Facet("grade", _("Job grade"), grade_choices()),
        Facet("level", _("Proficiency level"), level_choices()),
        Facet("tag", _("Tag"), [(tag.slug, tag.name) for tag in tags]),
    ]
    # Courses live only in the one library (max_count = 1), so no tree-path filter: on
    # SQLite a path prefix cannot use an index and would read every page on the site.
    courses = apply_facets(
        CoursePage.objects.live(),
        facets,
        params,
        lambda courses, name, value: _filtered(courses, name, value, facets),
    )
    sort = chosen_sort(params, SORTS, DEFAULT_SORT)
    page = page_of_ids(
        courses,
        sorts=SORTS,
        sort=sort,
        facets=facets,
        cache_key=LIBRARY_CACHE_KEY,
        page_number=params.get("page"),
        per_page=COURSES_PER_PAGE,
    )
    page.object_list = _course_cards(page.object_list, heading_level=2)
    course_ids = [course.pk for course in page.object_list]
    enrolled, completed = set(), set()
    if user.is_authenticated and course_ids:
        for course_id, completed_at in Enrolment.objects.filter(user=user, course_id__in=course_ids).values_list(
            "course_id", "completed_at"
        ):
            (completed if completed_at else enrolled).add(course_id)
    sorts = [("newest", _("Newest")), ("title", _("Title")), ("shortest", _("Shortest first"))]
    return CourseLibrary(
        **vars(listing(page=page, facets=facets, sort=sort, sorts=sorts, default_sort=DEFAULT_SORT)),
        enrolled_ids=enrolled,
        completed_ids=completed,
    )


def _filtered(courses, name, value, facets):
    # Sub-selects rather than joins, so a course never appears twice and no DISTINCT
    # over the whole library is needed. Only facets' known values narrow the courses:
    # the cached pages of results are keyed by them (core.facets.page_of_ids).
    if name == "competency":
        matching = CourseCompetency.objects.filter(competency__code=value)
    elif name == "level":
        # With a competency chosen, the level applies to it; otherwise to any.
        matching = CourseCompetency.objects.filter(level__number=int(value))
        # The competency facet comes first, so it is already marked when chosen.
        competency = next(facet.selected for facet in facets if facet.name == "competency")
        if competency:
            matching = matching.filter(competency__code=competency)
    elif name == "grade":
        matching = CoursePage.target_grades.through.objects.filter(jobgrade__code=value)
        return courses.filter(pk__in=matching.values("coursepage_id"))
    else:
        matching = CourseTag.objects.filter(tag__slug=value)
        return courses.filter(pk__in=matching.values("content_object_id"))
    return courses.filter(pk__in=matching.values("course_id"))


@dataclass
class LessonRow:
    lesson: LessonPage
    done: bool


def _course_lessons(course):
    """The course's live lessons in order, with what its list of lessons shows: the same
    for every reader, so kept until the next publish (a lesson published, unpublished
    or moved) instead of read on each visit to the course or one of its lessons."""
    fields = ("id", "title", "slug", "url_path", "path", "depth", "estimated_minutes", "kind")
    return kept_until_published(
        f"learning:course-lessons:{course.pk}", lambda: list(course.live_lessons().only(*fields))
    )


def _lesson_rows(course, user):
    lessons = _course_lessons(course)
    done = set()
    if user.is_authenticated and lessons:
        done = set(LessonCompletion.objects.filter(user=user, lesson__in=lessons).values_list("lesson_id", flat=True))
    return [LessonRow(lesson, lesson.pk in done) for lesson in lessons]


def _progress(rows):
    total = len(rows)
    done = sum(row.done for row in rows)
    return {"done": done, "total": total, "percent": round(100 * done / total) if total else 0}


def course_detail(course, *, user, preview=False):
    from learning.services import completion_blockers

    rows = _lesson_rows(course, user)
    enrolment = Enrolment.objects.filter(user=user, course=course).first() if user.is_authenticated else None
    next_lesson = None
    if enrolment:
        by_id = {row.lesson.pk: row for row in rows}
        resume = by_id.get(enrolment.last_lesson_id)
        next_lesson = (
            resume.lesson
            if resume and not resume.done
            else next((row.lesson for row in rows if not row.done), rows[0].lesson if rows else None)
        )
    return {
        **_course_facts(course, preview=preview),
        "lesson_rows": rows,
        "enrolment": enrolment,
        "progress": _progress(rows),
        "next_lesson": next_lesson,
        "blockers": completion_blockers(course=course, user=user) if enrolment and not enrolment.completed_at else [],
    }


def _course_facts(course, *, preview):
    """What the course page says of the course beside its lessons: the competencies it
    develops, whom it is for and its other pages (its quizzes). The same for every
    reader, so kept until the next publish, and until the competency model, whose names
    it shows, changes."""

    def read():
        developed = CourseCompetency.objects.filter(course=course).select_related("competency", "level")
        return {
            "developed": list(developed.order_by("sort_order")),
            "grades": list(course.target_grades.order_by("rank")),
            "other_pages": course_checks(course),
        }

    return kept_until_published(
        f"learning:course-facts:{course.pk}",
        read,
        versions=[competency_model_generation.current()],
        preview=preview,
    )


def course_checks(course):
    """The course's pages that are not lessons (its quizzes, for example), which other
    apps place in the course; shown as generic pages, so learning imports none of them."""
    return list(
        children_of(Page.objects.live(), course).not_type(LessonPage).only("id", "title", "url_path", "depth", "path")
    )


@dataclass
class LessonRequirements:
    """The lesson's checks and what the learner has done of them: answers by block id,
    viewing records by media id, SCORM attempts by (package id, part), and what is
    still missing, as sentences."""

    has_checks: bool
    responses: dict
    viewing: dict
    attempts: dict
    required_watch_percent: int
    blockers: list


def _media_blocks(body):
    return [block for block in body if block.block_type == "video" and block.value.get("media") is not None]


def _courseware_blocks(body):
    return [block for block in body if block.block_type == "courseware" and block.value.get("package") is not None]


def lesson_requirements(lesson, *, user, course=None):
    checks = check_blocks(lesson.body)
    media = _media_blocks(lesson.body)
    courseware = _courseware_blocks(lesson.body)
    course = course or lesson.get_course()
    responses, viewing, attempts = {}, {}, {}
    if user.is_authenticated:
        if checks:
            responses = {r.block_id: r for r in LessonResponse.objects.filter(user=user, lesson=lesson)}
        if media:
            viewing = {v.media_id: v for v in MediaProgress.objects.filter(user=user, lesson=lesson)}
        if courseware:
            attempts = {(a.package_id, a.sco): a for a in ScormAttempt.objects.filter(user=user, lesson=lesson)}
    blockers = []
    for block in checks:
        response = responses.get(block.id)
        if response is None or not response.satisfies:
            blockers.append(_check_blocker(block))
    for block in courseware:
        package = block.value["package"]
        for item in package.items:
            attempt = attempts.get((package.pk, item["identifier"]))
            if attempt is None or not attempt.finished:
                blockers.append(_("Finish “%(part)s” in the courseware.") % {"part": item["title"]})
    watch = course.required_watch_percent
    if watch and (checks or courseware):
        for block in media:
            record = viewing.get(block.value["media"].pk)
            seen = record.percent_seen if record else 0
            if seen < watch:
                blockers.append(
                    _("Watch at least %(required)s%% of “%(title)s” (you have seen %(seen)s%%).")
                    % {
                        "required": watch,
                        "title": block.value.get("title") or block.value["media"].title,
                        "seen": seen,
                    }
                )
    return LessonRequirements(
        has_checks=has_checks(lesson.body),
        responses=responses,
        viewing=viewing,
        attempts=attempts,
        required_watch_percent=watch,
        blockers=blockers,
    )


def _check_blocker(block):
    if block.block_type == "check_question":
        text = Truncator(block.value["question"]).chars(30)
        return _("Answer the question “%(question)s” correctly.") % {"question": text}
    if block.block_type == "practical_task":
        return _("Report the task you tried on one of your accounts.")
    return _("Write your answer to the reflection question.")


def courseware_players(lesson, requirements, *, request):
    """Per SCORM block: the player's configuration (parts with their launch address,
    saved run data and status) for learning/js/courseware.js."""
    from learning.scorm.runtime import resume_cmi
    from learning.scorm.serving import launch_url

    players = {}
    # A draft lesson (an editor's preview) cannot record progress, so it plays nothing.
    if not request.user.is_authenticated or not lesson.live:
        return players
    for block in _courseware_blocks(lesson.body):
        package = block.value["package"]
        parts = []
        for item in package.items:
            attempt = requirements.attempts.get((package.pk, item["identifier"]))
            parts.append(
                {
                    "identifier": item["identifier"],
                    "title": item["title"],
                    "depth": item["depth"],
                    "url": launch_url(user=request.user, lesson=lesson, package=package, sco=item["identifier"]),
                    "state": resume_cmi(package.version, attempt, user=request.user),
                    "status": part_status(attempt),
                }
            )
        unfinished = [part for part in parts if not part["status"]["finished"]]
        players[block.id] = {
            "version": package.version,
            "commitUrl": reverse("learning:courseware_commit", args=[lesson.pk, package.pk]),
            "csrf": get_token(request),
            "doneText": _("Lesson complete: every part of the courseware is done."),
            "start": (unfinished or parts)[0]["identifier"],
            "parts": parts,
        }
    return players


def part_status(attempt):
    """A part's status for the learner: a label, and whether it counts as done."""
    if attempt is None or attempt.completion_status == "not attempted":
        return {"label": _("Not started"), "finished": False}
    score = f" · {attempt.score_percent:.0f}%" if attempt.score_percent is not None else ""
    if attempt.finished:
        label = _("Passed") if attempt.success_status == "passed" else _("Completed")
        return {"label": f"{label}{score}", "finished": True}
    if attempt.success_status == "failed":
        return {"label": _("Not passed yet") + score, "finished": False}
    return {"label": _("In progress"), "finished": False}


def _course_of(lesson):
    """The lesson's course: kept, like the course's list of lessons, until the next
    publish or move. Read with the enrolment instead, a whole course page row was
    built on every visit of an enrolled learner."""
    return kept_until_published(f"learning:course-of:{lesson.path[: -lesson.steplen]}", lesson.get_course)


def lesson_detail(lesson, *, user, enrolment=_UNREAD):
    """What a lesson shows the reader. `enrolment` is theirs in the lesson's course
    (None: not enrolled), when the caller has read it already."""
    if enrolment is _UNREAD:
        enrolment = lesson.enrolment_of(user) if user.is_authenticated else None
    course = _course_of(lesson)
    if enrolment is not None:
        enrolment.course = course
    rows = _lesson_rows(course, user)
    index = next((i for i, row in enumerate(rows) if row.lesson.pk == lesson.pk), None)
    previous_lesson = rows[index - 1].lesson if index else None
    next_lesson = rows[index + 1].lesson if index is not None and index + 1 < len(rows) else None
    return {
        "course": course,
        "lesson_rows": rows,
        "lesson_done": index is not None and rows[index].done,
        "lesson_number": (index or 0) + 1,
        "previous_lesson": previous_lesson,
        "next_lesson": next_lesson,
        "progress": _progress(rows),
        "enrolment": enrolment,
        "requirements": lesson_requirements(lesson, user=user, course=course),
    }


def enrolments_with_progress(user):
    """The person's enrolments in live courses, newest first, each with
    `lessons_done`, `lessons_total` and `percent`: three queries."""
    enrolments = list(
        Enrolment.objects.filter(user=user, course__live=True)
        .select_related("course", "last_lesson")
        .order_by("-enrolled_at")
    )
    totals = live_lesson_counts([enrolment.course for enrolment in enrolments])
    done_paths = LessonCompletion.objects.filter(
        user=user, lesson__live=True, lesson__depth__in={enrolment.course.depth + 1 for enrolment in enrolments}
    ).values_list("lesson__path", flat=True)
    course_by_path = {enrolment.course.path: enrolment.course_id for enrolment in enrolments}
    done = dict.fromkeys(course_by_path.values(), 0)
    for path in done_paths:
        course_id = course_by_path.get(path[: -LessonPage.steplen])
        if course_id is not None:
            done[course_id] += 1
    for enrolment in enrolments:
        enrolment.lessons_done = done[enrolment.course_id]
        enrolment.lessons_total = totals[enrolment.course_id]
        total = enrolment.lessons_total
        enrolment.percent = round(100 * enrolment.lessons_done / total) if total else 0
    return enrolments


def my_learning(user):
    """In-progress and completed courses with progress, and recommendations for the
    person's job grade."""
    enrolments = enrolments_with_progress(user)
    grade = grade_of(user)
    enrolled_ids = {enrolment.course_id for enrolment in enrolments}
    return {
        "in_progress": [enrolment for enrolment in enrolments if not enrolment.completed_at],
        "completed": [enrolment for enrolment in enrolments if enrolment.completed_at],
        "recommended": _course_cards(_newest_courses_for(grade, leaving_out=enrolled_ids, count=6), heading_level=3),
        "grade": grade,
    }


# How many of a grade's newest courses are kept: enough for nearly everyone once their
# own enrolments are left out.
NEWEST_COURSES_KEPT = 60


def _newest_courses_for(grade, *, leaving_out, count):
    """Ids of the newest live courses aimed at `grade` (any grade if None), leaving out
    `leaving_out`. Sorting every course of a grade took 1.7 ms at 2,000 courses and
    grows with the library, so the newest are kept until the next publish; only someone
    enrolled in nearly all of them is asked of the database."""

    def newest(limit, excluded=()):
        courses = CoursePage.objects.live().exclude(pk__in=excluded)
        if grade:
            courses = courses.filter(target_grades=grade)
        return list(courses.order_by("-first_published_at", "-pk").distinct().values_list("pk", flat=True)[:limit])

    kept = kept_until_published(f"newest-courses:{grade.pk if grade else 0}", lambda: newest(NEWEST_COURSES_KEPT))
    ids = [pk for pk in kept if pk not in leaving_out]
    if len(ids) < count and len(kept) == NEWEST_COURSES_KEPT:
        return newest(count, leaving_out)
    return ids[:count]
