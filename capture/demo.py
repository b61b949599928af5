"""The lesson library and twelve shared experiences for `load_demo`, taken through the
real review path (save → submit → request changes / reject / approve), so the demo
shows every state a contributor meets.

Idempotent: an experience is found by its author and problem statement, and only
missing ones are created."""

from datetime import timedelta

from django.utils import timezone
from wagtail.models import Page, Site

from accounts.models import Team, User
from capture.demo_experiences import EXPERIENCES, RECOMMENDATIONS
from capture.models import Experience, ExperienceCause, ExperienceLessonPage, ExperienceOption, LessonLibraryPage
from capture.services import approve, recommend, reject, request_changes, submit
from competencies.models import Competency
from core.demo import unfold_discussion
from core.engagement import add_comment, mark_helpful
from core.models import Industry, Product

LIBRARY_INTRO = (
    "经验库收录一线客户经理的实战经验：客户为什么突然走了、怎样突破联络人见到决策者、"
    "对手降价时怎么应对。每一条都按“七步问题解决法”整理，经编辑审核后发布。"
    "遇到同样的问题时，先来这里看看别人是怎么做的。"
)


def load(stdout=None):
    library = _library()
    people = {user.username: user for user in User.objects.all()}
    editor = people["editor"]
    for index, spec in enumerate(EXPERIENCES):
        author = people[spec["author"]]
        if Experience.objects.filter(author=author, problem=spec["problem"]).exists():
            continue
        experience = _experience(author, spec)
        _review(experience, spec, editor=editor, days_ago=len(EXPERIENCES) - index, people=people)
    _recommend(people)
    return library


def _library():
    library = LessonLibraryPage.objects.first()
    if library is not None:
        return library
    home = Site.objects.get(is_default_site=True).root_page
    library = LessonLibraryPage(
        title="经验库", english_title="Field lessons", slug="lessons", intro=LIBRARY_INTRO, show_in_menus=True
    )
    home.add_child(instance=library)
    library.save_revision().publish()
    return library


def _experience(author, spec):
    experience = Experience(
        author=author,
        title=spec["title"],
        industry=Industry.objects.filter(name=spec["industry"]).first() if spec["industry"] else None,
        sales_stage=spec["stage"],
        buying_role=spec["role"],
        outcome=spec["outcome"],
        **{name: spec[name] for name in Experience.TEXT_FIELDS if name in spec},
    )
    experience.causes = [ExperienceCause(cause=cause, evidence=evidence) for cause, evidence in spec["causes"]]
    experience.options = [
        ExperienceOption(option=option, pros=pros, cons=cons, chosen=chosen)
        for option, pros, cons, chosen in spec["options"]
    ]
    experience.competencies = list(Competency.objects.filter(code__in=spec["competencies"]))
    experience.products = list(Product.objects.filter(name__in=spec["products"]))
    experience.tags.set(spec["tags"])
    experience.save()
    return experience


def _review(experience, spec, *, editor, days_ago, people):
    if spec["state"] == "draft":
        return
    submit(user=experience.author, experience=experience)
    if spec["state"] == "changes_requested":
        request_changes(reviewer=editor, experience=experience, comment=spec["review"])
    elif spec["state"] == "rejected":
        reject(reviewer=editor, experience=experience, reason=spec["review"])
    elif spec["state"] == "approved":
        lesson = approve(reviewer=editor, experience=experience, title=spec["title"], tags=spec["tags"])
        published = timezone.now() - timedelta(days=days_ago * 6)
        Page.objects.filter(pk=lesson.pk).update(first_published_at=published, last_published_at=published)
        for username in spec.get("helpful", []):
            mark_helpful(user=people[username], page=lesson)
        for username, body in spec.get("comments", []):
            add_comment(user=people[username], page=lesson, body=body)
        unfold_discussion(lesson, published_at=published)


def _recommend(people):
    for username, title, note in RECOMMENDATIONS:
        director = people[username]
        lesson = ExperienceLessonPage.objects.filter(title=title).first()
        team = Team.objects.filter(director=director).first()
        if lesson is not None and team is not None:
            recommend(director=director, lesson=lesson, team=team, note=note)
