"""What the course library tells the learning record store (xAPI)."""

from xapi import vocabulary
from xapi.services import record, when_recording
from xapi.statements import page_activity


@when_recording
def lesson_experienced(*, user, lesson, when):
    """The learner arrived at a lesson of a course they take (not every reload)."""
    record(
        actor=user,
        verb=vocabulary.EXPERIENCED,
        obj=page_activity(lesson, kind="lesson"),
        timestamp=when,
        parents=[page_activity(lesson.get_course(), kind="course")],
    )


@when_recording
def course_completed(*, enrolment, course):
    record(
        actor=enrolment.user,
        verb=vocabulary.COMPLETED,
        obj=page_activity(course, kind="course"),
        key=f"course-completed:{enrolment.pk}",
        timestamp=enrolment.completed_at,
        result={"completion": True},
    )
