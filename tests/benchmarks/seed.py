"""Seed a benchmark database quickly: bulk inserts, one password hash for everyone."""

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import Page, Site

from accounts.models import Region, Team, TeamMembership, User
from accounts.roles import DIRECTOR, LEARNER
from competencies import demo as competencies_demo
from competencies.models import Competency, ProficiencyLevel
from home import demo as home_demo
from learning import demo as learning_demo
from learning import demo_courseware
from learning.models import CourseCompetency, CoursePage, LessonPage

PASSWORD = "bench-password"
TITLES = [
    "为什么客户无缘无故就丢了",
    "如何突破客户联络人",
    "集团客户需求放大镜",
    "集团客户攻守有道",
    "通信市场分析",
    "对手给了客户什么优惠",
    "FMC 固定移动融合套餐被对手抢走",
]


@dataclass
class Facts:
    people: int
    teams: int
    pages: int
    director_username: str
    largest_team_size: int
    courses: int = 0
    lessons: int = 0
    course_url: str = ""
    lesson_url: str = ""
    quiz_url: str = ""
    experience_url: str = ""
    case_url: str = ""

    def __str__(self):
        return (
            f"{self.people} people, {self.teams} teams (largest {self.largest_team_size} members), "
            f"{self.pages} content pages, {self.courses} courses with {self.lessons} lessons"
        )


@transaction.atomic
def seed(*, scale, courses=None, lessons_per_course=5):
    competencies_demo.load()
    home_demo.load()
    regions = [
        Region.objects.get_or_create(code=f"bench-{n}", defaults={"name": f"第{n}区域营销中心"})[0] for n in range(10)
    ]
    password = make_password(PASSWORD)
    users = User.objects.bulk_create(
        User(
            username=f"bench{n}",
            display_name=f"客户经理{n}",
            employee_number=f"B{n:06d}",
            region=regions[n % len(regions)],
            password=password,
        )
        for n in range(scale)
    )
    learners = Group.objects.get(name=LEARNER.group_name)
    directors = Group.objects.get(name=DIRECTOR.group_name)
    learners.user_set.add(*users)
    team_size = 20
    team_count = max(1, scale // team_size)
    teams = []
    for index in range(team_count):
        director = users[index * team_size]
        directors.user_set.add(director)
        teams.append(Team(name=f"集客{index}组", region=director.region, director=director))
    Team.objects.bulk_create(teams)
    TeamMembership.objects.bulk_create(
        TeamMembership(team=teams[index // team_size], user=user)
        for index, user in enumerate(users[: team_count * team_size])
        if index % team_size
    )
    pages = _seed_pages(max(1, scale // 5))
    course_count = courses if courses is not None else max(1, scale // 20)
    course_slug, lesson_slug = _seed_courses(course_count, lessons_per_course=lessons_per_course)
    # The courseware course: a video, a PDF and two SCORM lessons among all the others.
    demo_courseware.load()
    return Facts(
        people=scale,
        teams=team_count,
        pages=pages,
        director_username=users[0].username,
        largest_team_size=team_size - 1,
        courses=course_count,
        lessons=course_count * lessons_per_course,
        course_url=f"/courses/{course_slug}/",
        lesson_url=f"/courses/{course_slug}/{lesson_slug}/",
    )


def _seed_pages(count):
    # Plain pages under a hidden section stand in for content until the content apps
    # bring their own; they give search an index of realistic size.
    home = Site.objects.get(is_default_site=True).root_page
    section = home.add_child(instance=Page(title="基准测试内容", slug="bench", show_in_menus=False))
    for n in range(count):
        section.add_child(instance=Page(title=f"{TITLES[n % len(TITLES)]}（{n}）", slug=f"bench-{n}"))
    return count


def _seed_courses(count, *, lessons_per_course):
    """Courses under the demo library, each developing a competency, with lessons."""
    library = learning_demo.load()
    competency, level = Competency.objects.first(), ProficiencyLevel.objects.first()
    course = None
    for n in range(count):
        course = library.add_child(
            instance=CoursePage(
                title=f"{TITLES[n % len(TITLES)]}课程{n}", slug=f"bench-course-{n}", summary="基准课程"
            )
        )
        CourseCompetency.objects.create(course=course, competency=competency, level=level)
        for m in range(lessons_per_course):
            course.add_child(instance=LessonPage(title=f"第{m + 1}课", slug=f"lesson-{m}", body=[]))
    return course.slug, f"lesson-{lessons_per_course // 2}"
