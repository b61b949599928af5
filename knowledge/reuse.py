"""Reuse figures: are the lessons and cases people publish read, found through search,
found helpful and applied, and with what outcomes; per page, per contributor, per team
and month by month. Editors see everything; a director sees what their teams'
members contributed.

A fixed number of grouped queries whatever the amount of content: one per measure,
each summed in the database."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from accounts.models import Team, TeamMembership
from capture.models import ExperienceLessonPage
from cases.models import CaseStudyPage
from core.freshness import can_steward
from core.models import HelpfulVote
from knowledge.models import Application, PageUseDay, Result

MONTHS = 12
PAGES_SHOWN = 50

MEASURES = (
    ("views", _("Reads")),
    ("from_search", _("Reached from search")),
    ("helpful", _("Helpful votes")),
    ("applied", _("Applied")),
    ("won", Result.WON.label),
    ("lost", Result.LOST.label),
    ("stalled", Result.STALLED.label),
)


def can_see_reuse(user):
    return can_steward(user) or (user.is_authenticated and Team.objects.filter(director=user).exists())


@dataclass
class Row:
    label: str
    url: str = ""
    detail: str = ""
    figures: dict = field(default_factory=dict)

    def values(self):
        return [self.figures.get(key, 0) for key, _label in MEASURES]


@dataclass
class ReuseFigures:
    since: date
    scope_label: str
    totals: dict
    pages: list
    contributors: list
    teams: list
    months: list
    measures: tuple = MEASURES

    def total_rows(self):
        return [(label, self.totals.get(key, 0)) for key, label in MEASURES]

    def month_rows(self):
        return [(month, [values.get(key, 0) for key, _label in MEASURES]) for month, values in self.months]


def _scope(user):
    """The lessons and cases the person may see figures for, as a Page queryset: all of
    them for editors, their teams' members' contributions for a director."""
    lessons = ExperienceLessonPage.objects.all()
    cases = CaseStudyPage.objects.all()
    if not can_steward(user):
        members = TeamMembership.objects.filter(team__director=user).values("user")
        lessons = lessons.filter(contributor__in=members)
        cases = cases.filter(owner__in=members)
    return Page.objects.filter(Q(pk__in=lessons.values("pk")) | Q(pk__in=cases.values("pk")))


OUTCOME_COUNTS = {
    result.value: Count("pk", filter=Q(result=result)) for result in (Result.WON, Result.LOST, Result.STALLED)
}


def _gather(into, rows, group, key=lambda value: value):
    """Grouped rows (dicts) into {key(group value): {measure: value}}."""
    for row in rows:
        into.setdefault(key(row.pop(group)), {}).update({measure: value or 0 for measure, value in row.items()})


def _day(moment):
    """A month of a date column is a date, of a time column a time: both as dates."""
    return moment.date() if isinstance(moment, datetime) else moment


def _by_page(since, page_ids):
    """{page id: {measure: value}}: three grouped queries."""
    figures = {}
    reads = PageUseDay.objects.filter(page__in=page_ids, day__gte=since).values("page_id")
    _gather(figures, reads.annotate(views=Sum("views"), from_search=Sum("from_search")), "page_id")
    votes = HelpfulVote.objects.filter(page__in=page_ids, created_at__date__gte=since).values("page_id")
    _gather(figures, votes.annotate(helpful=Count("pk")), "page_id")
    applications = Application.objects.filter(page__in=page_ids, created_at__date__gte=since).values("page_id")
    _gather(figures, applications.annotate(applied=Count("pk"), **OUTCOME_COUNTS), "page_id")
    return figures


def _add(into, figures):
    for key, value in figures.items():
        into[key] = into.get(key, 0) + value


def reuse_figures(user, today=None):
    today = today or timezone.localdate()
    since = (today.replace(day=1) - timedelta(days=31 * (MONTHS - 1))).replace(day=1)
    page_ids = _scope(user).values("pk")
    figures = _by_page(since, page_ids)
    pages = {
        page.pk: page
        for page in Page.objects.filter(pk__in=list(figures))
        .select_related("content_type")
        .only("pk", "title", "url_path", "content_type")
    }
    authors = dict(
        ExperienceLessonPage.objects.filter(pk__in=list(figures)).values_list("pk", "contributor_id")
    ) | dict(CaseStudyPage.objects.filter(pk__in=list(figures)).values_list("pk", "owner_id"))
    people = {user.pk: user for user in get_user_model().objects.filter(pk__in=set(authors.values()) - {None})}
    teams_of = {}
    for membership in TeamMembership.objects.filter(user__in=list(people)).select_related("team"):
        teams_of.setdefault(membership.user_id, []).append(membership.team)

    totals, page_rows, by_person, by_team = {}, [], {}, {}
    for page_id, page_figures in figures.items():
        page = pages.get(page_id)
        if page is None:
            continue
        _add(totals, page_figures)
        author = people.get(authors.get(page_id))
        page_rows.append(
            Row(
                label=page.title,
                url=page.url or "",
                detail=author.get_display_name() if author else "",
                figures=page_figures,
            )
        )
        if author is not None:
            person = by_person.setdefault(author.pk, Row(label=author.get_display_name()))
            _add(person.figures, page_figures)
            for team in teams_of.get(author.pk, ()):
                _add(by_team.setdefault(team.pk, Row(label=team.name)).figures, page_figures)

    def ranked(rows, limit=None):
        rows = sorted(rows, key=lambda row: (-row.figures.get("views", 0), -row.figures.get("applied", 0), row.label))
        return rows[:limit] if limit else rows

    months = _months(since, page_ids, today)
    return ReuseFigures(
        # From the first month with anything in it: nothing before it to speak of.
        since=months[0][0] if months else since,
        scope_label=_("All lessons and cases") if can_steward(user) else _("What your teams' members contributed"),
        totals=totals,
        pages=ranked(page_rows, PAGES_SHOWN),
        contributors=ranked(by_person.values()),
        teams=ranked(by_team.values()),
        months=months,
    )


def _months(since, page_ids, today):
    """[(month, {measure: value})] for each month of the window from the first with
    anything in it, quiet months after that included: four grouped queries."""
    series = {}

    def by_month(queryset, moment):
        return queryset.annotate(month=TruncMonth(moment)).values("month")

    reads = by_month(PageUseDay.objects.filter(page__in=page_ids, day__gte=since), "day")
    _gather(series, reads.annotate(views=Sum("views"), from_search=Sum("from_search")), "month", _day)
    votes = by_month(HelpfulVote.objects.filter(page__in=page_ids, created_at__date__gte=since), "created_at")
    _gather(series, votes.annotate(helpful=Count("pk")), "month", _day)
    applied = by_month(Application.objects.filter(page__in=page_ids, created_at__date__gte=since), "created_at")
    _gather(series, applied.annotate(applied=Count("pk")), "month", _day)
    reported = by_month(Application.objects.filter(page__in=page_ids, reported_at__date__gte=since), "reported_at")
    _gather(series, reported.annotate(**OUTCOME_COUNTS), "month", _day)
    months = []
    month = since
    while month <= today:
        # Months before anything happened tell nothing: the series starts at the first.
        if months or any(series.get(month, {}).values()):
            months.append((month, series.get(month, {})))
        month = (month + timedelta(days=32)).replace(day=1)
    return months


def chart_data(figures):
    """What the month-by-month chart draws; the table under it says the same."""
    labels = [month.strftime("%Y-%m") for month, _values in figures.months]
    shown = [
        ("views", _("Reads")),
        ("from_search", _("Reached from search")),
        ("applied", _("Applied")),
        ("won", _("Won")),
    ]
    return {
        "labels": labels,
        "datasets": [
            {"key": key, "label": str(label), "data": [values.get(key, 0) for _month, values in figures.months]}
            for key, label in shown
        ],
    }


def workbook(figures):
    from openpyxl import Workbook

    book = Workbook()
    headings = [str(label) for _key, label in MEASURES]
    sheet = book.active
    sheet.title = str(_("Lessons and cases"))
    sheet.append([str(_("Title")), str(_("Contributor")), *headings])
    for row in figures.pages:
        sheet.append([row.label, row.detail, *row.values()])
    for title, rows in ((_("Contributors"), figures.contributors), (_("Teams"), figures.teams)):
        sheet = book.create_sheet(str(title))
        sheet.append([str(_("Name")), *headings])
        for row in rows:
            sheet.append([row.label, *row.values()])
    sheet = book.create_sheet(str(_("By month")))
    sheet.append([str(_("Month")), *headings])
    for month, values in figures.months:
        sheet.append([month.strftime("%Y-%m"), *[values.get(key, 0) for key, _label in MEASURES]])
    return book
