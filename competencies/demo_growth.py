"""Demo growth records for `load_demo`: assessor ratings and self-assessments that give
each demo learner a different profile, plans suggested for their gaps, and learning
the directors assigned, some done and some overdue, so the team dashboard is full.

Runs after the content apps' demos (plans point at their pages, found through the
plan hook and by title); skipped when any plan exists, so it never piles up."""

from datetime import timedelta

from django.utils import timezone
from wagtail.models import Page

from accounts.models import Team, User
from competencies.models import Competency, Evidence, PlanItem, ProficiencyLevel
from competencies.services import assign, record_evidence, record_self_assessment, suggest_plan

RATING_REFERENCE = "现场陪访评估"

# Assessor ratings from field coaching: {username: {competency code: level}}; 0 means the
# assessor saw the skill below level 1.
RATINGS = {
    "learner": {
        "needs-analysis": 1,
        "solution-design": 1,
        "solution-marketing": 0,
        "competitive-strategy": 1,
        "negotiation": 1,
        "analytical-thinking": 1,
        "competition-awareness": 1,
        "product-knowledge": 1,
        "needs-insight": 1,
    },
    "liuyang": {
        "solution-marketing": 2,
        "negotiation": 1,
        "analytical-thinking": 2,
        "competition-awareness": 1,
        "product-knowledge": 2,
        "needs-insight": 2,
    },
    "zhoumin": {
        "needs-analysis": 3,
        "solution-design": 2,
        "solution-marketing": 2,
        "competitive-strategy": 2,
        "analytical-thinking": 3,
        "competition-awareness": 2,
        "product-knowledge": 2,
        "needs-insight": 3,
    },
    "sunlei": {
        "needs-analysis": 3,
        "solution-design": 3,
        "solution-marketing": 2,
        "competitive-strategy": 2,
        "negotiation": 2,
        "analytical-thinking": 3,
        "competition-awareness": 2,
        "product-knowledge": 2,
        "needs-insight": 3,
    },
    "wujing": {"needs-analysis": 1, "negotiation": 0},
    "zhengkai": {
        "solution-design": 1,
        "competitive-strategy": 2,
        "negotiation": 2,
        "analytical-thinking": 2,
        "competition-awareness": 2,
        "product-knowledge": 2,
        "needs-insight": 2,
    },
    "director": {
        "needs-analysis": 3,
        "solution-design": 2,
        "solution-marketing": 3,
        "competitive-strategy": 3,
        "negotiation": 3,
        "analytical-thinking": 3,
        "competition-awareness": 3,
        "product-knowledge": 2,
        "needs-insight": 3,
    },
}

# What people think of themselves; 陈晓 rates himself above what the assessor saw.
SELF_ASSESSMENTS = {
    "learner": {"needs-analysis": 2, "solution-design": 2, "solution-marketing": 1, "product-knowledge": 2},
    "liuyang": {"negotiation": 2, "competition-awareness": 2},
    "zhoumin": {"solution-marketing": 3, "competitive-strategy": 2},
}

# (director, page title, whole team or username, due in days, note, done by, overdue)
ASSIGNMENTS = [
    ("director", "集团客户攻守有道", None, 10, "下月挽留攻坚前全组学完", ("zhoumin",), False),
    (
        "director",
        "联络人不引荐：从信息中心突破到分管副行长",
        None,
        3,
        "周例会前读完，带一个自己的联络人难题来",
        ("liuyang", "zhoumin"),
        True,
    ),
    ("director", "方案营销测评", "learner", 14, "方案营销是你最大的短板，先测一次摸底", (), False),
    ("director2", "集团客户需求放大镜", None, 21, "", ("zhengkai",), False),
]


def load(stdout=None):
    if PlanItem.objects.exists():
        return
    people = {user.username: user for user in User.objects.filter(username__in=set(RATINGS) | {"director2"})}
    assessor = User.objects.filter(username="assessor").first()
    if assessor is None:
        return
    competencies = {competency.code: competency for competency in Competency.objects.all()}
    levels = {level.number: level for level in ProficiencyLevel.objects.all()}
    now = timezone.now()
    for username, ratings in RATINGS.items():
        for offset, (code, level) in enumerate(ratings.items()):
            record_evidence(
                user=people[username],
                competency=competencies[code],
                source=Evidence.Source.ASSESSOR,
                level=levels.get(level),
                score=None if level else 40,
                reference=RATING_REFERENCE,
                recorded_by=assessor,
                recorded_at=now - timedelta(days=25 + offset),
            )
    for username, answers in SELF_ASSESSMENTS.items():
        record_self_assessment(
            user=people[username],
            levels={competencies[code]: levels[level] for code, level in answers.items()},
        )
    for username in RATINGS:
        suggest_plan(user=people[username], now=now)
    _assign(people, now)


def _assign(people, now):
    today = timezone.localdate(now)
    for director_name, title, username, due_in, note, done_by, overdue in ASSIGNMENTS:
        director = people[director_name]
        page = Page.objects.live().filter(title=title).first()
        team = Team.objects.filter(director=director).first()
        if page is None or team is None:
            continue
        recipient = {"person": people[username]} if username else {"team": team}
        assignment = assign(actor=director, page=page, due_on=today + timedelta(days=due_in), note=note, **recipient)
        items = PlanItem.objects.filter(assignment=assignment)
        if overdue:
            # The demo's "a week ago, due two days ago": the service refuses past dates.
            assignment.due_on = today - timedelta(days=2)
            assignment.save(update_fields=["due_on"])
            items.update(due_on=assignment.due_on)
        items.filter(user__username__in=done_by).update(completed_at=now - timedelta(days=1))
