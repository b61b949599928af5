"""The case exchange for `load_demo`: six published cases with comments, replies and
helpful votes, two team discussions, and one case a director sent through the case
approval workflow, waiting for an editor.

Idempotent: cases are found by slug, and only missing ones are created."""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Page, Site

from accounts.models import Region, Team, User
from cases.demo_cases import CASES, SUBMITTED_CASE, TEAM_DISCUSSIONS
from cases.models import CaseIndexPage, CaseStudyPage
from cases.services import schedule_discussion
from cases.workflow import prepare_case_exchange
from competencies.models import Competency
from core.demo import unfold_discussion
from core.engagement import add_comment, mark_helpful
from core.models import Industry, Product

INDEX_INTRO = (
    "编辑从各区域营销中心收集真实案例：丢掉的客户、拿下的项目、挽留住的账户。"
    "每个案例都按“七步问题解决法”分析，并附有团队讨论题。"
    "主任可以把案例安排为团队的讨论议题，大家在评论区交流。"
)
# Whose words each case's body and comments are, for the page's revision history.
CASE_AUTHOR = "editor"


def load(stdout=None):
    index = _index()
    people = {user.username: user for user in User.objects.all()}
    # The first case in the list is the newest.
    for days_ago, spec in enumerate(CASES, start=1):
        if CaseStudyPage.objects.filter(slug=spec["slug"]).exists():
            continue
        case = _case(index, spec)
        published = _publish(case, people[CASE_AUTHOR], days_ago * 9)
        _discuss(case, spec, people)
        unfold_discussion(case, published_at=published)
    _submit_for_approval(index, people["director"])
    _schedule(people)
    return index


def _index():
    index = CaseIndexPage.objects.first()
    if index is None:
        home = Site.objects.get(is_default_site=True).root_page
        index = CaseIndexPage(
            title="案例交流", english_title="Case exchange", slug="cases", intro=INDEX_INTRO, show_in_menus=True
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    prepare_case_exchange(index)
    return index


def _case(index, spec, *, live=True, owner=None):
    case = CaseStudyPage(
        live=live,
        owner=owner,
        title=spec["title"],
        slug=spec["slug"],
        summary=spec["summary"],
        customer=spec["customer"],
        industry=Industry.objects.filter(name=spec["industry"]).first(),
        segment=spec["segment"],
        size=spec["size"],
        region=Region.objects.filter(code=spec["region"]).first(),
        sales_stage=spec["stage"],
        outcome=spec["outcome"],
        body=_body(spec),
    )
    case.competencies = list(Competency.objects.filter(code__in=spec["competencies"]))
    case.products = list(Product.objects.filter(name__in=spec["products"]))
    case.tags.set(spec["tags"])
    index.add_child(instance=case)
    return case


def _body(spec):
    blocks = []
    for kind, value in spec["body"]:
        if kind in ("background", "challenge", "actions"):
            value = {"text": value}
        elif kind == "lessons":
            value = {"points": value}
        blocks.append((kind, value))
    attachment = spec.get("attachment")
    if attachment:
        blocks.append(("attachments", {"documents": [_document(attachment)]}))
    return blocks


def _document(attachment):
    Document = get_document_model()
    document = Document.objects.filter(title=attachment["title"]).first()
    if document is None:
        document = Document(title=attachment["title"])
        # GB-readable in Excel: a byte-order mark tells it the file is UTF-8.
        content = ("\ufeff" + attachment["content"]).encode()
        document.file.save(attachment["filename"], ContentFile(content), save=False)
        document.file_size = len(content)
        document.save()
    return document


def _publish(case, editor, days_ago):
    case.save_revision(user=editor).publish(user=editor)
    published = timezone.now() - timedelta(days=days_ago)
    Page.objects.filter(pk=case.pk).update(first_published_at=published, last_published_at=published)
    return published


def _discuss(case, spec, people):
    for username in spec["helpful"]:
        mark_helpful(user=people[username], page=case)
    for username, body, replies in spec["comments"]:
        comment = add_comment(user=people[username], page=case, body=body)
        for reply_author, reply in replies:
            add_comment(user=people[reply_author], page=case, body=reply, parent=comment)


def _submit_for_approval(index, director):
    if CaseStudyPage.objects.filter(slug=SUBMITTED_CASE["slug"]).exists():
        return
    case = _case(index, SUBMITTED_CASE, live=False, owner=director)
    case.save_revision(user=director)
    case.get_workflow().start(case, director)


def _schedule(people):
    today = timezone.localdate()
    for username, title, days_ahead, note in TEAM_DISCUSSIONS:
        director = people[username]
        team = Team.objects.filter(director=director).first()
        case = CaseStudyPage.objects.live().filter(title=title).first()
        if team is not None and case is not None and not case.team_discussions.filter(team=team).exists():
            schedule_discussion(
                director=director, case=case, team=team, discuss_on=today + timedelta(days=days_ahead), note=note
            )
